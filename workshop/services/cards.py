"""Posting problems and ideas, and hiding one from every view (it stays stored for audit)."""

from workshop.domain.commands import HideCard, PostCard
from workshop.domain.errors import N_, Invalid
from workshop.domain.phases import check_can_post
from workshop.extensions import db
from workshop.models import Card, Vote, utcnow
from workshop.services.commitments import forget_hidden_source
from workshop.services.grouping import cluster_updated, duplicates_of
from workshop.services.lookups import visible_card
from workshop.services.payloads import card_payload
from workshop.services.proposals import set_aside_proposals_about
from workshop.services.publishing import scrub_published
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


def hide_card(actor: Actor, cmd: HideCard) -> Outcome:
    """Take a card off every view; it stays stored for audit, and its voters get their dots back."""

    def apply() -> Outcome:
        require_facilitator(actor)
        card = visible_card(actor, cmd.card_id)
        card.hidden_at = utcnow()
        card.hidden_reason = cmd.reason or None
        refunded = refund_votes(Vote.card_id == card.id)
        orphans = duplicates_of(card)
        for orphan in orphans:  # they said it too: they stay, on their own now
            orphan.duplicate_of_id = None
        db.session.flush()
        events = [store_event(actor, "card_hidden", {"card_id": card.id})]
        events += [store_event(actor, "card_updated", {"card": card_payload(c)}) for c in orphans]
        events += set_aside_proposals_about(actor, card)
        scrub_published(actor, card)
        if card.cluster_id is not None:
            events.append(cluster_updated(actor, card.cluster_id))
        events += forget_hidden_source(actor)
        return Outcome({}, events, tally_changed=True, budgets_changed=refunded)

    return commit_once(actor, "hide_card", None, apply)
