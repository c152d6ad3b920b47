"""The record of changes as the documents print it: when, who, what, and from what to what.

Call these under `in_words_of(plan["workshop"])`, like the rest of the outline.
"""

import re
from typing import Any

from flask_babel import gettext

from workshop.domain.errors import N_
from workshop.export.labels import EMPTY, LABELS, day, moment, role_name
from workshop.i18n import FIELD_LABELS

CALENDAR_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")

VALUE_MAX = 160  # a long field is cut in the annex; plan.json carries it whole

# One sentence per kind of change; %(subject)s names what changed.
ACTIONS = {
    "commitment.edited": N_("Edited %(field)s of %(subject)s"),
    "commitment.drafted": N_("Drafted %(subject)s from the vote"),
    "commitment.added": N_("Added %(subject)s by hand"),
    "commitment.merged": N_("Merged %(subject)s"),
    "commitment.dropped": N_("Set aside %(subject)s"),
    "commitment.votes_counted": N_("Counted the votes of %(subject)s as the vote closed"),
    "commitment.reworded": N_("Reworded %(subject)s: one of its source cards was hidden"),
    "card.hidden": N_("Hid %(subject)s"),
    "card.unhidden": N_("Showed %(subject)s again"),
    "card.moved": N_("Moved %(subject)s to another group"),
    "card.duplicate_marked": N_("Marked %(subject)s as repeating another card"),
    "card.duplicate_unmarked": N_("Separated %(subject)s: not the same idea"),
    "cluster.created": N_("Created %(subject)s"),
    "cluster.renamed": N_("Renamed %(subject)s"),
    "cluster.merged": N_("Merged other groups into %(subject)s"),
    "cluster.dissolved": N_("Ungrouped %(subject)s"),
    "proposal.accepted": N_("Accepted a participant's proposal of grouping"),
    "proposal.ignored": N_("Ignored a participant's proposal of grouping"),
    "phase.changed": N_("Moved the workshop to another phase"),
    "settings.changed": N_("Changed the setting %(field)s"),
    "results.revealed": N_("Showed the results on phones"),
    "role.confirmed": N_("Confirmed the role of %(subject)s"),
    "role.revoked": N_("Withdrew the confirmation of %(subject)s"),
    "cofacilitator.invited": N_("Invited %(subject)s to co-facilitate"),
    "cofacilitator.revoked": N_("Ended the co-facilitation link of %(subject)s"),
    "response.written": N_("Wrote a response to %(subject)s"),
    "plan.published": N_("Published a version of the plan"),
}
SUBJECTS = {
    "commitment": N_("commitment «%(title)s»"),
    "card": N_("card #%(id)s"),
    "cluster": N_("group «%(title)s»"),
}
HIDE_CATEGORIES = {
    "offensive": N_("offensive"),
    "personal_data": N_("personal data"),
    "withdrawn": N_("withdrawn by its author"),
    "off_topic": N_("off topic"),
    "repeated": N_("repeated"),
    "other": N_("other reason"),
}
PHASES = {
    "lobby": N_("Waiting room"),
    "problems": N_("Problems"),
    "ideas": N_("Ideas"),
    "cluster": N_("Grouping"),
    "vote": N_("Voting"),
    "plan": N_("Action plan"),
    "closed": N_("Closed"),
}
HEADINGS = (N_("When"), N_("Who"), N_("What changed"), N_("Before"), N_("After"))
TITLE = N_("Record of changes")
NOTE = N_(
    "Every change to the workshop and its plan, as it was made, oldest first: the record is "
    "append-only. It never says who voted for what, and hidden cards are never quoted."
)


def title() -> str:
    return gettext(TITLE)


def note() -> str:
    return gettext(NOTE)


def changes_table(plan: dict) -> tuple[list[str], list[list[str]]]:
    """One row per change: when, who (name and role), what in a sentence, before, after."""
    names = _names(plan)
    rows = [
        [
            moment(change["at"]),
            _who(change["by"]),
            _what(change, names),
            _value(change, "before", names),
            _value(change, "after", names),
        ]
        for change in plan.get("changes") or []
    ]
    return [gettext(h) for h in HEADINGS], rows


def _names(plan: dict) -> dict[tuple[str, int], str]:
    names = {("commitment", c["id"]): c["title"] for c in plan.get("commitments", [])}
    names |= {("cluster", c["id"]): c["title"] for c in plan.get("clusters", [])}
    return names


def _who(by: dict) -> str:
    role = role_name(by.get("role") or "")
    return f"{by['name']} ({role})" if by.get("name") else role


def _what(change: dict, names: dict[tuple[str, int], str]) -> str:
    subject = _subject(change, names)
    field = change.get("field")
    label = FIELD_LABELS.get(field or "")
    sentence = gettext(
        ACTIONS.get(change["action"], change["action"]),
        subject=subject,
        field=f"«{gettext(label) if label else field}»",
    )
    if change["action"] == "card.hidden":
        category = (change.get("after") or {}).get("category", "other")
        sentence += f" ({gettext(HIDE_CATEGORIES.get(category, HIDE_CATEGORIES['other']))})"
    if change.get("reason") and change["action"] != "card.hidden":
        sentence += f". {change['reason']}"
    return sentence


def _subject(change: dict, names: dict[tuple[str, int], str]) -> str:
    kind, subject_id = change["subject"]["type"], change["subject"]["id"]
    after = change.get("after") if isinstance(change.get("after"), dict) else {}
    known = names.get((kind, subject_id)) or after.get("title") or after.get("name")
    if kind == "participant":
        return known or f"#{subject_id}"
    template = SUBJECTS.get(kind)
    if template is None:
        return ""
    if kind in ("commitment", "cluster") and not known:
        return f"#{subject_id}"
    return gettext(template, title=known, id=subject_id)


def _value(change: dict, which: str, names: dict[tuple[str, int], str]) -> str:
    """A field's value as a reader wants it: phases and groups by name, a long text cut."""
    value: Any = change.get(which)
    if change["action"] == "phase.changed" and value in PHASES:
        return gettext(PHASES[value])
    if change.get("field") == "cluster_id":
        return names.get(("cluster", value), f"#{value}") if value else EMPTY
    if value is None or value == "" or value == []:
        return EMPTY
    if change.get("field") is None:
        return EMPTY  # the sentence already says it; the details are in plan.json
    if isinstance(value, bool):
        return gettext(LABELS["yes"] if value else LABELS["no"])
    if isinstance(value, list):
        value = "; ".join(_flat(v) for v in value)
    text = _flat(value)
    return text if len(text) <= VALUE_MAX else text[: VALUE_MAX - 1].rstrip() + "…"


def _flat(value: Any) -> str:
    if isinstance(value, dict):
        return ", ".join(_flat(v) for v in value.values() if v not in (None, ""))
    if isinstance(value, str) and CALENDAR_DAY.fullmatch(value):
        return day(value)  # a start, an end or a milestone's date, written out
    return str(value)
