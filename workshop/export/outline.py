"""What every document of the plan says, as plain values: the formats only lay it out.

Call these under `in_words_of(plan["workshop"])`: the labels are translated here.
"""

from dataclasses import dataclass
from typing import Any

from flask_babel import gettext

from workshop.domain.errors import N_
from workshop.domain.outcomes import outcomes
from workshop.export.labels import (
    EMPTY,
    LABELS,
    day,
    role_name,
    t,
    value_names,
    votes_by_role,
    withheld_words,
)

STATUSES = ("proposed", "agreed", "dropped")
KINDS = ("problem", "idea")
MILESTONE_COLUMNS = ("date", "title", "deliverable", "responsible")

# One sentence each, chosen by how the workshop was set up; see `methodology`.
_ASKED = N_(
    "Citizens, municipal officials and civil society answered the workshop question from their "
    "phones: first the problems they see, then ideas to solve them."
)
_GROUPED = N_("The facilitation grouped similar ideas into themes.")
_DOTS_ON_THEMES = N_(
    "Each person then spread %(votes)s votes among the themes (dot voting); an option has "
    "consensus (✓) when every role that voted gave it at least a fair share of its votes."
)
_DOTS_ON_IDEAS = N_(
    "Each person then spread %(votes)s votes among the ideas (dot voting); an option has "
    "consensus (✓) when every role that voted gave it at least a fair share of its votes."
)
_MATRIX_TOO = N_("People also rated the impact and the effort of each option from 1 to 5.")
_MATRIX_ONLY = N_(
    "Each person rated the impact and the effort of each option from 1 to 5; the options with "
    "most impact and least effort came first."
)
_DRAFTED = N_(
    "The first options of the ranking were drafted as commitments in the participants' own "
    "words, and the team completed them as an open government action plan: problem, what will "
    "be done, lead office, dates, milestones and indicators."
)


@dataclass(frozen=True)
class Field:
    """One row of a commitment's table: `milestones` holds the list, `text` everything else."""

    key: str
    label: str
    text: str = ""
    milestones: tuple[dict[str, Any], ...] = ()


@dataclass(frozen=True)
class AnnexRow:
    """One contribution as the annex and the CSV list it; `votes` is None when not known."""

    id: int
    kind: str
    text: str
    author_name: str
    author_role: str
    group: str
    duplicate_of: int | None
    commitment_ids: tuple[int, ...]
    votes: int | None


def methodology(plan: dict) -> str:
    """One short paragraph on how this workshop ran, from its own settings."""
    workshop = plan["workshop"]
    sentences = [gettext(_ASKED)]
    on_themes = workshop.get("vote_on", "clusters") == "clusters" and bool(plan.get("clusters"))
    if plan.get("clusters"):
        sentences.append(gettext(_GROUPED))
    prioritization = workshop.get("prioritization", "dots")
    # Exported before anyone voted (or rated): say only what has happened.
    voted = plan["participation"].get("votes") != 0 or bool(voted_ranking(plan))
    if voted and prioritization == "matrix":
        sentences.append(gettext(_MATRIX_ONLY))
    elif voted:
        dots = _DOTS_ON_THEMES if on_themes else _DOTS_ON_IDEAS
        sentences.append(gettext(dots, votes=workshop.get("votes_per_participant", 3)))
        if prioritization == "both":
            sentences.append(gettext(_MATRIX_TOO))
    if plan["commitments"]:
        sentences.append(gettext(_DRAFTED))
    return " ".join(sentences)


def status_line(plan: dict) -> str:
    """«Draft municipal action plan · Status: Published, version 2»."""
    status = t(plan.get("status") or "draft")
    if plan.get("version"):
        status += f", {t('version').lower()} {plan['version']}"
    return f"{t('plan')} · {t('status')}: {status}"


def voted_ranking(plan: dict) -> list[dict]:
    """The options that got votes or ratings, in ranking order: the rest say nothing yet."""
    return [e for e in plan.get("ranking", []) if e["votes"] > 0 or e.get("ratings")]


