"""Phases of a workshop and what each one allows."""

import math
from dataclasses import dataclass
from datetime import datetime, timedelta

from workshop.domain.errors import N_, Closed, Conflict, Invalid, WrongPhase

PHASES = ("lobby", "problems", "ideas", "cluster", "vote", "plan", "closed")
CARD_KINDS = ("problem", "idea")
PHASE_FOR_KIND = {"problem": "problems", "idea": "ideas"}
MAX_TIMER_S = 4 * 60 * 60


def check_phase_name(phase: object) -> str:
    if phase not in PHASES:
        raise Invalid(N_("Unknown phase."))
    return phase  # type: ignore[return-value]


def check_can_post(kind: str, phase: str, *, is_facilitator: bool) -> None:
    """Participants post problems in `problems` and ideas in `ideas`; the facilitator anytime."""
    if is_facilitator:
        return
    if phase == "closed":
        raise Closed()
    if PHASE_FOR_KIND[kind] != phase:
        if kind == "problem":
            raise WrongPhase(N_("Problems can be posted only in the problems phase."))
        raise WrongPhase(N_("Ideas can be posted only in the ideas phase."))


def check_can_change_own_card(kind: str, phase: str) -> None:
    """A participant edits or withdraws their card while its phase is still open."""
    if phase == "closed":
        raise Closed()
    if PHASE_FOR_KIND[kind] != phase:
        raise WrongPhase(N_("A card can be changed by its author only while its phase is open."))


def check_can_vote(phase: str) -> None:
    if phase == "closed":
        raise Closed()
    if phase != "vote":
        raise WrongPhase(N_("Voting is open only in the vote phase."))


TIMER_ACTIONS = ("start", "pause", "resume", "add", "clear")


@dataclass(frozen=True)
class Timer:
    """The countdown: running until `ends_at`, paused with `paused_s` left, or off."""

    ends_at: datetime | None
    paused_s: int | None

    def left(self, now: datetime) -> int | None:
        if self.ends_at is not None:
            return max(0, math.ceil((self.ends_at - now).total_seconds()))
        return self.paused_s


def next_timer(timer: Timer, action: str, seconds: int | None, now: datetime) -> Timer:
    """What the facilitator's timer button does, at any moment of any phase."""
    if action == "start":
        return Timer(now + timedelta(seconds=seconds or 0), None)
    if action == "clear":
        return Timer(None, None)
    if action == "pause":
        if timer.ends_at is None:
            raise Conflict(N_("The timer is not running."))
        return Timer(None, timer.left(now))
    if action == "resume":
        if timer.paused_s is None:
            raise Conflict(N_("The timer is not paused."))
        return Timer(now + timedelta(seconds=timer.paused_s), None)
    # "add": more time on a running or paused timer; on none, a new one of that length.
    left = min(MAX_TIMER_S, (timer.left(now) or 0) + (seconds or 0))
    if timer.paused_s is not None:
        return Timer(None, left)
    return Timer(now + timedelta(seconds=left), None)
