"""The plan as readable Markdown in the workshop's language, for people to read and share."""

import re
from collections.abc import Iterable

from workshop.export import changes
from workshop.export.labels import EMPTY, day, in_words_of, t, withheld_notes
from workshop.export.outline import (
    commitment_fields,
    hidden_line,
    in_plan,
    milestone_cells,
    outcome_texts,
    participation_summary,
    ranking_table,
    set_aside,
    sign_off_table,
    status_line,
    voted_ranking,
)

_MD_SPECIAL = re.compile(r"([\\`*_\[\]{}<>#|!~])")
# An ordered-list number («1.», «2)»), or a bullet, a rule or a setext underline at line start.
_MD_LINE_START = re.compile(r"^(\d{1,9}(?=[.)])|(?=[-+=]))")


def md(text: str | None, *, one_line: bool = False) -> str:
    """Escape what people typed, so their words show as written and never as markup or HTML:
    no line of theirs can start a heading, a list, a rule, a quote or a code block, and in a
    table cell or a heading (`one_line`) their line breaks become spaces."""
    lines = [_line_start(_MD_SPECIAL.sub(r"\\\1", line.strip())) for line in _lines(text)]
    return " ".join(lines) if one_line else "  \n".join(lines)


def _lines(text: str | None) -> list[str]:
    return (text or "").replace("\r\n", "\n").replace("\r", "\n").split("\n")


def _line_start(line: str) -> str:
    """A backslash before what would make the line markup: «1.», «-», «+», «=», «---»."""
    return _MD_LINE_START.sub(lambda m: m.group(1) + "\\", line, count=1)


def plan_markdown(plan: dict) -> str:
    with in_words_of(plan["workshop"]):
        return "\n".join(_document(plan)) + "\n"


def _document(plan: dict) -> Iterable[str]:
    workshop = plan["workshop"]
    cards = {card["id"]: card for card in plan["contributions"]}
    yield f"# {md(workshop['title'], one_line=True)}"
    yield ""
    yield status_line(plan)
    yield ""
    if workshop.get("municipality"):
        yield f"- **{t('municipality')}:** {md(workshop['municipality'])}"
    if workshop.get("question"):
        yield f"- **{t('question')}:** {md(workshop['question'])}"
    yield f"- **{t('code')}:** {workshop['code']}"
    yield f"- **{t('date')}:** {day(workshop['created_at'])}"
    yield ""
    yield from _participation(plan["participation"])
    if plan.get("results_hidden"):
        yield f"## {t('ranking')}"
        yield ""
        yield t("results_hidden")
        yield ""
    else:
        yield from _ranking(
            voted_ranking(plan), plan.get("ranking_frozen", False), plan.get("withheld")
        )
    yield from _commitments(plan, cards)
    yield from _contributions(plan)
    yield from _record(plan)


def _participation(participation: dict) -> Iterable[str]:
    yield f"## {t('participation')}"
    yield ""
    yield f"| {t('role')} | {t('people')} |"
    yield "| --- | ---: |"
    for role, count in participation["by_role"].items():
        yield f"| {t(role)} | {count} |"
    yield f"| **{t('total')}** | **{participation['participants']}** |"
    yield ""
    yield participation_summary(participation)
    yield ""


def _ranking(voted: list[dict], frozen: bool, withheld: dict | None) -> Iterable[str]:
    yield f"## {t('ranking')}"
    yield ""
    if not voted:
        yield t("no_votes")
        yield ""
        return
    if frozen:
        yield t("frozen")
        yield ""
    headings, rows = ranking_table(voted, withheld)
    yield "| " + " | ".join(headings) + " |"
    yield "| ---: | --- | " + " | ".join("---:" for _ in headings[2:]) + " |"
    for number, title, *figures in rows:
        yield f"| {number} | {md(title, one_line=True)} | " + " | ".join(figures) + " |"
    yield ""
    for note in withheld_notes(withheld):
        yield note
        yield ""
    if any(entry.get("consensus") for entry in voted):
        yield t("consensus_note")
        yield ""


def _commitments(plan: dict, cards: dict[int, dict]) -> Iterable[str]:
    yield f"## {t('commitments')}"
    yield ""
    if not in_plan(plan):
        yield t("no_commitments")
        yield ""
    for number, commitment in enumerate(in_plan(plan), 1):
        yield f"### {number}. {md(commitment['title'], one_line=True)}"
        yield ""
        for field in commitment_fields(commitment, cards, plan.get("withheld")):
            if field.key == "milestones":
                yield from _milestones(field.milestones)
            elif field.key == "sources":
                yield from _sources(commitment, cards)
            elif field.key != "status":  # every commitment in this list is in the plan
                yield f"**{field.label}:** {md(field.text)}"
                yield ""
    yield from _sign_off(plan)
    dropped = set_aside(plan)
    if dropped:
        yield f"### {t('set_aside')}"
        yield ""
        for commitment in dropped:
            reason = commitment.get("drop_reason")
            yield f"- {md(commitment['title'])}" + (f": {md(reason)}" if reason else "")
        yield ""


def _sign_off(plan: dict) -> Iterable[str]:
    headings, rows = sign_off_table(plan)
    yield f"### {t('sign_off')}"
    yield ""
    yield t("sign_off_note")
    yield ""
    yield "| " + " | ".join(headings) + " |"
    yield "|" + " --- |" * len(headings)
    for row in rows:
        yield "| " + " | ".join(md(cell, one_line=True) for cell in row) + " |"
    yield ""


def _milestones(milestones: tuple[dict, ...]) -> Iterable[str]:
    if not milestones:
        return
    yield f"**{t('milestones')}:**"
    yield ""
    for milestone in milestones:
        when, *parts = milestone_cells(milestone)
        yield f"- {when}: " + " · ".join(md(part) for part in parts if part != EMPTY)
    yield ""


def _sources(commitment: dict, cards: dict[int, dict]) -> Iterable[str]:
    ids = (commitment.get("source") or {}).get("card_ids") or []
    sources = [cards[i] for i in ids if i in cards]
    if sources:
        yield f"**{t('sources')}:**"
        yield ""
        for card in sources:
            yield f"- {md(card['text'])} ({t('one_' + card['author']['role'])})"
        yield ""


def _contributions(plan: dict) -> Iterable[str]:
    titles = {cluster["id"]: cluster["title"] for cluster in plan["clusters"]}
    answers = outcome_texts(plan)
    yield f"## {t('contributions')}"
    yield ""
    for kind, heading in (("problem", t("problems")), ("idea", t("ideas"))):
        cards = [c for c in plan["contributions"] if c["kind"] == kind]
        yield f"### {heading} ({len(cards)})"
        yield ""
        for card in cards:
            author = card["author"]
            role = t("one_" + author["role"])
            line = f"- {md(card['text'])} — {md(author['name'])} ({role})"
            if card["cluster_id"] in titles:
                line += f" · {t('group')}: {md(titles[card['cluster_id']])}"
            yield line
            yield f"  {md(answers[card['id']])}"
        yield ""
    if hidden_line(plan):
        yield hidden_line(plan)
        yield ""


def _record(plan: dict) -> Iterable[str]:
    if "changes" not in plan:
        return  # published before the record existed: no annex that would claim otherwise
    yield f"## {changes.title()}"
    yield ""
    yield changes.note()
    yield ""
    headings, rows = changes.changes_table(plan)
    if not rows:
        return
    yield "| " + " | ".join(headings) + " |"
    yield "|" + " --- |" * len(headings)
    for row in rows:
        cells = (md(cell, one_line=True) for cell in row)
        yield "| " + " | ".join(cells) + " |"
    yield ""
