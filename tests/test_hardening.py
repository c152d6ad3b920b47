"""The adversarial review of issue 12, replayed: each attack that once worked, and what the
server does now. One phone must never cost the hall, break a document or read a ballot."""

import csv
import io
import json

import docx
import pytest
import sqlalchemy as sa

from tests.services.hall import bearer
from workshop.extensions import db
from workshop.models import Card, Participant

BELL, NUL, ESC, VTAB, NONCHAR = "\u0007", "\x00", "\x1b", "\x0b", "\ufffe"


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
