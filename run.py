"""Start Cocrea under eventlet: the one module that knows the async server.

Reads HOST, PORT, DATABASE_URL, SECRET_KEY and SOCKETIO_MESSAGE_QUEUE; brings the schema up to
date, then serves HTTP and Socket.IO on one port.
"""

import warnings

# Known and accepted: eventlet is in bug-fix-only mode, which is why only this file imports it.
warnings.filterwarnings("ignore", message=r"\s*Eventlet is deprecated")

import eventlet  # noqa: E402

eventlet.monkey_patch()

import os  # noqa: E402
import resource  # noqa: E402
import sys  # noqa: E402
from contextlib import contextmanager  # noqa: E402

import sqlalchemy as sa  # noqa: E402
from eventlet import tpool, wsgi  # noqa: E402
from flask_migrate import upgrade  # noqa: E402

from workshop import create_app  # noqa: E402
from workshop.access_log import AccessLog  # noqa: E402
from workshop.extensions import db  # noqa: E402

# eventlet's WSGI server stops accepting at 1,024 connections unless told otherwise.
MAX_CONNECTIONS = 10_000
LISTEN_BACKLOG = 2048
MIGRATION_LOCK = 7_146_211  # any constant: one PostgreSQL advisory lock for schema upgrades


def raise_open_file_limit(wanted: int = MAX_CONNECTIONS + 1024) -> int:
    """Each phone holds a socket; the default 1,024 descriptors would cap the hall."""
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    target = wanted if hard == resource.RLIM_INFINITY else min(wanted, hard)
    if soft < target:
        resource.setrlimit(resource.RLIMIT_NOFILE, (target, hard))
    return resource.getrlimit(resource.RLIMIT_NOFILE)[0]


@contextmanager
def migration_lock():
    """Several processes starting at once on PostgreSQL upgrade one after the other."""
    if db.engine.dialect.name != "postgresql":
        yield
        return
    with db.engine.connect() as connection:
        connection.execute(sa.text("SELECT pg_advisory_lock(:key)"), {"key": MIGRATION_LOCK})
        try:
            yield
        finally:
            connection.execute(sa.text("SELECT pg_advisory_unlock(:key)"), {"key": MIGRATION_LOCK})


def main() -> None:
    descriptors = raise_open_file_limit()
    # Word and PDF renders run in eventlet's worker threads, so the hall is served meanwhile.
    app = create_app({"SOCKETIO_ASYNC_MODE": "eventlet", "OFF_LOOP": tpool.execute})
    with app.app_context():
        with migration_lock():
            upgrade()
        database = db.engine.url.render_as_string(hide_password=True)
        db.engine.dispose()  # connections made before serving must not be shared by greenlets
    host = os.environ.get("HOST", "127.0.0.1")
    port = int(os.environ.get("PORT", "5000"))
    listener = eventlet.listen((host, port), backlog=LISTEN_BACKLOG)
    print(
        f"Cocrea serving on http://{host}:{port} "
        f"(database: {database}, "
        f"up to {min(MAX_CONNECTIONS, descriptors - 64)} connections)",
        flush=True,
    )
    # Citizens' addresses stay out of the logs unless someone asks for an access log.
    access_log = os.environ.get("ACCESS_LOG") == "1"
    wsgi.server(
        listener,
        app,
        max_size=MAX_CONNECTIONS,
        log_output=access_log,
        log=AccessLog(sys.stderr),  # no query string (session ids, tokens) ever reaches it
        debug=False,  # a failing request gets a plain 500, never a traceback
        keepalive=True,
        socket_timeout=90,
    )


if __name__ == "__main__":
    main()
