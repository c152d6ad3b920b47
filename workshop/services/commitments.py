"""The action plan's commitments: drafted from the vote, edited together, merged, set aside."""

import sqlalchemy as sa

from workshop.domain import plan as planning
from workshop.domain.commands import (
    AddCommitment,
    CommitmentHistory,
    DropCommitment,
    MergeCommitments,
    RestoreField,
    UpdateCommitment,
    commitment_fields,
)
from workshop.domain.errors import N_, Closed, Conflict, Forbidden, Invalid, NotFound
from workshop.domain.voting import PARTICIPANT_ROLES, mask_roles, withheld_roles
from workshop.extensions import db
from workshop.i18n import field_label, translate
from workshop.models import Commitment, Workshop, utcnow
from workshop.services.lookups import (
    card_facts,
    commitment_by_id,
    commitments_of,
    person_of,
    visible_cards,
)
from workshop.services.payloads import commitment_payload
from workshop.services.record import change_by_id, changes_of, record
from workshop.services.results import current_results
from workshop.services.transaction import (
    Actor,
    Broadcast,
    Outcome,
    commit_once,
    require_facilitator,
    store_event,
    workshop_of,
)


def update_commitment(actor: Actor, cmd: UpdateCommitment) -> Outcome:
    def apply() -> Outcome:
        # The role as stored now: a code typed a moment ago counts on this very connection.
        person = None if actor.is_facilitator else person_of(actor)
        if not actor.is_facilitator and (person is None or person.role != "official"):
            raise Forbidden(N_("Only the facilitator and officials can edit commitments."))
        if person is not None and person.verified_at is None:
            raise Forbidden(
                N_(
                    "Only officials whose role is confirmed edit commitments. Ask the "
                    "facilitation to confirm you, or type the officials' role code on your "
                    "phone."
                )
            )
        workshop = workshop_of(actor)
        if workshop.phase == "closed" and not actor.is_facilitator:
            raise Closed()
        commitment = commitment_by_id(actor, cmd.commitment_id)
        if cmd.version is not None and cmd.version != commitment.version:
            raise Conflict()
        _check_edit_base(commitment, cmd, actor.locale)
        event = _edit(actor, commitment, cmd.fields)
        return Outcome({"commitment": event.payload["commitment"]}, [event])

    return commit_once(actor, "update_commitment", None, apply)


def restore_field(actor: Actor, cmd: RestoreField) -> Outcome:
    """Put back a value a field had before, from its history: itself a recorded edit."""

    def apply() -> Outcome:
        require_facilitator(actor)
        commitment = commitment_by_id(actor, cmd.commitment_id)
        change = change_by_id(actor.workshop_id, cmd.change_id)
        if (
            change is None
            or change.action != "commitment.edited"
            or (change.subject_type, change.subject_id) != ("commitment", commitment.id)
        ):
            raise NotFound(N_("This commitment has no such change in its history."))
        shown = changes_of(actor.workshop_id, actor.locale, ("commitment", commitment.id))
        value = next(c for c in shown if c["id"] == change.id)[cmd.value]  # hidden words out
        fields = commitment_fields({change.field: value})
        reason = translate(N_("Restored from change %(n)s."), actor.locale) % {"n": change.id}
        event = _edit(actor, commitment, fields, reason=reason)
        return Outcome({"commitment": event.payload["commitment"]}, [event])

    return commit_once(actor, "restore_field", None, apply)


def commitment_history(actor: Actor, cmd: CommitmentHistory) -> Outcome:
    """Every change of one commitment, oldest first: who, when, from what to what."""
    require_facilitator(actor)
    commitment = commitment_by_id(actor, cmd.commitment_id)
    return Outcome(
        {"changes": changes_of(actor.workshop_id, actor.locale, ("commitment", commitment.id))}
    )


def _edit(
    actor: Actor, commitment: Commitment, fields: dict, reason: str | None = None
) -> Broadcast:
    """Change some fields, recording each one that changed, and announce the commitment."""
    if commitment.status == "dropped" and "status" not in fields:
        raise Conflict(N_("This commitment was set aside; restore it before editing."))
    if fields.get("status") and commitment.status == "dropped":
        if not actor.is_facilitator:
            raise Forbidden()
        if commitment.merged_into_id is not None:
            raise Conflict(
                N_("A merged commitment lives on in the one it joined; add a new one instead.")
            )
        commitment.drop_reason, commitment.merged_into_id = None, None
    before = commitment_payload(commitment)
    for name, value in fields.items():
        setattr(commitment, name, value)
    commitment.edited = True  # from now on people own its wording
    if commitment.start and commitment.end and commitment.end < commitment.start:
        raise Invalid(N_("The end date cannot be before the start date."))
    after = commitment_payload(commitment)
    for name in fields:
        if before[name] != after[name]:
            record(
                actor,
                "commitment.edited",
                "commitment",
                commitment.id,
                field=name,
                before=before[name],
                after=after[name],
                reason=reason,
            )
    commitment.version += 1
    commitment.updated_at = utcnow()
    db.session.flush()
    return commitment_updated(actor, commitment)


