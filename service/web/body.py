"""Reading a request body: its size bounded whatever the framing, its JSON nesting bounded.

Flask's ``MAX_CONTENT_LENGTH`` refuses a declared Content-Length over the limit, but a chunked
body (no Content-Length) is only cut at the limit, and the truncated bytes would then be
reported as invalid JSON; here such a body is a 413 like any other. ``json.loads`` recurses
once per level, so nesting is bounded while and after parsing, before any code that recurses
(marshmallow, the checks, the cache key) sees the value.
"""

from __future__ import annotations

import json

from flask import current_app, request
from werkzeug.exceptions import RequestEntityTooLarge

from service.web.errors import InvalidJSON, ValidationFailed

# The deepest request the contract allows is 5 levels (a batch's items' options' facts).
MAX_JSON_DEPTH = 32


def read_body() -> bytes:
    """The raw request body (read once, then cached); 413 when it is over the limit."""
    raw = request.get_data(cache=True)
    limit = current_app.config.get("MAX_CONTENT_LENGTH")
    if limit is not None and request.content_length is None and len(raw) >= limit:
        # A chunked body read up to the limit: anything left in the server's stream means it is over.
        if request.environ["wsgi.input"].read(1):
            raise RequestEntityTooLarge(f"The request body is larger than {limit} bytes.")
    return raw


def parse_json(raw: bytes):
    """``raw`` parsed as JSON (UTF-8, -16 or -32): 400 when it does not parse, 422 when it nests
    deeper than MAX_JSON_DEPTH.

    json.loads stops with RecursionError at the interpreter's limit (about 1,000 levels, a few
    kilobytes of brackets): that is refused like any other over-deep body.
    """
    try:
        value = json.loads(raw)
    except RecursionError as error:
        raise too_deep() from error
    except ValueError as error:  # JSONDecodeError, or bytes that are not UTF-8/16/32
        raise InvalidJSON("The body could not be parsed as JSON.") from error
    if json_depth_exceeds(value, MAX_JSON_DEPTH):
        raise too_deep()
    return value


def json_depth_exceeds(value, limit: int) -> bool:
    """True when ``value`` holds arrays or objects nested more than ``limit`` deep (no recursion)."""
    stack = [(value, 1)]
    while stack:
        item, depth = stack.pop()
        children = item.values() if isinstance(item, dict) else item if isinstance(item, list) else None
        if children is None:
            continue
        if depth > limit:
            return True
        stack.extend((child, depth + 1) for child in children if isinstance(child, (dict, list)))
    return False


def too_deep() -> ValidationFailed:
    message = f"The body nests arrays or objects deeper than {MAX_JSON_DEPTH} levels."
    return ValidationFailed(message, errors={"_schema": [message]})
