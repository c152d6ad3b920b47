"""Participants' proposals of where their own cards go, and the facilitator's answer."""

import sqlalchemy as sa

from workshop.domain import plan as planning
from workshop.domain.commands import ProposeGrouping, ResolveProposal
from workshop.domain.errors import (
    N_,
    Closed,
    Conflict,
    Forbidden,
    NotFound,
    RateLimited,
    WrongPhase,
)
from workshop.domain.voting import PARTICIPANT_ROLES
from workshop.extensions import db
from workshop.i18n import translate
from workshop.models import Card, Cluster, Proposal, utcnow
from workshop.services.grouping import regroup
from workshop.services.lookups import visible_card
from workshop.services.payloads import proposal_payload
from workshop.services.record import record
from workshop.services.transaction import (
    Actor,
    Broadcast,
    Outcome,
    commit_once,
    require_facilitator,
    store_event,
    workshop_of,
)
from workshop.services.voting import voters_on

MAX_PENDING_PROPOSALS = 10


def propose_grouping(actor: Actor, cmd: ProposeGrouping) -> Outcome:
    """A participant suggests their card goes with another; the facilitator decides."""

    def apply() -> Outcome:
        if actor.role not in PARTICIPANT_ROLES:
            raise Forbidden(N_("Only participants propose where their cards go."))
        workshop = workshop_of(actor)
        if workshop.phase == "closed":
            raise Closed()
        if workshop.phase != "cluster":
            raise WrongPhase(N_("Groupings can be proposed only in the grouping phase."))
        card = visible_card(actor, cmd.card_id)
        if card.author_id != actor.participant_id:
            raise Forbidden(N_("You can propose where your own cards go, not other people's."))
        visible_card(actor, cmd.with_card_id)
        pending = db.session.scalar(
            sa.select(Proposal).where(
                Proposal.card_id == card.id,
                Proposal.with_card_id == cmd.with_card_id,
                Proposal.status == "pending",
            )
        )
        if pending is not None:
            return Outcome({"proposal": proposal_payload(pending)})
        waiting = db.session.scalar(
            sa.select(sa.func.count())
            .select_from(Proposal)
            .where(Proposal.participant_id == actor.participant_id, Proposal.status == "pending")
        )
        if waiting >= MAX_PENDING_PROPOSALS:
            raise RateLimited(
                N_("You have %(n)s proposals waiting; wait for the facilitation to answer them."),
                n=waiting,
            )
        proposal = Proposal(
            workshop_id=actor.workshop_id,
            participant_id=actor.participant_id,
            card_id=card.id,
            with_card_id=cmd.with_card_id,
        )
        db.session.add(proposal)
        db.session.flush()
        event = store_event(actor, "proposal_updated", {"proposal": proposal_payload(proposal)})
        return Outcome({"proposal": event.payload["proposal"]}, [event])

    return commit_once(actor, "propose_grouping", cmd.client_id, apply)


def resolve_proposal(actor: Actor, cmd: ResolveProposal) -> Outcome:
    """Accept (the card joins the other card's group, or a new group of the two) or ignore."""

    def apply() -> Outcome:
        require_facilitator(actor)
        proposal = db.session.scalar(
            sa.select(Proposal).where(
                Proposal.id == cmd.proposal_id, Proposal.workshop_id == actor.workshop_id
            )
        )
        if proposal is None:
            raise NotFound(N_("There is no such proposal in this workshop."))
        if proposal.status != "pending":
            raise Conflict(N_("This proposal was already answered."))
        events: list[Broadcast] = []
        moved: set[int] = set()
        if cmd.accept:
            card = visible_card(actor, proposal.card_id)
            other = visible_card(actor, proposal.with_card_id)
            if other.duplicate_of_id is not None:
                other = visible_card(actor, other.duplicate_of_id)
            if other.id == card.id:
                raise Conflict(N_("The two cards are already shown as one."))
            if other.cluster_id is None:
                cluster = Cluster(workshop_id=actor.workshop_id, title=planning.short(other.text))
                db.session.add(cluster)
                db.session.flush()
                record(
                    actor,
                    "cluster.created",
                    "cluster",
                    cluster.id,
                    after={"title": cluster.title, "card_ids": [other.id, card.id]},
                )
                events, moved = regroup(actor, [(other, cluster.id), (card, cluster.id)])
            else:
                events, moved = regroup(actor, [(card, other.cluster_id)])
        proposal.status = "accepted" if cmd.accept else "ignored"
        proposal.resolved_at = utcnow()
        record(
            actor,
            f"proposal.{proposal.status}",
            "proposal",
            proposal.id,
            after={"card_id": proposal.card_id, "with_card_id": proposal.with_card_id},
        )
        db.session.flush()
        events.append(
            store_event(actor, "proposal_updated", {"proposal": proposal_payload(proposal)})
        )
        return Outcome(
            {"proposal": events[-1].payload["proposal"]},
            events,
            tally_changed=bool(moved),
            budgets_changed=voters_on(moved),
        )

    return commit_once(actor, "resolve_proposal", None, apply)


def set_aside_proposals_about(actor: Actor, card: Card) -> list[Broadcast]:
    """A proposal about a hidden card can no longer be accepted: it is set aside, visibly."""
    waiting = db.session.scalars(
        sa.select(Proposal).where(
            Proposal.workshop_id == actor.workshop_id,
            Proposal.status == "pending",
            sa.or_(Proposal.card_id == card.id, Proposal.with_card_id == card.id),
        )
    ).all()
    events = []
    for proposal in waiting:
        proposal.status, proposal.resolved_at = "ignored", utcnow()
        record(
            actor,
            "proposal.ignored",
            "proposal",
            proposal.id,
            after={"card_id": proposal.card_id, "with_card_id": proposal.with_card_id},
            reason=translate(N_("One of its cards was hidden."), actor.locale),
        )
        db.session.flush()
        events.append(
            store_event(actor, "proposal_updated", {"proposal": proposal_payload(proposal)})
        )
    return events
