"""The door of the Engine.IO endpoint: what engine.io itself would mishandle is answered here.

Long-polling carries the session id in every URL, so it can turn up in a proxy's log, and
engine.io trusts whoever presents it. Its own handling of a bad POST also closes the session
and waits, forever, for a poll that never comes. This middleware sits in front of it:

- a session id works only from the address and browser that opened the session;
- a POST larger than the server takes is answered 413 at once, without reading it;
- a POST that is not well-formed Engine.IO is answered 400, and the session is left as it was;
- with `WEBSOCKET_DEFLATE` off, a browser's offer of permessage-deflate is taken out of the
  handshake (eventlet accepts every offer, and compresses every message per connection).
"""

import io
import json
from collections.abc import Callable, Iterable
from typing import Any
from urllib.parse import parse_qs

# What a client may send over polling (Engine.IO 4): close, pong, message, upgrade. Anything
# else makes engine.io close the session and wait for a poll; binary is not part of Cocrea.
CLIENT_PACKETS = frozenset("1345")

Environ = dict[str, Any]
StartResponse = Callable[..., Any]


def well_formed(body: bytes) -> bool:
    """A polling body engine.io can read without an error: UTF-8, packets of known types."""
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError:
        return False
    if not text:
        return True
    return all(packet[:1] in CLIENT_PACKETS for packet in text.split("\x1e"))


def client_of(environ: Environ) -> tuple[str | None, str | None]:
    """Who is asking, as far as HTTP tells: the address (after ProxyFix) and the browser."""
    return environ.get("REMOTE_ADDR"), environ.get("HTTP_USER_AGENT")


class PollingDoor:
    """WSGI middleware in front of Engine.IO (see the module's docstring)."""

    def __init__(
        self,
        app: Callable[[Environ, StartResponse], Iterable[bytes]],
        sessions: Callable[[], dict[str, Environ]],
        max_body: int,
        deflate: bool = True,
        path: str = "/socket.io",
    ) -> None:
        self.app = app
        self.sessions = sessions  # engine.io session id -> the environ of its handshake
        self.max_body = max_body
        self.deflate = deflate
        self.path = path

    def __call__(self, environ: Environ, start_response: StartResponse) -> Iterable[bytes]:
        if not environ.get("PATH_INFO", "").startswith(self.path):
            return self.app(environ, start_response)
        if not self.deflate:
            environ.pop("HTTP_SEC_WEBSOCKET_EXTENSIONS", None)
        sid = parse_qs(environ.get("QUERY_STRING", "")).get("sid", [None])[0]
        if sid is not None:
            opened_by = self.sessions().get(sid)
            if opened_by is not None and client_of(opened_by) != client_of(environ):
                # The same answer as for an unknown session: nothing to learn from it.
                return _answer(start_response, "400 BAD REQUEST", "Invalid session")
        if environ.get("REQUEST_METHOD") == "POST":
            try:
                length = int(environ.get("CONTENT_LENGTH") or 0)
            except ValueError:
                return _answer(start_response, "400 BAD REQUEST", "Bad request")
            if length > self.max_body:
                # Answered before reading it; the server discards the rest, engine.io never
                # sees it (its own refusal closes the session and hangs).
                return _answer(start_response, "413 REQUEST ENTITY TOO LARGE", "Too large")
            body = environ["wsgi.input"].read(length) if length > 0 else b""
            if not well_formed(body):
                return _answer(start_response, "400 BAD REQUEST", "Bad request")
            environ["wsgi.input"] = io.BytesIO(body)
            environ["CONTENT_LENGTH"] = str(len(body))
        return self.app(environ, start_response)


def _answer(start_response: StartResponse, status: str, message: str) -> list[bytes]:
    """Answered as engine.io answers its own refusals: a JSON string, as plain text."""
    body = json.dumps(message).encode()
    start_response(status, [("Content-Type", "text/plain"), ("Content-Length", str(len(body)))])
    return [body]
