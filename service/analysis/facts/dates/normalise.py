"""Turns a matched rule's groups into a TIMEX3 value, against the reference date and tense.

Each normaliser takes the match's named groups and a ``Situation`` and returns
``(type, value)``: type None keeps the rule's type; value None means "cannot be resolved"
(for relative expressions when there is no reference date).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from service.analysis.facts.dates import calendar as cal
from service.analysis.facts.dates.lexicon import WORDS, month_number, parse_number, unit_code, weekday_number
from service.analysis.facts.dates.named import NAMED_NORMS
from service.analysis.facts.dates.relative import RELATIVE_NORMS, norm_weekday

FUTURE_DISTANCE_WEIGHT = 1.5


@dataclass
class Situation:
    """What a normaliser knows: the reference date, the tense around the match, earlier values."""

    dct: date | None
    tense: int = 0  # -1 past, 0 present or unknown, 1 future
    previous: list[str] = field(default_factory=list)
    sentence: int = -1  # where the sentence of the expression being normalised starts
    last_day: tuple[int, str] | None = None  # (sentence start, value) of the latest full-date mention
    word_before: str = ""  # the word before the expression, lower-cased ("to", "by", "on"…)


def _year(groups: dict, dct: date | None) -> int | None:
    if groups.get("year"):
        year = int(groups["year"])
        return year + (1900 if year >= 50 else 2000) if year < 100 else year
    if groups.get("year2"):
        century = dct.year // 100 * 100 if dct else 1900
        return century + int(groups["year2"])
    return None


def norm_date(groups: dict, s: Situation) -> tuple[str | None, str | None]:
    """Calendar dates, months and years, complete or missing their year."""
    year, month = _year(groups, s.dct), month_number(groups.get("month"))
    day = int(groups["day"]) if groups.get("day") else None
    if month is None:
        return None, f"{year:04d}" if year else None
    if not 1 <= month <= 12 or (day is not None and not 1 <= day <= 31):
        return None, None
    if year is None and groups.get("yrel") and s.dct is not None:
        year = s.dct.year + WORDS["relative_words"][groups["yrel"].lower()]
    if year is None:
        year = _infer_year(month, day, groups, s)
    if year and day:
        date(year, month, day)  # ValueError for "Feb. 30": the caller gives it no value
    head = f"{year:04d}" if year else "XXXX"
    return None, f"{head}-{month:02d}" + (f"-{day:02d}" if day else "")


def _infer_year(month: int, day: int | None, groups: dict, s: Situation) -> int | None:
    """The year of a month (and day) given without one.

    "last April" is the latest April at least two months back, "next April" the first one ahead,
    "this April" the reference year's; a bare date is the occurrence nearest the reference date,
    unless the tense puts it more than a month on the wrong side.
    """
    if s.dct is None:
        return None
    rel = (groups.get("rel") or "").lower().split()
    ref_month = s.dct.year * 12 + s.dct.month - 1
    if rel and rel[-1] in ("last", "past"):
        return s.dct.year if month < s.dct.month - 1 else s.dct.year - 1
    if rel and rel[-1] in ("next", "coming"):
        return s.dct.year if month > s.dct.month else s.dct.year + 1
    if rel:
        return s.dct.year
    best = min((_months_away(y, month, day, s.dct), y) for y in (s.dct.year - 1, s.dct.year, s.dct.year + 1))[
        1
    ]
    offset = (best * 12 + month - 1) - ref_month
    if s.tense < 0 and (offset > 1 or (offset >= 0 and not _deadline(s) and _after(best, month, day, s.dct))):
        return best - 1  # a past-tense clause tells of a day before the report, not after it
    if s.tense > 0 and offset < -1:
        return best + 1
    return best


def _deadline(s: Situation) -> bool:
    """Whether the date may lie ahead although its clause is past: only a day the events fell on
    ("killed on March 25") is moved back; "was extended to Nov. 16", "the Jan. 14 deadline" are not."""
    return s.word_before not in WORDS["event_day_words"] and not s.word_before.endswith(",")


def _after(year: int, month: int, day: int | None, dct: date) -> bool:
    """Whether (year, month, day) lies more than a week after the reference date (closer, a report
    dated a day early or a schedule is likelier than last year's date)."""
    if day is None:
        return False
    try:
        return (date(year, month, day) - dct).days > 7
    except ValueError:
        return False


def _months_away(year: int, month: int, day: int | None, dct: date) -> float:
    """How far (year, month, day) lies from the reference date, in months; news tells of the past
    more than of the future, so a date ahead counts as further away."""
    offset = (year * 12 + month - 1) - (dct.year * 12 + dct.month - 1) + ((day or 15) - dct.day) / 31
    return offset * FUTURE_DISTANCE_WEIGHT if offset > 0 else -offset


def norm_week_of(groups: dict, s: Situation) -> tuple[str | None, str | None]:
    """ "the week of March 6" → the ISO week of that day."""
    value = norm_date(groups, s)[1]
    if not value or not value[:4].isdigit():
        return None, None
    return None, cal.iso_week(date.fromisoformat(value))


def norm_decade(groups: dict, s: Situation) -> tuple[str | None, str | None]:
    """ "the 1990s" → 199; "the '80s" → 198 (the reference date's century, else the 1900s)."""
    if groups.get("decade"):
        return None, groups["decade"]
    decade = int(groups["decade2"])
    if s.dct is None:
        return None, f"19{decade}"
    century = s.dct.year // 100 - (1 if decade * 10 > s.dct.year % 100 else 0)  # "the '80s" in 2013
    return None, f"{century}{decade}"


def norm_century(groups: dict, s: Situation) -> tuple[str | None, str | None]:
    """ "the 20th century" → 19."""
    word = groups["ord"].lower()
    number = WORDS["ordinals"].get(word) or int("".join(ch for ch in word if ch.isdigit()))
    return None, f"{number - 1:02d}"


def norm_duration(groups: dict, s: Situation) -> tuple[str | None, str | None]:
    """ "three-year" → P3Y, "two weeks" → P2W, "90 minutes" → PT90M."""
    amount = parse_number(groups["num"]) if groups.get("num") else 1
    unit = unit_code(groups["unit"])
    if amount is None or unit is None:
        return None, None
    if groups.get("unit") and "and a half" in (groups.get("_text") or ""):
        amount += 0.5
    return None, cal.duration_value(amount, unit)


def norm_vague_duration(groups: dict, s: Situation) -> tuple[str | None, str | None]:
    """ "several years", "recent weeks" → PXY, PXW."""
    unit = unit_code(groups["unit"])
    return None, cal.duration_value(None, unit) if unit else None


def norm_set(groups: dict, s: Situation) -> tuple[str | None, str | None]:
    """ "every year" → P1Y, "each Thursday" → XXXX-WXX-4, "each July" → XXXX-07, "daily" → P1D."""
    if groups.get("setadv"):
        return None, WORDS["set_adverbs"][groups["setadv"].lower()]
    weekday = groups.get("weekday") or groups.get("weekday2")
    if weekday:
        return None, f"XXXX-WXX-{weekday_number(weekday)}"
    if groups.get("month"):
        return None, f"XXXX-{month_number(groups['month']):02d}"
    unit = unit_code(groups["unit"])
    amount = parse_number(groups["num"]) if groups.get("num") else 1
    return None, cal.duration_value(amount, unit) if unit else None


def norm_set_every_other(groups: dict, s: Situation) -> tuple[str | None, str | None]:
    """ "every other Thursday" → P2W, "every other year" → P2Y."""
    unit = "W" if groups.get("weekday") else unit_code(groups["unit"])
    return None, cal.duration_value(2, unit)


def norm_vague(groups: dict, s: Situation) -> tuple[str | None, str | None]:
    """ "now" → PRESENT_REF, "recently" → PAST_REF, "the future" → FUTURE_REF."""
    vref = groups.get("vref") or groups.get("vref2")
    if vref:  # "recent years", "coming months"; "recent weeks" stays a duration (PXW)
        return None, WORDS["vague_plural_refs"][vref.lower()]
    key = " ".join(groups["vague"].lower().split())
    return None, WORDS["vague_refs"].get(key)


def norm_clock_time(groups: dict, s) -> tuple[str | None, str | None]:
    """ "10:35 a.m." → 1998-08-07T10:35 on the reference day (or the weekday or date given)."""
    if groups.get("clock"):
        hour, minute = (12, 0) if groups["clock"].lower() == "noon" else (24, 0)
    else:
        hour, minute = int(groups["hour"]), int(groups.get("minute") or 0)
        if groups.get("ampm"):  # else a 24-hour clock: "1930 GMT"
            hour = (hour % 12) + (12 if groups["ampm"].lower().startswith("p") else 0)
    if hour > 24 or minute > 59:
        return None, None
    return None, f"{_clock_day(groups, s)}T{hour:02d}:{minute:02d}"


def _clock_day(groups: dict, s) -> str:
    if groups.get("month") and groups.get("day"):
        return norm_date(groups, s)[1] or "XXXX-XX-XX"
    if s.dct is None:
        return "XXXX-XX-XX"
    if groups.get("weekday"):
        return norm_weekday({"weekday": groups["weekday"]}, s)[1]
    if s.last_day and s.last_day[0] == s.sentence:  # "on March 5 ... at 10 a.m."
        return s.last_day[1]
    return s.dct.isoformat()


NORMS = {
    "date": norm_date,
    "decade": norm_decade,
    "week_of": norm_week_of,
    "century": norm_century,
    "duration": norm_duration,
    "vague_duration": norm_vague_duration,
    "set": norm_set,
    "vague": norm_vague,
    "set_every_other": norm_set_every_other,
    "clock_time": norm_clock_time,
    **RELATIVE_NORMS,
    **NAMED_NORMS,
}
