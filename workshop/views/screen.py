"""The projector screen: the QR code to join, the live wall and the results."""

from flask import Blueprint

from workshop.domain.codes import normalize_code
from workshop.views import public_base, qr_of, workshop_page

bp = Blueprint("screen", __name__)


@bp.get("/s/<code>")
def screen(code: str):
    join = qr_of(f"{public_base()}/j/{normalize_code(code)}")
    return workshop_page(
        code,
        "screen.html",
        join_url=join["url"],
        qr_svg=join["svg"],
        join_url_is_local=join["is_local"],
    )
