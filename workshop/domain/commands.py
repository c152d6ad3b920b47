"""Commands as the protocol names them, parsed from untrusted payloads.

Each parser takes whatever JSON arrived and returns a frozen command or raises `Invalid`
with a message that says which field is wrong; nothing else leaves this module.
"""

import re
from dataclasses import dataclass
from datetime import date
from typing import Any

from workshop.domain.codes import ALPHABET as CODE_ALPHABET
from workshop.domain.codes import LENGTH as CODE_LENGTH
from workshop.domain.dates import DEFAULT_TIME_ZONE, is_time_zone
from workshop.domain.errors import N_, Invalid
from workshop.domain.phases import CARD_KINDS, MAX_TIMER_S, TIMER_ACTIONS, check_phase_name
from workshop.domain.text import UNPRINTABLE, shows_something
from workshop.domain.voting import PARTICIPANT_ROLES
from workshop.locales import LOCALES

TEXT_MAX = 500
TITLE_MAX = 120
NAME_MAX = 60
CLIENT_ID_MAX = 64
ID_MAX = 2**31 - 1  # ids are 32-bit integers in every database we run on
CARD_IDS_MAX = 500
DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def _or(value: object, default: object) -> object:
    """An optional field sent as null means the default, as if it were left out."""
    return default if value is None else value


def _payload(raw: object) -> dict[str, Any]:
    if raw is None:
        return {}
    if not isinstance(raw, dict):
        raise Invalid(N_("The payload must be a JSON object."))
    return raw


def _text(value: object, field: str, *, max_len: int, required: bool = True) -> str:
    if value is None and not required:
        return ""
    if not isinstance(value, str):
        raise Invalid(N_("%(field)s must be text."), field=field)
    if UNPRINTABLE.search(value):
        raise Invalid(
            N_("%(field)s contains a control character that cannot be shown."), field=field
        )
    text = value.replace("\r\n", "\n").replace("\r", "\n").strip()
    if not shows_something(text):
        text = ""  # zero-width characters alone: an invisible card, or an invisible name
    if required and not text:
        raise Invalid(N_("%(field)s cannot be empty."), field=field)
    if len(text) > max_len:
        raise Invalid(N_("%(field)s is longer than %(max)s characters."), field=field, max=max_len)
    return text


def _id(value: object, field: str, *, optional: bool = False) -> int | None:
    if value is None and optional:
        return None
    # bool is an int in Python; a JSON true is never an id.
    if not isinstance(value, int) or isinstance(value, bool) or not 1 <= value <= ID_MAX:
        raise Invalid(N_("%(field)s must be a positive whole number."), field=field)
    return value


def _int_in(value: object, field: str, low: int, high: int) -> int:
    if not isinstance(value, int) or isinstance(value, bool) or not low <= value <= high:
        raise Invalid(
            N_("%(field)s must be a whole number from %(low)s to %(high)s."),
            field=field,
            low=low,
            high=high,
        )
    return value


def _client_id(value: object) -> str | None:
    if value is None:
        return None
    if (
        not isinstance(value, str)
        or not 1 <= len(value) <= CLIENT_ID_MAX
        or UNPRINTABLE.search(value)  # PostgreSQL refuses a NUL; no client makes one
    ):
        raise Invalid(N_("client_id must be text of 1 to 64 characters."))
    return value


def _choice(value: object, field: str, choices: tuple[str, ...]) -> str:
    if value not in choices:
        raise Invalid(
            N_("%(field)s must be one of: %(choices)s."), field=field, choices=", ".join(choices)
        )
    return value  # type: ignore[return-value]


VOTE_ON = ("clusters", "cards")
RESULTS = ("live", "hidden")
PRIORITIZATION = ("dots", "matrix", "both")


