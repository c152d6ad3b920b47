"""The adversarial review of issue 12, replayed: each attack that once worked, and what the
server does now. One phone must never cost the hall, break a document or read a ballot."""

import csv
import io
import json
import time

import docx
import pytest
import sqlalchemy as sa
from socketio import packet as socketio_packet

from tests.conftest import OpenWorkshop, close_app, make_app
from tests.services.hall import bearer
from tests.services.test_record import plan_changes
from workshop import wire
from workshop.access_log import AccessLog
from workshop.domain.plan import plan_digest
from workshop.export import EXPORTS
from workshop.export.renders import Document, Renders
from workshop.extensions import db
from workshop.models import Card, Participant, PlanVersion
from workshop.sockets import Limits

BELL, NUL, ESC, VTAB, NONCHAR = "\u0007", "\x00", "\x1b", "\x0b", "\ufffe"
SCRIPT, HALL, NEIGHBOUR = "10.0.0.66", "10.0.0.7", "10.0.0.8"  # one script, two phones


def plan(workshop, fmt: str, staff: bool = True):
    headers = bearer(workshop) if staff else {}
    return workshop.http.get(f"/api/workshops/{workshop.code}/plan.{fmt}", headers=headers)


# --- 4. control characters: refused at the door, survived when already stored ---------------


def test_control_characters_are_refused_at_the_door_in_cards_and_names(open_workshop):
    workshop = open_workshop("Mercado")
    console = workshop.facilitator()
    console.move_to("ideas")
    phone = workshop.join("Rosa")
    for bad in (BELL, NUL, ESC, VTAB, NONCHAR):
        answer = phone.post_idea(f"agua{bad}potable")
        assert answer["error"]["code"] == "invalid", repr(bad)
        joined = workshop.http.post(
            f"/api/workshops/{workshop.code}/participants",
            json={"name": f"Ana{bad}", "role": "citizen", "consent": True},
        )
        assert joined.status_code == 400 and joined.json["error"]["code"] == "invalid"
    assert workshop.snapshot()["cards"] == []


def test_every_export_survives_control_characters_already_stored(open_workshop, app):
    workshop = open_workshop("Mercado")
    console = workshop.facilitator()
    console.move_to("ideas")
    rosa = workshop.join("Rosa")
    card = rosa.post_idea("Agua potable")["card"]["id"]
    console.send("publish_plan", {})
    # Stored before the door was shut, or written by another program straight to the table.
    with app.app_context():
        db.session.execute(
            sa.update(Card).where(Card.id == card).values(text=f"Agua{BELL}{ESC}{VTAB}{NONCHAR}")
        )
        db.session.execute(
            sa.update(Participant)
            .where(Participant.id == rosa.participant_id)
            .values(name=f"Ro{BELL}sa")
        )
        db.session.commit()
    console.send("publish_plan", {})
    for fmt in ("docx", "pdf", "csv", "md", "json"):
        for staff in (True, False):
            response = plan(workshop, fmt, staff)
            assert response.status_code == 200, (fmt, staff, response.status_code)
    text = "\n".join(
        p.text for p in docx.Document(io.BytesIO(plan(workshop, "docx").data)).paragraphs
    )
    assert BELL not in text
    # The published page opens as well, whatever is stored.
    assert workshop.http.get(f"/p/{workshop.code}").status_code == 200


# --- 5. download loops on the published plan -------------------------------------------------


def docx_text(data: bytes) -> str:
    document = docx.Document(io.BytesIO(data))
    cells = [c.text for t in document.tables for row in t.rows for c in row.cells]
    return "\n".join([p.text for p in document.paragraphs] + cells)


@pytest.fixture
def archive(tmp_path):
    """A workshop whose published plan may be downloaded five times a minute per address, with
    every costly render counted."""
    renders: list[str] = []

    def counting(fn, *args):
        renders.append(fn.__name__)
        return fn(*args)

    app = make_app(
        f"sqlite:///{tmp_path / 'archive.db'}", RATE_LIMIT_DOWNLOADS=(5, 60.0), OFF_LOOP=counting
    )
    created = app.test_client().post("/api/workshops", json={"title": "Cabildo"}).json
    workshop = OpenWorkshop(app, created)
    workshop.renders = renders
    yield workshop
    workshop.close()
    close_app(app)


