"""Affinity mapping: groups of ideas, duplicates folded together, and suggested themes."""

from collections.abc import Sequence

import sqlalchemy as sa

from workshop.domain import clustering
from workshop.domain.commands import (
    CreateCluster,
    DissolveCluster,
    MarkDuplicate,
    MergeClusters,
    MoveCard,
    MoveCards,
    RenameCluster,
    SuggestClusters,
)
from workshop.domain.errors import N_, Conflict, Invalid
from workshop.extensions import db
from workshop.i18n import translate
from workshop.models import Card, Cluster, Vote, utcnow
from workshop.services.commitments import commitment_updated, commitments_from
from workshop.services.lookups import card_ids_in, live_cluster, visible_card, visible_cards
from workshop.services.payloads import card_payload, cluster_payload
from workshop.services.record import record
from workshop.services.transaction import (
    Actor,
    Broadcast,
    Outcome,
    commit_once,
    require_facilitator,
    store_event,
)
from workshop.services.voting import refund_votes, voters_on


def create_cluster(actor: Actor, cmd: CreateCluster) -> Outcome:
    """A new group; cards already in other groups move to it (this is also how a group splits)."""

    def apply() -> Outcome:
        require_facilitator(actor)
        cluster = Cluster(workshop_id=actor.workshop_id, title=cmd.title)
        db.session.add(cluster)
        db.session.flush()
        cards = [visible_card(actor, card_id) for card_id in cmd.card_ids]
        record(
            actor,
            "cluster.created",
            "cluster",
            cluster.id,
            after={"title": cluster.title, "card_ids": [card.id for card in cards]},
        )
        events, moved = regroup(actor, [(card, cluster.id) for card in cards])
        if not cards:  # with cards, regroup has already announced the new group
            events.append(cluster_updated(actor, cluster.id))
        return Outcome(
            {"cluster": cluster_payload(cluster)},
            events,
            tally_changed=bool(moved),
            budgets_changed=voters_on(moved),
        )

    return commit_once(actor, "create_cluster", cmd.client_id, apply)


def move_card(actor: Actor, cmd: MoveCard) -> Outcome:
    def apply() -> Outcome:
        outcome = _move(actor, [cmd.card_id], cmd.cluster_id)
        outcome.result = {}  # the core protocol's ack is a bare ok
        return outcome

    return commit_once(actor, "move_card", None, apply)


def move_cards(actor: Actor, cmd: MoveCards) -> Outcome:
    """Move many cards at once, as the console's «Mover a…» does: one command, all or nothing."""
    return commit_once(
        actor, "move_cards", cmd.client_id, lambda: _move(actor, cmd.card_ids, cmd.cluster_id)
    )


def _move(actor: Actor, card_ids: Sequence[int], cluster_id: int | None) -> Outcome:
    """Every card is checked before any moves, so one unknown card moves none."""
    require_facilitator(actor)
    cards = [visible_card(actor, card_id) for card_id in card_ids]
    if cluster_id is not None:
        live_cluster(actor, cluster_id)
    moving = [card for card in cards if card.cluster_id != cluster_id]
    for card in moving:
        record(
            actor,
            "card.moved",
            "card",
            card.id,
            field="cluster_id",
            before=card.cluster_id,
            after=cluster_id,
        )
    events, moved = regroup(actor, [(card, cluster_id) for card in moving])
    return Outcome(
        {"moved": [card.id for card in moving]},
        events,
        tally_changed=bool(moved),
        budgets_changed=voters_on(moved),
    )


def rename_cluster(actor: Actor, cmd: RenameCluster) -> Outcome:
    def apply() -> Outcome:
        require_facilitator(actor)
        cluster = live_cluster(actor, cmd.cluster_id)
        if cluster.title == cmd.title:
            return Outcome({"cluster": cluster_payload(cluster)})
        retitle(actor, cluster, cmd.title)
        db.session.flush()
        event = cluster_updated(actor, cluster.id)
        return Outcome({"cluster": event.payload["cluster"]}, [event])

    return commit_once(actor, "rename_cluster", None, apply)


