"""On PostgreSQL, as in production: the budget and the event order hold under real concurrency."""

import threading
import uuid

import pytest
import sqlalchemy as sa

from tests.conftest import close_app, make_app
from tests.services.hall import Hall, vote_from_two_connections
from workshop import services
from workshop.domain.commands import PostCard
from workshop.extensions import db
from workshop.models import Change, Event, Vote

pytestmark = pytest.mark.postgres


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
