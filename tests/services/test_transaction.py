"""One commit per command: what is stored is what was acknowledged, numbered by seq."""

import pytest
import sqlalchemy as sa

from workshop import services
from workshop.domain.commands import PostCard
from workshop.domain.errors import WrongPhase
from workshop.extensions import db
from workshop.models import Card, Event, Workshop
from workshop.services.transaction import holds_workshop_lock, store_event


def test_every_event_is_stored_with_a_seq_that_grows_by_one(hall):
    hall.phase("ideas")
    hall.idea("Cisterna comunitaria")
    hall.idea("Reparar la tubería")
    hall.phase("vote")
    stored = db.session.execute(sa.select(Event.seq, Event.name).order_by(Event.seq)).all()
    assert stored == [
        (1, "phase_changed"),
        (2, "card_posted"),
        (3, "card_posted"),
        (4, "phase_changed"),
    ]
    assert db.session.scalar(sa.select(Workshop.last_seq)) == 4


def test_a_refused_command_stores_nothing(hall):
    rosa = hall.join()
    with pytest.raises(WrongPhase):
        services.post_card(rosa, PostCard("idea", "Fuera de fase", None, "x1"))
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Card)) == 0
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Event)) == 0


def test_a_writer_is_marked_as_holding_the_workshop_lock_only_until_its_transaction_ends(hall):
    hall.phase("ideas")
    assert not holds_workshop_lock.get()  # committed: others may go first again
    hall.idea("Cisterna comunitaria")
    assert not holds_workshop_lock.get()
    store_event(hall.facilitator, "card_posted", {"card": {}})
    assert holds_workshop_lock.get()  # asked for the lock: run straight through to the end
    db.session.close()  # a transaction can also end without commit or rollback
    assert not holds_workshop_lock.get()
