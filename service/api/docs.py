"""GET /openapi.yaml: the contract, generated from the marshmallow schemas."""

from __future__ import annotations

from functools import lru_cache

from flask import Blueprint, Response

bp = Blueprint("docs", __name__)


@lru_cache(maxsize=1)
def _spec_yaml() -> str:
    from schemas.openapi import spec_yaml

    return spec_yaml()


@bp.get("/openapi.yaml")
def openapi_yaml():
    """The OpenAPI document of this service."""
    return Response(_spec_yaml(), mimetype="application/yaml")
