"""Thin blueprints, one per audience: the API, the home page, phones, console and projector."""

import secrets
from urllib.parse import urlsplit

import segno
from babel.dates import get_timezone_location
from flask import Flask, current_app, g, render_template, request
from flask_babel import get_locale
from werkzeug.exceptions import HTTPException

from workshop import services
from workshop.domain.dates import DEFAULT_TIME_ZONE, HALL_TIME_ZONES, is_time_zone, written_day
from workshop.domain.errors import CocreaError, NotFound, RateLimited
from workshop.domain.limits import Cooldown, SlidingWindowLimit
from workshop.export import DOWNLOADS
from workshop.i18n import retry_after_header
from workshop.locales import LOCALES, language_name
from workshop.models import Workshop


def public_base() -> str:
    """The address phones use: PUBLIC_URL when set, else the one this request came to."""
    return current_app.config["PUBLIC_URL"] or request.host_url.rstrip("/")


def absolute(links: dict[str, str]) -> dict[str, str]:
    base = public_base()
    return {name: base + path for name, path in links.items()}


LOOPBACK_HOSTS = {"localhost", "127.0.0.1", "::1", "0.0.0.0"}


def qr_of(url: str) -> dict:
    """A QR code of an address, and whether phones could reach it at all."""
    return {
        "url": url,
        "svg": segno.make(url, error="m").svg_inline(scale=1, border=2, omitsize=True),
        # Phones cannot reach an address that points at the laptop itself.
        "is_local": (urlsplit(url).hostname or "") in LOOPBACK_HOSTS,
    }


def workshop_page(code: str, template: str, locale: str | None = None, **context) -> str:
    """Render one audience's page in the workshop's language (or the one `locale` a phone
    chose for itself), or the home page if no such code."""
    workshop: Workshop = services.workshop_by_code(code)
    g.locale = locale or workshop.locale
    return render_template(template, workshop=services.workshop_payload(workshop), **context)


def time_zone_choices(current: str = DEFAULT_TIME_ZONE) -> list[tuple[str, str]]:
    """The halls' time zones by city, in the page's language; a zone set by the API is kept."""
    locale = str(get_locale() or "es")
    known = current in HALL_TIME_ZONES or not is_time_zone(current)
    zones = HALL_TIME_ZONES if known else (current, *HALL_TIME_ZONES)
    return [(zone, get_timezone_location(zone, locale=locale, return_city=True)) for zone in zones]


class CodeGuesses:
    """Unknown workshop codes asked for by one address: past the limit, that address waits
    before it may look up any code, so the codes cannot be enumerated (32^6 of them)."""

    misses = SlidingWindowLimit(30, 60.0)
    barred = Cooldown()
    barred_s = 300.0

    @classmethod
    def check(cls, address: str | None) -> None:
        if cls.barred.barred(address):
            raise RateLimited()

    @classmethod
    def missed(cls, address: str | None) -> None:
        try:
            cls.misses.hit(address)
        except RateLimited:
            cls.barred.bar(address, cls.barred_s)


def register(app: Flask) -> None:
    CodeGuesses.misses = SlidingWindowLimit(*app.config["RATE_LIMIT_UNKNOWN_CODES"])
    CodeGuesses.barred = Cooldown()
    CodeGuesses.barred_s = app.config["UNKNOWN_CODES_BARRED_S"]

    from workshop.views import api, assets, facilitator, home, participant, published, screen

    for module in (api, assets, home, participant, facilitator, screen, published):
        app.register_blueprint(module.bp)

    @app.context_processor
    def page_language() -> dict:
        return {
            "locale": str(get_locale() or "es"),
            "plan_downloads": DOWNLOADS,
            # Every language with a catalog, each named in its own words.
            "languages": [(lang, language_name(lang)) for lang in LOCALES],
            "time_zones": time_zone_choices,
            "csp_nonce": getattr(g, "csp_nonce", ""),
        }

    @app.before_request
    def code_guard() -> None:
        if request.view_args and "code" in request.view_args:
            CodeGuesses.check(request.remote_addr)

    @app.before_request
    def csp_nonce() -> None:
        g.csp_nonce = secrets.token_urlsafe(16)  # the one inline script: the import map

    @app.after_request
    def security_headers(response):
        """A strict CSP that every page passes (no inline code, no other origin), and no
        framing: the console cannot be put inside another site's page."""
        nonce = getattr(g, "csp_nonce", "")
        response.headers.setdefault(
            "Content-Security-Policy",
            "default-src 'self'; "
            f"script-src 'self' 'nonce-{nonce}'; "
            "style-src 'self'; img-src 'self' data:; font-src 'self'; "
            "connect-src 'self'; worker-src 'self'; manifest-src 'self'; "
            "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'",
        )
        response.headers.setdefault("X-Frame-Options", "DENY")
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        response.headers.setdefault("Referrer-Policy", "no-referrer")
        return response

    @app.template_filter("day")
    def day(value: str | None, time_zone: str) -> str:
        """«1 de marzo de 2027» in the page's language, on the workshop's clock."""
        return written_day(value, time_zone, str(get_locale() or "es"))

    @app.errorhandler(CocreaError)
    def page_error(error: CocreaError):
        if isinstance(error, NotFound) and request.view_args and "code" in request.view_args:
            CodeGuesses.missed(request.remote_addr)
        if request.path.startswith("/api/"):
            return api.error_response(error, api.request_locale())
        return home.render_home(join_error=error), error.http_status, retry_after_header(error)

    @app.errorhandler(HTTPException)
    def http_error(error: HTTPException):
        if request.path.startswith("/api/"):
            return api.http_error(error)
        return error
