"""Rooms, presence and coalesced broadcasts: how a hall full of phones stays in step cheaply."""

import logging
import threading
import time
import uuid
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import Any

import redis
from flask import Flask

from workshop import services
from workshop.domain.voting import PARTICIPANT_ROLES
from workshop.extensions import socketio
from workshop.models import utcnow
from workshop.services import Actor, Outcome

log = logging.getLogger(__name__)


def workshop_room(workshop_id: int) -> str:
    return f"w:{workshop_id}"


def delivery_room(workshop_id: int, batches: bool) -> str:
    """Connections that take a command's many events as one `events` message, or one by one.

    Every connection is in exactly one of the two, so a batch reaches each device once.
    """
    return f"w:{workshop_id}:{'batches' if batches else 'each'}"


def participant_room(participant_id: int) -> str:
    return f"p:{participant_id}"


def console_room(workshop_id: int) -> str:
    """The facilitators' consoles: they always see the results, and the people list."""
    return f"w:{workshop_id}:console"


def screen_room(workshop_id: int) -> str:
    """The projector: hidden results stay hidden on it unless the facilitator switches it."""
    return f"w:{workshop_id}:screen"


def people_room(workshop_id: int) -> str:
    """The participants' phones: they see results when the workshop shows them."""
    return f"w:{workshop_id}:people"


def audience_room(actor: Actor) -> str:
    if actor.is_facilitator:
        return console_room(actor.workshop_id)
    return (screen_room if actor.is_screen else people_room)(actor.workshop_id)


class Presence:
    """Who is connected right now, per workshop, in this server process.

    Counted as connections come and go, so that a join in a hall of 2,000 does not walk every
    connection to say how many are there.
    """

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._actors: dict[str, Actor] = {}
        self._sids: dict[tuple[int, int], set[str]] = {}  # (workshop, participant) -> sids
        self._pairs: dict[int, Counter[tuple[int, str]]] = {}  # (participant, role) -> sids
        self._roles: dict[int, Counter[str]] = {}  # distinct (participant, role) by role

    def add(self, sid: str, actor: Actor) -> None:
        with self._lock:
            self._forget(sid)
            self._actors[sid] = actor
            if actor.participant_id is None:
                return
            self._sids.setdefault((actor.workshop_id, actor.participant_id), set()).add(sid)
            pairs = self._pairs.setdefault(actor.workshop_id, Counter())
            pair = (actor.participant_id, actor.role)
            pairs[pair] += 1
            if pairs[pair] == 1:
                self._roles.setdefault(actor.workshop_id, Counter())[actor.role] += 1

    def remove(self, sid: str) -> Actor | None:
        with self._lock:
            return self._forget(sid)

    def _forget(self, sid: str) -> Actor | None:
        actor = self._actors.pop(sid, None)
        if actor is None or actor.participant_id is None:
            return actor
        key = (actor.workshop_id, actor.participant_id)
        sids = self._sids.get(key, set())
        sids.discard(sid)
        if not sids:
            self._sids.pop(key, None)
        pairs = self._pairs[actor.workshop_id]
        pair = (actor.participant_id, actor.role)
        pairs[pair] -= 1
        if pairs[pair] <= 0:
            del pairs[pair]
            roles = self._roles[actor.workshop_id]
            roles[actor.role] -= 1
            if roles[actor.role] <= 0:
                del roles[actor.role]
        if not pairs:
            del self._pairs[actor.workshop_id]
            self._roles.pop(actor.workshop_id, None)
        return actor

    def change_role(self, workshop_id: int, participant_id: int, role: str) -> None:
        """This process's connections of one person act, and are counted, in their new role."""
        for sid in self.sids_of(workshop_id, participant_id):
            actor = self.actor(sid)
            if actor is not None:
                self.add(sid, replace(actor, role=role))

    def actor(self, sid: str) -> Actor | None:
        return self._actors.get(sid)

    def other_connections(self, workshop_id: int, participant_id: int, sid: str) -> bool:
        with self._lock:
            return bool(self._sids.get((workshop_id, participant_id), set()) - {sid})

    def sids_of(self, workshop_id: int, participant_id: int) -> list[str]:
        """Every open connection of one person (on this process)."""
        with self._lock:
            return list(self._sids.get((workshop_id, participant_id), ()))

    def connected_ids(self, workshop_id: int) -> set[int]:
        """The people with at least one open connection, facilitators included."""
        with self._lock:
            return {p for p, _ in self._pairs.get(workshop_id, ())}

    def connected_by_role(self, workshop_id: int) -> dict[str, int]:
        """Distinct people connected, by role: two tabs of one phone count once."""
        with self._lock:
            roles = self._roles.get(workshop_id, Counter())
            return {role: roles[role] for role in PARTICIPANT_ROLES}

    def local_workshops(self) -> set[int]:
        with self._lock:
            return {a.workshop_id for a in self._actors.values()}

    def payload(self, workshop_id: int) -> dict:
        by_role = self.connected_by_role(workshop_id)
        joined = services.joined_by_role(workshop_id)
        payload = {
            "count": sum(by_role.values()),
            "by_role": by_role,
            "joined": sum(joined.values()),
            "joined_by_role": joined,  # the lobby shows who came, by role
        }
        names = services.lobby_names(workshop_id)
        if names is not None:  # only when the facilitation chose to greet people by name
            payload["names"] = names
        return payload


