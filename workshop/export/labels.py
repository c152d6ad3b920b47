"""Every word the plan's documents print around what people wrote, in the workshop's language."""

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from flask_babel import force_locale, get_locale, gettext

from workshop.domain.dates import DEFAULT_TIME_ZONE, written_day, written_moment
from workshop.domain.errors import N_

_clock: ContextVar[str] = ContextVar("hall_clock", default=DEFAULT_TIME_ZONE)

# Every label lives here, marked for the catalogs: Babel cannot see _() inside f-strings.
LABELS = {
    "plan": N_("Draft municipal action plan"),
    "status": N_("Status"),
    "draft": N_("Draft"),
    "published": N_("Published"),
    "version": N_("Version"),
    "municipality": N_("Municipality"),
    "question": N_("Question"),
    "code": N_("Workshop code"),
    "date": N_("Date"),
    "methodology": N_("How the workshop worked"),
    "participation": N_("Participation"),
    "role": N_("Role"),
    "people": N_("People"),
    "total": N_("Total"),
    "ranking": N_("Priorities chosen by vote"),
    "no_votes": N_("No votes have been cast yet."),
    "target": N_("Theme or idea"),
    "votes": N_("Votes"),
    "consensus": N_("Consensus"),
    "consensus_note": N_(
        "Consensus (✓): every role that voted gave this option at least a fair share of its "
        "votes. These are the commitments citizens and officials already agree on."
    ),
    "impact": N_("Impact (1-5)"),
    "effort": N_("Effort (1-5)"),
    "frozen": N_("Ranking as it stood when the vote closed."),
    "results_hidden": N_("The results will be shown when the facilitation reveals them."),
    "commitments": N_("Commitments"),
    "no_commitments": N_("No commitments have been drafted yet."),
    "set_aside": N_("Commitments set aside"),
    "title": N_("Title"),
    "problem": N_("Problem"),
    "current_situation": N_("Current situation"),
    "description": N_("What will be done"),
    "benefit": N_("How it will help solve the problem"),
    "values": N_("Open government values"),
    "lead": N_("Lead office"),
    "government": N_("Other government actors"),
    "civil_society_actors": N_("Civil society and other actors"),
    "dates": N_("Dates"),
    "milestones": N_("Milestones"),
    "milestone": N_("Milestone"),
    "deliverable": N_("Deliverable"),
    "responsible": N_("Responsible"),
    "indicators": N_("Indicators"),
    "budget": N_("Budget"),
    "drop_reason": N_("Why it was set aside"),
    "proposed": N_("Proposed"),
    "agreed": N_("Agreed"),
    "dropped": N_("Set aside"),
    "sources": N_("Ideas it comes from"),
    "contributions": N_("All contributions"),
    "problems": N_("Problems"),
    "ideas": N_("Ideas"),
    "kind": N_("Kind"),
    "contribution": N_("Contribution"),
    "author": N_("Author"),
    "group": N_("Group"),
    "commitment": N_("Commitment"),
    "repeats": N_("repeats #%(id)s"),
    "annex_votes_note": N_(
        "Votes are those of the idea, or of its group when people voted for groups. A blank "
        "means the card was not an option of the vote: a problem, or an idea moved after the "
        "vote closed."
    ),
    "yes": N_("yes"),
    "no": N_("no"),
    "withheld_few_voters": N_("fewer than 3 people: not shown"),
    "withheld_would_reveal": N_("not shown (see the note)"),
    "withheld_note_few_voters": N_(
        "%(role)s: fewer than 3 people of this role voted, so their votes per option are not "
        "shown; they are counted in each total."
    ),
    "withheld_note_would_reveal": N_(
        "%(role)s: their votes per option are not shown either, because the total minus them "
        "would reveal how a role of fewer than 3 people voted."
    ),
    "outcome": N_("What became of it"),
    "outcome_commitment": N_("It fed commitment %(numbers)s."),
    "outcome_duplicate": N_("The same idea as contribution #%(id)s."),
    "outcome_set_aside": N_("It fed a commitment that was set aside (see its reason)."),
    "outcome_pending": N_("The plan is not drafted yet."),
    "outcome_not_chosen_theme": N_("Its theme «%(title)s» got %(votes)s votes and was not chosen."),
    "outcome_not_chosen_idea": N_("It got %(votes)s votes and was not chosen."),
    "outcome_not_chosen_hidden": N_("It was voted on and was not chosen."),
    "outcome_not_voted": N_("It was not an option of the vote."),
    "response": N_("Response of the facilitation: %(text)s"),
    "hidden_cards": N_("%(n)s contributions were hidden by the facilitation: %(why)s."),
    "one_problem": N_("problem"),
    "one_idea": N_("idea"),
    "citizen": N_("Citizens"),
    "official": N_("Officials"),
    "civil_society": N_("Civil society"),
    "facilitator": N_("Facilitation"),
    "one_citizen": N_("citizen"),
    "one_official": N_("official"),
    "one_civil_society": N_("civil society"),
    "one_facilitator": N_("facilitation"),
    "sign_off": N_("Sign-off by the lead offices"),
    "sign_off_note": N_(
        "Each lead office signs to say it takes on the commitments it leads, as written above."
    ),
    "name_and_signature": N_("Name, position and signature"),
    "page": N_("Page"),
    # The four values of an Open Government Partnership commitment.
    "transparency": N_("Transparency"),
    "participation_value": N_("Citizen participation"),
    "accountability": N_("Accountability"),
    "innovation": N_("Technology and innovation"),
}
VALUE_KEYS = {
    "transparency": "transparency",
    "participation": "participation_value",
    "accountability": "accountability",
    "innovation": "innovation",
}
EMPTY = "—"


