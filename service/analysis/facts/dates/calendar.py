"""Calendar arithmetic on reference dates and TIMEX3 value formatting at a given granularity."""

from __future__ import annotations

import re
from datetime import date, timedelta

from dateutil.relativedelta import relativedelta

# Duration letters per unit code (TIMEX3: P3Y, P2W, PT4H, PT30M; decades and centuries in years).
DURATION_CODES = {
    "S": ("T", "S"),
    "MIN": ("T", "M"),
    "H": ("T", "H"),
    "D": ("", "D"),
    "W": ("", "W"),
    "FN": ("", "W"),
    "M": ("", "M"),
    "Q": ("", "Q"),
    "Y": ("", "Y"),
    "DE": ("", "DE"),
    "CE": ("", "CE"),
}
SEASON_OF_MONTH = {
    12: "WI",
    1: "WI",
    2: "WI",
    3: "SP",
    4: "SP",
    5: "SP",
    6: "SU",
    7: "SU",
    8: "SU",
    9: "FA",
    10: "FA",
    11: "FA",
}
SEASON_ORDER = ["WI", "SP", "SU", "FA"]


def shift(ref: date, unit: str, n: int) -> date:
    """``ref`` moved by ``n`` units (D, W, FN, M, Q, Y, DE, CE)."""
    if unit == "D":
        return ref + timedelta(days=n)
    if unit in ("W", "FN"):
        return ref + timedelta(weeks=n * (2 if unit == "FN" else 1))
    months = {"M": 1, "Q": 3, "Y": 12, "DE": 120, "CE": 1200}.get(unit)
    if months is None:
        return ref
    return ref + relativedelta(months=n * months)


def iso_week(day: date) -> str:
    """ "2025-W12": the ISO week that contains ``day``."""
    year, week, _ = day.isocalendar()
    return f"{year}-W{week:02d}"


def quarter(day: date) -> str:
    """ "2025-Q1": the calendar quarter that contains ``day``."""
    return f"{day.year}-Q{(day.month - 1) // 3 + 1}"


def format_at(day: date, unit: str) -> str:
    """The TIMEX3 value naming the ``unit``-long period that contains ``day``."""
    if unit in ("D", "H", "MIN", "S"):
        return day.isoformat()
    if unit in ("W", "FN"):
        return iso_week(day)
    if unit == "WE":
        return iso_week(day) + "-WE"
    if unit == "M":
        return f"{day.year}-{day.month:02d}"
    if unit == "Q":
        return quarter(day)
    if unit == "DE":
        return f"{day.year // 10:03d}"
    if unit == "CE":
        return f"{day.year // 100:02d}"
    return f"{day.year:04d}"


def weekday_near(ref: date, weekday: int, direction: int) -> date:
    """The ``weekday`` (1=Mon) on or before ``ref`` (direction -1), or after it (direction 1)."""
    delta = weekday - ref.isoweekday()
    if direction < 0:
        return ref + timedelta(days=delta if delta <= 0 else delta - 7)
    return ref + timedelta(days=delta if delta > 0 else delta + 7)


def season_value(ref: date, season: str, direction: int) -> str:
    """``season`` of the year of ``ref`` (0), the last one before it (-1) or the next one (1)."""
    current = SEASON_OF_MONTH[ref.month]
    year = ref.year
    index, here = SEASON_ORDER.index(season), SEASON_ORDER.index(current)
    if direction < 0 and index >= here:
        year -= 1
    elif direction > 0 and index <= here:
        year += 1
    return f"{year}-{season}"


SMALLER_UNIT = {"Y": ("M", 12), "W": ("D", 7), "D": ("H", 24), "H": ("MIN", 60), "MIN": ("S", 60)}


def duration_value(amount: float | None, unit: str) -> str:
    """A TIMEX3 duration: (3, "Y") → P3Y, (4, "H") → PT4H, (2.5, "Y") → P2Y6M, (None, "W") → PXW."""
    time_part, letter = DURATION_CODES.get(unit, ("", unit))
    if amount is None:
        return f"P{time_part}X{letter}"
    if unit in ("FN", "DE", "CE"):
        amount, unit = amount * {"FN": 2, "DE": 10, "CE": 100}[unit], "W" if unit == "FN" else "Y"
        time_part, letter = DURATION_CODES[unit]
    whole = int(amount)
    if amount == whole or unit not in SMALLER_UNIT:
        return f"P{time_part}{amount:g}{letter}"
    smaller, factor = SMALLER_UNIT[unit]
    rest = duration_value((amount - whole) * factor, smaller).removeprefix("P").removeprefix("T")
    if not whole:
        return duration_value((amount - whole) * factor, smaller)
    joiner = "T" if DURATION_CODES[smaller][0] and not time_part else ""
    return f"P{time_part}{whole}{letter}{joiner}{rest}"


_PERIOD = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?|-W(\d{2})(?:-WE)?)?$")


def period_end(value: str | None) -> date | None:
    """The last day of the period a TIMEX3 date value names ("2025-07-25", "2025-04", "2019",
    "2025-W32", "2025-W32-WE"); None for other values (seasons, quarters, vague references)."""
    found = _PERIOD.match((value or "").split("T")[0])
    if found is None:
        return None
    year, month, day, week = found.groups()
    try:
        if week:
            return date.fromisocalendar(int(year), int(week), 7)
        if day:
            return date(int(year), int(month), int(day))
        if month:
            return date(int(year), int(month), 1) + relativedelta(months=1, days=-1)
        return date(int(year), 12, 31)
    except ValueError:
        return None
