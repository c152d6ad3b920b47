"""The front door: create a workshop, or join one by its code."""

from flask import Blueprint, redirect, render_template, request, url_for

from workshop import services
from workshop.domain.codes import normalize_code
from workshop.domain.commands import CreateWorkshop
from workshop.domain.errors import N_, CocreaError, Invalid
from workshop.i18n import translate
from workshop.views import public_base, qr_of, workshop_page
from workshop.views.api import check_creation_limit

bp = Blueprint("home", __name__)

FORM_FIELDS = (
    "title",
    "municipality",
    "question",
    "votes_per_participant",
    "locale",
    "time_zone",
    "max_votes_per_target",
    "vote_on",
    "results",
    "prioritization",
)
NUMBER_FIELDS = {"votes_per_participant": "3", "max_votes_per_target": ""}


def render_home(form=None, errors=None, join_error: CocreaError | None = None) -> str:
    message = None
    if join_error is not None:
        message = translate(join_error.message, None, **join_error.params)
    return render_template("home.html", form=form or {}, errors=errors or {}, join_error=message)


@bp.get("/")
def index():
    return render_home()


@bp.post("/")
def create():
    form = {name: request.form.get(name, "") for name in FORM_FIELDS}
    check_creation_limit()
    try:
        cmd = CreateWorkshop.parse(
            {
                **{name: value for name, value in form.items() if value},
                **{name: _number(form, name, default) for name, default in NUMBER_FIELDS.items()},
                "locale": form["locale"] or "es",
            }
        )
    except Invalid as error:
        field = str(error.params.get("field", "title"))
        errors = {field: translate(error.message, None, **error.params)}
        return render_home(form=form, errors=errors), 400
    created = services.create_workshop(cmd, translate(N_("Facilitation team"), cmd.locale))
    # POST/redirect/GET: reloading the page that follows creates nothing. The key rides in the
    # fragment, which the browser keeps across the redirect and never sends to a server.
    ready = url_for("home.ready", code=created.code) + f"#token={created.facilitator_token}"
    return redirect(ready, code=303)


@bp.get("/ready/<code>")
def ready(code: str):
    """The page after creating: the code, the QR and, from the fragment's key, the links."""
    join = qr_of(f"{public_base()}/j/{normalize_code(code)}")
    return workshop_page(code, "created.html", join=join), 200, {"Cache-Control": "no-store"}


def _number(form: dict[str, str], name: str, default: str) -> int | None:
    """A number typed in a form field; an empty optional one means "no value"."""
    value = form[name].strip() or default
    if not value:
        return None
    if not value.isdigit():
        raise Invalid(
            N_("%(field)s must be a whole number from %(low)s to %(high)s."),
            field=name,
            low=1,
            high=20,
        )
    return int(value)


@bp.get("/join")
def join_by_code():
    code = services.workshop_by_code(request.args.get("code", "")).code
    return redirect(url_for("participant.join", code=code))