def _check_edit_base(commitment: Commitment, cmd: UpdateCommitment, locale: str) -> None:
    """Two people editing one field: the second edit, made on an old value, is refused."""
    if not cmd.base:
        return
    current = commitment_payload(commitment)
    changed = [
        field
        for field, seen in cmd.base.items()
        if field in cmd.fields and field in current and current[field] != seen
    ]
    if changed:
        raise Conflict(
            N_(
                "Someone else changed %(fields)s meanwhile; check the new text and apply yours "
                "again."
            ),
            fields=", ".join(field_label(field, locale) for field in changed),
        )


def add_commitment(actor: Actor, cmd: AddCommitment) -> Outcome:
    """A commitment written by hand: the room may agree on something no card said."""

    def apply() -> Outcome:
        require_facilitator(actor)
        position = db.session.scalar(
            sa.select(sa.func.coalesce(sa.func.max(Commitment.position), 0)).where(
                Commitment.workshop_id == actor.workshop_id
            )
        )
        commitment = Commitment(
            workshop_id=actor.workshop_id,
            origin="manual",
            position=position + 1,
            source_card_ids=[],
            votes=0,
            votes_by_role={},
            **({"milestones": []} | cmd.fields),  # milestones may come with it, as any field
        )
        db.session.add(commitment)
        event = commitment_updated(actor, commitment)
        record(actor, "commitment.added", "commitment", commitment.id, after=commitment.title)
        return Outcome({"commitment": event.payload["commitment"]}, [event])

    return commit_once(actor, "add_commitment", None, apply)


def merge_commitments(actor: Actor, cmd: MergeCommitments) -> Outcome:
    """Two commitments become one: the sources join, the other stays on record as merged."""

    def apply() -> Outcome:
        require_facilitator(actor)
        into = commitment_by_id(actor, cmd.into_commitment_id)
        other = commitment_by_id(actor, cmd.commitment_id)
        if "dropped" in (into.status, other.status):
            raise Conflict(N_("Restore a set-aside commitment before merging it."))
        into.source_card_ids = list(dict.fromkeys([*into.source_card_ids, *other.source_card_ids]))
        into.votes += other.votes
        into.votes_by_role = {
            role: None
            if None in (into.votes_by_role.get(role), other.votes_by_role.get(role))
            else (into.votes_by_role.get(role) or 0) + (other.votes_by_role.get(role) or 0)
            for role in PARTICIPANT_ROLES
        }
        # No text quoting the other title is stored: readers name it from merged_into, so a
        # card hidden later never survives in a reason.
        other.status, other.merged_into_id, other.drop_reason = "dropped", into.id, None
        record(actor, "commitment.merged", "commitment", other.id, after={"into": into.id})
        record(actor, "commitment.merged", "commitment", into.id, after={"took_in": other.id})
        events = []
        for commitment in (into, other):
            commitment.version += 1
            commitment.updated_at = utcnow()
            events.append(commitment_updated(actor, commitment))
        return Outcome({"commitment": events[0].payload["commitment"]}, events)

    return commit_once(actor, "merge_commitments", None, apply)


def drop_commitment(actor: Actor, cmd: DropCommitment) -> Outcome:
    """Set a commitment aside; it stays in the plan, with the reason, for the record."""

    def apply() -> Outcome:
        require_facilitator(actor)
        commitment = commitment_by_id(actor, cmd.commitment_id)
        if commitment.status == "dropped":
            raise Conflict(N_("This commitment is already set aside."))
        record(
            actor,
            "commitment.dropped",
            "commitment",
            commitment.id,
            field="status",
            before=commitment.status,
            after="dropped",
            reason=cmd.reason,
        )
        commitment.status, commitment.drop_reason = "dropped", cmd.reason
        commitment.version += 1
        commitment.updated_at = utcnow()
        event = commitment_updated(actor, commitment)
        return Outcome({"commitment": event.payload["commitment"]}, [event])

    return commit_once(actor, "drop_commitment", None, apply)


