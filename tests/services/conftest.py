"""Fixtures for the services' tests: a hall driven straight through the use cases."""

import pytest

from tests.services.hall import Hall


@pytest.fixture
def hall(app):
    with app.app_context():
        yield Hall()
