from datetime import UTC, datetime, timedelta

import pytest

from workshop.domain.codes import ALPHABET, generate_code, normalize_code
from workshop.domain.errors import Closed, Conflict, NotFound, WrongPhase
from workshop.domain.phases import Timer, check_can_post, check_can_vote, next_timer


def test_codes_avoid_characters_people_misread():
    codes = {generate_code() for _ in range(200)}
    assert all(len(code) == 6 and set(code) <= set(ALPHABET) for code in codes)
    assert not set("01OI") & set(ALPHABET)
    assert len(codes) > 190


def test_a_code_typed_on_a_phone_is_accepted_in_any_case_and_with_spaces():
    assert normalize_code("  k7m2qp ") == "K7M2QP"
    assert normalize_code("63C 6Q9") == "63C6Q9"  # read aloud in two halves, typed so
    assert normalize_code("k7m-2qp") == "K7M2QP"


@pytest.mark.parametrize(
    "typed", ["", "K7M2Q", "K7M2QPX", "K7M2Q0", "K7M 2Q", "K7M\u00a02QP\u0000", None, 123456]
)
def test_something_that_cannot_be_a_code_is_not_found(typed):
    with pytest.raises(NotFound):
        normalize_code(typed)


def test_citizens_post_problems_in_the_problems_phase_and_ideas_in_the_ideas_phase():
    check_can_post("problem", "problems", is_facilitator=False)
    check_can_post("idea", "ideas", is_facilitator=False)
    with pytest.raises(WrongPhase):
        check_can_post("idea", "problems", is_facilitator=False)
    with pytest.raises(WrongPhase):
        check_can_post("problem", "vote", is_facilitator=False)


def test_the_facilitator_may_post_in_any_phase_even_after_closing():
    for phase in ("lobby", "vote", "closed"):
        check_can_post("idea", phase, is_facilitator=True)


def test_a_closed_workshop_takes_no_more_cards_or_votes():
    with pytest.raises(Closed):
        check_can_post("problem", "closed", is_facilitator=False)
    with pytest.raises(Closed):
        check_can_vote("closed")
    with pytest.raises(WrongPhase):
        check_can_vote("ideas")


NOON = datetime(2026, 12, 2, 12, 0, tzinfo=UTC)


def test_the_facilitator_pauses_lengthens_and_resumes_the_timer_at_any_moment():
    running = next_timer(Timer(None, None), "start", 300, NOON)
    assert running == Timer(NOON + timedelta(seconds=300), None)
    paused = next_timer(running, "pause", None, NOON + timedelta(seconds=100))
    assert paused == Timer(None, 200)
    longer = next_timer(paused, "add", 60, NOON + timedelta(seconds=500))  # paused: no time runs
    assert longer == Timer(None, 260)
    resumed = next_timer(longer, "resume", None, NOON + timedelta(seconds=600))
    assert resumed == Timer(NOON + timedelta(seconds=860), None)
    assert next_timer(resumed, "add", 60, NOON).ends_at == NOON + timedelta(seconds=920)
    assert next_timer(resumed, "clear", None, NOON) == Timer(None, None)


def test_a_timer_cannot_be_paused_when_off_nor_resumed_when_running():
    with pytest.raises(Conflict):
        next_timer(Timer(None, None), "pause", None, NOON)
    with pytest.raises(Conflict):
        next_timer(Timer(NOON, None), "resume", None, NOON)
    # +1 min with no timer starts one; a lengthened timer never passes the four-hour cap.
    assert next_timer(Timer(None, None), "add", 60, NOON) == Timer(
        NOON + timedelta(minutes=1), None
    )
    assert next_timer(Timer(None, 4 * 3600), "add", 60, NOON) == Timer(None, 4 * 3600)
