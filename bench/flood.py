#!/usr/bin/env python3
"""A command flood: does one phone sending as fast as it can cost the hall?

On a Cocrea server it starts itself (`run.py`, eventlet, on a loopback port; SQLite unless
--database-url), N honest phones (default 50) join and each sends one command a second and
waits for its ack, while a plain HTTP client asks for the workshop's snapshot once a second.
Three rounds of --seconds each (default 10), in the same run:

* quiet: nobody floods, the baseline;
* flood: one more phone emits `cast_vote` as fast as its socket takes them, without waiting
  for acks (the adversarial test measured ~9,000 a second);
* after: the flooder tries to come back at once, and keeps trying.

For each round it prints the honest phones' ack p50 / p99 / max, the HTTP p50 / p99, how many
commands the flooder got out and whether the server closed its connection (and kept it out).

Example:  .venv/bin/python bench/flood.py --phones 50
"""

from __future__ import annotations

import argparse
import asyncio
import multiprocessing
import random
import sys
import tempfile
import time
from pathlib import Path

import aiohttp
import socketio

sys.path.insert(0, str(Path(__file__).resolve().parent))
from vote_storm import ROOT, Server, percentile, require_loopback, resource_limit, throwaway_schema


def spread(seconds: list[float]) -> str:
    if not seconds:
        return "no answer"
    ordered = sorted(seconds)
    p50, p99 = percentile(ordered, 50), percentile(ordered, 99)
    return f"p50 {p50 * 1000:6.0f}  p99 {p99 * 1000:6.0f}  max {ordered[-1] * 1000:6.0f} ms"


async def connect(client, base: str, code: str, token: str) -> None:
    auth = {"code": code, "token": token, "batches": True}
    await client.connect(base, auth=auth, transports=["websocket"], wait_timeout=30)


async def join_token(http, base: str, code: str) -> str:
    url = f"{base}/api/workshops/{code}/participants"
    async with http.post(url, json={"consent": True, "role": "citizen"}) as r:
        return (await r.json())["token"]


async def honest_phones(http, base: str, code: str, count: int) -> tuple[list, list[dict]]:
    """Phones joined and connected, each keeping the seq of its last `state`."""
    phones, seqs = [], []
    for _ in range(count):
        client = socketio.AsyncClient(reconnection=False, http_session=http)
        seq = {"seq": 0}

        @client.on("state")
        async def _state(payload: dict, seq: dict = seq) -> None:
            seq["seq"] = payload["seq"]

        await connect(client, base, code, await join_token(http, base, code))
        phones.append(client)
        seqs.append(seq)
    return phones, seqs


def on_a_database(args: argparse.Namespace, run, sqlite_name: str) -> int:
    """Run `run(args, database_url, workdir)` on --database-url or a throwaway SQLite file."""
    resource_limit()
    with tempfile.TemporaryDirectory() as tmp:
        workdir = Path(tmp)
        if args.database_url:
            require_loopback(args.database_url)
            with throwaway_schema(args.database_url) as url:
                return asyncio.run(run(args, url, workdir))
        return asyncio.run(run(args, f"sqlite:///{workdir / sqlite_name}", workdir))


async def honest_phone(client, seq: dict, until: float, acks: list[float]) -> None:
    """One command a second, each after the last ack: a sync from where the phone is."""
    await asyncio.sleep(random.random())  # phones are not in step with each other
    while time.perf_counter() < until:
        started = time.perf_counter()
        try:
            await client.call("sync", {"last_seq": seq["seq"]}, timeout=30)
        except socketio.exceptions.TimeoutError:
            seq["timeouts"] = seq.get("timeouts", 0) + 1  # counted as 30 s
        acks.append(time.perf_counter() - started)
        await asyncio.sleep(max(0.0, 1.0 - (time.perf_counter() - started)))


async def reader(http, url: str, until: float, times: list[float]) -> None:
    while time.perf_counter() < until:
        started = time.perf_counter()
        async with http.get(url) as response:
            await response.read()
        times.append(time.perf_counter() - started)
        await asyncio.sleep(max(0.0, 1.0 - (time.perf_counter() - started)))


def flood(base: str, code: str, token: str, seconds: float, out) -> None:
    """In its own process, so that its tight loop cannot slow the measuring client: emit
    without waiting; when cut off, try to connect again at once, and again."""

    async def go() -> dict:
        sent = refused = 0
        closed_at = None
        started = time.perf_counter()
        until = started + seconds
        client = None
        while time.perf_counter() < until:
            if client is not None and client.connected:
                await client.emit("cast_vote", {})
                sent += 1
                if sent % 200 == 0:
                    await asyncio.sleep(0)  # let the socket write; still thousands a second
                continue
            if sent and closed_at is None:
                closed_at = time.perf_counter() - started
            try:
                client = socketio.AsyncClient(reconnection=False)
                await connect(client, base, code, token)
            except socketio.exceptions.ConnectionError:
                refused += 1
                await asyncio.sleep(0.05)
        if client is not None and client.connected:
            await client.disconnect()
        return {"sent": sent, "closed_at": closed_at, "refused": refused}

    out.put(asyncio.run(go()))


async def run(args: argparse.Namespace, database_url: str, workdir: Path) -> int:
    server = Server(str(ROOT / ".venv" / "bin" / "python"), ROOT, database_url, workdir, {})
    try:
        await server.wait_ready(60)
        async with aiohttp.ClientSession(connector=aiohttp.TCPConnector(limit=0)) as http:
            async with http.post(f"{server.base}/api/workshops", json={"title": "Flood"}) as r:
                created = await r.json()
            code = created["code"]
            phones, seqs = await honest_phones(http, server.base, code, args.phones)
            flood_token = await join_token(http, server.base, code)
            print(
                f"{args.phones} honest phones, one flooder; database {database_url.split(':')[0]}"
            )
            snapshot = f"{server.base}/api/workshops/{code}"
            for round_name in ("quiet", "flood", "after"):
                acks: list[float] = []
                reads: list[float] = []
                until = time.perf_counter() + args.seconds
                report: dict = {}
                tasks = [honest_phone(p, q, until, acks) for p, q in zip(phones, seqs, strict=True)]
                tasks.append(reader(http, snapshot, until, reads))
                process = None
                if round_name != "quiet":
                    out = multiprocessing.Queue()
                    process = multiprocessing.Process(
                        target=flood, args=(server.base, code, flood_token, args.seconds, out)
                    )
                    process.start()
                await asyncio.gather(*tasks)
                if process is not None:
                    report = await asyncio.to_thread(out.get, True, 60)
                    process.join(10)
                timeouts = sum(q.pop("timeouts", 0) for q in seqs)
                line = f"{round_name:<6} phones' acks {spread(acks)}; HTTP {spread(reads)}"
                if timeouts:
                    line += f"; {timeouts} acks never came (30 s)"
                if report:
                    closed = report["closed_at"]
                    cut = f"cut off after {closed:.2f} s" if closed is not None else "never cut off"
                    line += (
                        f"; flooder sent {report['sent']:,}, {cut}, "
                        f"{report['refused']:,} reconnects refused"
                    )
                print(line, flush=True)
            for client in phones:
                await client.disconnect()
    finally:
        server.stop()
    return 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--phones", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=10.0)
    parser.add_argument("--database-url", help="default: a throwaway SQLite file")
    return on_a_database(parser.parse_args(), run, "flood.db")


if __name__ == "__main__":
    sys.exit(main())
