"""GET /openapi.yaml (the contract, generated from the marshmallow schemas) and GET /docs,
a Swagger UI page on it whose assets come from the swagger-ui-bundle package: no CDN."""

from __future__ import annotations

from functools import lru_cache
from importlib import resources

from flask import Blueprint, Response, abort, request, send_from_directory

bp = Blueprint("docs", __name__)
# The files of swagger-ui-bundle the page loads; nothing else of the package is served.
SWAGGER_ASSETS = (
    "swagger-ui.css",
    "swagger-ui-bundle.js",
    "swagger-ui-standalone-preset.js",
    "favicon-32x32.png",
    "favicon-16x16.png",
)
ASSET_MAX_AGE = 24 * 3600
YAML_TYPES = (
    "application/yaml",
    "text/yaml",
)  # as openapi.yaml declares them; text/* suits generated clients


@lru_cache(maxsize=1)
def _spec_yaml() -> str:
    from schemas.openapi import spec_yaml

    return spec_yaml()


def _static(name: str) -> bytes:
    return (resources.files("service") / "static" / name).read_bytes()


@bp.get("/openapi.yaml")
def openapi_yaml():
    """The OpenAPI document of this service: application/yaml, or text/yaml when Accept prefers it."""
    mimetype = request.accept_mimetypes.best_match(YAML_TYPES, default=YAML_TYPES[0]) or YAML_TYPES[0]
    return Response(_spec_yaml(), mimetype=mimetype)


@bp.get("/docs")
def docs_page():
    """A human page on the OpenAPI document (Swagger UI)."""
    return Response(_static("docs.html"), mimetype="text/html")


@bp.get("/docs/<name>")
def docs_asset(name: str):
    """The Swagger UI files the docs page loads, served from the installed package."""
    if name == "docs.js":
        return Response(_static(name), mimetype="text/javascript", headers={"Cache-Control": "max-age=3600"})
    if name not in SWAGGER_ASSETS:
        abort(404)
    from swagger_ui_bundle import swagger_ui_path

    return send_from_directory(swagger_ui_path, name, max_age=ASSET_MAX_AGE)
