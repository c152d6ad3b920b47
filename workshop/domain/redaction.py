"""Taking a hidden card's words out of everything that quoted it, and nothing else.

A card's words travel: a group is named after it, a commitment is drafted from it (its
whitespace folded, cut to a title's length), the record keeps what each field said. So a
hidden text is looked for in every form it was copied in, across any line breaks. A short
text ("agua") is taken out only where it is the whole value: inside a sentence, a word that
short is someone else's word, not a quote.
"""

import re
from collections.abc import Iterable
from typing import Any

from workshop.domain.plan import TITLE_MAX, short

QUOTE_MIN = 20  # shorter than this, a text is redacted only where it is the whole value


def quoted_forms(text: str) -> list[str]:
    """The text as written, and each shortened copy of it the app makes (with and without
    its "…"), longest first."""
    folded = " ".join(text.split())
    forms = {folded}
    for limit in (TITLE_MAX, 60):
        cut = short(folded, limit)
        if cut.endswith("…"):
            forms.update((cut, cut[:-1].rstrip()))
    return sorted((f for f in forms if f), key=len, reverse=True)


class Redactor:
    """Replace the words of some hidden texts by a placeholder, however deep they sit."""

    def __init__(self, texts: Iterable[str], placeholder: str) -> None:
        self.placeholder = placeholder
        self._whole: set[str] = set()
        patterns = []
        for text in texts:
            for form in quoted_forms(text):
                self._whole.add(form)
                if len(form) >= QUOTE_MIN:
                    patterns.append(r"\s+".join(re.escape(word) for word in form.split()))
        patterns.sort(key=len, reverse=True)
        self._quotes = re.compile("|".join(patterns)) if patterns else None

    def __call__(self, value: Any) -> Any:
        if isinstance(value, str):
            if " ".join(value.split()) in self._whole:
                return self.placeholder
            return self._quotes.sub(self.placeholder, value) if self._quotes else value
        if isinstance(value, list):
            return [self(v) for v in value]
        if isinstance(value, dict):
            return {k: self(v) for k, v in value.items()}
        return value

    def changes(self, value: str) -> bool:
        return self(value) != value


def without_card(
    plan: dict, card_id: int, text: str, category: str | None, placeholder: str
) -> dict:
    """A published plan with one card taken out: its row and ranking entry gone, its words
    gone wherever they were quoted, and the card counted among the hidden ones."""
    redact = Redactor([text], placeholder)
    plan = dict(plan)
    plan["contributions"] = [
        # Others who said the same words keep them: only quotes of the hidden card go.
        {**c, "outcome": redact(c.get("outcome"))} if "outcome" in c else c
        for c in plan.get("contributions", [])
        if c.get("id") != card_id
    ]
    plan["ranking"] = redact(
        [r for r in plan.get("ranking", []) if not (r.get("type") == "card" and r["id"] == card_id)]
    )
    commitments = []
    for commitment in plan.get("commitments", []):
        source = dict(commitment.get("source") or {})
        source["card_ids"] = [i for i in source.get("card_ids", []) if i != card_id]
        commitments.append(redact({**commitment, "source": source}))
    plan["commitments"] = commitments
    plan["clusters"] = redact(plan.get("clusters", []))  # a group may be named after a card
    if "changes" in plan:
        plan["changes"] = redact(plan["changes"])
    hidden = plan.get("hidden") or {}
    by_category = dict(hidden.get("by_category") or {})
    if category:
        by_category[category] = by_category.get(category, 0) + 1
    plan["hidden"] = {
        "count": hidden.get("count", 0) + 1,
        "by_category": dict(sorted(by_category.items())),
    }
    return plan
