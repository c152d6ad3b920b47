"""Static files and front-end libraries (from the npm registry, via `make setup`).

Every URL carries a hash of the file's content, so phones on slow data may keep files for a
year and still get a new version the moment it changes. ES modules import each other by
plain relative paths; the page's import map gives each of them its hashed URL.
"""

import hashlib
import os
from functools import lru_cache
from pathlib import Path

from flask import Blueprint, abort, current_app, request, send_from_directory, url_for
from werkzeug.security import safe_join

from workshop.config import ROOT

bp = Blueprint("assets", __name__)

STATIC = ROOT / "static"
VENDOR = {"socket.io.min.js": ROOT / "node_modules" / "socket.io-client" / "dist"}
ONE_YEAR = 365 * 24 * 3600


@lru_cache(maxsize=256)
def _content_hash(path: Path, mtime_ns: int) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()[:12]


def version_of(path: Path) -> str:
    return _content_hash(path, path.stat().st_mtime_ns) if path.exists() else "missing"


def static_max_age(filename: str) -> int:
    """A year for a URL that names the file's content; any other URL is checked each time.

    Only a file inside static/ is ever read for its hash, and only when a hash was asked for:
    a request for ../../something, or for no version at all, costs nothing.
    """
    asked = request.args.get("v")
    path = safe_join(str(STATIC), filename) if asked else None
    if path and os.path.isfile(path) and asked == version_of(Path(path)):
        return ONE_YEAR
    return 0


@bp.app_template_global()
def module_map(folder: str) -> dict[str, str]:
    """Every module of a page's folder under static/js, keyed by the address a relative
    import resolves to, and mapped to that address with the module's hash."""
    prefix = f"{request.script_root}{current_app.static_url_path}"
    return {
        f"{prefix}/js/{folder}/{path.name}": url_for("static", filename=f"js/{folder}/{path.name}")
        for path in sorted((STATIC / "js" / folder).glob("*.js"))
    }


@bp.app_url_defaults
def add_version(endpoint: str, values: dict) -> None:
    if endpoint == "static" and "filename" in values:
        values.setdefault("v", version_of(STATIC / values["filename"]))
    elif endpoint == "assets.vendor" and values.get("name") in VENDOR:
        values.setdefault("v", version_of(VENDOR[values["name"]] / values["name"]))


@bp.get("/vendor/<name>")
def vendor(name: str):
    folder = VENDOR.get(name)
    if folder is None or not (folder / name).exists():
        abort(404, description="front-end library missing: run `make setup`")
    return send_from_directory(folder, name, max_age=ONE_YEAR)
