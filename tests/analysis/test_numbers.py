"""The number reader: a table of phrases news writes, round trips of any integer, and spaCy attachment."""

import json

import pytest
from hypothesis import given
from hypothesis import strategies as st

from service.analysis.facts.numbers import DATA, find_counts, parse_count, read_count
from service.analysis.model import Count
from service.analysis.nlp import parse

# (phrase, count, min, max, qualifier); written for these tests.
TABLE = [
    ("12", 12, 12, 12, "exact"),
    ("1,200", 1200, 1200, 1200, "exact"),
    ("38,000", 38000, 38000, 38000, "exact"),
    ("one", 1, 1, 1, "exact"),
    ("Twenty-three", 23, 23, 23, "exact"),
    ("twenty three", 23, 23, 23, "exact"),
    ("one hundred and five", 105, 105, 105, "exact"),
    ("two dozen", 24, 24, 24, "exact"),
    ("a dozen", 12, 12, 12, "exact"),
    ("half a dozen", 6, 6, 6, "exact"),
    ("a half-dozen", 6, 6, 6, "exact"),
    ("half-dozen", 6, 6, 6, "exact"),
    ("1.5 million", 1500000, 1500000, 1500000, "exact"),
    ("at least 12", 12, 12, None, "at_least"),
    ("more than 300", 300, 301, None, "at_least"),
    ("over 40", 40, 41, None, "at_least"),
    ("more than a dozen", 12, 13, None, "at_least"),
    ("up to 15", 15, None, 15, "at_most"),
    ("as many as 40", 40, None, 40, "at_most"),
    ("fewer than 10", 10, None, 9, "at_most"),
    ("nearly 40", 40, None, None, "about"),
    ("almost 40", 40, None, None, "about"),
    ("about 30", 30, None, None, "about"),
    ("some 300", 300, None, None, "about"),
    ("10 to 15", None, 10, 15, "range"),
    ("10-15", None, 10, 15, "range"),
    ("10\u201315", None, 10, 15, "range"),
    ("between 10 and 15", None, 10, 15, "range"),
    ("two or three", None, 2, 3, "range"),
    ("dozens", None, 24, None, "unspecified"),
    ("hundreds", None, 200, None, "unspecified"),
    ("tens of thousands", None, 20000, None, "unspecified"),
    ("several dozen", None, 24, None, "unspecified"),
    ("a few hundred", None, 200, None, "unspecified"),
    ("several", None, None, None, "unspecified"),
    ("scores", None, None, None, "unspecified"),
    ("no one", 0, 0, 0, "exact"),
    ("nobody", 0, 0, 0, "exact"),
    ("None", 0, 0, 0, "exact"),
]


@pytest.mark.parametrize(("text", "count", "low", "high", "qualifier"), TABLE)
def test_parse_count_table(text, count, low, high, qualifier):
    assert parse_count(text) == Count(count, low, high, qualifier)


@pytest.mark.parametrize("text", ["", "people", "some of them", "over the weekend", "and three"])
def test_phrases_without_a_figure_read_as_no_count(text):
    assert parse_count(text) is None


def test_two_and_three_is_not_five():
    assert parse_count("two and three") == Count(2, 2, 2, "exact")


UNITS = (
    "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen "
    "sixteen seventeen eighteen nineteen".split()
)
TENS = "_ _ twenty thirty forty fifty sixty seventy eighty ninety".split()


def spell(n: int) -> str:
    """English words for ``n`` (test helper, independent of the reader)."""
    if n < 20:
        return UNITS[n]
    if n < 100:
        return TENS[n // 10] + ("-" + UNITS[n % 10] if n % 10 else "")
    if n < 1000:
        rest = n % 100
        return UNITS[n // 100] + " hundred" + (" and " + spell(rest) if rest else "")
    for scale, name in ((10**9, "billion"), (10**6, "million"), (1000, "thousand")):
        if n >= scale:
            rest = n % scale
            return spell(n // scale) + " " + name + (" " + spell(rest) if rest else "")
    raise AssertionError(n)


@given(st.integers(min_value=0, max_value=10**12))
def test_digits_with_separators_read_back(n):
    assert parse_count(f"{n:,}").count == n
    assert parse_count(f"{n}").count == n


@given(st.integers(min_value=1, max_value=10**11))
def test_words_read_back(n):
    assert parse_count(spell(n)).count == n


@given(st.integers(min_value=0, max_value=10**6))
def test_qualified_numbers_keep_the_stated_figure(n):
    assert parse_count(f"at least {n:,} people") == Count(n, n, None, "at_least")
    assert parse_count(f"more than {n}") == Count(n, n + 1, None, "at_least")


def test_find_counts_in_a_parsed_sentence():
    doc = parse("At least 12 civilians were killed and more than 300 wounded, officials said.")
    found = [(doc[p.start : p.end].text, p.count.count) for p in find_counts(doc)]
    assert found == [("At least 12", 12), ("more than 300", 300)]


def test_from_to_is_not_a_range():
    doc = parse("The toll rose from 18 to 31.")
    assert [p.count.count for p in find_counts(doc)] == [18, 31]


@pytest.mark.parametrize(
    ("sentence", "noun", "expected"),
    [
        ("At least 12 civilians were killed.", "civilians", Count(12, 12, None, "at_least")),
        ("Dozens of people were hurt.", "people", Count(None, 24, None, "unspecified")),
        ("Twenty-three miners died.", "miners", Count(23, 23, 23, "exact")),
        ("No civilians were killed.", "civilians", Count(0, 0, 0, "exact")),
        ("Police said the victims were taken away.", "victims", None),
        # a designation is a name, not a number of people
        ("A K-9 officer was wounded.", "officer", None),
        ("Two F-16 pilots died.", "pilots", Count(2, 2, 2, "exact")),
        # letters glued to digits: a flight, an aircraft, an amount in naira
        ("The MH17 passengers were mourned.", "passengers", None),
        ("They paid another N2.5 million.", "million", None),
        ("Three A320 pilots were hurt.", "pilots", Count(3, 3, 3, "exact")),
        # the "over" of "hand over" is the verb's
        ("The militia is obliged to hand over 25 captives.", "captives", Count(25, 25, 25, "exact")),
        # "injured | over 50", the approximator parsed as a preposition
        ("The blast killed nine and injured over 50.", "50", Count(50, 51, None, "at_least")),
    ],
)
def test_read_count_attached_to_a_noun(sentence, noun, expected):
    doc = parse(sentence)
    token = next(t for t in doc if t.text == noun)
    phrase = read_count(token)
    assert (phrase.count if phrase else None) == expected


def test_numbers_data_file_is_well_formed():
    data = json.loads(DATA.read_text(encoding="utf-8"))
    allowed = {"_doc", "units", "tens", "scales", "fixed", "vague", "zeros", "qualifiers", "range_links"}
    assert set(data) == allowed
    for key in ("units", "tens", "scales", "fixed"):
        assert all(isinstance(v, int) and v >= 0 for v in data[key].values()), key
    assert all(v is None or isinstance(v, int) for v in data["vague"].values())
    rules = {"at_least", "more_than", "at_most", "less_than", "about"}
    assert set(data["qualifiers"].values()) <= rules
    every = [
        *data["units"],
        *data["tens"],
        *data["scales"],
        *data["fixed"],
        *data["vague"],
        *data["qualifiers"],
    ]
    assert all(w == w.lower().strip() for w in every + data["zeros"])