def download(workshop, fmt: str, address: str = SCRIPT, **headers):
    url = f"/api/workshops/{workshop.code}/plan.{fmt}"
    return workshop.http.get(url, headers=headers, environ_base={"REMOTE_ADDR": address})


def test_a_download_loop_gets_one_render_then_is_refused_while_the_hall_downloads(archive):
    console = archive.facilitator()
    console.move_to("ideas")
    archive.join("Rosa").post_idea("Agua potable para el barrio")
    console.send("publish_plan", {})
    answers = [download(archive, "pdf") for _ in range(7)]
    assert [a.status_code for a in answers] == [200] * 5 + [429] * 2
    assert len({a.data for a in answers[:5]}) == 1
    assert archive.renders == ["run"]  # the PDF was rendered once, off the request's loop
    refused = answers[-1]
    assert refused.json["error"]["code"] == "rate_limited"
    assert 1 <= int(refused.headers["Retry-After"]) <= 60
    assert refused.json["error"]["retry_after"] == int(refused.headers["Retry-After"])
    # Others in the hall still download; the facilitation is never counted.
    assert download(archive, "pdf", HALL).status_code == 200
    for _ in range(8):
        assert download(archive, "pdf", SCRIPT, **bearer(archive)).status_code == 200


def test_a_kept_copy_is_asked_for_by_its_etag_and_costs_nothing(archive):
    console = archive.facilitator()
    console.move_to("ideas")
    archive.join("Rosa").post_idea("Agua potable para el barrio")
    console.send("publish_plan", {})
    first = download(archive, "docx", HALL)
    tag = first.headers["ETag"]
    again = download(archive, "docx", HALL, **{"If-None-Match": tag})
    assert again.status_code == 304 and again.data == b""
    assert archive.renders == ["run"]


def test_a_card_hidden_after_publishing_leaves_the_kept_documents_too(archive):
    console = archive.facilitator()
    console.move_to("ideas")
    card = archive.join("Rosa").post_idea("Mi vecino Juan Pérez, calle 5 número 12")["card"]
    console.send("publish_plan", {})
    assert "Juan Pérez" in docx_text(download(archive, "docx", HALL).data)
    hidden = console.send("hide_card", {"card_id": card["id"], "category": "personal_data"})
    assert hidden["ok"]
    assert "Juan Pérez" not in docx_text(download(archive, "docx", HALL).data)
    assert len(archive.renders) == 2


def test_a_version_published_before_digests_were_kept_gets_one_when_first_asked(archive):
    console = archive.facilitator()
    console.send("publish_plan", {})
    with archive.app.app_context():
        db.session.execute(sa.update(PlanVersion).values(digest=None))
        db.session.commit()
    first = download(archive, "pdf", HALL)
    assert first.status_code == 200 and first.data.startswith(b"%PDF")
    with archive.app.app_context():
        kept = db.session.scalar(sa.select(PlanVersion.digest))
    assert first.headers["ETag"] == f'"{kept}"'
    assert kept == plan_digest(download(archive, "json", HALL).json)


def test_kept_documents_stay_within_their_memory_the_oldest_dropped_first():
    renders = Renders(max_bytes=10)
    pdf = EXPORTS["pdf"]
    for digest in ("a", "b", "c"):
        renders._put(f"pdf:{digest}", Document(b"12345", f"{digest}.pdf"))
    assert len(renders) == 2
    assert renders.document(pdf, "c", load=lambda: pytest.fail("c is kept")).filename == "c.pdf"
    assert renders._get("pdf:a") is None


# --- 10. invisible cards ---------------------------------------------------------------------


@pytest.mark.parametrize("invisible", ["\u200b\u200b", "\u200c\u200d\u2060", "\ufeff", " \u200b "])
def test_a_card_of_only_invisible_characters_is_refused(open_workshop, invisible):
    workshop = open_workshop("Mercado")
    workshop.facilitator().move_to("ideas")
    answer = workshop.join("Rosa").post_idea(invisible)
    assert answer["error"]["code"] == "invalid"
    assert workshop.snapshot()["cards"] == []


