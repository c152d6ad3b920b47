#!/usr/bin/env python3
"""Vote storm: N phones join one workshop at once, post an idea each, then vote for 10 s.

What it measures, on a Cocrea server it starts itself on a loopback port:

* join: from the phone's ``POST /api/workshops/{code}/participants`` until its Socket.IO
  connection has received ``state`` (HTTP join + websocket handshake + auth + state);
* post_card ack (each phone posts one idea in phase ``ideas``), and the fan-out of
  ``phase_changed`` (from the facilitator's ``set_phase`` until each phone sees it);
* vote ack: from ``cast_vote`` sent until its ack arrives;
* vote-to-projector: from ``cast_vote`` sent until the projector (a Socket.IO client holding
  the screen token) receives the first ``tally`` that includes that vote;
* votes lost: acknowledged votes minus the votes in the final tally (the last one the screen
  receives, waited for up to --settle s after the last ack), cross-checked with the public
  snapshot ``GET /api/workshops/{code}`` and target by target;
* server CPU seconds (the server process and its children, per phase) and peak RSS (sampled
  every --sample-ms), the benchmark client's own CPU, and the client's event-loop lag (the
  client shares the machine with the server, so its own delays inflate every latency).

How vote-to-projector is made exact (the default, per-card mode)
----------------------------------------------------------------
Tallies carry counts, not vote ids, so the workload is built so that a count identifies the
votes it contains. Every phone p posts its own idea card c_p, and casts all its K votes on c_p,
one after the other (vote j+1 is sent only after vote j's ack). Nobody else votes on c_p, so
the j-th vote ever stored on c_p is phone p's vote j, and a tally whose total for c_p is >= j
contains it; one whose total is < j does not. Vote j of phone p is therefore on the projector
exactly at the first tally received by the screen with total(c_p) >= j, whenever that tally
arrives (even before the phone's ack, which travels on another socket). Each phone spreads its
K send times uniformly at random over --seconds (sorted; a send waits for the previous ack).

The price of that design: the projector's tally lists one entry per voted card, so near the
end each tally is N entries (17.4 KB at N=500) sent to all N+2 connections, at most 4
times a second. The script reports the largest tally seen on the wire (Socket.IO text
packet, bytes) and the bytes one broadcast costs.

``--targets M`` (realistic: 10-30 themes): after the ideas, the facilitator groups the N cards
into M clusters (card of phone p into cluster p mod M) and phones vote on the clusters (the
tally then has M entries). Many phones vote on one target, so a count no longer says *which*
votes it holds; the figure is then an estimate, not exact: the vote that was the n-th ack
received on target T is taken as shown at the first tally received after that ack whose total
for T is >= n. It is never earlier than the ack, so it overstates the latency by the time
between the tally and the ack when the tally arrived first; and because the order of commits
on the server need not be the order of acks at the client, it can in rare cases be one tally
off either way. In per-card mode the script computes this estimator too, next to the exact
figure, so the size of its error can be seen.

The benchmark runs every client in one asyncio process (python-socketio AsyncClient over
aiohttp, one websocket per phone; --transport polling for long-polling). By default phones
skip JSON-decoding the broadcasts they do not measure (tally, card_posted, presence, ...): the
server sends them all the same, but a client that decodes 500 x 20 KB tallies four times a
second would eat the CPU the server needs on a small machine. --full-decode turns that off.
Websockets offer permessage-deflate as browsers do (the server then compresses every message
once per connection); --no-deflate turns that off. The client shares the CPUs with the
server: its CPU, its event-loop lag and the CPU of every other process on the machine are
reported with the figures.

Exit status: 0 when every phone joined, every vote was acknowledged and no acknowledged vote
is missing from the final tally; 1 otherwise; 2 when the run could not be carried out.

Example:  .venv/bin/python bench/vote_storm.py --phones 500 --json bench/results/sqlite-500.json
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import math
import os
import platform
import random
import signal
import socket
import subprocess
import sys
import tempfile
import time
import uuid
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import aiohttp
import engineio
import psutil
import socketio
from engineio import packet as eio_packet
from engineio import payload as eio_payload

ROOT = Path(__file__).resolve().parent.parent
ROLES = ("citizen", "official", "civil_society")
now = time.perf_counter


# --- statistics ---------------------------------------------------------------------------


def percentile(sorted_values: list[float], p: float) -> float | None:
    """Nearest-rank percentile: the smallest value with at least p% of values at or below it."""
    if not sorted_values:
        return None
    rank = max(1, math.ceil(p / 100.0 * len(sorted_values)))
    return sorted_values[rank - 1]


def summary_ms(seconds: list[float]) -> dict[str, Any]:
    values = sorted(s * 1000.0 for s in seconds)
    if not values:
        return {"n": 0, "p50": None, "p99": None, "max": None, "mean": None}
    return {
        "n": len(values),
        "p50": round(percentile(values, 50), 1),
        "p99": round(percentile(values, 99), 1),
        "max": round(values[-1], 1),
        "mean": round(sum(values) / len(values), 1),
    }


# --- clients ------------------------------------------------------------------------------

# Broadcasts a phone does not measure: skipped undecoded unless --full-decode.
UNMEASURED = (
    '2["tally"',
    '2["card_posted"',
    '2["card_updated"',
    '2["cluster_updated"',
    '2["presence"',
    '2["me"',
    '2["commitment_updated"',
)


class LeanEngineIO(engineio.AsyncClient):
    """Engine.IO under a phone: unmeasured broadcasts are counted, not decoded or dispatched.

    python-engineio starts one asyncio task per incoming message; for 500 phones that each
    receive 500 card_posted events that costs the client more than the server spends sending.
    """

    skip_unmeasured = True
    skipped = 0
    skipped_bytes = 0

    async def _receive_packet(self, pkt: Any) -> None:
        data = pkt.data
        if (
            self.skip_unmeasured
            and pkt.packet_type == eio_packet.MESSAGE
            and isinstance(data, str)
            and data.startswith(UNMEASURED)
        ):
            self.skipped += 1
            self.skipped_bytes += len(data)
            return
        await super()._receive_packet(pkt)


class LeanClient(socketio.AsyncClient):
    """A phone (or the facilitator): Socket.IO over LeanEngineIO."""

    def _engineio_client_class(self) -> type:
        return LeanEngineIO

    @property
    def skip_unmeasured(self) -> bool:
        return self.eio.skip_unmeasured

    @skip_unmeasured.setter
    def skip_unmeasured(self, value: bool) -> None:
        self.eio.skip_unmeasured = value

    @property
    def skipped(self) -> int:
        return self.eio.skipped

    @property
    def skipped_bytes(self) -> int:
        return self.eio.skipped_bytes


class ScreenClient(socketio.AsyncClient):
    """The projector: decodes everything, and notes the wire size of each tally packet."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.tally_sizes: list[int] = []

    async def _handle_eio_message(self, data: Any) -> None:
        if isinstance(data, str) and data.startswith('2["tally"'):
            self.tally_sizes.append(len(data.encode()))
        await super()._handle_eio_message(data)


