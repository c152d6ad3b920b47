"""Counting the vote: the tally each audience may see, the ranking, and its freeze."""

from collections import Counter
from dataclasses import dataclass, replace
from typing import Any

import sqlalchemy as sa

from workshop.domain import plan as planning
from workshop.domain.voting import (
    PAPER,
    CastVote,
    TargetVotes,
    add_up,
    hidden_from_participants,
    tally_payload,
)
from workshop.extensions import db
from workshop.models import Card, Cluster, PaperVote, Participant, Rating, Vote, Workshop, utcnow
from workshop.services.joining import VERIFIED_ROLES
from workshop.services.lookups import card_facts, visible_cards
from workshop.services.payloads import clusters_payload, iso
from workshop.services.transaction import Actor


@dataclass(frozen=True)
class Results:
    """Where the vote stands: live while it is open, as frozen when it closed."""

    ranking: list[planning.Ranked]
    targets: dict[tuple[str, int], TargetVotes]
    ballot_size: int
    ratings: list[dict[str, Any]]
    frozen: bool
    voters_by_role: dict[str, int]


def tally_for(workshop_id: int) -> tuple[dict[str, Any], dict[str, Any], dict[str, Any]]:
    """The tally for the consoles, the one for the projector, and the one phones may see."""
    workshop = db.session.get(Workshop, workshop_id)
    assert workshop is not None
    full = _tally(workshop)
    hidden = hidden_from_participants(full)
    people = hidden if results_hidden(workshop) else full
    return full, (hidden if hidden_on_screen(workshop) else full), people


def tally_view(workshop: Workshop, actor: Actor | None) -> dict[str, Any]:
    """The tally this reader may see; the public snapshot reads as a phone does."""
    full = _tally(workshop)
    if actor is not None and actor.is_facilitator:
        return full
    hidden = hidden_on_screen(workshop) if actor is not None and actor.is_screen else None
    if hidden is None:
        hidden = results_hidden(workshop)
    return hidden_from_participants(full) if hidden else full


def hidden_on_screen(workshop: Workshop) -> bool:
    """The projector keeps hidden results hidden, unless the facilitator switches it on."""
    return results_hidden(workshop) and not workshop.screen_results


def results_hidden(workshop: Workshop) -> bool:
    return workshop.results == "hidden" and not workshop.results_revealed


def current_results(workshop: Workshop) -> Results:
    if workshop.frozen_ranking is not None:
        return _thawed(workshop)
    cards = [card_facts(c) for c in visible_cards(workshop.id)]
    by_cards = workshop.vote_on == "cards"
    targets = _targets(workshop.id, by_cards)
    ratings = _ratings(workshop.id) if workshop.prioritization != "dots" else []
    if by_cards:  # every idea is its own option, grouped or not
        ideas = [replace(c, cluster_id=None) for c in cards if c.kind == "idea"]
        ranking = planning.rank(ideas, [], targets)
    else:
        ranking = planning.rank(cards, _cluster_facts(workshop.id), targets)
    ranking = _on_the_ballot(ranking, cards, by_cards)
    return Results(
        ranking, targets, _ballot_size(workshop), ratings, False, _voters_by_role(workshop.id)
    )


def freeze_ranking(workshop: Workshop) -> dict[str, Any]:
    """Keep the ranking as the vote left it, so later tidying of the wall cannot change it."""
    live = current_results(workshop)
    return {
        "frozen_at": iso(utcnow()),
        "ballot_size": live.ballot_size,
        "voters_by_role": live.voters_by_role,
        "ratings": live.ratings,
        "ranking": [
            {
                "type": r.type,
                "id": r.id,
                "title": r.title,
                "votes": r.votes,
                "votes_by_role": r.votes_by_role,
                "card_ids": list(r.card_ids),
                "paper": r.paper,
            }
            for r in live.ranking
        ],
    }


