"""A sliding-window limit, so one phone cannot flood a room."""

import time
from collections import deque
from collections.abc import Callable, Hashable

from workshop.domain.errors import RateLimited


class SlidingWindowLimit:
    """Allow at most `limit` actions per key within any `window_s` seconds."""

    def __init__(
        self, limit: int, window_s: float, clock: Callable[[], float] = time.monotonic
    ) -> None:
        self.limit = limit
        self.window_s = window_s
        self.clock = clock
        self._hits: dict[Hashable, deque[float]] = {}

    def hit(self, key: Hashable) -> None:
        now = self.clock()
        hits = self._hits.setdefault(key, deque())
        while hits and now - hits[0] >= self.window_s:
            hits.popleft()
        if len(hits) >= self.limit:
            raise RateLimited(retry_after_s=self.window_s - (now - hits[0]))
        hits.append(now)
        if len(self._hits) > 50_000:  # forget idle keys rather than grow without bound
            self._forget_idle(now)

    def forget_last(self, key: Hashable) -> None:
        """Take back the last hit, for an action that turned out to cost nothing."""
        hits = self._hits.get(key)
        if hits:
            hits.pop()

    def _forget_idle(self, now: float) -> None:
        idle = [k for k, h in self._hits.items() if not h or now - h[-1] >= self.window_s]
        for key in idle:
            del self._hits[key]


class Cooldown:
    """Keys barred for a while: a connection that flooded, kept out before it costs a query."""

    def __init__(self, clock: Callable[[], float] = time.monotonic) -> None:
        self.clock = clock
        self._until: dict[Hashable, float] = {}

    def bar(self, key: Hashable, seconds: float) -> None:
        now = self.clock()
        self._until[key] = now + seconds
        if len(self._until) > 10_000:
            self._until = {k: t for k, t in self._until.items() if t > now}

    def barred(self, key: Hashable) -> bool:
        until = self._until.get(key)
        if until is None:
            return False
        if until <= self.clock():
            del self._until[key]
            return False
        return True
