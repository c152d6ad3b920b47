"""The published plan: anyone may read it, on a phone, without a token."""

from flask import Blueprint, g, render_template

from workshop import services
from workshop.domain.errors import N_, NotFound

bp = Blueprint("published", __name__)


@bp.get("/p/<code>")
@bp.get("/p/<code>/v/<int:number>")
def plan(code: str, number: int | None = None):
    workshop = services.workshop_by_code(code)
    g.locale = workshop.locale
    plan = services.published_plan(workshop, number)
    if plan is None:
        raise NotFound(N_("This workshop has not published its plan yet."))
    return render_template(
        "published.html",
        workshop=services.workshop_payload(workshop),
        plan=plan,
        versions=services.plan_versions(workshop),
    )
