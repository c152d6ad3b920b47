"""Broadcast pacing: one tally per 250 ms per workshop, even across server processes."""

import time
import uuid

import pytest
import redis

from tests.conftest import close_app, make_app, service_url
from tests.services.hall import Hall
from workshop.realtime import Coalescer, Presence, SharedGate, live
from workshop.services import Actor


class Recorder:
    """Stands in for the tally query and the emit, noting when each broadcast went out."""

    def __init__(self, compute_s=lambda n: 0.0) -> None:
        self.sent: list[float] = []
        self.compute_s = compute_s

    def compute(self, workshop_id: int) -> int:
        time.sleep(self.compute_s(len(self.sent)))
        return len(self.sent)

    def send(self, workshop_id: int, payload: int) -> None:
        self.sent.append(time.monotonic())

    def gaps(self) -> list[float]:
        return [b - a for a, b in zip(self.sent, self.sent[1:], strict=False)]


def settle(coalescer: Coalescer, timeout: float = 3.0) -> None:
    """Wait until nothing is scheduled or under way."""
    deadline = time.monotonic() + timeout
    time.sleep(0.05)
    while (coalescer._pending or coalescer._busy) and time.monotonic() < deadline:
        time.sleep(0.01)


def test_changes_during_a_pending_broadcast_ride_along_with_it(app):
    recorder = Recorder()
    coalescer = Coalescer(0.25, recorder.compute, recorder.send)
    started = time.monotonic()
    for _ in range(100):
        coalescer.touch(1)
        time.sleep(0.005)  # a hall voting for half a second
    last_change = time.monotonic()
    elapsed = last_change - started
    settle(coalescer)
    assert 2 <= len(recorder.sent) <= elapsed / 0.25 + 2  # a few broadcasts, not one hundred
    assert all(gap >= 0.249 for gap in recorder.gaps())  # never two within 250 ms
    assert recorder.sent[-1] - last_change <= 0.25 + 0.1  # and the last one promptly


def test_a_slow_tally_never_lets_two_broadcasts_go_out_too_close(app):
    # A slow query followed by a quick one: spacing is kept between the moments of sending.
    recorder = Recorder(compute_s=lambda n: 0.2 if n % 2 == 0 else 0.0)
    coalescer = Coalescer(0.25, recorder.compute, recorder.send)
    for _ in range(60):
        coalescer.touch(3)
        time.sleep(0.01)
    settle(coalescer)
    assert len(recorder.sent) >= 2
    assert all(gap >= 0.249 for gap in recorder.gaps())


def test_a_busy_gate_delays_the_broadcast_instead_of_dropping_it(app):
    recorder = Recorder()
    answers = iter([0.1, 0.0])
    coalescer = Coalescer(
        0.25, recorder.compute, recorder.send, wait_before=lambda _w, _i: next(answers)
    )
    started = time.monotonic()
    coalescer.touch(7)
    settle(coalescer)
    assert len(recorder.sent) == 1 and recorder.sent[0] - started >= 0.1


def test_a_tally_scheduled_by_one_app_is_counted_in_its_own_database_not_the_next(tmp_path):
    """A broadcast still pending when a new app starts must not query the new, empty database."""
    first = make_app(f"sqlite:///{tmp_path / 'first.db'}")
    with first.app_context():
        hall = Hall(votes=2)
        hall.phase("ideas")
        cistern = hall.idea("Cisterna comunitaria")
        hall.phase("vote")
        hall.vote(hall.join("Rosa"), cistern)
        workshop_id = hall.facilitator.workshop_id
    count_in_first = live.tally.compute
    second = make_app(f"sqlite:///{tmp_path / 'second.db'}")
    try:
        console, _screen, _people = count_in_first(workshop_id)
        assert console["votes_cast"] == 1
    finally:
        close_app(second)
        close_app(first)


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


@pytest.mark.redis
def test_a_second_tab_is_found_on_any_process_so_a_lone_phone_costs_no_extra_emit():
    from workshop.realtime import SharedPresence
    from workshop.services import Actor

    client = redis.Redis.from_url(service_url("TEST_REDIS_URL", "Redis"))
    prefix = f"t{uuid.uuid4().hex}"
    first, second = SharedPresence(client, prefix), SharedPresence(client, prefix)
    rosa = Actor(1, "K7M2QP", 7, "citizen", "es")
    first.add("tab-1", rosa)
    assert first.other_connections(1, 7, "tab-1") is False
    second.add("tab-2", rosa)  # the same phone's second tab, served by another process
    assert first.other_connections(1, 7, "tab-1") is True
    second.remove("tab-2")
    assert first.other_connections(1, 7, "tab-1") is False


def actor(workshop_id: int, participant_id: int | None, role: str) -> Actor:
    return Actor(workshop_id, "ABC234", participant_id, role, "es")


def test_the_head_count_follows_people_not_tabs_as_a_hall_comes_and_goes():
    presence = Presence()
    presence.add("rosa-phone", actor(1, 10, "citizen"))
    presence.add("rosa-tablet", actor(1, 10, "citizen"))  # the same person, twice
    presence.add("juan", actor(1, 11, "official"))
    presence.add("screen", actor(1, None, "screen"))
    presence.add("elsewhere", actor(2, 20, "citizen"))  # another workshop's hall
    assert presence.connected_by_role(1) == {"citizen": 1, "official": 1, "civil_society": 0}
    assert presence.connected_ids(1) == {10, 11}
    assert sorted(presence.sids_of(1, 10)) == ["rosa-phone", "rosa-tablet"]
    assert presence.other_connections(1, 10, "rosa-phone")
    # Juan is confirmed as civil society: counted once, in his new role.
    presence.change_role(1, 11, "civil_society")
    assert presence.connected_by_role(1) == {"citizen": 1, "official": 0, "civil_society": 1}
    # Rosa closes one tab and is still there; closes the other and is gone.
    presence.remove("rosa-tablet")
    assert presence.connected_by_role(1)["citizen"] == 1
    assert not presence.other_connections(1, 10, "rosa-phone")
    presence.remove("rosa-phone")
    presence.remove("rosa-phone")  # a second goodbye changes nothing
    assert presence.connected_by_role(1) == {"citizen": 0, "official": 0, "civil_society": 1}
    assert presence.connected_ids(1) == {11}
    assert presence.connected_by_role(2)["citizen"] == 1
    assert presence.local_workshops() == {1, 2}
