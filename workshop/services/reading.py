"""The read side: the state a device starts from, what it missed, and the plan document."""

from typing import Any

import sqlalchemy as sa

from workshop.domain.names import first_name
from workshop.domain.outcomes import hidden_summary, outcomes
from workshop.domain.voting import (
    PARTICIPANT_ROLES,
    mask_roles,
    tally_payload,
    votes_left,
    withheld_reasons,
    withheld_roles,
)
from workshop.extensions import db
from workshop.models import Card, Event, Participant, Workshop, utcnow
from workshop.services.joining import verified_by_role, verified_flag
from workshop.services.lookups import commitments_of, proposals_of, visible_cards
from workshop.services.payloads import (
    card_payload,
    clusters_payload,
    commitment_payload,
    iso,
    proposal_payload,
    workshop_payload,
)
from workshop.services.record import changes_of
from workshop.services.results import current_results, results_hidden, tally_view
from workshop.services.transaction import Actor
from workshop.services.voting import my_ratings, my_votes


def state_for(actor: Actor | None, workshop: Workshop, presence: dict) -> dict[str, Any]:
    """The whole picture; `me` only for a connection (the public snapshot has none)."""
    state = {
        "seq": workshop.last_seq,
        "server_time": iso(utcnow()),
        "workshop": workshop_payload(workshop),
        "cards": [card_payload(c) for c in visible_cards(workshop.id)],
        "clusters": clusters_payload(workshop.id),
        "tally": tally_view(workshop, actor),
        "presence": presence,
        "commitments": [commitment_payload(c) for c in commitments_of(workshop.id)],
        "proposals": [proposal_payload(p) for p in proposals_of(workshop.id)],
    }
    if actor is not None:
        state["me"] = me_for(actor, workshop)
        if actor.is_facilitator or actor.is_screen:
            state["join_pin"] = workshop.join_pin  # shown in the hall, never sent to phones
    return state


def me_for(actor: Actor, workshop: Workshop | None = None) -> dict[str, Any]:
    if actor.is_screen:
        return {
            "participant_id": None,
            "name": None,
            "role": "screen",
            "votes_left": 0,
            "verified": None,
            "my_votes": [],
            "my_ratings": [],
        }
    return participant_me(actor.participant_id, workshop)  # type: ignore[arg-type]


def participant_me(participant_id: int, workshop: Workshop | None = None) -> dict[str, Any]:
    """What a person needs to know about themselves: name, role, and votes left."""
    participant = db.session.get(Participant, participant_id)
    assert participant is not None
    workshop = workshop or db.session.get(Workshop, participant.workshop_id)
    assert workshop is not None
    budget = workshop.votes_per_participant if participant.role in PARTICIPANT_ROLES else 0
    return {
        "participant_id": participant.id,
        "name": participant.name,
        "role": participant.role,
        "votes_left": votes_left(budget, participant.votes_used),
        "verified": verified_flag(participant),
        "cofacilitator": participant.invited_by_id is not None,
        "my_votes": my_votes(participant.id, workshop.vote_on == "cards"),
        "my_ratings": my_ratings(participant.id),
    }


def events_since(actor: Actor, last_seq: int, limit: int) -> list[tuple[str, dict]] | None:
    """The events a client missed, in order, or None when a fresh `state` is the way back."""
    current = db.session.scalar(
        sa.select(Workshop.last_seq).where(Workshop.id == actor.workshop_id)
    )
    if current is None or last_seq > current or current - last_seq > limit:
        return None
    rows = db.session.execute(
        sa.select(Event.name, Event.payload)
        .where(Event.workshop_id == actor.workshop_id, Event.seq > last_seq)
        .order_by(Event.seq)
    ).all()
    # Events from before a hide may carry the hidden text (the card, a drafted commitment);
    # a fresh state never does, and it leaves no hole in the seq for the client to chase.
    if any(name == "card_hidden" for name, _ in rows):
        return None
    return [(name, payload) for name, payload in rows]


def joined_by_role(workshop_id: int) -> dict[str, int]:
    rows = db.session.execute(
        sa.select(Participant.role, sa.func.count())
        .where(Participant.workshop_id == workshop_id, Participant.role.in_(PARTICIPANT_ROLES))
        .group_by(Participant.role)
    ).all()
    counts = dict(rows)
    return {role: counts.get(role, 0) for role in PARTICIPANT_ROLES}


CONTRIBUTION_ROLES = (*PARTICIPANT_ROLES, "facilitator", "unknown")


