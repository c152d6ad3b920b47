"""The plan as readable Markdown in the workshop's language, for people to read and share."""

import re
from collections.abc import Iterable
from datetime import datetime

from flask_babel import force_locale, gettext

from workshop.domain.errors import N_

ROLE_LABELS = {
    "citizen": N_("Citizens"),
    "official": N_("Officials"),
    "civil_society": N_("Civil society"),
    "facilitator": N_("Facilitation"),
}
ROLE_LABEL_ONE = {
    "citizen": N_("citizen"),
    "official": N_("official"),
    "civil_society": N_("civil society"),
    "facilitator": N_("facilitation"),
}
STATUS_LABELS = {"draft": N_("Draft"), "published": N_("Published")}
_MD_SPECIAL = re.compile(r"([\\`*_\[\]{}<>#|!~])")


def md(text: str | None) -> str:
    """Escape what people typed, so their words show as written and never as markup or HTML."""
    lines = (text or "").replace("\r\n", "\n").split("\n")
    return "  \n".join(_MD_SPECIAL.sub(r"\\\1", line) for line in lines)


def plan_markdown(plan: dict) -> str:
    with force_locale(plan["workshop"]["locale"]):
        return "\n".join(_document(plan)) + "\n"


def _document(plan: dict) -> Iterable[str]:
    _ = gettext
    workshop = plan["workshop"]
    cards = {card["id"]: card for card in plan["contributions"]}
    yield f"# {md(workshop['title'])}"
    yield ""
    status = _(STATUS_LABELS[plan["status"]])
    yield f"**{_('Draft municipal action plan')}** · {_('Status')}: {status}"
    yield ""
    if workshop.get("municipality"):
        yield f"- **{_('Municipality')}:** {md(workshop['municipality'])}"
    if workshop.get("question"):
        yield f"- **{_('Question')}:** {md(workshop['question'])}"
    yield f"- **{_('Workshop code')}:** {workshop['code']}"
    yield f"- **{_('Date')}:** {_date(workshop['created_at'])}"
    yield ""
    yield from _participation(plan["participation"])
    yield from _ranking(plan["ranking"])
    yield from _commitments(plan["commitments"], cards)
    yield from _contributions(plan["contributions"], plan["clusters"])


def _participation(participation: dict) -> Iterable[str]:
    _ = gettext
    yield f"## {_('Participation')}"
    yield ""
    yield f"| {_('Role')} | {_('People')} |"
    yield "| --- | ---: |"
    for role, count in participation["by_role"].items():
        yield f"| {_(ROLE_LABELS[role])} | {count} |"
    yield f"| **{_('Total')}** | **{participation['participants']}** |"
    yield ""
    yield _(
        "%(cards)s contributions and %(votes)s votes.",
        cards=participation["cards"],
        votes=participation["votes"],
    )
    yield ""


def _ranking(ranking: list[dict]) -> Iterable[str]:
    _ = gettext
    yield f"## {_('Priorities chosen by vote')}"
    yield ""
    voted = [entry for entry in ranking if entry["votes"] > 0]
    if not voted:
        yield _("No votes have been cast yet.")
        yield ""
        return
    yield (
        f"| # | {_('Theme or idea')} | {_('Votes')} | "
        + " | ".join(_(ROLE_LABELS[role]) for role in voted[0]["votes_by_role"])
        + " |"
    )
    yield "| ---: | --- | ---: | " + " | ".join("---:" for _r in voted[0]["votes_by_role"]) + " |"
    for number, entry in enumerate(voted, 1):
        by_role = " | ".join(str(v) for v in entry["votes_by_role"].values())
        yield f"| {number} | {md(entry['title'])} | {entry['votes']} | {by_role} |"
    yield ""


def _commitments(commitments: list[dict], cards: dict[int, dict]) -> Iterable[str]:
    _ = gettext
    yield f"## {_('Commitments')}"
    yield ""
    if not commitments:
        yield _("No commitments have been drafted yet.")
        yield ""
    for number, commitment in enumerate(commitments, 1):
        yield f"### {number}. {md(commitment['title'])}"
        yield ""
        for label, key in (
            (_("Problem"), "problem"),
            (_("What will be done"), "description"),
            (_("Lead office"), "lead"),
        ):
            yield f"**{label}:** {md(commitment[key]) or '—'}"
            yield ""
        yield f"**{_('Dates')}:** {commitment['start'] or '—'} → {commitment['end'] or '—'}"
        yield ""
        yield (
            f"**{_('Votes')}:** {commitment['votes']} ("
            + ", ".join(f"{_(ROLE_LABELS[r])}: {v}" for r, v in commitment["votes_by_role"].items())
            + ")"
        )
        yield ""
        if commitment["milestones"]:
            yield f"**{_('Milestones')}:**"
            yield ""
            for m in commitment["milestones"]:
                parts = [md(m.get(k)) for k in ("title", "deliverable", "responsible") if m.get(k)]
                yield f"- {m.get('date') or '—'}: " + " · ".join(parts)
            yield ""
        sources = [cards[i] for i in commitment["source"]["card_ids"] if i in cards]
        if sources:
            yield f"**{_('Ideas it comes from')}:**"
            yield ""
            for card in sources:
                yield f"- {md(card['text'])} ({_(ROLE_LABEL_ONE[card['author']['role']])})"
            yield ""


def _contributions(contributions: list[dict], clusters: list[dict]) -> Iterable[str]:
    _ = gettext
    titles = {cluster["id"]: cluster["title"] for cluster in clusters}
    yield f"## {_('All contributions')}"
    yield ""
    for kind, heading in (("problem", _("Problems")), ("idea", _("Ideas"))):
        cards = [c for c in contributions if c["kind"] == kind]
        yield f"### {heading} ({len(cards)})"
        yield ""
        for card in cards:
            author = card["author"]
            line = (
                f"- {md(card['text'])} — {md(author['name'])} ({_(ROLE_LABEL_ONE[author['role']])})"
            )
            if card["cluster_id"] in titles:
                line += f" · {_('Group')}: {md(titles[card['cluster_id']])}"
            yield line
        yield ""


def _date(iso: str) -> str:
    return datetime.fromisoformat(iso).date().isoformat()
