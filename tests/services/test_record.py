"""The record of every change: a sceptic can see who changed the plan, when, and from what."""

import pytest
import sqlalchemy as sa

from tests.services.hall import bearer
from workshop.extensions import db
from workshop.models import Change


def history(console, commitment_id):
    return console.send("commitment_history", {"commitment_id": commitment_id})["changes"]


def test_an_edit_is_recorded_with_its_field_both_values_and_who_made_it(planned):
    workshop, console, _, _, commitments, _ = planned
    pipes = commitments["Reparar la cañería del barrio Año Nuevo"]
    console.send(
        "update_commitment",
        {"commitment_id": pipes["id"], "fields": {"lead": "Dirección de Obras Públicas"}},
    )

    drafted, edited = history(console, pipes["id"])
    assert drafted["action"] == "commitment.drafted"
    assert edited["action"] == "commitment.edited" and edited["field"] == "lead"
    assert (edited["before"], edited["after"]) == ("", "Dirección de Obras Públicas")
    assert edited["by"] == {"name": "Equipo de facilitación", "role": "facilitator"}
    assert edited["at"].endswith("+00:00")


def test_a_refused_edit_leaves_no_trace_in_the_record(planned):
    workshop, console, _, _, commitments, _ = planned
    pipes = commitments["Reparar la cañería del barrio Año Nuevo"]
    refused = console.send(
        "update_commitment",
        {"commitment_id": pipes["id"], "fields": {"start": "2027-05-01", "end": "2027-01-01"}},
    )
    assert refused["error"]["code"] == "invalid"
    assert [c["action"] for c in history(console, pipes["id"])] == ["commitment.drafted"]


def test_an_earlier_value_comes_back_and_coming_back_is_itself_recorded(planned):
    workshop, console, _, _, commitments, _ = planned
    pipes = commitments["Reparar la cañería del barrio Año Nuevo"]
    for lead in ("Obras Públicas", "Oficina de Agua"):
        console.send("update_commitment", {"commitment_id": pipes["id"], "fields": {"lead": lead}})
    second = history(console, pipes["id"])[-1]

    restored = console.send(
        "restore_field", {"commitment_id": pipes["id"], "change_id": second["id"]}
    )

    assert restored["commitment"]["lead"] == "Obras Públicas"
    last = history(console, pipes["id"])[-1]
    assert (last["before"], last["after"]) == ("Oficina de Agua", "Obras Públicas")
    assert last["reason"] == f"Restaurado desde el cambio n.º {second['id']}."
    drafted = history(console, pipes["id"])[0]
    refused = console.send(
        "restore_field", {"commitment_id": pipes["id"], "change_id": drafted["id"]}
    )
    assert refused["error"]["code"] == "not_found"  # only field edits can be put back


def test_only_the_facilitation_reads_a_history_or_restores_from_it(planned):
    workshop, console, rosa, juan, commitments, _ = planned
    pipes = commitments["Reparar la cañería del barrio Año Nuevo"]
    for phone in (rosa, juan):
        assert (
            phone.send("commitment_history", {"commitment_id": pipes["id"]})["error"]["code"]
            == "forbidden"
        )


def test_the_database_itself_refuses_to_rewrite_or_erase_the_record(app, planned):
    with app.app_context():
        with pytest.raises(sa.exc.DatabaseError, match="append-only"):
            db.session.execute(sa.update(Change).values(actor_name="nadie"))
        db.session.rollback()
        with pytest.raises(sa.exc.DatabaseError, match="append-only"):
            db.session.execute(sa.delete(Change))
        db.session.rollback()
        assert db.session.scalar(sa.select(sa.func.count()).select_from(Change)) > 0


def test_the_wall_phases_and_settings_are_all_on_record_but_never_a_vote(open_workshop):
    workshop = open_workshop()
    console = workshop.facilitator()
    console.send("update_settings", {"votes_per_participant": 5})
    console.move_to("ideas")
    rosa = workshop.join("Rosa")
    card = rosa.post_idea("Más luces en la plaza")["card"]["id"]
    group = console.send("create_cluster", {"title": "Luz", "card_ids": [card]})["cluster"]
    console.send("rename_cluster", {"cluster_id": group["id"], "title": "Luz pública"})
    console.move_to("vote")
    before_voting = plan_changes(workshop)
    rosa.vote(cluster_id=group["id"])
    rosa.send("retract_vote", {"cluster_id": group["id"]})

    assert plan_changes(workshop) == before_voting  # a vote is no change of the plan
    actions = [(c["action"], c["field"], c["before"], c["after"]) for c in before_voting]
    assert actions == [
        ("settings.changed", "votes_per_participant", 3, 5),
        ("phase.changed", "phase", "lobby", "ideas"),
        ("cluster.created", None, None, {"title": "Luz", "card_ids": [card]}),
        ("cluster.renamed", "title", "Luz", "Luz pública"),
        ("phase.changed", "phase", "ideas", "vote"),
    ]
    assert "Rosa" not in str(before_voting)


def plan_changes(workshop):
    return workshop.http.get(
        f"/api/workshops/{workshop.code}/plan.json", headers=bearer(workshop)
    ).json["changes"]


def test_a_hidden_card_is_listed_for_the_console_and_can_come_back(planned):
    workshop, console, rosa, _, _, cards = planned
    console.send(
        "hide_card",
        {"card_id": cards["tank"], "reason": "nombra a un vecino", "category": "personal_data"},
    )
    hidden = console.send("hidden_cards", {})["hidden"]
    assert [(h["card"]["id"], h["category"], h["reason"]) for h in hidden] == [
        (cards["tank"], "personal_data", "nombra a un vecino")
    ]
    assert rosa.send("hidden_cards", {})["error"]["code"] == "forbidden"

    back = console.send("unhide_card", {"card_id": cards["tank"]})

    assert back["card"]["text"] == "Un tanque comunitario"
    rosa.wait_for("card_updated", lambda e: e["card"]["id"] == cards["tank"])
    assert cards["tank"] in [c["id"] for c in workshop.snapshot()["cards"]]
    assert console.send("hidden_cards", {})["hidden"] == []
    actions = [c["action"] for c in plan_changes(workshop)]
    assert actions.index("card.hidden") < actions.index("card.unhidden") == len(actions) - 1


def test_the_public_record_says_why_a_card_was_hidden_in_a_word_and_never_quotes_it(planned):
    workshop, console, _, _, _, cards = planned
    console.send(
        "update_commitment",
        {
            "commitment_id": 1,
            "fields": {"description": "Reparar la cañería del barrio Año Nuevo ya"},
        },
    )
    console.send(
        "hide_card",
        {"card_id": cards["pipes"], "reason": "dato de Rosa", "category": "personal_data"},
    )
    console.send("publish_plan", {})

    staff = plan_changes(workshop)
    public = workshop.http.get(f"/api/workshops/{workshop.code}/plan.json").json["changes"]
    hide = next(c for c in public if c["action"] == "card.hidden")
    assert hide["after"] == {"category": "personal_data"} and hide["reason"] is None
    assert next(c for c in staff if c["action"] == "card.hidden")["reason"] == "dato de Rosa"
    for record in (staff, public):
        assert "cañería" not in str(record)
        assert "[ocultado por la persona facilitadora]" in str(record)
