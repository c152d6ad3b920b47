"""Dot-voting rules: budgets, and how votes add up to an honest tally."""

from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from workshop.domain.errors import N_, Forbidden

PARTICIPANT_ROLES = ("citizen", "official", "civil_society")


def votes_left(budget: int, used: int) -> int:
    return max(0, budget - used)


def check_is_voter(role: str) -> None:
    """The facilitator runs the vote and does not vote (the budget is kept by the database)."""
    if role not in PARTICIPANT_ROLES:
        raise Forbidden(N_("Only participants vote."))


# The role a paper wall's dots are counted under: never a participant's, so no per-role
# figure, consensus or privacy rule of the phones' votes changes; the totals include them.
PAPER = "paper"


@dataclass(frozen=True)
class CastVote:
    """One stored vote, as the tally sees it: its target and the voter's role only."""

    card_id: int | None
    cluster_id: int | None
    role: str
    count: int = 1


@dataclass
class TargetVotes:
    type: str
    id: int
    votes: int = 0
    by_role: Counter = field(default_factory=Counter)

    @property
    def paper(self) -> int:
        """Dots counted on the paper wall (role `paper`): in the total, apart from the phones'."""
        return self.by_role.get(PAPER, 0)

    def as_total(self) -> dict:
        return {"type": self.type, "id": self.id, "votes": self.votes}

    def votes_by_role(self) -> dict[str, int]:
        return {role: self.by_role.get(role, 0) for role in PARTICIPANT_ROLES}


def add_up(
    votes: Iterable[CastVote],
    cluster_of_card: Mapping[int, int | None],
    clusters: Iterable[int],
    original_of: Mapping[int, int] | None = None,
) -> dict[tuple[str, int], TargetVotes]:
    """Count each vote once, on the target people now see.

    A vote on a card that has since been grouped counts for its cluster, and one on a card
    marked as a duplicate counts for the original, so tidying the wall after people voted
    never loses their dots. Votes on hidden cards (absent from `cluster_of_card`) or removed
    clusters are not shown.
    """
    original_of = original_of or {}
    known_clusters = set(clusters)
    targets: dict[tuple[str, int], TargetVotes] = {}
    for vote in votes:
        if vote.card_id is not None:
            if vote.card_id not in cluster_of_card:
                continue
            cluster_id = cluster_of_card[vote.card_id]
            card_id = original_of.get(vote.card_id, vote.card_id)
            key = ("cluster", cluster_id) if cluster_id is not None else ("card", card_id)
        else:
            if vote.cluster_id not in known_clusters:
                continue
            key = ("cluster", vote.cluster_id)
        target = targets.setdefault(key, TargetVotes(type=key[0], id=key[1]))
        target.votes += vote.count
        target.by_role[vote.role] += vote.count
    return targets


# With fewer voters of one role than this, that role's votes per option would tell who voted
# what (one official: the officials' votes are hers), so they are not shown per option.
MIN_ROLE_VOTERS = 3


def withheld_roles(voters_by_role: Mapping[str, int] | None) -> tuple[str, ...]:
    """Roles whose per-option votes stay private: too few voters to hide in, and whatever
    other role would let them be worked out by subtraction.

    An option's total is always shown; if a lone official's votes were the only ones
    missing from it, total minus the roles shown would be hers. So the roles kept back
    together must count at least MIN_ROLE_VOTERS voters: the smallest other roles join
    them until they do. (With fewer than that many voters in all, the totals alone tell,
    as they would on any paper wall.)
    """
    voters = voters_by_role or {}
    kept = [r for r in PARTICIPANT_ROLES if 0 < voters.get(r, 0) < MIN_ROLE_VOTERS]
    if not kept:
        return ()
    others = sorted(
        (r for r in PARTICIPANT_ROLES if r not in kept and voters.get(r, 0) > 0),
        key=lambda r: voters[r],
    )
    while others and sum(voters.get(r, 0) for r in kept) < MIN_ROLE_VOTERS:
        kept.append(others.pop(0))
    return tuple(r for r in PARTICIPANT_ROLES if r in kept)


def withheld_reasons(voters_by_role: Mapping[str, int] | None) -> dict[str, str]:
    """Why each withheld role is: `few_voters` of its own, or it `would_reveal` another."""
    voters = voters_by_role or {}
    return {
        role: "few_voters" if voters.get(role, 0) < MIN_ROLE_VOTERS else "would_reveal"
        for role in withheld_roles(voters)
    }


def mask_roles(by_role: Mapping[str, int], withheld: Iterable[str]) -> dict[str, int | None]:
    hidden = set(withheld)
    return {role: None if role in hidden else by_role.get(role, 0) for role in PARTICIPANT_ROLES}


def consensus(
    targets: Mapping[tuple[str, int], TargetVotes],
    ballot_size: int,
    withheld: Iterable[str] = (),
) -> set:
    """The options every role supports: each role that voted gave each one a fair share.

    A fair share is what an even spread would give (1 / options on the ballot). It takes at
    least two roles to speak of agreement between them.
    """
    spent = Counter()
    for target in targets.values():
        spent.update(target.by_role)
    roles = [role for role in PARTICIPANT_ROLES if spent[role] > 0 and role not in set(withheld)]
    if len(roles) < 2 or ballot_size < 1:
        return set()
    # share >= 1 / ballot_size, in whole numbers: votes * ballot_size >= that role's votes
    return {
        key
        for key, target in targets.items()
        if all(target.by_role[role] * ballot_size >= spent[role] for role in roles)
    }


def tally_payload(
    targets: Mapping[tuple[str, int], TargetVotes],
    ballot_size: int = 0,
    ratings: list[dict] | None = None,
    frozen: bool = False,
    voters_by_role: Mapping[str, int] | None = None,
) -> dict:
    """The protocol's Tally, with votes by role and the consensus mark; most votes first."""
    ordered = sorted(targets.values(), key=lambda t: (-t.votes, t.type, t.id))
    withheld = withheld_roles(voters_by_role)
    agreed = consensus(targets, ballot_size, withheld)
    by_role: Counter = Counter()
    for target in ordered:
        by_role.update(target.by_role)
    return {
        "votes_cast": sum(t.votes for t in ordered),
        "paper_votes": sum(t.paper for t in ordered),
        # A withheld role's total would move with each of its few voters' taps, beside the
        # option that moved: kept back here too, as in every option.
        "by_role": mask_roles(by_role, withheld),
        "totals": [
            # Only the roles that voted for it: a hall of ungrouped cards sends 500 of these,
            # four times a second, to every phone.
            {
                **t.as_total(),
                "by_role": {r: n for r, n in t.votes_by_role().items() if n and r not in withheld},
                "paper": t.paper,
                "consensus": (t.type, t.id) in agreed,
            }
            for t in ordered
            if t.votes > 0
        ],
        "withheld_roles": list(withheld),
        "withheld_reasons": withheld_reasons(voters_by_role),
        # How many different people of each role voted: everyone counts, confirmed or not.
        "voters_by_role": {r: (voters_by_role or {}).get(r, 0) for r in PARTICIPANT_ROLES},
        "ratings": ratings or [],
        "hidden": False,
        "frozen": frozen,
    }


def hidden_from_participants(tally: dict) -> dict:
    """What phones see while results are hidden: how many voted, not for what."""
    return {**tally, "totals": [], "ratings": [], "hidden": True}
