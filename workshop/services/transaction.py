"""What every use case shares: who acts, one commit per command, receipts, events and seq.

A command writes its change and the events it causes in one transaction, numbered by the
workshop's seq; the entry points send the events after the commit, so nothing is broadcast
that is not already stored.
"""

from collections.abc import Callable
from contextvars import ContextVar
from dataclasses import dataclass, field
from typing import Any

import sqlalchemy as sa
import sqlalchemy.orm as so
from sqlalchemy.exc import IntegrityError

from workshop.domain.errors import N_, Forbidden, Invalid
from workshop.extensions import db
from workshop.models import CommandReceipt, Event, Workshop
from workshop.services.payloads import workshop_payload

# True from the moment this request asks for the workshop's row lock (the seq's UPDATE) until
# its transaction ends. Every other writer of the workshop waits for that lock, so a server
# that serves many requests on one thread (run.py, eventlet) runs this one's few statements
# straight through, without serving anyone else in between: otherwise the lock stays held
# while the request waits for its turn, and the whole hall queues behind it.
holds_workshop_lock: ContextVar[bool] = ContextVar("holds_workshop_lock", default=False)


@sa.event.listens_for(so.Session, "after_transaction_end")
def _lock_released(_session: so.Session, transaction: so.SessionTransaction) -> None:
    """Commit, rollback or a session closed mid-transaction: the lock is gone either way."""
    if transaction.parent is None:
        holds_workshop_lock.set(False)


@dataclass(frozen=True)
class Actor:
    """Who sent a command: known from the connection's token, never from a payload."""

    workshop_id: int
    code: str
    participant_id: int | None
    role: str
    locale: str
    # A second facilitator, invited by the first: runs the console, but cannot invite others.
    cofacilitator: bool = False

    @property
    def is_facilitator(self) -> bool:
        return self.role == "facilitator"

    @property
    def is_screen(self) -> bool:
        return self.role == "screen"


@dataclass(frozen=True)
class Broadcast:
    """An event for everyone in the workshop, already stored with its seq."""

    name: str
    payload: dict[str, Any]


@dataclass
class Outcome:
    """What a command did: its ack's result, the events to send, what to send afresh."""

    result: dict[str, Any]
    broadcasts: list[Broadcast] = field(default_factory=list)
    tally_changed: bool = False
    # People whose `me` changed (votes left, role confirmed): their phones get it afresh.
    budgets_changed: set[int] = field(default_factory=set)
    replayed: bool = False
    people_changed: bool = False  # the console's people list needs sending again
    presence_changed: bool = False  # the head-count (and the lobby's names) need sending again
    revoked: set[int] = field(default_factory=set)  # people whose connections must close
    # People whose role changed (a role code typed): their open connections act in it now.
    roles_changed: dict[int, str] = field(default_factory=dict)
    # Events only the consoles hear, not stored: what a reconnecting console asks for afresh.
    to_consoles: list[tuple[str, dict[str, Any]]] = field(default_factory=list)
    to_screens: list[tuple[str, dict[str, Any]]] = field(default_factory=list)  # the projector


def commit_once(
    actor: Actor, command: str, client_id: str | None, apply: Callable[[], Outcome]
) -> Outcome:
    """Apply a command and commit; a repeat of the same client_id gets the first answer back."""
    keyed = client_id is not None and actor.participant_id is not None
    if keyed:
        earlier = _receipt(actor, command, client_id)
        if earlier is not None:
            return Outcome(earlier, replayed=True)
    try:
        outcome = apply()
        if keyed:
            db.session.add(
                CommandReceipt(
                    participant_id=actor.participant_id,
                    client_id=client_id,
                    command=command,
                    result=outcome.result,
                )
            )
        db.session.commit()
        return outcome
    except IntegrityError:
        db.session.rollback()
        # The same command arrived twice at once (two tabs, a retry): answer the winner's result.
        earlier = _receipt(actor, command, client_id) if keyed else None
        if earlier is None:
            raise
        return Outcome(earlier, replayed=True)
    except BaseException:
        db.session.rollback()
        raise


def _receipt(actor: Actor, command: str, client_id: str | None) -> dict | None:
    """The answer already given to this client_id, so a retry is never applied twice."""
    receipt = db.session.scalar(
        sa.select(CommandReceipt).where(
            CommandReceipt.participant_id == actor.participant_id,
            CommandReceipt.client_id == client_id,
        )
    )
    if receipt is None:
        return None
    if receipt.command != command:
        raise Invalid(N_("This client_id was already used for another command."))
    return receipt.result


def store_event(actor: Actor, name: str, payload: dict[str, Any]) -> Broadcast:
    """Store an event under the workshop's next seq (the row lock orders concurrent writers)."""
    holds_workshop_lock.set(True)  # from the wait for the lock on: see holds_workshop_lock
    seq = db.session.execute(
        sa.update(Workshop)
        .where(Workshop.id == actor.workshop_id)
        .values(last_seq=Workshop.last_seq + 1)
        .returning(Workshop.last_seq)
    ).scalar_one()
    payload = {"seq": seq, **payload}
    db.session.add(Event(workshop_id=actor.workshop_id, seq=seq, name=name, payload=payload))
    return Broadcast(name, payload)


def workshop_updated(actor: Actor, workshop: Workshop) -> Broadcast:
    """Announce the workshop's settings and phase as they now stand."""
    db.session.flush()
    return store_event(actor, "workshop_updated", {"workshop": workshop_payload(workshop)})


def workshop_of(actor: Actor) -> Workshop:
    """The acting workshop, read afresh: another process may have changed it."""
    workshop = db.session.get(Workshop, actor.workshop_id, populate_existing=True)
    assert workshop is not None
    return workshop


def require_facilitator(actor: Actor) -> None:
    """Only the facilitator runs the workshop."""
    if not actor.is_facilitator:
        raise Forbidden()


def require_not_screen(actor: Actor) -> None:
    """The projector shows; it never acts."""
    if actor.is_screen:
        raise Forbidden(N_("The projector screen only shows; it cannot send commands."))
