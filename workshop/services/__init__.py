"""The use cases of a workshop, one module per area: the only place that commits.

Entry points (sockets.py, views/, export/) import what they call from this package:

    joining      creating a workshop, joining it, and the tokens that say who is who
    cards        posting problems and ideas, and hiding one
    grouping     groups of ideas, duplicates folded together, suggested themes
    proposals    participants' proposals of where their own cards go
    voting       the voting settings, and each dot or rating checked and stored
    results      how the votes add up: the tally each audience sees, the ranking, the freeze
    phases       moving through the phases, and what entering or leaving one sets going
    commitments  the action plan's commitments: drafted, edited together, merged, set aside
    publishing   numbered versions of the plan that anyone may read
    reading      the state a device starts from, what it missed, and the plan document

Below them, and shared by all: transaction (who acts, one commit per command, receipts,
events and seq), lookups (finding a workshop's things) and payloads (the wire shapes).
"""

from datetime import timedelta
from typing import Any

import sqlalchemy as sa

from workshop.domain import plan as planning
from workshop.domain.commands import HideCard, PostCard, PublishPlan, SetPhase
from workshop.domain.errors import N_, Invalid
from workshop.domain.phases import check_can_post
from workshop.domain.voting import (
    PARTICIPANT_ROLES,
    mask_roles,
    tally_payload,
    votes_left,
    withheld_roles,
)
from workshop.extensions import db
from workshop.i18n import translate
from workshop.models import (
    Card,
    Commitment,
    Event,
    Participant,
    PlanVersion,
    Vote,
    Workshop,
    utcnow,
)
from workshop.services.commitments import (
    add_commitment,
    draft_commitments,
    drop_commitment,
    forget_hidden_source,
    merge_commitments,
    update_commitment,
)
from workshop.services.grouping import (
    cluster_updated,
    create_cluster,
    dissolve_cluster,
    duplicates_of,
    mark_duplicate,
    merge_clusters,
    move_card,
    rename_cluster,
    suggest_clusters,
)
from workshop.services.joining import (
    Created,
    Joined,
    authenticate,
    create_workshop,
    hash_token,
    join,
    screen_token_for,
    workshop_by_code,
    workshop_links,
)
from workshop.services.lookups import commitments_of, proposals_of, visible_card, visible_cards
from workshop.services.payloads import (
    card_payload,
    clusters_payload,
    commitment_payload,
    iso,
    proposal_payload,
    workshop_payload,
)
from workshop.services.proposals import (
    propose_grouping,
    resolve_proposal,
    set_aside_proposals_about,
)
from workshop.services.results import (
    current_results,
    freeze_ranking,
    results_hidden,
    tally_for,
    tally_view,
)
from workshop.services.transaction import (
    STAFF_ROLES,
    Actor,
    Broadcast,
    Outcome,
    commit_once,
    require_facilitator,
    require_not_screen,
    store_event,
    workshop_of,
    workshop_updated,
)
from workshop.services.voting import (
    cast_vote,
    my_ratings,
    my_votes,
    rate_target,
    refund_votes,
    retract_vote,
    reveal_results,
    update_settings,
)

__all__ = [
    "Actor",
    "Broadcast",
    "Outcome",
    "STAFF_ROLES",
    "Created",
    "Joined",
    "hash_token",
    "screen_token_for",
    "create_workshop",
    "join",
    "workshop_by_code",
    "authenticate",
    "workshop_links",
    "workshop_of",
    "post_card",
    "hide_card",
    "cast_vote",
    "retract_vote",
    "rate_target",
    "update_settings",
    "reveal_results",
    "set_phase",
    "create_cluster",
    "move_card",
    "rename_cluster",
    "merge_clusters",
    "dissolve_cluster",
    "mark_duplicate",
    "suggest_clusters",
    "propose_grouping",
    "resolve_proposal",
    "update_commitment",
    "add_commitment",
    "merge_commitments",
    "drop_commitment",
    "publish_plan",
    "published_plan",
    "plan_versions",
    "state_for",
    "me_for",
    "participant_me",
    "events_since",
    "tally_for",
    "tally_view",
    "joined_by_role",
    "plan_data",
    "iso",
    "workshop_payload",
    "card_payload",
    "commitment_payload",
    "proposal_payload",
]


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


