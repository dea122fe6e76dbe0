"""Dates in the contract: the ISO 8601 forms a request may give, and their normal form."""

from __future__ import annotations

import re
from datetime import datetime

# ISO 8601 (RFC 3339 profile): a calendar date, optionally a time (T or a space), seconds, fraction
# and offset. Echoed and keyed in the normal form (date.isoformat() / datetime.isoformat()).
# The pattern states the calendar itself (month lengths, leap years of the Gregorian calendar, years
# 0001-9999, hours to 23, minutes and seconds to 59, offsets under a day), so that every string it
# matches is a real date and time: a schema-valid published_at is never refused (2025-02-30 no longer
# fits). tests/api/test_contract_rules.py checks it against datetime.fromisoformat over every month
# and day. Digits are [0-9], not \d (Python's \d takes every Unicode digit).
_YEAR = r"(?:000[1-9]|00[1-9][0-9]|0[1-9][0-9][0-9]|[1-9][0-9]{3})"
_LEAP_YEAR = r"(?:[0-9][0-9](?:0[48]|[2468][048]|[13579][26])|(?:0[48]|[2468][048]|[13579][26])00)"
_MONTH_DAY = (
    r"(?:(?:0[13578]|1[02])-(?:0[1-9]|[12][0-9]|3[01])"  # 31 days
    r"|(?:0[469]|11)-(?:0[1-9]|[12][0-9]|30)"  # 30 days
    r"|02-(?:0[1-9]|1[0-9]|2[0-8]))"  # February of any year (the 29th: _LEAP_YEAR)
)
_TIME = r"(?:[01][0-9]|2[0-3]):[0-5][0-9](?::[0-5][0-9](?:\.[0-9]{1,6})?)?"
_OFFSET = r"(?:Z|[+-](?:[01][0-9]|2[0-3]):[0-5][0-9])"
PUBLISHED_AT_PATTERN = rf"^(?:{_YEAR}-{_MONTH_DAY}|{_LEAP_YEAR}-02-29)(?:[T ]{_TIME}{_OFFSET}?)?$"
_DATE_ONLY = re.compile(r"\s*[0-9]{4}-[0-9]{2}-[0-9]{2}\s*")


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
