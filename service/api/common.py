"""Helpers shared by the views: request parsing and access to the app's settings and cache."""

from __future__ import annotations

from flask import current_app, request
from marshmallow import Schema, ValidationError
from werkzeug.exceptions import BadRequest

from service.config import Settings
from service.errors import InvalidJSON, UnsupportedMediaType, ValidationFailed


def settings() -> Settings:
    return current_app.config["NEWSFACTS"]


def cache():
    return current_app.extensions["newsfacts_cache"]


def read_json():
    """The request body as JSON; 415 when it is not declared JSON, 400 when it does not parse."""
    if not request.is_json:
        raise UnsupportedMediaType(f"Send the body as application/json, not {request.mimetype or 'nothing'}.")
    try:
        return request.get_json()
    except BadRequest as error:
        raise InvalidJSON("The body could not be parsed as JSON.") from error


def load(schema: Schema, payload):
    """Validate ``payload`` with ``schema``; 422 with the offending fields when it fails."""
    try:
        return schema.load(payload)
    except ValidationError as error:
        messages = error.messages if isinstance(error.messages, dict) else {"_schema": error.messages}
        raise ValidationFailed("Some fields are invalid; see errors.", errors=messages) from error


def wants_refresh() -> bool:
    """``Cache-Control: no-cache`` (or no-store) on the request recomputes the result."""
    directives = {part.strip().lower() for part in request.headers.get("Cache-Control", "").split(",")}
    return bool(directives & {"no-cache", "no-store"})


def not_modified(etag: str) -> bool:
    """The request's ``If-None-Match`` names ``etag`` (or ``*``): the client's copy is current.

    analyze is a safe read sent as POST, so it answers 304 as a GET would (RFC 9110 would
    otherwise say 412 for unsafe methods).
    """
    return request.if_none_match.contains_weak(etag)