@dataclass(frozen=True)
class VotingSettings:
    """How a workshop votes; every field None means "leave as it is"."""

    votes_per_participant: int | None = None
    max_votes_per_target: int | None = None
    vote_on: str | None = None
    results: str | None = None
    prioritization: str | None = None
    clear_max_votes_per_target: bool = False

    @classmethod
    def parse(cls, p: dict[str, Any]) -> "VotingSettings":
        cap = p.get("max_votes_per_target")
        return cls(
            votes_per_participant=_optional(
                p, "votes_per_participant", lambda v: _int_in(v, "votes_per_participant", 1, 20)
            ),
            max_votes_per_target=None
            if cap is None
            else _int_in(cap, "max_votes_per_target", 1, 20),
            vote_on=_optional(p, "vote_on", lambda v: _choice(v, "vote_on", VOTE_ON)),
            results=_optional(p, "results", lambda v: _choice(v, "results", RESULTS)),
            prioritization=_optional(
                p, "prioritization", lambda v: _choice(v, "prioritization", PRIORITIZATION)
            ),
            clear_max_votes_per_target="max_votes_per_target" in p and cap is None,
        )

    def changes(self) -> dict[str, Any]:
        fields = {
            name: getattr(self, name)
            for name in (
                "votes_per_participant",
                "max_votes_per_target",
                "vote_on",
                "results",
                "prioritization",
            )
            if getattr(self, name) is not None
        }
        if self.clear_max_votes_per_target:
            fields["max_votes_per_target"] = None
        return fields


def _optional(p: dict[str, Any], field: str, check) -> Any:
    return None if p.get(field) is None else check(p[field])


@dataclass(frozen=True)
class CreateWorkshop:
    title: str
    municipality: str
    question: str
    locale: str
    votes_per_participant: int
    settings: VotingSettings = VotingSettings()
    time_zone: str = DEFAULT_TIME_ZONE

    @classmethod
    def parse(cls, raw: object) -> "CreateWorkshop":
        p = _payload(raw)
        return cls(
            title=_text(p.get("title"), "title", max_len=TITLE_MAX),
            municipality=_text(p.get("municipality"), "municipality", max_len=120, required=False),
            question=_text(p.get("question"), "question", max_len=TEXT_MAX, required=False),
            locale=_choice(_or(p.get("locale"), "es"), "locale", LOCALES),
            votes_per_participant=_int_in(
                _or(p.get("votes_per_participant"), 3), "votes_per_participant", 1, 20
            ),
            settings=VotingSettings.parse(
                {k: v for k, v in p.items() if k != "votes_per_participant"}
            ),
            time_zone=_time_zone(_or(p.get("time_zone"), DEFAULT_TIME_ZONE)),
        )


def _time_zone(value: object) -> str:
    if not is_time_zone(value):
        raise Invalid(
            N_("time_zone must be a time zone name such as America/Guatemala."), field="time_zone"
        )
    return str(value)


JOINING = ("open", "pin", "locked")
PIN_LENGTH = 4


@dataclass(frozen=True)
class Join:
    name: str
    role: str
    role_code: str | None = None
    pin: str | None = None

    @classmethod
    def parse(cls, raw: object) -> "Join":
        p = _payload(raw)
        if p.get("consent") is not True:
            raise Invalid(N_("Please accept the consent notice to take part."))
        role_code = _role_code(p.get("role_code"))
        return cls(
            name=_text(p.get("name"), "name", max_len=NAME_MAX, required=False),
            # With a role code the code says the role; without one, the person does.
            role="citizen"
            if role_code is not None and p.get("role") is None
            else _choice(p.get("role"), "role", PARTICIPANT_ROLES),
            role_code=role_code,
            pin=_pin(p.get("pin")),
        )


def _pin(value: object) -> str | None:
    """The join PIN as typed: digits, spaces forgiven; anything else is simply a wrong PIN."""
    if value is None:
        return None
    if isinstance(value, int) and not isinstance(value, bool):
        value = str(value).zfill(PIN_LENGTH)
    if not isinstance(value, str) or len(value) > 16:
        raise Invalid(N_("Type the PIN shown on the projector."), field="pin")
    return value.replace(" ", "")


