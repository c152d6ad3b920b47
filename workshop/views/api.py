"""The JSON API of PROTOCOL.md: create, join, snapshot, links and the plan."""

from flask import Blueprint, Response, current_app, request
from werkzeug.exceptions import HTTPException

from workshop import services
from workshop.domain.commands import CreateWorkshop, Join
from workshop.domain.errors import (
    N_,
    CocreaError,
    Forbidden,
    Invalid,
    NotFound,
    RateLimited,
    Unauthorized,
    WrongPin,
)
from workshop.domain.limits import Cooldown, SlidingWindowLimit
from workshop.domain.plan import download_name, plan_digest
from workshop.export import EXPORTS, Export
from workshop.export.renders import Renders, in_place
from workshop.extensions import db
from workshop.i18n import error_body, retry_after_header, translate
from workshop.realtime import live
from workshop.views import CodeGuesses, absolute

bp = Blueprint("api", __name__, url_prefix="/api")


class Limits:
    joins = SlidingWindowLimit(3000, 60.0)
    joins_per_address = SlidingWindowLimit(600, 60.0)
    wrong_pins = SlidingWindowLimit(20, 600.0)
    pin_barred = Cooldown()
    creations = SlidingWindowLimit(30, 600.0)
    downloads = SlidingWindowLimit(120, 60.0)


def check_creation_limit() -> None:
    """Creating workshops is open to anyone; one address cannot fill the database with them."""
    Limits.creations.hit(request.remote_addr)


def error_response(error: CocreaError, locale: str | None = None):
    return error_body(error, locale), error.http_status, retry_after_header(error)


def request_locale() -> str | None:
    """The language of the workshop this request is about, if the URL names one."""
    code = (request.view_args or {}).get("code")
    if code is None:
        return None
    try:
        return services.workshop_by_code(code).locale
    except CocreaError:
        return None


@bp.errorhandler(CocreaError)
def on_error(error: CocreaError):
    if isinstance(error, NotFound) and request.view_args and "code" in request.view_args:
        CodeGuesses.missed(request.remote_addr)  # an unknown code: one guess more
    return error_response(error, request_locale())


def http_error(error: HTTPException):
    """Routing errors under /api/ get the protocol's error shape too, not an HTML page."""
    known = {
        404: NotFound(N_("Nothing here.")),
        405: Invalid(N_("Method not allowed.")),
        413: Invalid(N_("The request is too large.")),
    }
    problem = known.get(error.code or 400, Invalid())
    return error_body(problem, None), error.code


def _json() -> dict:
    try:
        body = request.get_json(silent=True)
    except RecursionError:  # thousands of nested brackets: no field of ours nests at all
        body = None
    if not isinstance(body, dict):
        raise Invalid(N_("The body must be a JSON object."))
    return body


def _bearer_actor(code: str) -> services.Actor:
    services.workshop_by_code(code)  # an unknown code is not_found, whoever asks
    header = request.headers.get("Authorization", "")
    scheme, _, token = header.partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        raise Unauthorized(N_("Send the workshop token as Authorization: Bearer <token>."))
    return services.authenticate(code, token.strip())


@bp.post("/workshops")
def create_workshop():
    check_creation_limit()
    cmd = CreateWorkshop.parse(_json())
    created = services.create_workshop(cmd, translate(N_("Facilitation team"), cmd.locale))
    links = services.workshop_links(created.code, created.facilitator_token)
    return {
        "ok": True,
        "code": created.code,
        "facilitator_token": created.facilitator_token,
        "links": absolute(links),
    }, 201


@bp.post("/workshops/<code>/participants")
def join_workshop(code: str):
    workshop = services.workshop_by_code(code)
    address = (workshop.code, request.remote_addr)
    try:
        if Limits.pin_barred.barred(address):
            raise RateLimited()
        # One address first: a script behind it must not spend the whole hall's joins.
        Limits.joins_per_address.hit(address)
        Limits.joins.hit(workshop.code)
        joined = services.join(
            workshop.code, Join.parse(_json()), lambda word: translate(word, workshop.locale)
        )
    except WrongPin as error:
        try:
            Limits.wrong_pins.hit(address)
        except RateLimited:  # guessing: this address waits, the hall does not
            Limits.pin_barred.bar(address, Limits.wrong_pins.window_s)
        return error_response(error, workshop.locale)
    except CocreaError as error:
        return error_response(error, workshop.locale)
    live.someone_came_or_went(workshop.id)
    return {
        "ok": True,
        "participant_id": joined.participant_id,
        "token": joined.token,
        "name": joined.name,
        "role": joined.role,
        "verified": joined.verified,
    }, 201


