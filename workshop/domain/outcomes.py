"""What became of each contribution: a reasoned answer for every card, read off the plan.

The Open Government Partnership's co-creation standard asks that people be told why each
idea was or was not taken up. Every card gets one outcome, the first that holds:

- `commitment`: it fed commitments of the plan (a problem feeds those its ideas fed);
- `duplicate`: it said what an earlier card said (`of`), which answers for both;
- `set_aside`: it fed only commitments that were set aside (their reason is on record);
- `not_chosen`: its option (its theme, or the idea itself) was voted on, got `votes` (None
  where the reader may not see results yet), and did not make the plan;
- `pending`: the plan is not drafted yet;
- `not_voted`: it was never an option of the vote (a problem no idea answered, an idea
  moved after the vote closed).

Any written `response` of the facilitation, to the card or to its theme, comes with it.
Plain Python over the `cocrea.plan/1` document, so an old published plan gets the same
answers as a new one.
"""

from collections.abc import Mapping
from typing import Any

PLANNED_PHASES = ("plan", "closed")


def outcomes(plan: Mapping[str, Any]) -> dict[int, dict[str, Any]]:
    """Each card's outcome, by card id."""
    cards = {c["id"]: c for c in plan.get("contributions", [])}
    commitments = plan.get("commitments", [])
    live = _fed_by(commitments, dropped=False)
    dropped = _fed_by(commitments, dropped=True)
    answered_by: dict[int, list[int]] = {}
    for card in cards.values():
        if card.get("problem_id") is not None:
            answered_by.setdefault(card["problem_id"], []).append(card["id"])
    options = {(r["type"], r["id"]): r for r in plan.get("ranking", [])}
    hidden_votes = bool(plan.get("results_hidden"))
    drafted = (plan.get("workshop") or {}).get("phase") in PLANNED_PHASES or bool(commitments)
    responses = {c["id"]: c.get("response") for c in plan.get("clusters", [])}
    result = {}
    for card_id, card in cards.items():
        related = (
            [card_id, *answered_by.get(card_id, [])] if card["kind"] == "problem" else [card_id]
        )
        fed = _union(live, related)
        outcome: dict[str, Any]
        if fed:
            outcome = {"kind": "commitment", "commitment_ids": fed}
        elif card.get("duplicate_of") in cards:
            outcome = {"kind": "duplicate", "of": card["duplicate_of"]}
        elif set_aside := _union(dropped, related):
            outcome = {"kind": "set_aside", "commitment_ids": set_aside}
        elif not drafted:
            outcome = {"kind": "pending"}
        elif option := _option(card, options):
            outcome = {
                "kind": "not_chosen",
                "option": {"type": option["type"], "id": option["id"], "title": option["title"]},
                "votes": None if hidden_votes else option["votes"],
            }
        else:
            outcome = {"kind": "not_voted"}
        outcome["response"] = card.get("response") or responses.get(card.get("cluster_id"))
        result[card_id] = outcome
    return result


def hidden_summary(categories: list[str]) -> dict[str, Any]:
    """How many cards were hidden and why, in categories: never which, never their words."""
    by_category: dict[str, int] = {}
    for category in categories:
        by_category[category] = by_category.get(category, 0) + 1
    return {"count": len(categories), "by_category": dict(sorted(by_category.items()))}


def _fed_by(commitments: list[Mapping[str, Any]], *, dropped: bool) -> dict[int, list[int]]:
    fed: dict[int, list[int]] = {}
    for commitment in commitments:
        if (commitment.get("status") == "dropped") != dropped:
            continue
        for card_id in (commitment.get("source") or {}).get("card_ids") or []:
            fed.setdefault(card_id, []).append(commitment["id"])
    return fed


def _union(fed: dict[int, list[int]], card_ids: list[int]) -> list[int]:
    return list(dict.fromkeys(i for card_id in card_ids for i in fed.get(card_id, [])))


def _option(card: Mapping[str, Any], options: Mapping[tuple[str, int], Any]) -> Any:
    """The option of the vote this card was part of: its group, or itself as an idea."""
    if card.get("cluster_id") is not None and ("cluster", card["cluster_id"]) in options:
        return options[("cluster", card["cluster_id"])]
    if card["kind"] == "idea":
        return options.get(("card", card["id"]))
    return None
