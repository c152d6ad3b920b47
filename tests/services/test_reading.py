"""The read side: the state and the plan document each reader may see."""

from tests.services.hall import bearer, more_people
from workshop import services
from workshop.extensions import db
from workshop.models import Workshop


def test_the_plan_in_markdown_marks_consensus_and_shows_the_matrix(open_hall):
    workshop, console, themes, people = open_hall(prioritization="both")
    more_people(workshop, people)
    console.move_to("vote")
    for name in ("rosa", "ana", "pedro", "juan", "marta", "luis"):
        people[name].vote(cluster_id=themes["Agua"])
    people["rosa"].send("rate_target", {"cluster_id": themes["Agua"], "impact": 5, "effort": 2})
    console.move_to("plan")
    text = workshop.http.get(
        f"/api/workshops/{workshop.code}/plan.md",
        headers={"Authorization": f"Bearer {workshop.facilitator_token}"},
    ).get_data(as_text=True)
    row = next(line for line in text.splitlines() if line.startswith("| 1 | Agua"))
    assert row.endswith("| 3 | 3 | 0 | ✓ | 5.0 | 2.0 |")
    assert "Consenso" in text or "Consensus" in text


def test_hidden_results_stay_hidden_in_the_plan_a_participant_downloads(open_hall):
    workshop, console, themes, people = open_hall(results="hidden")
    console.move_to("vote")
    people["rosa"].vote(cluster_id=themes["Agua"])

    def plan_as(token):
        return workshop.http.get(
            f"/api/workshops/{workshop.code}/plan.json",
            headers={"Authorization": f"Bearer {token}"},
        ).json

    seen_by_juan = plan_as(people["juan"].token)
    assert seen_by_juan["ranking"] == [] and seen_by_juan["results_hidden"] is True
    assert seen_by_juan["participation"]["votes"] is None
    assert plan_as(workshop.facilitator_token)["ranking"][0]["votes"] == 1
    text = workshop.http.get(
        f"/api/workshops/{workshop.code}/plan.md",
        headers={"Authorization": f"Bearer {people['juan'].token}"},
    ).get_data(as_text=True)
    assert "Agua | 1" not in text


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


def test_the_plan_counts_people_by_role_and_never_names_voters(hall):
    hall.phase("ideas")
    rosa, juan = hall.join("Rosa"), hall.join("Juan", "official")
    card_id = hall.idea("Huertos urbanos en la escuela", rosa)
    hall.phase("vote")
    hall.vote(juan, card_id)
    hall.phase("plan")
    plan = services.plan_data(db.session.get(Workshop, hall.facilitator.workshop_id))
    assert plan["schema"] == "cocrea.plan/1" and plan["status"] == "draft"
    assert plan["participation"] == {
        "participants": 2,
        "by_role": {"citizen": 1, "official": 1, "civil_society": 0},
        "cards": 1,
        "cards_by_role": {
            "citizen": 1,
            "official": 0,
            "civil_society": 0,
            "facilitator": 0,
            "unknown": 0,
        },
        "paper_cards": 0,
        "votes": 1,
        "paper_votes": 0,
        "verified_by_role": {"official": 0, "civil_society": 0},  # Juan said so; none confirmed
    }
    # One official voted: the officials' votes would be Juan's, so they are not shown per option.
    assert plan["ranking"][0]["votes_by_role"] == {
        "citizen": 0,
        "official": None,
        "civil_society": 0,
    }
    assert plan["commitments"][0]["source"]["card_ids"] == [card_id]
    assert plan["contributions"][0]["author"] == {
        "participant_id": rosa.participant_id,
        "name": "Rosa",
        "role": "citizen",
    }
    assert "Juan" not in str(plan["ranking"]) + str(plan["commitments"])