# --- 6. formulas in the CSV -------------------------------------------------------------------


def test_no_cell_of_the_csv_can_run_as_a_formula_in_a_spanish_excel(open_workshop):
    workshop = open_workshop("Mercado")
    console = workshop.facilitator()
    console.move_to("ideas")
    rosa = workshop.join("=cmd|' /C calc'!A0")
    for text in ("x;=1+1;y", "=1+1", "+SUMA(1)", "-2+3", "@A1", "\t=1", "a\n=1+1"):
        assert rosa.post_idea(text)["ok"], text
    body = plan(workshop, "csv").get_data(as_text=True).lstrip("\ufeff")
    # However a spreadsheet splits the file (comma, semicolon, tab, or a line break inside a
    # quoted cell), no piece starts as a formula.
    for separator in (",", ";", "\t"):
        for line in body.replace("\r", "\n").split("\n"):
            for piece in line.split(separator):
                assert not piece.lstrip('"').startswith(("=", "+", "-", "@")), (separator, piece)
    # Every field is quoted, so a semicolon inside a card never splits it in Excel.
    rows = list(csv.reader(io.StringIO(body)))
    assert "x;'=1+1;y" in [cell for row in rows for cell in row]
    assert all(line.startswith('"') for line in body.split("\r\n") if line)


# --- 13. markdown structure --------------------------------------------------------------------


def test_a_card_cannot_inject_structure_into_the_markdown_plan(open_workshop):
    workshop = open_workshop("Mercado")
    console = workshop.facilitator()
    console.move_to("ideas")
    rosa = workshop.join("Rosa")
    card = rosa.post_idea("agua\n## Compromiso falso\n1. robar\n---\n| a | b |\n- x")["card"]
    console.move_to("vote")
    rosa.vote(card_id=card["id"])
    markdown = plan(workshop, "md").get_data(as_text=True)
    lines = markdown.splitlines()
    assert "## Compromiso falso" not in lines
    assert "---" not in lines and not any(line.startswith(("1. robar", "- x")) for line in lines)
    # The ranking table stays one table: every line of it is a row.
    start = lines.index("## Prioridades elegidas por votación")
    table = lines[start + 2 : lines.index("", start + 2)]
    assert table and all(line.startswith("|") and line.endswith("|") for line in table), table


# --- 11. what the docs promise ----------------------------------------------------------------


def test_an_explicit_null_locale_means_spanish_as_every_optional_null_means_its_default(client):
    # The docs said "refused"; every other optional field takes null as its default, so the
    # docs now say that too, and an unknown language is still refused.
    created = client.post("/api/workshops", json={"title": "Mercado", "locale": None})
    assert created.status_code == 201
    assert client.get(f"/api/workshops/{created.json['code']}").json["workshop"]["locale"] == "es"
    refused = client.post("/api/workshops", json={"title": "Mercado", "locale": "fr"})
    assert refused.status_code == 400 and refused.json["error"]["code"] == "invalid"


# --- 9. what the JSON layer cannot hold --------------------------------------------------------


def test_lone_surrogates_and_deep_json_are_invalid_not_a_server_error(open_workshop):
    workshop = open_workshop("Mercado")
    url = f"/api/workshops/{workshop.code}/participants"
    surrogate = b'{"name": "Ana\\ud800", "role": "citizen", "consent": true}'
    deep = b'{"name": ' + b"[" * 20000 + b"]" * 20000 + b', "consent": true}'
    nul = b'{"name": "Ana\\u0000", "role": "citizen", "consent": true}'
    for body in (surrogate, deep, nul):
        answer = workshop.http.post(url, data=body, content_type="application/json")
        assert answer.status_code == 400, (body[:40], answer.status_code)
        assert answer.json["error"]["code"] == "invalid"
    assert json.loads(workshop.http.get(f"/api/workshops/{workshop.code}").data)["workshop"]


