"""Dot votes and impact/effort ratings: the settings, and each vote checked and stored.

How the votes add up is in results.py.
"""

from typing import Any

import sqlalchemy as sa

from workshop.domain.commands import (
    PaperVotesLog,
    RateTarget,
    RevealResults,
    SetPaperVotes,
    UpdateSettings,
    VoteTarget,
)
from workshop.domain.errors import N_, BudgetExhausted, Conflict, Invalid, WrongPhase
from workshop.domain.phases import check_can_vote
from workshop.domain.voting import PARTICIPANT_ROLES, check_is_voter, votes_left
from workshop.extensions import db
from workshop.models import Card, PaperVote, Participant, Rating, Vote, Workshop, utcnow
from workshop.services.lookups import live_cluster, visible_card
from workshop.services.payloads import paper_entry_payload, workshop_payload
from workshop.services.record import record
from workshop.services.transaction import (
    Actor,
    Outcome,
    commit_once,
    require_facilitator,
    workshop_of,
    workshop_updated,
)

SETTINGS_PHASES = ("lobby", "problems", "ideas", "cluster")


def update_settings(actor: Actor, cmd: UpdateSettings) -> Outcome:
    """Change how the workshop votes, before the vote: never under people's feet."""

    def apply() -> Outcome:
        require_facilitator(actor)
        workshop = workshop_of(actor)
        if workshop.phase not in SETTINGS_PHASES:
            raise WrongPhase(N_("Voting settings can change only before the vote."))
        _check_settings_keep_votes_valid(workshop, cmd.settings.changes())
        for name, value in cmd.settings.changes().items():
            if getattr(workshop, name) != value:
                record(
                    actor,
                    "settings.changed",
                    "workshop",
                    workshop.id,
                    field=name,
                    before=getattr(workshop, name),
                    after=value,
                )
            setattr(workshop, name, value)
        if cmd.settings.changes().get("results") == "hidden" and workshop.results_revealed:
            # Asked for hidden results again before anyone voted: an earlier reveal no longer
            # holds, or the setting would say "hidden" while every screen shows the totals.
            record(
                actor,
                "settings.changed",
                "workshop",
                workshop.id,
                field="results_revealed",
                before=True,
                after=False,
            )
            workshop.results_revealed = False
        event = workshop_updated(actor, workshop)
        everyone = set(
            db.session.scalars(
                sa.select(Participant.id).where(
                    Participant.workshop_id == workshop.id,
                    Participant.role.in_(PARTICIPANT_ROLES),
                )
            )
        )
        budget_changed = "votes_per_participant" in cmd.settings.changes()
        return Outcome(
            {"workshop": event.payload["workshop"]},
            [event],
            tally_changed=True,
            budgets_changed=everyone if budget_changed else set(),
        )

    return commit_once(actor, "update_settings", None, apply)


def _check_settings_keep_votes_valid(workshop: Workshop, changes: dict[str, Any]) -> None:
    """Once people have voted or rated, no change may leave their votes outside the rules."""
    voted = db.session.scalar(
        sa.select(sa.exists().where(Vote.workshop_id == workshop.id))
    ) or db.session.scalar(sa.select(sa.exists().where(Rating.workshop_id == workshop.id)))
    if not voted:
        return
    budget = changes.get("votes_per_participant", workshop.votes_per_participant)
    cap = changes.get("max_votes_per_target", workshop.max_votes_per_target)
    old_cap = workshop.max_votes_per_target
    tighter = budget < workshop.votes_per_participant or (
        cap is not None and (old_cap is None or cap < old_cap)
    )
    ballot = any(
        name in changes and changes[name] != getattr(workshop, name)
        for name in ("vote_on", "prioritization")
    )
    hiding = changes.get("results") == "hidden" and workshop.results_revealed
    if tighter or ballot or hiding:
        raise Conflict(
            N_(
                "People have already voted: the budget and the limit can only grow, and what "
                "is voted on, how, and shown results stay as they are."
            )
        )


