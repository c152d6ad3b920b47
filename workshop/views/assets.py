"""Front-end libraries installed from the npm registry by `make setup`, served from node_modules."""

from flask import Blueprint, abort, send_from_directory

from workshop.config import ROOT

bp = Blueprint("assets", __name__)

VENDOR = {"socket.io.min.js": ROOT / "node_modules" / "socket.io-client" / "dist"}


@bp.get("/vendor/<name>")
def vendor(name: str):
    folder = VENDOR.get(name)
    if folder is None or not (folder / name).exists():
        abort(404, description="front-end library missing: run `make setup`")
    return send_from_directory(folder, name, max_age=86400)