@dataclass(frozen=True)
class SetJoining:
    """Open the door, ask for the projector's PIN (a fresh one each time), or close it."""

    joining: str

    @classmethod
    def parse(cls, raw: object) -> "SetJoining":
        return cls(_choice(_payload(raw).get("joining"), "joining", JOINING))


def _role_code(value: object) -> str | None:
    """A role code as people type it: any case, spaces and dashes ignored."""
    if value is None or value == "":
        return None
    code = re.sub(r"[\s-]", "", value).upper() if isinstance(value, str) else ""
    if len(code) != CODE_LENGTH or any(ch not in CODE_ALPHABET for ch in code):
        raise Invalid(N_("A role code has 6 letters and numbers, like K7P2QX."))
    return code


@dataclass(frozen=True)
class ClaimRole:
    role_code: str

    @classmethod
    def parse(cls, raw: object) -> "ClaimRole":
        code = _role_code(_payload(raw).get("role_code"))
        if code is None:
            raise Invalid(N_("A role code has 6 letters and numbers, like K7P2QX."))
        return cls(code)


@dataclass(frozen=True)
class ConfirmRole:
    participant_id: int
    confirmed: bool

    @classmethod
    def parse(cls, raw: object) -> "ConfirmRole":
        p = _payload(raw)
        if not isinstance(p.get("confirmed"), bool):
            raise Invalid(N_("confirmed must be true or false."))
        return cls(_id(p.get("participant_id"), "participant_id"), p["confirmed"])  # type: ignore[arg-type]


@dataclass(frozen=True)
class InviteCofacilitator:
    name: str

    @classmethod
    def parse(cls, raw: object) -> "InviteCofacilitator":
        return cls(_text(_payload(raw).get("name"), "name", max_len=NAME_MAX))


@dataclass(frozen=True)
class RevokeCofacilitator:
    participant_id: int

    @classmethod
    def parse(cls, raw: object) -> "RevokeCofacilitator":
        p = _payload(raw)
        return cls(_id(p.get("participant_id"), "participant_id"))  # type: ignore[arg-type]


@dataclass(frozen=True)
class PostCard:
    kind: str
    text: str
    problem_id: int | None
    client_id: str | None

    @classmethod
    def parse(cls, raw: object) -> "PostCard":
        p = _payload(raw)
        return cls(
            kind=_choice(p.get("kind"), "kind", CARD_KINDS),
            text=_text(p.get("text"), "text", max_len=TEXT_MAX),
            problem_id=_id(p.get("problem_id"), "problem_id", optional=True),
            client_id=_client_id(p.get("client_id")),
        )


# Who wrote a paper note, as far as the facilitation knows: a note may well be anonymous.
PAPER_ROLES = ("citizen", "official", "civil_society", "unknown")
PAPER_NOTES_MAX = 200


@dataclass(frozen=True)
class PostPaperNotes:
    """A hall's paper sticky notes, typed in by the facilitation: one batch, all or nothing."""

    kind: str
    texts: tuple[str, ...]
    problem_id: int | None
    role: str
    client_id: str | None

    @classmethod
    def parse(cls, raw: object) -> "PostPaperNotes":
        p = _payload(raw)
        texts = p.get("texts")
        if not isinstance(texts, list) or not 1 <= len(texts) <= PAPER_NOTES_MAX:
            raise Invalid(N_("texts must be a list of 1 to %(max)s notes."), max=PAPER_NOTES_MAX)
        return cls(
            kind=_choice(p.get("kind"), "kind", CARD_KINDS),
            # Each note is checked like any card; the error names the note (texts[3]).
            texts=tuple(
                _text(text, f"texts[{n}]", max_len=TEXT_MAX) for n, text in enumerate(texts)
            ),
            problem_id=_id(p.get("problem_id"), "problem_id", optional=True),
            role=_choice(p.get("role", "unknown"), "role", PAPER_ROLES),
            client_id=_client_id(p.get("client_id")),
        )


