"""From votes to a draft plan: the ranking, and commitments drafted from its top."""

import hashlib
import json
import re
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from workshop.domain.voting import TargetVotes

TITLE_MAX = 200


@dataclass(frozen=True)
class CardFacts:
    id: int
    kind: str
    text: str
    problem_id: int | None
    cluster_id: int | None
    duplicate_of: int | None = None


@dataclass(frozen=True)
class ClusterFacts:
    id: int
    title: str
    card_ids: tuple[int, ...]


@dataclass(frozen=True)
class Ranked:
    type: str
    id: int
    title: str
    votes: int
    votes_by_role: dict[str, int]
    card_ids: tuple[int, ...]
    paper: int = 0  # of `votes`, the dots counted on the paper wall

    @property
    def key(self) -> tuple[str, int]:
        return (self.type, self.id)


@dataclass(frozen=True)
class DraftCommitment:
    title: str
    problem: str
    description: str
    source_cluster_id: int | None
    source_card_ids: tuple[int, ...]


def rank(
    cards: Sequence[CardFacts],
    clusters: Sequence[ClusterFacts],
    targets: Mapping[tuple[str, int], TargetVotes],
) -> list[Ranked]:
    """Every cluster and every ungrouped card, most votes first, then the oldest first.

    The plan lists them all so that no vote goes uncounted; commitments come from clusters
    alone once there are any (`choose_for_plan`).
    """
    empty = TargetVotes(type="", id=0)
    entries = [
        _ranked("cluster", c.id, c.title, c.card_ids, targets.get(("cluster", c.id), empty))
        for c in clusters
    ]
    duplicates: dict[int, list[int]] = {}
    for card in cards:
        if card.duplicate_of is not None:
            duplicates.setdefault(card.duplicate_of, []).append(card.id)
    entries += [
        _ranked(
            "card",
            c.id,
            c.text,
            (c.id, *duplicates.get(c.id, ())),
            targets.get(("card", c.id), empty),
        )
        for c in cards
        if c.cluster_id is None and c.duplicate_of is None
    ]
    return sorted(entries, key=lambda r: (-r.votes, r.type != "cluster", r.id))


def _ranked(kind: str, target_id: int, title: str, card_ids, votes: TargetVotes) -> Ranked:
    return Ranked(
        kind, target_id, title, votes.votes, votes.votes_by_role(), tuple(card_ids), votes.paper
    )


def by_matrix(
    ranking: Iterable[Ranked], ratings: Mapping[tuple[str, int], tuple[float, float]]
) -> list[Ranked]:
    """For a workshop that prioritised with the matrix alone: rated options, most impact
    first, then least effort (the quick wins lead)."""
    rated = [r for r in ranking if r.key in ratings]
    return sorted(rated, key=lambda r: (-ratings[r.key][0], ratings[r.key][1], r.id))


def choose_for_plan(
    ranking: Iterable[Ranked],
    already_drafted: set[tuple[str, int]],
    room: int,
    eligible=lambda r: r.votes > 0,
) -> list[Ranked]:
    """The top clusters (or cards, where no clusters exist) with votes and no commitment yet.

    Drafting only ever adds, `room` at most: commitments people may have edited are kept.
    """
    ranking = list(ranking)
    if any(r.type == "cluster" and r.card_ids for r in ranking):  # an empty group is no theme
        ranking = [r for r in ranking if r.type == "cluster"]
    fresh = [r for r in ranking if eligible(r) and r.card_ids and r.key not in already_drafted]
    return fresh[: max(0, room)]


def draft(target: Ranked, cards: Mapping[int, CardFacts]) -> DraftCommitment:
    """A first wording of a commitment, taken from the people's own words."""
    members = [cards[i] for i in target.card_ids if i in cards]
    # A duplicate says what its original says: it keeps its author in the sources, not a line.
    ideas = [c for c in members if c.kind == "idea" and c.duplicate_of is None]
    problem_ids = dict.fromkeys(
        [c.id for c in members if c.kind == "problem"]
        + [c.problem_id for c in ideas if c.problem_id is not None]
    )
    problems = [cards[i].text for i in problem_ids if i in cards]
    description = (
        "\n".join(f"- {c.text}" for c in ideas)
        if len(ideas) > 1
        else (ideas[0].text if ideas else "")
    )
    return DraftCommitment(
        title=_shorten(target.title, TITLE_MAX),
        problem="\n".join(problems),
        description=description,
        source_cluster_id=target.id if target.type == "cluster" else None,
        source_card_ids=tuple(c.id for c in members),
    )


def short(text: str, limit: int = 60) -> str:
    """A card's words cut to a title's length, for a group named after it."""
    return _shorten(text, limit)


def _shorten(text: str, limit: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def plan_digest(plan: Mapping) -> str:
    """What a plan says, in 64 hex digits: the same content, whatever its keys' order, the same
    digest; any change to it (a card hidden after publishing) another one."""
    text = json.dumps(plan, sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256(text.encode()).hexdigest()


def download_name(plan: Mapping, extension: str) -> str:
    """A file name an official can file: the place, the date and, once published, the version."""
    workshop = plan.get("workshop") or {}
    place = slug(workshop.get("municipality") or "") or slug(workshop.get("title") or "")
    published = plan.get("status") == "published"
    day = str((plan.get("published_at") if published else plan.get("generated_at")) or "")[:10]
    parts = ["plan", place, day, f"v{plan['version']}" if published else ""]
    return "-".join(part for part in parts if part) + "." + extension


def slug(text: str, limit: int = 60) -> str:
    """ "San Juan Sacatepéquez" → "san-juan-sacatepequez": safe in any file system and header."""
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", plain.lower()).strip("-")[:limit].strip("-")