class SharedPresence(Presence):
    """Presence kept in Redis too, so that every server process counts the same hall.

    Each process writes its own hash per workshop and keeps it alive with a heartbeat; the
    hash of a process that died (kill -9, power cut) expires within PRESENCE_TTL_S.
    """

    TTL_S = 60

    def __init__(self, client: redis.Redis, prefix: str) -> None:
        super().__init__()
        self.redis = client
        self.prefix = prefix
        self.process = uuid.uuid4().hex[:12]
        self._heartbeat_started = False

    def _processes_key(self, workshop_id: int) -> str:
        return f"{self.prefix}:presence:{workshop_id}"

    def _key(self, workshop_id: int, process: str) -> str:
        return f"{self.prefix}:presence:{workshop_id}:{process}"

    def add(self, sid: str, actor: Actor) -> None:
        super().add(sid, actor)
        if actor.participant_id is None:
            return  # the projector: no one to count or to find
        key = self._key(actor.workshop_id, self.process)
        try:
            with self.redis.pipeline() as pipe:
                pipe.hset(key, sid, f"{actor.participant_id}:{actor.role}")
                pipe.expire(key, self.TTL_S)
                pipe.sadd(self._processes_key(actor.workshop_id), self.process)
                pipe.execute()
        except redis.RedisError:  # a head-count is never worth refusing a phone
            log.exception("could not record presence in Redis")
        self._start_heartbeat()

    def remove(self, sid: str) -> Actor | None:
        actor = super().remove(sid)
        if actor is not None and actor.participant_id is not None:
            try:
                self.redis.hdel(self._key(actor.workshop_id, self.process), sid)
            except redis.RedisError:
                log.exception("could not clear presence in Redis")
        return actor

    def other_connections(self, workshop_id: int, participant_id: int, sid: str) -> bool:
        """Another tab of this person, on any process: one Redis read, not two DB queries."""
        try:
            mine = f"{participant_id}:"
            return sum(e.startswith(mine) for e in self._entries(workshop_id)) > 1
        except redis.RedisError:
            return True  # unsure: telling a tab that is not there costs one small emit

    def connected_by_role(self, workshop_id: int) -> dict[str, int]:
        try:
            people = self._people(workshop_id)
        except redis.RedisError:
            log.exception("presence from Redis unavailable; counting this process only")
            return super().connected_by_role(workshop_id)
        counts = dict.fromkeys(PARTICIPANT_ROLES, 0)
        for person in people:
            role = person.split(":", 1)[1]
            if role in counts:  # facilitators are kept too, to be found; they are not counted
                counts[role] += 1
        return counts

    def connected_ids(self, workshop_id: int) -> set[int]:
        try:
            return {int(e.split(":", 1)[0]) for e in self._entries(workshop_id)}
        except redis.RedisError:
            log.exception("presence from Redis unavailable; listing this process only")
            return super().connected_ids(workshop_id)

    def sids_of(self, workshop_id: int, participant_id: int) -> list[str]:
        """Every open connection of one person, on any process: each can be closed by sid."""
        try:
            sids = []
            for process in self.redis.smembers(self._processes_key(workshop_id)):
                process = process.decode() if isinstance(process, bytes) else process
                for sid, value in self.redis.hgetall(self._key(workshop_id, process)).items():
                    value = value.decode() if isinstance(value, bytes) else value
                    if value.startswith(f"{participant_id}:"):
                        sids.append(sid.decode() if isinstance(sid, bytes) else sid)
            return sids
        except redis.RedisError:
            log.exception("presence from Redis unavailable; closing this process's only")
            return super().sids_of(workshop_id, participant_id)

    def _people(self, workshop_id: int) -> set[str]:
        """Distinct "participant:role" entries over every live process."""
        return set(self._entries(workshop_id))

    def _entries(self, workshop_id: int) -> list[str]:
        """One "participant:role" entry per open connection, over every live process."""
        entries: list[str] = []
        for process in self.redis.smembers(self._processes_key(workshop_id)):
            process = process.decode() if isinstance(process, bytes) else process
            values = self.redis.hvals(self._key(workshop_id, process))
            if not values:
                self.redis.srem(self._processes_key(workshop_id), process)
            entries += [v.decode() if isinstance(v, bytes) else v for v in values]
        return entries

    def _start_heartbeat(self) -> None:
        if not self._heartbeat_started:
            self._heartbeat_started = True
            socketio.start_background_task(self._heartbeat)

    def _heartbeat(self) -> None:
        while True:
            socketio.sleep(self.TTL_S / 3)
            try:
                for workshop_id in self.local_workshops():
                    self.redis.expire(self._key(workshop_id, self.process), self.TTL_S)
            except redis.RedisError:
                log.exception("presence heartbeat failed")


