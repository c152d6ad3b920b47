"""The draft municipal action plan: edited with the room, traced to its ideas, published."""

import pytest


@pytest.fixture
def planned(open_workshop):
    """A workshop that has voted and entered the plan phase, with two drafted commitments."""
    workshop = open_workshop("Agua para San José")
    console = workshop.facilitator()
    console.move_to("ideas")
    rosa, juan = workshop.join("Rosa"), workshop.join("Juan", "official")
    pipes = rosa.post_idea("Reparar la cañería del barrio Año Nuevo")["card"]["id"]
    tank = juan.post_idea("Un tanque comunitario")["card"]["id"]
    console.move_to("vote")
    rosa.vote(card_id=pipes)
    juan.vote(card_id=tank)
    console.move_to("plan")
    commitments = {c["title"]: c for c in workshop.snapshot()["commitments"]}
    return workshop, console, rosa, juan, commitments, {"pipes": pipes, "tank": tank}


def bearer(workshop, token=None):
    return {"Authorization": f"Bearer {token or workshop.facilitator_token}"}


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


def test_every_card_in_the_plan_says_which_commitment_it_fed(planned):
    workshop, console, _, _, commitments, cards = planned
    plan = workshop.http.get(
        f"/api/workshops/{workshop.code}/plan.json", headers=bearer(workshop)
    ).json
    fed = {c["id"]: c["commitment_ids"] for c in plan["contributions"]}
    pipes = commitments["Reparar la cañería del barrio Año Nuevo"]
    assert fed[cards["pipes"]] == [pipes["id"]]
    commitment = next(c for c in plan["commitments"] if c["id"] == pipes["id"])
    assert commitment["source"]["card_ids"] == [cards["pipes"]]


def test_publishing_freezes_numbered_versions_that_anyone_may_read(planned):
    workshop, console, _, _, commitments, _ = planned
    http = workshop.http
    unpublished = http.get(f"/api/workshops/{workshop.code}/plan.json")
    assert unpublished.status_code == 401
    first = console.send("publish_plan", {})
    assert first["version"] == 1 and first["url"] == f"/p/{workshop.code}"
    pipes = commitments["Reparar la cañería del barrio Año Nuevo"]
    console.send(
        "update_commitment", {"commitment_id": pipes["id"], "fields": {"lead": "Obras Públicas"}}
    )
    assert console.send("publish_plan", {})["version"] == 2

    latest = http.get(f"/api/workshops/{workshop.code}/plan.json").json
    assert latest["status"] == "published" and latest["version"] == 2
    v1 = http.get(f"/api/workshops/{workshop.code}/plan.json?version=1").json
    assert next(c for c in v1["commitments"] if c["id"] == pipes["id"])["lead"] == ""
    assert http.get(f"/api/workshops/{workshop.code}/plan.json?version=9").status_code == 404
    draft = http.get(f"/api/workshops/{workshop.code}/plan.json", headers=bearer(workshop)).json
    assert draft["status"] == "draft"
    md = http.get(f"/api/workshops/{workshop.code}/plan.md?version=1")
    assert md.status_code == 200 and "Reparar la cañería" in md.get_data(as_text=True)


def test_a_card_hidden_after_publishing_leaves_the_published_versions_too(planned):
    workshop, console, _, _, commitments, cards = planned
    console.send("publish_plan", {})
    console.send("hide_card", {"card_id": cards["pipes"], "reason": "datos personales"})
    published = workshop.http.get(f"/api/workshops/{workshop.code}/plan.json?version=1").json
    assert "cañería" not in str(published)
    assert all(c["id"] != cards["pipes"] for c in published["contributions"])
    assert all("participant_id" not in c["author"] for c in published["contributions"])
    page = workshop.http.get(f"/p/{workshop.code}").get_data(as_text=True)
    assert "cañería" not in page