def reveal_results(actor: Actor, cmd: RevealResults) -> Outcome:
    def apply() -> Outcome:
        require_facilitator(actor)
        workshop = workshop_of(actor)
        if workshop.results_revealed:
            return Outcome({"workshop": workshop_payload(workshop)})
        workshop.results_revealed = True
        record(actor, "results.revealed", "workshop", workshop.id)
        event = workshop_updated(actor, workshop)
        return Outcome({"workshop": event.payload["workshop"]}, [event], tally_changed=True)

    return commit_once(actor, "reveal_results", None, apply)


def set_paper_votes(actor: Actor, cmd: SetPaperVotes) -> Outcome:
    """The paper wall's dots for one option and role, entered by the facilitation during the
    vote. Each entry is kept with who made it, when, and the count it replaced."""

    def apply() -> Outcome:
        require_facilitator(actor)
        workshop = workshop_of(actor)
        check_can_vote(workshop.phase)
        _check_on_ballot(actor, workshop, VoteTarget(cmd.card_id, cmd.cluster_id, None))
        last = db.session.scalar(
            sa.select(PaperVote)
            .where(
                PaperVote.workshop_id == actor.workshop_id,
                PaperVote.card_id.is_(None)
                if cmd.card_id is None
                else PaperVote.card_id == cmd.card_id,
                PaperVote.cluster_id.is_(None)
                if cmd.cluster_id is None
                else PaperVote.cluster_id == cmd.cluster_id,
                PaperVote.role == cmd.role,
            )
            .order_by(PaperVote.id.desc())
            .limit(1)
        )
        previous = last.count if last else 0
        if last is not None and previous == cmd.count:
            return Outcome({"entry": paper_entry_payload(last)})
        entry = PaperVote(
            workshop_id=actor.workshop_id,
            card_id=cmd.card_id,
            cluster_id=cmd.cluster_id,
            role=cmd.role,
            count=cmd.count,
            previous=previous,
            entered_by_id=actor.participant_id,
        )
        db.session.add(entry)
        db.session.flush()
        logged = paper_entry_payload(entry)
        # Every console's recount log shows the entry at once, not only the one that made it.
        return Outcome(
            {"entry": logged}, tally_changed=True, to_consoles=[("paper_vote_entered", logged)]
        )

    return commit_once(actor, "set_paper_votes", None, apply)


def paper_votes_log(actor: Actor, cmd: PaperVotesLog) -> Outcome:
    """Every paper entry, oldest first: the recount log a polling booth keeps."""
    require_facilitator(actor)
    entries = db.session.scalars(
        sa.select(PaperVote)
        .where(PaperVote.workshop_id == actor.workshop_id)
        .order_by(PaperVote.id)
    ).all()
    return Outcome({"entries": [paper_entry_payload(e) for e in entries]})


def cast_vote(actor: Actor, cmd: VoteTarget) -> Outcome:
    def apply() -> Outcome:
        workshop = workshop_of(actor)
        check_can_vote(workshop.phase)
        check_is_voter(actor.role)
        if workshop.prioritization == "matrix":
            raise Invalid(N_("This workshop prioritises with the matrix, not with dots."))
        _check_on_ballot(actor, workshop, cmd)
        used = _take_one_vote(actor, workshop.votes_per_participant)
        _check_target_cap(actor, workshop, cmd)
        db.session.add(
            Vote(
                workshop_id=actor.workshop_id,
                participant_id=actor.participant_id,
                card_id=cmd.card_id,
                cluster_id=cmd.cluster_id,
            )
        )
        db.session.flush()
        return Outcome(
            _budget_result(actor, workshop, used),
            tally_changed=True,
            budgets_changed={actor.participant_id},  # type: ignore[arg-type]
        )

    return commit_once(actor, "cast_vote", cmd.client_id, apply)


