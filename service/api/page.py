"""GET /: the editors' page, a static page that calls the API from the browser."""

from __future__ import annotations

from flask import Blueprint, current_app

bp = Blueprint("page", __name__)


@bp.get("/")
def index():
    """The page for editors: paste an article, see its facts highlighted."""
    return current_app.send_static_file("index.html")


@bp.get("/favicon.ico")
def favicon():
    """The page's icon (an SVG: browsers ask for /favicon.ico whatever the page links, and a 404
    there is noise in every log)."""
    response = current_app.send_static_file("favicon.svg")
    response.mimetype = "image/svg+xml"
    return response
