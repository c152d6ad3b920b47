"""The projector screen: the QR code to join, the live wall and the results."""

from flask import Blueprint

from workshop.domain.codes import normalize_code
from workshop.views import public_base, qr_of, workshop_page

bp = Blueprint("screen", __name__)


@bp.get("/s/<code>")
def screen(code: str):
    code = normalize_code(code)
    join = qr_of(f"{public_base()}/j/{code}")
    plan = qr_of(f"{public_base()}/p/{code}")  # shown once the plan is published
    return workshop_page(
        code,
        "screen.html",
        join_url=join["url"],
        qr_svg=join["svg"],
        join_url_is_local=join["is_local"],
        plan_url=plan["url"],
        plan_qr_svg=plan["svg"],
    )
