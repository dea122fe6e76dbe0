"""Examples for each kind of temporal expression, with their reference dates (sentences written here)."""

from __future__ import annotations

import dataclasses
import json
import os
from datetime import date, datetime
from pathlib import Path

import pytest

from service.analysis.facts import dates
from service.analysis.facts.dates.calendar import period_end
from service.analysis.model import Context, DateMention
from service.analysis.nlp import parse

WED = date(2025, 3, 19)  # a Wednesday

# (sentence, reference date, expected (text, type, value) of every mention)
EXAMPLES = [
    # absolute and partial dates
    ("The ceasefire began on March 18, 2025.", WED, [("March 18, 2025", "DATE", "2025-03-18")]),
    ("Talks resumed in February 2022.", WED, [("February 2022", "DATE", "2022-02")]),
    ("The plant opened in 2019.", WED, [("2019", "DATE", "2019")]),
    ("Prices rose sharply in the 1990s.", WED, [("the 1990s", "DATE", "199")]),
    ("The deal was signed Sept. 30.", WED, [("Sept. 30", "DATE", "2024-09-30")]),
    # weekdays by tense
    ("The minister spoke on Tuesday.", WED, [("Tuesday", "DATE", "2025-03-18")]),
    ("The minister will speak on Wednesday.", WED, [("Wednesday", "DATE", "2025-03-19")]),
    ("The minister will speak next Wednesday.", WED, [("next Wednesday", "DATE", "2025-03-26")]),
    ("The minister will speak on Friday.", WED, [("Friday", "DATE", "2025-03-21")]),
    ("Rebels attacked the town Friday night.", WED, [("Friday night", "DATE", "2025-03-14TNI")]),
    ("The boy could fly home as early as Friday.", WED, [("Friday", "DATE", "2025-03-21")]),
    ("Police have scheduled a news conference Thursday.", WED, [("Thursday", "DATE", "2025-03-20")]),
    ("The first states to join on Friday were Poland and Hungary.", WED, [("Friday", "DATE", "2025-03-14")]),
    # deictic and relative
    ("The army withdrew yesterday.", WED, [("yesterday", "DATE", "2025-03-18")]),
    ("Exports fell last week.", WED, [("last week", "DATE", "2025-W11")]),
    ("Prices fell during the last week.", WED, [("the last week", "DATE", "2025-W11")]),
    ("Elections are due next month.", WED, [("next month", "DATE", "2025-04")]),
    ("Growth slowed this year.", WED, [("this year", "DATE", "2025")]),
    ("The town fell two years ago.", WED, [("two years ago", "DATE", "2023")]),
    ("Profit rose in the third quarter.", date(1989, 10, 26), [("the third quarter", "DATE", "1989-Q3")]),
    ("Third-quarter sales dropped 11%.", date(1989, 10, 26), [("Third-quarter", "DATE", "1989-Q3")]),
    ("The siege began last fall.", WED, [("last fall", "DATE", "2024-FA")]),
    # times
    # "overnight" in a story of Wednesday is the night that ended that morning: Tuesday's night
    ("Shelling continued overnight.", WED, [("overnight", "TIME", "2025-03-18TNI")]),
    ("The blast happened at 10 a.m.", WED, [("10 a.m.", "TIME", "2025-03-19T10:00")]),
    ("The blast happened this morning.", WED, [("this morning", "TIME", "2025-03-19TMO")]),
    # durations
    ("Both sides agreed to a 30-day truce.", WED, [("30-day", "DURATION", "P30D")]),
    ("The three-year war displaced millions.", WED, [("three-year", "DURATION", "P3Y")]),
    ("The fighting lasted two weeks.", WED, [("two weeks", "DURATION", "P2W")]),
    # sets
    ("Convoys arrive every year.", WED, [("every year", "SET", "P1Y")]),
    ("Patrols run daily.", WED, [("daily", "SET", "P1D")]),
    # vague references
    ("The city is now calm.", WED, [("now", "DATE", "PRESENT_REF")]),
    ("Aid has recently resumed.", WED, [("recently", "DATE", "PAST_REF")]),
    ("Talks may resume in the future.", WED, [("the future", "DATE", "FUTURE_REF")]),
    # named days, spelled years, anaphora, quarters in reports
    (
        "Markets were closed on Thanksgiving Day.",
        date(1999, 11, 30),
        [("Thanksgiving Day", "DATE", "1999-11-25")],
    ),
    ("He was born in nineteen sixty-two.", WED, [("nineteen sixty-two", "DATE", "1962")]),
    ("The talks collapsed in June last year.", WED, [("June last year", "DATE", "2024-06")]),
    (
        "The town fell in 1994. The following year it was rebuilt.",
        WED,
        [("1994", "DATE", "1994"), ("The following year", "DATE", "1995")],
    ),
    ("Its third-quarter profit rose.", date(1989, 10, 26), [("third-quarter", "DATE", "1989-Q3")]),
    (
        "Profit rose in the third quarter. A year earlier it fell.",
        date(1989, 10, 26),
        [("the third quarter", "DATE", "1989-Q3"), ("A year earlier", "DATE", "1988-Q3")],
    ),
    ("The hostages were freed at the end of 1990.", WED, [("the end of 1990", "DATE", "1990")]),
    ("Fighting has raged for 2 1/2 years.", WED, [("2 1/2 years", "DURATION", "P2Y6M")]),
    ("The truce is scheduled to begin Monday.", WED, [("Monday", "DATE", "2025-03-24")]),
    ("Mr. Smith, 52 years old, resigned.", WED, []),
    ("Aid dropped in recent weeks.", WED, [("recent weeks", "DURATION", "PXW")]),
    ("Prices have soared in recent years.", WED, [("recent years", "DATE", "PAST_REF")]),
    ("Earnings rose to $5 million a year.", WED, [("a year", "SET", "P1Y")]),
    ("The bank cut rates by a quarter-point.", WED, []),
    (
        "Clashes began on Friday, March 14. By 10 p.m. the town had fallen.",
        WED,
        [("Friday, March 14", "DATE", "2025-03-14"), ("10 p.m.", "TIME", "2025-03-19T22:00")],
    ),
    (
        "Clashes began on Friday, March 14 at 10 p.m.",
        WED,
        [("Friday, March 14", "DATE", "2025-03-14"), ("10 p.m.", "TIME", "2025-03-14T22:00")],
    ),
    (
        "Aid fell in the 1990s. Two decades later it rose.",
        WED,
        [("the 1990s", "DATE", "199"), ("Two decades later", "DATE", "201")],
    ),
    ("It happened the day before yesterday.", WED, [("the day before yesterday", "DATE", "2025-03-17")]),
    ("Results are due by 1930 GMT.", WED, [("1930 GMT", "TIME", "2025-03-19T19:30")]),
    ("The vote took half an hour.", WED, [("half an hour", "DURATION", "PT30M")]),
    ("Clinics open 24 hours a day.", WED, [("24 hours", "DURATION", "PT24H"), ("a day", "SET", "P1D")]),
    ("Inspectors visit twice a year.", WED, [("twice a year", "SET", "P1Y")]),
    ("Councils meet every other Thursday.", WED, [("every other Thursday", "SET", "P2W")]),
    ("The band peaked in the '80s.", WED, [("the '80s", "DATE", "198")]),
    ("A year and a half ago, talks began.", WED, [("A year and a half ago", "DATE", "2023-09")]),
    ("Three days later the bridge fell.", WED, [("Three days", "DURATION", "P3D")]),
    ("Sales fell 5%. A year earlier they rose.", WED, [("A year earlier", "DATE", "2024")]),
    ("A second round of talks opened.", WED, []),
    (
        "The dividend is payable Dec. 1, the board said.",
        date(2024, 10, 25),
        [("Dec. 1", "DATE", "2024-12-01")],
    ),
    ("The bridge was destroyed in fighting last fall.", WED, [("last fall", "DATE", "2024-FA")]),
    ("Prices continued to fall sharply.", WED, []),
    ("Voting ends the week of March 24.", WED, [("the week of March 24", "DATE", "2025-W13")]),
    ("Rates will stay high for the next year or so.", WED, [("the next year or so", "DATE", "2026")]),
    ("A deal is likely sometime next year.", WED, [("sometime next year", "DATE", "2026")]),
    ("The envoy arrived late yesterday.", WED, [("late yesterday", "DATE", "2025-03-18")]),
    ("The envoy arrived early Tuesday.", WED, [("Tuesday", "DATE", "2025-03-18")]),
    # extents: split ranges
    (
        "The summit is set for Dec. 17-18.",
        WED,
        [("Dec. 17", "DATE", "2025-12-17"), ("18", "DATE", "2025-12-18")],
    ),
    ("The plan covers 2024\u20132027.", WED, [("2024", "DATE", "2024"), ("2027", "DATE", "2027")]),
    ("The war lasted from 2009-2010.", WED, [("2009", "DATE", "2009"), ("2010", "DATE", "2010")]),
]


