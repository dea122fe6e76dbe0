"""Normalisers for dates named in words: holidays ("Thanksgiving Day"), spelled years ("nineteen ninety")."""

from __future__ import annotations

import re
from datetime import date, timedelta

from service.analysis.facts.dates.lexicon import WORDS, parse_number


def holiday_date(spec: str, year: int) -> date:
    """ "12-25" → Dec 25; "11:4:4" → the 4th Thursday of November; "05:1:-1" → the last Monday of May.

    An optional fourth field is the earliest day of the month ("11:2:1:2": the first Tuesday after
    the first Monday of November, US Election Day).
    """
    if "-" in spec:
        month, day = map(int, spec.split("-"))
        return date(year, month, day)
    month, weekday, nth, *earliest = map(int, spec.split(":"))
    if nth < 0:
        last = date(year + month // 12, month % 12 + 1, 1) - timedelta(days=1)
        return last - timedelta(days=(last.isoweekday() - weekday) % 7)
    first = date(year, month, earliest[0] if earliest else 1)
    first += timedelta(days=(weekday - first.isoweekday()) % 7)
    return first + timedelta(weeks=nth - 1)


def norm_holiday(groups: dict, s) -> tuple[str | None, str | None]:
    """A holiday: the occurrence nearest the reference date, or the one before/after it."""
    spec = WORDS["holidays"][" ".join(groups["holiday"].lower().split())]
    if s.dct is None:
        return None, f"XXXX-{spec}" if "-" in spec else None
    rel = (groups.get("rel") or "").lower()
    years = {"last": [s.dct.year - 1, s.dct.year], "next": [s.dct.year, s.dct.year + 1]}
    candidates = [holiday_date(spec, y) for y in years.get(rel, [s.dct.year - 1, s.dct.year, s.dct.year + 1])]
    if rel == "last":
        candidates = [day for day in candidates if day < s.dct]
    elif rel == "next":
        candidates = [day for day in candidates if day > s.dct]
    return None, min(candidates, key=lambda day: abs(day - s.dct)).isoformat()


def norm_spelled_year(groups: dict, s) -> tuple[str | None, str | None]:
    """ "nineteen ninety-six" → 1996, "the year two thousand" → 2000."""
    words = re.sub(r"\s+and\b", "", groups["spelled"].lower())
    words = " ".join(words.replace("-", " ").split())
    if words.startswith("two thousand"):
        rest = words.removeprefix("two thousand").strip()
        return None, str(2000 + (int(parse_number(rest)) if rest else 0))
    rest = words.removeprefix("nineteen").removeprefix(" hundred").strip()
    parts = rest.split()
    value = parse_number(" ".join(parts)) if len(parts) <= 2 else None
    return None, f"19{int(value):02d}" if value is not None and value < 100 else None


NAMED_NORMS = {"holiday": norm_holiday, "spelled_year": norm_spelled_year}