def t(key: str) -> str:
    return gettext(LABELS[key])


def role_name(role: str) -> str:
    """One person's role, as an annex row says it: «vecino/a», «funcionario/a»."""
    key = "one_" + role
    return t(key) if key in LABELS else role


def value_names(values: list[str] | None) -> str:
    """The open government values a commitment serves, in the document's words."""
    return ", ".join(t(VALUE_KEYS[v]) if v in VALUE_KEYS else v for v in values or [])


def votes_by_role(by_role: dict[str, int | None] | None, withheld: dict | None = None) -> str:
    """«Citizens: 2, Officials: fewer than 3 people: not shown»: words, never a zero."""
    return ", ".join(
        f"{t(role) if role in LABELS else role}: "
        + (withheld_words(role, withheld) if n is None else str(n))
        for role, n in (by_role or {}).items()
    )


def withheld_words(role: str, withheld: dict | None) -> str:
    """Why a role's votes are not shown, in words (plans from before reasons say «few»)."""
    reason = (withheld or {}).get(role, "few_voters")
    return t("withheld_would_reveal" if reason == "would_reveal" else "withheld_few_voters")


def withheld_notes(withheld: dict | None) -> list[str]:
    """One sentence per role kept back, for under a table of votes."""
    return [
        gettext(LABELS[f"withheld_note_{reason}"], role=t(role) if role in LABELS else role)
        for role, reason in (withheld or {}).items()
        if f"withheld_note_{reason}" in LABELS
    ]


@contextmanager
def in_words_of(workshop: dict) -> Iterator[None]:
    """The workshop's language and clock, for every word and date a renderer writes."""
    token = _clock.set(workshop.get("time_zone") or DEFAULT_TIME_ZONE)
    try:
        with force_locale(workshop["locale"]):
            yield
    finally:
        _clock.reset(token)


def _locale() -> str:
    return str(get_locale() or "es")


def day(value: str | None) -> str:
    """A date or a timestamp as people write it, on the hall's clock: «1 de marzo de 2027»."""
    return written_day(value, _clock.get(), _locale()) or EMPTY


def moment(value: str | None) -> str:
    """A timestamp with its hour, on the hall's clock: «1 de marzo de 2027, 14:05»."""
    return written_moment(value, _clock.get(), _locale()) or EMPTY