def _thawed(workshop: Workshop) -> Results:
    frozen = workshop.frozen_ranking
    assert frozen is not None
    hidden = set(
        db.session.scalars(
            sa.select(Card.id).where(Card.workshop_id == workshop.id, Card.hidden_at.is_not(None))
        )
    )
    # A card hidden after the vote leaves the frozen ranking too: its words never come back.
    ranking = [
        planning.Ranked(
            e["type"],
            e["id"],
            e["title"],
            e["votes"],
            e["votes_by_role"],
            tuple(e["card_ids"]),
            e.get("paper", 0),
        )
        for e in frozen["ranking"]
        if not (e["type"] == "card" and e["id"] in hidden)
    ]
    # Rankings frozen before the ballot rule listed problems and off-ballot ideas at 0.
    problems = set(
        db.session.scalars(
            sa.select(Card.id).where(Card.workshop_id == workshop.id, Card.kind == "problem")
        )
    )
    themed = any(r.type == "cluster" and r.card_ids for r in ranking)
    ranking = [
        r
        for r in ranking
        if r.votes > 0
        or not (r.type == "card" and (r.id in problems or (themed and workshop.vote_on != "cards")))
    ]
    targets = {
        r.key: TargetVotes(r.type, r.id, r.votes, Counter({**r.votes_by_role, PAPER: r.paper}))
        for r in ranking
        if r.votes
    }
    ratings = [r for r in frozen["ratings"] if not (r["type"] == "card" and r["id"] in hidden)]
    return Results(
        ranking, targets, frozen["ballot_size"], ratings, True, frozen.get("voters_by_role", {})
    )


def _tally(workshop: Workshop) -> dict[str, Any]:
    """On the hot path (every vote, every join): counts only, never the whole ranking."""
    if workshop.frozen_ranking is not None:
        frozen = _thawed(workshop)
        tally = tally_payload(
            frozen.targets, frozen.ballot_size, frozen.ratings, True, frozen.voters_by_role
        )
        return {**tally, "verified_voters": _verified_voters(workshop.id)}
    by_cards = workshop.vote_on == "cards"
    ratings = _ratings(workshop.id) if workshop.prioritization != "dots" else []
    tally = tally_payload(
        _targets(workshop.id, by_cards),
        _ballot_size(workshop),
        ratings,
        False,
        _voters_by_role(workshop.id),
    )
    return {**tally, "verified_voters": _verified_voters(workshop.id)}


def _on_the_ballot(
    ranking: list[planning.Ranked], cards: list[planning.CardFacts], by_cards: bool
) -> list[planning.Ranked]:
    """Only what people could vote for: the groups (or, with none, the ideas), never a problem.

    An option that got votes stays whatever happened to it since, so no vote goes uncounted.
    """
    kinds = {c.id: c.kind for c in cards}
    themed = not by_cards and any(r.type == "cluster" and r.card_ids for r in ranking)

    def on_ballot(r: planning.Ranked) -> bool:
        if r.type == "cluster":
            return bool(r.card_ids)
        return kinds.get(r.id) == "idea" and not themed

    return [r for r in ranking if r.votes > 0 or on_ballot(r)]


def _ballot_size(workshop: Workshop) -> int:
    """How many options are on the ballot: what a fair share of votes is measured against."""
    if workshop.vote_on == "clusters":
        groups = db.session.scalar(
            sa.select(sa.func.count(sa.distinct(Card.cluster_id)))
            .join(Cluster, Cluster.id == Card.cluster_id)
            .where(
                Card.workshop_id == workshop.id,
                Card.hidden_at.is_(None),
                Cluster.removed_at.is_(None),
            )
        )
        if groups:
            return groups
    return (
        db.session.scalar(
            sa.select(sa.func.count())
            .select_from(Card)
            .where(
                Card.workshop_id == workshop.id,
                Card.hidden_at.is_(None),
                Card.duplicate_of_id.is_(None),
                Card.kind == "idea",
            )
        )
        or 0
    )


def _voters_by_role(workshop_id: int) -> dict[str, int]:
    """How many different people of each role voted: too few, and their votes show who."""
    rows = db.session.execute(
        sa.select(Participant.role, sa.func.count(sa.distinct(Vote.participant_id)))
        .join(Participant, Participant.id == Vote.participant_id)
        .where(Vote.workshop_id == workshop_id)
        .group_by(Participant.role)
    ).all()
    return dict(rows)