def participation_table(participation: dict) -> tuple[list[str], list[list[str]]]:
    """People by role, and the total last."""
    rows = [[t(role), str(n)] for role, n in participation["by_role"].items()]
    rows.append([t("total"), str(participation["participants"])])
    return [t("role"), t("people")], rows


def participation_summary(participation: dict) -> str:
    summary = (
        gettext("%(cards)s contributions.", cards=participation["cards"])
        if participation.get("votes") is None  # results still hidden from participants
        else gettext(
            "%(cards)s contributions and %(votes)s votes.",
            cards=participation["cards"],
            votes=participation["votes"],
        )
    )
    if participation.get("paper_votes"):  # dots counted on the paper wall
        summary += " " + gettext(
            "%(paper)s of the votes were dots on the paper wall.",
            paper=participation["paper_votes"],
        )
    if participation.get("paper_cards"):  # the notes written on paper, typed in by the staff
        summary += " " + gettext(
            "%(paper)s of the contributions were written on paper in the hall.",
            paper=participation["paper_cards"],
        )
    return summary


def ranking_table(
    voted: list[dict], withheld: dict | None = None
) -> tuple[list[str], list[list[str]]]:
    """#, option, votes, votes per role, ✓, and the matrix averages where people rated."""
    roles = list(voted[0]["votes_by_role"]) if voted else []
    rated = any(entry.get("ratings") for entry in voted)
    headings = ["#", t("target"), t("votes"), *(t(r) for r in roles), t("consensus")]
    if rated:
        headings += [t("impact"), t("effort")]
    rows = []
    for number, entry in enumerate(voted, 1):
        row = [
            str(number),
            entry["title"],
            str(entry["votes"]),
            *(
                withheld_words(role, withheld) if n is None else str(n)
                for role, n in entry["votes_by_role"].items()
            ),
            "✓" if entry.get("consensus") else "",
        ]
        if rated:
            row += [_score(entry.get("impact")), _score(entry.get("effort"))]
        rows.append(row)
    return headings, rows


def _score(value: float | None) -> str:
    return EMPTY if value is None else f"{value:.1f}"


def in_plan(plan: dict) -> list[dict]:
    return [c for c in plan["commitments"] if c.get("status") != "dropped"]


def set_aside(plan: dict) -> list[dict]:
    return [c for c in plan["commitments"] if c.get("status") == "dropped"]


def commitment_fields(
    commitment: dict, cards: dict[int, dict], withheld: dict | None = None
) -> list[Field]:
    """Every field of an open government commitment, in the order an action plan asks them.

    Empty fields show a dash: the document is a draft, and a dash asks to be filled in.
    """
    actors = commitment.get("other_actors") or {}
    fields = []
    if commitment.get("status"):
        status = t(commitment["status"]) if commitment["status"] in STATUSES else ""
        fields.append(Field("status", t("status"), status or commitment["status"]))
        if commitment.get("drop_reason"):
            fields.append(Field("drop_reason", t("drop_reason"), commitment["drop_reason"]))
    fields += [
        _text("problem", commitment),
        _text("current_situation", commitment),
        _text("description", commitment),
        _text("benefit", commitment),
        Field("values", t("values"), value_names(commitment.get("values")) or EMPTY),
        _text("lead", commitment),
        Field("government", t("government"), actors.get("government") or EMPTY),
        Field("civil_society", t("civil_society_actors"), actors.get("civil_society") or EMPTY),
        Field("dates", t("dates"), _dates(commitment)),
        Field("milestones", t("milestones"), milestones=tuple(commitment.get("milestones") or ())),
        _text("indicators", commitment),
        _text("budget", commitment),
        Field("votes", t("votes"), _votes(commitment, withheld)),
        Field("sources", t("sources"), _sources(commitment, cards)),
    ]
    # A commitment's edit counter (`version`) stays in plan.json for programs; printed next to
    # the plan's own version it read like one.
    return fields


