"""GET /: the editors' page, a static page that calls the API from the browser."""

from __future__ import annotations

from flask import Blueprint, current_app

bp = Blueprint("page", __name__)


@bp.get("/")
def index():
    """The page for editors: paste an article, see its facts highlighted."""
    return current_app.send_static_file("index.html")