def merge_clusters(actor: Actor, cmd: MergeClusters) -> Outcome:
    """Fold groups into one: their cards, their votes and their commitments follow."""

    def apply() -> Outcome:
        require_facilitator(actor)
        into = live_cluster(actor, cmd.into_cluster_id)
        merged = [live_cluster(actor, cluster_id) for cluster_id in cmd.cluster_ids]
        merged_ids = [c.id for c in merged]
        voters = set(
            db.session.scalars(
                sa.select(Vote.participant_id).where(Vote.cluster_id.in_(merged_ids))
            )
        )
        db.session.execute(
            sa.update(Vote).where(Vote.cluster_id.in_(merged_ids)).values(cluster_id=into.id)
        )
        planned = commitments_from([into.id, *merged_ids])
        if len(planned) > 1:
            raise Conflict(
                N_(
                    "These groups are already separate commitments of the plan; "
                    "edit the commitments instead of merging the groups."
                )
            )
        members = _originals_in(merged_ids)
        record(actor, "cluster.merged", "cluster", into.id, after={"took_in": merged_ids})
        events, moved = regroup(actor, [(card, into.id) for card in members], removed=merged_ids)
        for commitment in planned:  # the theme keeps its commitment, now with every card
            commitment.source_cluster_id = into.id
            commitment.source_card_ids = card_ids_in(into.id)
            commitment.version += 1
            commitment.updated_at = utcnow()
            events.append(commitment_updated(actor, commitment))
        for cluster in merged:
            cluster.removed_at = utcnow()
            events.append(store_event(actor, "cluster_removed", {"cluster_id": cluster.id}))
        if into.id not in {e.payload.get("cluster", {}).get("id") for e in events}:
            events.append(cluster_updated(actor, into.id))
        return Outcome(
            {"cluster": cluster_payload(into)},
            events,
            tally_changed=True,
            budgets_changed=voters | voters_on(moved),
        )

    return commit_once(actor, "merge_clusters", None, apply)


def dissolve_cluster(actor: Actor, cmd: DissolveCluster) -> Outcome:
    """Ungroup every card of a group; dots cast on the group itself go back to their voters."""

    def apply() -> Outcome:
        require_facilitator(actor)
        cluster = live_cluster(actor, cmd.cluster_id)
        refunded = refund_votes(Vote.cluster_id == cluster.id)
        members = _originals_in([cluster.id])
        record(
            actor,
            "cluster.dissolved",
            "cluster",
            cluster.id,
            before={"title": cluster.title, "card_ids": [card.id for card in members]},
        )
        events, moved = regroup(actor, [(card, None) for card in members], removed=[cluster.id])
        for commitment in commitments_from([cluster.id]):  # it keeps its cards as its source
            commitment.source_cluster_id = None
            commitment.version += 1
            commitment.updated_at = utcnow()
            events.append(commitment_updated(actor, commitment))
        cluster.removed_at = utcnow()
        events.append(store_event(actor, "cluster_removed", {"cluster_id": cluster.id}))
        return Outcome({}, events, tally_changed=True, budgets_changed=refunded | voters_on(moved))

    return commit_once(actor, "dissolve_cluster", None, apply)


def mark_duplicate(actor: Actor, cmd: MarkDuplicate) -> Outcome:
    """Fold a card under the one that said the same first; both keep their authors."""

    def apply() -> Outcome:
        require_facilitator(actor)
        card = visible_card(actor, cmd.card_id)
        if cmd.duplicate_of is None:
            if card.duplicate_of_id is None:
                return Outcome({"card": card_payload(card)})
            _unmark_duplicate(actor, card)
            db.session.flush()
            event = store_event(actor, "card_updated", {"card": card_payload(card)})
            return Outcome(
                {"card": event.payload["card"]},
                [event],
                tally_changed=True,
                budgets_changed=voters_on([card.id]),
            )
        original = visible_card(actor, cmd.duplicate_of)
        if original.duplicate_of_id is not None:
            original = visible_card(actor, original.duplicate_of_id)
        if original.id == card.id:
            raise Invalid(N_("That card is already a duplicate of this one."))
        if original.kind != card.kind:
            raise Invalid(N_("A problem and an idea cannot be duplicates of each other."))
        family = [card, *duplicates_of(card)]
        record(
            actor,
            "card.duplicate_marked",
            "card",
            card.id,
            field="duplicate_of",
            before=card.duplicate_of_id,
            after=original.id,
        )
        for member in family:
            member.duplicate_of_id = original.id
        events, moved = regroup(
            actor,
            [(member, original.cluster_id) for member in family],
            keep_marks=True,
            also_changed=family,
        )
        card_event = next(e for e in events if e.payload.get("card", {}).get("id") == card.id)
        return Outcome(
            {"card": card_event.payload["card"]},
            events,
            tally_changed=True,
            budgets_changed=voters_on([m.id for m in family]),
        )

    return commit_once(actor, "mark_duplicate", None, apply)