def retract_vote(actor: Actor, cmd: VoteTarget) -> Outcome:
    def apply() -> Outcome:
        workshop = workshop_of(actor)
        check_can_vote(workshop.phase)
        check_is_voter(actor.role)
        vote_id = db.session.scalar(
            sa.select(Vote.id)
            .where(Vote.participant_id == actor.participant_id, _votes_on(actor, cmd))
            .order_by(Vote.id.desc())
            .limit(1)
        )
        deleted = 0
        if vote_id is not None:
            deleted = db.session.execute(sa.delete(Vote).where(Vote.id == vote_id)).rowcount
        if not deleted:
            raise Invalid(N_("You have no vote there to take back."))
        used = db.session.execute(
            sa.update(Participant)
            .where(Participant.id == actor.participant_id, Participant.votes_used > 0)
            .values(votes_used=Participant.votes_used - 1)
            .returning(Participant.votes_used)
        ).scalar_one()
        return Outcome(
            _budget_result(actor, workshop, used),
            tally_changed=True,
            budgets_changed={actor.participant_id},  # type: ignore[arg-type]
        )

    return commit_once(actor, "retract_vote", cmd.client_id, apply)


def rate_target(actor: Actor, cmd: RateTarget) -> Outcome:
    """Score an option for impact and effort (1-5); rating again replaces the earlier score."""

    def apply() -> Outcome:
        workshop = workshop_of(actor)
        check_can_vote(workshop.phase)
        check_is_voter(actor.role)
        if workshop.prioritization == "dots":
            raise Invalid(N_("This workshop prioritises with dots only, not with the matrix."))
        target = VoteTarget(cmd.card_id, cmd.cluster_id, None)
        _check_on_ballot(actor, workshop, target)
        key = _target_key(target)
        rating = db.session.scalar(
            sa.select(Rating).where(
                Rating.participant_id == actor.participant_id, Rating.target_key == key
            )
        )
        if rating is None:
            rating = Rating(
                workshop_id=workshop.id,
                participant_id=actor.participant_id,
                target_key=key,
                impact=cmd.impact,
                effort=cmd.effort,
            )
            db.session.add(rating)
        else:
            rating.impact, rating.effort, rating.updated_at = cmd.impact, cmd.effort, utcnow()
        db.session.flush()
        return Outcome(
            {"my_ratings": my_ratings(actor.participant_id)},  # type: ignore[arg-type]
            tally_changed=True,
        )

    return commit_once(actor, "rate_target", cmd.client_id, apply)


def _check_on_ballot(actor: Actor, workshop: Workshop, target: VoteTarget) -> None:
    """Votes and ratings go to what is on the ballot: the groups, or the ideas when none."""
    if target.cluster_id is not None:
        if workshop.vote_on == "cards":
            raise Invalid(N_("In this workshop people vote for ideas, not for groups."))
        live_cluster(actor, target.cluster_id)
        has_cards = sa.exists().where(
            Card.cluster_id == target.cluster_id, Card.hidden_at.is_(None)
        )
        if not db.session.scalar(sa.select(has_cards)):
            raise Invalid(N_("This group has no ideas left to vote for."))
        return
    card = visible_card(actor, target.card_id)  # type: ignore[arg-type]
    if card.kind != "idea":
        raise Invalid(N_("People vote for ideas; problems are not on the ballot."))
    if card.duplicate_of_id is not None:
        raise Invalid(N_("This idea repeats another: vote for the first one."))
    if workshop.vote_on == "clusters" and db.session.scalar(
        sa.select(
            sa.exists().where(
                Card.workshop_id == actor.workshop_id,
                Card.hidden_at.is_(None),
                Card.cluster_id.is_not(None),
            )
        )
    ):
        raise Invalid(N_("Ideas are grouped now: vote for the groups."))


def _take_one_vote(actor: Actor, budget: int) -> int:
    """Spend one vote with a conditional UPDATE: the database, not memory, keeps the budget."""
    used = db.session.execute(
        sa.update(Participant)
        .where(Participant.id == actor.participant_id, Participant.votes_used < budget)
        .values(votes_used=Participant.votes_used + 1)
        .returning(Participant.votes_used)
    ).scalar_one_or_none()
    if used is None:
        raise BudgetExhausted()
    return used


