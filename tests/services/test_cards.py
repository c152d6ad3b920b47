"""Posting and hiding cards: a hidden card leaves every view, and its voters get their dots back."""

from tests.services.hall import plan_of
from workshop import services
from workshop.domain.commands import CreateCluster, HideCard, PostCard, VoteTarget
from workshop.extensions import db
from workshop.models import Card


def test_hiding_a_card_gives_its_voters_their_dots_back(hall):
    hall.phase("ideas")
    card_id = hall.idea("texto fuera de lugar")
    hall.phase("vote")
    rosa = hall.join()
    hall.vote(rosa, card_id)
    outcome = services.hide_card(hall.facilitator, HideCard(card_id, "fuera de tema"))
    assert outcome.budgets_changed == {rosa.participant_id}
    assert services.me_for(rosa)["votes_left"] == 3
    card = db.session.get(Card, card_id)
    assert card.hidden_reason == "fuera de tema" and card.text == "texto fuera de lugar"


def test_no_hidden_words_survive_in_the_plan_however_they_got_there(hall):
    hall.phase("problems")
    problem = services.post_card(
        hall.facilitator, PostCard("problem", "PROBLEMA-OFENSIVO", None, "p1")
    ).result["card"]["id"]
    hall.phase("ideas")
    answer = services.post_card(
        hall.facilitator, PostCard("idea", "Reparar la tubería", problem, "i1")
    ).result["card"]["id"]
    first, second = hall.idea("SECRETO-UNO"), hall.idea("SECRETO-DOS")
    alone = hall.idea("INSULTO contra Juan Pérez")
    water = services.create_cluster(
        hall.facilitator, CreateCluster("Agua", (answer, first, second), None)
    ).result["cluster"]["id"]
    other = services.create_cluster(hall.facilitator, CreateCluster("Otro", (alone,), None)).result[
        "cluster"
    ]["id"]
    hall.phase("vote")
    rosa = hall.join()
    for cluster_id in (water, other):
        services.cast_vote(rosa, VoteTarget(None, cluster_id, None))
    hall.phase("plan")

    for card_id in (first, second, problem, alone):
        services.hide_card(hall.facilitator, HideCard(card_id, "moderación"))

    words = str(plan_of(hall))
    for hidden in ("SECRETO-UNO", "SECRETO-DOS", "PROBLEMA-OFENSIVO", "INSULTO"):
        assert hidden not in words
    water = plan_of(hall)["commitments"][0]
    assert water["source"]["card_ids"] == [answer]
    assert water["description"] == "Reparar la tubería"
