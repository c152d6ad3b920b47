"""Socket.IO handlers: who is it, parse, call the service, publish. Nothing more."""

import dataclasses
import logging
from collections.abc import Callable
from typing import Any

from flask import current_app, request
from flask_socketio import ConnectionRefusedError, emit, join_room

from workshop import services, wire
from workshop.domain import commands
from workshop.domain.errors import (
    N_,
    CocreaError,
    Forbidden,
    Invalid,
    NotFound,
    RateLimited,
    Unauthorized,
)
from workshop.domain.limits import Cooldown, SlidingWindowLimit
from workshop.extensions import socketio
from workshop.i18n import LOCALES, error_body
from workshop.realtime import (
    as_sent,
    audience_room,
    delivery_room,
    live,
    participant_room,
    publish,
    workshop_room,
)
from workshop.services import Actor, Outcome
from workshop.views import CodeGuesses

log = logging.getLogger(__name__)


class Limits:
    """Per-person limits of this process, made afresh with each app. The facilitation has
    its own, far larger ones: a phone's pace must never stop the console transcribing a wall."""

    commands = SlidingWindowLimit(40, 10.0)
    cards = SlidingWindowLimit(12, 60.0)
    staff_commands = SlidingWindowLimit(300, 10.0)
    staff_cards = SlidingWindowLimit(300, 60.0)
    # Refusals per connection: a client that keeps sending after "rate_limited" is flooding.
    refusals = SlidingWindowLimit(50, 10.0)
    barred = Cooldown()
    barred_s = 60.0


def configure_limits(app) -> None:
    Limits.commands = SlidingWindowLimit(*app.config["RATE_LIMIT_COMMANDS"])
    Limits.cards = SlidingWindowLimit(*app.config["RATE_LIMIT_CARDS"])
    Limits.staff_commands = SlidingWindowLimit(*app.config["RATE_LIMIT_STAFF_COMMANDS"])
    Limits.staff_cards = SlidingWindowLimit(*app.config["RATE_LIMIT_STAFF_CARDS"])
    Limits.refusals = SlidingWindowLimit(*app.config["FLOOD_REFUSALS"])
    Limits.barred = Cooldown()
    Limits.barred_s = app.config["FLOOD_BARRED_S"]


# Each connection's token, to keep a flooding device out again before any database lookup.
_tokens: dict[str, str] = {}


def limit_of(actor: Actor, name: str) -> SlidingWindowLimit:
    """A participant's limit, or the facilitation's larger one of the same name."""
    return getattr(Limits, f"staff_{name}" if actor.is_facilitator else name)


@socketio.on("connect")
def on_connect(auth: Any = None) -> dict | None:
    if live.presence.actor(request.sid) is not None:
        # A client sent "connect" as an ordinary event on an open connection.
        return error_body(Invalid(N_("Unknown command: %(name)s."), name="connect"), None)
    auth = auth if isinstance(auth, dict) else {}
    token = auth.get("token")
    if isinstance(token, str) and Limits.barred.barred(token):
        raise ConnectionRefusedError("rate_limited")  # flooded a moment ago: costs nothing
    try:
        CodeGuesses.check(request.remote_addr)
        actor = services.authenticate(auth.get("code"), token)
        if auth.get("locale") in LOCALES:  # a phone switched to its own language
            actor = dataclasses.replace(actor, locale=auth["locale"])
    except CocreaError as error:
        if isinstance(error, NotFound):
            CodeGuesses.missed(request.remote_addr)  # guessing codes through the socket too
        raise ConnectionRefusedError(error.code) from None
    join_room(workshop_room(actor.workshop_id))
    join_room(audience_room(actor))
    join_room(delivery_room(actor.workshop_id, auth.get("batches") is True))
    if actor.participant_id is not None:
        join_room(participant_room(actor.participant_id))
    live.presence.add(request.sid, actor)
    _tokens[request.sid] = token
    last_seq = auth.get("last_seq")
    valid_seq = isinstance(last_seq, int) and not isinstance(last_seq, bool) and last_seq >= 0
    catch_up(actor, last_seq if valid_seq else None)
    # After catching up, so that the first thing a device hears is its state or its replay.
    live.someone_came_or_went(actor.workshop_id)
    return None


