"""Posting problems and ideas, and hiding one from every view (kept for audit) or back."""

import sqlalchemy as sa

from workshop.domain.commands import (
    EditCard,
    HiddenCards,
    HideCard,
    PostCard,
    PostPaperNotes,
    UnhideCard,
    WithdrawCard,
)
from workshop.domain.errors import N_, Conflict, Forbidden, Invalid, NotFound
from workshop.domain.phases import check_can_change_own_card, check_can_post
from workshop.domain.redaction import Redactor
from workshop.extensions import db
from workshop.i18n import translate
from workshop.models import Card, Cluster, Vote, utcnow
from workshop.services.commitments import forget_hidden_source
from workshop.services.grouping import cluster_updated, duplicates_of, retitle
from workshop.services.lookups import visible_card
from workshop.services.payloads import card_payload, iso
from workshop.services.proposals import set_aside_proposals_about
from workshop.services.publishing import scrub_published
from workshop.services.record import HIDDEN_WORDS, record
from workshop.services.transaction import (
    Actor,
    Outcome,
    commit_once,
    require_facilitator,
    require_not_screen,
    store_event,
    workshop_of,
)
from workshop.services.voting import refund_votes


def post_card(actor: Actor, cmd: PostCard) -> Outcome:
    def apply() -> Outcome:
        workshop = workshop_of(actor)
        require_not_screen(actor)
        check_can_post(cmd.kind, workshop.phase, is_facilitator=actor.is_facilitator)
        if cmd.problem_id is not None:
            if cmd.kind != "idea":
                raise Invalid(N_("Only an idea can answer a problem."))
            problem = visible_card(actor, cmd.problem_id)
            if problem.kind != "problem":
                raise Invalid(N_("problem_id must be the id of a problem."))
        card = Card(
            workshop_id=actor.workshop_id,
            author_id=actor.participant_id,
            kind=cmd.kind,
            text=cmd.text,
            problem_id=cmd.problem_id,
        )
        db.session.add(card)
        db.session.flush()
        card_json = card_payload(card)
        return Outcome(
            {"card": card_json}, [store_event(actor, "card_posted", {"card": card_json})]
        )

    return commit_once(actor, "post_card", cmd.client_id, apply)


def post_paper_notes(actor: Actor, cmd: PostPaperNotes) -> Outcome:
    """The hall's paper notes, typed in by the facilitation: every note or none of them."""

    def apply() -> Outcome:
        require_facilitator(actor)
        if cmd.problem_id is not None:
            if cmd.kind != "idea":
                raise Invalid(N_("Only an idea can answer a problem."))
            if visible_card(actor, cmd.problem_id).kind != "problem":
                raise Invalid(N_("problem_id must be the id of a problem."))
        cards = [
            Card(
                workshop_id=actor.workshop_id,
                author_id=actor.participant_id,
                kind=cmd.kind,
                text=text,
                problem_id=cmd.problem_id,
                on_paper=True,
                paper_role=cmd.role,
            )
            for text in cmd.texts
        ]
        db.session.add_all(cards)
        db.session.flush()
        events = []
        for card in cards:
            card_json = card_payload(card)
            events.append(store_event(actor, "card_posted", {"card": card_json}))
        return Outcome({"card_ids": [card.id for card in cards]}, events)

    return commit_once(actor, "post_paper_notes", cmd.client_id, apply)


def hide_card(actor: Actor, cmd: HideCard) -> Outcome:
    """Take a card off every view; it stays stored for audit, and its voters get their dots back."""

    def apply() -> Outcome:
        require_facilitator(actor)
        card = visible_card(actor, cmd.card_id)
        return _take_down(actor, card, "card.hidden", cmd.category, cmd.reason or None)

    return commit_once(actor, "hide_card", None, apply)


def withdraw_card(actor: Actor, cmd: WithdrawCard) -> Outcome:
    """Its author takes a card back while the phase is open: counted as withdrawn, recorded."""

    def apply() -> Outcome:
        card = _own_open_card(actor, cmd.card_id)
        return _take_down(actor, card, "card.withdrawn", "withdrawn", None)

    return commit_once(actor, "withdraw_card", None, apply)


def edit_card(actor: Actor, cmd: EditCard) -> Outcome:
    """Its author rewords a card while the phase is open; the record keeps what it said."""

    def apply() -> Outcome:
        card = _own_open_card(actor, cmd.card_id)
        if card.text == cmd.text:
            return Outcome({"card": card_payload(card)})
        record(
            actor, "card.edited", "card", card.id, field="text", before=card.text, after=cmd.text
        )
        card.text = cmd.text
        db.session.flush()
        event = store_event(actor, "card_updated", {"card": card_payload(card)})
        events = [event]
        if card.cluster_id is not None:
            events.append(cluster_updated(actor, card.cluster_id))
        return Outcome({"card": event.payload["card"]}, events)

    return commit_once(actor, "edit_card", None, apply)


