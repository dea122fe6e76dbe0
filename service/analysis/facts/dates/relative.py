"""Normalisers for expressions that need the reference date: shifts, weekdays, quarters, seasons, times.

Each returns ``(type, value)`` like the ones in normalise.py, with value None when the
situation has no reference date.
"""

from __future__ import annotations

from datetime import date, timedelta

from service.analysis.facts.dates import calendar as cal
from service.analysis.facts.dates.lexicon import WORDS, parse_number, unit_code, weekday_number
from service.analysis.facts.dates.periods import PERIOD_NORMS, last_quarter
from service.analysis.facts.dates.previous import direction, parse_previous


def norm_anaphoric_relative(groups: dict, s) -> tuple[str | None, str | None]:
    """ "the following year", "that day": the unit of the last mentioned date, moved by 0 or ±1."""
    code = unit_code(groups["unit"])
    step = WORDS["relative_words"].get((groups.get("rel") or "same").lower(), 0)
    parsed = parse_previous(s.previous[-1]) if s.previous else None
    if parsed is None:
        return None, None if s.dct is None else cal.format_at(cal.shift(s.dct, code, step), code)
    anchor, grain = parsed
    if step == 0 and _finer(code, grain):
        return None, s.previous[-1]
    return None, cal.format_at(cal.shift(anchor, code, step), code)


def _finer(unit: str, grain: str) -> bool:
    order = ["D", "W", "M", "Q", "Y"]
    return unit in order and grain in order and order.index(unit) < order.index(grain)


GRAINS = ["D", "W", "M", "Q", "Y", "DE", "CE"]


def norm_shift(groups: dict, s) -> tuple[str | None, str | None]:
    """ "two years ago" → the reference year minus two; "a year earlier" → from the last mention."""
    unit, amount = unit_code(groups["unit"]), parse_number(groups["num"])
    shift_word = " ".join(groups["shift"].lower().split())
    sign = WORDS["shift_words"].get(shift_word, -1)
    if amount is None:
        return None, "PAST_REF" if sign < 0 else "FUTURE_REF"
    anchor, grain = _shift_anchor(unit, shift_word, s) if unit else (None, None)
    if anchor is None:
        return None, None
    if groups.get("half"):  # "a year and a half ago" → 18 months back
        amount += 0.5
    if amount != int(amount) and unit in ("Y", "D"):
        unit, amount, grain = ("M", amount * 12, "M") if unit == "Y" else ("D", round(amount), grain)
    moved = cal.shift(anchor, unit, int(sign * amount))
    weeks_ago = unit in ("W", "FN") and grain == "D" and shift_word == "ago"
    return None, cal.format_at(moved, "W" if weeks_ago else grain)


def _shift_anchor(unit: str, shift_word: str, s) -> tuple[date | None, str | None]:
    """What a shift counts from, at which granularity: the reference date, or for "a year earlier"
    the quarter reported last, or for "earlier/later" the last date mentioned (if not coarser)."""
    if unit == "Y" and (quarter := last_quarter(s, reported=True)) is not None:
        return quarter, "Q"
    if shift_word in ("earlier", "later") and s.previous:
        parsed = parse_previous(s.previous[-1])
        yearly = unit in ("Y", "DE", "CE")
        if parsed and yearly and GRAINS.index(parsed[1]) <= GRAINS.index(unit):
            return parsed
        if parsed and parsed[1] == "D":
            return parsed[0], "D"
    if s.dct is None:
        return None, None
    return s.dct, ("D" if unit in ("D", "W", "FN") else "M" if unit == "M" else "Y")


