from workshop.domain.plan import (
    CardFacts,
    ClusterFacts,
    choose_for_plan,
    download_name,
    draft,
    rank,
)
from workshop.domain.voting import CastVote, add_up

CARDS = [
    CardFacts(1, "problem", "La tubería se rompe cada semana", None, None),
    CardFacts(2, "idea", "Reparar la red de agua del barrio San José", 1, 20),
    CardFacts(3, "idea", "Un comité vecinal que vigile las fugas", 1, 20),
    CardFacts(4, "idea", "Una cancha para los patojos", None, None),
    CardFacts(5, "idea", "Más luminarias en el parque", None, None),
]
CLUSTERS = [ClusterFacts(20, "Agua potable", (2, 3))]


def ranking_with(votes):
    return rank(CARDS, CLUSTERS, add_up(votes, {c.id: c.cluster_id for c in CARDS}, [20]))


def test_groups_and_loose_cards_are_ranked_together_most_votes_first():
    ranking = ranking_with(
        [
            CastVote(2, None, "citizen", 2),
            CastVote(None, 20, "official", 1),
            CastVote(4, None, "citizen", 1),
        ]
    )
    assert [(r.type, r.id, r.votes) for r in ranking[:2]] == [("cluster", 20, 3), ("card", 4, 1)]
    assert ranking[0].votes_by_role == {"citizen": 2, "official": 1, "civil_society": 0}


def test_once_ideas_are_grouped_commitments_come_from_groups_only():
    ranking = ranking_with([CastVote(None, 20, "citizen", 2), CastVote(5, None, "citizen", 3)])
    assert ranking[0].key == ("card", 5)  # the ranking still counts every vote
    assert [r.key for r in choose_for_plan(ranking, set(), room=5)] == [("cluster", 20)]


def test_without_groups_the_voted_cards_become_commitments_never_twice():
    cards = [CardFacts(c.id, c.kind, c.text, c.problem_id, None) for c in CARDS]
    votes = [CastVote(4, None, "citizen", 2), CastVote(5, None, "official", 1)]
    ranking = rank(cards, [], add_up(votes, {c.id: None for c in cards}, []))
    assert [r.key for r in choose_for_plan(ranking, set(), room=5)] == [("card", 4), ("card", 5)]
    assert [r.key for r in choose_for_plan(ranking, {("card", 4)}, room=5)] == [("card", 5)]
    assert choose_for_plan(ranking, set(), room=0) == []


def test_a_drafted_commitment_keeps_the_peoples_words_and_its_sources():
    target = ranking_with([CastVote(None, 20, "citizen")])[0]
    commitment = draft(target, {c.id: c for c in CARDS})
    assert commitment.title == "Agua potable"
    assert commitment.problem == "La tubería se rompe cada semana"
    assert commitment.description == (
        "- Reparar la red de agua del barrio San José\n- Un comité vecinal que vigile las fugas"
    )
    assert commitment.source_cluster_id == 20
    assert commitment.source_card_ids == (2, 3)


def test_an_empty_group_does_not_stop_voted_cards_from_becoming_commitments():
    cards = [CardFacts(c.id, c.kind, c.text, c.problem_id, None) for c in CARDS]
    ranking = rank(
        cards,
        [ClusterFacts(30, "Vacío", ())],
        add_up([CastVote(4, None, "citizen", 2)], {c.id: None for c in cards}, [30]),
    )
    assert [r.key for r in choose_for_plan(ranking, set(), room=5)] == [("card", 4)]


def test_a_downloaded_plan_is_named_after_its_place_and_day():
    draft_plan = {
        "status": "draft",
        "version": None,
        "generated_at": "2026-12-02T18:30:00Z",
        "workshop": {"municipality": "San Juan Sacatepéquez", "title": "Agua"},
    }
    assert download_name(draft_plan, "docx") == "plan-san-juan-sacatepequez-2026-12-02.docx"
    published = {
        **draft_plan,
        "status": "published",
        "version": 2,
        "published_at": "2026-12-05T10:00:00Z",
    }
    assert download_name(published, "pdf") == "plan-san-juan-sacatepequez-2026-12-05-v2.pdf"


def test_a_plan_without_a_municipality_is_named_after_its_title_and_never_breaks_a_header():
    plan = {
        "status": "draft",
        "generated_at": "2026-12-02T18:30:00Z",
        "workshop": {"municipality": "", "title": 'Ñandutí "2026"\r\nSet-Cookie: x'},
    }
    assert download_name(plan, "csv") == "plan-nanduti-2026-set-cookie-x-2026-12-02.csv"
    assert download_name({"workshop": {"title": "¿¿??"}}, "json") == "plan.json"
