"""Broadcast pacing: one tally per 250 ms per workshop, even across server processes."""

import time
import uuid

import pytest
import redis

from tests.conftest import service_url
from workshop.realtime import Coalescer, SharedGate


def settle(coalescer: Coalescer, sent: list, at_least: int, timeout: float = 3.0) -> None:
    """Wait until the coalescer has nothing pending and has sent at least `at_least` times."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline and (coalescer._pending or len(sent) < at_least):
        time.sleep(0.01)


def test_changes_during_a_pending_broadcast_ride_along_with_it(app):
    sent: list[float] = []
    coalescer = Coalescer(0.25, lambda workshop_id: sent.append(time.monotonic()))
    started = time.monotonic()
    for _ in range(100):
        coalescer.touch(1)
        time.sleep(0.005)  # a hall voting for half a second
    elapsed = time.monotonic() - started
    settle(coalescer, sent, at_least=2)
    gaps = [b - a for a, b in zip(sent, sent[1:], strict=False)]
    assert 2 <= len(sent) <= elapsed / 0.25 + 2  # a few broadcasts, not one hundred
    assert all(gap >= 0.24 for gap in gaps)  # never two within 250 ms


def test_a_busy_gate_delays_the_broadcast_instead_of_dropping_it(app):
    sent: list[float] = []
    answers = iter([0.1, 0.0])
    coalescer = Coalescer(
        0.25, lambda _: sent.append(time.monotonic()), wait_before=lambda _w, _i: next(answers)
    )
    started = time.monotonic()
    coalescer.touch(7)
    settle(coalescer, sent, at_least=1)
    assert len(sent) == 1 and sent[0] - started >= 0.1


@pytest.mark.redis
def test_two_processes_share_one_broadcast_window_per_workshop():
    client = redis.Redis.from_url(service_url("TEST_REDIS_URL", "Redis"))
    prefix = f"t{uuid.uuid4().hex}"
    first, second = SharedGate(client, prefix, "tally"), SharedGate(client, prefix, "tally")
    assert first.wait_before(1, 0.25) == 0.0
    assert 0 < second.wait_before(1, 0.25) <= 0.25
    assert second.wait_before(2, 0.25) == 0.0  # another workshop has its own window
    time.sleep(0.26)
    assert second.wait_before(1, 0.25) == 0.0


def test_a_slow_send_never_lets_the_next_one_follow_it_too_closely(app):
    sends: list[tuple[float, float]] = []

    def slow_flush(workshop_id: int) -> None:
        started = time.monotonic()
        if len(sends) % 2 == 0:
            time.sleep(0.2)  # a big hall: this tally takes a while to reach every phone
        sends.append((started, time.monotonic()))

    coalescer = Coalescer(0.25, slow_flush)
    for _ in range(60):
        coalescer.touch(3)
        time.sleep(0.01)
    settle(coalescer, sends, at_least=2)
    deadline = time.monotonic() + 3
    while (coalescer._sending or coalescer._pending) and time.monotonic() < deadline:
        time.sleep(0.01)
    ends = [end for _, end in sends]
    assert len(sends) >= 2
    assert all(b - a >= 0.25 for a, b in zip(ends, ends[1:], strict=False))