def _run(sentence: str, reference) -> list[DateMention]:
    return dates.extract(parse(sentence), Context(text=sentence, published_at=reference))


@pytest.mark.parametrize(("sentence", "reference", "expected"), EXAMPLES)
def test_examples_give_text_type_value_and_offsets(sentence, reference, expected):
    mentions = _run(sentence, reference)
    assert [(m.text, m.type, m.value) for m in mentions] == expected
    for m in mentions:
        assert sentence[m.start : m.end] == m.text


def test_relative_values_stay_null_without_reference_date():
    mentions = _run("The army withdrew yesterday, two years after the war began in 2019.", None)
    values = {m.text: m.value for m in mentions}
    assert values["yesterday"] is None
    assert values["2019"] == "2019"


def test_datetime_reference_is_accepted():
    mentions = _run("The army withdrew yesterday.", datetime(2025, 3, 19, 14, 30))
    assert mentions[0].value == "2025-03-18"


def test_date_in_span_returns_first_date_value():
    text = "Shelling killed 3 people on Tuesday. Talks lasted two weeks."
    context = Context(text=text, published_at=WED)
    context.dates = dates.extract(parse(text), context)
    assert dates.date_in_span(context, 0, 36) == "2025-03-18"
    assert dates.date_in_span(context, 37, len(text)) is None


