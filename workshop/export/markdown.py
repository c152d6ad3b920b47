"""The plan as readable Markdown in the workshop's language, for people to read and share."""

import re
from collections.abc import Iterable
from datetime import datetime

from flask_babel import force_locale, gettext

from workshop.domain.errors import N_

# Every label lives here, marked for the catalogs: Babel cannot see _() inside f-strings.
LABELS = {
    "plan": N_("Draft municipal action plan"),
    "status": N_("Status"),
    "draft": N_("Draft"),
    "published": N_("Published"),
    "municipality": N_("Municipality"),
    "question": N_("Question"),
    "code": N_("Workshop code"),
    "date": N_("Date"),
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
    "problem": N_("Problem"),
    "description": N_("What will be done"),
    "lead": N_("Lead office"),
    "dates": N_("Dates"),
    "milestones": N_("Milestones"),
    "sources": N_("Ideas it comes from"),
    "contributions": N_("All contributions"),
    "problems": N_("Problems"),
    "ideas": N_("Ideas"),
    "group": N_("Group"),
    "citizen": N_("Citizens"),
    "official": N_("Officials"),
    "civil_society": N_("Civil society"),
    "facilitator": N_("Facilitation"),
    "one_citizen": N_("citizen"),
    "one_official": N_("official"),
    "one_civil_society": N_("civil society"),
    "one_facilitator": N_("facilitation"),
}
_MD_SPECIAL = re.compile(r"([\\`*_\[\]{}<>#|!~])")


def t(key: str) -> str:
    return gettext(LABELS[key])


def md(text: str | None) -> str:
    """Escape what people typed, so their words show as written and never as markup or HTML."""
    lines = (text or "").replace("\r\n", "\n").split("\n")
    return "  \n".join(_MD_SPECIAL.sub(r"\\\1", line) for line in lines)


def plan_markdown(plan: dict) -> str:
    with force_locale(plan["workshop"]["locale"]):
        return "\n".join(_document(plan)) + "\n"


def _document(plan: dict) -> Iterable[str]:
    workshop = plan["workshop"]
    cards = {card["id"]: card for card in plan["contributions"]}
    yield f"# {md(workshop['title'])}"
    yield ""
    yield f"**{t('plan')}** · {t('status')}: {t(plan['status'])}"
    yield ""
    if workshop.get("municipality"):
        yield f"- **{t('municipality')}:** {md(workshop['municipality'])}"
    if workshop.get("question"):
        yield f"- **{t('question')}:** {md(workshop['question'])}"
    yield f"- **{t('code')}:** {workshop['code']}"
    yield f"- **{t('date')}:** {_date(workshop['created_at'])}"
    yield ""
    yield from _participation(plan["participation"])
    if plan.get("results_hidden"):
        yield f"## {t('ranking')}"
        yield ""
        yield t("results_hidden")
        yield ""
    else:
        yield from _ranking(plan["ranking"], plan.get("ranking_frozen", False))
    yield from _commitments(plan["commitments"], cards)
    yield from _contributions(plan["contributions"], plan["clusters"])


def _participation(participation: dict) -> Iterable[str]:
    yield f"## {t('participation')}"
    yield ""
    yield f"| {t('role')} | {t('people')} |"
    yield "| --- | ---: |"
    for role, count in participation["by_role"].items():
        yield f"| {t(role)} | {count} |"
    yield f"| **{t('total')}** | **{participation['participants']}** |"
    yield ""
    if participation["votes"] is None:  # results still hidden from participants
        yield gettext("%(cards)s contributions.", cards=participation["cards"])
    else:
        yield gettext(
            "%(cards)s contributions and %(votes)s votes.",
            cards=participation["cards"],
            votes=participation["votes"],
        )
    yield ""


def _ranking(ranking: list[dict], frozen: bool) -> Iterable[str]:
    yield f"## {t('ranking')}"
    yield ""
    voted = [entry for entry in ranking if entry["votes"] > 0 or entry.get("ratings")]
    if not voted:
        yield t("no_votes")
        yield ""
        return
    if frozen:
        yield t("frozen")
        yield ""
    roles = list(voted[0]["votes_by_role"])
    rated = any(entry.get("ratings") for entry in voted)
    columns = [t("target"), t("votes"), *(t(r) for r in roles), t("consensus")]
    if rated:
        columns += [t("impact"), t("effort")]
    yield "| # | " + " | ".join(columns) + " |"
    yield "| ---: | --- | " + " | ".join("---:" for _ in columns[1:]) + " |"
    for number, entry in enumerate(voted, 1):
        cells = [
            md(entry["title"]),
            str(entry["votes"]),
            *("—" if v is None else str(v) for v in entry["votes_by_role"].values()),
            "✓" if entry.get("consensus") else "",
        ]
        if rated:
            cells += [_score(entry.get("impact")), _score(entry.get("effort"))]
        yield f"| {number} | " + " | ".join(cells) + " |"
    yield ""
    if any(entry.get("consensus") for entry in voted):
        yield t("consensus_note")
        yield ""


def _score(value: float | None) -> str:
    return "—" if value is None else f"{value:.1f}"


def _commitments(commitments: list[dict], cards: dict[int, dict]) -> Iterable[str]:
    yield f"## {t('commitments')}"
    yield ""
    if not commitments:
        yield t("no_commitments")
        yield ""
    for number, commitment in enumerate(commitments, 1):
        yield f"### {number}. {md(commitment['title'])}"
        yield ""
        for key in ("problem", "description", "lead"):
            yield f"**{t(key)}:** {md(commitment[key]) or '—'}"
            yield ""
        yield f"**{t('dates')}:** {commitment['start'] or '—'} → {commitment['end'] or '—'}"
        yield ""
        by_role = ", ".join(
            f"{t(r)}: {'—' if v is None else v}" for r, v in commitment["votes_by_role"].items()
        )
        yield f"**{t('votes')}:** {commitment['votes']} ({by_role})"
        yield ""
        if commitment["milestones"]:
            yield f"**{t('milestones')}:**"
            yield ""
            for m in commitment["milestones"]:
                parts = [md(m.get(k)) for k in ("title", "deliverable", "responsible") if m.get(k)]
                yield f"- {m.get('date') or '—'}: " + " · ".join(parts)
            yield ""
        sources = [cards[i] for i in commitment["source"]["card_ids"] if i in cards]
        if sources:
            yield f"**{t('sources')}:**"
            yield ""
            for card in sources:
                yield f"- {md(card['text'])} ({t('one_' + card['author']['role'])})"
            yield ""


def _contributions(contributions: list[dict], clusters: list[dict]) -> Iterable[str]:
    titles = {cluster["id"]: cluster["title"] for cluster in clusters}
    yield f"## {t('contributions')}"
    yield ""
    for kind, heading in (("problem", t("problems")), ("idea", t("ideas"))):
        cards = [c for c in contributions if c["kind"] == kind]
        yield f"### {heading} ({len(cards)})"
        yield ""
        for card in cards:
            author = card["author"]
            role = t("one_" + author["role"])
            line = f"- {md(card['text'])} — {md(author['name'])} ({role})"
            if card["cluster_id"] in titles:
                line += f" · {t('group')}: {md(titles[card['cluster_id']])}"
            yield line
        yield ""


def _date(iso: str) -> str:
    return datetime.fromisoformat(iso).date().isoformat()
