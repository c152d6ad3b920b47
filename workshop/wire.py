"""The JSON the Socket.IO layer reads. What no field can hold (a number of hundreds of digits,
thousands of nested brackets) becomes a message the server answers `invalid`, not one that
engine.io drops with a traceback in the log and no answer to the phone waiting for it."""

import json
from typing import Any

UNREADABLE = "unreadable_message"  # the event a message becomes when it cannot be read
MAX_DIGITS = 100  # as engine.io's own guard: int() of a million digits takes seconds


class Oversized:
    """A number too long to be any id, count or seq: every field refuses it as the wrong type."""

    def __repr__(self) -> str:
        return "<number of more than 100 digits>"


OVERSIZED = Oversized()


def _number(digits: str) -> int | Oversized:
    return OVERSIZED if len(digits) > MAX_DIGITS else int(digits)


def loads(*args: Any, **kwargs: Any) -> Any:
    kwargs.setdefault("parse_int", _number)
    try:
        return json.loads(*args, **kwargs)
    except RecursionError:
        return [UNREADABLE]


dumps = json.dumps