# --- 1. a command flood ------------------------------------------------------------------------


def test_a_phone_flooding_commands_is_cut_off_and_kept_out_while_the_hall_goes_on(
    open_workshop, monkeypatch
):
    monkeypatch.setattr(Limits, "barred_s", 1.0)
    workshop = open_workshop("Mercado")
    console = workshop.facilitator()
    console.move_to("ideas")
    rosa, flooder = workshop.join("Rosa"), workshop.join("Script")
    sent = 0
    while flooder.sio.is_connected() and sent < 1000:
        flooder.sio.emit("cast_vote", {}, callback=True)  # cheap to send, refused after 40
        sent += 1
    assert not flooder.sio.is_connected(), "a flood of 1,000 commands was never cut off"
    assert sent <= 40 + 50 + 1  # the limit, then 50 refusals, and the connection is closed

    # The hall goes on: Rosa posts, the console moves on.
    assert rosa.post_idea("Un mercado techado")["ok"]
    assert console.send("set_timer", {"action": "start", "seconds": 60})["ok"]

    # The flooding token is kept out for a while, before any database lookup; then it may
    # come back, like a phone whose owner put it down.
    again = workshop.reconnect(flooder)
    assert not again.sio.is_connected()
    time.sleep(1.1)
    back = workshop.reconnect(flooder)
    assert back.sio.is_connected()
    # Its pace is still over the limit for the rest of the window: answered, not cut off.
    assert back.send("cast_vote", {})["error"]["code"] == "rate_limited"
    assert back.sio.is_connected()


def test_the_console_transcribing_fast_is_never_taken_for_a_flood(open_workshop):
    workshop = open_workshop("Mercado")
    console = workshop.facilitator()
    console.move_to("ideas")
    for n in range(250):
        assert console.post_idea(f"Nota en papel {n}")["ok"], n
    assert console.sio.is_connected()


# --- 2. a join flood, the door and its PIN ----------------------------------------------------


@pytest.fixture
def small_hall(tmp_path):
    """A workshop whose join limits are small enough to reach in a test: 40 a minute for the
    workshop, 30 from one address, 5 wrong PINs per address."""
    app = make_app(
        f"sqlite:///{tmp_path / 'door.db'}",
        RATE_LIMIT_JOINS=(40, 60.0),
        RATE_LIMIT_JOINS_PER_ADDRESS=(30, 60.0),
        RATE_LIMIT_WRONG_PINS=(5, 600.0),
    )
    created = app.test_client().post("/api/workshops", json={"title": "Cabildo"}).json
    workshop = OpenWorkshop(app, created)
    yield workshop
    workshop.close()
    close_app(app)


def knock(workshop, address: str, **body):
    return workshop.http.post(
        f"/api/workshops/{workshop.code}/participants",
        json={"consent": True, "role": "citizen", **body},
        environ_base={"REMOTE_ADDR": address},
    )


def test_a_script_joining_from_one_address_cannot_lock_the_hall_out(small_hall):
    answers = [knock(small_hall, SCRIPT).status_code for _ in range(45)]
    assert answers.count(201) == 30 and answers[30:] == [429] * 15
    # The workshop's own limit is not spent: people from other addresses still come in.
    assert knock(small_hall, HALL, name="Doña Chayo").status_code == 201
    assert knock(small_hall, NEIGHBOUR, name="Don Beto").status_code == 201


