"""Dates in the contract: the ISO 8601 forms a request may give, and their normal form."""

from __future__ import annotations

import re
from datetime import datetime

# ISO 8601 (RFC 3339 profile): a calendar date, optionally a time (T or a space), seconds, fraction
# and offset. Echoed and keyed in the normal form (date.isoformat() / datetime.isoformat()).
PUBLISHED_AT_PATTERN = (
    r"^\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d{1,6})?)?(?:Z|[+-]\d{2}:\d{2})?)?$"
)
_DATE_ONLY = re.compile(r"\s*\d{4}-\d{2}-\d{2}\s*")


def normal_iso(value: str | None) -> str | None:
    """An ISO 8601 date or datetime in its normal form; anything else unchanged."""
    if not value:
        return value
    try:
        parsed = datetime.fromisoformat(value.strip())
    except ValueError:
        return value
    if _DATE_ONLY.fullmatch(value):
        return parsed.date().isoformat()
    return parsed.isoformat()