def draft_commitments(actor: Actor, workshop: Workshop) -> list[Broadcast]:
    """Freeze the votes of existing commitments and draft new ones from the top of the ranking."""
    cards = {c.id: card_facts(c) for c in visible_cards(workshop.id)}
    results = current_results(workshop)
    ranking = results.ranking
    by_key = {r.key: r for r in ranking}
    existing = commitments_of(workshop.id)
    events = []
    withheld = withheld_roles(results.voters_by_role)
    absorbed = {c.merged_into_id for c in existing if c.merged_into_id is not None}
    for commitment in existing:
        if commitment.id in absorbed or commitment.status == "dropped":
            continue  # merged votes are its own now; a set-aside one keeps its record
        if _source_key(commitment) is None:
            continue  # sourced from several loose cards (a dissolved group): nothing to refresh
        ranked = by_key.get(_source_key(commitment))
        votes = ranked.votes if ranked else 0
        by_role = mask_roles(ranked.votes_by_role if ranked else {}, withheld)
        if (votes, by_role) != (commitment.votes, commitment.votes_by_role):
            record(
                actor,
                "commitment.votes_counted",
                "commitment",
                commitment.id,
                field="votes",
                before=commitment.votes,
                after=votes,
            )
            commitment.votes, commitment.votes_by_role = votes, by_role
            events.append(commitment_updated(actor, commitment))
    already = {key for c in existing if (key := _source_key(c)) is not None}
    already |= {("card", card_id) for c in existing for card_id in c.source_card_ids}
    position = len(existing)
    room = workshop.plan_size - sum(1 for c in existing if c.status != "dropped")
    if workshop.prioritization == "matrix":  # no dots: the matrix decides
        scores = {(r["type"], r["id"]): (r["impact"], r["effort"]) for r in results.ratings}
        chosen = planning.choose_for_plan(
            planning.by_matrix(ranking, scores), already, room, eligible=lambda r: True
        )
    else:
        chosen = planning.choose_for_plan(ranking, already, room)
    for target in chosen:
        drafted = planning.draft(target, cards)
        position += 1
        commitment = Commitment(
            workshop_id=workshop.id,
            title=drafted.title,
            problem=drafted.problem,
            description=drafted.description,
            source_cluster_id=drafted.source_cluster_id,
            source_card_ids=list(drafted.source_card_ids),
            position=position,
            milestones=[],
            votes=target.votes,
            votes_by_role=mask_roles(target.votes_by_role, withheld),
        )
        db.session.add(commitment)
        events.append(commitment_updated(actor, commitment))
        record(
            actor,
            "commitment.drafted",
            "commitment",
            commitment.id,
            after={"title": commitment.title, "votes": commitment.votes},
        )
    return events


def _source_key(commitment: Commitment) -> tuple[str, int] | None:
    """The option a commitment was drafted from, if it was one option."""
    if commitment.source_cluster_id is not None:
        return ("cluster", commitment.source_cluster_id)
    if len(commitment.source_card_ids) == 1:
        return ("card", commitment.source_card_ids[0])
    return None


def commitments_from(cluster_ids: list[int]) -> list[Commitment]:
    """The commitments drafted from these groups."""
    return list(
        db.session.scalars(
            sa.select(Commitment)
            .where(Commitment.source_cluster_id.in_(cluster_ids))
            .order_by(Commitment.id)
        )
    )


def forget_hidden_source(actor: Actor) -> list[Broadcast]:
    """No commitment keeps a hidden card's words: drafts nobody has edited are reworded."""
    visible = {c.id: card_facts(c) for c in visible_cards(actor.workshop_id)}
    events = []
    for commitment in commitments_of(actor.workshop_id):
        before = _wording(commitment)
        commitment.source_card_ids = [i for i in commitment.source_card_ids if i in visible]
        if not commitment.edited:
            _redraft(commitment, visible, actor.locale)
        if _wording(commitment) != before:
            commitment.version += 1
            commitment.updated_at = utcnow()
            events.append(commitment_updated(actor, commitment))
            # No before and after here: they would carry the hidden card's words.
            record(actor, "commitment.reworded", "commitment", commitment.id)
    return events


def _wording(commitment: Commitment) -> tuple:
    """What a commitment says, to tell whether rewording changed it."""
    return (
        commitment.title,
        commitment.problem,
        commitment.description,
        tuple(commitment.source_card_ids),
    )


def _redraft(commitment: Commitment, visible: dict[int, planning.CardFacts], locale: str) -> None:
    """Word an untouched draft again from the source cards that are still visible."""
    sources = commitment.source_card_ids
    if commitment.source_cluster_id is not None:
        title = commitment.title  # the group's title, which no hide changes
    elif sources:
        title = visible[sources[0]].text
    else:
        title = translate(N_("Commitment to reword"), locale)
    target = planning.Ranked("card", 0, title, 0, {}, tuple(sources))
    drafted = planning.draft(target, visible)
    commitment.title, commitment.problem, commitment.description = (
        drafted.title,
        drafted.problem,
        drafted.description,
    )


def commitment_updated(actor: Actor, commitment: Commitment) -> Broadcast:
    """Announce a commitment as it now stands."""
    db.session.flush()
    return store_event(actor, "commitment_updated", {"commitment": commitment_payload(commitment)})