def test_the_facilitator_closes_the_door_and_opens_it_with_a_pin(small_hall):
    workshop = small_hall
    console, screen = workshop.facilitator(), workshop.screen()
    inside = workshop.join("Rosa")
    assert inside.send("set_joining", {"joining": "locked"})["error"]["code"] == "forbidden"
    assert console.send("set_joining", {"joining": "ajar"})["error"]["code"] == "invalid"

    # Closed: newcomers are refused, whoever is in stays in.
    assert console.send("set_joining", {"joining": "locked"})["workshop"]["joining"] == "locked"
    refused = knock(workshop, HALL)
    assert refused.status_code == 403 and refused.json["error"]["field"] == "joining"
    assert inside.send("sync", {"last_seq": 0})["ok"]

    # With a PIN: the projector and the consoles show it; phones and the public never get it.
    answer = console.send("set_joining", {"joining": "pin"})
    pin = answer["pin"]
    assert len(pin) == 4 and pin.isdigit()
    assert screen.wait_for("join_pin", lambda p: p["pin"] == pin)
    assert inside.received("join_pin") == [] and pin not in str(inside.collect())
    assert "join_pin" not in workshop.snapshot() and pin not in str(workshop.snapshot())
    assert workshop.reconnect(screen).wait_for("state")["join_pin"] == pin

    missing = knock(workshop, HALL)
    assert missing.status_code == 400 and missing.json["error"]["field"] == "pin"
    wrong = "0000" if pin != "0000" else "1111"
    assert knock(workshop, HALL, pin=wrong).status_code == 400
    assert knock(workshop, HALL, pin=f"{pin[:2]} {pin[2:]}").status_code == 201  # as read aloud

    # Asking for a PIN again gives a new one, and the old one stops working.
    fresh = console.send("set_joining", {"joining": "pin"})["pin"]
    if fresh != pin:
        assert knock(workshop, NEIGHBOUR, pin=pin).status_code == 400
    assert knock(workshop, NEIGHBOUR, pin=fresh).status_code == 201
    assert console.send("set_joining", {"joining": "open"})["workshop"]["joining"] == "open"
    assert knock(workshop, NEIGHBOUR).status_code == 201
    changes = [c for c in plan_changes(workshop) if c["field"] == "joining"]
    assert [c["after"] for c in changes] == ["locked", "pin", "open"]
    assert pin not in str(changes)  # the PIN itself stays out of the public record


def test_guessing_the_pin_costs_the_guesser_not_the_hall(small_hall):
    workshop = small_hall
    pin = workshop.facilitator().send("set_joining", {"joining": "pin"})["pin"]
    guesses = [f"{n:04d}" for n in range(10) if f"{n:04d}" != pin][:6]
    answers = [knock(workshop, SCRIPT, pin=guess).status_code for guess in guesses]
    assert answers == [400] * 6
    # Five wrong PINs: the guessing address waits, even with the right PIN, for ten minutes.
    assert knock(workshop, SCRIPT, pin=pin).status_code == 429
    assert knock(workshop, HALL, pin=pin).status_code == 201


# --- 3. a withheld role cannot be subtracted back out -----------------------------------------


def test_a_lone_officials_ballot_cannot_be_worked_out_from_anything_published(open_workshop):
    workshop = open_workshop("Cabildo", votes_per_participant=2)
    console, screen = workshop.facilitator(), workshop.screen()
    console.move_to("ideas")
    ideas = [console.post_idea(text)["card"]["id"] for text in ("Agua", "Luz", "Camino")]
    console.move_to("vote")
    neighbours = [workshop.join(f"Vecina {n}") for n in range(6)]
    for n, phone in enumerate(neighbours):
        phone.vote(card_id=ideas[n % 2])
    before = screen.wait_for("tally", lambda t: t["votes_cast"] == 6)
    mayor = workshop.join("Alcaldesa", "official")
    mayor.vote(card_id=ideas[2])
    mayor.vote(card_id=ideas[2])
    after = screen.wait_for("tally", lambda t: t["votes_cast"] == 8)

    # Whatever is shown, the options' totals minus the roles shown never isolate her votes:
    # the roles kept back together hold at least three voters.
    held = after["withheld_roles"]
    assert "official" in held
    assert sum(after["voters_by_role"][r] for r in held) >= 3
    for total in after["totals"]:
        assert not set(total["by_role"]) & set(held)
    # The totals by role do not move with her taps either.
    assert after["by_role"]["official"] is None
    assert before["by_role"]["citizen"] == 6 and after["by_role"]["citizen"] is None

    console.move_to("plan")
    plan = plan_json = workshop.http.get(
        f"/api/workshops/{workshop.code}/plan.json", headers=bearer(workshop)
    ).json
    assert plan["withheld"]["official"] == "few_voters"
    for entry in plan_json["ranking"]:
        assert all(entry["votes_by_role"][r] is None for r in held)
    for commitment in plan["commitments"]:
        assert all(commitment["votes_by_role"].get(r) is None for r in held)