PAPER_DOTS_MAX = 10_000  # more dots than any paper wall holds: a typo, refused


@dataclass(frozen=True)
class SetPaperVotes:
    """The dots one role put on one option of the paper wall, as counted: a new count."""

    card_id: int | None
    cluster_id: int | None
    role: str
    count: int

    @classmethod
    def parse(cls, raw: object) -> "SetPaperVotes":
        p = _payload(raw)
        target = VoteTarget.parse({k: p.get(k) for k in ("card_id", "cluster_id")})
        return cls(
            card_id=target.card_id,
            cluster_id=target.cluster_id,
            role=_choice(p.get("role", "unknown"), "role", PAPER_ROLES),
            count=_int_in(p.get("count"), "count", 0, PAPER_DOTS_MAX),
        )


@dataclass(frozen=True)
class PaperVotesLog:
    @classmethod
    def parse(cls, raw: object) -> "PaperVotesLog":
        _payload(raw)
        return cls()


@dataclass(frozen=True)
class VoteTarget:
    """`cast_vote` and `retract_vote`: exactly one of card_id and cluster_id."""

    card_id: int | None
    cluster_id: int | None
    client_id: str | None

    @classmethod
    def parse(cls, raw: object) -> "VoteTarget":
        p = _payload(raw)
        card_id = _id(p.get("card_id"), "card_id", optional=True)
        cluster_id = _id(p.get("cluster_id"), "cluster_id", optional=True)
        if (card_id is None) == (cluster_id is None):
            raise Invalid(N_("Give either card_id or cluster_id."))
        return cls(card_id=card_id, cluster_id=cluster_id, client_id=_client_id(p.get("client_id")))


@dataclass(frozen=True)
class SetPhase:
    phase: str
    duration_s: int | None

    @classmethod
    def parse(cls, raw: object) -> "SetPhase":
        p = _payload(raw)
        duration = p.get("duration_s")
        return cls(
            phase=check_phase_name(p.get("phase")),
            duration_s=None
            if duration is None
            else _int_in(duration, "duration_s", 1, MAX_TIMER_S),
        )


@dataclass(frozen=True)
class SetTimer:
    action: str
    seconds: int | None

    @classmethod
    def parse(cls, raw: object) -> "SetTimer":
        p = _payload(raw)
        action = _choice(p.get("action"), "action", TIMER_ACTIONS)
        needs = action in ("start", "add")
        seconds = p.get("seconds")
        if needs or seconds is not None:
            seconds = _int_in(seconds, "seconds", 1, MAX_TIMER_S)
        return cls(action, seconds if needs else None)


@dataclass(frozen=True)
class CreateCluster:
    title: str
    card_ids: tuple[int, ...]
    client_id: str | None

    @classmethod
    def parse(cls, raw: object) -> "CreateCluster":
        p = _payload(raw)
        card_ids = p.get("card_ids", [])
        if not isinstance(card_ids, list) or len(card_ids) > CARD_IDS_MAX:
            raise Invalid(N_("card_ids must be a list of card ids."))
        ids = tuple(dict.fromkeys(_id(c, "card_ids") for c in card_ids))
        return cls(
            title=_text(p.get("title"), "title", max_len=TITLE_MAX),
            card_ids=ids,  # type: ignore[arg-type]
            client_id=_client_id(p.get("client_id")),
        )


@dataclass(frozen=True)
class MoveCard:
    card_id: int
    cluster_id: int | None

    @classmethod
    def parse(cls, raw: object) -> "MoveCard":
        p = _payload(raw)
        if "cluster_id" not in p:
            raise Invalid(N_("Give cluster_id (a cluster id, or null to ungroup)."))
        return cls(
            card_id=_id(p.get("card_id"), "card_id"),  # type: ignore[arg-type]
            cluster_id=_id(p.get("cluster_id"), "cluster_id", optional=True),
        )


