"""Who is who in the room: roles confirmed by the facilitation or a code, and co-facilitators."""

import secrets
from typing import Any

import sqlalchemy as sa

from workshop.domain.commands import (
    ClaimRole,
    ConfirmRole,
    InviteCofacilitator,
    RevokeCofacilitator,
)
from workshop.domain.errors import N_, Conflict, Forbidden, Invalid, NotFound
from workshop.extensions import db
from workshop.i18n import translate
from workshop.models import Participant, utcnow
from workshop.services.joining import VERIFIED_ROLES, hash_token, role_of_code, verified_flag
from workshop.services.lookups import person_of
from workshop.services.payloads import iso
from workshop.services.reading import participant_me
from workshop.services.record import record
from workshop.services.transaction import (
    Actor,
    Outcome,
    commit_once,
    require_facilitator,
    workshop_of,
)


def confirm_role(actor: Actor, cmd: ConfirmRole) -> Outcome:
    """The facilitation vouches for an official or a civil-society member, or stops vouching."""

    def apply() -> Outcome:
        require_facilitator(actor)
        person = _person(actor, cmd.participant_id)
        if person.role not in VERIFIED_ROLES:
            raise Invalid(N_("Only officials and civil society have a role to confirm."))
        if (person.verified_at is not None) == cmd.confirmed:
            return Outcome({"person": person_payload(person)})
        person.verified_at = utcnow() if cmd.confirmed else None
        person.verified_by_id = actor.participant_id if cmd.confirmed else None
        action = "role.confirmed" if cmd.confirmed else "role.revoked"
        record(actor, action, "participant", person.id, after=_who(person))
        return _changed(person)

    return commit_once(actor, "confirm_role", None, apply)


def claim_role(actor: Actor, cmd: ClaimRole) -> Outcome:
    """A participant types the role code the facilitation gave them: confirmed at once."""

    def apply() -> Outcome:
        if actor.role not in ("citizen", *VERIFIED_ROLES):
            raise Forbidden(N_("Only participants claim a role."))
        person = _person(actor, actor.participant_id)  # type: ignore[arg-type]
        role = role_of_code(workshop_of(actor), cmd.role_code)
        if person.role == role and person.verified_at is not None:
            return Outcome({"person": person_payload(person)})
        if person.votes_used and person.role != role:
            raise Conflict(
                N_("You have voted as %(role)s; ask the facilitation to confirm you instead."),
                role=person.role,
            )
        person.role, person.verified_at = role, utcnow()
        reason = translate(N_("With the role code the facilitation gave."), actor.locale)
        record(actor, "role.confirmed", "participant", person.id, after=_who(person), reason=reason)
        db.session.flush()
        outcome = _changed(person)
        outcome.result["me"] = participant_me(person.id)
        outcome.roles_changed[person.id] = role
        return outcome

    return commit_once(actor, "claim_role", None, apply)


def invite_cofacilitator(actor: Actor, cmd: InviteCofacilitator) -> Outcome:
    """A second person runs the console with a link of their own, which can be taken back."""

    def apply() -> Outcome:
        _require_lead(actor)
        token = secrets.token_urlsafe(32)
        person = Participant(
            workshop_id=actor.workshop_id,
            name=cmd.name,
            role="facilitator",
            token_hash=hash_token(token),
            invited_by_id=actor.participant_id,
        )
        db.session.add(person)
        db.session.flush()
        record(actor, "cofacilitator.invited", "participant", person.id, after=_who(person))
        outcome = _changed(person)
        outcome.result["link"] = f"/f/{actor.code}#token={token}"
        return outcome

    return commit_once(actor, "invite_cofacilitator", None, apply)


def revoke_cofacilitator(actor: Actor, cmd: RevokeCofacilitator) -> Outcome:
    """The link stops working at once: its holder's console is closed and refused."""

    def apply() -> Outcome:
        _require_lead(actor)
        person = _person(actor, cmd.participant_id)
        if person.invited_by_id is None:
            raise Invalid(N_("That person is not a co-facilitator."))
        if person.revoked_at is not None:
            return Outcome({"person": person_payload(person)})
        person.revoked_at = utcnow()
        record(actor, "cofacilitator.revoked", "participant", person.id, after=_who(person))
        outcome = _changed(person)
        outcome.revoked.add(person.id)
        return outcome

    return commit_once(actor, "revoke_cofacilitator", None, apply)


def people_of(workshop_id: int, connected: set[int]) -> dict[str, Any]:
    """The console's people list: everyone whose role may need a decision, and the citizens
    as counts (a hall of 2,000 needs no list of 2,000 names to confirm no one)."""
    listed = db.session.scalars(
        sa.select(Participant)
        .where(Participant.workshop_id == workshop_id, Participant.role != "citizen")
        .order_by(Participant.id)
    ).all()
    citizens = db.session.scalars(
        sa.select(Participant.id).where(
            Participant.workshop_id == workshop_id, Participant.role == "citizen"
        )
    ).all()
    return {
        "people": [{**person_payload(p), "connected": p.id in connected} for p in listed],
        "citizens": {"joined": len(citizens), "connected": len(connected & set(citizens))},
    }


def person_payload(person: Participant) -> dict[str, Any]:
    return {
        "participant_id": person.id,
        "name": person.name,
        "role": person.role,
        "verified": verified_flag(person),
        "cofacilitator": person.invited_by_id is not None,
        "revoked": person.revoked_at is not None,
        "joined_at": iso(person.created_at),
    }


def _changed(person: Participant) -> Outcome:
    """The person's own phone hears its new `me`; the console's people list refreshes."""
    outcome = Outcome({"person": person_payload(person)}, people_changed=True)
    outcome.budgets_changed.add(person.id)
    return outcome


def _who(person: Participant) -> dict[str, str]:
    return {"name": person.name, "role": person.role}


def _person(actor: Actor, participant_id: int) -> Participant:
    person = db.session.scalar(
        sa.select(Participant).where(
            Participant.id == participant_id, Participant.workshop_id == actor.workshop_id
        )
    )
    if person is None:
        raise NotFound(N_("There is no such person in this workshop."))
    return person


def _require_lead(actor: Actor) -> None:
    """Co-facilitators run the workshop; only the facilitator who created it hands out links."""
    require_facilitator(actor)
    if actor.cofacilitator:
        raise Forbidden(
            N_("Only the facilitator who created the workshop invites co-facilitators.")
        )


def is_revoked(actor: Actor) -> bool:
    """Whether a co-facilitator's link was taken back since this connection opened."""
    person = person_of(actor)
    return person is None or person.revoked_at is not None
