import pytest

from workshop.domain.commands import (
    CreateCluster,
    Join,
    PostCard,
    SetPhase,
    UpdateCommitment,
    VoteTarget,
)
from workshop.domain.errors import Invalid, RateLimited
from workshop.domain.limits import SlidingWindowLimit


def test_a_card_is_stored_as_written_only_trimmed():
    card = PostCard.parse({"kind": "idea", "text": "  <b>más</b> agua  ", "client_id": "c1"})
    assert card.text == "<b>más</b> agua"


@pytest.mark.parametrize(
    "payload",
    [
        None,
        "post it",
        [],
        {"kind": "idea", "text": "   "},
        {"kind": "idea", "text": "x" * 501},
        {"kind": "wish", "text": "agua"},
        {"kind": "idea", "text": 42},
        {"kind": "idea", "text": "agua", "problem_id": True},
        {"kind": "idea", "text": "agua", "problem_id": "3"},
        {"kind": "idea", "text": "agua", "client_id": "x" * 65},
    ],
)
def test_malformed_cards_are_refused(payload):
    with pytest.raises(Invalid):
        PostCard.parse(payload)


@pytest.mark.parametrize("character", ["\u0007", "\x00", "\x1b", "\x0b", "\ufffe", "\ud800"])
def test_a_character_no_document_can_hold_is_refused_at_the_door(character):
    """A bell or a NUL in a card or a name would break the Word export for the whole hall."""
    with pytest.raises(Invalid) as refused:
        PostCard.parse({"kind": "idea", "text": f"agua{character}potable"})
    assert refused.value.params == {"field": "text"}
    with pytest.raises(Invalid):
        Join.parse({"name": f"Rosa{character}", "role": "citizen", "consent": True})


def test_tabs_and_line_breaks_stay_and_windows_line_ends_become_plain_ones():
    card = PostCard.parse({"kind": "idea", "text": "Agua:\r\n\t- potable 🙂"})
    assert card.text == "Agua:\n\t- potable 🙂"


def test_a_vote_names_exactly_one_target():
    assert VoteTarget.parse({"cluster_id": 4}).cluster_id == 4
    for payload in (
        {},
        {"card_id": 1, "cluster_id": 2},
        {"card_id": 0},
        {"card_id": 1.5},
        {"card_id": 2**70},
    ):
        with pytest.raises(Invalid):
            VoteTarget.parse(payload)


def test_joining_needs_consent_and_a_known_role():
    assert Join.parse({"role": "official", "consent": True}).name == ""
    with pytest.raises(Invalid):
        Join.parse({"role": "official", "consent": "yes"})
    with pytest.raises(Invalid):
        Join.parse({"role": "facilitator", "consent": True})


def test_a_timer_is_a_positive_number_of_seconds():
    assert SetPhase.parse({"phase": "ideas", "duration_s": 300}).duration_s == 300
    for payload in (
        {"phase": "party"},
        {"phase": "ideas", "duration_s": -5},
        {"phase": "ideas", "duration_s": "300"},
    ):
        with pytest.raises(Invalid):
            SetPhase.parse(payload)


def test_a_cluster_lists_each_card_once():
    assert CreateCluster.parse({"title": "Agua", "card_ids": [3, 3, 4]}).card_ids == (3, 4)
    with pytest.raises(Invalid):
        CreateCluster.parse({"title": "Agua", "card_ids": "3,4"})


def test_commitment_edits_accept_only_known_fields_and_real_dates():
    edit = UpdateCommitment.parse(
        {
            "commitment_id": 1,
            "fields": {
                "lead": "Dirección de Agua Potable",
                "start": "2027-01-15",
                "end": "2027-06-30",
                "milestones": [{"title": "Diagnóstico", "date": "2027-02-28"}],
            },
        }
    )
    assert edit.fields["milestones"][0]["responsible"] == ""
    for fields in (
        {"owner": "x"},
        {"start": "15/01/2027"},
        {"end": "2027-13-45"},
        {"start": "2027-06-30", "end": "2027-01-01"},
        {"title": ""},
    ):
        with pytest.raises(Invalid):
            UpdateCommitment.parse({"commitment_id": 1, "fields": fields})


def test_one_phone_cannot_flood_the_room():
    now = [0.0]
    limit = SlidingWindowLimit(3, 10.0, clock=lambda: now[0])
    for _ in range(3):
        limit.hit("rosa")
    with pytest.raises(RateLimited):
        limit.hit("rosa")
    limit.hit("juan")
    now[0] = 10.0
    limit.hit("rosa")