@socketio.on("disconnect")
def on_disconnect(reason: Any = None) -> dict | None:
    if socketio.server.manager.is_connected(request.sid, "/"):
        # Still connected: a client sent "disconnect" as an ordinary event, not a goodbye.
        return error_body(Invalid(N_("Unknown command: %(name)s."), name="disconnect"), None)
    _tokens.pop(request.sid, None)
    actor = live.presence.remove(request.sid)
    if actor is not None:
        live.someone_came_or_went(actor.workshop_id)
    return None


def catch_up(actor: Actor, last_seq: int | None) -> None:
    """Bring one connection to the present: the missed events if few, else a fresh state."""
    missed = None
    if last_seq is not None:
        missed = services.events_since(actor, last_seq, current_app.config["REPLAY_LIMIT"])
    if missed is None:
        workshop = services.workshop_of(actor)
        state = services.state_for(actor, workshop, live.presence.payload(actor.workshop_id))
        if actor.is_facilitator:
            state["people"] = services.people_of(
                actor.workshop_id, live.presence.connected_ids(actor.workshop_id)
            )
        emit("state", state)
        return
    workshop = services.workshop_of(actor)
    for name, payload in missed:
        emit(name, as_sent(name, payload))
    emit("tally", services.tally_view(workshop, actor))
    emit("presence", live.presence.payload(actor.workshop_id))
    if actor.is_facilitator:  # who came and went while this console was away is not an event
        emit(
            "people",
            services.people_of(actor.workshop_id, live.presence.connected_ids(actor.workshop_id)),
        )
    emit("me", services.me_for(actor))
    if actor.is_facilitator or actor.is_screen:  # not an event: the PIN is never stored in one
        emit("join_pin", {"pin": workshop.join_pin})


def command(
    name: str,
    parse: Callable[[object], Any],
    service: Callable[[Actor, Any], Outcome],
    *,
    limits: tuple[str, ...] = (),
    read_only: bool = False,
) -> None:
    """Register a command: every reply is the ok shape or the protocol's error shape."""

    def handle(*args: Any) -> dict:
        actor = live.presence.actor(request.sid)
        try:
            if actor is None:
                raise Unauthorized()
            if actor.is_screen and not read_only:
                raise Forbidden(N_("The projector screen only shows; it cannot send commands."))
            if actor.cofacilitator and services.is_revoked(actor):
                raise Unauthorized()
            key = (actor.code, actor.participant_id or request.sid)
            for limit in ("commands", *limits):
                limit_of(actor, limit).hit(key)
            outcome = service(actor, parse(args[0] if args else None))
            if outcome.replayed:  # a phone resending its outbox after a reconnect is not flooding
                for limit in ("commands", *limits):
                    limit_of(actor, limit).forget_last(key)
        except RateLimited as error:
            flooded(request.sid)
            return error_body(error, actor.locale if actor else None)
        except CocreaError as error:
            return error_body(error, actor.locale if actor else None)
        except Exception:  # a bug must cost one reply, never the server
            log.exception("command %s failed", name)
            return error_body(
                Invalid(N_("Something went wrong; please try again.")),
                actor.locale if actor else None,
            )
        publish(actor, outcome, request.sid)
        return {"ok": True, **outcome.result}

    handle.__name__ = f"on_{name}"
    socketio.on_event(name, handle)


def flooded(sid: str) -> None:
    """Count a refusal; far past its limit, the connection is closed and its token kept out
    for a while, so that a flood costs its sender and not the hall."""
    try:
        Limits.refusals.hit(sid)
    except RateLimited:
        token = _tokens.get(sid)
        if token:
            Limits.barred.bar(token, Limits.barred_s)
        actor = live.presence.actor(sid)
        log.warning(
            "closed a flooding connection (workshop %s, participant %s)",
            actor.code if actor else "?",
            actor.participant_id if actor else "?",
        )
        socketio.server.disconnect(sid)
        # Let the connection's writer close the socket now, so that the reader stops before
        # the thousands of messages still buffered, rather than after them.
        socketio.sleep(0)


@socketio.on(wire.UNREADABLE)
def on_unreadable(*args: Any) -> dict:
    """A message no field could hold (a number of hundreds of digits, deep nesting)."""
    flooded(request.sid)
    actor = live.presence.actor(request.sid)
    error = Invalid(N_("The message could not be read: a number or a nesting far too large."))
    return error_body(error, actor.locale if actor else None)


