"""Finds temporal expressions with the data rules; spaCy's DATE/TIME entities serve as evidence.

Extents follow TimeML: the rules leave out prepositions ("on Wednesday" → "Wednesday") and keep
determiners that belong to the expression ("the third quarter"). Ambiguous words (a bare year,
"May", "fall") count only where a guard accepts their context, e.g. inside a spaCy DATE entity.
A spaCy entity that no rule matches is left out: it has no value to give (on the dev set such
spans were wrong more often than right).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from service.analysis.facts.dates.lexicon import RULES, WORDS, Rule, fold, unit_code

PREVIOUS_WORD = re.compile(r"([\w%$'.]+)\W*$")
NEXT_WORD = re.compile(r"^\W*?([\w%]+)")


@dataclass(frozen=True)
class Match:
    """A recognised expression: its span, the rule that found it and the rule's named groups."""

    start: int
    end: int
    rule: Rule
    groups: dict


def _previous_word(text: str, start: int) -> str:
    found = PREVIOUS_WORD.search(text[max(0, start - 30) : start])
    return found.group(1).lower() if found else ""


def _next_word(text: str, end: int) -> str:
    found = NEXT_WORD.search(text[end : end + 30])
    return found.group(1).lower() if found else ""


def _capitalised(value: str | None) -> bool:
    return bool(value) and value[0].isupper()


@dataclass(frozen=True)
class Around:
    """What a guard may look at: the match, the words on each side, whether spaCy saw a date there."""

    m: re.Match
    groups: dict
    before: str
    after: str
    in_entity: bool


def _month_alone(a: Around) -> bool:
    if not _capitalised(a.groups["month"]):
        return False
    if a.groups["month"].lower() in ("may", "march"):
        return a.in_entity or a.before in WORDS["date_prepositions"] or bool(a.groups.get("mod"))
    return True


def _year_alone(a: Around) -> bool:
    text = a.m.group(0)
    if a.before.startswith("$") or a.after in ("%", "percent"):
        return False
    if text[0] == "'":
        return a.in_entity
    return a.in_entity or a.before in WORDS["year_prepositions"] or text[:1].isalpha()


def _season(a: Around) -> bool:
    rel = (a.groups.get("rel") or "").lower()
    if a.groups.get("year") or (rel and rel != "the"):
        return True
    if a.groups["season"].lower() == "fall" and (a.after in ("of", "in", "from", "to", "by") or not rel):
        return a.before in WORDS["season_prepositions"]  # "in fall", not "to fall apart"
    return a.in_entity or a.before in WORDS["date_prepositions"] or bool(rel)


def _after_quantity(a: Around) -> bool:
    before = a.before
    return (
        before.rstrip(".").replace(",", "").isdigit()
        or before in WORDS["quantity_words"]
        or before.startswith("$")
        or before.endswith("%")
        or unit_code(before) is not None  # "24 hours a day"
    )


def _vague(a: Around) -> bool:
    if a.groups["vague"].lower() in ("current", "future", "recent"):
        return a.after.isalpha() and a.after.islower() and a.m.string[a.m.end() : a.m.end() + 1] == " "
    return True


def _duration(a: Around) -> bool:
    """Not "60 Minutes" (a title) nor "a second round" (an ordinal)."""
    unit, number = a.groups["unit"], (a.groups.get("num") or "").lower()
    if not unit.islower():
        return False
    return not (unit == "second" and number in ("a", "an", "one") and a.after.isalpha())


# Context checks that keep ambiguous words ("may", "fall", "2,000") out; rules name them as "guard".
GUARDS = {
    "cased": lambda a: _capitalised(a.m.group(0)),
    "cased_month": lambda a: _capitalised(a.groups.get("month")),
    "cased_weekday": lambda a: _capitalised(a.groups.get("weekday") or a.groups.get("weekday2")),
    "month_alone": _month_alone,
    "year_alone": _year_alone,
    "season": _season,
    "after_quantity": _after_quantity,
    "plural_unit": lambda a: a.groups["unit"].lower().endswith(("s", "centuries")),
    "bare_units": lambda a: a.before in WORDS["duration_prepositions"],
    "vague": _vague,
    "spelled_year": lambda a: (
        a.in_entity or a.before in WORDS["year_prepositions"] or a.m.group(0)[0] in "tT"
    ),
    "duration": _duration,
    "cased_holiday": lambda a: _capitalised(a.groups["holiday"]),
}


def _guard_ok(guard: str | None, m: re.Match, text: str, entities: list[tuple[int, int]]) -> bool:
    if guard is None:
        return True
    in_entity = any(s <= m.start() and m.end() <= e for s, e in entities)
    around = Around(m, m.groupdict(), _previous_word(text, m.start()), _next_word(text, m.end()), in_entity)
    return GUARDS[guard](around)


def rule_matches(text: str, entities: list[tuple[int, int]]) -> list[Match]:
    """Every rule match that passes its guard, overlaps resolved longest first, then by rule order.

    A rule may mark its extent with a group named ``span`` ("18" in "Dec. 17-18") when the
    rest of the match is only context.
    """
    found = []
    folded = fold(text)
    for order, rule in enumerate(RULES):
        if not rule.may_match(folded):
            continue
        for m in rule.regex.finditer(text):
            start, end = m.span("span") if m.groupdict().get("span") else m.span()
            if end > start and _guard_ok(rule.guard, m, text, entities):
                found.append((end - start, order, start, end, m, rule))
    found.sort(key=lambda item: (-item[0], item[1], item[2]))
    taken: list[Match] = []
    for _, _, start, end, m, rule in found:
        if all(end <= t.start or start >= t.end for t in taken):
            taken.append(Match(start, end, rule, m.groupdict()))
    return sorted(taken, key=lambda t: t.start)


def find(text: str, entities: list[tuple[int, int]]) -> list[Match]:
    """All temporal expressions in ``text`` in reading order."""
    return rule_matches(text, entities)