def _verified_voters(workshop_id: int) -> dict[str, int]:
    """Of the people who voted as officials or civil society, how many are confirmed."""
    rows = db.session.execute(
        sa.select(Participant.role, sa.func.count(sa.distinct(Vote.participant_id)))
        .join(Participant, Participant.id == Vote.participant_id)
        .where(
            Vote.workshop_id == workshop_id,
            Participant.role.in_(VERIFIED_ROLES),
            Participant.verified_at.is_not(None),
        )
        .group_by(Participant.role)
    ).all()
    counts = dict(rows)
    return {role: counts.get(role, 0) for role in VERIFIED_ROLES}


def _targets(workshop_id: int, by_cards: bool = False) -> dict:
    """Votes per option; with `by_cards`, a card's votes stay on the card even when grouped."""
    votes = db.session.execute(
        sa.select(Vote.card_id, Vote.cluster_id, Participant.role, sa.func.count())
        .join(Participant, Participant.id == Vote.participant_id)
        .where(Vote.workshop_id == workshop_id)
        .group_by(Vote.card_id, Vote.cluster_id, Participant.role)
    ).all()
    cards = db.session.execute(
        sa.select(Card.id, Card.cluster_id, Card.duplicate_of_id).where(
            Card.workshop_id == workshop_id, Card.hidden_at.is_(None)
        )
    ).all()
    clusters = db.session.scalars(
        sa.select(Cluster.id).where(
            Cluster.workshop_id == workshop_id, Cluster.removed_at.is_(None)
        )
    )
    paper = current_paper_votes(workshop_id)
    return add_up(
        [
            *(CastVote(card, cluster, role, n) for card, cluster, role, n in votes),
            *(CastVote(card, cluster, PAPER, n) for (card, cluster, _), n in paper.items() if n),
        ],
        {card_id: None if by_cards else cluster_id for card_id, cluster_id, _ in cards},
        clusters,
        original_of={card_id: original for card_id, _, original in cards if original},
    )


def current_paper_votes(workshop_id: int) -> dict[tuple[int | None, int | None, str], int]:
    """The paper wall's dots as last entered, per option and role (the log keeps every entry)."""
    latest = (
        sa.select(sa.func.max(PaperVote.id))
        .where(PaperVote.workshop_id == workshop_id)
        .group_by(PaperVote.card_id, PaperVote.cluster_id, PaperVote.role)
    )
    rows = db.session.execute(
        sa.select(PaperVote.card_id, PaperVote.cluster_id, PaperVote.role, PaperVote.count).where(
            PaperVote.id.in_(latest)
        )
    ).all()
    return {(card, cluster, role): n for card, cluster, role, n in rows}


def _cluster_facts(workshop_id: int) -> list[planning.ClusterFacts]:
    return [
        planning.ClusterFacts(c["id"], c["title"], tuple(c["card_ids"]))
        for c in clusters_payload(workshop_id)
    ]


def _ratings(workshop_id: int) -> list[dict[str, Any]]:
    """Average impact and effort per option, never who gave which score."""
    rows = db.session.execute(
        sa.select(
            Rating.target_key,
            sa.func.avg(Rating.impact),
            sa.func.avg(Rating.effort),
            sa.func.count(),
        )
        .where(Rating.workshop_id == workshop_id)
        .group_by(Rating.target_key)
        .order_by(Rating.target_key)
    ).all()
    visible = _live_target_keys(workshop_id)
    ratings = []
    for key, impact, effort, count in rows:
        kind, _, raw_id = key.partition(":")
        if (kind, int(raw_id)) in visible:
            ratings.append(
                {
                    "type": kind,
                    "id": int(raw_id),
                    "impact": round(float(impact), 1),
                    "effort": round(float(effort), 1),
                    "count": count,
                }
            )
    return ratings


def _live_target_keys(workshop_id: int) -> set[tuple[str, int]]:
    cards = db.session.scalars(
        sa.select(Card.id).where(Card.workshop_id == workshop_id, Card.hidden_at.is_(None))
    )
    clusters = db.session.scalars(
        sa.select(Cluster.id).where(
            Cluster.workshop_id == workshop_id, Cluster.removed_at.is_(None)
        )
    )
    return {("card", i) for i in cards} | {("cluster", i) for i in clusters}
