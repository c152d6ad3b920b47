"""Settings from environment variables, with defaults that just work on a laptop."""

import os
import secrets
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
INSTANCE = ROOT / "instance"


def _persisted_secret_key() -> str:
    """Return the generated secret key kept under instance/, so sessions survive restarts."""
    path = INSTANCE / "secret_key"
    if path.exists():
        return path.read_text().strip()
    INSTANCE.mkdir(exist_ok=True)
    key = secrets.token_urlsafe(48)
    path.write_text(key)
    path.chmod(0o600)
    return key


def _origins(value: str | None) -> list[str] | str | None:
    if not value:
        return None  # same origin only: python-engineio compares Origin with Host
    if value.strip() == "*":
        return "*"
    return [origin.strip() for origin in value.split(",") if origin.strip()]


class Config:
    """Everything the app reads from the environment, read once at start."""

    def __init__(self) -> None:
        self.SECRET_KEY = os.environ.get("SECRET_KEY") or _persisted_secret_key()
        self.SQLALCHEMY_DATABASE_URI = os.environ.get(
            "DATABASE_URL", f"sqlite:///{INSTANCE / 'cocrea.db'}"
        )
        self.SOCKETIO_MESSAGE_QUEUE = os.environ.get("SOCKETIO_MESSAGE_QUEUE") or None
        # Keys for shared presence and broadcast pacing; give each deployment on one Redis its own.
        self.REDIS_KEY_PREFIX = os.environ.get("REDIS_KEY_PREFIX", "cocrea")
        self.SOCKETIO_ASYNC_MODE = "threading"  # run.py switches to eventlet
        self.CORS_ALLOWED_ORIGINS = _origins(os.environ.get("CORS_ALLOWED_ORIGINS"))
        # The public address phones use, e.g. http://192.168.1.10:5000, when the
        # facilitator's browser reaches the server through another one.
        self.PUBLIC_URL = (os.environ.get("PUBLIC_URL") or "").rstrip("/") or None
        # How many reverse proxies in front set X-Forwarded-For/-Proto/-Host (0: none, trust none).
        self.TRUSTED_PROXIES = int(os.environ.get("TRUSTED_PROXIES", "0"))
        self.BABEL_DEFAULT_LOCALE = "es"
        self.BABEL_TRANSLATION_DIRECTORIES = str(ROOT / "workshop" / "translations")
        self.COMPRESS_MIMETYPES = [
            "text/html",
            "text/css",
            "application/javascript",
            "text/javascript",
            "application/json",
            "text/markdown",
            "image/svg+xml",
            "text/csv",
        ]
        self.COMPRESS_ALGORITHM = ["br", "gzip"]
        self.COMPRESS_MIN_SIZE = 500
        self.TALLY_INTERVAL_S = 0.25
        # permessage-deflate on the websockets: a 17 KB tally crosses a rural data link as
        # about 1.3 KB, for a third of the server's CPU and ~240 KB per connection (see
        # docs/performance.md). WEBSOCKET_DEFLATE=0 turns it off for a server short of CPU.
        self.WEBSOCKET_DEFLATE = os.environ.get("WEBSOCKET_DEFLATE", "1") != "0"
        self.REPLAY_LIMIT = 1000  # past this many missed events a fresh `state` is cheaper
        self.RATE_LIMIT_COMMANDS = (40, 10.0)  # commands per participant per seconds
        self.RATE_LIMIT_CARDS = (12, 60.0)  # cards per participant per seconds
        # The facilitation's own pace: a console transcribing a paper wall, moving many cards.
        self.RATE_LIMIT_STAFF_COMMANDS = (300, 10.0)
        self.RATE_LIMIT_STAFF_CARDS = (300, 60.0)
        # A connection refused this many times within the seconds is flooding: it is closed,
        # and its token kept out for FLOOD_BARRED_S seconds.
        self.FLOOD_REFUSALS = (50, 10.0)
        self.FLOOD_BARRED_S = 60.0
        # Joins per workshop per minute: a whole hall arriving at once must never be turned away.
        self.RATE_LIMIT_JOINS = (int(os.environ.get("JOINS_PER_MINUTE", "3000")), 60.0)
        # A hall behind one NAT joins from one address: 600 a minute is a town's assembly
        # arriving, and a fifth of what the workshop takes, so one script cannot lock it.
        self.RATE_LIMIT_JOINS_PER_ADDRESS = (
            int(os.environ.get("JOINS_PER_ADDRESS_PER_MINUTE", "600")),
            60.0,
        )
        self.RATE_LIMIT_WRONG_PINS = (20, 600.0)  # wrong join PINs per address per seconds
        self.RATE_LIMIT_CREATIONS = (30, 600.0)  # new workshops per address per seconds
        # Unknown codes one address may ask for, per seconds; past it, it waits before any.
        self.RATE_LIMIT_UNKNOWN_CODES = (30, 60.0)
        self.UNKNOWN_CODES_BARRED_S = 300.0
        # Plan downloads per address per seconds, except the facilitation's: a town's hall
        # behind one NAT downloading the published plan at the end, not a loop.
        self.RATE_LIMIT_DOWNLOADS = (
            int(os.environ.get("DOWNLOADS_PER_ADDRESS_PER_MINUTE", "120")),
            60.0,
        )
        # run(fn, *args) somewhere the event loop is not, for renders (run.py: eventlet's
        # worker threads); None renders in the request's own thread.
        self.OFF_LOOP = None
