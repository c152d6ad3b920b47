"""Language choice and the protocol's error shape, in the workshop's language."""

from flask import g, request
from flask_babel import force_locale, gettext

from workshop.domain.errors import CocreaError

LOCALES = ("es", "en")
DEFAULT_LOCALE = "es"


def select_locale() -> str:
    """The workshop's language on its pages; elsewhere the visitor's choice, Spanish first."""
    chosen = getattr(g, "locale", None)
    if chosen in LOCALES:
        return chosen
    asked = request.args.get("lang") or request.cookies.get("lang")
    if asked in LOCALES:
        return asked
    return request.accept_languages.best_match(LOCALES, default=DEFAULT_LOCALE)


def translate(message: str, locale: str | None = None, **params: object) -> str:
    with force_locale(locale or DEFAULT_LOCALE):
        return gettext(message, **params)


def error_body(error: CocreaError, locale: str | None) -> dict:
    return {
        "ok": False,
        "error": {"code": error.code, "message": translate(error.message, locale, **error.params)},
    }
