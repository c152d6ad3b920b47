"""The phone page: join with consent, then take part in the current phase."""

from flask import Blueprint, redirect, url_for

from workshop.domain.codes import normalize_code
from workshop.views import workshop_page

bp = Blueprint("participant", __name__)


@bp.get("/j/<code>")
def join(code: str):
    canonical = normalize_code(code)
    if canonical != code:  # a code typed in lower case still lands on the one page
        return redirect(url_for("participant.join", code=canonical))
    return workshop_page(canonical, "join.html")
