"""Skipping a date rule whose required words are absent never loses a match."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from service.analysis.facts.dates import recognise
from service.analysis.facts.dates.lexicon import RULES, Rule, fold, required_words
from tests.analysis.test_dates import EXAMPLES

GOLDEN = Path(__file__).resolve().parents[1] / "data" / "golden" / "dates"


@pytest.mark.parametrize(
    ("pattern", "expected"),
    [
        (r"ago", {"ago"}),
        (r"(?:\d+\s+)?(?:days|weeks)\s+ago", {"days", "weeks"}),  # the set whose shortest word is longest
        (r"(?:last|next)\s+(?:week|month)", {"last", "next"}),
        (r"(?:last|)\s+week", {"week"}),  # an empty alternative makes the branch uncertain
        (r"\d+(?:st|nd)?", None),  # only character classes and optional parts
        (r"(?:Jan|Feb)\.?\s+\d+", {"jan", "feb"}),
        (r"(?:ab)+c", {"ab"}),  # repeated at least once
        (r"(?:morning)*", None),  # may repeat zero times
    ],
)
def test_required_words(pattern, expected):
    found = required_words(re.compile(pattern, re.IGNORECASE))
    assert (set(found) if found is not None else None) == expected


def test_case_folding_covers_what_ignorecase_matches():
    for text in ["AGO", "Ago", "ſunday", "\u212aILLED", "Monday"]:
        for rule in RULES:
            for match in rule.regex.finditer(text):
                assert rule.may_match(fold(text)), (rule.name, match.group(0))


def _texts() -> list[str]:
    return [sentence for sentence, *_ in EXAMPLES] + [path.read_text() for path in GOLDEN.glob("*.txt")]


def test_every_rule_match_contains_a_required_word():
    for text in _texts():
        for rule in RULES:
            for match in rule.regex.finditer(text):
                assert rule.may_match(fold(match.group(0))), (rule.name, match.group(0))


def test_matches_are_the_same_with_and_without_skipping(monkeypatch):
    texts = _texts()
    skipping = [recognise.rule_matches(text, []) for text in texts]
    monkeypatch.setattr(Rule, "may_match", lambda self, folded: True)
    assert [recognise.rule_matches(text, []) for text in texts] == skipping
    assert sum(map(len, skipping)) > 100  # the texts do exercise the rules


def test_most_rules_have_required_words():
    assert sum(rule.needs is not None for rule in RULES) >= len(RULES) * 0.8
