#!/usr/bin/env python3
"""Hold N Socket.IO connections (default 5,000) open on one server at once.

Starts run.py on a loopback port with its own SQLite file, creates a workshop, then opens N
websockets that each speak Socket.IO by hand (engine.io open, CONNECT with the projector's
read-only token, wait for `state`, answer pings), keeps them all open for --hold seconds and
checks they are still there. Prints how many connected, how long the opening took, the
server's RSS and CPU, and how many dropped while held. It shows whether the server really has
room for a hall's worth of connections (eventlet stops accepting at 1,024 unless told
otherwise, and the default limit of 1,024 open files would stop it sooner).

It also prints the server's RSS per held connection (what the connections added, divided by
their number). --deflate offers permessage-deflate as browsers do (the server then keeps a
compressor per connection); without it the client offers none.

Example:  .venv/bin/python bench/connections.py --connections 5000
          .venv/bin/python bench/connections.py --connections 2000 --deflate
"""

import argparse
import asyncio
import json
import os
import resource
import sys
import tempfile
import time
from pathlib import Path

import aiohttp
import psutil
import requests

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from tests.live_server import LiveServer  # noqa: E402


class Counters:
    def __init__(self) -> None:
        self.connected = 0
        self.failed = 0
        self.dropped = 0
        self.errors: dict[str, int] = {}

    def fail(self, reason: str) -> None:
        self.failed += 1
        self.errors[reason] = self.errors.get(reason, 0) + 1


async def hold_one(
    session, url: str, auth: dict, counters: Counters, release: asyncio.Event, deflate: bool
):
    """One projector-like client: connect, receive state, stay until released, answer pings."""
    try:
        async with session.ws_connect(
            url, autoping=True, heartbeat=None, compress=15 if deflate else 0
        ) as ws:
            opened = await ws.receive_str(timeout=60)
            if not opened.startswith("0"):
                counters.fail("no engine.io open")
                return
            await ws.send_str("40" + json.dumps(auth))
            got_state = False
            while not got_state:
                message = await ws.receive_str(timeout=60)
                if message == "2":
                    await ws.send_str("3")
                elif message.startswith("44"):
                    counters.fail("connect refused")
                    return
                elif message.startswith('42["state"'):
                    got_state = True
            counters.connected += 1
            while not release.is_set():
                try:
                    message = await asyncio.wait_for(ws.receive(), timeout=1)
                except TimeoutError:
                    continue
                if message.type == aiohttp.WSMsgType.TEXT and message.data == "2":
                    await ws.send_str("3")
                elif message.type in (
                    aiohttp.WSMsgType.CLOSE,
                    aiohttp.WSMsgType.CLOSED,
                    aiohttp.WSMsgType.ERROR,
                ):
                    counters.dropped += 1
                    return
    except (TimeoutError, aiohttp.ClientError, OSError) as error:
        counters.fail(type(error).__name__)


async def run(args, server: LiveServer) -> dict:
    created = requests.post(
        server.url + "/api/workshops", json={"title": "Sala llena"}, timeout=10
    ).json()
    token = created["links"]["screen"].split("#token=")[1]
    auth = {"code": created["code"], "token": token}
    url = server.url.replace("http", "ws", 1) + "/socket.io/?EIO=4&transport=websocket"
    counters = Counters()
    release = asyncio.Event()
    process = psutil.Process(server.process.pid)
    cpu_before = sum(process.cpu_times()[:2])
    rss_before = process.memory_info().rss
    connector = aiohttp.TCPConnector(limit=0)
    async with aiohttp.ClientSession(connector=connector) as session:
        started = time.monotonic()
        tasks = []
        for n in range(args.connections):
            tasks.append(
                asyncio.create_task(hold_one(session, url, auth, counters, release, args.deflate))
            )
            if n % args.batch == args.batch - 1:
                await asyncio.sleep(args.pause)  # a hall arrives fast, not in one instant
        deadline = started + args.timeout
        while counters.connected + counters.failed < args.connections:
            if time.monotonic() > deadline:
                break
            await asyncio.sleep(0.2)
        opened_s = time.monotonic() - started
        connected_at_peak = counters.connected
        await asyncio.sleep(args.hold)
        rss = process.memory_info().rss
        rss_mb = rss / 2**20
        cpu_s = sum(process.cpu_times()[:2]) - cpu_before
        release.set()
        await asyncio.gather(*tasks, return_exceptions=True)
    return {
        "connections": args.connections,
        "connected": connected_at_peak,
        "failed": counters.failed,
        "failures": counters.errors,
        "dropped_while_held": counters.dropped,
        "open_s": round(opened_s, 1),
        "held_s": args.hold,
        "server_rss_mb": round(rss_mb, 1),
        "rss_per_connection_kb": round((rss - rss_before) / max(1, connected_at_peak) / 1024, 1),
        "deflate": args.deflate,
        "server_cpu_s": round(cpu_s, 1),
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--connections", type=int, default=5000)
    parser.add_argument("--batch", type=int, default=250, help="connections opened per batch")
    parser.add_argument("--pause", type=float, default=0.25, help="seconds between batches")
    parser.add_argument("--hold", type=float, default=30.0, help="seconds to keep them open")
    parser.add_argument("--timeout", type=float, default=240.0)
    parser.add_argument("--deflate", action="store_true", help="offer permessage-deflate")
    args = parser.parse_args()
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    resource.setrlimit(resource.RLIMIT_NOFILE, (min(hard, args.connections + 1024), hard))
    with tempfile.TemporaryDirectory(prefix="connections-") as tmp:
        server = LiveServer(
            f"sqlite:///{Path(tmp) / 'c.db'}", SECRET_KEY=os.environ.get("SECRET_KEY", "bench")
        )
        server.start(timeout=60)
        try:
            result = asyncio.run(run(args, server))
        finally:
            server.stop()
    for key, value in result.items():
        print(f"{key:22} {value}")
    ok = result["connected"] == args.connections and result["dropped_while_held"] == 0
    print("OK: every connection opened and stayed open" if ok else "FAIL")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
