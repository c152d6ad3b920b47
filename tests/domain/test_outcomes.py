"""Every contribution gets a reasoned answer, read off the plan alone."""

from workshop.domain.outcomes import hidden_summary, outcomes


def card(card_id, kind="idea", cluster_id=None, problem_id=None, duplicate_of=None, response=None):
    return {
        "id": card_id,
        "kind": kind,
        "cluster_id": cluster_id,
        "problem_id": problem_id,
        "duplicate_of": duplicate_of,
        "response": response,
    }


def plan(**parts):
    return {
        "workshop": {"phase": "plan"},
        "contributions": [],
        "commitments": [],
        "clusters": [],
        "ranking": [],
        **parts,
    }


def commitment(commitment_id, card_ids, status="proposed"):
    return {"id": commitment_id, "status": status, "source": {"card_ids": card_ids}}


def test_each_card_hears_what_became_of_it():
    answers = outcomes(
        plan(
            contributions=[
                card(1, "problem"),
                card(2, problem_id=1, cluster_id=10),  # answers the problem, in the water theme
                card(3, duplicate_of=2, cluster_id=10),
                card(4, cluster_id=11),  # the play theme: voted, not chosen
                card(5, cluster_id=12),  # a theme set aside
                card(6, "problem"),  # nobody answered it
            ],
            clusters=[
                {"id": 10, "title": "Agua", "response": None},
                {"id": 11, "title": "Juego", "response": "Lo cubre el plan provincial."},
            ],
            commitments=[commitment(100, [2]), commitment(101, [5], status="dropped")],
            ranking=[
                {"type": "cluster", "id": 10, "title": "Agua", "votes": 7},
                {"type": "cluster", "id": 11, "title": "Juego", "votes": 2},
            ],
        )
    )
    assert answers[1] == {"kind": "commitment", "commitment_ids": [100], "response": None}
    assert answers[2]["kind"] == "commitment"
    assert answers[3] == {"kind": "duplicate", "of": 2, "response": None}
    assert answers[4] == {
        "kind": "not_chosen",
        "option": {"type": "cluster", "id": 11, "title": "Juego"},
        "votes": 2,
        "response": "Lo cubre el plan provincial.",  # the theme's answer reaches its cards
    }
    assert answers[5] == {"kind": "set_aside", "commitment_ids": [101], "response": None}
    assert answers[6] == {"kind": "not_voted", "response": None}


def test_a_reader_who_may_not_see_results_learns_no_votes_from_the_answers():
    answers = outcomes(
        plan(
            contributions=[card(1)],
            ranking=[{"type": "card", "id": 1, "title": "Luces", "votes": 3}],
            results_hidden=True,
        )
    )
    assert answers[1]["kind"] == "not_chosen" and answers[1]["votes"] is None


def test_before_the_plan_is_drafted_nothing_is_said_to_be_rejected():
    answers = outcomes(
        plan(
            workshop={"phase": "vote"},
            contributions=[card(1, response="Lo vemos en la próxima sesión.")],
            ranking=[{"type": "card", "id": 1, "title": "Luces", "votes": 3}],
        )
    )
    assert answers[1] == {"kind": "pending", "response": "Lo vemos en la próxima sesión."}


def test_hidden_cards_are_counted_by_category_only():
    assert hidden_summary(["offensive", "personal_data", "offensive"]) == {
        "count": 3,
        "by_category": {"offensive": 2, "personal_data": 1},
    }
