"""Edge cases of the number reader that mutation testing (python -m bench.mutation numbers) found
unguarded: figures that must not be read, phrases cut short, and where a phrase ends.

Every phrase here is written for these tests.
"""

from __future__ import annotations

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from service.analysis.facts.numbers import _by_first_word, _match, find_counts, parse_count, read_count
from service.analysis.model import Count
from service.analysis.nlp import parse


def exact(n: int) -> Count:
    return Count(n, n, n, "exact")


def span(low: int, high: int) -> Count:
    return Count(None, low, high, "range")


# (text, what the reader must make of it)
READINGS = [
    # a range runs upwards: "12 to 7" is 12, then another figure
    ("12 to 7", exact(12)),
    ("5 to 5", exact(5)),
    ("three-four", span(3, 4)),
    ("twenty-one-twenty-five", span(21, 25)),
    ("between twenty and 30", span(20, 30)),
    ("1 million to 2 million", span(1_000_000, 2_000_000)),
    # a decimal is not a head count unless a scale word follows it
    ("2 million", exact(2_000_000)),
    ("some 2.5 million", Count(2_500_000, None, None, "about")),
    ("fewer than 3 million", Count(3_000_000, None, 2_999_999, "at_most")),
    # number words only join as English joins them
    ("twenty fifteen", exact(20)),
    ("twenty ten", exact(20)),
    ("two three", exact(2)),
    ("fifteen two", exact(15)),
    ("twenty-one two", exact(21)),
    ("twenty and five", exact(20)),
    ("one thousand and five", exact(1005)),
    ("two thousand and forty", exact(2040)),
    # a qualifier in front of a vague quantity keeps the vague quantity
    ("more than dozens", Count(None, 24, None, "unspecified")),
    ("at least hundreds", Count(None, 200, None, "unspecified")),
]

# texts with no count at all, many of them cut off in the middle of a phrase
NOTHING = [
    "3.5",
    "0.5",
    "3,5 million",
    "at least",
    "more than",
    "between",
    "between 5",
    "between 5 and",
    "between 5 and them",
    "between them",
    "between twenty",
]


@pytest.mark.parametrize(("text", "expected"), READINGS)
def test_reading_of_edge_phrases(text, expected):
    assert parse_count(text) == expected


@pytest.mark.parametrize("text", NOTHING)
def test_phrases_that_hold_no_count(text):
    assert parse_count(text) is None


@given(st.text(alphabet=" 0123456789.,-abdeilmnorstuvwx", max_size=30))
@example("more than dozens")
@example("between")
@example("between 5 and")
@example("at least")
@example("3.5")
@example("3,5 million")
@example("twenty fifteen")
@example("one thousand and five")
def test_the_reader_never_raises_and_never_reads_a_fraction(text):
    count = parse_count(text)
    if count is not None:
        assert all(isinstance(v, int) for v in (count.count, count.min, count.max) if v is not None)


def test_a_range_start_right_after_from_is_two_figures():
    doc = parse("From 3 to 7 people were held overnight.")
    assert [p.count for p in find_counts(doc)] == [exact(3), exact(7)]


def test_a_range_inside_a_sentence_is_one_range():
    doc = parse("Police said 10 to 15 people were hurt.")
    assert [p.count for p in find_counts(doc)] == [span(10, 15)]


def test_the_last_word_of_a_text_is_not_the_word_before_its_first_figure():
    assert parse_count("5 to 9 of those we heard from") == span(5, 9)


def test_a_scaled_figure_ends_after_its_scale_word():
    doc = parse("About 2 million people fled the floods.")
    (phrase,) = find_counts(doc)
    assert doc[phrase.start : phrase.end].text == "About 2 million"


def noun(sentence: str, text: str):
    doc = parse(sentence)
    return next(t for t in doc if t.text == text)


@pytest.mark.parametrize(
    ("sentence", "word", "expected"),
    [
        # an age glued to a name is not a count of that name
        ("Tom Fielding,19, was killed.", "Fielding,19", None),
        # the figure inside a compound adjective describes the noun, it does not count it
        ("A 67-year-old woman was killed.", "woman", None),
        # a quantity word that is itself the subject counts itself
        ("Hundreds were wounded.", "Hundreds", Count(None, 200, None, "unspecified")),
    ],
)
def test_read_count_only_takes_figures_that_count_the_noun(sentence, word, expected):
    phrase = read_count(noun(sentence, word))
    assert (phrase.count if phrase else None) == expected


def test_no_before_a_noun_is_a_zero_spanning_the_word_no():
    for sentence, no in [
        ("No soldiers were hurt in the blast.", "No"),
        ("Police said no soldiers were hurt.", "no"),
    ]:
        token = noun(sentence, "soldiers")
        phrase = read_count(token)
        assert phrase.count == exact(0)
        assert token.doc[phrase.start : phrase.end].text == no


def test_tables_are_indexed_by_first_word_with_empty_phrases_apart():
    rows = [(["a", "dozen"], 12), ([], None), (["a", "pair"], 2), (["dozen"], 12)]
    index = _by_first_word(rows)
    assert index == {
        "a": [(["a", "dozen"], 12), (["a", "pair"], 2)],
        "": [([], None)],
        "dozen": [(["dozen"], 12)],
    }
    # an empty phrase matches anywhere, after the longer phrases of the word
    assert _match(index, ["a", "pair", "of"], 0) == (2, 2)
    assert _match(index, ["seven"], 0) == (None, 0)
    assert _match({"": [([], "anything")]}, ["seven"], 0) == ("anything", 0)