@dataclass(frozen=True)
class MoveCards:
    """Many cards into one group (or out of any) at once: every card moves, or none does."""

    card_ids: tuple[int, ...]
    cluster_id: int | None
    client_id: str | None

    @classmethod
    def parse(cls, raw: object) -> "MoveCards":
        p = _payload(raw)
        card_ids = p.get("card_ids")
        if not isinstance(card_ids, list) or not 1 <= len(card_ids) <= CARD_IDS_MAX:
            raise Invalid(N_("card_ids must be a list of card ids."))
        if "cluster_id" not in p:
            raise Invalid(N_("Give cluster_id (a cluster id, or null to ungroup)."))
        return cls(
            card_ids=tuple(dict.fromkeys(_id(c, "card_ids") for c in card_ids)),  # type: ignore[misc]
            cluster_id=_id(p.get("cluster_id"), "cluster_id", optional=True),
            client_id=_client_id(p.get("client_id")),
        )


# Why a card was hidden, in words the public record may show; the reason itself stays staff-only.
HIDE_CATEGORIES = ("offensive", "personal_data", "off_topic", "repeated", "other")


@dataclass(frozen=True)
class HideCard:
    card_id: int
    reason: str
    category: str = "other"

    @classmethod
    def parse(cls, raw: object) -> "HideCard":
        p = _payload(raw)
        return cls(
            card_id=_id(p.get("card_id"), "card_id"),  # type: ignore[arg-type]
            reason=_text(p.get("reason"), "reason", max_len=200, required=False),
            category=_choice(_or(p.get("category"), "other"), "category", HIDE_CATEGORIES),
        )


@dataclass(frozen=True)
class EditCard:
    card_id: int
    text: str

    @classmethod
    def parse(cls, raw: object) -> "EditCard":
        p = _payload(raw)
        return cls(
            card_id=_id(p.get("card_id"), "card_id"),  # type: ignore[arg-type]
            text=_text(p.get("text"), "text", max_len=TEXT_MAX),
        )


@dataclass(frozen=True)
class WithdrawCard:
    card_id: int

    @classmethod
    def parse(cls, raw: object) -> "WithdrawCard":
        return cls(_id(_payload(raw).get("card_id"), "card_id"))  # type: ignore[arg-type]


@dataclass(frozen=True)
class UnhideCard:
    card_id: int

    @classmethod
    def parse(cls, raw: object) -> "UnhideCard":
        return cls(_id(_payload(raw).get("card_id"), "card_id"))  # type: ignore[arg-type]


@dataclass(frozen=True)
class HiddenCards:
    @classmethod
    def parse(cls, raw: object) -> "HiddenCards":
        _payload(raw)
        return cls()


COMMITMENT_TEXT_FIELDS = {
    "title": 200,
    "problem": 5000,
    "current_situation": 5000,
    "description": 5000,
    "benefit": 5000,
    "lead": 200,
    "indicators": 5000,
    "budget": 200,
}
OGP_VALUES = ("transparency", "participation", "accountability", "innovation")
ACTOR_KINDS = ("government", "civil_society")
EDITABLE_STATUSES = ("proposed", "agreed")
MILESTONE_FIELDS = {"title": 300, "deliverable": 300, "date": 10, "responsible": 200}
MILESTONES_MAX = 30


def _date(value: object, field: str) -> str | None:
    if value in (None, ""):
        return None
    if not isinstance(value, str) or not DATE.match(value):
        raise Invalid(N_("%(field)s must be a date like 2027-03-31."), field=field)
    try:
        date.fromisoformat(value)
    except ValueError:
        raise Invalid(N_("%(field)s must be a date like 2027-03-31."), field=field) from None
    return value