def contributions_by_role(cards: list[Card]) -> dict[str, int]:
    """Cards by their writer's role: a paper note counts for whoever wrote it on paper."""
    counts = dict.fromkeys(CONTRIBUTION_ROLES, 0)
    for card in cards:
        counts[card.paper_role if card.on_paper else card.author.role] += 1
    return counts


LOBBY_NAMES = 40  # the projector greets the latest arrivals; the rest are in the head-count


def lobby_names(workshop_id: int) -> list[str] | None:
    """First names of the latest people to join, newest first; None unless the facilitation
    chose to show them on the projector."""
    shown = db.session.scalar(sa.select(Workshop.screen_names).where(Workshop.id == workshop_id))
    if not shown:
        return None
    rows = db.session.execute(
        sa.select(Participant.id, Participant.name)
        .where(Participant.workshop_id == workshop_id, Participant.role.in_(PARTICIPANT_ROLES))
        .order_by(Participant.id.desc())
        .limit(LOBBY_NAMES)
    ).all()
    # Someone who gave no name is greeted by their whole pseudonym ("Jaguar 12"), as on
    # their own phone: it names nobody.
    return [name if name.endswith(f" {pid}") else first_name(name) for pid, name in rows]


def plan_data(workshop: Workshop, for_facilitator: bool = True) -> dict[str, Any]:
    """The draft plan in the `cocrea.plan/1` shape: what plan.json serves and exports render.

    While results are hidden from phones, a participant's copy carries no ranking.
    """
    cards = visible_cards(workshop.id)
    commitments = commitments_of(workshop.id)
    results = current_results(workshop)
    tally = tally_payload(
        results.targets,
        results.ballot_size,
        results.ratings,
        results.frozen,
        results.voters_by_role,
    )
    withheld = withheld_roles(results.voters_by_role)
    agreed = {(t["type"], t["id"]) for t in tally["totals"] if t["consensus"]}
    rated = {(r["type"], r["id"]): r for r in results.ratings}
    joined = joined_by_role(workshop.id)
    plan = {
        "schema": "cocrea.plan/1",
        "generated_at": iso(utcnow()),
        "workshop": {**workshop_payload(workshop), "created_at": iso(workshop.created_at)},
        "status": "draft",
        "version": None,
        "participation": {
            "participants": sum(joined.values()),
            "by_role": joined,
            "cards": len(cards),
            "cards_by_role": contributions_by_role(cards),
            "paper_cards": sum(1 for card in cards if card.on_paper),
            "votes": tally["votes_cast"],
            "paper_votes": tally["paper_votes"],  # of `votes`, the dots of the paper wall
            "verified_by_role": verified_by_role(workshop.id),
        },
        # Roles whose votes per option are kept back, and why: few_voters, would_reveal.
        "withheld": withheld_reasons(results.voters_by_role),
        "ranking_frozen": results.frozen,
        "ranking": [
            {
                "type": r.type,
                "id": r.id,
                "title": r.title,
                "votes": r.votes,
                "paper_votes": r.paper,
                "votes_by_role": mask_roles(r.votes_by_role, withheld),
                "consensus": r.key in agreed,
                "impact": rated.get(r.key, {}).get("impact"),
                "effort": rated.get(r.key, {}).get("effort"),
                "ratings": rated.get(r.key, {}).get("count", 0),
            }
            for r in results.ranking
        ],
        "clusters": clusters_payload(workshop.id),
        "commitments": [commitment_payload(c) for c in commitments],
        "contributions": [card_payload(c) for c in cards],
        "hidden": hidden_summary(_hidden_categories(workshop.id)),
        "changes": changes_of(workshop.id, workshop.locale, staff=for_facilitator),
    }
    if results_hidden(workshop) and not for_facilitator:
        plan["ranking"], plan["participation"]["votes"] = [], None
        plan["participation"]["paper_votes"] = None
        plan["results_hidden"] = True
    _answer_every_contribution(plan)
    return plan


def _answer_every_contribution(plan: dict[str, Any]) -> None:
    """Each card says what became of it, and which commitments it fed (a problem: through the
    ideas that answered it): a citizen can follow their words into the plan, or see why not."""
    answers = outcomes(plan)
    for card in plan["contributions"]:
        outcome = answers[card["id"]]
        card["commitment_ids"] = (
            outcome.get("commitment_ids", []) if outcome["kind"] == "commitment" else []
        )
        card["outcome"] = outcome


def _hidden_categories(workshop_id: int) -> list[str]:
    return [
        category or "other"
        for category in db.session.scalars(
            sa.select(Card.hidden_category).where(
                Card.workshop_id == workshop_id, Card.hidden_at.is_not(None)
            )
        )
    ]
