"""The facilitator's console; its token arrives in the URL fragment, never in a request."""

from flask import Blueprint

from workshop.views import workshop_page

bp = Blueprint("facilitator", __name__)


@bp.get("/f/<code>")
def console(code: str):
    return workshop_page(code, "console.html")
