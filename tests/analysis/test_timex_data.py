"""Validates the temporal data files: known keys, compilable patterns, existing normalisers."""

from __future__ import annotations

import json

from service.analysis.facts.dates import lexicon
from service.analysis.facts.dates.normalise import NORMS
from service.analysis.facts.dates.recognise import GUARDS

WORD_LISTS = {
    "months",
    "month_abbrevs",
    "weekdays",
    "weekday_abbrevs",
    "numbers",
    "vague_numbers",
    "ordinals",
    "units",
    "unit_plurals",
    "seasons",
    "parts_of_day",
    "deictic_days",
    "vague_refs",
    "set_adverbs",
    "relative_words",
    "shift_words",
    "future_markers",
    "year_prepositions",
    "date_prepositions",
    "duration_prepositions",
    "quantity_words",
    "tens",
    "holidays",
    "season_prepositions",
    "vague_plural_refs",
    "intent_verbs",
    "future_signals",
    "event_day_words",
    "ones",
}
TIMEX_VALUE = r"^(P|PT|XXXX|PRESENT_REF|PAST_REF|FUTURE_REF)"


def test_word_lists_are_known_and_lowercase():
    assert set(lexicon.WORDS) == WORD_LISTS
    for name, entries in lexicon.WORDS.items():
        assert entries, name
        assert all(key == key.lower().strip() for key in entries), name


def test_month_and_weekday_numbers_are_in_range():
    for table in ("months", "month_abbrevs"):
        assert set(lexicon.WORDS[table].values()) <= set(range(1, 13))
    for table in ("weekdays", "weekday_abbrevs"):
        assert set(lexicon.WORDS[table].values()) <= set(range(1, 8))


def test_rules_have_only_known_keys_types_norms_and_guards():
    lines = (lexicon.DATA / "timex_rules.jsonl").read_text(encoding="utf-8").splitlines()
    names = set()
    for line in filter(None, lines):
        spec = json.loads(line)
        assert set(spec) <= lexicon.RULE_KEYS, spec
        assert spec["type"] in lexicon.TYPES
        assert spec["norm"] in NORMS
        assert spec.get("guard") is None or spec["guard"] in GUARDS
        assert spec["name"] not in names
        names.add(spec["name"])
    assert len(lexicon.RULES) == len(names)


def test_every_placeholder_is_defined():
    fragments = lexicon.placeholders()
    for rule in lexicon.RULES:
        assert "{" not in rule.regex.pattern.replace("{1,2}", "").replace("{2}", "").replace(
            "{3}", ""
        ).replace("{4}", "").replace("{2,4}", "").replace("{1}", ""), rule.name
    assert all(fragments.values())
