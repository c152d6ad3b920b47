#!/usr/bin/env python3
"""Paper notes: the console types in a paper wall of 200 notes; how soon does every screen
have all of them?

On a Cocrea server it starts itself (`run.py` on a loopback port, SQLite by default or
--database-url), N phones (default 200) and one projector connect over websockets. The
console then sends the 200 notes two ways, in the same run:

* batch: one `post_paper_notes` command with all 200 notes (what the console's «Notas en
  papel» panel sends);
* one by one: 200 `post_card` commands, each sent after the previous ack (what a console
  without the batch would do, at the facilitation's own rate limit).

For each way it prints the console's wait for its ack(s), and, over every phone and the
projector, p50 / p99 / max of the time from the first command sent until that device had
received all 200 `card_posted` events (Cocrea's pages get a command's events in one `events`
message; --no-batches measures clients of the core protocol, which get them one by one); plus
any device that missed one (the exit status is 1
then). The target is that every screen has the batch in under 2 s.

Example:  .venv/bin/python bench/paper_notes.py --phones 200
"""

from __future__ import annotations

import argparse
import asyncio
import sys
import tempfile
import time
import uuid
from pathlib import Path

import aiohttp
import socketio

sys.path.insert(0, str(Path(__file__).resolve().parent))
from vote_storm import ROOT, Server, percentile, require_loopback, resource_limit, throwaway_schema

NOTES = 200


class Device:
    """A phone or the projector, counting the notes of the current round as they arrive."""

    def __init__(self, http: aiohttp.ClientSession, batches: bool) -> None:
        self.batches = batches
        self.client = socketio.AsyncClient(reconnection=False, http_session=http)
        self.prefix = ""
        self.count = 0
        self.done_at: float | None = None
        self.complete = asyncio.Event()

        @self.client.on("card_posted")
        async def _posted(payload: dict) -> None:
            self.saw(payload)

        @self.client.on("events")  # what Cocrea's pages receive: a command's events at once
        async def _events(payload: dict) -> None:
            for name, event in payload["events"]:
                if name == "card_posted":
                    self.saw(event)

    def saw(self, payload: dict) -> None:
        if self.prefix and payload["card"]["text"].startswith(self.prefix):
            self.count += 1
            if self.count == NOTES:
                self.done_at = time.perf_counter()
                self.complete.set()

    def expect(self, prefix: str) -> None:
        self.prefix, self.count, self.done_at = prefix, 0, None
        self.complete = asyncio.Event()


async def connect(client, base: str, code: str, token: str, batches: bool = True) -> None:
    auth = {"code": code, "token": token, "batches": batches}
    await client.connect(base, auth=auth, transports=["websocket"], wait_timeout=30)


def spread(seconds: list[float]) -> str:
    ordered = sorted(seconds)
    p50, p99 = percentile(ordered, 50), percentile(ordered, 99)
    return f"p50 {p50 * 1000:7.0f}  p99 {p99 * 1000:7.0f}  max {ordered[-1] * 1000:7.0f} ms"


async def round_of(name, console, devices, send, timeout: float) -> dict:
    prefix = f"{name}-{uuid.uuid4().hex[:6]} "
    for device in devices:
        device.expect(prefix)
    texts = [f"{prefix}nota {n}: el puente de la aldea se cae cuando llueve" for n in range(NOTES)]
    started = time.perf_counter()
    await send(console, texts)
    acked = time.perf_counter() - started
    await asyncio.wait([asyncio.create_task(d.complete.wait()) for d in devices], timeout=timeout)
    arrived = [d.done_at - started for d in devices if d.done_at is not None]
    return {"name": name, "ack": acked, "arrived": arrived, "missing": len(devices) - len(arrived)}


async def batch(console: socketio.AsyncClient, texts: list[str]) -> None:
    payload = {"kind": "problem", "texts": texts, "role": "citizen", "client_id": uuid.uuid4().hex}
    ack = await console.call("post_paper_notes", payload, timeout=60)
    assert ack["ok"], ack


async def one_by_one(console: socketio.AsyncClient, texts: list[str]) -> None:
    for text in texts:
        payload = {"kind": "problem", "text": text, "client_id": uuid.uuid4().hex}
        ack = await console.call("post_card", payload, timeout=60)
        assert ack["ok"], ack


async def run(args: argparse.Namespace, database_url: str, workdir: Path) -> int:
    server = Server(str(ROOT / ".venv" / "bin" / "python"), ROOT, database_url, workdir, {})
    try:
        await server.wait_ready(60)
        async with aiohttp.ClientSession(connector=aiohttp.TCPConnector(limit=0)) as http:
            async with http.post(f"{server.base}/api/workshops", json={"title": "Papel"}) as r:
                created = await r.json()
            code = created["code"]
            screen_token = created["links"]["screen"].split("#token=")[1]
            console = socketio.AsyncClient(reconnection=False, http_session=http)
            await connect(console, server.base, code, created["facilitator_token"])
            devices = [Device(http, args.batches) for _ in range(args.phones + 1)]
            await connect(devices[0].client, server.base, code, screen_token, args.batches)
            gate = asyncio.Semaphore(50)

            async def join(device: Device) -> None:
                async with gate:
                    url = f"{server.base}/api/workshops/{code}/participants"
                    async with http.post(url, json={"consent": True, "role": "citizen"}) as r:
                        token = (await r.json())["token"]
                    await connect(device.client, server.base, code, token, device.batches)

            await asyncio.gather(*(join(d) for d in devices[1:]))
            assert (await console.call("set_phase", {"phase": "problems"}))["ok"]
            print(
                f"{args.phones} phones and a projector connected; database "
                f"{database_url.split(':', 1)[0]}; {NOTES} notes each way; events "
                f"{'batched' if args.batches else 'one by one'}"
            )
            failed = 0
            for name, send in (("batch", batch), ("one-by-one", one_by_one)):
                result = await round_of(name, console, devices, send, args.timeout)
                failed += result["missing"]
                print(
                    f"{name:11} console ack {result['ack'] * 1000:7.0f} ms; all {NOTES} on "
                    f"every screen: {spread(result['arrived'])}; devices missing a note: "
                    f"{result['missing']}"
                )
            for client in [console, *(d.client for d in devices)]:
                await client.disconnect()
            return 1 if failed else 0
    finally:
        server.stop()


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--phones", type=int, default=200, help="phones connected (200)")
    p.add_argument("--database-url", default=None, help="default: a throwaway SQLite file")
    p.add_argument("--timeout", type=float, default=60.0, help="per round, s (60)")
    p.add_argument(
        "--batches",
        action=argparse.BooleanOptionalAction,
        default=True,
        help="devices take a command's events as one message, as Cocrea's pages do (default);"
        " --no-batches: one message per event, as a core-protocol client gets them",
    )
    args = p.parse_args()
    resource_limit()
    with tempfile.TemporaryDirectory(prefix="paper-notes-") as tmp:
        url = args.database_url or f"sqlite:///{Path(tmp) / 'bench.db'}"
        require_loopback(url)
        with throwaway_schema(url) as server_url:
            return asyncio.run(run(args, server_url, Path(tmp)))


if __name__ == "__main__":
    sys.exit(main())
