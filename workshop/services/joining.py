"""Creating a workshop, joining it, and the tokens that say who is who."""

import hashlib
import hmac
import secrets
from collections.abc import Callable
from dataclasses import dataclass

import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError

from workshop.domain.codes import ALPHABET, LENGTH, generate_code, normalize_code
from workshop.domain.commands import CreateWorkshop, Join
from workshop.domain.errors import N_, Closed, Forbidden, Invalid, NotFound, Unauthorized, WrongPin
from workshop.domain.names import pseudonym_word
from workshop.extensions import db
from workshop.models import Participant, Workshop, utcnow
from workshop.services.record import record
from workshop.services.transaction import Actor


@dataclass(frozen=True)
class Created:
    """A new workshop's code and its two secrets, shown once to the facilitator."""

    code: str
    facilitator_token: str
    screen_token: str


@dataclass(frozen=True)
class Joined:
    """A new participant, with the token their phone keeps."""

    participant_id: int
    token: str
    name: str
    role: str
    verified: bool | None


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def screen_token_for(code: str, facilitator_token: str) -> str:
    """Derive the projector's token from the facilitator's, so it never needs storing in clear."""
    digest = hmac.new(facilitator_token.encode(), f"screen:{code}".encode(), hashlib.sha256)
    return digest.hexdigest()[:40]


# The roles a short code can vouch for, and where each code's hash is kept.
VERIFIED_ROLES = ("official", "civil_society")


def role_code_for(code: str, facilitator_token: str, role: str) -> str:
    """The short code that verifies a role on joining, derived like the projector's token."""
    digest = hmac.new(facilitator_token.encode(), f"role:{role}:{code}".encode(), hashlib.sha256)
    return "".join(ALPHABET[byte % len(ALPHABET)] for byte in digest.digest()[:LENGTH])


def store_role_codes(workshop: Workshop, facilitator_token: str) -> None:
    """Keep the hashes of the role codes (once; workshops from before role codes get them now)."""
    for role in VERIFIED_ROLES:
        attribute = f"{role}_code_hash"
        if getattr(workshop, attribute) is None:
            code = role_code_for(workshop.code, facilitator_token, role)
            setattr(workshop, attribute, hash_token(code))


def create_workshop(cmd: CreateWorkshop, facilitator_name: str) -> Created:
    facilitator_token = secrets.token_urlsafe(32)
    for _ in range(20):  # 32^6 codes: a clash is rare, and retried
        code = generate_code()
        screen_token = screen_token_for(code, facilitator_token)
        workshop = Workshop(
            code=code,
            title=cmd.title,
            municipality=cmd.municipality,
            question=cmd.question,
            locale=cmd.locale,
            time_zone=cmd.time_zone,
            votes_per_participant=cmd.votes_per_participant,
            screen_token_hash=hash_token(screen_token),
            **cmd.settings.changes(),
        )
        store_role_codes(workshop, facilitator_token)
        db.session.add(workshop)
        try:
            db.session.flush()
        except IntegrityError:
            db.session.rollback()
            continue
        db.session.add(
            Participant(
                workshop_id=workshop.id,
                name=facilitator_name,
                role="facilitator",
                token_hash=hash_token(facilitator_token),
            )
        )
        db.session.commit()
        return Created(code, facilitator_token, screen_token)
    raise RuntimeError("could not find a free workshop code")


def join(code: str, cmd: Join, translate: Callable[[str], str]) -> Joined:
    """Add a participant; an empty name becomes a friendly pseudonym in the workshop language."""
    workshop = workshop_by_code(code)
    if workshop.phase == "closed":
        raise Closed()
    check_may_join(workshop, cmd.pin)
    role = cmd.role if cmd.role_code is None else role_of_code(workshop, cmd.role_code)
    token = secrets.token_urlsafe(32)
    participant = Participant(
        workshop_id=workshop.id, name=cmd.name, role=role, token_hash=hash_token(token)
    )
    if cmd.role_code is not None:
        participant.verified_at = utcnow()  # the facilitation gave them the code: vouched for
    db.session.add(participant)
    db.session.flush()
    if not participant.name:
        participant.name = f"{translate(pseudonym_word(participant.id))} {participant.id}"
    if participant.verified_at is not None:
        joiner = Actor(workshop.id, workshop.code, participant.id, role, workshop.locale)
        record(
            joiner,
            "role.confirmed",
            "participant",
            participant.id,
            after={"name": participant.name, "role": role},
            reason=translate(N_("With the role code the facilitation gave.")),
        )
    db.session.commit()
    return Joined(
        participant.id, token, participant.name, participant.role, verified_flag(participant)
    )