class SharedGate:
    """One broadcast per interval per workshop across all processes, decided by Redis."""

    def __init__(self, client: redis.Redis, prefix: str, name: str) -> None:
        self.redis = client
        self.prefix = f"{prefix}:gate:{name}"

    def wait_before(self, workshop_id: int, interval_s: float) -> float:
        key = f"{self.prefix}:{workshop_id}"
        if self.redis.set(key, "1", nx=True, px=max(1, int(interval_s * 1000))):
            return 0.0
        return max(self.redis.pttl(key), 1) / 1000


def no_wait(workshop_id: int, interval_s: float) -> float:
    return 0.0


class Coalescer:
    """Send at most one broadcast per interval per workshop, and the last one promptly.

    The first change after a quiet spell goes out at once; changes that arrive while one is
    scheduled or under way ride along with the next, so 500 votes in a second cost four
    broadcasts, not 500. The interval is kept between the moments of sending, so that both
    halves of the protocol hold: never two within 250 ms, and the last one at most 250 ms
    (plus the time to compute it) after the last change.
    """

    def __init__(
        self,
        interval_s: float,
        compute: Callable[[int], Any],
        send: Callable[[int, Any], None],
        wait_before: Callable[[int, float], float] = no_wait,
    ) -> None:
        self.interval_s = interval_s
        self.compute = compute
        self.send = send
        self.wait_before = wait_before
        self._lock = threading.Lock()
        self._pending: set[int] = set()
        self._busy: set[int] = set()
        self._last: dict[int, float] = {}

    def touch(self, workshop_id: int) -> None:
        with self._lock:
            if workshop_id in self._pending:
                return
            self._pending.add(workshop_id)
            if workshop_id in self._busy:
                return  # the broadcast under way schedules the next one when it ends
            wait = self._until_next(workshop_id)
        socketio.start_background_task(self._fire, workshop_id, wait)

    def is_idle(self) -> bool:
        with self._lock:
            return not self._pending and not self._busy

    def _until_next(self, workshop_id: int) -> float:
        return max(0.0, self._last.get(workshop_id, 0.0) + self.interval_s - time.monotonic())

    def _fire(self, workshop_id: int, wait: float) -> None:
        if wait > 0:
            socketio.sleep(wait)
        try:
            while (shared_wait := self.wait_before(workshop_id, self.interval_s)) > 0:
                socketio.sleep(shared_wait)  # another process broadcast a moment ago
        except redis.RedisError:
            log.exception("broadcast gate unavailable; sending anyway")
        with self._lock:
            self._pending.discard(workshop_id)
            self._busy.add(workshop_id)
        try:
            payload = self.compute(workshop_id)
            with self._lock:
                wait = self._until_next(workshop_id)
            if wait > 0:
                socketio.sleep(wait)
            with self._lock:
                self._last[workshop_id] = time.monotonic()
            self.send(workshop_id, payload)
        except Exception:  # the next change sends a fresh one; the server must go on
            log.exception("broadcast for workshop %s failed", workshop_id)
        finally:
            with self._lock:
                self._busy.discard(workshop_id)
                again = workshop_id in self._pending
                wait = self._until_next(workshop_id)
            if again:
                socketio.start_background_task(self._fire, workshop_id, wait)