def sign_off_table(plan: dict) -> tuple[list[str], list[list[str]]]:
    """One row per lead office of the plan, to sign that it takes its commitments on."""
    offices = list(dict.fromkeys(c.get("lead") or "" for c in in_plan(plan) if c.get("lead")))
    numbers = {c["id"]: n for n, c in enumerate(in_plan(plan), 1)}
    rows = [
        [
            office,
            ", ".join(str(numbers[c["id"]]) for c in in_plan(plan) if c.get("lead") == office),
            "",
            "",
        ]
        for office in offices
    ] or [["", "", "", ""]]
    return [t("lead"), t("commitments"), t("name_and_signature"), t("date")], rows


def milestone_headings() -> list[str]:
    return [t("date"), t("milestone"), t("deliverable"), t("responsible")]


def milestone_cells(milestone: dict) -> list[str]:
    return [
        day(milestone.get("date")) if milestone.get("date") else EMPTY,
        *(milestone.get(key) or EMPTY for key in MILESTONE_COLUMNS[1:]),
    ]


def _text(key: str, commitment: dict) -> Field:
    return Field(key, t(key), (commitment.get(key) or "").strip() or EMPTY)


def _dates(commitment: dict) -> str:
    start, end = commitment.get("start"), commitment.get("end")
    return f"{day(start)} → {day(end)}" if start or end else EMPTY


def _votes(commitment: dict, withheld: dict | None = None) -> str:
    by_role = votes_by_role(commitment.get("votes_by_role"), withheld)
    votes = str(commitment.get("votes", 0))
    return f"{votes} ({by_role})" if by_role else votes


def _sources(commitment: dict, cards: dict[int, dict]) -> str:
    ids = (commitment.get("source") or {}).get("card_ids") or []
    lines = [
        f"• {cards[i]['text']} ({role_name(cards[i]['author']['role'])})" for i in ids if i in cards
    ]
    return "\n".join(lines) or EMPTY


def annex(plan: dict) -> list[AnnexRow]:
    """Every contribution with its group, the commitments it fed and its option's votes."""
    titles = {cluster["id"]: cluster["title"] for cluster in plan.get("clusters", [])}
    votes = _votes_of_options(plan)
    fed = _commitments_fed(plan)
    rows = []
    for card in plan["contributions"]:
        author = card.get("author") or {}
        ids = card.get("commitment_ids")
        rows.append(
            AnnexRow(
                id=card["id"],
                kind=card["kind"],
                text=card["text"],
                author_name=author.get("name") or "",
                author_role=author.get("role") or "",
                group=titles.get(card.get("cluster_id"), ""),
                duplicate_of=card.get("duplicate_of"),
                commitment_ids=tuple(fed.get(card["id"], ()) if ids is None else ids),
                votes=_option_votes(card, votes),
            )
        )
    return rows


def _votes_of_options(plan: dict) -> dict[tuple[str, int], int] | None:
    if plan.get("results_hidden"):
        return None
    return {(entry["type"], entry["id"]): entry["votes"] for entry in plan.get("ranking", [])}


def _option_votes(card: dict, votes: dict[tuple[str, int], int] | None) -> int | None:
    """The votes of the option this card was on the ballot as: itself, its original, its group.

    A problem is on no ballot of its own (the ranking lists it with 0 votes so that every card
    is somewhere), and a card regrouped after the ranking froze is on no option of that
    ranking: both are unknown, not zero.
    """
    if votes is None:
        return None
    own = [("card", card["id"]), ("card", card.get("duplicate_of"))]
    for key in [*(own if card["kind"] == "idea" else []), ("cluster", card.get("cluster_id"))]:
        if key in votes:
            return votes[key]
    return None


def _commitments_fed(plan: dict) -> dict[int, list[int]]:
    """For plans from before cards said which commitments they fed: read it off the sources."""
    fed: dict[int, list[int]] = {}
    for commitment in in_plan(plan):
        for card_id in (commitment.get("source") or {}).get("card_ids") or []:
            fed.setdefault(card_id, []).append(commitment["id"])
    return fed


def _commitment_numbers(plan: dict) -> dict[int, int]:
    """Commitment id → its number in the plan, as the documents print it (1, 2, 3…)."""
    return {c["id"]: number for number, c in enumerate(in_plan(plan), 1)}


