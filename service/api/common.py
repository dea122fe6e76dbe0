"""Helpers shared by the views: request parsing and access to the app's settings and cache."""

from __future__ import annotations

import hashlib
import sys
import threading
from collections import OrderedDict

from flask import current_app, request
from marshmallow import Schema, ValidationError

from service.config import Settings
from service.web.body import parse_json, read_body
from service.web.errors import UnsupportedMediaType, ValidationFailed


def settings() -> Settings:
    return current_app.config["NEWSFACTS"]


def cache():
    return current_app.extensions["newsfacts_cache"]


def read_json():
    """The request body as JSON; 415 when it is not declared JSON, 400 when it does not parse,
    413 when it is too large, 422 when it nests too deep (service.web.body)."""
    if not request.is_json:
        raise UnsupportedMediaType(f"Send the body as application/json, not {request.mimetype or 'nothing'}.")
    return parse_json(read_body())


def load(schema: Schema, payload):
    """Validate ``payload`` with ``schema``; 422 with the offending fields when it fails."""
    try:
        return schema.load(payload)
    except ValidationError as error:
        messages = error.messages if isinstance(error.messages, dict) else {"_schema": error.messages}
        raise ValidationFailed("Some fields are invalid; see errors.", errors=messages) from error


class RecentRequests:
    """Validated requests by the digest of their raw body (and the schema), most recent first.

    A repeated body — the cache hits this service lives on — then skips JSON parsing and
    validation, which cost more than the hit itself. Validation is a pure function of the
    bytes and the schema, so the memo can never differ from a fresh load.

    Bounded by count and by bytes (each entry counted at what its strings take in memory):
    512 bodies of 1 MB once let one worker keep half a gigabyte of HTML.
    """

    def __init__(self, size: int = 512, max_body: int = 256_000, max_bytes: int = 8_000_000):
        self.size, self.max_body, self.max_bytes = size, max_body, max_bytes
        self._items: OrderedDict[bytes, tuple[object, int]] = OrderedDict()
        self._bytes = 0
        self._lock = threading.Lock()

    @property
    def bytes(self) -> int:
        return self._bytes

    def __len__(self) -> int:
        return len(self._items)

    def load(self, schema: Schema):
        """The validated request body, from the memo when this exact body was seen."""
        raw = read_body()
        if len(raw) > self.max_body or not request.is_json:
            return load(schema, read_json())
        digest = hashlib.sha256(raw).digest() + id(schema).to_bytes(8, "little")
        with self._lock:
            if digest in self._items:
                self._items.move_to_end(digest)
                return self._items[digest][0]
        value = load(schema, read_json())
        with self._lock:
            if digest not in self._items:
                size = _footprint(value, raw)
                self._items[digest] = (value, size)
                self._bytes += size
            while len(self._items) > self.size or self._bytes > self.max_bytes:
                _, (_, size) = self._items.popitem(last=False)
                self._bytes -= size
        return value


def _footprint(value, raw: bytes) -> int:
    """About what a memo entry keeps alive: its article strings as Python holds them (up to four
    bytes a character), else the body's size."""
    strings = [getattr(value, name, None) for name in ("html", "text")]
    return max(len(raw), sum(sys.getsizeof(item) for item in strings if isinstance(item, str)))


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
