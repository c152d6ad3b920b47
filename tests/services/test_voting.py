"""Voting people can trust: the settings, and each dot or rating checked before it is stored."""

import sqlalchemy as sa

from tests.services.hall import vote_from_two_connections
from workshop.extensions import db
from workshop.models import Participant, Vote


def test_settings_change_before_the_vote_and_never_during_it(open_hall):
    workshop, console, themes, people = open_hall()
    changed = console.send(
        "update_settings",
        {
            "votes_per_participant": 5,
            "max_votes_per_target": 2,
            "results": "hidden",
            "prioritization": "both",
        },
    )
    assert changed["workshop"]["votes_per_participant"] == 5
    assert changed["workshop"]["max_votes_per_target"] == 2
    people["rosa"].wait_for("workshop_updated", lambda e: e["workshop"]["results"] == "hidden")
    assert people["rosa"].wait_for("me", lambda m: m["votes_left"] == 5)
    console.move_to("vote")
    late = console.send("update_settings", {"votes_per_participant": 9})
    assert late["error"]["code"] == "wrong_phase"
    assert people["rosa"].send("update_settings", {"results": "live"})["error"]["code"] == (
        "forbidden"
    )


def test_settings_can_be_chosen_when_the_workshop_is_created(open_workshop):
    workshop = open_workshop(
        max_votes_per_target=1, vote_on="cards", results="hidden", prioritization="matrix"
    )
    settings = workshop.snapshot()["workshop"]
    assert (
        settings["max_votes_per_target"],
        settings["vote_on"],
        settings["results"],
        settings["prioritization"],
    ) == (1, "cards", "hidden", "matrix")


def test_settings_cannot_tighten_under_votes_already_cast(open_hall):
    workshop, console, themes, people = open_hall(votes_per_participant=3, max_votes_per_target=2)
    console.move_to("vote")
    people["rosa"].vote(cluster_id=themes["Agua"])
    people["rosa"].vote(cluster_id=themes["Agua"])
    console.move_to("cluster")
    for tighter in (
        {"votes_per_participant": 1},
        {"max_votes_per_target": 1},
        {"vote_on": "cards"},
        {"prioritization": "matrix"},
    ):
        assert console.send("update_settings", tighter)["error"]["code"] == "conflict", tighter
    assert console.send("update_settings", {"votes_per_participant": 5})["ok"]  # more is fine
    assert console.send("update_settings", {"max_votes_per_target": None})["ok"]


def test_messages_name_fields_the_way_people_do(open_hall):
    workshop, console, themes, people = open_hall()
    refused = console.send("update_settings", {"max_votes_per_target": 50})
    assert "máximo de votos en una opción" in refused["error"]["message"] or (
        "max_votes_per_target" not in refused["error"]["message"]
    )


def test_nobody_puts_more_than_the_maximum_on_one_option(open_hall):
    workshop, console, themes, people = open_hall(votes_per_participant=5, max_votes_per_target=2)
    console.move_to("vote")
    rosa = people["rosa"]
    acks = [rosa.vote(cluster_id=themes["Agua"]) for _ in range(3)]
    assert [a["ok"] for a in acks] == [True, True, False]
    assert acks[2]["error"]["code"] == "budget_exhausted" and "2" in acks[2]["error"]["message"]
    assert rosa.vote(cluster_id=themes["Luz"])["votes_left"] == 2  # the refused one cost nothing


def test_people_vote_on_the_ballot_only(open_hall):
    workshop, console, themes, people = open_hall()
    console.move_to("vote")
    card = workshop.snapshot()["cards"][0]["id"]
    assert people["rosa"].vote(card_id=card)["error"]["code"] == "invalid"  # groups are voted
    console.move_to("cluster")
    console.send("update_settings", {"vote_on": "cards"})
    console.move_to("vote")
    assert people["rosa"].vote(card_id=card)["ok"]
    assert people["rosa"].vote(cluster_id=themes["Agua"])["error"]["code"] == "invalid"


def test_an_empty_group_is_not_on_the_ballot(open_hall):
    workshop, console, themes, people = open_hall()
    empty = console.send("create_cluster", {"title": "Vacío", "card_ids": []})["cluster"]["id"]
    console.move_to("vote")
    assert people["rosa"].vote(cluster_id=empty)["error"]["code"] == "invalid"


def test_dots_only_workshops_take_no_ratings_and_matrix_only_ones_take_no_dots(open_hall):
    workshop, console, themes, people = open_hall(prioritization="dots")
    console.move_to("vote")
    rate = {"cluster_id": themes["Agua"], "impact": 3, "effort": 3}
    assert people["rosa"].send("rate_target", rate)["error"]["code"] == "invalid"
    matrix, matrix_console, matrix_themes, matrix_people = open_hall(prioritization="matrix")
    matrix_console.move_to("vote")
    refused = matrix_people["rosa"].vote(cluster_id=matrix_themes["Agua"])
    assert refused["error"]["code"] == "invalid"


def test_two_tabs_voting_at_once_never_exceed_the_budget(app, hall):
    hall.phase("ideas")
    card_id = hall.idea("Más luminarias en el parque")
    hall.phase("vote")
    rosa = hall.join()

    results = vote_from_two_connections(app, hall, rosa, card_id, attempts=25)

    db.session.expire_all()
    assert results.count("ok") == 3
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Vote)) == 3
    assert db.session.get(Participant, rosa.participant_id).votes_used == 3
