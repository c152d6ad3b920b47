"""Typed SQLAlchemy models: what a workshop keeps, every step of the way."""

from datetime import UTC, datetime
from typing import Any

import sqlalchemy as sa
import sqlalchemy.orm as so

from workshop.domain.dates import DEFAULT_TIME_ZONE
from workshop.extensions import db


def utcnow() -> datetime:
    return datetime.now(UTC)


class UTCDateTime(sa.types.TypeDecorator):
    """Store naive UTC, return aware UTC, so SQLite and PostgreSQL behave alike."""

    impl = sa.DateTime
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: sa.Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given; use an aware UTC datetime")
        return value.astimezone(UTC).replace(tzinfo=None)

    def process_result_value(self, value: datetime | None, dialect: sa.Dialect) -> datetime | None:
        return None if value is None else value.replace(tzinfo=UTC)


class Workshop(db.Model):
    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    code: so.Mapped[str] = so.mapped_column(sa.String(6), unique=True)
    title: so.Mapped[str] = so.mapped_column(sa.String(120))
    municipality: so.Mapped[str] = so.mapped_column(sa.String(120), default="")
    question: so.Mapped[str] = so.mapped_column(sa.String(500), default="")
    locale: so.Mapped[str] = so.mapped_column(sa.String(5), default="es")
    # The hall's clock (an IANA name): every date people read is written in it.
    time_zone: so.Mapped[str] = so.mapped_column(sa.String(64), default=DEFAULT_TIME_ZONE)
    phase: so.Mapped[str] = so.mapped_column(sa.String(16), default="lobby")
    phase_ends_at: so.Mapped[datetime | None] = so.mapped_column(UTCDateTime)
    # While the timer is paused: the seconds it had left (phase_ends_at is then empty).
    timer_paused_s: so.Mapped[int | None] = so.mapped_column(sa.Integer)
    votes_per_participant: so.Mapped[int] = so.mapped_column(default=3)
    # None: one person may put all their votes on one option.
    max_votes_per_target: so.Mapped[int | None]
    vote_on: so.Mapped[str] = so.mapped_column(sa.String(16), default="clusters")
    results: so.Mapped[str] = so.mapped_column(sa.String(16), default="live")
    results_revealed: so.Mapped[bool] = so.mapped_column(default=False)
    prioritization: so.Mapped[str] = so.mapped_column(sa.String(16), default="dots")
    # The ranking as it stood when the vote closed; None while the vote is open or never held.
    frozen_ranking: so.Mapped[list[dict[str, Any]] | None] = so.mapped_column(sa.JSON)
    plan_size: so.Mapped[int] = so.mapped_column(default=5)
    # The seq of the workshop's latest event; bumped in the same transaction as the change.
    last_seq: so.Mapped[int] = so.mapped_column(default=0)
    screen_token_hash: so.Mapped[str] = so.mapped_column(sa.String(64))
    # Whether the projector shows results the facilitator keeps hidden from phones.
    screen_results: so.Mapped[bool] = so.mapped_column(default=False)
    # Whether the projector's lobby greets people by their first name as they arrive.
    screen_names: so.Mapped[bool] = so.mapped_column(default=False)
    # Who may join: "open", "pin" (with the PIN the projector shows) or "locked" (no one new).
    joining: so.Mapped[str] = so.mapped_column(sa.String(8), default="open")
    # Shown in the hall, on the projector and the consoles: not a secret beyond its walls.
    join_pin: so.Mapped[str | None] = so.mapped_column(sa.String(8))
    # Hashes of the short codes that verify an official or a civil-society member on joining.
    official_code_hash: so.Mapped[str | None] = so.mapped_column(sa.String(64))
    civil_society_code_hash: so.Mapped[str | None] = so.mapped_column(sa.String(64))
    created_at: so.Mapped[datetime] = so.mapped_column(UTCDateTime, default=utcnow)

    participants: so.WriteOnlyMapped["Participant"] = so.relationship(back_populates="workshop")


