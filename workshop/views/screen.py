"""The projector screen: the QR code to join, the live wall and the results."""

from urllib.parse import urlsplit

import segno
from flask import Blueprint

from workshop.domain.codes import normalize_code
from workshop.views import public_base, workshop_page

bp = Blueprint("screen", __name__)

LOOPBACK_HOSTS = {"localhost", "127.0.0.1", "::1", "0.0.0.0"}


@bp.get("/s/<code>")
def screen(code: str):
    join_url = f"{public_base()}/j/{normalize_code(code)}"
    qr = segno.make(join_url, error="m")
    return workshop_page(
        code,
        "screen.html",
        join_url=join_url,
        qr_svg=qr.svg_inline(scale=1, border=2, omitsize=True),
        # Phones cannot reach a QR code that points at the laptop itself.
        join_url_is_local=(urlsplit(join_url).hostname or "") in LOOPBACK_HOSTS,
    )
