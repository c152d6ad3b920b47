"""A real server under eventlet: kill -9 in the middle of a workshop, and two processes at once."""

import io
import json
import socket
import threading
import time
import uuid

import docx
import pytest
import requests
import socketio

from tests.conftest import service_url
from tests.live_server import LiveServer


class Device:
    """A python-socketio client that reconnects by itself and keeps its last seq, like the pages."""

    def __init__(self, server_url: str, code: str, token: str) -> None:
        self.last_seq: int | None = None
        self.states = 0
        self.events: list[tuple[str, dict]] = []
        self.changed = threading.Condition()
        self.sio = socketio.Client(
            reconnection=True, reconnection_delay=0.2, reconnection_delay_max=1
        )
        self.sio.on("*", self._on_event)
        self.code, self.token = code, token
        self.sio.connect(server_url, auth=self._auth, transports=["websocket"], wait_timeout=10)

    def _auth(self) -> dict:
        auth = {"code": self.code, "token": self.token}
        if self.last_seq is not None:
            auth["last_seq"] = self.last_seq
        return auth

    def _on_event(self, name: str, payload: dict) -> None:
        with self.changed:
            if name == "state":
                self.states += 1
            if isinstance(payload, dict) and "seq" in payload:
                self.last_seq = payload["seq"]
            self.events.append((name, payload))
            self.changed.notify_all()

    def wait_for(self, predicate, timeout: float = 20.0) -> None:
        with self.changed:
            assert self.changed.wait_for(lambda: predicate(self), timeout), self.events[-5:]

    def send(self, command: str, payload: dict) -> dict:
        return self.sio.call(command, payload, timeout=10)

    def texts(self) -> list[str]:
        return [p["card"]["text"] for name, p in self.events if name == "card_posted"]

    def close(self) -> None:
        self.sio.disconnect()


@pytest.fixture
def server(tmp_path):
    live = LiveServer(f"sqlite:///{tmp_path / 'hall.db'}").start()
    yield live
    live.stop()


def test_a_workshop_survives_kill_9_and_phones_catch_up_on_their_own(server):
    created = server.create_workshop(title="Taller que sobrevive")
    code = created["code"]
    console = Device(server.url, code, created["facilitator_token"])
    assert console.send("set_phase", {"phase": "problems"})["ok"]
    rosa_join = server.join(code, "Rosa")
    rosa = Device(server.url, code, rosa_join["token"])
    rosa.wait_for(lambda d: d.states == 1)
    acked = rosa.send(
        "post_card",
        {"kind": "problem", "text": "Se va la luz cada tarde", "client_id": str(uuid.uuid4())},
    )
    assert acked["ok"]
    rosa.wait_for(lambda d: d.last_seq == 2)

    server.kill_hard()
    server.start()  # same port, same database file
    # While Rosa is still reconnecting, the facilitator moves on.
    console.wait_for(lambda d: d.sio.connected and [n for n, _ in d.events].count("me") == 1)
    assert console.send("set_phase", {"phase": "ideas"})["ok"]

    rosa.wait_for(lambda d: d.last_seq == 3)
    assert rosa.states == 1  # brought to the present by replay, not by a fresh state
    assert rosa.texts() == ["Se va la luz cada tarde"]
    snapshot = __import__("requests").get(f"{server.url}/api/workshops/{code}", timeout=5).json()
    assert [c["text"] for c in snapshot["cards"]] == ["Se va la luz cada tarde"]
    assert snapshot["workshop"]["phase"] == "ideas"
    rosa.close()
    console.close()


def test_under_eventlet_the_published_plan_renders_off_the_loop_and_bad_polls_get_an_answer(
    server,
):
    created = server.create_workshop(title="Cabildo abierto")
    code = created["code"]
    console = Device(server.url, code, created["facilitator_token"])
    assert console.sio.call("publish_plan", {}, timeout=10)["ok"]
    # Rendered in eventlet's worker thread, in the workshop's language, then kept.
    word = requests.get(f"{server.url}/api/workshops/{code}/plan.docx", timeout=30)
    words = "\n".join(p.text for p in docx.Document(io.BytesIO(word.content)).paragraphs)
    assert "Borrador de plan de acción municipal" in words
    again = requests.get(
        f"{server.url}/api/workshops/{code}/plan.docx",
        headers={"If-None-Match": word.headers["ETag"]},
        timeout=10,
    )
    assert again.status_code == 304
    # Engine.IO alone would close this session and never answer the POST.
    poll = f"{server.url}/socket.io/?EIO=4&transport=polling"
    sid = json.loads(requests.get(poll, timeout=10).text[1:])["sid"]
    started = time.monotonic()
    answer = requests.post(f"{poll}&sid={sid}", data="4" + "x" * 70_000, timeout=10)
    assert answer.status_code == 413 and time.monotonic() - started < 2
    assert requests.post(f"{poll}&sid={sid}", data="9hola", timeout=10).status_code == 400
    console.sio.disconnect()