class Participant(db.Model):
    """A person in the room, or the facilitator (role `facilitator`), known by a token."""

    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    workshop_id: so.Mapped[int] = so.mapped_column(sa.ForeignKey("workshop.id"), index=True)
    name: so.Mapped[str] = so.mapped_column(sa.String(60))
    role: so.Mapped[str] = so.mapped_column(sa.String(16))
    token_hash: so.Mapped[str] = so.mapped_column(sa.String(64), unique=True)
    # Counter guarded by a conditional UPDATE, so the vote budget holds under concurrency.
    votes_used: so.Mapped[int] = so.mapped_column(default=0)
    created_at: so.Mapped[datetime] = so.mapped_column(UTCDateTime, default=utcnow)
    # An official or civil-society role is self-declared until the facilitation confirms it.
    verified_at: so.Mapped[datetime | None] = so.mapped_column(UTCDateTime)
    verified_by_id: so.Mapped[int | None] = so.mapped_column(sa.ForeignKey("participant.id"))
    # A co-facilitator was invited by the facilitator; revoking ends their token.
    invited_by_id: so.Mapped[int | None] = so.mapped_column(sa.ForeignKey("participant.id"))
    revoked_at: so.Mapped[datetime | None] = so.mapped_column(UTCDateTime)

    workshop: so.Mapped[Workshop] = so.relationship(back_populates="participants")

    __table_args__ = (sa.CheckConstraint("votes_used >= 0", name="votes_used_not_negative"),)


class Cluster(db.Model):
    """A theme on the wall; merged or dissolved groups are kept, marked removed, for the record."""

    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    workshop_id: so.Mapped[int] = so.mapped_column(sa.ForeignKey("workshop.id"), index=True)
    title: so.Mapped[str] = so.mapped_column(sa.String(120))
    created_at: so.Mapped[datetime] = so.mapped_column(UTCDateTime, default=utcnow)
    removed_at: so.Mapped[datetime | None] = so.mapped_column(UTCDateTime)
    # The facilitation's answer to the theme's authors: why it was or was not taken up.
    response: so.Mapped[str | None] = so.mapped_column(sa.Text)


class Card(db.Model):
    """A problem or an idea as its author wrote it; hiding keeps it for audit."""

    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    workshop_id: so.Mapped[int] = so.mapped_column(sa.ForeignKey("workshop.id"), index=True)
    author_id: so.Mapped[int] = so.mapped_column(sa.ForeignKey("participant.id"), index=True)
    kind: so.Mapped[str] = so.mapped_column(sa.String(16))
    text: so.Mapped[str] = so.mapped_column(sa.Text)
    problem_id: so.Mapped[int | None] = so.mapped_column(sa.ForeignKey("card.id"))
    cluster_id: so.Mapped[int | None] = so.mapped_column(sa.ForeignKey("cluster.id"), index=True)
    # The card that said the same first; a duplicate follows its original around the wall.
    duplicate_of_id: so.Mapped[int | None] = so.mapped_column(sa.ForeignKey("card.id"))
    hidden_at: so.Mapped[datetime | None] = so.mapped_column(UTCDateTime)
    hidden_reason: so.Mapped[str | None] = so.mapped_column(sa.String(200))
    # Why, in a word the public record may show: the reason itself stays with the staff.
    hidden_category: so.Mapped[str | None] = so.mapped_column(sa.String(24))
    created_at: so.Mapped[datetime] = so.mapped_column(UTCDateTime, default=utcnow)
    # The facilitation's answer to the author: why it was or was not taken up.
    response: so.Mapped[str | None] = so.mapped_column(sa.Text)
    # A paper note typed in by the facilitation (author_id is whoever typed it), and the role
    # of the person who wrote it on paper, if known (citizen, official, civil_society, unknown).
    on_paper: so.Mapped[bool] = so.mapped_column(default=False)
    paper_role: so.Mapped[str | None] = so.mapped_column(sa.String(16))

    author: so.Mapped[Participant] = so.relationship()


class Vote(db.Model):
    """One dot on one target: a card or a cluster, never both."""

    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    workshop_id: so.Mapped[int] = so.mapped_column(sa.ForeignKey("workshop.id"), index=True)
    participant_id: so.Mapped[int] = so.mapped_column(sa.ForeignKey("participant.id"), index=True)
    card_id: so.Mapped[int | None] = so.mapped_column(sa.ForeignKey("card.id"))
    cluster_id: so.Mapped[int | None] = so.mapped_column(sa.ForeignKey("cluster.id"))
    created_at: so.Mapped[datetime] = so.mapped_column(UTCDateTime, default=utcnow)

    __table_args__ = (
        sa.CheckConstraint("(card_id IS NULL) <> (cluster_id IS NULL)", name="exactly_one_target"),
    )


