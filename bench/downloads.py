#!/usr/bin/env python3
"""Anonymous download loops on the published plan: do they cost the hall?

On a Cocrea server it starts itself (`run.py`, eventlet, on a loopback port; SQLite unless
--database-url), the console types in a paper wall of --cards notes (default 400) and six
commitments with every field filled, and publishes the plan. Then N honest phones (default
50) each send one command a second and wait for its ack, while a plain HTTP client asks for
the workshop's snapshot once a second. Three rounds of --seconds each, in the same run:

* quiet: nobody downloads, the baseline;
* loops: --loops processes (default 4) download the published `plan.pdf` and `plan.docx`
  without a token, in turn, as fast as the server answers, all from one address;
* after: the loops have stopped.

For each round it prints the honest phones' ack p50 / p99 / max, the HTTP p50 / p99 / max,
and for the loops how many documents they got and how many were refused (429).

Example:  .venv/bin/python bench/downloads.py
"""

from __future__ import annotations

import argparse
import asyncio
import multiprocessing
import random
import sys
import time
import uuid
from pathlib import Path

import aiohttp
import requests
import socketio

sys.path.insert(0, str(Path(__file__).resolve().parent))
from flood import connect, honest_phone, honest_phones, on_a_database, reader, spread
from vote_storm import ROOT, Server

HALL = """
agua barrio escuela iluminación plaza basura recolección vereda árboles biblioteca salud posta
médica transporte ciclovía seguridad jóvenes mujeres huerta drenaje puente camino
"""
WORDS = HALL.split()


def note(rng: random.Random) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(rng.randint(8, 30))).capitalize()


def download_loop(base: str, code: str, seconds: float, out) -> None:
    """In its own process, so that its loop cannot slow the measuring client."""
    got = refused = 0
    until = time.perf_counter() + seconds
    with requests.Session() as http:
        while time.perf_counter() < until:
            for fmt in ("pdf", "docx"):
                answer = http.get(f"{base}/api/workshops/{code}/plan.{fmt}", timeout=60)
                if answer.status_code == 200:
                    got += 1
                elif answer.status_code == 429:
                    refused += 1
    out.put({"got": got, "refused": refused})


async def build_plan(base: str, code: str, token: str, cards: int) -> None:
    console = socketio.AsyncClient(reconnection=False)
    await connect(console, base, code, token)
    rng = random.Random(7)
    for start in range(0, cards, 100):
        texts = [note(rng) for _ in range(min(100, cards - start))]
        ack = await console.call(
            "post_paper_notes",
            {"kind": "idea", "texts": texts, "role": "citizen", "client_id": str(uuid.uuid4())},
            timeout=60,
        )
        assert ack["ok"], ack
    assert (await console.call("set_phase", {"phase": "plan"}, timeout=60))["ok"]
    for n in range(6):
        fields = {
            "lead": "Dirección de Obras",
            "description": note(rng) + ". " + note(rng),
            "current_situation": note(rng),
            "benefit": note(rng),
            "milestones": [
                {"title": note(rng)[:80], "deliverable": note(rng)[:80], "date": "2027-03-01"}
                for _ in range(5)
            ],
        }
        ack = await console.call(
            "add_commitment", {"title": f"Compromiso {n + 1}", "fields": fields}, timeout=60
        )
        assert ack["ok"], ack
    assert (await console.call("publish_plan", {}, timeout=60))["ok"]
    await console.disconnect()


async def run(args: argparse.Namespace, database_url: str, workdir: Path) -> int:
    env = {"DOWNLOADS_PER_ADDRESS_PER_MINUTE": str(args.per_minute)} if args.per_minute else {}
    server = Server(str(ROOT / ".venv" / "bin" / "python"), ROOT, database_url, workdir, env)
    try:
        await server.wait_ready(60)
        async with aiohttp.ClientSession(connector=aiohttp.TCPConnector(limit=0)) as http:
            async with http.post(f"{server.base}/api/workshops", json={"title": "Plan"}) as r:
                created = await r.json()
            code = created["code"]
            await build_plan(server.base, code, created["facilitator_token"], args.cards)
            async with http.get(f"{server.base}/api/workshops/{code}/plan.pdf") as r:
                size = len(await r.read())
            print(f"published plan: {args.cards} cards, 6 commitments; plan.pdf {size:,} bytes")

            phones, seqs = await honest_phones(http, server.base, code, args.phones)
            print(f"{args.phones} honest phones; database {database_url.split(':')[0]}")
            snapshot = f"{server.base}/api/workshops/{code}"
            for round_name in ("quiet", "loops", "after"):
                acks: list[float] = []
                reads: list[float] = []
                until = time.perf_counter() + args.seconds
                tasks = [honest_phone(p, q, until, acks) for p, q in zip(phones, seqs, strict=True)]
                tasks.append(reader(http, snapshot, until, reads))
                loops, out = [], multiprocessing.Queue()
                if round_name == "loops":
                    for _ in range(args.loops):
                        loop = multiprocessing.Process(
                            target=download_loop, args=(server.base, code, args.seconds, out)
                        )
                        loop.start()
                        loops.append(loop)
                await asyncio.gather(*tasks)
                reports = [await asyncio.to_thread(out.get, True, 120) for _ in loops]
                for loop in loops:
                    loop.join(10)
                line = f"{round_name:<6} phones' acks {spread(acks)}; HTTP {spread(reads)}"
                if reports:
                    got = sum(r["got"] for r in reports)
                    refused = sum(r["refused"] for r in reports)
                    line += f"; {args.loops} loops got {got:,} documents, {refused:,} refused"
                print(line, flush=True)
            for client in phones:
                await client.disconnect()
    finally:
        server.stop()
    return 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--phones", type=int, default=50)
    parser.add_argument("--cards", type=int, default=400)
    parser.add_argument("--loops", type=int, default=4)
    parser.add_argument("--seconds", type=float, default=10.0)
    parser.add_argument(
        "--per-minute",
        type=int,
        help="the server's downloads per address per minute (to see "
        "what the kept renders do alone, set it past what the loops reach, e.g. 1000000)",
    )
    parser.add_argument("--database-url", help="default: a throwaway SQLite file")
    return on_a_database(parser.parse_args(), run, "downloads.db")


if __name__ == "__main__":
    sys.exit(main())
