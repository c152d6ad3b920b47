"""Rooms, presence and coalesced broadcasts: how a hall full of phones stays in step cheaply."""

import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass

from flask import Flask

from workshop import services
from workshop.domain.voting import PARTICIPANT_ROLES
from workshop.extensions import socketio
from workshop.services import Actor, Outcome

log = logging.getLogger(__name__)


def workshop_room(workshop_id: int) -> str:
    return f"w:{workshop_id}"


def participant_room(participant_id: int) -> str:
    return f"p:{participant_id}"


class Presence:
    """Who is connected right now, per workshop, in this server process."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._actors: dict[str, Actor] = {}

    def add(self, sid: str, actor: Actor) -> None:
        with self._lock:
            self._actors[sid] = actor

    def remove(self, sid: str) -> Actor | None:
        with self._lock:
            return self._actors.pop(sid, None)

    def actor(self, sid: str) -> Actor | None:
        return self._actors.get(sid)

    def other_connections(self, participant_id: int, sid: str) -> bool:
        with self._lock:
            return any(
                a.participant_id == participant_id and s != sid for s, a in self._actors.items()
            )

    def connected_by_role(self, workshop_id: int) -> dict[str, int]:
        """Distinct people connected, by role: two tabs of one phone count once."""
        with self._lock:
            people = {
                (a.participant_id, a.role)
                for a in self._actors.values()
                if a.workshop_id == workshop_id and a.role in PARTICIPANT_ROLES
            }
        counts = dict.fromkeys(PARTICIPANT_ROLES, 0)
        for _, role in people:
            counts[role] += 1
        return counts

    def payload(self, workshop_id: int) -> dict:
        by_role = self.connected_by_role(workshop_id)
        return {
            "count": sum(by_role.values()),
            "by_role": by_role,
            "joined": sum(services.joined_by_role(workshop_id).values()),
        }


class Coalescer:
    """Send at most one broadcast per interval per workshop, and the last one promptly.

    The first change after a quiet spell goes out at once; changes that arrive while one is
    scheduled ride along with it, so 500 votes in a second cost four broadcasts, not 500.
    """

    def __init__(self, interval_s: float, flush: Callable[[int], None]) -> None:
        self.interval_s = interval_s
        self.flush = flush
        self._lock = threading.Lock()
        self._pending: set[int] = set()
        self._last: dict[int, float] = {}

    def touch(self, workshop_id: int) -> None:
        with self._lock:
            if workshop_id in self._pending:
                return
            self._pending.add(workshop_id)
            wait = self._last.get(workshop_id, 0.0) + self.interval_s - time.monotonic()
        socketio.start_background_task(self._fire, workshop_id, max(0.0, wait))

    def _fire(self, workshop_id: int, wait: float) -> None:
        if wait > 0:
            socketio.sleep(wait)
        with self._lock:
            self._pending.discard(workshop_id)
            self._last[workshop_id] = time.monotonic()
        try:
            self.flush(workshop_id)
        except Exception:  # the next change sends a fresh one; the server must go on
            log.exception("broadcast for workshop %s failed", workshop_id)


@dataclass
class RealTime:
    """The process-wide live state, bound to an app so background flushes can reach the database."""

    presence: Presence
    tally: Coalescer
    presence_changes: Coalescer
    app: Flask | None = None


def _in_app(fn: Callable[[int], None]) -> Callable[[int], None]:
    def run(workshop_id: int) -> None:
        assert live.app is not None
        with live.app.app_context():
            fn(workshop_id)

    return run


def _send_tally(workshop_id: int) -> None:
    socketio.emit("tally", services.tally_for(workshop_id), to=workshop_room(workshop_id))


def _send_presence(workshop_id: int) -> None:
    socketio.emit("presence", live.presence.payload(workshop_id), to=workshop_room(workshop_id))


live = RealTime(
    presence=Presence(),
    tally=Coalescer(0.25, _in_app(_send_tally)),
    presence_changes=Coalescer(0.25, _in_app(_send_presence)),
)


def init_app(app: Flask) -> None:
    live.app = app
    live.presence = Presence()
    live.tally = Coalescer(app.config["TALLY_INTERVAL_S"], _in_app(_send_tally))
    live.presence_changes = Coalescer(app.config["TALLY_INTERVAL_S"], _in_app(_send_presence))


def publish(actor: Actor, outcome: Outcome, sid: str | None = None) -> None:
    """Send what a committed command caused: its events, a tally soon, fresh budgets."""
    for broadcast in outcome.broadcasts:
        socketio.emit(broadcast.name, broadcast.payload, to=workshop_room(actor.workshop_id))
    if outcome.tally_changed:
        live.tally.touch(actor.workshop_id)
    for participant_id in outcome.budgets_changed:
        # The caller's own connection has the ack; only their other tabs need telling.
        own = participant_id == actor.participant_id and sid is not None
        if own and not live.presence.other_connections(participant_id, sid):
            continue
        me = services.participant_me(participant_id)
        socketio.emit("me", me, to=participant_room(participant_id), skip_sid=sid)
