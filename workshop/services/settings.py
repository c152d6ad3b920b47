"""Workshop settings the facilitator switches at any moment: what the projector shows, and the
workshop's time zone. Each change is recorded and reaches every screen at once."""

from typing import Any

from workshop.domain.codes import new_join_pin
from workshop.domain.commands import SetJoining, SetScreenNames, SetScreenResults, SetTimeZone
from workshop.services.payloads import workshop_payload
from workshop.services.record import record
from workshop.services.transaction import (
    Actor,
    Outcome,
    commit_once,
    require_facilitator,
    workshop_of,
    workshop_updated,
)


def set_screen_results(actor: Actor, cmd: SetScreenResults) -> Outcome:
    """Let the projector show results that phones do not see yet, or stop it again."""
    return _change(actor, "set_screen_results", "screen_results", cmd.show, tally_changed=True)


def set_screen_names(actor: Actor, cmd: SetScreenNames) -> Outcome:
    """Let the projector's lobby greet people by first name, or stop it (names leave at once)."""
    return _change(actor, "set_screen_names", "screen_names", cmd.show, presence_changed=True)


def set_time_zone(actor: Actor, cmd: SetTimeZone) -> Outcome:
    """The hall's clock: dates on every screen and in every export are written in it."""
    return _change(actor, "set_time_zone", "time_zone", cmd.time_zone)


def set_joining(actor: Actor, cmd: SetJoining) -> Outcome:
    """Open the door, ask for a PIN (a fresh one each time: a leaked PIN is replaced by asking
    again), or close it to newcomers; everyone already in stays in."""

    def apply() -> Outcome:
        require_facilitator(actor)
        workshop = workshop_of(actor)
        if workshop.joining == cmd.joining and cmd.joining != "pin":
            return Outcome({"workshop": workshop_payload(workshop)})
        if workshop.joining != cmd.joining:  # the PIN itself stays out of the public record
            record(
                actor,
                "settings.changed",
                "workshop",
                workshop.id,
                field="joining",
                before=workshop.joining,
                after=cmd.joining,
            )
        workshop.joining = cmd.joining
        workshop.join_pin = new_join_pin() if cmd.joining == "pin" else None
        event = workshop_updated(actor, workshop)
        pin = {"pin": workshop.join_pin}
        return Outcome(
            {"workshop": event.payload["workshop"], **pin},
            [event],
            to_consoles=[("join_pin", pin)],
            to_screens=[("join_pin", pin)],
        )

    return commit_once(actor, "set_joining", None, apply)


def _change(actor: Actor, command: str, field: str, value: Any, **also: bool) -> Outcome:
    def apply() -> Outcome:
        require_facilitator(actor)
        workshop = workshop_of(actor)
        before = getattr(workshop, field)
        if before == value:
            return Outcome({"workshop": workshop_payload(workshop)})
        record(
            actor,
            "settings.changed",
            "workshop",
            workshop.id,
            field=field,
            before=before,
            after=value,
        )
        setattr(workshop, field, value)
        event = workshop_updated(actor, workshop)
        return Outcome({"workshop": event.payload["workshop"]}, [event], **also)

    return commit_once(actor, command, None, apply)
