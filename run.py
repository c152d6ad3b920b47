"""Start Cocrea under eventlet: the one module that knows the async server.

Reads HOST, PORT, DATABASE_URL, SECRET_KEY and SOCKETIO_MESSAGE_QUEUE; brings the schema up to
date, then serves HTTP and Socket.IO on one port. On PostgreSQL, queries wait through eventlet's
hub (DATABASE_WAIT=blocking: psycopg's own wait, which stops the server for each query).
"""

import warnings

# Known and accepted: eventlet is in bug-fix-only mode, which is why only this file imports it.
warnings.filterwarnings("ignore", message=r"\s*Eventlet is deprecated")

import eventlet  # noqa: E402

eventlet.monkey_patch()

import os  # noqa: E402
import resource  # noqa: E402
import sys  # noqa: E402
import time  # noqa: E402
from contextlib import contextmanager  # noqa: E402

import sqlalchemy as sa  # noqa: E402
from eventlet import patcher, tpool, wsgi  # noqa: E402
from eventlet.hubs import trampoline  # noqa: E402
from flask_migrate import upgrade  # noqa: E402

from workshop import create_app  # noqa: E402
from workshop.access_log import AccessLog  # noqa: E402
from workshop.extensions import db  # noqa: E402
from workshop.services.transaction import holds_workshop_lock  # noqa: E402

_select = patcher.original("select")

# eventlet's WSGI server stops accepting at 1,024 connections unless told otherwise.
MAX_CONNECTIONS = 10_000
LISTEN_BACKLOG = 2048
MIGRATION_LOCK = 7_146_211  # any constant: one PostgreSQL advisory lock for schema upgrades


_psycopg_wait = None  # psycopg's own wait, kept by cooperative_postgresql()


class _DatabaseTimeout(Exception):
    """Raised by the hub when a psycopg wait with a timeout runs out."""


def _ready_now(fileno: int, wanted: int) -> int:
    """Which of reading and writing `fileno` can go on now: the hub only says one of them."""
    from psycopg.waiting import READY_R, READY_W, WAIT_R, WAIT_W

    poll = _select.poll()  # the real poll(): eventlet's select has none
    poll.register(
        fileno,
        (_select.POLLIN if wanted & WAIT_R else 0) | (_select.POLLOUT if wanted & WAIT_W else 0),
    )
    ready = 0
    for _, events in poll.poll(0):
        ready |= READY_R if events & (_select.POLLIN | _select.POLLHUP | _select.POLLERR) else 0
        ready |= READY_W if events & _select.POLLOUT else 0
    return ready


def _through_the_hub(fileno: int, wanted: int, deadline: float | None) -> int:
    from psycopg import errors
    from psycopg.waiting import WAIT_R, WAIT_W

    timeout = None if deadline is None else max(0.0, deadline - time.monotonic())
    try:
        trampoline(
            fileno,
            read=bool(wanted & WAIT_R),
            write=bool(wanted & WAIT_W),
            timeout=timeout,
            timeout_exc=_DatabaseTimeout,
        )
    except _DatabaseTimeout:
        raise errors._WaitTimeout("wait timeout expired") from None
    return _ready_now(fileno, wanted) or wanted  # the hub saw it ready


def wait_in_hub(gen, fileno: int, interval: float = 0.0, timeout: float | None = None):
    """psycopg's wait for a query, done by eventlet's hub: other greenlets run meanwhile;
    except while this greenlet holds the workshop's row lock, which the others wait for."""
    if holds_workshop_lock.get():
        return _psycopg_wait(gen, fileno, interval=interval, timeout=timeout)
    deadline = None if timeout is None else time.monotonic() + timeout
    try:
        wanted = next(gen)
        while True:
            wanted = gen.send(_through_the_hub(fileno, wanted, deadline))
    except StopIteration as done:
        return done.value


def wait_conn_in_hub(gen, interval: float = 0.0, timeout: float | None = None):
    """The same for connecting, where the socket may change on the way."""
    deadline = None if timeout is None else time.monotonic() + timeout
    try:
        fileno, wanted = next(gen)
        while True:
            fileno, wanted = gen.send(_through_the_hub(fileno, wanted, deadline))
    except StopIteration as done:
        return done.value


def cooperative_postgresql() -> None:
    """psycopg waits for PostgreSQL in C, which eventlet cannot patch (psycopg/psycopg#527):
    every query would stop the whole server for its round trip. Wait through the hub."""
    import psycopg.waiting

    global _psycopg_wait
    _psycopg_wait = psycopg.waiting.wait
    psycopg.waiting.wait = wait_in_hub
    psycopg.waiting.wait_conn = wait_conn_in_hub


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
    if os.environ.get("DATABASE_WAIT", "hub") != "blocking":
        cooperative_postgresql()
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
