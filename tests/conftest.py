"""Fixtures that let a test read like a workshop happening in a community hall."""

import os
import time
import uuid
from collections.abc import Callable, Iterator
from typing import Any

import pytest
import sqlalchemy as sa
from flask import Flask
from flask.testing import FlaskClient
from flask_migrate import upgrade

from workshop import create_app
from workshop.extensions import db, socketio
from workshop.realtime import live

REQUIRE_SERVICES = os.environ.get("COCREA_REQUIRE_SERVICES") == "1"


def service_url(variable: str, what: str) -> str:
    """The URL of a local service for tests that need one; CI insists, a laptop may skip."""
    url = os.environ.get(variable)
    if not url:
        message = f"{variable} is not set: these tests need {what}"
        if REQUIRE_SERVICES:
            pytest.fail(message + " (required in CI)")
        pytest.skip(message)
    return url


def make_app(database_url: str, **overrides: Any) -> Flask:
    app = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": database_url, **overrides})
    with app.app_context():
        upgrade()
    return app


def close_app(app: Flask) -> None:
    """Let the last broadcasts go out before the database goes, so no test hears another's."""
    live.settle()
    with app.app_context():
        db.engine.dispose()


@pytest.fixture
def app(tmp_path) -> Iterator[Flask]:
    app = make_app(f"sqlite:///{tmp_path / 'cocrea.db'}")
    yield app
    close_app(app)


@pytest.fixture
def postgres_url():
    """A fresh schema in the test database, dropped afterwards: tests never share tables."""
    base = service_url("TEST_DATABASE_URL", "PostgreSQL")
    schema = f"cocrea_{uuid.uuid4().hex[:10]}"
    engine = sa.create_engine(base.replace("postgresql://", "postgresql+psycopg://", 1))
    with engine.begin() as connection:
        connection.execute(sa.text(f'CREATE SCHEMA "{schema}"'))
    separator = "&" if "?" in base else "?"
    yield f"{base}{separator}options=-csearch_path%3D{schema}"
    with engine.begin() as connection:
        connection.execute(sa.text(f'DROP SCHEMA "{schema}" CASCADE'))
    engine.dispose()


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    return app.test_client()


class Phone:
    """One connected device: a citizen's phone, the facilitator's console or the projector."""

    def __init__(
        self, app: Flask, code: str, token: str, identity: dict | None = None, **auth: Any
    ) -> None:
        self.app = app
        self.code = code
        self.token = token
        self.identity = identity or {}
        self.sio = socketio.test_client(
            app, flask_test_client=app.test_client(), auth={"code": code, "token": token, **auth}
        )
        self.log: list[tuple[str, Any]] = []

    @property
    def participant_id(self) -> int:
        return self.identity["participant_id"]

    # commands ---------------------------------------------------------------------------

    def send(self, command: str, payload: Any = None) -> dict:
        return self.sio.emit(command, payload, callback=True)

    def post(self, kind: str, text: str, **extra: Any) -> dict:
        return self.send(
            "post_card", {"kind": kind, "text": text, "client_id": str(uuid.uuid4()), **extra}
        )

    def post_problem(self, text: str) -> dict:
        return self.post("problem", text)

    def post_idea(self, text: str, **extra: Any) -> dict:
        return self.post("idea", text, **extra)

    def vote(self, **target: int) -> dict:
        return self.send("cast_vote", {**target, "client_id": str(uuid.uuid4())})

    def move_to(self, phase: str, **extra: Any) -> dict:
        return self.send("set_phase", {"phase": phase, **extra})

    # what arrived -----------------------------------------------------------------------

    def collect(self) -> list[tuple[str, Any]]:
        for packet in self.sio.get_received():
            self.log.append((packet["name"], packet["args"][0] if packet["args"] else None))
        return self.log

    def received(self, name: str) -> list[Any]:
        return [payload for event, payload in self.collect() if event == name]

    def names(self) -> list[str]:
        return [event for event, _ in self.collect()]

    def story(self) -> list[str]:
        """The events in order, without tally and presence: those are paced, any time."""
        return [name for name in self.names() if name not in ("tally", "presence")]

    def wait_for(
        self, name: str, until: Callable[[Any], bool] = lambda _: True, timeout: float = 3.0
    ) -> Any:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            matching = [p for p in self.received(name) if until(p)]
            if matching:
                return matching[-1]
            time.sleep(0.02)
        raise AssertionError(f"no {name!r} matching within {timeout}s; got {self.names()}")

    def forget(self) -> None:
        self.collect()
        self.log.clear()

    def leave(self) -> None:
        if self.sio.is_connected():
            self.sio.disconnect()


class OpenWorkshop:
    """A workshop created through the API, and the devices that joined it."""

    def __init__(self, app: Flask, created: dict) -> None:
        self.app = app
        self.code: str = created["code"]
        self.facilitator_token: str = created["facilitator_token"]
        self.links: dict = created["links"]
        self.http = app.test_client()
        self.devices: list[Phone] = []

    @property
    def screen_token(self) -> str:
        return self.links["screen"].split("#token=")[1]

    def _connect(self, token: str, identity: dict | None = None, **auth: Any) -> Phone:
        phone = Phone(self.app, self.code, token, identity, **auth)
        self.devices.append(phone)
        return phone

    def facilitator(self, **auth: Any) -> Phone:
        return self._connect(self.facilitator_token, **auth)

    def screen(self) -> Phone:
        return self._connect(self.screen_token)

    def join_http(self, name: str = "", role: str = "citizen") -> dict:
        response = self.http.post(
            f"/api/workshops/{self.code}/participants",
            json={"name": name, "role": role, "consent": True},
        )
        assert response.status_code == 201, response.json
        return response.json

    def join(self, name: str = "", role: str = "citizen", **auth: Any) -> Phone:
        joined = self.join_http(name, role)
        return self._connect(joined["token"], joined, **auth)

    def reconnect(self, phone: Phone, **auth: Any) -> Phone:
        phone.leave()
        return self._connect(phone.token, phone.identity, **auth)

    def snapshot(self) -> dict:
        return self.http.get(f"/api/workshops/{self.code}").json

    def close(self) -> None:
        for device in self.devices:
            device.leave()


@pytest.fixture
def open_workshop(app: Flask) -> Iterator[Callable[..., OpenWorkshop]]:
    """Create workshops as a facilitator would, and disconnect everyone afterwards."""
    opened: list[OpenWorkshop] = []

    def create(title: str = "Agua y barrio: Tlacolula 2026", **fields: Any) -> OpenWorkshop:
        response = app.test_client().post("/api/workshops", json={"title": title, **fields})
        assert response.status_code == 201, response.json
        workshop = OpenWorkshop(app, response.json)
        opened.append(workshop)
        return workshop

    yield create
    for workshop in opened:
        workshop.close()