def set_phase(actor: Actor, cmd: SetPhase) -> Outcome:
    def apply() -> Outcome:
        require_facilitator(actor)
        workshop = workshop_of(actor)
        entering_plan = cmd.phase == "plan" and workshop.phase != "plan"
        leaving_vote = workshop.phase == "vote" and cmd.phase != "vote"
        entering_vote = cmd.phase == "vote" and workshop.phase != "vote"
        if leaving_vote:
            workshop.frozen_ranking = freeze_ranking(workshop)
        if entering_vote:
            workshop.frozen_ranking = None  # voting again: the ranking is live once more
        workshop.phase = cmd.phase
        workshop.phase_ends_at = (
            utcnow().replace(microsecond=0) + timedelta(seconds=cmd.duration_s)
            if cmd.duration_s
            else None
        )
        events = [
            store_event(
                actor,
                "phase_changed",
                {"phase": workshop.phase, "phase_ends_at": iso(workshop.phase_ends_at)},
            )
        ]
        if entering_plan and workshop.results == "hidden" and not workshop.results_revealed:
            workshop.results_revealed = True  # the plan shows the ranking: no more secret
            events.append(workshop_updated(actor, workshop))
        if entering_plan:
            events += draft_commitments(actor, workshop)
        return Outcome({}, events, tally_changed=leaving_vote or entering_vote or entering_plan)

    return commit_once(actor, "set_phase", None, apply)


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


def publish_plan(actor: Actor, cmd: PublishPlan) -> Outcome:
    """Freeze the plan as a numbered version anyone may read; later edits make the next one."""

    def apply() -> Outcome:
        require_facilitator(actor)
        workshop = workshop_of(actor)
        events = []
        if workshop.results == "hidden" and not workshop.results_revealed:
            workshop.results_revealed = True  # a public plan shows its ranking
            events.append(workshop_updated(actor, workshop))
        number = (
            db.session.scalar(
                sa.select(sa.func.max(PlanVersion.number)).where(
                    PlanVersion.workshop_id == workshop.id
                )
            )
            or 0
        ) + 1
        published_at = utcnow()
        plan = {
            **plan_data(workshop),
            "status": "published",
            "version": number,
            "published_at": iso(published_at),
        }
        for card in plan["contributions"]:  # a public record names people, not their ids
            card["author"].pop("participant_id", None)
        db.session.add(
            PlanVersion(
                workshop_id=workshop.id, number=number, plan=plan, published_at=published_at
            )
        )
        db.session.flush()
        events.append(
            store_event(
                actor, "plan_published", {"version": number, "published_at": iso(published_at)}
            )
        )
        return Outcome(
            {"version": number, "url": f"/p/{workshop.code}"}, events, tally_changed=True
        )

    return commit_once(actor, "publish_plan", None, apply)


def published_plan(workshop: Workshop, number: int | None = None) -> dict[str, Any] | None:
    """A published version as it was frozen: the newest, or the one asked for."""
    query = sa.select(PlanVersion.plan).where(PlanVersion.workshop_id == workshop.id)
    if number is None:
        query = query.order_by(PlanVersion.number.desc()).limit(1)
    else:
        query = query.where(PlanVersion.number == number)
    return db.session.scalar(query)


def plan_versions(workshop: Workshop) -> list[dict[str, Any]]:
    rows = db.session.execute(
        sa.select(PlanVersion.number, PlanVersion.published_at)
        .where(PlanVersion.workshop_id == workshop.id)
        .order_by(PlanVersion.number)
    ).all()
    return [{"version": n, "published_at": iso(at)} for n, at in rows]


def state_for(actor: Actor | None, workshop: Workshop, presence: dict) -> dict[str, Any]:
    """The whole picture; `me` only for a connection (the public snapshot has none)."""
    state = {
        "seq": workshop.last_seq,
        "server_time": iso(utcnow()),
        "workshop": workshop_payload(workshop),
        "cards": [card_payload(c) for c in visible_cards(workshop.id)],
        "clusters": clusters_payload(workshop.id),
        "tally": tally_view(workshop, actor),
        "presence": presence,
        "commitments": [commitment_payload(c) for c in commitments_of(workshop.id)],
        "proposals": [proposal_payload(p) for p in proposals_of(workshop.id)],
    }
    if actor is not None:
        state["me"] = me_for(actor, workshop)
    return state


def me_for(actor: Actor, workshop: Workshop | None = None) -> dict[str, Any]:
    if actor.is_screen:
        return {
            "participant_id": None,
            "name": None,
            "role": "screen",
            "votes_left": 0,
            "my_votes": [],
            "my_ratings": [],
        }
    return participant_me(actor.participant_id, workshop)  # type: ignore[arg-type]


