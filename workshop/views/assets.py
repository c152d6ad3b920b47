"""Static files and front-end libraries (from the npm registry, via `make setup`).

Every URL carries a hash of the file's content, so phones on slow data may keep files for a
year and still get a new version the moment it changes. ES modules import each other by
plain relative paths; the page's import map gives each of them its hashed URL.
"""

import hashlib
from functools import lru_cache
from pathlib import Path

from flask import Blueprint, abort, request, send_from_directory, url_for

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


def static_max_age(filename: str | None) -> int | None:
    """A year for a URL that names the file's content; any other URL is checked each time."""
    if filename and request.args.get("v") == version_of(STATIC / filename):
        return ONE_YEAR
    return None


@bp.app_template_global()
def module_map(folder: str) -> dict[str, str]:
    """Every module of a page's folder under static/js, mapped to its URL with its hash."""
    return {
        f"/static/js/{folder}/{path.name}": url_for("static", filename=f"js/{folder}/{path.name}")
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