def _own_open_card(actor: Actor, card_id: int) -> Card:
    if actor.is_facilitator or actor.is_screen:
        raise Forbidden(N_("Only a card's author edits or withdraws it; the facilitation hides."))
    card = visible_card(actor, card_id)
    if card.author_id != actor.participant_id:
        raise Forbidden(N_("You can change only your own cards."))
    check_can_change_own_card(card.kind, workshop_of(actor).phase)
    return card


def _take_down(actor: Actor, card: Card, action: str, category: str, reason: str | None) -> Outcome:
    """Off every screen, stored for audit: votes given back, repeats released, words scrubbed."""
    card.hidden_at = utcnow()
    card.hidden_reason = reason
    card.hidden_category = category
    orphans = duplicates_of(card)
    record(
        actor,
        action,
        "card",
        card.id,
        # Who said the same words stays, on their own now: the record says which cards.
        after={"category": category}
        | ({"released_duplicates": [o.id for o in orphans]} if orphans else {}),
        reason=reason,
    )
    refunded = refund_votes(Vote.card_id == card.id)
    for orphan in orphans:
        orphan.duplicate_of_id = None
    db.session.flush()
    events = [store_event(actor, "card_hidden", {"card_id": card.id})]
    events += [store_event(actor, "card_updated", {"card": card_payload(c)}) for c in orphans]
    events += set_aside_proposals_about(actor, card)
    scrub_published(actor, card)
    renamed = _unname_groups(actor, card)
    if card.cluster_id is not None and card.cluster_id not in renamed:
        renamed.append(card.cluster_id)
    events += [cluster_updated(actor, cluster_id) for cluster_id in renamed]
    events += forget_hidden_source(actor)
    return Outcome({}, events, tally_changed=True, budgets_changed=refunded)


def _unname_groups(actor: Actor, card: Card) -> list[int]:
    """A group named after a hidden card loses that name on every screen (recorded)."""
    redact = Redactor([card.text], translate(HIDDEN_WORDS, actor.locale))
    renamed = []
    for cluster in db.session.scalars(
        sa.select(Cluster).where(
            Cluster.workshop_id == actor.workshop_id, Cluster.removed_at.is_(None)
        )
    ):
        title = redact(cluster.title)
        if title != cluster.title:
            retitle(actor, cluster, title)  # the record redacts the old title like the card
            renamed.append(cluster.id)
    db.session.flush()
    return renamed


def unhide_card(actor: Actor, cmd: UnhideCard) -> Outcome:
    """Bring a hidden card back to every view; the dots it lost when hidden stay given back."""

    def apply() -> Outcome:
        require_facilitator(actor)
        card = db.session.scalar(
            sa.select(Card).where(
                Card.id == cmd.card_id,
                Card.workshop_id == actor.workshop_id,
                Card.hidden_at.is_not(None),
            )
        )
        if card is None:
            raise NotFound(N_("There is no hidden card %(id)s in this workshop."), id=cmd.card_id)
        if card.hidden_category == "withdrawn":
            raise Conflict(N_("Its author withdrew this card; only they could post it again."))
        card.hidden_at, card.hidden_reason, card.hidden_category = None, None, None
        if card.cluster_id is not None and _removed(card.cluster_id):
            card.cluster_id = None  # its group was merged away or dissolved meanwhile
        if card.duplicate_of_id is not None:
            card.duplicate_of_id = None  # it comes back as itself; it can be folded again
        record(actor, "card.unhidden", "card", card.id)
        db.session.flush()
        events = [store_event(actor, "card_updated", {"card": card_payload(card)})]
        if card.cluster_id is not None:
            events.append(cluster_updated(actor, card.cluster_id))
        return Outcome({"card": events[0].payload["card"]}, events, tally_changed=True)

    return commit_once(actor, "unhide_card", None, apply)


def hidden_cards(actor: Actor, cmd: HiddenCards) -> Outcome:
    """What the facilitation hid, for the console alone: each card, when, and why."""
    require_facilitator(actor)
    cards = db.session.scalars(
        sa.select(Card)
        .where(Card.workshop_id == actor.workshop_id, Card.hidden_at.is_not(None))
        .order_by(Card.hidden_at.desc(), Card.id.desc())
    )
    return Outcome(
        {
            "hidden": [
                {
                    "card": card_payload(card),
                    "hidden_at": iso(card.hidden_at),
                    "category": card.hidden_category or "other",
                    "reason": card.hidden_reason,
                }
                for card in cards
            ]
        }
    )


def _removed(cluster_id: int) -> bool:
    return (
        db.session.scalar(sa.select(Cluster.removed_at).where(Cluster.id == cluster_id)) is not None
    )
