"""Finding a workshop's cards, groups, commitments and proposals; a missing one is not_found."""

import sqlalchemy as sa
import sqlalchemy.orm as so

from workshop.domain import plan as planning
from workshop.domain.errors import N_, NotFound
from workshop.extensions import db
from workshop.models import Card, Cluster, Commitment, Participant, Proposal
from workshop.services.transaction import Actor


def person_of(actor: Actor) -> Participant | None:
    """Who is acting, as stored now (a role code or a revocation may have changed them)."""
    return db.session.get(Participant, actor.participant_id) if actor.participant_id else None


def visible_card(actor: Actor, card_id: int) -> Card:
    """A card of this workshop that is not hidden, or not_found."""
    card = db.session.scalar(
        sa.select(Card).where(
            Card.id == card_id, Card.workshop_id == actor.workshop_id, Card.hidden_at.is_(None)
        )
    )
    if card is None:
        raise NotFound(N_("There is no card %(id)s in this workshop."), id=card_id)
    return card


def live_cluster(actor: Actor, cluster_id: int) -> Cluster:
    """A group of this workshop that was not merged away or dissolved, or not_found."""
    cluster = db.session.scalar(
        sa.select(Cluster).where(
            Cluster.id == cluster_id,
            Cluster.workshop_id == actor.workshop_id,
            Cluster.removed_at.is_(None),
        )
    )
    if cluster is None:
        raise NotFound(N_("There is no group %(id)s in this workshop."), id=cluster_id)
    return cluster


def commitment_by_id(actor: Actor, commitment_id: int) -> Commitment:
    """A commitment of this workshop, or not_found."""
    commitment = db.session.scalar(
        sa.select(Commitment).where(
            Commitment.id == commitment_id, Commitment.workshop_id == actor.workshop_id
        )
    )
    if commitment is None:
        raise NotFound(N_("There is no such commitment in this workshop."))
    return commitment


def visible_cards(workshop_id: int) -> list[Card]:
    """The workshop's cards that are not hidden, oldest first, with their authors."""
    return list(
        db.session.scalars(
            sa.select(Card)
            .where(Card.workshop_id == workshop_id, Card.hidden_at.is_(None))
            .options(so.joinedload(Card.author))
            .order_by(Card.id)
        )
    )


def card_ids_in(cluster_id: int) -> list[int]:
    """The visible cards of a group, oldest first."""
    return list(
        db.session.scalars(
            sa.select(Card.id)
            .where(Card.cluster_id == cluster_id, Card.hidden_at.is_(None))
            .order_by(Card.id)
        )
    )


def card_facts(card: Card) -> planning.CardFacts:
    """What the plan rules need of a card, free of the database."""
    return planning.CardFacts(
        card.id, card.kind, card.text, card.problem_id, card.cluster_id, card.duplicate_of_id
    )


def commitments_of(workshop_id: int) -> list[Commitment]:
    """The workshop's commitments in the order of the plan."""
    return list(
        db.session.scalars(
            sa.select(Commitment)
            .where(Commitment.workshop_id == workshop_id)
            .order_by(Commitment.position, Commitment.id)
        )
    )


def proposals_of(workshop_id: int) -> list[Proposal]:
    """Every proposal of the workshop, answered or not, with its author."""
    return list(
        db.session.scalars(
            sa.select(Proposal)
            .where(Proposal.workshop_id == workshop_id)
            .options(so.joinedload(Proposal.author))
            .order_by(Proposal.id)
        )
    )
