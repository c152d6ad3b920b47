"""Moving the workshop through its phases, and what entering or leaving one sets going."""

from datetime import timedelta

from workshop.domain.commands import SetPhase, SetTimer
from workshop.domain.phases import Timer, next_timer
from workshop.models import utcnow
from workshop.services.commitments import draft_commitments
from workshop.services.payloads import iso
from workshop.services.record import record
from workshop.services.results import freeze_ranking
from workshop.services.transaction import (
    Actor,
    Outcome,
    commit_once,
    require_facilitator,
    store_event,
    workshop_of,
    workshop_updated,
)


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
        record(
            actor,
            "phase.changed",
            "workshop",
            workshop.id,
            field="phase",
            before=workshop.phase,
            after=cmd.phase,
        )
        workshop.phase = cmd.phase
        workshop.phase_ends_at = (
            utcnow().replace(microsecond=0) + timedelta(seconds=cmd.duration_s)
            if cmd.duration_s
            else None
        )
        workshop.timer_paused_s = None
        events = [
            store_event(
                actor,
                "phase_changed",
                {"phase": workshop.phase, "phase_ends_at": iso(workshop.phase_ends_at)},
            )
        ]
        if entering_plan and workshop.results == "hidden" and not workshop.results_revealed:
            workshop.results_revealed = True  # the plan shows the ranking: no more secret
            record(actor, "results.revealed", "workshop", workshop.id)
            events.append(workshop_updated(actor, workshop))
        if entering_plan:
            events += draft_commitments(actor, workshop)
        return Outcome({}, events, tally_changed=leaving_vote or entering_vote or entering_plan)

    return commit_once(actor, "set_phase", None, apply)


def set_timer(actor: Actor, cmd: SetTimer) -> Outcome:
    """Start, pause, resume, lengthen or clear the countdown, in any phase, without moving it."""

    def apply() -> Outcome:
        require_facilitator(actor)
        workshop = workshop_of(actor)
        now = utcnow().replace(microsecond=0)
        timer = next_timer(
            Timer(workshop.phase_ends_at, workshop.timer_paused_s), cmd.action, cmd.seconds, now
        )
        workshop.phase_ends_at, workshop.timer_paused_s = timer.ends_at, timer.paused_s
        event = workshop_updated(actor, workshop)
        return Outcome({"workshop": event.payload["workshop"]}, [event])

    return commit_once(actor, "set_timer", None, apply)
