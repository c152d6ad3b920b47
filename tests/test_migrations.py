"""The schema people get from `alembic upgrade head` is the one the models describe."""

import pytest
import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask_migrate import downgrade, upgrade

from tests.conftest import make_app
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
        with app.app_context():
            db.engine.dispose()