@socketio.on("*")
def on_unknown_command(name: Any, *args: Any) -> dict:
    """Answer a command this server does not know, so the client's callback never hangs."""
    flooded(request.sid)  # an unknown command is refused too, and counts as one
    actor = live.presence.actor(request.sid)
    error = Invalid(N_("Unknown command: %(name)s."), name=str(name)[:40])
    return error_body(error, actor.locale if actor else None)


def _sync(actor: Actor, cmd: commands.Sync) -> Outcome:
    catch_up(actor, cmd.last_seq)
    return Outcome({})


command("post_card", commands.PostCard.parse, services.post_card, limits=("cards",))
# One batch of up to 200 paper notes is one command, and costs the facilitation one card.
command(
    "post_paper_notes",
    commands.PostPaperNotes.parse,
    services.post_paper_notes,
    limits=("cards",),
)
# The author's own changes share the posting pace: rewording is no way around the limit.
command("edit_card", commands.EditCard.parse, services.edit_card, limits=("cards",))
command("withdraw_card", commands.WithdrawCard.parse, services.withdraw_card, limits=("cards",))
command("cast_vote", commands.VoteTarget.parse, services.cast_vote)
command("retract_vote", commands.VoteTarget.parse, services.retract_vote)
command("set_phase", commands.SetPhase.parse, services.set_phase)
command("set_timer", commands.SetTimer.parse, services.set_timer)
command("create_cluster", commands.CreateCluster.parse, services.create_cluster)
command("move_card", commands.MoveCard.parse, services.move_card)
command("move_cards", commands.MoveCards.parse, services.move_cards)
command("hide_card", commands.HideCard.parse, services.hide_card)
command("update_commitment", commands.UpdateCommitment.parse, services.update_commitment)
command("rename_cluster", commands.RenameCluster.parse, services.rename_cluster)
command("merge_clusters", commands.MergeClusters.parse, services.merge_clusters)
command("dissolve_cluster", commands.DissolveCluster.parse, services.dissolve_cluster)
command("mark_duplicate", commands.MarkDuplicate.parse, services.mark_duplicate)
command("suggest_clusters", commands.SuggestClusters.parse, services.suggest_clusters)
command("propose_grouping", commands.ProposeGrouping.parse, services.propose_grouping)
command("resolve_proposal", commands.ResolveProposal.parse, services.resolve_proposal)
command("update_settings", commands.UpdateSettings.parse, services.update_settings)
command("reveal_results", commands.RevealResults.parse, services.reveal_results)
command("rate_target", commands.RateTarget.parse, services.rate_target)
command("add_commitment", commands.AddCommitment.parse, services.add_commitment)
command("merge_commitments", commands.MergeCommitments.parse, services.merge_commitments)
command("drop_commitment", commands.DropCommitment.parse, services.drop_commitment)
command("publish_plan", commands.PublishPlan.parse, services.publish_plan)
command("restore_field", commands.RestoreField.parse, services.restore_field)
command("commitment_history", commands.CommitmentHistory.parse, services.commitment_history)
command("unhide_card", commands.UnhideCard.parse, services.unhide_card)
command("hidden_cards", commands.HiddenCards.parse, services.hidden_cards)
command("set_screen_results", commands.SetScreenResults.parse, services.set_screen_results)
command("set_paper_votes", commands.SetPaperVotes.parse, services.set_paper_votes)
command("paper_votes_log", commands.PaperVotesLog.parse, services.paper_votes_log)
command("set_screen_names", commands.SetScreenNames.parse, services.set_screen_names)
command("set_time_zone", commands.SetTimeZone.parse, services.set_time_zone)
command("set_joining", commands.SetJoining.parse, services.set_joining)
command("confirm_role", commands.ConfirmRole.parse, services.confirm_role)
command("claim_role", commands.ClaimRole.parse, services.claim_role)
command("invite_cofacilitator", commands.InviteCofacilitator.parse, services.invite_cofacilitator)
command("revoke_cofacilitator", commands.RevokeCofacilitator.parse, services.revoke_cofacilitator)
command("respond", commands.Respond.parse, services.respond)
command("sync", commands.Sync.parse, _sync, read_only=True)
