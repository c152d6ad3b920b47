#!/usr/bin/env python3
"""Open and close connections in rounds, and watch whether the server's memory comes back.

Starts run.py on a loopback port with its own SQLite file and creates a workshop. Each round
opens --per-round connections, --concurrency at a time, and closes them all; then it waits
--settle seconds and reads the server's RSS. A leak grows the same amount every round; an
allocator keeping its high-water mark grows in the first rounds and then stays flat. The
script prints RSS per round and the growth over the second half of the rounds, per 1,000
connections.

Kinds of connection (--kind):
- `phone`: a new participant joins over HTTP, connects by websocket, gets `state`, leaves;
- `polling`: the same phone over Engine.IO long-polling, closed with a close packet;
  (--same-phone: one participant reconnecting every time, so that only connections add up);
- `hostile`: a polling session that sends a POST larger than the server takes (or a packet
  engine.io does not know, with --bad-packet) and walks away, as the review of issue 12 did.

    .venv/bin/python bench/churn.py                        # 12 rounds of 1,000 phones
    .venv/bin/python bench/churn.py --kind hostile --rounds 6
"""

import argparse
import asyncio
import json
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

import aiohttp
import psutil
import requests

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from tests.live_server import LiveServer  # noqa: E402

SAME_PHONE: dict[str, str] = {}  # --same-phone: the one token every connection uses


async def join(session, base: str, code: str) -> str:
    if SAME_PHONE:
        return SAME_PHONE["token"]
    async with session.post(
        f"{base}/api/workshops/{code}/participants", json={"consent": True, "role": "citizen"}
    ) as answer:
        return (await answer.json())["token"]


async def phone(session, base: str, code: str) -> None:
    token = await join(session, base, code)
    url = base.replace("http", "ws", 1) + "/socket.io/?EIO=4&transport=websocket"
    async with session.ws_connect(url) as ws:
        await ws.receive_str(timeout=30)
        await ws.send_str("40" + json.dumps({"code": code, "token": token}))
        while True:
            message = await ws.receive_str(timeout=30)
            if message == "2":
                await ws.send_str("3")
            elif message.startswith('42["state"'):
                return


async def polling(session, base: str, code: str) -> None:
    token = await join(session, base, code)
    url = f"{base}/socket.io/?EIO=4&transport=polling"
    async with session.get(url) as answer:
        sid = json.loads((await answer.text())[1:])["sid"]
    url += f"&sid={sid}"
    async with session.post(url, data="40" + json.dumps({"code": code, "token": token})):
        pass
    for _ in range(5):
        async with session.get(url) as answer:
            if '42["state"' in await answer.text():
                break
    async with session.post(url, data="1"):
        pass


def hostile(bad_packet: bool):
    async def one(session, base: str, code: str) -> None:
        url = f"{base}/socket.io/?EIO=4&transport=polling"
        async with session.get(url) as answer:
            sid = json.loads((await answer.text())[1:])["sid"]
        body = "9hello" if bad_packet else "4" + "x" * 70_000
        try:
            wait = aiohttp.ClientTimeout(2)
            async with session.post(f"{url}&sid={sid}", data=body, timeout=wait):
                pass
        except TimeoutError:
            pass  # the old server never answered these

    return one


async def run(args, server: LiveServer) -> list[dict]:
    created = requests.post(server.url + "/api/workshops", json={"title": "Ronda"}, timeout=10)
    code = created.json()["code"]
    kinds = {"phone": phone, "polling": polling, "hostile": hostile(args.bad_packet)}
    connect = kinds[args.kind]
    if args.same_phone:
        joined = requests.post(
            f"{server.url}/api/workshops/{code}/participants",
            json={"consent": True, "role": "citizen"},
            timeout=10,
        )
        SAME_PHONE["token"] = joined.json()["token"]
    process = psutil.Process(server.process.pid)
    rounds = [{"round": 0, "rss_mb": process.memory_info().rss / 2**20, "failed": 0}]
    gate = asyncio.Semaphore(args.concurrency)

    async def one(session) -> bool:
        async with gate:
            try:
                await asyncio.wait_for(connect(session, server.url, code), 30)
                return True
            except (TimeoutError, aiohttp.ClientError, OSError, KeyError, ValueError):
                return False

    for number in range(1, args.rounds + 1):
        started = time.monotonic()
        async with aiohttp.ClientSession(connector=aiohttp.TCPConnector(limit=0)) as session:
            done = await asyncio.gather(*(one(session) for _ in range(args.per_round)))
        seconds = time.monotonic() - started
        await asyncio.sleep(args.settle)
        rss = process.memory_info().rss / 2**20
        rounds.append(
            {"round": number, "rss_mb": rss, "failed": done.count(False), "seconds": seconds}
        )
        print(
            f"round {number:3}: {args.per_round} {args.kind} connections in {seconds:5.1f} s, "
            f"{done.count(False)} failed; server RSS {rss:7.1f} MB, "
            f"{len(process.net_connections())} sockets open",
            flush=True,
        )
    return rounds


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--kind", choices=("phone", "polling", "hostile"), default="phone")
    parser.add_argument("--bad-packet", action="store_true", help="hostile: an unknown packet")
    parser.add_argument(
        "--same-phone", action="store_true", help="one participant reconnecting, not new ones"
    )
    parser.add_argument("--rounds", type=int, default=12)
    parser.add_argument("--per-round", type=int, default=1000)
    parser.add_argument("--concurrency", type=int, default=100)
    parser.add_argument("--settle", type=float, default=3.0, help="seconds before reading RSS")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="churn-") as tmp:
        server = LiveServer(
            f"sqlite:///{Path(tmp) / 'c.db'}",
            SECRET_KEY=os.environ.get("SECRET_KEY", "bench"),
            JOINS_PER_MINUTE="1000000",
            JOINS_PER_ADDRESS_PER_MINUTE="1000000",
        )
        server.start(timeout=60)
        try:
            rounds = asyncio.run(run(args, server))
        finally:
            server.stop()
    half = rounds[len(rounds) // 2 :]
    steps = [b["rss_mb"] - a["rss_mb"] for a, b in zip(half, half[1:], strict=False)]
    per_thousand = statistics.mean(steps) * 1000 / args.per_round if steps else 0.0
    total = args.rounds * args.per_round
    print(f"connections opened and closed  {total}")
    print(f"failed                         {sum(r['failed'] for r in rounds)}")
    start, first = rounds[0]["rss_mb"], rounds[1]["rss_mb"]
    print(f"RSS at start / after round 1   {start:.1f} / {first:.1f} MB")
    print(f"RSS at the end                 {rounds[-1]['rss_mb']:.1f} MB")
    print(f"growth, second half            {per_thousand:+.2f} MB per 1,000 connections")
    return 0


if __name__ == "__main__":
    sys.exit(main())
