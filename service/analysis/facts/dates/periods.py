"""Normalisers for calendar periods: quarters, halves and the year-ago periods of earnings reports."""

from __future__ import annotations

from datetime import date

from service.analysis.facts.dates import calendar as cal
from service.analysis.facts.dates.lexicon import WORDS
from service.analysis.facts.dates.previous import direction, parse_previous


def last_quarter(s, *, reported: bool = False) -> date | None:
    """The first day of the quarter mentioned last; ``reported``: only quarters ended by the DCT."""
    for value in reversed(s.previous[-8:]):
        parsed = parse_previous(value)
        if parsed and parsed[1] == "Q":
            if reported and s.dct is not None and cal.shift(parsed[0], "Q", 1) > s.dct:
                continue
            return parsed[0]
    return None


def norm_quarter(groups: dict, s) -> tuple[str | None, str | None]:
    """ "the third quarter" → 1989-Q3 (the reference year, or the year before if still to come)."""
    number = WORDS["ordinals"][groups["ord"].lower()]
    if number > 4:
        return None, None
    if groups.get("year"):
        return None, f"{groups['year']}-Q{number}"
    if s.dct is None:
        return None, None
    year = s.dct.year + (direction(groups, s) if groups.get("rel") else 0)
    if not groups.get("rel") and s.tense < 0 and number > (s.dct.month - 1) // 3 + 1:
        year -= 1
    return None, f"{year}-Q{number}"


def norm_year_ago_period(groups: dict, s) -> tuple[str | None, str | None]:
    """ "the year-ago quarter", "year-earlier" → the quarter (or year) last mentioned, a year back."""
    if s.dct is None:
        return None, None
    if groups.get("ord"):
        return None, f"{s.dct.year - 1}-Q{WORDS['ordinals'][groups['ord'].lower()]}"
    anchor = last_quarter(s, reported=True)
    if anchor is not None:
        return None, cal.quarter(cal.shift(anchor, "Y", -1))
    return None, str(s.dct.year - 1)


def norm_anaphoric_quarter(groups: dict, s) -> tuple[str | None, str | None]:
    """ "the quarter", "the latest quarter" → the quarter last mentioned, else the one just ended."""
    if s.dct is None:
        return None, None
    rel = (groups.get("rel") or "").lower()
    if rel == "current":
        return None, cal.quarter(s.dct)
    if rel in ("previous", "prior", "past"):
        return None, cal.quarter(cal.shift(s.dct, "Q", -1))
    anchor = last_quarter(s, reported=True)
    if anchor is not None:
        return None, cal.quarter(anchor)
    return None, cal.quarter(cal.shift(s.dct, "Q", -1) if s.tense <= 0 else s.dct)


def norm_year_period(groups: dict, s) -> tuple[str | None, str | None]:
    """ "the 1988 quarter" → the quarter last mentioned, in 1988; "the 1988 period" → 1988."""
    anchor = last_quarter(s) if groups["qunit"].lower() == "quarter" else None
    if anchor is None:
        return None, groups["year"]
    return None, f"{groups['year']}-Q{(anchor.month - 1) // 3 + 1}"


def norm_half(groups: dict, s) -> tuple[str | None, str | None]:
    """ "the first half of 1989" → 1989-H1."""
    half = 1 if groups["ord"].lower() == "first" else 2
    if groups.get("year"):
        return None, f"{groups['year']}-H{half}"
    if s.dct is None:
        return None, None
    year = s.dct.year + (direction(groups, s) if groups.get("rel") else 0)
    return None, f"{year}-H{half}"


PERIOD_NORMS = {
    "quarter": norm_quarter,
    "year_ago_period": norm_year_ago_period,
    "anaphoric_quarter": norm_anaphoric_quarter,
    "half": norm_half,
    "year_period": norm_year_period,
}
