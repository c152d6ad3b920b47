"""Word and PDF documents kept once rendered, by their content, and rendered off the loop.

A PDF of a big hall takes about half a second of CPU. Anyone may download the published plan,
and a loop of downloads must not take that half second from the hall again and again: each
document is kept under the digest of the plan it shows (`domain.plan.plan_digest`, stored with
each published version), so a published version is rendered once per server process without
even being read again, and a change to it (a card hidden after publishing, a new version) is
a new digest. Renders take turns, one at a time, so that a burst of different ones queues
instead of taking every core; under eventlet, run.py hands them to a worker thread so the
event loop keeps serving the hall meanwhile.
"""

import threading
from collections import OrderedDict
from collections.abc import Callable
from contextvars import copy_context
from typing import Any, NamedTuple

from workshop.domain.plan import download_name
from workshop.domain.text import printable
from workshop.export import Export

OffLoop = Callable[..., Any]  # run(fn, *args) -> fn(*args), somewhere the event loop is not


class Document(NamedTuple):
    body: bytes
    filename: str


def in_place(fn: Callable[..., Any], *args: Any) -> Any:
    """Without an async server every request has its own thread: render right there."""
    return fn(*args)


class Renders:
    """Rendered documents by format and digest, the least recently asked for dropped first."""

    def __init__(self, max_bytes: int = 64 * 2**20, off_loop: OffLoop = in_place) -> None:
        self.max_bytes = max_bytes
        self.off_loop = off_loop
        self._kept: OrderedDict[str, Document] = OrderedDict()
        self._size = 0
        self._lock = threading.Lock()  # the dict, held for microseconds
        self._turn = threading.Lock()  # one costly render at a time in this process

    def document(self, export: Export, digest: str, load: Callable[[], dict]) -> Document:
        """The document of the plan with that digest: kept, or loaded and rendered now (once,
        however many ask for it at the same moment)."""
        key = f"{export.extension}:{digest}"
        kept = self._get(key)
        if kept is not None:
            return kept
        with self._turn:
            kept = self._get(key)  # rendered by whoever had the turn before
            if kept is None:
                plan = load()
                render = export.renderer_function()  # imported here, not in a worker thread
                # The worker thread sees the request's contexts (the workshop's language).
                body = self.off_loop(copy_context().run, render, printable(plan))
                kept = Document(body, download_name(plan, export.extension))
                self._put(key, kept)
        return kept

    def _get(self, key: str) -> Document | None:
        with self._lock:
            kept = self._kept.get(key)
            if kept is not None:
                self._kept.move_to_end(key)
            return kept

    def _put(self, key: str, document: Document) -> None:
        if len(document.body) > self.max_bytes:
            return
        with self._lock:
            self._kept[key] = document
            self._size += len(document.body)
            while self._size > self.max_bytes:
                _, dropped = self._kept.popitem(last=False)
                self._size -= len(dropped.body)

    def __len__(self) -> int:
        return len(self._kept)
