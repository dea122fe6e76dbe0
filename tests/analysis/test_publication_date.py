"""The publication-date chooser of the article reader: its candidates, and what it picks."""

from __future__ import annotations

import lxml.html
import pytest

from service.analysis import article as reader
from service.analysis.article import dates
from service.analysis.article import metadata as meta


def page(head: str = "", body: str = "") -> lxml.html.HtmlElement:
    return lxml.html.fromstring(f"<html><head>{head}</head><body>{body}</body></html>")


def ld(fields: str) -> str:
    return f'<script type="application/ld+json">{{"@type": "NewsArticle", {fields}}}</script>'


def options_of(tree, url="https://example.com/story"):
    ld_, metas = meta.json_ld(tree), meta.meta_values(tree)
    fixed = reader.fixed_order_date(ld_, metas, tree, url)
    return dates.candidates(dates.readings(ld_, metas, tree, url), meta.shown_date_mentions(tree), fixed)


def feature(option: dates.Candidate, name: str) -> float:
    return option.features[dates.FEATURES.index(name)]


def test_each_distinct_date_is_one_candidate_with_its_sources():
    tree = page(
        ld('"datePublished": "2021-04-02T08:00:00Z", "dateModified": "2023-01-15T10:00:00Z"'),
        "<p>By Ann Lee. Published April 2, 2021. Updated January 15, 2023</p><p>Story text.</p>",
    )
    by_day = {o.day: o for o in options_of(tree)}
    assert set(by_day) == {"2021-04-02", "2023-01-15"}
    first, later = by_day["2021-04-02"], by_day["2023-01-15"]
    assert feature(first, "from_ld_published") == 1 and feature(first, "from_ld_modified") == 0
    assert feature(later, "from_ld_modified") == 1 and feature(later, "is_latest") == 1
    assert feature(first, "after_published_word") == 1 and feature(first, "after_updated_word") == 0
    assert feature(later, "after_updated_word") == 1
    assert feature(first, "is_fixed_order_choice") == 1


def test_shown_dates_keep_the_words_before_them():
    tree = page(body="<p>Last reviewed on 3 March 2024</p><p>Posted 2 Feb 2024 by the desk</p>")
    shown = meta.shown_date_mentions(tree)
    assert [(s.day, s.after_updated, s.after_published) for s in shown] == [
        ("2024-03-03", True, False),
        ("2024-02-02", False, True),
    ]
    assert 0 <= shown[0].position < shown[1].position < 1


def test_a_page_without_dates_has_no_candidates():
    assert options_of(page(body="<p>Nothing dated here at all.</p>")) == []


AGREEING_PAGES = [
    # every source gives the same day
    (ld('"datePublished": "2022-06-09"'), "<p>June 9, 2022</p>", "https://example.com/a", "2022-06-09"),
    # the address and the byline agree; a later date is a comment's
    ("", "<p>Posted May 4, 2019</p><p>Reply, June 1, 2021</p>", "https://example.com/2019/05/04/x",
     "2019-05-04"),
    # structured data alone
    ('<meta property="article:published_time" content="2018-10-30T09:00:00+02:00">', "<p>Text</p>",
     "https://example.com/b", "2018-10-30"),
]  # fmt: skip


@pytest.mark.parametrize(("head", "body", "url", "expected"), AGREEING_PAGES)
def test_the_model_keeps_dates_the_sources_agree_on(head, body, url, expected):
    assert dates.model() is not None
    tree = page(head, body)
    ld_, metas = meta.json_ld(tree), meta.meta_values(tree)
    assert reader._published(ld_, metas, tree, url) == expected


UPDATED_HEAD = ld('"datePublished": "2021-04-02", "dateModified": "2023-01-15"')


def test_without_the_model_file_the_fixed_order_stands(monkeypatch):
    tree = page(UPDATED_HEAD, "<p>Updated Jan 15, 2023</p>")
    monkeypatch.setattr(dates, "_loaded", [None])
    ld_, metas = meta.json_ld(tree), meta.meta_values(tree)
    assert reader._published(ld_, metas, tree, "https://example.com/s") == "2021-04-02"


