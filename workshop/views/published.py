"""The published plan: anyone may read it, on a phone, without a token."""

from flask import Blueprint, g, render_template

from workshop import services
from workshop.domain.errors import N_, NotFound
from workshop.export import changes
from workshop.export.labels import in_words_of, withheld_notes, withheld_words
from workshop.export.outline import hidden_line, outcome_texts

bp = Blueprint("published", __name__)


@bp.get("/p/<code>")
@bp.get("/p/<code>/v/<int:number>")
def plan(code: str, number: int | None = None):
    workshop = services.workshop_by_code(code)
    g.locale = workshop.locale
    plan = services.published_plan(workshop, number)
    if plan is None:
        raise NotFound(N_("This workshop has not published its plan yet."))
    with in_words_of(plan["workshop"]):  # the words and dates the documents print
        withheld = plan.get("withheld") or {}
        words = {
            "outcomes": outcome_texts(plan),
            "hidden": hidden_line(plan),
            "withheld": {
                r: withheld_words(r, withheld) for r in ("citizen", "official", "civil_society")
            },
            "withheld_notes": withheld_notes(withheld),
            "record": changes.changes_table(plan) if "changes" in plan else None,
            "record_title": changes.title(),
            "record_note": changes.note(),
        }
    return render_template(
        "published.html",
        workshop=services.workshop_payload(workshop),
        plan=plan,
        versions=services.plan_versions(workshop),
        words=words,
    )
