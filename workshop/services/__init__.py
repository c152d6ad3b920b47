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

from workshop.domain import clustering
from workshop.domain import plan as planning
from workshop.domain.commands import (
    CreateCluster,
    DissolveCluster,
    HideCard,
    MarkDuplicate,
    MergeClusters,
    MoveCard,
    PostCard,
    ProposeGrouping,
    PublishPlan,
    RenameCluster,
    ResolveProposal,
    SetPhase,
    SuggestClusters,
)
from workshop.domain.errors import (
    N_,
    Closed,
    Conflict,
    Forbidden,
    Invalid,
    NotFound,
    RateLimited,
    WrongPhase,
)
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
    Cluster,
    Commitment,
    Event,
    Participant,
    PlanVersion,
    Proposal,
    Vote,
    Workshop,
    utcnow,
)
from workshop.services.commitments import (
    add_commitment,
    commitment_updated,
    commitments_from,
    draft_commitments,
    drop_commitment,
    forget_hidden_source,
    merge_commitments,
    update_commitment,
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
from workshop.services.lookups import (
    card_ids_in,
    commitments_of,
    live_cluster,
    proposals_of,
    visible_card,
    visible_cards,
)
from workshop.services.payloads import (
    card_payload,
    cluster_payload,
    clusters_payload,
    commitment_payload,
    iso,
    proposal_payload,
    workshop_payload,
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
    voters_on,
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


def create_cluster(actor: Actor, cmd: CreateCluster) -> Outcome:
    """A new group; cards already in other groups move to it (this is also how a group splits)."""

    def apply() -> Outcome:
        require_facilitator(actor)
        cluster = Cluster(workshop_id=actor.workshop_id, title=cmd.title)
        db.session.add(cluster)
        db.session.flush()
        cards = [visible_card(actor, card_id) for card_id in cmd.card_ids]
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
        require_facilitator(actor)
        card = visible_card(actor, cmd.card_id)
        if cmd.cluster_id is not None:
            live_cluster(actor, cmd.cluster_id)
        events, moved = regroup(actor, [(card, cmd.cluster_id)])
        return Outcome({}, events, tally_changed=bool(moved), budgets_changed=voters_on(moved))

    return commit_once(actor, "move_card", None, apply)


def rename_cluster(actor: Actor, cmd: RenameCluster) -> Outcome:
    def apply() -> Outcome:
        require_facilitator(actor)
        cluster = live_cluster(actor, cmd.cluster_id)
        if cluster.title == cmd.title:
            return Outcome({"cluster": cluster_payload(cluster)})
        cluster.title = cmd.title
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
            card.duplicate_of_id = None
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
                events, moved = regroup(actor, [(other, cluster.id), (card, cluster.id)])
            else:
                events, moved = regroup(actor, [(card, other.cluster_id)])
        proposal.status = "accepted" if cmd.accept else "ignored"
        proposal.resolved_at = utcnow()
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


def cluster_updated(actor: Actor, cluster_id: int) -> Broadcast:
    """Announce a group as it now stands: its title and its visible cards."""
    cluster = live_cluster(actor, cluster_id)
    return store_event(actor, "cluster_updated", {"cluster": cluster_payload(cluster)})


def scrub_published(actor: Actor, card: Card) -> None:
    """A card hidden after publishing leaves every published version too, words and all."""
    placeholder = translate(N_("[hidden by the facilitation]"), actor.locale)
    for version in db.session.scalars(
        sa.select(PlanVersion).where(PlanVersion.workshop_id == actor.workshop_id)
    ):
        version.plan = planning.without_card(version.plan, card.id, card.text, placeholder)


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
        db.session.flush()
        events.append(
            store_event(actor, "proposal_updated", {"proposal": proposal_payload(proposal)})
        )
    return events


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
            card.duplicate_of_id = None
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


def _contributions(cards: list[Card], commitments: list[Commitment]) -> list[dict[str, Any]]:
    """Every card, with the commitments it fed: a citizen can follow their idea into the plan."""
    fed: dict[int, list[int]] = {}
    for commitment in commitments:
        if commitment.status == "dropped":
            continue
        for card_id in commitment.source_card_ids:
            fed.setdefault(card_id, []).append(commitment.id)
    return [{**card_payload(c), "commitment_ids": fed.get(c.id, [])} for c in cards]