@dataclass
class RealTime:
    """The process-wide live state, bound to an app so background flushes can reach the database."""

    presence: Presence
    tally: Coalescer
    presence_changes: Coalescer
    people_changes: Coalescer
    app: Flask | None = None

    def someone_came_or_went(self, workshop_id: int) -> None:
        """A join, a connection or a goodbye: the head-count and the people list follow."""
        self.presence_changes.touch(workshop_id)
        self.people_changes.touch(workshop_id)

    def settle(self, timeout_s: float = 2.0) -> bool:
        """Let scheduled broadcasts finish, so an app being shut down sends nothing later."""
        deadline = time.monotonic() + timeout_s
        coalescers = (self.tally, self.presence_changes, self.people_changes)
        while not all(c.is_idle() for c in coalescers):
            if time.monotonic() > deadline:
                return False
            socketio.sleep(0.02)
        return True


def _in_app(app: Flask | None, fn: Callable[[int], Any]) -> Callable[[int], Any]:
    """Compute in the app that scheduled the broadcast, never in one created after it."""

    def run(workshop_id: int) -> Any:
        if app is None:
            raise RuntimeError("realtime.init_app has not run")
        with app.app_context():
            return fn(workshop_id)

    return run


def _send_to_workshop(event: str) -> Callable[[int, Any], None]:
    def send(workshop_id: int, payload: Any) -> None:
        socketio.emit(event, payload, to=workshop_room(workshop_id))

    return send


def _send_tally(workshop_id: int, views: tuple[dict, dict, dict]) -> None:
    console, screen, people = views
    socketio.emit("tally", console, to=console_room(workshop_id))
    socketio.emit("tally", screen, to=screen_room(workshop_id))
    socketio.emit("tally", people, to=people_room(workshop_id))


def _people_payload(workshop_id: int) -> dict:
    return services.people_of(workshop_id, live.presence.connected_ids(workshop_id))


def _send_people(workshop_id: int, payload: dict) -> None:
    socketio.emit("people", payload, to=console_room(workshop_id))


def _presence_payload(workshop_id: int) -> dict:
    return live.presence.payload(workshop_id)


