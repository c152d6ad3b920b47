import pytest

from workshop.domain.errors import Forbidden
from workshop.domain.voting import CastVote, add_up, check_is_voter, tally_payload, votes_left


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
    tally = tally_payload(add_up(votes, {1: None, 2: None}, []))
    assert tally == {
        "votes_cast": 4,
        "totals": [{"type": "card", "id": 2, "votes": 3}, {"type": "card", "id": 1, "votes": 1}],
    }