def suggest_clusters(actor: Actor, cmd: SuggestClusters) -> Outcome:
    """Suggest themes for the visible ungrouped ideas; nothing changes until someone accepts."""
    require_facilitator(actor)
    ideas = [
        (card.id, card.text)
        for card in visible_cards(actor.workshop_id)
        if card.kind == "idea" and card.cluster_id is None and card.duplicate_of_id is None
    ]
    suggestions = clustering.suggest_clusters(ideas, actor.locale)
    return Outcome(
        {"suggestions": [{"title": s.title, "card_ids": list(s.card_ids)} for s in suggestions]}
    )


def regroup(
    actor: Actor,
    placements: list[tuple[Card, int | None]],
    *,
    removed: list[int] | tuple[int, ...] = (),
    keep_marks: bool = False,
    also_changed: list[Card] | tuple[Card, ...] = (),
) -> tuple[list[Broadcast], set[int]]:
    """Put cards into groups, their duplicates following them, and say what changed.

    A duplicate moved on its own stops being a duplicate (unless `keep_marks`); groups in
    `removed` are about to go and get no cluster_updated.
    """
    moving_ids = {card.id for card, _ in placements}
    changed: dict[int, Card] = {card.id: card for card in also_changed}
    touched: set[int] = set()
    for card, cluster_id in placements:
        moving_away = card.cluster_id != cluster_id
        if not keep_marks and moving_away and card.duplicate_of_id not in (None, *moving_ids):
            _unmark_duplicate(actor, card, N_("Moved to another group on its own."))
            changed[card.id] = card
        for member in (card, *duplicates_of(card)):
            if member.cluster_id != cluster_id:
                touched.update(c for c in (member.cluster_id, cluster_id) if c is not None)
                member.cluster_id = cluster_id
                changed[member.id] = member
    db.session.flush()
    events = [
        store_event(actor, "card_updated", {"card": card_payload(changed[i])})
        for i in sorted(changed)
    ]
    events += [cluster_updated(actor, c) for c in sorted(touched - set(removed))]
    return events, set(changed)


def retitle(actor: Actor, cluster: Cluster, title: str) -> None:
    """A group's new name, with the old one in the record."""
    record(
        actor,
        "cluster.renamed",
        "cluster",
        cluster.id,
        field="title",
        before=cluster.title,
        after=title,
    )
    cluster.title = title


def _unmark_duplicate(actor: Actor, card: Card, why: str | None = None) -> None:
    """A card stops being shown as another's repeat: recorded, with why if it was not asked."""
    record(
        actor,
        "card.duplicate_unmarked",
        "card",
        card.id,
        field="duplicate_of",
        before=card.duplicate_of_id,
        reason=translate(why, actor.locale) if why else None,
    )
    card.duplicate_of_id = None


def cluster_updated(actor: Actor, cluster_id: int) -> Broadcast:
    """Announce a group as it now stands: its title and its visible cards."""
    cluster = live_cluster(actor, cluster_id)
    return store_event(actor, "cluster_updated", {"cluster": cluster_payload(cluster)})


def duplicates_of(card: Card) -> list[Card]:
    """The visible cards folded under this one."""
    return list(
        db.session.scalars(
            sa.select(Card)
            .where(Card.duplicate_of_id == card.id, Card.hidden_at.is_(None))
            .order_by(Card.id)
        )
    )


def _originals_in(cluster_ids: list[int]) -> list[Card]:
    """The cards of these groups that are not duplicates (those follow their originals)."""
    return list(
        db.session.scalars(
            sa.select(Card)
            .where(
                Card.cluster_id.in_(cluster_ids),
                Card.hidden_at.is_(None),
                Card.duplicate_of_id.is_(None),
            )
            .order_by(Card.id)
        )
    )