class PaperVote(db.Model):
    """One entry of the paper wall's dots for an option and a role, as a polling booth's
    recount log: who entered it, when, and the count it replaced. The newest entry counts."""

    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    workshop_id: so.Mapped[int] = so.mapped_column(sa.ForeignKey("workshop.id"), index=True)
    card_id: so.Mapped[int | None] = so.mapped_column(sa.ForeignKey("card.id"))
    cluster_id: so.Mapped[int | None] = so.mapped_column(sa.ForeignKey("cluster.id"))
    role: so.Mapped[str] = so.mapped_column(sa.String(16))
    count: so.Mapped[int] = so.mapped_column()
    previous: so.Mapped[int] = so.mapped_column(default=0)
    entered_by_id: so.Mapped[int] = so.mapped_column(sa.ForeignKey("participant.id"))
    entered_at: so.Mapped[datetime] = so.mapped_column(UTCDateTime, default=utcnow)

    entered_by: so.Mapped[Participant] = so.relationship()

    __table_args__ = (
        sa.CheckConstraint("(card_id IS NULL) <> (cluster_id IS NULL)", name="paper_one_target"),
        sa.CheckConstraint("count >= 0", name="paper_count_not_negative"),
    )


class Rating(db.Model):
    """One person's impact and effort scores for one option; rating again replaces them."""

    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    workshop_id: so.Mapped[int] = so.mapped_column(sa.ForeignKey("workshop.id"), index=True)
    participant_id: so.Mapped[int] = so.mapped_column(sa.ForeignKey("participant.id"))
    # "card:7" or "cluster:3": one key, so the database can keep one rating per person and option.
    target_key: so.Mapped[str] = so.mapped_column(sa.String(24))
    impact: so.Mapped[int]
    effort: so.Mapped[int]
    updated_at: so.Mapped[datetime] = so.mapped_column(UTCDateTime, default=utcnow)

    __table_args__ = (
        sa.UniqueConstraint("participant_id", "target_key", name="uq_rating_participant_target"),
        sa.CheckConstraint("impact BETWEEN 1 AND 5", name="impact_1_to_5"),
        sa.CheckConstraint("effort BETWEEN 1 AND 5", name="effort_1_to_5"),
    )


class Commitment(db.Model):
    """A draft commitment of the municipal action plan, traced to its source ideas."""

    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    workshop_id: so.Mapped[int] = so.mapped_column(sa.ForeignKey("workshop.id"), index=True)
    title: so.Mapped[str] = so.mapped_column(sa.String(200))
    problem: so.Mapped[str] = so.mapped_column(sa.Text, default="")
    current_situation: so.Mapped[str] = so.mapped_column(sa.Text, default="")
    description: so.Mapped[str] = so.mapped_column(sa.Text, default="")
    benefit: so.Mapped[str] = so.mapped_column(sa.Text, default="")
    # Open Government Partnership values: transparency, participation, accountability, innovation
    values: so.Mapped[list[str]] = so.mapped_column(sa.JSON, default=list)
    lead: so.Mapped[str] = so.mapped_column(sa.String(200), default="")
    other_actors: so.Mapped[dict[str, str]] = so.mapped_column(sa.JSON, default=dict)
    indicators: so.Mapped[str] = so.mapped_column(sa.Text, default="")
    budget: so.Mapped[str] = so.mapped_column(sa.String(200), default="")
    status: so.Mapped[str] = so.mapped_column(sa.String(16), default="proposed")
    drop_reason: so.Mapped[str | None] = so.mapped_column(sa.String(300))
    origin: so.Mapped[str] = so.mapped_column(sa.String(16), default="drafted")
    merged_into_id: so.Mapped[int | None] = so.mapped_column(sa.ForeignKey("commitment.id"))
    start: so.Mapped[str | None] = so.mapped_column(sa.String(10))
    end: so.Mapped[str | None] = so.mapped_column(sa.String(10))
    milestones: so.Mapped[list[dict[str, Any]]] = so.mapped_column(sa.JSON, default=list)
    source_cluster_id: so.Mapped[int | None] = so.mapped_column(sa.ForeignKey("cluster.id"))
    source_card_ids: so.Mapped[list[int]] = so.mapped_column(sa.JSON, default=list)
    # The votes of its source when the vote closed, kept so every client sees the same figure.
    votes: so.Mapped[int] = so.mapped_column(default=0)
    votes_by_role: so.Mapped[dict[str, int]] = so.mapped_column(sa.JSON, default=dict)
    position: so.Mapped[int] = so.mapped_column(default=0)
    version: so.Mapped[int] = so.mapped_column(default=1)
    # Set by the first human edit; until then the server may reword the draft.
    edited: so.Mapped[bool] = so.mapped_column(default=False)
    created_at: so.Mapped[datetime] = so.mapped_column(UTCDateTime, default=utcnow)
    updated_at: so.Mapped[datetime] = so.mapped_column(UTCDateTime, default=utcnow)