def websocket_extensions(server: LiveServer) -> str:
    """The extensions a browser's websocket handshake is answered with (it offers deflate)."""
    with socket.create_connection(("127.0.0.1", server.port), timeout=10) as raw:
        raw.sendall(
            b"GET /socket.io/?EIO=4&transport=websocket HTTP/1.1\r\nHost: 127.0.0.1\r\n"
            b"Upgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Version: 13\r\n"
            b"Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
            b"Sec-WebSocket-Extensions: permessage-deflate; client_max_window_bits\r\n\r\n"
        )
        head = raw.recv(4096).decode("latin-1").split("\r\n\r\n")[0]
    assert head.startswith("HTTP/1.1 101"), head
    lines = [line.split(":", 1) for line in head.split("\r\n")[1:]]
    return next((v.strip() for k, v in lines if k.lower() == "sec-websocket-extensions"), "")


def test_websocket_compression_is_a_setting(tmp_path):
    compressed = LiveServer(f"sqlite:///{tmp_path / 'on.db'}").start()
    plain = LiveServer(f"sqlite:///{tmp_path / 'off.db'}", WEBSOCKET_DEFLATE="0").start()
    try:
        assert websocket_extensions(compressed).startswith("permessage-deflate")
        assert websocket_extensions(plain) == ""
    finally:
        compressed.stop()
        plain.stop()


@pytest.mark.redis
@pytest.mark.postgres
def test_two_server_processes_share_one_hall_through_redis(postgres_url):
    redis_url = service_url("TEST_REDIS_URL", "Redis")
    shared = {"SOCKETIO_MESSAGE_QUEUE": redis_url, "REDIS_KEY_PREFIX": f"t{uuid.uuid4().hex}"}
    first = LiveServer(postgres_url, **shared).start()
    second = LiveServer(postgres_url, **shared).start()
    try:
        created = first.create_workshop(title="Dos procesos, una sala")
        code = created["code"]
        console = Device(first.url, code, created["facilitator_token"])
        assert console.send("set_phase", {"phase": "ideas"})["ok"]
        rosa = Device(second.url, code, second.join(code, "Rosa")["token"])
        rosa.wait_for(lambda d: d.states == 1)
        time.sleep(0.3)

        ack = console.send(
            "post_card",
            {"kind": "idea", "text": "Cisterna comunitaria", "client_id": str(uuid.uuid4())},
        )
        assert ack["ok"]
        rosa.wait_for(lambda d: "Cisterna comunitaria" in d.texts())

        # Both processes count the same hall: Rosa on the second, Juan on the first.
        juan = Device(first.url, code, first.join(code, "Juan", "official")["token"])
        for device in (console, rosa):
            device.wait_for(
                lambda d: any(
                    name == "presence" and p["count"] == 2 and p["by_role"]["official"] == 1
                    for name, p in d.events
                )
            )
        juan.close()
        console.wait_for(lambda d: [p for n, p in d.events if n == "presence"][-1]["count"] == 1)

        outsider = Device(
            second.url, (other := first.create_workshop())["code"], other["facilitator_token"]
        )
        time.sleep(0.5)
        assert outsider.texts() == []
        for device in (rosa, console, outsider):
            device.close()
    finally:
        first.stop()
        second.stop()


@pytest.mark.postgres
@pytest.mark.parametrize(
    "budget, cap, stored", [(3, None, 3), (5, 1, 1)], ids=["budget", "cap-per-option"]
)
def test_fifty_votes_at_once_through_two_server_processes_store_exactly_the_budget(
    postgres_url, budget, cap, stored
):
    """One person, two phones, each on its own server process, tapping as fast as they can."""
    from concurrent.futures import ThreadPoolExecutor

    first, second = LiveServer(postgres_url).start(), LiveServer(postgres_url).start()
    try:
        created = first.create_workshop(
            title="Votación en dos procesos",
            votes_per_participant=budget,
            max_votes_per_target=cap,
        )
        code = created["code"]
        console = Device(first.url, code, created["facilitator_token"])
        assert console.send("set_phase", {"phase": "ideas"})["ok"]
        card = console.send(
            "post_card",
            {"kind": "idea", "text": "Cisterna comunitaria", "client_id": str(uuid.uuid4())},
        )["card"]["id"]
        assert console.send("set_phase", {"phase": "vote"})["ok"]
        token = first.join(code, "Rosa")["token"]
        phones = [Device(first.url, code, token), Device(second.url, code, token)]

        def tap(n: int) -> dict:
            return phones[n % 2].send("cast_vote", {"card_id": card, "client_id": f"tap-{n}"})

        with ThreadPoolExecutor(max_workers=50) as pool:
            acks = list(pool.map(tap, range(50)))

        assert [a["ok"] for a in acks].count(True) == stored
        assert {a["error"]["code"] for a in acks if not a["ok"]} == {"budget_exhausted"}
        snapshot = (
            __import__("requests").get(f"{second.url}/api/workshops/{code}", timeout=5).json()
        )
        assert snapshot["tally"]["votes_cast"] == stored
        for device in (console, *phones):
            device.close()
    finally:
        first.stop()
        second.stop()
