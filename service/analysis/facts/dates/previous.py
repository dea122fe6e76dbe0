"""Reading context for relative expressions: "last/next" words and values mentioned earlier."""

from __future__ import annotations

import re
from datetime import date

from service.analysis.facts.dates.lexicon import WORDS

PREVIOUS = re.compile(r"(\d{4})(?:-(?:Q(\d)|(\d\d)(?:-(\d\d))?))?$")


def direction(groups: dict, s) -> int:
    """-1, 0 or 1 from a "last/this/next" word, else the tense of the sentence."""
    words = (groups.get("rel") or "").lower().split()
    if "past" in words and len(words) > 1:
        return -1
    if words and words[-1] in WORDS["relative_words"]:
        value = WORDS["relative_words"][words[-1]]
        return value if value or words[-1] != "the" else s.tense
    return s.tense


def parse_previous(value: str) -> tuple[date, str] | None:
    """A date value mentioned earlier as (first day, granularity): "1989-Q3" → (1989-07-01, Q)."""
    if re.fullmatch(r"\d{3}", value):  # a decade: "199"
        return date(int(value) * 10, 1, 1), "DE"
    match = PREVIOUS.match(value)
    if not match:
        return None
    year, q, month, day = match.groups()
    if q:
        return date(int(year), 3 * int(q) - 2, 1), "Q"
    if day:
        return date(int(year), int(month), int(day)), "D"
    if month:
        return date(int(year), int(month), 1), "M"
    return date(int(year), 1, 1), "Y"
