"""What can go wrong when fetching a page, and how a failure is kept in the cache.

``service.web.errors.FETCH_PROBLEMS`` maps each kind to its problem type and HTTP status.
"""

from __future__ import annotations

import json


class FetchError(Exception):
    """Base of fetch failures; ``kind`` says which (errors.FETCH_PROBLEMS maps it to HTTP)."""

    kind = "error"


class Refused(FetchError):
    kind = "refused"


class NotHTML(FetchError):
    kind = "not_html"


class Upstream(FetchError):
    kind = "upstream"


class Timeout(FetchError):
    kind = "timeout"


class TooLarge(FetchError):
    kind = "too_large"


FAILURE_MARK = b"!fetch-error:"
_KINDS = {cls.kind: cls for cls in (Refused, NotHTML, Upstream, Timeout, TooLarge)}


def failure_bytes(error: FetchError) -> bytes:
    """A fetch failure as a cache value, so a bad URL is not fetched again for a while."""
    return FAILURE_MARK + json.dumps({"kind": error.kind, "detail": str(error)}).encode()


def failure_from_bytes(value: bytes) -> FetchError | None:
    """The failure a cache value records, or None for an ordinary result."""
    if not value.startswith(FAILURE_MARK):
        return None
    data = json.loads(value[len(FAILURE_MARK) :])
    return _KINDS.get(data["kind"], Upstream)(data["detail"])
