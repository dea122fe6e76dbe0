"""Properties of the number reader (Hypothesis): invariants that hold for any text and any figure.

Complements the round trips in test_numbers.py: here the reader never crashes, its counts are
internally consistent, qualifiers and ranges keep the stated bounds, and case, spacing and
the words after a phrase do not change what it reads.
"""

from __future__ import annotations

from hypothesis import assume, given
from hypothesis import strategies as st

from service.analysis.facts.numbers import parse_count
from service.analysis.model import Count
from tests.analysis.test_numbers import spell

QUALIFIERS = {"exact", "at_least", "at_most", "about", "range", "unspecified"}
NEWSY = st.lists(  # phrases made of the reader's own vocabulary, in any order
    st.sampled_from("0 7 12 1,200 3.5 - to at least more than up about some dozens of and no one".split()),
    max_size=8,
).map(" ".join)
FIGURE = st.integers(min_value=0, max_value=10**7)
written = st.one_of(
    FIGURE.map(str), FIGURE.map("{:,}".format), st.integers(min_value=0, max_value=10**6).map(spell)
)


def consistent(count: Count) -> bool:
    """The invariants of every Count the reader returns."""
    values = [v for v in (count.count, count.min, count.max) if v is not None]
    ordered = count.min is None or count.max is None or count.min <= count.max
    exact = count.qualifier != "exact" or count.count == count.min == count.max
    return count.qualifier in QUALIFIERS and all(v >= 0 for v in values) and ordered and exact


@given(st.one_of(st.text(max_size=60), NEWSY))
def test_any_text_reads_as_nothing_or_a_consistent_count(text):
    count = parse_count(text)
    assert count is None or consistent(count)


@given(FIGURE, st.sampled_from(["", " people", " were killed", " civilians died, officials said."]))
def test_words_after_a_figure_do_not_change_it(n, tail):
    assert parse_count(f"{n:,}{tail}") == Count(n, n, n, "exact")


@given(written, st.sampled_from([str.upper, str.title, str.lower, lambda s: f"  {s}  "]))
def test_case_and_surrounding_space_do_not_matter(phrase, change):
    assert parse_count(change(phrase)) == parse_count(phrase)


@given(st.integers(min_value=0, max_value=10**6))
def test_qualifiers_bound_the_stated_figure(n):
    assert parse_count(f"at least {n}") == Count(n, n, None, "at_least")
    assert parse_count(f"up to {n}") == Count(n, None, n, "at_most")
    assert parse_count(f"fewer than {n}") == Count(n, None, max(n - 1, 0), "at_most")
    assert parse_count(f"about {n}") == Count(n, None, None, "about")


@given(st.integers(min_value=0, max_value=10**6), st.integers(min_value=1, max_value=10**6))
def test_ranges_keep_both_ends(low, width):
    high = low + width
    for phrase in (f"{low} to {high}", f"{low}-{high}", f"between {low} and {high}", f"{low:,} to {high:,}"):
        assert parse_count(phrase) == Count(None, low, high, "range"), phrase


@given(st.integers(min_value=1, max_value=19), st.integers(min_value=1, max_value=20))
def test_spelled_ranges_keep_both_ends(low, width):
    high = low + width
    assert parse_count(f"{spell(low)} or {spell(high)}") == Count(None, low, high, "range")


@given(st.integers(min_value=1, max_value=999), st.sampled_from([("thousand", 10**3), ("million", 10**6)]))
def test_scale_words_multiply(n, scale):
    name, factor = scale
    assert parse_count(f"{n} {name}").count == n * factor
    assert parse_count(f"{spell(n)} {name}").count == n * factor


@given(written)
def test_a_stated_figure_is_exact(phrase):
    count = parse_count(phrase)
    assume(count is not None)
    assert count.qualifier == "exact"
    assert consistent(count)
