"""What goes on the wire: each payload carries the protocol's fields, times with their offset."""

import re

from workshop import services
from workshop.domain.commands import AddCommitment, CreateCluster, HideCard, PostCard
from workshop.extensions import db
from workshop.models import Card, Commitment, Workshop

ISO_UTC = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+00:00$")


def test_a_card_says_who_wrote_it_and_where_it_sits(hall):
    hall.phase("problems")
    rosa = hall.join("Rosa")
    problem = services.post_card(rosa, PostCard("problem", "Se corta el agua", None, "p1"))
    hall.phase("ideas")
    idea = services.post_card(
        rosa, PostCard("idea", "Un tanque comunitario", problem.result["card"]["id"], "i1")
    ).result["card"]
    services.create_cluster(hall.facilitator, CreateCluster("Agua", (idea["id"],), None))

    card = services.card_payload(db.session.get(Card, idea["id"]))
    assert card["author"] == {
        "participant_id": rosa.participant_id,
        "name": "Rosa",
        "role": "citizen",
    }
    assert card["problem_id"] == problem.result["card"]["id"]
    assert card["cluster_id"] is not None and card["duplicate_of"] is None
    assert ISO_UTC.match(card["created_at"])


def test_a_group_lists_only_the_cards_people_can_see(hall):
    hall.phase("ideas")
    kept, hidden = hall.idea("Reparar la tubería"), hall.idea("texto fuera de lugar")
    created = services.create_cluster(hall.facilitator, CreateCluster("Agua", (kept, hidden), None))
    services.hide_card(hall.facilitator, HideCard(hidden, "fuera de tema"))

    workshop = db.session.get(Workshop, hall.facilitator.workshop_id)
    assert services.state_for(None, workshop, {})["clusters"] == [
        {
            "id": created.result["cluster"]["id"],
            "title": "Agua",
            "card_ids": [kept],
            "response": None,
        }
    ]


def test_a_commitment_written_by_hand_carries_every_open_government_field(hall):
    added = services.add_commitment(hall.facilitator, AddCommitment({"title": "Huerta escolar"}))
    commitment = services.commitment_payload(
        db.session.get(Commitment, added.result["commitment"]["id"])
    )
    assert commitment["other_actors"] == {"government": "", "civil_society": ""}
    assert commitment["values"] == [] and commitment["milestones"] == []
    assert commitment["votes_by_role"] == {"citizen": 0, "official": 0, "civil_society": 0}
    assert commitment["source"] == {"cluster_id": None, "card_ids": []}
    assert commitment["status"] == "proposed" and commitment["version"] == 1
