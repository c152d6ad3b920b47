"""The schema people get from `alembic upgrade head` is the one the models describe."""

import pytest
import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask_migrate import downgrade, upgrade

from tests.conftest import close_app, make_app
from workshop.extensions import db


def differences(app) -> list:
    with app.app_context(), db.engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        return compare_metadata(context, db.metadata)


def test_upgrade_on_an_empty_sqlite_database_matches_the_models(app):
    assert differences(app) == []


def test_downgrade_and_upgrade_again_round_trip(app):
    with app.app_context():
        downgrade(revision="base")
        assert sa.inspect(db.engine).get_table_names() == ["alembic_version"]
        upgrade()
    assert differences(app) == []


@pytest.mark.postgres
def test_upgrade_on_an_empty_postgresql_database_matches_the_models(postgres_url):
    app = make_app(postgres_url)
    try:
        assert differences(app) == []
    finally:
        close_app(app)


def test_upgrading_a_database_full_of_workshops_keeps_every_row(tmp_path):
    """A laptop that ran an earlier version upgrades with its workshops, cards and votes intact."""
    app = make_app(f"sqlite:///{tmp_path / 'old.db'}")
    with app.app_context():
        downgrade(revision="0002")
        db.session.execute(
            sa.text(
                "INSERT INTO workshop (id, code, title, municipality, question, locale, phase,"
                " votes_per_participant, plan_size, last_seq, screen_token_hash, created_at)"
                " VALUES (1, 'K7M2QP', 'Taller', '', '', 'es', 'vote', 3, 5, 0, 'x', '2026-11-01')"
            )
        )
        db.session.execute(
            sa.text(
                "INSERT INTO participant (id, workshop_id, name, role, token_hash, votes_used,"
                " created_at) VALUES (1, 1, 'Rosa', 'citizen', 'h', 1, '2026-11-01')"
            )
        )
        db.session.execute(
            sa.text(
                "INSERT INTO card (id, workshop_id, author_id, kind, text, created_at)"
                " VALUES (1, 1, 1, 'idea', 'Cisterna', '2026-11-01')"
            )
        )
        db.session.execute(
            sa.text(
                "INSERT INTO vote (id, workshop_id, participant_id, card_id, created_at)"
                " VALUES (1, 1, 1, 1, '2026-11-01')"
            )
        )
        db.session.commit()

        upgrade()

        row = db.session.execute(
            sa.text("SELECT title, vote_on, results, prioritization FROM workshop")
        ).one()
        assert tuple(row) == ("Taller", "clusters", "live", "dots")
        assert db.session.execute(sa.text("SELECT count(*) FROM vote")).scalar() == 1
        assert db.session.execute(sa.text("PRAGMA foreign_key_check")).all() == []
    assert differences(app) == []
