"""Cocrea: real-time participatory co-creation workshops for municipalities."""

import sqlite3
from typing import Any

import sqlalchemy as sa
from flask import Flask, Response, send_from_directory

from workshop.config import INSTANCE, ROOT, Config
from workshop.polling import PollingDoor

MAX_MESSAGE_BYTES = 64 * 1024  # one Socket.IO message, or one polling POST, at most


class Cocrea(Flask):
    """Flask, keeping a static file for a year only under the URL that names its content."""

    def send_static_file(self, filename: str) -> Response:
        from workshop.views.assets import static_max_age

        assert self.static_folder is not None
        return send_from_directory(self.static_folder, filename, max_age=static_max_age(filename))


def create_app(config: dict[str, Any] | None = None) -> Flask:
    """Build the app; tests pass overrides, run.py passes nothing but the environment."""
    app = Cocrea(
        __name__,
        instance_path=str(INSTANCE),
        template_folder=str(ROOT / "templates"),
        static_folder=str(ROOT / "static"),
    )
    app.config.from_object(Config())
    app.config["MAX_CONTENT_LENGTH"] = MAX_MESSAGE_BYTES
    app.json.sort_keys = False  # keep "ok" first, as the protocol shows it
    if config:
        app.config.update(config)
    app.config["SQLALCHEMY_DATABASE_URI"] = database_url(app.config["SQLALCHEMY_DATABASE_URI"])
    app.config.setdefault("SQLALCHEMY_ENGINE_OPTIONS", engine_options(app.config))
    INSTANCE.mkdir(exist_ok=True)

    from workshop import i18n, realtime, sockets, wire
    from workshop.extensions import babel, compress, db, migrate, socketio
    from workshop.views import api, register

    db.init_app(app)
    migrate.init_app(app, db, directory=str(ROOT / "migrations"))
    babel.init_app(app, locale_selector=i18n.select_locale)
    compress.init_app(app)
    socketio.init_app(
        app,
        async_mode=app.config["SOCKETIO_ASYNC_MODE"],
        message_queue=app.config["SOCKETIO_MESSAGE_QUEUE"],
        cors_allowed_origins=app.config["CORS_ALLOWED_ORIGINS"],
        # Phones on flaky data: notice a dead link within a minute, not forever.
        ping_interval=20,
        ping_timeout=25,
        max_http_buffer_size=MAX_MESSAGE_BYTES,
        # Each connection's messages are handled in turn, in the greenlet that reads them: a
        # device sending thousands a second is answered at its own pace and soon cut off
        # (sockets.flooded), instead of spawning a task per message that the hall waits for.
        async_handlers=False,
        json=wire,  # numbers of hundreds of digits and deep nesting: answered, not dropped
        logger=False,
        engineio_logger=False,
    )
    app.wsgi_app = PollingDoor(
        app.wsgi_app,
        lambda: socketio.server.environ,
        max_body=MAX_MESSAGE_BYTES,
        deflate=app.config["WEBSOCKET_DEFLATE"],
    )
    if app.config["TRUSTED_PROXIES"]:
        # Outermost, so that Engine.IO, the polling door and every limit see the phone's own
        # address, not the proxy's.
        from werkzeug.middleware.proxy_fix import ProxyFix

        hops = app.config["TRUSTED_PROXIES"]
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops, x_proto=hops, x_host=hops)
    realtime.init_app(app)
    sockets.configure_limits(app)
    api.configure(app)
    register(app)
    return app


def database_url(url: str) -> str:
    """Use the psycopg 3 driver for the plain postgresql:// URLs people copy from their host."""
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix) :]
    return url


def engine_options(config: dict[str, Any]) -> dict[str, Any]:
    url = config["SQLALCHEMY_DATABASE_URI"]
    if url.startswith("sqlite"):
        return {"connect_args": {"timeout": 30, "check_same_thread": False}}
    # Under eventlet many requests wait for PostgreSQL at once (run.py, cooperative_postgresql):
    # enough connections that they seldom queue for one, few enough for two processes.
    return {"pool_pre_ping": True, "pool_size": 30, "max_overflow": 10}


@sa.event.listens_for(sa.engine.Engine, "connect")
def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    """WAL: phones read while one writes. FULL sync: an acknowledged vote outlives a power cut."""
    if isinstance(dbapi_connection, sqlite3.Connection):
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=FULL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA busy_timeout=30000")
        cursor.close()
