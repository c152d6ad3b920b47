"""Publishing the plan: numbered versions frozen for anyone to read, and kept clean."""

from typing import Any

import sqlalchemy as sa

from workshop.domain.commands import PublishPlan
from workshop.domain.errors import N_
from workshop.domain.plan import plan_digest
from workshop.domain.redaction import without_card
from workshop.extensions import db
from workshop.i18n import translate
from workshop.models import Card, PlanVersion, Workshop, utcnow
from workshop.services.payloads import iso
from workshop.services.reading import plan_data
from workshop.services.record import record
from workshop.services.transaction import (
    Actor,
    Outcome,
    commit_once,
    require_facilitator,
    store_event,
    workshop_of,
    workshop_updated,
)


def publish_plan(actor: Actor, cmd: PublishPlan) -> Outcome:
    """Freeze the plan as a numbered version anyone may read; later edits make the next one."""

    def apply() -> Outcome:
        require_facilitator(actor)
        workshop = workshop_of(actor)
        events = []
        if workshop.results == "hidden" and not workshop.results_revealed:
            workshop.results_revealed = True  # a public plan shows its ranking
            record(actor, "results.revealed", "workshop", workshop.id)
            events.append(workshop_updated(actor, workshop))
        number = (
            db.session.scalar(
                sa.select(sa.func.max(PlanVersion.number)).where(
                    PlanVersion.workshop_id == workshop.id
                )
            )
            or 0
        ) + 1
        published_at = utcnow()
        record(actor, "plan.published", "plan", None, after={"version": number})
        db.session.flush()
        plan = {
            **plan_data(workshop, for_facilitator=False),
            "status": "published",
            "version": number,
            "published_at": iso(published_at),
        }
        for card in plan["contributions"]:  # a public record names people, not their ids
            card["author"].pop("participant_id", None)
        db.session.add(
            PlanVersion(
                workshop_id=workshop.id,
                number=number,
                plan=plan,
                published_at=published_at,
                digest=plan_digest(plan),
            )
        )
        db.session.flush()
        events.append(
            store_event(
                actor, "plan_published", {"version": number, "published_at": iso(published_at)}
            )
        )
        return Outcome(
            {"version": number, "url": f"/p/{workshop.code}"}, events, tally_changed=True
        )

    return commit_once(actor, "publish_plan", None, apply)


def published_plan(workshop: Workshop, number: int | None = None) -> dict[str, Any] | None:
    """A published version as it was frozen: the newest, or the one asked for."""
    query = sa.select(PlanVersion.plan).where(PlanVersion.workshop_id == workshop.id)
    if number is None:
        query = query.order_by(PlanVersion.number.desc()).limit(1)
    else:
        query = query.where(PlanVersion.number == number)
    return db.session.scalar(query)


def published_digest(workshop: Workshop, number: int | None = None) -> str | None:
    """The digest of a published version (the newest, or the one asked for), without reading
    the plan itself; None when there is no such version."""
    query = sa.select(PlanVersion.id, PlanVersion.digest).where(
        PlanVersion.workshop_id == workshop.id
    )
    if number is None:
        query = query.order_by(PlanVersion.number.desc()).limit(1)
    else:
        query = query.where(PlanVersion.number == number)
    row = db.session.execute(query).first()
    if row is None:
        return None
    if row.digest is None:  # published before digests were kept: worked out once, and kept
        version = db.session.get_one(PlanVersion, row.id)
        version.digest = plan_digest(version.plan)
        db.session.commit()
        return version.digest
    return row.digest


def plan_versions(workshop: Workshop) -> list[dict[str, Any]]:
    rows = db.session.execute(
        sa.select(PlanVersion.number, PlanVersion.published_at)
        .where(PlanVersion.workshop_id == workshop.id)
        .order_by(PlanVersion.number)
    ).all()
    return [{"version": n, "published_at": iso(at)} for n, at in rows]


def scrub_published(actor: Actor, card: Card) -> None:
    """A card hidden after publishing leaves every published version too, words and all."""
    placeholder = translate(N_("[hidden by the facilitation]"), actor.locale)
    for version in db.session.scalars(
        sa.select(PlanVersion).where(PlanVersion.workshop_id == actor.workshop_id)
    ):
        version.plan = without_card(
            version.plan, card.id, card.text, card.hidden_category, placeholder
        )
        version.digest = plan_digest(version.plan)  # documents kept of it are no longer it