@dataclass
class Vote:
    j: int  # 1-based: the phone's j-th vote
    target: tuple[str, int]
    t_send: float
    t_ack: float | None = None
    ok: bool = False
    error: str | None = None
    n_on_target: int | None = None  # n-th ack received on that target (the estimator's n)
    t_shown_exact: float | None = None
    t_shown_estimate: float | None = None


@dataclass
class Phone:
    index: int
    role: str
    participant_id: int | None = None
    token: str | None = None
    client: LeanClient | None = None
    t_post: float | None = None
    t_joined_http: float | None = None
    t_connected: float | None = None
    t_state: float | None = None
    join_error: str | None = None
    state_seen: asyncio.Event = field(default_factory=asyncio.Event)
    phase_seen: dict[str, float] = field(default_factory=dict)
    phase_events: dict[str, asyncio.Event] = field(default_factory=dict)
    card_id: int | None = None
    idea_send: float | None = None
    idea_ack: float | None = None
    idea_error: str | None = None
    target: tuple[str, int] | None = None
    votes: list[Vote] = field(default_factory=list)
    disconnects: int = 0
    intended_disconnect: bool = False

    def phase_event(self, phase: str) -> asyncio.Event:
        return self.phase_events.setdefault(phase, asyncio.Event())


@dataclass
class Screen:
    client: ScreenClient | None = None
    tallies: list[tuple[float, int, dict[tuple[str, int], int]]] = field(default_factory=list)
    last_votes_cast: int = 0
    disconnects: int = 0


# --- the server under test ----------------------------------------------------------------


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def require_loopback(url: str) -> None:
    host = urlsplit(url).hostname or ""
    if url.startswith("sqlite"):
        return
    if host not in ("127.0.0.1", "localhost", "::1"):
        raise SystemExit(f"--database-url must point at a loopback address, not {host!r}")