def annex_table(plan: dict) -> tuple[list[str], list[list[str]]]:
    """The annex as people read it: kinds and roles in words, commitments by their number."""
    numbers = _commitment_numbers(plan)
    headings = [
        "#",
        t("kind"),
        t("contribution"),
        t("author"),
        t("group"),
        t("commitment"),
        t("votes"),
        t("outcome"),
    ]
    answers = outcome_texts(plan)
    rows = [
        [
            str(row.id),
            _kind(row),
            row.text,
            _author(row),
            row.group,
            _numbered(row, numbers),
            "" if row.votes is None else str(row.votes),
            answers[row.id],
        ]
        for row in annex(plan)
    ]
    return headings, rows


def _kind(row: AnnexRow) -> str:
    """«Idea», or «Idea (repeats #12)» for one marked as saying what an earlier card said."""
    kind = (t("one_" + row.kind) if row.kind in KINDS else row.kind).capitalize()
    if row.duplicate_of:
        kind += f" ({gettext(LABELS['repeats'], id=row.duplicate_of)})"
    return kind


def _author(row: AnnexRow) -> str:
    role = role_name(row.author_role) if row.author_role else ""
    if row.author_name and role:
        return f"{row.author_name} ({role})"
    return row.author_name or role or EMPTY


def _numbered(row: AnnexRow, numbers: dict[int, int]) -> str:
    """The commitments a card fed, by their number in the plan."""
    return ", ".join(f"{numbers[i]}" for i in row.commitment_ids if i in numbers)


HIDE_REASONS = {
    "offensive": N_("offensive"),
    "personal_data": N_("personal data"),
    "withdrawn": N_("withdrawn by its author"),
    "off_topic": N_("off topic"),
    "repeated": N_("repeated"),
    "other": N_("other reason"),
}


def outcome_texts(plan: dict) -> dict[int, str]:
    """Card id → what became of it, in a sentence, with the facilitation's answer if any.

    Plans from before outcomes were kept get them worked out from the plan itself.
    """
    numbers = _commitment_numbers(plan)
    computed = None
    texts = {}
    for card in plan["contributions"]:
        outcome = card.get("outcome")
        if outcome is None:
            computed = computed if computed is not None else outcomes(plan)
            outcome = computed[card["id"]]
        texts[card["id"]] = outcome_sentence(outcome, numbers)
    return texts


def outcome_sentence(outcome: dict, numbers: dict[int, int]) -> str:
    kind = outcome["kind"]
    if kind == "commitment":
        listed = ", ".join(str(numbers[i]) for i in outcome["commitment_ids"] if i in numbers)
        sentence = gettext(LABELS["outcome_commitment"], numbers=listed)
    elif kind == "duplicate":
        sentence = gettext(LABELS["outcome_duplicate"], id=outcome["of"])
    elif kind == "not_chosen" and outcome.get("votes") is None:
        sentence = t("outcome_not_chosen_hidden")
    elif kind == "not_chosen" and outcome["option"]["type"] == "cluster":
        sentence = gettext(
            LABELS["outcome_not_chosen_theme"],
            title=outcome["option"]["title"],
            votes=outcome["votes"],
        )
    elif kind == "not_chosen":
        sentence = gettext(LABELS["outcome_not_chosen_idea"], votes=outcome["votes"])
    else:
        sentence = t(f"outcome_{kind}") if f"outcome_{kind}" in LABELS else kind
    if outcome.get("response"):
        sentence += " " + gettext(LABELS["response"], text=outcome["response"])
    return sentence


def hidden_line(plan: dict) -> str:
    """«3 contributions were hidden by the facilitation: offensive 1, personal data 2.»"""
    hidden = plan.get("hidden") or {}
    if not hidden.get("count"):
        return ""
    why = ", ".join(
        f"{gettext(HIDE_REASONS.get(category, HIDE_REASONS['other']))} {n}"
        for category, n in hidden["by_category"].items()
    )
    return gettext(LABELS["hidden_cards"], n=hidden["count"], why=why)