def test_the_model_reads_a_date_from_every_candidate_it_is_given():
    tree = page(UPDATED_HEAD, "<p>Updated Jan 15, 2023</p>")
    options = options_of(tree)
    assert dates.choose(options, dates.model()) in {o.day for o in options}
    assert dates.choose([], dates.model()) is None


# (meta tags, published days, modified days): a tag's name says which kind of date it holds
META_NAME_PAGES = [
    ('<meta name="published" content="March 3, 2020">', ["2020-03-03"], []),
    ('<meta name="date-pub" content="2019-11-05T08:00:00Z">', ["2019-11-05"], []),
    ('<meta name="citation_online_date" content="7 June 2018">', ["2018-06-07"], []),
    ('<meta name="modified-date" content="2021-02-14">', [], ["2021-02-14"]),
    ('<meta name="last updated" content="Aug 9, 2022">', [], ["2022-08-09"]),
    ('<meta name="description" content="A story of May 2, 2020">', [], []),
    ('<meta name="published" content="soon">', [], []),
]


@pytest.mark.parametrize(("head", "published", "modified"), META_NAME_PAGES)
def test_meta_tags_are_read_by_the_words_of_their_names(head, published, modified):
    assert meta.meta_dates(meta.meta_values(page(head))) == (published, modified)


WEBPAGE_LD = (
    '<script type="application/ld+json">{"@graph": [{"@type": "WebPage", '
    '"datePublished": "2017-08-01T10:00:00+00:00", "dateModified": "2019-03-04T10:00:00+00:00"}]}</script>'
)

# (head, source, its days): a WebPage object's dates count only where no Article object stands
LD_PAGE_SOURCES = [
    (WEBPAGE_LD, "ld_page_published", ["2017-08-01"]),
    (WEBPAGE_LD, "ld_page_modified", ["2019-03-04"]),
    (WEBPAGE_LD + ld('"datePublished": "2017-08-02"'), "ld_page_published", []),
    (WEBPAGE_LD + ld('"datePublished": "2017-08-02"'), "ld_published", ["2017-08-02"]),
]


@pytest.mark.parametrize(("head", "source", "days"), LD_PAGE_SOURCES)
def test_webpage_dates_stand_in_for_a_missing_article_object(head, source, days):
    tree = page(head)
    assert dates.readings(meta.json_ld(tree), meta.meta_values(tree), tree, None)[source] == days


# (body, (day, characters from the headline's end or None) of each shown date)
HEADLINE_PAGES = [
    ("<p>Monday, May 4, 2020</p><h1>Bridge reopens</h1><p>By Ann Lee, May 1, 2020</p>",
     [("2020-05-04", -26), ("2020-05-01", 13)]),
    ("<h1>Bridge reopens</h1><p>May 1, 2020</p>", [("2020-05-01", 1)]),
    ("<p>May 1, 2020</p>", [("2020-05-01", None)]),
]  # fmt: skip


@pytest.mark.parametrize(("body", "expected"), HEADLINE_PAGES)
def test_shown_dates_know_how_far_they_stand_from_the_headline(body, expected):
    shown = meta.shown_date_mentions(page(body=body))
    assert [(s.day, s.from_headline) for s in shown] == expected


def test_the_first_date_under_the_headline_is_marked():
    tree = page(body="<p>Monday, May 4, 2020</p><h1>Bridge reopens</h1><p>By Ann Lee, May 1, 2020</p>")
    by_day = {o.day: o for o in options_of(tree)}
    assert feature(by_day["2020-05-01"], "first_under_headline") == 1
    assert feature(by_day["2020-05-01"], "just_under_headline") == 1
    assert feature(by_day["2020-05-04"], "first_under_headline") == 0
    assert feature(by_day["2020-05-04"], "headline_gap") < 0
