"""The access log, if one is asked for: addresses and paths, never a query string.

Engine.IO's session id and the page links' tokens travel in query strings; a log that keeps
them lets whoever reads it speak as that phone or that console.
"""

import re
import sys
from typing import Any, TextIO

_QUERY = re.compile(r"\?[^\s\"]*")


def without_query(line: str) -> str:
    """«GET /socket.io/?EIO=4&sid=abc HTTP/1.1» becomes «GET /socket.io/ HTTP/1.1»."""
    return _QUERY.sub("", line)


class AccessLog:
    """A logger for eventlet's WSGI server that drops every query string before writing."""

    def __init__(self, stream: TextIO = sys.stderr) -> None:
        self.stream = stream

    def write(self, message: str, *args: Any, **kwargs: Any) -> None:
        if args:
            message = message % args
        self.stream.write(without_query(message).rstrip("\n") + "\n")
        self.stream.flush()

    info = error = write

    def debug(self, message: str, *args: Any, **kwargs: Any) -> None:
        """Connection resets and the like: not an access, not logged."""
