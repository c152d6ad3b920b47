"""Phases of a workshop and what each one allows."""

from workshop.domain.errors import N_, Closed, Invalid, WrongPhase

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


def check_can_vote(phase: str) -> None:
    if phase == "closed":
        raise Closed()
    if phase != "vote":
        raise WrongPhase(N_("Voting is open only in the vote phase."))
