"""Creating a workshop and joining it: tokens that open only what they should."""

import pytest
import sqlalchemy as sa

from workshop import services
from workshop.domain.errors import Closed, Unauthorized
from workshop.extensions import db
from workshop.models import Participant, Workshop


def test_tokens_are_stored_only_as_hashes(hall):
    rows = db.session.execute(sa.select(Participant.token_hash)).scalars().all()
    workshop = db.session.scalar(sa.select(Workshop))
    assert all(len(h) == 64 for h in rows)
    assert len(workshop.screen_token_hash) == 64
    with pytest.raises(Unauthorized):
        services.authenticate(hall.code, rows[0])  # the hash itself opens nothing


def test_nobody_joins_a_closed_workshop(hall):
    hall.phase("closed")
    with pytest.raises(Closed):
        hall.join()
