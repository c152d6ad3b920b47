"""Creating a workshop, joining it, and the tokens that say who is who."""

import hashlib
import hmac
import secrets
from collections.abc import Callable
from dataclasses import dataclass

import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError

from workshop.domain.codes import generate_code, normalize_code
from workshop.domain.commands import CreateWorkshop, Join
from workshop.domain.errors import Closed, NotFound, Unauthorized
from workshop.domain.names import pseudonym_word
from workshop.extensions import db
from workshop.models import Participant, Workshop
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


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def screen_token_for(code: str, facilitator_token: str) -> str:
    """Derive the projector's token from the facilitator's, so it never needs storing in clear."""
    digest = hmac.new(facilitator_token.encode(), f"screen:{code}".encode(), hashlib.sha256)
    return digest.hexdigest()[:40]


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
            votes_per_participant=cmd.votes_per_participant,
            screen_token_hash=hash_token(screen_token),
            **cmd.settings.changes(),
        )
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
    token = secrets.token_urlsafe(32)
    participant = Participant(
        workshop_id=workshop.id, name=cmd.name, role=cmd.role, token_hash=hash_token(token)
    )
    db.session.add(participant)
    db.session.flush()
    if not participant.name:
        participant.name = f"{translate(pseudonym_word(participant.id))} {participant.id}"
    db.session.commit()
    return Joined(participant.id, token, participant.name, participant.role)


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
    if participant is None:
        raise Unauthorized()
    return Actor(workshop.id, workshop.code, participant.id, participant.role, workshop.locale)


def workshop_links(code: str, facilitator_token: str) -> dict[str, str]:
    """The workshop's link paths; tokens ride in the fragment, which never reaches a server log."""
    return {
        "join": f"/j/{code}",
        "facilitate": f"/f/{code}#token={facilitator_token}",
        "screen": f"/s/{code}#token={screen_token_for(code, facilitator_token)}",
        "plan": f"/api/workshops/{code}/plan.json",
    }
