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

from workshop.domain.commands import HideCard, PostCard, SetPhase
from workshop.domain.errors import N_, Invalid
from workshop.domain.phases import check_can_post
from workshop.extensions import db
from workshop.models import Card, Vote, utcnow
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
from workshop.services.lookups import visible_card
from workshop.services.payloads import (
    card_payload,
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
from workshop.services.publishing import (
    plan_versions,
    publish_plan,
    published_plan,
    scrub_published,
)
from workshop.services.reading import (
    events_since,
    joined_by_role,
    me_for,
    participant_me,
    plan_data,
    state_for,
)
from workshop.services.results import freeze_ranking, tally_for, tally_view
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