# --- 7. framing and the browser's own guards --------------------------------------------------


def test_every_page_forbids_framing_and_inline_code(open_workshop):
    workshop = open_workshop("Cabildo")
    http, code = workshop.http, workshop.code
    workshop.facilitator().send("publish_plan", {})
    for path in (
        "/",
        f"/j/{code}",
        f"/f/{code}",
        f"/s/{code}",
        f"/p/{code}",
        f"/api/workshops/{code}",
        "/j/sw.js",
    ):
        response = http.get(path)
        csp = response.headers["Content-Security-Policy"]
        assert "frame-ancestors 'none'" in csp and "object-src 'none'" in csp, path
        assert "'unsafe-inline'" not in csp and "'unsafe-eval'" not in csp, path
        assert response.headers["X-Frame-Options"] == "DENY", path
        assert response.headers["X-Content-Type-Options"] == "nosniff", path
        assert response.headers["Referrer-Policy"] == "no-referrer", path
        response.close()
    # The console's one inline script, its import map, carries this response's nonce.
    console = http.get(f"/f/{code}")
    nonce = console.headers["Content-Security-Policy"].split("'nonce-")[1].split("'")[0]
    assert f'<script type="importmap" nonce="{nonce}">' in console.get_data(as_text=True)
    assert nonce not in http.get(f"/f/{code}").headers["Content-Security-Policy"]  # fresh


# --- 8 and 9. what the wire cannot hold is answered, not dropped ------------------------------


def test_a_number_of_hundreds_of_digits_gets_an_answer_not_silence(open_workshop):
    workshop = open_workshop("Cabildo")
    console = workshop.facilitator()
    console.move_to("ideas")
    for payload in ({"card_id": 10**150}, {"cluster_id": -(10**300)}, {"client_id": 10**101}):
        answer = console.sio.emit("cast_vote", payload, callback=True)
        assert answer["ok"] is False and answer["error"]["code"] == "invalid", payload
    assert console.send("sync", {"last_seq": 10**200})["error"]["code"] == "invalid"
    assert console.post_idea("Sigue funcionando")["ok"]


def test_deep_nesting_becomes_a_message_the_server_answers():
    deep = "[" * 20000 + "]" * 20000
    decoded = socketio_packet.Packet(encoded_packet='217["cast_vote",' + deep + "]")
    assert decoded.id == 17 and decoded.data == [wire.UNREADABLE]  # the ack id survives
    assert socketio_packet.Packet(encoded_packet='2["x",' + "1" * 200 + "]").data[1] is (
        wire.OVERSIZED
    )


def test_an_unreadable_message_is_answered_invalid_and_counts_as_a_refusal(open_workshop):
    workshop = open_workshop("Cabildo")
    phone = workshop.join("Rosa")
    answer = phone.send(wire.UNREADABLE)
    assert answer["error"]["code"] == "invalid"
    assert "no se pudo leer" in answer["error"]["message"]


def test_a_nul_in_a_client_id_is_invalid_on_every_database(open_workshop):
    workshop = open_workshop("Cabildo")
    console = workshop.facilitator()
    console.move_to("ideas")
    answer = console.send("post_card", {"kind": "idea", "text": "Agua", "client_id": "a\x00b"})
    assert answer["error"]["code"] == "invalid"
    assert workshop.snapshot()["cards"] == []


# --- 12. guessing workshop codes ---------------------------------------------------------------


def test_guessing_codes_from_one_address_soon_stops_answering(app, open_workshop):
    workshop = open_workshop("Cabildo")
    http = app.test_client()
    guesser = {"REMOTE_ADDR": "10.0.0.66"}
    guesses = [f"/api/workshops/ZZZZ{n:02d}" for n in range(31)]
    assert {http.get(g, environ_base=guesser).status_code for g in guesses} == {404}
    # Past thirty unknown codes a minute (the 31st is the last answer), that address gets no
    # answer about any code, even a real one, for five minutes; everyone else is answered.
    assert http.get(f"/api/workshops/{workshop.code}", environ_base=guesser).status_code == 429
    assert http.get(f"/j/{workshop.code}", environ_base=guesser).status_code == 429
    assert http.get(f"/api/workshops/{workshop.code}").status_code == 200
    assert workshop.join("Rosa").sio.is_connected()