def _milestones(value: object) -> list[dict[str, str]]:
    if not isinstance(value, list) or len(value) > MILESTONES_MAX:
        raise Invalid(N_("milestones must be a list of at most 30 items."))
    milestones = []
    for item in value:
        if not isinstance(item, dict) or set(item) - set(MILESTONE_FIELDS):
            raise Invalid(
                N_("Each milestone is an object with title, deliverable, date, responsible.")
            )
        milestone = {
            key: _text(item.get(key), f"milestones.{key}", max_len=limit, required=False)
            for key, limit in MILESTONE_FIELDS.items()
        }
        milestone["date"] = _date(milestone["date"], "milestones.date") or ""
        milestones.append(milestone)
    return milestones


def commitment_fields(fields: object) -> dict[str, Any]:
    """The fields of an OGP-style commitment a person may set, each checked."""
    if not isinstance(fields, dict):
        raise Invalid(N_("fields must be an object with the fields to change."))
    parsed: dict[str, Any] = {}
    for key, value in fields.items():
        if key in COMMITMENT_TEXT_FIELDS:
            parsed[key] = _text(
                value, key, max_len=COMMITMENT_TEXT_FIELDS[key], required=key == "title"
            )
        elif key in ("start", "end"):
            parsed[key] = _date(value, key)
        elif key == "milestones":
            parsed[key] = _milestones(value)
        elif key == "values":
            if not isinstance(value, list) or any(v not in OGP_VALUES for v in value):
                raise Invalid(
                    N_("%(field)s must be one of: %(choices)s."),
                    field="values",
                    choices=", ".join(OGP_VALUES),
                )
            parsed[key] = [v for v in OGP_VALUES if v in value]
        elif key == "other_actors":
            if not isinstance(value, dict) or set(value) - set(ACTOR_KINDS):
                raise Invalid(N_("other_actors has government and civil_society."))
            parsed[key] = {
                kind: _text(value.get(kind), kind, max_len=500, required=False)
                for kind in ACTOR_KINDS
            }
        elif key == "status":
            parsed[key] = _choice(value, "status", EDITABLE_STATUSES)
        else:
            raise Invalid(N_("%(field)s is not a field of a commitment."), field=str(key)[:40])
    if parsed.get("start") and parsed.get("end") and parsed["end"] < parsed["start"]:
        raise Invalid(N_("The end date cannot be before the start date."))
    return parsed


@dataclass(frozen=True)
class UpdateCommitment:
    commitment_id: int
    fields: dict[str, Any]
    version: int | None
    base: dict[str, Any] | None = None

    @classmethod
    def parse(cls, raw: object) -> "UpdateCommitment":
        p = _payload(raw)
        fields = commitment_fields(p.get("fields"))
        if not fields:
            raise Invalid(N_("fields must be an object with the fields to change."))
        version = p.get("version")
        base = p.get("base")
        if base is not None and not isinstance(base, dict):
            raise Invalid(N_("base must be an object: the value of each field before editing."))
        return cls(
            commitment_id=_id(p.get("commitment_id"), "commitment_id"),  # type: ignore[arg-type]
            fields=fields,
            version=None if version is None else _int_in(version, "version", 1, 2**31),
            base=base,
        )


@dataclass(frozen=True)
class RestoreField:
    commitment_id: int
    change_id: int
    value: str  # "before" or "after" that change

    @classmethod
    def parse(cls, raw: object) -> "RestoreField":
        p = _payload(raw)
        return cls(
            commitment_id=_id(p.get("commitment_id"), "commitment_id"),  # type: ignore[arg-type]
            change_id=_id(p.get("change_id"), "change_id"),  # type: ignore[arg-type]
            value=_choice(_or(p.get("value"), "before"), "value", ("before", "after")),
        )


