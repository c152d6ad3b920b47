"""The phone page: join with consent, then take part in the current phase."""

from flask import (
    Blueprint,
    current_app,
    make_response,
    redirect,
    request,
    send_from_directory,
    url_for,
)

from workshop.domain.codes import normalize_code
from workshop.i18n import device_locale
from workshop.views import workshop_page

A_YEAR = 365 * 24 * 3600

bp = Blueprint("participant", __name__)


@bp.get("/j/sw.js")
def service_worker():
    """Served from /j/ so that it may keep every phone page (/j/CODE) for a reload offline."""
    response = send_from_directory(current_app.static_folder, "js/sw.js", max_age=0)
    response.headers["Cache-Control"] = "no-cache"  # a new version reaches phones at once
    response.headers["Service-Worker-Allowed"] = "/j/"
    return response


@bp.get("/j/<code>")
def join(code: str):
    canonical = normalize_code(code)
    if canonical != code:  # a code typed in lower case still lands on the one page
        return redirect(url_for("participant.join", code=canonical))
    chosen = device_locale()
    response = make_response(workshop_page(canonical, "join.html", locale=chosen))
    if chosen and request.args.get("lang"):  # the phone keeps its own language from now on
        response.set_cookie("lang", chosen, max_age=A_YEAR, samesite="Lax", httponly=True)
    return response