def test_date_in_span_gives_the_day_of_a_part_of_day_and_skips_vague_values():
    text = "Aid has recently resumed. A missile struck on Saturday morning."
    context = Context(text=text, published_at=WED)
    context.dates = dates.extract(parse(text), context)
    assert dates.date_in_span(context, 0, 25) is None
    assert dates.date_in_span(context, 26, len(text)) == "2025-03-15"


GOLDEN = Path(__file__).resolve().parents[1] / "data" / "golden" / "dates"
# Whole articles written for these tests, with the publication date each is read against.
GOLDEN_ARTICLES = {"ceasefire.txt": date(2025, 3, 19), "earnings.txt": date(2024, 10, 25)}


@pytest.mark.parametrize(("article", "published"), GOLDEN_ARTICLES.items())
def test_golden_articles(article, published):
    """Whole articles against reviewed outputs; NEWSFACTS_REGENERATE_GOLDEN=1 rewrites them."""
    text = (GOLDEN / article).read_text(encoding="utf-8")
    got = [dataclasses.asdict(m) for m in _run(text, published)]
    golden = (GOLDEN / article).with_suffix(".json")
    if os.environ.get("NEWSFACTS_REGENERATE_GOLDEN") == "1":
        golden.write_text(json.dumps(got, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    assert got == json.loads(golden.read_text(encoding="utf-8"))


@pytest.mark.parametrize(
    ("sentence", "reference"),
    [
        ("It happened on Feb. 30, 2024.", WED),
        ("It happened the week of Feb. 30.", WED),
        ("Rocks formed 9999 years ago.", WED),
        ("They will leave tomorrow night.", date(9999, 12, 31)),
        ("It began the day before yesterday.", date(1, 1, 1)),
    ],
)
def test_impossible_dates_get_no_value_instead_of_failing(sentence, reference):
    mentions = _run(sentence, reference)
    assert len(mentions) == 1
    assert mentions[0].value is None


@pytest.mark.parametrize(
    ("sentence", "reference", "text", "value"),
    [
        # a day the events fell on, told in the past, lies before the report: last year's
        ("The two men were shot dead on Nov. 28, police said.", date(2021, 11, 3), "Nov. 28", "2020-11-28"),
        # a deadline or a date that modifies a noun may lie ahead even in a past clause
        ("The ceasefire was extended to Nov. 28.", date(2021, 11, 3), "Nov. 28", "2021-11-28"),
        ("Officials gave no reason for the Nov. 28 deadline.", date(2021, 11, 3), "Nov. 28", "2021-11-28"),
        # within a week of the report, a past-tense date is more likely a report dated a day early
        ("The convoy left on Nov. 6, aid workers said.", date(2021, 11, 3), "Nov. 6", "2021-11-06"),
        # "until" and "later" face forward whatever the verb (2021-11-03 was a Wednesday)
        ("Roads stayed closed until Friday.", date(2021, 11, 3), "Friday", "2021-11-05"),
        ("Talks resumed and were due to end later Thursday.", date(2021, 11, 3), "Thursday", "2021-11-04"),
    ],
)
def test_which_year_and_which_week_a_date_falls_in(sentence, reference, text, value):
    found = {m.text: m.value for m in _run(sentence, reference)}
    assert found[text] == value


@pytest.mark.parametrize(
    ("value", "end"),
    [
        ("2025-07-25", date(2025, 7, 25)),
        ("2025-07-25TMO", date(2025, 7, 25)),
        ("2024-02", date(2024, 2, 29)),
        ("2019", date(2019, 12, 31)),
        ("2025-W32", date(2025, 8, 10)),
        ("2025-W32-WE", date(2025, 8, 10)),
        ("2025-SU", None),
        ("PAST_REF", None),
        ("2025-02-30", None),
        (None, None),
    ],
)
def test_the_last_day_of_the_period_a_value_names(value, end):
    assert period_end(value) == end
