"""The action plan's commitments: drafted from the vote, edited together, merged, set aside."""

from tests.services.hall import plan_of
from workshop import services
from workshop.domain.commands import HideCard


def test_a_workshop_that_prioritised_with_the_matrix_alone_still_gets_a_plan(open_hall):
    workshop, console, themes, people = open_hall(prioritization="matrix")
    console.move_to("vote")
    people["rosa"].send("rate_target", {"cluster_id": themes["Luz"], "impact": 3, "effort": 3})
    people["juan"].send("rate_target", {"cluster_id": themes["Agua"], "impact": 5, "effort": 2})
    console.move_to("plan")
    titles = [c["title"] for c in workshop.snapshot()["commitments"]]
    assert titles == ["Agua", "Luz"]  # the quick win first; the unrated theme not at all


def test_a_commitment_has_the_fields_of_an_open_government_action_plan(planned):
    workshop, console, _, juan, commitments, _ = planned
    pipes = commitments["Reparar la cañería del barrio Año Nuevo"]
    fields = {
        "current_situation": "La red tiene 40 años y se rompe cada semana.",
        "benefit": "Agua todos los días en 300 hogares.",
        "values": ["accountability", "participation"],
        "other_actors": {
            "government": "Empresa municipal de agua",
            "civil_society": "Junta vecinal Año Nuevo",
        },
        "indicators": "Cortes por mes",
        "budget": "USD 120.000",
        "status": "agreed",
        "milestones": [
            {
                "title": "Diagnóstico",
                "deliverable": "Mapa de tramos",
                "date": "2027-03-15",
                "responsible": "Obras Públicas",
            }
        ],
    }
    saved = juan.send("update_commitment", {"commitment_id": pipes["id"], "fields": fields})
    commitment = saved["commitment"]
    assert commitment["values"] == ["participation", "accountability"]  # OGP order
    assert commitment["other_actors"]["civil_society"] == "Junta vecinal Año Nuevo"
    assert commitment["status"] == "agreed" and commitment["budget"] == "USD 120.000"
    bad = juan.send(
        "update_commitment", {"commitment_id": pipes["id"], "fields": {"values": ["magic"]}}
    )
    assert bad["error"]["code"] == "invalid"


def test_two_people_editing_one_field_never_lose_an_edit_silently(planned):
    workshop, console, _, juan, commitments, _ = planned
    pipes = commitments["Reparar la cañería del barrio Año Nuevo"]
    seen = pipes["lead"]
    first = console.send(
        "update_commitment",
        {
            "commitment_id": pipes["id"],
            "fields": {"lead": "Obras Públicas"},
            "base": {"lead": seen},
        },
    )
    assert first["ok"]
    stale = juan.send(
        "update_commitment",
        {
            "commitment_id": pipes["id"],
            "fields": {"lead": "Dirección de Agua"},
            "base": {"lead": seen},
        },
    )
    assert stale["error"]["code"] == "conflict"
    # Another field, edited from the same old picture, goes through.
    other = juan.send(
        "update_commitment",
        {
            "commitment_id": pipes["id"],
            "fields": {"budget": "USD 80.000"},
            "base": {"budget": pipes["budget"]},
        },
    )
    assert other["commitment"]["lead"] == "Obras Públicas"
    assert other["commitment"]["budget"] == "USD 80.000"


def test_the_facilitator_adds_merges_and_sets_aside_commitments_on_record(planned):
    workshop, console, rosa, _, commitments, _ = planned
    added = console.send("add_commitment", {"title": "Mesa de seguimiento trimestral"})
    assert added["commitment"]["origin"] == "manual"
    # Written by hand with its milestones already: one command, every field as update takes it.
    milestone = {"title": "Primera mesa", "deliverable": "Acta", "date": "2027-03-01"}
    with_milestones = console.send(
        "add_commitment",
        {"title": "Mesa con fechas", "fields": {"lead": "Alcaldía", "milestones": [milestone]}},
    )
    assert with_milestones["commitment"]["milestones"] == [{**milestone, "responsible": ""}]
    assert with_milestones["commitment"]["lead"] == "Alcaldía"
    pipes = commitments["Reparar la cañería del barrio Año Nuevo"]
    tank = commitments["Un tanque comunitario"]
    merged = console.send(
        "merge_commitments", {"into_commitment_id": pipes["id"], "commitment_id": tank["id"]}
    )
    assert sorted(merged["commitment"]["source"]["card_ids"]) == sorted(
        pipes["source"]["card_ids"] + tank["source"]["card_ids"]
    )
    assert merged["commitment"]["votes"] == 2
    after = {c["id"]: c for c in workshop.snapshot()["commitments"]}
    assert after[tank["id"]]["status"] == "dropped"
    assert after[tank["id"]]["merged_into"] == pipes["id"]
    assert after[tank["id"]]["drop_reason"] is None  # readers name it from merged_into
    restore = console.send(
        "update_commitment", {"commitment_id": tank["id"], "fields": {"status": "proposed"}}
    )
    assert restore["error"]["code"] == "conflict"  # its votes live on in the one it joined

    dropped = console.send(
        "drop_commitment",
        {"commitment_id": added["commitment"]["id"], "reason": "Ya existe en el plan municipal"},
    )
    assert dropped["commitment"]["status"] == "dropped"
    assert dropped["commitment"]["drop_reason"] == "Ya existe en el plan municipal"
    restored = console.send(
        "update_commitment",
        {"commitment_id": added["commitment"]["id"], "fields": {"status": "proposed"}},
    )
    assert restored["commitment"]["status"] == "proposed"
    assert restored["commitment"]["drop_reason"] is None
    again = console.send("drop_commitment", {"commitment_id": tank["id"], "reason": "otra vez"})
    assert again["error"]["code"] == "conflict"
    assert console.send("add_commitment", {"title": "T", "fields": "xx"})["error"]["code"] == (
        "invalid"
    )
    assert (
        rosa.send("drop_commitment", {"commitment_id": pipes["id"], "reason": "x"})["error"]["code"]
        == "forbidden"
    )


def test_a_draft_whose_only_source_was_hidden_asks_to_be_reworded(hall):
    hall.phase("ideas")
    card_id = hall.idea("INSULTO contra Juan Pérez")
    hall.phase("vote")
    hall.vote(hall.join(), card_id)
    hall.phase("plan")
    services.hide_card(hall.facilitator, HideCard(card_id, "insulto"))
    commitment = plan_of(hall)["commitments"][0]
    assert commitment["title"] == "Compromiso por redactar"
    assert commitment["source"]["card_ids"] == []


def test_hiding_sources_never_lets_the_plan_grow_past_its_size(hall):
    hall.phase("ideas")
    cards = [hall.idea(f"Idea {n}") for n in range(7)]
    hall.phase("vote")
    for card_id in cards:
        hall.vote(hall.join(f"Vecina {card_id}"), card_id)
    hall.phase("plan")
    drafted = plan_of(hall)["commitments"]
    for commitment in drafted[:2]:
        services.hide_card(
            hall.facilitator, HideCard(commitment["source"]["card_ids"][0], "duplicado")
        )
    hall.phase("vote")
    hall.phase("plan")
    assert len(plan_of(hall)["commitments"]) == 5