@dataclass(frozen=True)
class CommitmentHistory:
    commitment_id: int

    @classmethod
    def parse(cls, raw: object) -> "CommitmentHistory":
        p = _payload(raw)
        return cls(_id(p.get("commitment_id"), "commitment_id"))  # type: ignore[arg-type]


@dataclass(frozen=True)
class AddCommitment:
    fields: dict[str, Any]

    @classmethod
    def parse(cls, raw: object) -> "AddCommitment":
        p = _payload(raw)
        extra = p.get("fields") or {}
        if not isinstance(extra, dict):
            raise Invalid(N_("fields must be an object with the fields to change."))
        fields = commitment_fields({**extra, "title": p.get("title")})
        fields.pop("status", None)
        return cls(fields)


@dataclass(frozen=True)
class MergeCommitments:
    into_commitment_id: int
    commitment_id: int

    @classmethod
    def parse(cls, raw: object) -> "MergeCommitments":
        p = _payload(raw)
        into = _id(p.get("into_commitment_id"), "into_commitment_id")
        other = _id(p.get("commitment_id"), "commitment_id")
        if into == other:
            raise Invalid(N_("Choose two different commitments to merge."))
        return cls(into, other)  # type: ignore[arg-type]


@dataclass(frozen=True)
class DropCommitment:
    commitment_id: int
    reason: str

    @classmethod
    def parse(cls, raw: object) -> "DropCommitment":
        p = _payload(raw)
        return cls(
            commitment_id=_id(p.get("commitment_id"), "commitment_id"),  # type: ignore[arg-type]
            reason=_text(p.get("reason"), "reason", max_len=300),
        )


@dataclass(frozen=True)
class PublishPlan:
    @classmethod
    def parse(cls, raw: object) -> "PublishPlan":
        _payload(raw)
        return cls()


@dataclass(frozen=True)
class Sync:
    last_seq: int

    @classmethod
    def parse(cls, raw: object) -> "Sync":
        p = _payload(raw)
        return cls(last_seq=_int_in(p.get("last_seq"), "last_seq", 0, 2**53))


@dataclass(frozen=True)
class RenameCluster:
    cluster_id: int
    title: str

    @classmethod
    def parse(cls, raw: object) -> "RenameCluster":
        p = _payload(raw)
        return cls(
            cluster_id=_id(p.get("cluster_id"), "cluster_id"),  # type: ignore[arg-type]
            title=_text(p.get("title"), "title", max_len=TITLE_MAX),
        )


@dataclass(frozen=True)
class MergeClusters:
    into_cluster_id: int
    cluster_ids: tuple[int, ...]

    @classmethod
    def parse(cls, raw: object) -> "MergeClusters":
        p = _payload(raw)
        into = _id(p.get("into_cluster_id"), "into_cluster_id")
        others = p.get("cluster_ids")
        if not isinstance(others, list) or not others or len(others) > CARD_IDS_MAX:
            raise Invalid(N_("cluster_ids must be a list of the groups to merge."))
        ids = tuple(dict.fromkeys(i for c in others if (i := _id(c, "cluster_ids")) != into))
        if not ids:
            raise Invalid(N_("Give at least one other group to merge."))
        return cls(into_cluster_id=into, cluster_ids=ids)  # type: ignore[arg-type]


@dataclass(frozen=True)
class DissolveCluster:
    cluster_id: int

    @classmethod
    def parse(cls, raw: object) -> "DissolveCluster":
        p = _payload(raw)
        return cls(cluster_id=_id(p.get("cluster_id"), "cluster_id"))  # type: ignore[arg-type]


@dataclass(frozen=True)
class MarkDuplicate:
    card_id: int
    duplicate_of: int | None

    @classmethod
    def parse(cls, raw: object) -> "MarkDuplicate":
        p = _payload(raw)
        if "duplicate_of" not in p:
            raise Invalid(N_("Give duplicate_of (a card id, or null to unmark)."))
        card_id = _id(p.get("card_id"), "card_id")
        original = _id(p.get("duplicate_of"), "duplicate_of", optional=True)
        if original == card_id:
            raise Invalid(N_("A card cannot be a duplicate of itself."))
        return cls(card_id=card_id, duplicate_of=original)  # type: ignore[arg-type]