def norm_relative(groups: dict, s) -> tuple[str | None, str | None]:
    """ "last week" → 2013-W11, "next month" → 2013-04, "this year" → 2013, "earlier this month"."""
    if s.dct is None:
        return None, None
    unit = (groups.get("unit") or groups.get("unit2") or "year").lower()
    if unit == "weekend":
        return norm_weekend(groups, s)
    code = unit_code(unit)
    rel = (groups.get("rel") or "").lower()
    direction = WORDS["relative_words"].get(rel, 0) if groups.get("rel") else 0
    return None, cal.format_at(cal.shift(s.dct, code, direction), code)


def norm_weekend(groups: dict, s) -> tuple[str | None, str | None]:
    """ "the weekend" → 2013-W11-WE: the last one in a past sentence, the next one otherwise."""
    if s.dct is None:
        return None, None
    text = (groups.get("_text") or "").lower()
    direction = -1 if "last" in text or "past" in text else 1 if "next" in text or "coming" in text else 0
    direction = direction or (-1 if s.tense < 0 else 1 if s.tense > 0 else 0)
    saturday = cal.weekday_near(s.dct, 6, -1 if direction <= 0 else 1)
    if direction == 0 and s.dct.isoweekday() < 6:
        saturday = cal.weekday_near(s.dct, 6, 1)
    return None, cal.iso_week(saturday) + "-WE"


def _part(groups: dict) -> str | None:
    word = (groups.get("part") or "").lower()
    return WORDS["parts_of_day"].get(word)


def norm_deictic(groups: dict, s) -> tuple[str | None, str | None]:
    """ "yesterday" → the day before; "this morning" → 2013-03-22TMO; "last night" → ...TNI."""
    if s.dct is None:
        return ("TIME" if _part(groups) else None), None
    word = (groups.get("deictic") or groups.get("rel") or groups.get("part") or "").lower()
    offset = WORDS["deictic_days"].get(word, -1 if word == "last" else 0)
    if groups.get("around"):  # "the day before yesterday", "the day after tomorrow"
        offset = -2 if groups["around"].lower().startswith("before") else 2
    day = s.dct + timedelta(days=offset)
    part = _part(groups)
    if part is None:
        return None, day.isoformat()
    return "TIME", f"{day.isoformat()}T{part}"


def norm_weekday(groups: dict, s) -> tuple[str | None, str | None]:
    """A weekday: "last Friday" before, "next Friday" after; bare ones by tense (past → on/before)."""
    if s.dct is None:
        return None, None
    weekday = weekday_number(groups["weekday"])
    rel = (groups.get("rel") or "").lower()
    if rel in ("last", "past", "this past"):
        day = cal.weekday_near(s.dct - timedelta(days=1), weekday, -1)
    elif rel in ("next", "coming", "this coming"):
        day = cal.weekday_near(s.dct, weekday, 1)
    elif s.tense > 0:  # "will speak on Wednesday", written on a Wednesday, means that day
        day = cal.weekday_near(s.dct - timedelta(days=1), weekday, 1)
    else:
        day = cal.weekday_near(s.dct, weekday, -1)
    part = _part(groups)
    return None, day.isoformat() if part is None else f"{day.isoformat()}T{part}"


def norm_season(groups: dict, s) -> tuple[str | None, str | None]:
    """ "last fall" → 1998-FA, "this summer" → 1998-SU, "the winter of 1994" → 1994-WI."""
    code = WORDS["seasons"][groups["season"].lower()]
    if groups.get("year"):
        return None, f"{groups['year']}-{code}"
    if s.dct is None:
        return None, None
    rel = (groups.get("rel") or "").lower()
    if rel == "last":
        return None, f"{s.dct.year - 1}-{code}"
    way = 0 if rel == "this" and s.tense == 0 else direction(groups, s)
    return None, cal.season_value(s.dct, code, way)


RELATIVE_NORMS = {
    **PERIOD_NORMS,
    "anaphoric_relative": norm_anaphoric_relative,
    "shift": norm_shift,
    "relative": norm_relative,
    "weekend": norm_weekend,
    "deictic": norm_deictic,
    "weekday": norm_weekday,
    "season": norm_season,
}
