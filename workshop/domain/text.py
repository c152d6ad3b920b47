"""What may be written on a card or a name: text people can see and every document can hold."""

import re
from typing import Any

# Characters no document can hold (XML 1.0 refuses them, PostgreSQL refuses NUL) and that no
# keyboard types: control codes other than tab and line breaks, surrogates, U+FFFE and U+FFFF.
UNPRINTABLE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff\ufffe\uffff]")

# Characters that take no room on a screen: zero-width spaces and joiners, the word joiner,
# the byte order mark, soft hyphens, and the bidirectional marks. Kept inside text (an emoji
# family is joined by U+200D), but text made of nothing else shows nothing.
INVISIBLE = re.compile(
    "[\\s\u00ad\u034f\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]"
)

REPLACED = "\ufffd"  # «�»: a character was there that no document can show


def shows_something(text: str) -> bool:
    """Whether the text would show at least one mark on a screen."""
    return bool(INVISIBLE.sub("", text))


def printable(value: Any) -> Any:
    """The same data with every unprintable character replaced, for renderers of what is
    already stored (written before the door was shut, or by another program)."""
    if isinstance(value, str):
        return UNPRINTABLE.sub(REPLACED, value)
    if isinstance(value, dict):
        return {printable(k): printable(v) for k, v in value.items()}
    if isinstance(value, list):
        return [printable(v) for v in value]
    return value