def _check_target_cap(actor: Actor, workshop: Workshop, target: VoteTarget) -> None:
    """Counted after the budget UPDATE, which holds this person's row until commit."""
    cap = workshop.max_votes_per_target
    if cap is None:
        return
    mine = db.session.scalar(
        sa.select(sa.func.count())
        .select_from(Vote)
        .where(Vote.participant_id == actor.participant_id, _votes_on(actor, target))
    )
    if mine >= cap:
        raise BudgetExhausted(
            N_("You have already put %(n)s votes on this option, the most allowed."), n=cap
        )


def _votes_on(actor: Actor, cmd: VoteTarget) -> sa.ColumnElement[bool]:
    """A vote on a cluster also counts for it when cast on one of its cards before grouping."""
    if cmd.card_id is not None:
        duplicates = sa.select(Card.id).where(Card.duplicate_of_id == cmd.card_id)
        return sa.or_(Vote.card_id == cmd.card_id, Vote.card_id.in_(duplicates))
    cards_in_cluster = sa.select(Card.id).where(
        Card.cluster_id == cmd.cluster_id, Card.workshop_id == actor.workshop_id
    )
    return sa.or_(Vote.cluster_id == cmd.cluster_id, Vote.card_id.in_(cards_in_cluster))


def _target_key(target: VoteTarget) -> str:
    if target.card_id is not None:
        return f"card:{target.card_id}"
    return f"cluster:{target.cluster_id}"


def _budget_result(actor: Actor, workshop: Workshop, used: int) -> dict[str, Any]:
    return {
        "votes_left": votes_left(workshop.votes_per_participant, used),
        "my_votes": my_votes(actor.participant_id, workshop.vote_on == "cards"),  # type: ignore[arg-type]
    }


def my_votes(participant_id: int, by_cards: bool = False) -> list[dict[str, Any]]:
    """The caller's votes per target as they see it now (grouped cards count for their group)."""
    rows = db.session.execute(
        sa.select(
            Vote.card_id, Vote.cluster_id, Card.cluster_id, Card.duplicate_of_id, sa.func.count()
        )
        .outerjoin(Card, Card.id == Vote.card_id)
        .where(Vote.participant_id == participant_id)
        .group_by(Vote.card_id, Vote.cluster_id, Card.cluster_id, Card.duplicate_of_id)
    ).all()
    per_target: dict[tuple[str, int], int] = {}
    for card_id, cluster_id, card_cluster_id, original_id, count in rows:
        if card_id is not None and (card_cluster_id is None or by_cards):
            key = ("card", original_id or card_id)
        else:
            key = ("cluster", cluster_id if cluster_id is not None else card_cluster_id)
        per_target[key] = per_target.get(key, 0) + count
    return [{"type": t, "id": i, "votes": n} for (t, i), n in sorted(per_target.items())]


def my_ratings(participant_id: int) -> list[dict[str, Any]]:
    rows = db.session.execute(
        sa.select(Rating.target_key, Rating.impact, Rating.effort)
        .where(Rating.participant_id == participant_id)
        .order_by(Rating.target_key)
    ).all()
    return [
        {"type": key.partition(":")[0], "id": int(key.partition(":")[2]), "impact": i, "effort": e}
        for key, i, e in rows
    ]


def voters_on(card_ids) -> set[int]:
    """People whose votes now count for another target, so their phones get fresh my_votes."""
    if not card_ids:
        return set()
    return set(
        db.session.scalars(sa.select(Vote.participant_id).where(Vote.card_id.in_(list(card_ids))))
    )


def refund_votes(which: sa.ColumnElement[bool]) -> set[int]:
    """Give back the dots on a target that is gone (a hidden card, a dissolved group)."""
    voters = db.session.execute(
        sa.select(Vote.participant_id, sa.func.count()).where(which).group_by(Vote.participant_id)
    ).all()
    for participant_id, count in voters:
        db.session.execute(
            sa.update(Participant)
            .where(Participant.id == participant_id)
            .values(votes_used=Participant.votes_used - count)
        )
    db.session.execute(sa.delete(Vote).where(which))
    return {participant_id for participant_id, _ in voters}