def check_may_join(workshop: Workshop, pin: str | None) -> None:
    """The facilitation may close the door, or ask for the PIN the projector shows."""
    if workshop.joining == "locked":
        raise Forbidden(
            N_("Joining is closed for now. Ask the facilitation to open it."), field="joining"
        )
    if workshop.joining == "pin" and not (
        pin and workshop.join_pin and hmac.compare_digest(pin, workshop.join_pin)
    ):
        raise WrongPin(field="pin")


def role_of_code(workshop: Workshop, role_code: str) -> str:
    """The role a code vouches for in this workshop; a wrong code is refused, not ignored."""
    hashed = hash_token(role_code)
    for role in VERIFIED_ROLES:
        stored = getattr(workshop, f"{role}_code_hash")
        if stored and hmac.compare_digest(stored, hashed):
            return role
    raise Invalid(
        N_(
            "That role code is not valid for this workshop. Check it with the facilitation, "
            "or join without it: the facilitation can confirm your role later."
        )
    )


def verified_flag(participant: Participant) -> bool | None:
    """Confirmed or not, for the roles that need it; None for citizens, who need nothing."""
    if participant.role == "citizen":
        return None
    if participant.role == "facilitator":
        return True
    return participant.verified_at is not None


def workshop_by_code(raw_code: object) -> Workshop:
    code = normalize_code(raw_code)
    workshop = db.session.scalar(sa.select(Workshop).where(Workshop.code == code))
    if workshop is None:
        raise NotFound()
    return workshop


def authenticate(raw_code: object, token: object) -> Actor:
    """Find who holds this token in this workshop: facilitator, participant or projector."""
    if not isinstance(token, str) or not token or len(token) > 200:
        raise Unauthorized()
    try:
        workshop = workshop_by_code(raw_code)
    except NotFound:
        raise Unauthorized() from None
    token_hash = hash_token(token)
    if hmac.compare_digest(token_hash, workshop.screen_token_hash):
        return Actor(workshop.id, workshop.code, None, "screen", workshop.locale)
    participant = db.session.scalar(
        sa.select(Participant).where(
            Participant.token_hash == token_hash, Participant.workshop_id == workshop.id
        )
    )
    if participant is None or participant.revoked_at is not None:
        raise Unauthorized()
    return Actor(
        workshop.id,
        workshop.code,
        participant.id,
        participant.role,
        workshop.locale,
        cofacilitator=participant.invited_by_id is not None,
    )


def workshop_links(code: str, facilitator_token: str) -> dict[str, str]:
    """The workshop's link paths; tokens ride in the fragment, which never reaches a server log.

    The role links carry a role code: whoever opens one joins with that role confirmed.
    """
    return {
        "join": f"/j/{code}",
        "facilitate": f"/f/{code}#token={facilitator_token}",
        "screen": f"/s/{code}#token={screen_token_for(code, facilitator_token)}",
        "plan": f"/api/workshops/{code}/plan.json",
        **{
            f"join_{role}": f"/j/{code}#role_code={role_code_for(code, facilitator_token, role)}"
            for role in VERIFIED_ROLES
        },
    }


def role_codes(code: str, facilitator_token: str) -> dict[str, str]:
    return {role: role_code_for(code, facilitator_token, role) for role in VERIFIED_ROLES}


def verified_by_role(workshop_id: int) -> dict[str, int]:
    """How many people of each role the facilitation or a code vouched for."""
    rows = db.session.execute(
        sa.select(Participant.role, sa.func.count())
        .where(
            Participant.workshop_id == workshop_id,
            Participant.role.in_(VERIFIED_ROLES),
            Participant.verified_at.is_not(None),
        )
        .group_by(Participant.role)
    ).all()
    counts = dict(rows)
    return {role: counts.get(role, 0) for role in VERIFIED_ROLES}