def participant_me(participant_id: int, workshop: Workshop | None = None) -> dict[str, Any]:
    """What a person needs to know about themselves: name, role, and votes left."""
    participant = db.session.get(Participant, participant_id)
    assert participant is not None
    workshop = workshop or db.session.get(Workshop, participant.workshop_id)
    assert workshop is not None
    budget = workshop.votes_per_participant if participant.role in PARTICIPANT_ROLES else 0
    return {
        "participant_id": participant.id,
        "name": participant.name,
        "role": participant.role,
        "votes_left": votes_left(budget, participant.votes_used),
        "my_votes": my_votes(participant.id, workshop.vote_on == "cards"),
        "my_ratings": my_ratings(participant.id),
    }


def events_since(actor: Actor, last_seq: int, limit: int) -> list[tuple[str, dict]] | None:
    """The events a client missed, in order, or None when a fresh `state` is the way back."""
    current = db.session.scalar(
        sa.select(Workshop.last_seq).where(Workshop.id == actor.workshop_id)
    )
    if current is None or last_seq > current or current - last_seq > limit:
        return None
    rows = db.session.execute(
        sa.select(Event.name, Event.payload)
        .where(Event.workshop_id == actor.workshop_id, Event.seq > last_seq)
        .order_by(Event.seq)
    ).all()
    # Events from before a hide may carry the hidden text (the card, a drafted commitment);
    # a fresh state never does, and it leaves no hole in the seq for the client to chase.
    if any(name == "card_hidden" for name, _ in rows):
        return None
    return [(name, payload) for name, payload in rows]


def joined_by_role(workshop_id: int) -> dict[str, int]:
    rows = db.session.execute(
        sa.select(Participant.role, sa.func.count())
        .where(Participant.workshop_id == workshop_id, Participant.role.in_(PARTICIPANT_ROLES))
        .group_by(Participant.role)
    ).all()
    counts = dict(rows)
    return {role: counts.get(role, 0) for role in PARTICIPANT_ROLES}


def plan_data(workshop: Workshop, for_facilitator: bool = True) -> dict[str, Any]:
    """The draft plan in the `cocrea.plan/1` shape: what plan.json serves and exports render.

    While results are hidden from phones, a participant's copy carries no ranking.
    """
    cards = visible_cards(workshop.id)
    commitments = commitments_of(workshop.id)
    results = current_results(workshop)
    tally = tally_payload(
        results.targets,
        results.ballot_size,
        results.ratings,
        results.frozen,
        results.voters_by_role,
    )
    withheld = withheld_roles(results.voters_by_role)
    agreed = {(t["type"], t["id"]) for t in tally["totals"] if t["consensus"]}
    rated = {(r["type"], r["id"]): r for r in results.ratings}
    joined = joined_by_role(workshop.id)
    plan = {
        "schema": "cocrea.plan/1",
        "generated_at": iso(utcnow()),
        "workshop": {**workshop_payload(workshop), "created_at": iso(workshop.created_at)},
        "status": "draft",
        "version": None,
        "participation": {
            "participants": sum(joined.values()),
            "by_role": joined,
            "cards": len(cards),
            "votes": tally["votes_cast"],
        },
        "ranking_frozen": results.frozen,
        "ranking": [
            {
                "type": r.type,
                "id": r.id,
                "title": r.title,
                "votes": r.votes,
                "votes_by_role": mask_roles(r.votes_by_role, withheld),
                "consensus": r.key in agreed,
                "impact": rated.get(r.key, {}).get("impact"),
                "effort": rated.get(r.key, {}).get("effort"),
                "ratings": rated.get(r.key, {}).get("count", 0),
            }
            for r in results.ranking
        ],
        "clusters": clusters_payload(workshop.id),
        "commitments": [commitment_payload(c) for c in commitments],
        "contributions": _contributions(cards, commitments),
    }
    if results_hidden(workshop) and not for_facilitator:
        plan["ranking"], plan["participation"]["votes"] = [], None
        plan["results_hidden"] = True
    return plan


def scrub_published(actor: Actor, card: Card) -> None:
    """A card hidden after publishing leaves every published version too, words and all."""
    placeholder = translate(N_("[hidden by the facilitation]"), actor.locale)
    for version in db.session.scalars(
        sa.select(PlanVersion).where(PlanVersion.workshop_id == actor.workshop_id)
    ):
        version.plan = planning.without_card(version.plan, card.id, card.text, placeholder)


def _contributions(cards: list[Card], commitments: list[Commitment]) -> list[dict[str, Any]]:
    """Every card, with the commitments it fed: a citizen can follow their idea into the plan."""
    fed: dict[int, list[int]] = {}
    for commitment in commitments:
        if commitment.status == "dropped":
            continue
        for card_id in commitment.source_card_ids:
            fed.setdefault(card_id, []).append(commitment.id)
    return [{**card_payload(c), "commitment_ids": fed.get(c.id, [])} for c in cards]