class Proposal(db.Model):
    """A participant's suggestion that their card belongs with another one."""

    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    workshop_id: so.Mapped[int] = so.mapped_column(sa.ForeignKey("workshop.id"), index=True)
    participant_id: so.Mapped[int] = so.mapped_column(sa.ForeignKey("participant.id"))
    card_id: so.Mapped[int] = so.mapped_column(sa.ForeignKey("card.id"))
    with_card_id: so.Mapped[int] = so.mapped_column(sa.ForeignKey("card.id"))
    status: so.Mapped[str] = so.mapped_column(sa.String(16), default="pending")
    created_at: so.Mapped[datetime] = so.mapped_column(UTCDateTime, default=utcnow)
    resolved_at: so.Mapped[datetime | None] = so.mapped_column(UTCDateTime)

    author: so.Mapped[Participant] = so.relationship()


class PlanVersion(db.Model):
    """A published plan, frozen as it was: anyone may read it, later edits make the next one."""

    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    workshop_id: so.Mapped[int] = so.mapped_column(sa.ForeignKey("workshop.id"))
    number: so.Mapped[int]
    plan: so.Mapped[dict[str, Any]] = so.mapped_column(sa.JSON)
    published_at: so.Mapped[datetime] = so.mapped_column(UTCDateTime, default=utcnow)
    # plan_digest(plan), kept with it: the rendered documents are found by it without reading
    # the plan (null for versions from before 0012 until first asked for).
    digest: so.Mapped[str | None] = so.mapped_column(sa.String(64))

    __table_args__ = (
        sa.UniqueConstraint("workshop_id", "number", name="uq_planversion_workshop_number"),
    )


class Event(db.Model):
    """A broadcast as it was sent, kept so a reconnecting client can catch up by seq."""

    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    workshop_id: so.Mapped[int] = so.mapped_column(sa.ForeignKey("workshop.id"))
    seq: so.Mapped[int]
    name: so.Mapped[str] = so.mapped_column(sa.String(32))
    payload: so.Mapped[dict[str, Any]] = so.mapped_column(sa.JSON)
    created_at: so.Mapped[datetime] = so.mapped_column(UTCDateTime, default=utcnow)

    __table_args__ = (sa.UniqueConstraint("workshop_id", "seq", name="uq_event_workshop_seq"),)


class Change(db.Model):
    """One change of the workshop, who made it and what it was before: never edited, never
    deleted (the database refuses both), so the plan can always show how it came to be."""

    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    workshop_id: so.Mapped[int] = so.mapped_column(sa.ForeignKey("workshop.id"), index=True)
    at: so.Mapped[datetime] = so.mapped_column(UTCDateTime, default=utcnow)
    actor_id: so.Mapped[int | None] = so.mapped_column(sa.ForeignKey("participant.id"))
    actor_name: so.Mapped[str] = so.mapped_column(sa.String(60))
    actor_role: so.Mapped[str] = so.mapped_column(sa.String(16))
    action: so.Mapped[str] = so.mapped_column(sa.String(32))
    subject_type: so.Mapped[str] = so.mapped_column(sa.String(16))
    subject_id: so.Mapped[int | None]
    field: so.Mapped[str | None] = so.mapped_column(sa.String(32))
    before: so.Mapped[Any] = so.mapped_column(sa.JSON, nullable=True)
    after: so.Mapped[Any] = so.mapped_column(sa.JSON, nullable=True)
    reason: so.Mapped[str | None] = so.mapped_column(sa.String(300))

    __table_args__ = (sa.Index("ix_change_subject", "workshop_id", "subject_type", "subject_id"),)


class CommandReceipt(db.Model):
    """The result of a command with a client_id, so a repeat is answered, not re-applied."""

    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    participant_id: so.Mapped[int] = so.mapped_column(sa.ForeignKey("participant.id"))
    client_id: so.Mapped[str] = so.mapped_column(sa.String(64))
    command: so.Mapped[str] = so.mapped_column(sa.String(32))
    result: so.Mapped[dict[str, Any]] = so.mapped_column(sa.JSON)
    created_at: so.Mapped[datetime] = so.mapped_column(UTCDateTime, default=utcnow)

    __table_args__ = (
        sa.UniqueConstraint("participant_id", "client_id", name="uq_receipt_participant_client"),
    )
