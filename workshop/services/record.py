"""The record of every change: who changed what, when, and from what to what; append-only."""

from typing import Any

import sqlalchemy as sa

from workshop.domain.errors import N_
from workshop.domain.redaction import Redactor
from workshop.extensions import db
from workshop.i18n import translate
from workshop.models import Card, Change
from workshop.services.lookups import person_of
from workshop.services.payloads import iso
from workshop.services.transaction import Actor

HIDDEN_WORDS = N_("[hidden by the facilitation]")


def record(
    actor: Actor,
    action: str,
    subject_type: str,
    subject_id: int | None = None,
    *,
    field: str | None = None,
    before: Any = None,
    after: Any = None,
    reason: str | None = None,
) -> None:
    """Note a change in the same transaction as the change itself: both stand, or neither."""
    person = person_of(actor)
    db.session.add(
        Change(
            workshop_id=actor.workshop_id,
            actor_id=actor.participant_id,
            actor_name=person.name if person else "",
            actor_role=actor.role,
            action=action,
            subject_type=subject_type,
            subject_id=subject_id,
            field=field,
            before=before,
            after=after,
            reason=(reason or None) and reason[:300],
        )
    )


def changes_of(
    workshop_id: int,
    locale: str,
    subject: tuple[str, int] | None = None,
    *,
    staff: bool = True,
) -> list[dict[str, Any]]:
    """The record, oldest first, as a sceptic may read it: hidden cards' words never in it.

    Outside the staff, a hidden card's reason is left out too: its category says why.
    """
    query = sa.select(Change).where(Change.workshop_id == workshop_id)
    if subject is not None:
        query = query.where(Change.subject_type == subject[0], Change.subject_id == subject[1])
    hidden = Redactor(_hidden_texts(workshop_id), translate(HIDDEN_WORDS, locale))
    changes = [_payload(change, hidden) for change in db.session.scalars(query.order_by(Change.id))]
    if not staff:
        for change in changes:
            if change["action"] == "card.hidden":
                change["reason"] = None
    return changes


def change_by_id(workshop_id: int, change_id: int) -> Change | None:
    return db.session.scalar(
        sa.select(Change).where(Change.id == change_id, Change.workshop_id == workshop_id)
    )


def _payload(change: Change, hidden: Redactor) -> dict[str, Any]:
    return {
        "id": change.id,
        "at": iso(change.at),
        "by": {"name": change.actor_name, "role": change.actor_role},
        "action": change.action,
        "subject": {"type": change.subject_type, "id": change.subject_id},
        "field": change.field,
        "before": hidden(change.before),
        "after": hidden(change.after),
        "reason": hidden(change.reason),
    }


def _hidden_texts(workshop_id: int) -> set[str]:
    return set(
        db.session.scalars(
            sa.select(Card.text).where(Card.workshop_id == workshop_id, Card.hidden_at.is_not(None))
        )
    )