@dataclass(frozen=True)
class ProposeGrouping:
    card_id: int
    with_card_id: int
    client_id: str | None

    @classmethod
    def parse(cls, raw: object) -> "ProposeGrouping":
        p = _payload(raw)
        card_id = _id(p.get("card_id"), "card_id")
        with_card_id = _id(p.get("with_card_id"), "with_card_id")
        if card_id == with_card_id:
            raise Invalid(N_("Choose another card to group yours with."))
        return cls(card_id, with_card_id, _client_id(p.get("client_id")))  # type: ignore[arg-type]


@dataclass(frozen=True)
class ResolveProposal:
    proposal_id: int
    accept: bool

    @classmethod
    def parse(cls, raw: object) -> "ResolveProposal":
        p = _payload(raw)
        if not isinstance(p.get("accept"), bool):
            raise Invalid(N_("accept must be true or false."))
        return cls(
            proposal_id=_id(p.get("proposal_id"), "proposal_id"),  # type: ignore[arg-type]
            accept=p["accept"],
        )


@dataclass(frozen=True)
class SuggestClusters:
    @classmethod
    def parse(cls, raw: object) -> "SuggestClusters":
        _payload(raw)
        return cls()


@dataclass(frozen=True)
class UpdateSettings:
    settings: VotingSettings

    @classmethod
    def parse(cls, raw: object) -> "UpdateSettings":
        settings = VotingSettings.parse(_payload(raw))
        if not settings.changes():
            raise Invalid(N_("Give at least one setting to change."))
        return cls(settings)


@dataclass(frozen=True)
class SetScreenResults:
    show: bool

    @classmethod
    def parse(cls, raw: object) -> "SetScreenResults":
        p = _payload(raw)
        if not isinstance(p.get("show"), bool):
            raise Invalid(N_("show must be true or false."))
        return cls(p["show"])


class SetScreenNames(SetScreenResults):
    """Show first names in the projector's lobby, or stop: the same one `show` flag."""


@dataclass(frozen=True)
class SetTimeZone:
    time_zone: str

    @classmethod
    def parse(cls, raw: object) -> "SetTimeZone":
        return cls(_time_zone(_payload(raw).get("time_zone")))


@dataclass(frozen=True)
class RevealResults:
    @classmethod
    def parse(cls, raw: object) -> "RevealResults":
        _payload(raw)
        return cls()


@dataclass(frozen=True)
class RateTarget:
    card_id: int | None
    cluster_id: int | None
    impact: int
    effort: int
    client_id: str | None

    @classmethod
    def parse(cls, raw: object) -> "RateTarget":
        p = _payload(raw)
        target = VoteTarget.parse(p)
        return cls(
            card_id=target.card_id,
            cluster_id=target.cluster_id,
            impact=_int_in(p.get("impact"), "impact", 1, 5),
            effort=_int_in(p.get("effort"), "effort", 1, 5),
            client_id=target.client_id,
        )


RESPONSE_MAX = 1000


@dataclass(frozen=True)
class Respond:
    """The facilitation's answer to a card's author or a theme's: empty text takes it back."""

    card_id: int | None
    cluster_id: int | None
    text: str

    @classmethod
    def parse(cls, raw: object) -> "Respond":
        p = _payload(raw)
        card_id = _id(p.get("card_id"), "card_id", optional=True)
        cluster_id = _id(p.get("cluster_id"), "cluster_id", optional=True)
        if (card_id is None) == (cluster_id is None):
            raise Invalid(N_("Send card_id or cluster_id: the one being answered."))
        text = _text(p.get("text"), "text", max_len=RESPONSE_MAX, required=False)
        return cls(card_id, cluster_id, text)