class Server:
    """run.py in a subprocess; its CPU and RSS observed with psutil (children included)."""

    def __init__(
        self, python: str, root: Path, database_url: str, workdir: Path, extra_env: dict
    ) -> None:
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.log_path = workdir / "server.log"
        env = dict(os.environ)
        env.update(
            HOST="127.0.0.1",
            PORT=str(self.port),
            DATABASE_URL=database_url,
            SECRET_KEY=env.get("SECRET_KEY") or uuid.uuid4().hex,  # leave instance/ alone
            PYTHONUNBUFFERED="1",
            # Every simulated phone joins from 127.0.0.1: one address, unlike a real hall's.
            JOINS_PER_ADDRESS_PER_MINUTE="1000000",
        )
        env.update(extra_env)
        self.log = open(self.log_path, "wb")  # noqa: SIM115 - closed in stop()
        self.proc = subprocess.Popen(
            [python, str(root / "run.py")],
            cwd=str(root),
            env=env,
            stdout=self.log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        self.ps = psutil.Process(self.proc.pid)
        self.peak_rss = 0
        self.samples = 0

    def _procs(self) -> list[psutil.Process]:
        try:
            return [self.ps, *self.ps.children(recursive=True)]
        except psutil.Error:
            return []

    def cpu_seconds(self) -> float:
        total = 0.0
        for p in self._procs():
            try:
                t = p.cpu_times()
                total += t.user + t.system
            except psutil.Error:
                pass
        return total

    def rss(self) -> int:
        total = 0
        for p in self._procs():
            with contextlib.suppress(psutil.Error):
                total += p.memory_info().rss
        return total

    def sample(self) -> None:
        self.peak_rss = max(self.peak_rss, self.rss())
        self.samples += 1

    async def wait_ready(self, timeout: float) -> float:
        started = now()
        async with aiohttp.ClientSession() as http:
            while now() - started < timeout:
                if self.proc.poll() is not None:
                    raise RuntimeError(f"server exited with {self.proc.returncode}: {self.tail()}")
                try:
                    async with http.get(f"{self.base}/api/workshops/XXXXXX") as r:
                        if r.status == 404:
                            return now() - started
                except aiohttp.ClientError:
                    pass
                await asyncio.sleep(0.1)
        raise RuntimeError(f"server not ready after {timeout} s: {self.tail()}")

    def tail(self, lines: int = 30) -> str:
        try:
            text = self.log_path.read_text(errors="replace")
        except OSError:
            return ""
        return "\n".join(text.splitlines()[-lines:])

    def errors_logged(self) -> int:
        try:
            return self.log_path.read_text(errors="replace").count("Traceback")
        except OSError:
            return 0

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(5)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(5)
        self.log.close()


def machine_busy_seconds() -> float:
    """CPU seconds the whole machine spent busy (all cores), to see other loads on it."""
    t = psutil.cpu_times()
    return sum(getattr(t, f, 0.0) for f in ("user", "nice", "system", "irq", "softirq", "steal"))


def process_cpu_table() -> dict[int, tuple[str, float]]:
    """Every process's CPU seconds so far, to name the other loads on a shared machine."""
    table = {}
    for p in psutil.process_iter(["name", "cmdline", "cpu_times"]):
        t = p.info["cpu_times"]
        if t is None:
            continue
        cmd = " ".join(p.info["cmdline"] or [p.info["name"] or "?"])[:80]
        table[p.pid] = (cmd, t.user + t.system)
    return table


def irq_seconds() -> float:
    t = psutil.cpu_times()
    return getattr(t, "irq", 0.0) + getattr(t, "softirq", 0.0)


def postgres_cpu_seconds() -> float | None:
    """CPU of every local postgres process (server and backends), for the PostgreSQL runs."""
    total, seen = 0.0, False
    for p in psutil.process_iter(["name"]):
        try:
            if (p.info["name"] or "").startswith("postgres"):
                t = p.cpu_times()
                total += t.user + t.system
                seen = True
        except psutil.Error:
            pass
    return total if seen else None


# --- the storm ----------------------------------------------------------------------------


class Storm:
    def __init__(self, args: argparse.Namespace, server: Server) -> None:
        self.a = args
        self.server = server
        self.base = server.base
        self.rng = random.Random(args.seed)
        self.http: aiohttp.ClientSession | None = None
        self.phones = [Phone(i, ROLES[i % len(ROLES)]) for i in range(args.phones)]
        self.screen = Screen()
        self.facilitator: LeanClient | None = None
        self.code = ""
        self.facilitator_token = ""
        self.screen_token = ""
        self.marks: list[tuple[str, float, float, float, float | None]] = []
        self.me = psutil.Process()
        self.lag: dict[str, list[float]] = {}
        self.phase = "setup"
        self.card_owner: dict[int, Phone] = {}
        self.acks_on_target: dict[tuple[str, int], int] = {}
        self.phase_fanout: dict[str, list[float]] = {}
        self.facilitator_acks: dict[str, list[float]] = {}
        self.stop_sampling = asyncio.Event()
        self.notes: list[str] = []
        self.wall_marks: dict[str, float] = {}
        self.closing = False
        self.disconnect_reasons: dict[str, int] = {}
        self.busy_marks: list[float] = []
        self.process_tables: dict[str, tuple[dict[int, tuple[str, float]], float]] = {}

    # observation

    def mark(self, name: str) -> None:
        t = self.me.cpu_times()
        self.marks.append((name, now(), self.server.cpu_seconds(), t.user + t.system, self._pg()))
        self.busy_marks.append(machine_busy_seconds())
        if name in ("join", "end"):
            self.process_tables[name] = (process_cpu_table(), irq_seconds())
        self.wall_marks[name] = time.time()
        self.phase = name

    def _pg(self) -> float | None:
        return postgres_cpu_seconds() if self.a.database_url.startswith("postgres") else None

    async def sampler(self) -> None:
        interval = self.a.sample_ms / 1000.0
        expected = now() + interval
        while not self.stop_sampling.is_set():
            await asyncio.sleep(max(0.0, expected - now()))
            late = now() - expected
            self.lag.setdefault(self.phase, []).append(max(0.0, late))
            self.server.sample()
            expected = now() + interval

    # clients

    def _client(self, cls: type, **kw: Any) -> Any:
        if self.a.deflate:  # what browsers ask for: permessage-deflate, 15-bit windows
            kw["websocket_extra_options"] = {"compress": 15}
        return cls(reconnection=False, http_session=self.http, **kw)

    async def _connect(self, client: Any, token: str) -> None:
        await client.connect(
            self.base,
            auth={"code": self.code, "token": token},
            transports=[self.a.transport],
            wait_timeout=self.a.ack_timeout,
        )

    async def create_workshop(self) -> None:
        assert self.http is not None
        body = {"title": "Vote storm", "votes_per_participant": self.a.votes}
        async with self.http.post(f"{self.base}/api/workshops", json=body) as r:
            data = await r.json()
        if r.status != 201 or not data.get("ok"):
            raise RuntimeError(f"create workshop failed: {r.status} {data}")
        self.code = data["code"]
        self.facilitator_token = data["facilitator_token"]
        fragment = urlsplit(data["links"]["screen"]).fragment
        self.screen_token = dict(p.split("=", 1) for p in fragment.split("&"))["token"]

    async def connect_staff(self) -> None:
        screen = self._client(ScreenClient)
        self.screen.client = screen

        @screen.on("state")
        async def _state(payload: dict) -> None:
            self._on_tally(payload["tally"])

        @screen.on("tally")
        async def _tally(payload: dict) -> None:
            self._on_tally(payload)

        @screen.on("disconnect")
        async def _gone(*reason: Any) -> None:
            if not self.closing:
                self.screen.disconnects += 1
                self.lost_connection("screen", reason)

        await self._connect(screen, self.screen_token)
        self.facilitator = facilitator = self._client(LeanClient)
        facilitator.skip_unmeasured = True

        @facilitator.on("disconnect")
        async def _staff_gone(*reason: Any) -> None:
            if not self.closing:
                self.lost_connection("facilitator", reason)

        await self._connect(facilitator, self.facilitator_token)

    def lost_connection(self, who: str, reason: tuple) -> None:
        key = f"{who}: {reason[0] if reason else '?'} in phase {self.phase}"
        self.disconnect_reasons[key] = self.disconnect_reasons.get(key, 0) + 1

    def _on_tally(self, payload: dict) -> None:
        t = now()
        totals = {(e["type"], e["id"]): e["votes"] for e in payload["totals"]}
        self.screen.tallies.append((t, payload["votes_cast"], totals))
        self.screen.last_votes_cast = payload["votes_cast"]
        if self.a.targets:
            return
        for (kind, target_id), votes in totals.items():
            phone = self.card_owner.get(target_id) if kind == "card" else None
            if phone is None:
                continue
            for vote in phone.votes:  # exact: total(c_p) >= j  <=>  vote j is in
                if vote.t_shown_exact is None and vote.j <= votes:
                    vote.t_shown_exact = t

    # phases

    async def join_one(self, phone: Phone, gate: asyncio.Semaphore | None) -> None:
        assert self.http is not None
        body = {"role": phone.role, "consent": True}
        try:
            phone.t_post = now()
            if gate is not None:
                async with gate:
                    status, data = await self._post_join(body)
            else:
                status, data = await self._post_join(body)
            phone.t_joined_http = now()
            if status != 201 or not data.get("ok"):
                phone.join_error = f"http {status} {data.get('error', {}).get('code')}"
                return
            phone.participant_id, phone.token = data["participant_id"], data["token"]
            client = self._client(LeanClient)
            client.skip_unmeasured = not self.a.full_decode
            phone.client = client

            @client.on("state")
            async def _state(payload: dict) -> None:
                phone.t_state = now()
                phone.state_seen.set()

            @client.on("phase_changed")
            async def _phase(payload: dict) -> None:
                phone.phase_seen.setdefault(payload["phase"], now())
                phone.phase_event(payload["phase"]).set()

            @client.on("disconnect")
            async def _gone(*reason: Any) -> None:
                if not phone.intended_disconnect and not self.closing:
                    phone.disconnects += 1
                    self.lost_connection("phone", reason)

            await self._connect(client, phone.token)
            phone.t_connected = now()
            await asyncio.wait_for(phone.state_seen.wait(), self.a.ack_timeout)
        except Exception as error:  # noqa: BLE001 - every failure is a figure
            phone.join_error = f"{type(error).__name__}: {error}"[:200]

    async def _post_join(self, body: dict) -> tuple[int, dict]:
        assert self.http is not None
        url = f"{self.base}/api/workshops/{self.code}/participants"
        async with self.http.post(url, json=body) as r:
            return r.status, await r.json(content_type=None)

    async def join_all(self) -> None:
        gate = asyncio.Semaphore(self.a.join_concurrency) if self.a.join_concurrency else None
        await asyncio.gather(*(self.join_one(p, gate) for p in self.phones))

    @property
    def joined(self) -> list[Phone]:
        return [p for p in self.phones if p.join_error is None and p.t_state is not None]

    async def staff_call(self, name: str, payload: dict) -> dict:
        assert self.facilitator is not None
        t = now()
        ack = await self.facilitator.call(name, payload, timeout=self.a.ack_timeout)
        self.facilitator_acks.setdefault(name, []).append(now() - t)
        if not ack.get("ok"):
            raise RuntimeError(f"{name} {payload} refused: {ack}")
        return ack

    async def set_phase(self, phase: str) -> float:
        """Move the workshop; returns the send time, and waits until every phone saw it."""
        t = now()
        await self.staff_call("set_phase", {"phase": phase})
        phones = self.joined
        waits = [asyncio.wait_for(p.phase_event(phase).wait(), self.a.ack_timeout) for p in phones]
        results = await asyncio.gather(*waits, return_exceptions=True)
        missed = sum(1 for r in results if isinstance(r, Exception))
        if missed:
            self.notes.append(f"{missed} phones never saw phase_changed {phase}")
        self.phase_fanout[phase] = [
            p.phase_seen[phase] - t for p in phones if phase in p.phase_seen
        ]
        return t

    async def post_idea(self, phone: Phone, start: float) -> None:
        assert phone.client is not None
        await asyncio.sleep(max(0.0, start + self.rng.uniform(0, self.a.idea_seconds) - now()))
        payload = {
            "kind": "idea",
            "text": f"Idea from phone {phone.index}: shade trees on street {phone.index % 97}",
            "client_id": str(uuid.uuid4()),
        }
        phone.idea_send = now()
        try:
            ack = await phone.client.call("post_card", payload, timeout=self.a.ack_timeout)
        except Exception as error:  # noqa: BLE001
            phone.idea_error = type(error).__name__
            return
        phone.idea_ack = now()
        if ack.get("ok"):
            phone.card_id = ack["card"]["id"]
        else:
            phone.idea_error = ack.get("error", {}).get("code", "?")

    async def make_clusters(self) -> None:
        """--targets M: group the cards into M clusters; phone p votes on cluster p mod M."""
        groups: list[list[Phone]] = [[] for _ in range(self.a.targets)]
        for phone in self.joined:
            if phone.card_id is not None:
                groups[phone.index % self.a.targets].append(phone)
        for k, members in enumerate(groups):
            ack = await self.staff_call(
                "create_cluster",
                {
                    "title": f"Theme {k + 1}",
                    "card_ids": [p.card_id for p in members],
                    "client_id": str(uuid.uuid4()),
                },
            )
            for phone in members:
                phone.target = ("cluster", ack["cluster"]["id"])
            if (k + 1) % 30 == 0:  # 40 commands per 10 s for the facilitator too
                await asyncio.sleep(10)

    async def vote(self, phone: Phone, start: float) -> None:
        assert phone.client is not None and phone.target is not None
        offsets = sorted(self.rng.uniform(0, self.a.seconds) for _ in range(self.a.votes))
        kind, target_id = phone.target
        for j, offset in enumerate(offsets, start=1):
            await asyncio.sleep(max(0.0, start + offset - now()))
            vote = Vote(j, phone.target, now())
            phone.votes.append(vote)
            try:
                ack = await phone.client.call(
                    "cast_vote",
                    {f"{kind}_id": target_id, "client_id": str(uuid.uuid4())},
                    timeout=self.a.ack_timeout,
                )
            except Exception as error:  # noqa: BLE001
                vote.error = type(error).__name__
                continue
            vote.t_ack = now()
            vote.ok = bool(ack.get("ok"))
            if vote.ok:
                n = self.acks_on_target.get(phone.target, 0) + 1
                self.acks_on_target[phone.target] = vote.n_on_target = n
            else:
                vote.error = ack.get("error", {}).get("code", "?")

    async def settle(self, acked: int) -> float:
        """Wait for the screen's tally to reach the acked count (or --settle s)."""
        t = now()
        while now() - t < self.a.settle and self.screen.last_votes_cast < acked:
            await asyncio.sleep(0.02)
        if self.screen.last_votes_cast >= acked:
            # A later tally can only come from a late vote; give one interval to be sure.
            await asyncio.sleep(0.3)
        return now() - t

    async def snapshot(self) -> dict:
        assert self.http is not None
        async with self.http.get(f"{self.base}/api/workshops/{self.code}") as r:
            return await r.json()

    async def run(self) -> dict:
        connector = aiohttp.TCPConnector(limit=0)  # every phone at once: no pool cap
        timeout = aiohttp.ClientTimeout(total=None, sock_connect=self.a.ack_timeout)
        async with aiohttp.ClientSession(connector=connector, timeout=timeout) as http:
            self.http = http
            sampler = asyncio.create_task(self.sampler())
            try:
                return await self.storm()
            except Exception as error:
                raise RuntimeError(
                    f"{type(error).__name__}: {error} (in phase {self.phase}, "
                    f"{len(self.joined)} phones joined, "
                    f"lost connections: {self.disconnect_reasons})"
                ) from error
            finally:  # also on timeout or Ctrl-C: sockets closed before the HTTP session
                self.stop_sampling.set()
                await asyncio.gather(sampler, return_exceptions=True)
                await self.disconnect_all()

    async def storm(self) -> dict:
        await self.create_workshop()
        await self.connect_staff()
        self.mark("join")
        t_join = now()
        await self.join_all()
        join_wall = now() - t_join
        joined = self.joined
        self.mark("ideas")
        start = await self.set_phase("ideas")
        await asyncio.gather(*(self.post_idea(p, start) for p in joined))
        for phone in joined:
            if phone.card_id is not None:
                self.card_owner[phone.card_id] = phone
                phone.target = ("card", phone.card_id)
        if self.a.targets:
            self.mark("cluster")
            await self.make_clusters()
        self.mark("vote")
        voters = [p for p in joined if p.target is not None]
        start = await self.set_phase("vote")
        await asyncio.gather(*(self.vote(p, start) for p in voters))
        vote_wall = now() - start
        self.mark("settle")
        acked = sum(v.ok for p in voters for v in p.votes)
        settle_s = await self.settle(acked)
        snapshot = await self.snapshot()
        self.mark("end")
        return self.report(join_wall, vote_wall, settle_s, acked, snapshot)

    async def disconnect_all(self) -> None:
        self.closing = True
        clients = [p.client for p in self.phones if p.client is not None]
        for p in self.phones:
            p.intended_disconnect = True
        clients += [c for c in (self.facilitator, self.screen.client) if c is not None]

        async def close(client: Any) -> None:
            with contextlib.suppress(Exception):
                await asyncio.wait_for(client.disconnect(), 10)

        await asyncio.gather(*(close(c) for c in clients))

    # figures

    def estimate_shown(self) -> None:
        """The ack-based estimator (the only one possible with shared targets)."""
        by_target: dict[tuple[str, int], list[Vote]] = {}
        for phone in self.phones:
            for vote in phone.votes:
                if vote.ok:
                    by_target.setdefault(vote.target, []).append(vote)
        tallies = self.screen.tallies
        for votes in by_target.values():
            for vote in votes:
                assert vote.t_ack is not None and vote.n_on_target is not None
                for t, _, totals in tallies:
                    if t > vote.t_ack and totals.get(vote.target, 0) >= vote.n_on_target:
                        vote.t_shown_estimate = t
                        break

    def report(
        self, join_wall: float, vote_wall: float, settle_s: float, acked: int, snapshot: dict
    ) -> dict:
        a = self.a
        self.estimate_shown()
        joined = self.joined
        votes = [v for p in self.phones for v in p.votes]
        ok_votes = [v for v in votes if v.ok]
        vote_errors: dict[str, int] = {}
        for v in votes:
            if not v.ok:
                vote_errors[v.error or "?"] = vote_errors.get(v.error or "?", 0) + 1
        join_errors: dict[str, int] = {}
        for p in self.phones:
            if p.join_error is not None:
                join_errors[p.join_error] = join_errors.get(p.join_error, 0) + 1

        final_cast = self.screen.last_votes_cast
        final_totals = self.screen.tallies[-1][2] if self.screen.tallies else {}
        snap_cast = snapshot.get("tally", {}).get("votes_cast")
        snap_totals = {
            (e["type"], e["id"]): e["votes"] for e in snapshot.get("tally", {}).get("totals", [])
        }
        expected: dict[tuple[str, int], int] = {}
        for v in ok_votes:
            expected[v.target] = expected.get(v.target, 0) + 1
        mismatched_screen = sum(1 for t, n in expected.items() if final_totals.get(t, 0) != n)
        mismatched_snapshot = sum(1 for t, n in expected.items() if snap_totals.get(t, 0) != n)

        exact = [v.t_shown_exact - v.t_send for v in ok_votes if v.t_shown_exact is not None]
        estimate = [v.t_shown_estimate - v.t_send for v in ok_votes if v.t_shown_estimate]
        both = [
            v.t_shown_estimate - v.t_shown_exact
            for v in ok_votes
            if v.t_shown_exact is not None and v.t_shown_estimate is not None
        ]
        shown_before_ack = sum(
            1 for v in ok_votes if v.t_shown_exact is not None and v.t_shown_exact < v.t_ack
        )
        vote_tallies = [t for t in self.screen.tallies if t[0] >= self._mark_time("vote")]
        gaps = [b[0] - a_[0] for a_, b in zip(vote_tallies, vote_tallies[1:], strict=False)]

        vote_start = self._mark_time("vote")
        by_second: dict[int, list[Vote]] = {}
        for v in ok_votes:
            by_second.setdefault(int(v.t_send - vote_start), []).append(v)
        timeline = []
        for second in sorted(by_second):
            vs = by_second[second]
            ack = summary_ms([v.t_ack - v.t_send for v in vs])
            shown = summary_ms(
                [
                    (v.t_shown_estimate if a.targets else v.t_shown_exact) - v.t_send
                    for v in vs
                    if (v.t_shown_estimate if a.targets else v.t_shown_exact) is not None
                ]
            )
            timeline.append(
                {
                    "second": second,
                    "votes": len(vs),
                    "ack_p50": ack["p50"],
                    "ack_p99": ack["p99"],
                    "shown_p50": shown["p50"],
                    "shown_p99": shown["p99"],
                }
            )

        marks = self.marks
        phases = {}
        busy = self.busy_marks
        for i, ((name, t0, s0, c0, g0), (_, t1, s1, c1, g1)) in enumerate(
            zip(marks, marks[1:], strict=False)
        ):
            lag = sorted(self.lag.get(name, []))
            machine = busy[i + 1] - busy[i]
            ours = (s1 - s0) + (c1 - c0) + ((g1 - g0) if g0 is not None and g1 is not None else 0)
            phases[name] = {
                "machine_busy_cpu_s": round(machine, 2),
                "other_processes_cpu_s": round(max(0.0, machine - ours), 2),
                "wall_s": round(t1 - t0, 2),
                "server_cpu_s": round(s1 - s0, 2),
                "server_cpu_util": round((s1 - s0) / (t1 - t0), 2) if t1 > t0 else None,
                "client_cpu_s": round(c1 - c0, 2),
                "postgres_cpu_s": round(g1 - g0, 2) if g0 is not None and g1 is not None else None,
                "client_loop_lag_ms_p99": round(percentile(lag, 99) * 1000, 1) if lag else None,
                "client_loop_lag_ms_max": round(lag[-1] * 1000, 1) if lag else None,
            }
        first, last = marks[0], marks[-1]
        sizes = self.screen.client.tally_sizes if self.screen.client else []
        skipped = sum(p.client.skipped for p in self.phones if p.client is not None)
        skipped_bytes = sum(p.client.skipped_bytes for p in self.phones if p.client is not None)
        result = {
            "config": {
                "phones": a.phones,
                "votes": a.votes,
                "seconds": a.seconds,
                "idea_seconds": a.idea_seconds,
                "targets": a.targets,
                "transport": a.transport,
                "database": "postgresql" if a.database_url.startswith("postgres") else "sqlite",
                "full_decode": a.full_decode,
                "deflate": a.deflate,
                "seed": a.seed,
                "machine": {
                    "cpus": psutil.cpu_count(),
                    "python": platform.python_version(),
                    "platform": platform.platform(),
                },
            },
            "joined": len(joined),
            "join_failures": join_errors,
            "join_wall_s": round(join_wall, 2),
            "join_ms": summary_ms([p.t_state - p.t_post for p in joined]),
            "join_http_ms": summary_ms([p.t_joined_http - p.t_post for p in joined]),
            "join_socket_ms": summary_ms([p.t_state - p.t_joined_http for p in joined]),
            "phase_fanout_ms": {k: summary_ms(v) for k, v in self.phase_fanout.items()},
            "post_card_ack_ms": summary_ms(
                [p.idea_ack - p.idea_send for p in joined if p.card_id is not None]
            ),
            "post_card_failures": sum(1 for p in joined if p.card_id is None),
            "facilitator_ack_ms": {k: summary_ms(v) for k, v in self.facilitator_acks.items()},
            "votes_sent": len(votes),
            "votes_acked": len(ok_votes),
            "vote_failures": vote_errors,
            "vote_wall_s": round(vote_wall, 2),
            "vote_ack_ms": summary_ms([v.t_ack - v.t_send for v in ok_votes]),
            "vote_timeline": timeline,
            "vote_to_projector_ms": summary_ms(exact if not a.targets else estimate),
            "vote_to_projector_method": "estimate (ack-based)" if a.targets else "exact",
            "vote_to_projector_estimate_ms": summary_ms(estimate),
            "estimate_minus_exact_ms": summary_ms(both) if both else None,
            "shown_before_ack": shown_before_ack if not a.targets else None,
            "votes_never_shown": (
                sum(1 for v in ok_votes if v.t_shown_exact is None)
                if not a.targets
                else sum(1 for v in ok_votes if v.t_shown_estimate is None)
            ),
            "final_tally_votes_cast": final_cast,
            "snapshot_votes_cast": snap_cast,
            "votes_lost": acked - final_cast,
            "votes_lost_snapshot": acked - snap_cast if snap_cast is not None else None,
            "targets_mismatched_screen": mismatched_screen,
            "targets_mismatched_snapshot": mismatched_snapshot,
            "settle_s": round(settle_s, 2),
            "tallies_in_vote_phase": len(vote_tallies),
            "tally_min_gap_ms": round(min(gaps) * 1000, 1) if gaps else None,
            "tally_max_bytes": max(sizes) if sizes else None,
            "tally_final_bytes": sizes[-1] if sizes else None,
            "tally_entries_final": len(final_totals),
            "tally_broadcast_bytes": (max(sizes) * (len(joined) + 2)) if sizes else None,
            "phone_broadcasts_skipped": skipped,
            "phone_broadcast_bytes_received": skipped_bytes,
            "unexpected_disconnects": sum(p.disconnects for p in self.phones)
            + self.screen.disconnects,
            "disconnect_reasons": self.disconnect_reasons,
            "phases": phases,
            "server_cpu_s": round(last[2] - first[2], 2),
            "server_cpu_s_with_startup": round(last[2], 2),
            "server_peak_rss_mb": round(self.server.peak_rss / 2**20, 1),
            "server_rss_samples": self.server.samples,
            "client_cpu_s": round(last[3] - first[3], 2),
            "client_peak_rss_mb": round(self.me.memory_info().rss / 2**20, 1),
            "postgres_cpu_s": (
                round(last[4] - first[4], 2)
                if first[4] is not None and last[4] is not None
                else None
            ),
            "run_wall_s": round(last[1] - first[1], 2),
            "other_load_share": round(
                sum(ph["other_processes_cpu_s"] for ph in phases.values())
                / max(1e-9, (last[1] - first[1]) * (psutil.cpu_count() or 1)),
                2,
            ),
            "machine_busy_cpu_s": round(busy[-1] - busy[0], 2),
            "other_processes_cpu_s": round(
                sum(ph["other_processes_cpu_s"] for ph in phases.values()), 2
            ),
            **self.other_loads(),
            "server_errors_logged": self.server.errors_logged(),
            "notes": self.notes,
            "phase_started_at_unix": self.wall_marks,
        }
        return result

    def other_loads(self) -> dict[str, Any]:
        """The busiest processes that are neither the server, this client nor postgres."""
        if "join" not in self.process_tables or "end" not in self.process_tables:
            return {}
        (before, irq0), (after, irq1) = self.process_tables["join"], self.process_tables["end"]
        ours = {self.me.pid, self.server.proc.pid}
        ours |= {c.pid for c in self.server._procs()}
        deltas = []
        for pid, (cmd, cpu) in after.items():
            if pid in ours or cmd.startswith("postgres"):
                continue
            used = cpu - before.get(pid, (cmd, 0.0))[1]
            if used >= 0.05:
                deltas.append({"pid": pid, "cmd": cmd, "cpu_s": round(used, 2)})
        deltas.sort(key=lambda d: -d["cpu_s"])
        return {"irq_softirq_cpu_s": round(irq1 - irq0, 2), "busiest_other_processes": deltas[:5]}

    def _mark_time(self, name: str) -> float:
        for mark in self.marks:
            if mark[0] == name:
                return mark[1]
        return 0.0


# --- output -------------------------------------------------------------------------------


def print_table(r: dict) -> None:
    c = r["config"]
    print()
    print(f"server: {c.get('server_root')} at {c.get('server_revision')}")
    print(
        f"vote storm: {c['phones']} phones x {c['votes']} votes over {c['seconds']} s, "
        f"{c['database']}, {c['transport']}{' + deflate' if c.get('deflate') else ''}, "
        + (f"{c['targets']} shared targets" if c["targets"] else "one card per phone")
        + f", {c['machine']['cpus']} cpus"
    )
    rows = [
        ("join (POST -> state)", r["join_ms"]),
        ("  join HTTP POST", r["join_http_ms"]),
        ("  join socket -> state", r["join_socket_ms"]),
        *[(f"phase_changed {k} fan-out", v) for k, v in r["phase_fanout_ms"].items()],
        ("post_card ack", r["post_card_ack_ms"]),
        ("vote ack", r["vote_ack_ms"]),
        (f"vote-to-projector ({r['vote_to_projector_method']})", r["vote_to_projector_ms"]),
    ]
    if r["estimate_minus_exact_ms"]:
        rows.append(("  ack-based estimate", r["vote_to_projector_estimate_ms"]))
        rows.append(("  estimate - exact", r["estimate_minus_exact_ms"]))
    print(f"{'latency (ms)':40} {'n':>6} {'p50':>9} {'p99':>9} {'max':>9}")
    for name, s in rows:
        print(f"{name:40} {s['n']:>6} {_f(s['p50']):>9} {_f(s['p99']):>9} {_f(s['max']):>9}")
    print()
    print(
        f"joined                 {r['joined']}/{c['phones']} in {r['join_wall_s']} s"
        + (f"  failures: {r['join_failures']}" if r["join_failures"] else "")
    )
    print(
        f"votes acked            {r['votes_acked']}/{r['votes_sent']}"
        + (f"  failures: {r['vote_failures']}" if r["vote_failures"] else "")
    )
    print(
        f"votes lost             {r['votes_lost']} (final screen tally "
        f"{r['final_tally_votes_cast']}), snapshot: {r['votes_lost_snapshot']}, "
        f"targets off: screen {r['targets_mismatched_screen']}, "
        f"snapshot {r['targets_mismatched_snapshot']}"
    )
    print(
        f"tally                  {r['tallies_in_vote_phase']} in vote phase, min gap "
        f"{r['tally_min_gap_ms']} ms, largest {r['tally_max_bytes']} B "
        f"({r['tally_entries_final']} entries), one broadcast ~{r['tally_broadcast_bytes']} B"
    )
    print(
        f"server                 CPU {r['server_cpu_s']} s over {r['run_wall_s']} s "
        f"(+startup: {r['server_cpu_s_with_startup']} s), peak RSS "
        f"{r['server_peak_rss_mb']} MB, tracebacks logged {r['server_errors_logged']}"
    )
    if r["postgres_cpu_s"] is not None:
        print(f"postgres               CPU {r['postgres_cpu_s']} s")
    print(f"client (this process)  CPU {r['client_cpu_s']} s, RSS {r['client_peak_rss_mb']} MB")
    print(
        f"unexpected disconnects {r['unexpected_disconnects']}"
        + (f"  {r['disconnect_reasons']}" if r["disconnect_reasons"] else "")
    )
    print()
    print(
        f"machine                {r['machine_busy_cpu_s']} CPU s busy in all, of which "
        f"{r['other_processes_cpu_s']} s by processes other than the server, this client "
        f"and postgres"
    )
    if r["other_load_share"] > 0.1:
        print(
            f"WARNING: other processes took {r['other_load_share']:.0%} of the machine's CPU "
            "during the run: latencies are inflated; repeat on a quiet machine"
        )
    if r.get("busiest_other_processes") is not None:
        others = ", ".join(
            f"{d['cpu_s']} s {d['cmd'][:40]!r}" for d in r["busiest_other_processes"][:3]
        )
        print(f"                       irq+softirq {r['irq_softirq_cpu_s']} s; busiest: {others}")
    print()
    print(
        f"{'phase':10} {'wall s':>7} {'srv cpu':>8} {'util':>5} {'cli cpu':>8} "
        f"{'pg cpu':>7} {'other':>6} {'lag p99':>8} {'lag max':>8}"
    )
    for name, ph in r["phases"].items():
        print(
            f"{name:10} {ph['wall_s']:>7} {ph['server_cpu_s']:>8} {_f(ph['server_cpu_util']):>5} "
            f"{ph['client_cpu_s']:>8} {_f(ph['postgres_cpu_s']):>7} "
            f"{ph['other_processes_cpu_s']:>6} "
            f"{_f(ph['client_loop_lag_ms_p99']):>8} {_f(ph['client_loop_lag_ms_max']):>8}"
        )
    print()
    print("vote phase, by second of sending: votes, ack p50/p99, to-projector p50/p99 (ms)")
    for b in r["vote_timeline"]:
        print(
            f"  s{b['second']:<3} {b['votes']:>5}  ack {_f(b['ack_p50']):>8} {_f(b['ack_p99']):>8}"
            f"   shown {_f(b['shown_p50']):>8} {_f(b['shown_p99']):>8}"
        )
    for note in r["notes"]:
        print(f"note: {note}")


def _f(value: Any) -> str:
    return "-" if value is None else f"{value}"


def failed(r: dict) -> list[str]:
    problems = []
    if r["joined"] < r["config"]["phones"]:
        problems.append(f"{r['config']['phones'] - r['joined']} phones failed to join")
    if r["votes_lost"] or r["votes_lost_snapshot"]:
        problems.append(f"votes lost: {r['votes_lost']} (snapshot {r['votes_lost_snapshot']})")
    if r["targets_mismatched_screen"] or r["targets_mismatched_snapshot"]:
        problems.append("some targets' totals differ from the acks")
    if r["votes_acked"] < r["votes_sent"]:
        problems.append(f"{r['votes_sent'] - r['votes_acked']} votes not acknowledged")
    if r["post_card_failures"]:
        problems.append(f"{r['post_card_failures']} ideas not posted")
    return problems


# --- main ---------------------------------------------------------------------------------


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--phones", type=int, default=500, help="phones joining at once (500)")
    p.add_argument("--votes", type=int, default=3, help="votes per phone = budget (3)")
    p.add_argument("--seconds", type=float, default=10.0, help="vote phase spread (10)")
    p.add_argument(
        "--idea-seconds",
        type=float,
        default=5.0,
        help="each phone posts its idea at a random moment within this (5)",
    )
    p.add_argument(
        "--targets",
        type=int,
        default=0,
        help="vote on M shared clusters instead of own cards (0 = own cards)",
    )
    p.add_argument(
        "--database-url",
        default=None,
        help="server database (default: a fresh SQLite file in a temp dir)",
    )
    p.add_argument("--transport", choices=("websocket", "polling"), default="websocket")
    p.add_argument(
        "--join-concurrency",
        type=int,
        default=0,
        help="cap concurrent join POSTs (0 = all at once)",
    )
    p.add_argument(
        "--full-decode",
        action="store_true",
        help="phones JSON-decode every broadcast, as a real phone does",
    )
    p.add_argument(
        "--deflate",
        action=argparse.BooleanOptionalAction,
        default=True,
        help="offer permessage-deflate on the websockets, as browsers do (default: on)",
    )
    p.add_argument("--ack-timeout", type=float, default=30.0)
    p.add_argument(
        "--settle",
        type=float,
        default=5.0,
        help="wait this long after the last ack for the final tally (5)",
    )
    p.add_argument("--timeout", type=float, default=600.0, help="whole run limit, s (600)")
    p.add_argument("--sample-ms", type=float, default=100.0, help="RSS / loop-lag sampling")
    p.add_argument("--seed", type=int, default=1)
    p.add_argument(
        "--quiet-wait",
        type=float,
        default=0.0,
        help="first wait up to this many s until the machine is <15%% busy for 3 s (0)",
    )
    p.add_argument("--server-python", default=None, help="default: .venv/bin/python")
    p.add_argument(
        "--server-root",
        default=None,
        help="directory holding the run.py to start (default: this checkout); e.g. a "
        "`git archive` snapshot, to measure one commit while the work tree moves",
    )
    p.add_argument(
        "--server-env",
        action="append",
        default=[],
        metavar="KEY=VALUE",
        help="extra environment for the server (repeatable)",
    )
    p.add_argument("--json", default=None, help="write all figures to this file")
    args = p.parse_args(argv)
    if not 1 <= args.votes <= 20:
        p.error("--votes must be 1..20 (the workshop's votes_per_participant)")
    if args.phones < 1 or args.targets < 0:
        p.error("--phones must be >= 1 and --targets >= 0")
    return args


async def wait_for_quiet(limit_s: float, busy_below: float = 0.15, quiet_s: int = 3) -> float:
    """On a shared machine, wait (up to limit_s) until other loads leave the CPUs mostly idle."""
    started = now()
    quiet = 0
    while now() - started < limit_s and quiet < quiet_s:
        busy = await asyncio.to_thread(psutil.cpu_percent, 1.0)
        quiet = quiet + 1 if busy < busy_below * 100 else 0
    return now() - started


async def main_async(args: argparse.Namespace, workdir: Path) -> dict:
    database_url = args.database_url or f"sqlite:///{workdir / 'bench.db'}"
    args.database_url = database_url
    require_loopback(database_url)
    python = args.server_python or str(ROOT / ".venv" / "bin" / "python")
    if not Path(python).exists():
        python = sys.executable
    extra = dict(kv.split("=", 1) for kv in args.server_env)
    waited = await wait_for_quiet(args.quiet_wait) if args.quiet_wait else 0.0
    if args.quiet_wait:
        print(f"waited {waited:.0f} s for the machine to be quiet", flush=True)
    root = Path(args.server_root).resolve() if args.server_root else ROOT
    with throwaway_schema(database_url) as server_url:
        return await run_storm(args, python, root, server_url, workdir, extra, waited)


@contextmanager
def throwaway_schema(database_url: str):
    """On PostgreSQL, run in a fresh schema and drop it afterwards: leave the database as found."""
    if not database_url.startswith(("postgres://", "postgresql")):
        yield database_url
        return
    import psycopg

    plain = database_url.replace("postgresql+psycopg://", "postgresql://", 1)
    schema = f"vote_storm_{uuid.uuid4().hex[:10]}"
    with psycopg.connect(plain, autocommit=True) as connection:
        connection.execute(f'CREATE SCHEMA "{schema}"')
    separator = "&" if "?" in database_url else "?"
    try:
        yield f"{database_url}{separator}options=-csearch_path%3D{schema}"
    finally:
        with psycopg.connect(plain, autocommit=True) as connection:
            connection.execute(f'DROP SCHEMA "{schema}" CASCADE')


async def run_storm(args, python, root, database_url, workdir, extra, waited) -> dict:
    server = Server(python, root, database_url, workdir, extra)
    try:
        ready = await server.wait_ready(60)
        print(f"server pid {server.proc.pid} ready on {server.base} in {ready:.1f} s", flush=True)
        storm = Storm(args, server)
        result = await asyncio.wait_for(storm.run(), args.timeout)
        result["server_start_s"] = round(ready, 2)
        result["quiet_wait_s"] = round(waited, 1)
        result["config"]["server_root"] = str(root)
        result["config"]["server_revision"] = revision_of(root)
        return result
    except BaseException:
        print("--- server log (tail) ---\n" + server.tail(), file=sys.stderr)
        raise
    finally:
        server.stop()


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    # python-engineio's client drops a polling connection whose response batches more than
    # 16 packets ("Unexpected packet from server"); in a burst (500 card_posted events queued
    # during one long-poll) every polling client would drop. Browsers have no such limit.
    eio_payload.Payload.max_decode_packets = 1_000_000
    try:
        resource_limit()
        with tempfile.TemporaryDirectory(prefix="vote-storm-") as tmp:
            result = asyncio.run(main_async(args, Path(tmp)))
    except Exception as error:  # noqa: BLE001 - TimeoutError is an Exception
        print(f"vote storm could not run: {type(error).__name__}: {error}", file=sys.stderr)
        return 2
    print_table(result)
    if args.json:
        Path(args.json).parent.mkdir(parents=True, exist_ok=True)
        Path(args.json).write_text(json.dumps(result, indent=2) + "\n")
        print(f"figures written to {args.json}")
    problems = failed(result)
    for problem in problems:
        print(f"FAIL: {problem}")
    return 1 if problems else 0


def revision_of(root: Path) -> str | None:
    """The commit of the server code measured, and whether its work tree had changes."""
    try:
        sha = subprocess.run(
            ["git", "-C", str(root), "rev-parse", "--short", "HEAD"],
            capture_output=True,
            text=True,
            timeout=10,
            check=True,
        ).stdout.strip()
        dirty = subprocess.run(
            ["git", "-C", str(root), "status", "--porcelain", "--untracked-files=no"],
            capture_output=True,
            text=True,
            timeout=10,
            check=True,
        ).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        marker = root / "REVISION"  # written by hand next to a `git archive` snapshot
        return marker.read_text().strip() if marker.exists() else None
    return sha + ("+uncommitted changes" if dirty else "")


def resource_limit() -> None:
    """One socket per phone: raise this process's open-file limit as far as allowed."""
    import resource

    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    wanted = 65536 if hard == resource.RLIM_INFINITY else hard
    if soft < wanted:
        resource.setrlimit(resource.RLIMIT_NOFILE, (wanted, hard))


if __name__ == "__main__":
    sys.exit(main())
