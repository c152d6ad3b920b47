"""What each thing looks like on the wire: the payloads of the protocol's events and acks."""

from datetime import UTC, datetime
from typing import Any

import sqlalchemy as sa

from workshop.domain.voting import PARTICIPANT_ROLES
from workshop.extensions import db
from workshop.models import (
    Card,
    Cluster,
    Commitment,
    PaperVote,
    PlanVersion,
    Proposal,
    Workshop,
)


def iso(moment: datetime | None) -> str | None:
    return None if moment is None else moment.astimezone(UTC).isoformat(timespec="seconds")


def workshop_payload(workshop: Workshop) -> dict[str, Any]:
    return {
        "code": workshop.code,
        "title": workshop.title,
        "municipality": workshop.municipality,
        "question": workshop.question,
        "phase": workshop.phase,
        "phase_ends_at": iso(workshop.phase_ends_at),
        "timer_paused_s": workshop.timer_paused_s,
        "votes_per_participant": workshop.votes_per_participant,
        "max_votes_per_target": workshop.max_votes_per_target,
        "vote_on": workshop.vote_on,
        "results": workshop.results,
        "results_revealed": workshop.results_revealed,
        "screen_results": workshop.screen_results,
        "screen_names": workshop.screen_names,
        "prioritization": workshop.prioritization,
        "ranking_frozen": workshop.frozen_ranking is not None,
        "published_version": db.session.scalar(
            sa.select(sa.func.max(PlanVersion.number)).where(PlanVersion.workshop_id == workshop.id)
        ),
        "plan_size": workshop.plan_size,
        "locale": workshop.locale,
        "time_zone": workshop.time_zone,
        "joining": workshop.joining,
    }


def card_payload(card: Card) -> dict[str, Any]:
    return {
        "id": card.id,
        "kind": card.kind,
        "text": card.text,
        "problem_id": card.problem_id,
        "cluster_id": card.cluster_id,
        "duplicate_of": card.duplicate_of_id,
        "author": {
            "participant_id": card.author_id,
            "name": card.author.name,
            "role": card.author.role,
        },
        "created_at": iso(card.created_at),
        "response": card.response,
        # A paper note: the author above typed it in; `role` is who wrote it, as far as known.
        "paper": {"role": card.paper_role} if card.on_paper else None,
    }


def cluster_payload(cluster: Cluster) -> dict[str, Any]:
    card_ids = db.session.scalars(
        sa.select(Card.id)
        .where(Card.cluster_id == cluster.id, Card.hidden_at.is_(None))
        .order_by(Card.id)
    ).all()
    return {
        "id": cluster.id,
        "title": cluster.title,
        "card_ids": list(card_ids),
        "response": cluster.response,
    }


def clusters_payload(workshop_id: int) -> list[dict[str, Any]]:
    clusters = db.session.scalars(
        sa.select(Cluster)
        .where(Cluster.workshop_id == workshop_id, Cluster.removed_at.is_(None))
        .order_by(Cluster.id)
    ).all()
    members = db.session.execute(
        sa.select(Card.cluster_id, Card.id)
        .where(
            Card.workshop_id == workshop_id,
            Card.hidden_at.is_(None),
            Card.cluster_id.is_not(None),
        )
        .order_by(Card.id)
    ).all()
    card_ids: dict[int, list[int]] = {c.id: [] for c in clusters}
    for cluster_id, card_id in members:
        card_ids[cluster_id].append(card_id)
    return [
        {"id": c.id, "title": c.title, "card_ids": card_ids[c.id], "response": c.response}
        for c in clusters
    ]


def proposal_payload(proposal: Proposal) -> dict[str, Any]:
    return {
        "id": proposal.id,
        "card_id": proposal.card_id,
        "with_card_id": proposal.with_card_id,
        "status": proposal.status,
        "author": {"name": proposal.author.name, "role": proposal.author.role},
        "created_at": iso(proposal.created_at),
    }


def commitment_payload(commitment: Commitment) -> dict[str, Any]:
    """A commitment with the fields of an Open Government Partnership action plan."""
    return {
        "id": commitment.id,
        "title": commitment.title,
        "problem": commitment.problem,
        "current_situation": commitment.current_situation,
        "description": commitment.description,
        "benefit": commitment.benefit,
        "values": list(commitment.values or []),
        "lead": commitment.lead,
        "other_actors": {
            "government": (commitment.other_actors or {}).get("government", ""),
            "civil_society": (commitment.other_actors or {}).get("civil_society", ""),
        },
        "start": commitment.start,
        "end": commitment.end,
        "milestones": commitment.milestones,
        "indicators": commitment.indicators,
        "budget": commitment.budget,
        "status": commitment.status,
        "drop_reason": commitment.drop_reason,
        "origin": commitment.origin,
        "merged_into": commitment.merged_into_id,
        "source": {
            "cluster_id": commitment.source_cluster_id,
            "card_ids": list(commitment.source_card_ids),
        },
        "votes": commitment.votes,
        "votes_by_role": commitment.votes_by_role or dict.fromkeys(PARTICIPANT_ROLES, 0),
        "version": commitment.version,
        "updated_at": iso(commitment.updated_at),
    }


def paper_entry_payload(entry: PaperVote) -> dict[str, Any]:
    return {
        "id": entry.id,
        "card_id": entry.card_id,
        "cluster_id": entry.cluster_id,
        "role": entry.role,
        "count": entry.count,
        "previous": entry.previous,
        "by": {"name": entry.entered_by.name, "role": entry.entered_by.role},
        "at": iso(entry.entered_at),
    }