# --- 14. a polling session id is only good from the device that opened it ----------------------

POLL = "/socket.io/?EIO=4&transport=polling"
LAPTOP = {"REMOTE_ADDR": "10.0.0.7", "HTTP_USER_AGENT": "Firefox del salón"}


class PollingDevice:
    """A browser on Engine.IO long-polling, spoken by hand through the WSGI app."""

    def __init__(self, workshop: OpenWorkshop, client: dict = LAPTOP) -> None:
        self.http, self.client = workshop.http, client
        opened = self.http.get(POLL, environ_base=client)
        self.sid = json.loads(opened.get_data(as_text=True)[1:])["sid"]

    def post(self, body: bytes | str, client: dict | None = None):
        url = f"{POLL}&sid={self.sid}"
        return self.http.post(url, data=body, environ_base=client or self.client)

    def poll(self, client: dict | None = None):
        return self.http.get(f"{POLL}&sid={self.sid}", environ_base=client or self.client)

    def connect(self, workshop: OpenWorkshop, token: str) -> str:
        connect = "40" + json.dumps({"code": workshop.code, "token": token})
        assert self.post(connect).status_code == 200
        return self.poll().get_data(as_text=True)


def test_a_session_id_seen_in_a_log_does_not_let_anyone_else_speak_for_the_console(open_workshop):
    workshop = open_workshop("Cabildo")
    console = PollingDevice(workshop)
    assert '42["state"' in console.connect(workshop, workshop.facilitator_token)
    stolen = '42["set_phase",{"phase":"vote"}]'
    # From another address, or from the same one in another browser: not that session.
    for stranger in ({**LAPTOP, "REMOTE_ADDR": SCRIPT}, {**LAPTOP, "HTTP_USER_AGENT": "curl/8"}):
        refused = console.post(stolen, client=stranger)
        assert (refused.status_code, refused.get_data(as_text=True)) == (400, '"Invalid session"')
        assert console.poll(client=stranger).status_code == 400  # nor read its messages
    assert workshop.snapshot()["workshop"]["phase"] != "vote"
    # The console itself goes on.
    assert console.post(stolen).status_code == 200
    assert workshop.facilitator().wait_for("state")["workshop"]["phase"] == "vote"


# --- 15. an oversized or malformed polling POST -------------------------------------------------


@pytest.mark.parametrize(
    "body",
    ["4" + "x" * 70_000, "9hola", '0{"sid":"x"}', "4hola\x1e\x1e", b"\xff\xfe", "b4aGVsbG8="],
    ids=["too large", "unknown packet", "client open", "empty packet", "not UTF-8", "binary"],
)
def test_a_bad_polling_post_is_answered_at_once_and_the_session_lives(open_workshop, body):
    workshop = open_workshop("Cabildo")
    phone = PollingDevice(workshop)
    answer = phone.post(body)
    # engine.io would have closed the session and waited for a poll that never comes.
    assert answer.status_code == (413 if len(body) > 64 * 1024 else 400)
    token = workshop.join_http("Rosa")["token"]
    assert '42["state"' in phone.connect(workshop, token)


def test_the_access_log_never_keeps_a_query_string():
    lines = io.StringIO()
    log = AccessLog(lines)
    log.info('10.0.0.7 - - "GET /socket.io/?EIO=4&transport=polling&sid=Ab12 HTTP/1.1" 200 9')
    log.write('10.0.0.7 "GET /j/ABC234?lang=en HTTP/1.1" %s', 200)
    assert lines.getvalue() == (
        '10.0.0.7 - - "GET /socket.io/ HTTP/1.1" 200 9\n10.0.0.7 "GET /j/ABC234 HTTP/1.1" 200\n'
    )
