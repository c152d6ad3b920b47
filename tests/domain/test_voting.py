import pytest

from workshop.domain.errors import Forbidden
from workshop.domain.voting import (
    CastVote,
    add_up,
    check_is_voter,
    consensus,
    hidden_from_participants,
    tally_payload,
    votes_left,
    withheld_reasons,
    withheld_roles,
)


def test_votes_left_never_go_below_zero():
    assert votes_left(3, 1) == 2
    assert votes_left(3, 5) == 0


def test_the_facilitator_runs_the_vote_but_does_not_vote():
    check_is_voter("official")
    with pytest.raises(Forbidden):
        check_is_voter("facilitator")
    with pytest.raises(Forbidden):
        check_is_voter("screen")


def test_votes_on_a_card_count_for_its_group_once_ideas_are_grouped():
    votes = [
        CastVote(card_id=1, cluster_id=None, role="citizen", count=2),
        CastVote(card_id=None, cluster_id=10, role="official"),
        CastVote(card_id=2, cluster_id=None, role="civil_society"),
    ]
    targets = add_up(votes, cluster_of_card={1: 10, 2: None}, clusters=[10])
    assert targets[("cluster", 10)].votes == 3
    assert targets[("cluster", 10)].votes_by_role() == {
        "citizen": 2,
        "official": 1,
        "civil_society": 0,
    }
    assert targets[("card", 2)].votes == 1
    assert ("card", 1) not in targets


def test_votes_on_hidden_cards_are_not_shown():
    votes = [CastVote(card_id=7, cluster_id=None, role="citizen")]
    assert add_up(votes, cluster_of_card={}, clusters=[]) == {}


def test_the_tally_lists_most_votes_first_and_adds_up():
    votes = [
        CastVote(card_id=1, cluster_id=None, role="citizen"),
        CastVote(card_id=2, cluster_id=None, role="citizen", count=3),
    ]
    tally = tally_payload(add_up(votes, {1: None, 2: None}, []), ballot_size=2)
    assert tally["votes_cast"] == 4
    assert tally["by_role"] == {"citizen": 4, "official": 0, "civil_society": 0}
    assert [(t["id"], t["votes"]) for t in tally["totals"]] == [(2, 3), (1, 1)]
    assert tally["hidden"] is False and tally["frozen"] is False


def roles(citizen=0, official=0, civil_society=0) -> list[CastVote]:
    return [
        CastVote(card_id=target, cluster_id=None, role=role, count=count)
        for role, spread in (
            ("citizen", citizen),
            ("official", official),
            ("civil_society", civil_society),
        )
        for target, count in (spread or {}).items()
    ]


def test_a_theme_every_role_supports_is_marked_as_consensus():
    # Four options: a fair share is a quarter of each role's votes.
    votes = roles(citizen={1: 4, 2: 3, 3: 3}, official={1: 2, 3: 4})
    agreed = consensus(add_up(votes, {i: None for i in (1, 2, 3, 4)}, []), ballot_size=4)
    assert agreed == {("card", 1), ("card", 3)}  # 2: citizens only; 4: nobody


def test_there_is_no_consensus_to_speak_of_when_only_one_role_voted():
    votes = roles(citizen={1: 5, 2: 1})
    assert consensus(add_up(votes, {1: None, 2: None}, []), ballot_size=2) == set()


def test_phones_see_how_many_voted_but_not_for_what_while_results_are_hidden():
    tally = tally_payload(
        add_up(roles(citizen={1: 2}), {1: None}, []),
        ballot_size=1,
        ratings=[{"type": "card", "id": 1, "impact": 4.0, "effort": 2.0, "count": 1}],
    )
    hidden = hidden_from_participants(tally)
    assert hidden["votes_cast"] == 2 and hidden["totals"] == [] and hidden["ratings"] == []
    assert hidden["hidden"] is True


def test_a_lone_official_among_many_citizens_cannot_be_worked_out_by_subtraction():
    hall = {"citizen": 40, "official": 1}
    assert withheld_roles(hall) == ("citizen", "official")  # 5 votes - citizens' 4 = hers
    assert withheld_reasons(hall) == {"citizen": "would_reveal", "official": "few_voters"}
    votes = [
        CastVote(card_id=None, cluster_id=7, role="citizen", count=4),
        CastVote(card_id=None, cluster_id=7, role="official", count=1),
    ]
    shown = tally_payload(add_up(votes, {}, [7]), 1, voters_by_role=hall)["totals"][0]
    assert shown["votes"] == 5 and shown["by_role"] == {}


def test_roles_kept_back_together_hide_in_a_group_of_three():
    # One official and two from civil society are three voters: the citizens can be shown.
    assert withheld_roles({"citizen": 40, "official": 1, "civil_society": 2}) == (
        "official",
        "civil_society",
    )
    # A lone official and a lone civil-society voter need the smallest other role with them.
    assert withheld_roles({"citizen": 40, "official": 1, "civil_society": 1}) == (
        "citizen",
        "official",
        "civil_society",
    )
    assert withheld_roles({"citizen": 40, "official": 3}) == ()