@bp.get("/workshops/<code>")
def snapshot(code: str):
    workshop = services.workshop_by_code(code)
    return services.state_for(None, workshop, live.presence.payload(workshop.id))


@bp.get("/workshops/<code>/links")
def links(code: str):
    actor = _bearer_actor(code)
    if not actor.is_facilitator:
        raise Forbidden()
    token = request.headers["Authorization"].partition(" ")[2].strip()
    links = services.workshop_links(actor.code, token)
    if actor.cofacilitator:
        # The projector's and the role links derive from the first facilitator's token.
        return {"ok": True, "links": absolute({k: links[k] for k in ("join", "plan")})}
    workshop = services.workshop_by_code(code)
    services.store_role_codes(workshop, token)  # workshops from before role codes get them
    db.session.commit()
    return {
        "ok": True,
        "links": absolute(links),
        "role_codes": services.role_codes(actor.code, token),
    }


@bp.get("/workshops/<code>/plan.<fmt>")
def plan(code: str, fmt: str):
    """The draft with a token of the workshop; without one, the published plan anyone may read."""
    version = request.args.get("version", type=int)
    published = version is not None or not request.headers.get("Authorization")
    if published:
        Limits.downloads.hit(request.remote_addr)  # a download loop costs its sender, first
    workshop = services.workshop_by_code(code)
    export = EXPORTS.get(fmt)
    if export is None:
        raise NotFound(N_("The plan is not available in that format yet."))
    if not published:
        actor = _bearer_actor(code)
        if actor.is_screen:
            raise Forbidden(N_("The projector screen only shows; it cannot download the plan."))
        if not actor.is_facilitator:
            Limits.downloads.hit(request.remote_addr)
        draft = services.plan_data(workshop, for_facilitator=actor.is_facilitator)
        if not export.costly:
            return _download(export, export.render(draft), download_name(draft, export.extension))
        document = renders().document(export, plan_digest(draft), lambda: draft)
        return _download(export, document.body, document.filename)

    digest = services.published_digest(workshop, version)
    if digest is None and version is None:
        raise Unauthorized(N_("Send the workshop token as Authorization: Bearer <token>."))
    if digest is None:
        raise NotFound(N_("There is no published version %(n)s of this plan."), n=version)
    # Anyone may keep a published version; asking again with its ETag costs nothing.
    cache = {"ETag": f'"{digest}"', "Cache-Control": "no-cache"}
    if request.if_none_match.contains(digest):
        return Response(status=304, headers=cache)
    if not export.costly:
        data = services.published_plan(workshop, version)
        body = export.render(data)
        return _download(export, body, download_name(data, export.extension), cache)
    document = renders().document(
        export, digest, lambda: services.published_plan(workshop, version) or {}
    )
    return _download(export, document.body, document.filename, cache)


def renders() -> Renders:
    return current_app.extensions["cocrea.renders"]


def _download(export: Export, body: bytes | str, filename: str, headers: dict | None = None):
    attachment = {"Content-Disposition": f'attachment; filename="{filename}"'}
    return Response(body, mimetype=export.mimetype, headers=attachment | (headers or {}))


@bp.after_request
def no_store(response: Response) -> Response:
    # Answers carry tokens and live data: no shared cache should keep them.
    response.headers.setdefault("Cache-Control", "no-store")
    return response


def configure(app) -> None:
    Limits.joins = SlidingWindowLimit(*app.config["RATE_LIMIT_JOINS"])
    Limits.joins_per_address = SlidingWindowLimit(*app.config["RATE_LIMIT_JOINS_PER_ADDRESS"])
    Limits.wrong_pins = SlidingWindowLimit(*app.config["RATE_LIMIT_WRONG_PINS"])
    Limits.pin_barred = Cooldown()
    Limits.creations = SlidingWindowLimit(*app.config["RATE_LIMIT_CREATIONS"])
    Limits.downloads = SlidingWindowLimit(*app.config["RATE_LIMIT_DOWNLOADS"])
    app.extensions["cocrea.renders"] = Renders(off_loop=app.config["OFF_LOOP"] or in_place)
