"""On PostgreSQL, as in production: the budget and the event order hold under real concurrency."""

import json
import subprocess
import sys
import threading
import uuid
from pathlib import Path

import pytest
import sqlalchemy as sa

from tests.conftest import close_app, make_app
from tests.services.hall import Hall, vote_from_two_connections
from workshop import services
from workshop.domain.commands import PostCard
from workshop.extensions import db
from workshop.models import Change, Event, Vote

pytestmark = pytest.mark.postgres
ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def pg_app(postgres_url):
    app = make_app(postgres_url)
    yield app
    close_app(app)


def test_fifty_votes_at_once_from_two_connections_store_exactly_the_budget(pg_app):
    with pg_app.app_context():
        hall = Hall(votes=3)
        hall.phase("ideas")
        card_id = hall.idea("Reparar la red de agua")
        hall.phase("vote")
        rosa = hall.join()
    outcomes = vote_from_two_connections(pg_app, hall, rosa, card_id, attempts=25)
    with pg_app.app_context():
        stored = db.session.scalar(sa.select(sa.func.count()).select_from(Vote))
    assert outcomes.count("ok") == 3 and outcomes.count("exhausted") == 47
    assert stored == 3


def test_concurrent_posts_get_gapless_seqs_in_commit_order(pg_app):
    with pg_app.app_context():
        hall = Hall()
        hall.phase("ideas")
        phones = [hall.join(f"Vecino {n}") for n in range(4)]

    def phone(actor) -> None:
        with pg_app.app_context():
            for n in range(10):
                services.post_card(actor, PostCard("idea", f"Idea {n}", None, str(uuid.uuid4())))

    threads = [threading.Thread(target=phone, args=(p,)) for p in phones]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    with pg_app.app_context():
        seqs = db.session.scalars(sa.select(Event.seq).order_by(Event.id)).all()
    assert seqs == list(range(1, 42))


def test_the_record_of_changes_cannot_be_rewritten_on_postgresql(pg_app):
    with pg_app.app_context():
        hall = Hall()
        hall.phase("ideas")  # one change on record
        for statement in (sa.update(Change).values(actor_name="nadie"), sa.delete(Change)):
            with pytest.raises(sa.exc.DatabaseError, match="append-only"):
                db.session.execute(statement)
            db.session.rollback()
        assert db.session.scalar(sa.select(sa.func.count()).select_from(Change)) == 1


# Run in a child process: run.py monkey-patches with eventlet on import, as `make run` does.
SLOW_QUERIES_UNDER_EVENTLET = """
import json, sys, time
import run
import eventlet
import sqlalchemy as sa
if sys.argv[2] == "cooperative":
    run.cooperative_postgresql()
engine = sa.create_engine(sys.argv[1].replace("postgresql://", "postgresql+psycopg://", 1))
ticks = []

def ticker():
    while len(ticks) < 16:
        ticks.append(time.monotonic())
        eventlet.sleep(0.05)

def slow_query():
    with engine.connect() as connection:
        connection.execute(sa.text("SELECT pg_sleep(0.5)"))

pool = eventlet.GreenPool()
beat = pool.spawn(ticker)
started = time.monotonic()
queries = [pool.spawn(slow_query) for _ in range(2)]
[q.wait() for q in queries]
elapsed = time.monotonic() - started
beat.wait()
print(json.dumps({"elapsed": elapsed, "gap": max(b - a for a, b in zip(ticks, ticks[1:]))}))
"""


def two_slow_queries_under_eventlet(postgres_url: str, mode: str) -> dict:
    done = subprocess.run(
        [sys.executable, "-c", SLOW_QUERIES_UNDER_EVENTLET, postgres_url, mode],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    return json.loads(done.stdout.strip().splitlines()[-1])


def test_under_eventlet_two_slow_queries_overlap_and_the_hall_goes_on_meanwhile(postgres_url):
    served = two_slow_queries_under_eventlet(postgres_url, "cooperative")
    assert served["elapsed"] < 0.85  # two queries of 0.5 s, at the same time
    assert served["gap"] < 0.25  # a greenlet ticking every 50 ms was never held up long
    # What run.py's cooperative_postgresql() mends: psycopg's own wait stops the whole hub.
    blocked = two_slow_queries_under_eventlet(postgres_url, "psycopg")
    assert blocked["elapsed"] > 0.95 and blocked["gap"] > 0.45