live = RealTime(
    presence=Presence(),
    tally=Coalescer(0.25, _in_app(None, services.tally_for), _send_tally),
    presence_changes=Coalescer(
        0.25, _in_app(None, _presence_payload), _send_to_workshop("presence")
    ),
    people_changes=Coalescer(0.25, _in_app(None, _people_payload), _send_people),
)


def init_app(app: Flask) -> None:
    """Presence and broadcast pacing live in this process, or in Redis when processes share it."""
    live.app = app
    interval = app.config["TALLY_INTERVAL_S"]
    queue = app.config["SOCKETIO_MESSAGE_QUEUE"] or ""
    if queue.startswith(("redis://", "rediss://", "unix://")):
        client = redis.Redis.from_url(queue)
        prefix = app.config["REDIS_KEY_PREFIX"]
        live.presence = SharedPresence(client, prefix)
        tally_gate = SharedGate(client, prefix, "tally").wait_before
        presence_gate = SharedGate(client, prefix, "presence").wait_before
    else:
        live.presence = Presence()
        tally_gate = presence_gate = no_wait
    live.tally = Coalescer(interval, _in_app(app, services.tally_for), _send_tally, tally_gate)
    live.presence_changes = Coalescer(
        interval, _in_app(app, _presence_payload), _send_to_workshop("presence"), presence_gate
    )
    # Only consoles hear it; each process sends its own consoles' copy, so no shared gate.
    live.people_changes = Coalescer(interval, _in_app(app, _people_payload), _send_people)


def as_sent(name: str, payload: dict) -> dict:
    """Add the server's clock to phase changes, so phones can correct the timer for skew."""
    if name in ("phase_changed", "workshop_updated"):  # both may carry a countdown
        return {**payload, "server_time": services.iso(utcnow())}
    return payload


def publish(actor: Actor, outcome: Outcome, sid: str | None = None) -> None:
    """Send what a committed command caused: its events, a tally soon, fresh budgets."""
    sent = [(b.name, as_sent(b.name, b.payload)) for b in outcome.broadcasts]
    if len(sent) == 1:
        socketio.emit(sent[0][0], sent[0][1], to=workshop_room(actor.workshop_id))
    elif sent:
        # 200 paper notes are 200 events: one message to the devices that take batches (our
        # pages), the same events one by one to every other client, as the core protocol has it.
        socketio.emit(
            "events",
            {"events": [[name, payload] for name, payload in sent]},
            to=delivery_room(actor.workshop_id, batches=True),
        )
        for name, payload in sent:
            socketio.emit(name, payload, to=delivery_room(actor.workshop_id, batches=False))
    for name, payload in outcome.to_consoles:
        socketio.emit(name, payload, to=console_room(actor.workshop_id))
    for name, payload in outcome.to_screens:
        socketio.emit(name, payload, to=screen_room(actor.workshop_id))
    if outcome.tally_changed:
        live.tally.touch(actor.workshop_id)
    if outcome.people_changed:
        live.people_changes.touch(actor.workshop_id)
    if outcome.presence_changed:
        live.presence_changes.touch(actor.workshop_id)
    for participant_id, role in outcome.roles_changed.items():
        live.presence.change_role(actor.workshop_id, participant_id, role)
        live.someone_came_or_went(actor.workshop_id)  # the head-count by role moved
    for participant_id in outcome.revoked:
        for revoked_sid in live.presence.sids_of(actor.workshop_id, participant_id):
            socketio.server.disconnect(revoked_sid)
    for participant_id in outcome.budgets_changed:
        # The caller's own connection has the ack; only their other tabs need telling.
        own = participant_id == actor.participant_id and sid is not None
        if own and not live.presence.other_connections(actor.workshop_id, participant_id, sid):
            continue
        me = services.participant_me(participant_id)
        socketio.emit("me", me, to=participant_room(participant_id), skip_sid=sid)
