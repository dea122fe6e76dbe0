"""metadata.py: author cleaning, title suffixes and dates, on strings we wrote (tables)."""

from __future__ import annotations

import lxml.html
import pytest

from service.analysis.article import authors, metadata

AUTHORS = [
    (["By Jane Doe"], None, ("Jane Doe",)),
    (["Jane Doe, Senior Political Correspondent"], None, ("Jane Doe",)),
    (["By Ahmed Khan and Laura Chen | Published May 6, 2024"], None, ("Ahmed Khan", "Laura Chen")),
    (["Monday November 4, 2019"], None, ()),
    (["Jane Roe is a reporter who has covered transport for the Post since 2010."], None, ()),
    (["Example Times"], "Example Times", ()),
    (["jane@example.com"], None, ()),
    (["Staff Reporter"], None, ()),
    (["Jane Doe", "Jane Doe"], None, ("Jane Doe",)),
    (["Von Anna Müller"], None, ("Anna Müller",)),
    # Patterns seen while checking real pages (names invented here):
    (["Lena Ortiz", "By"], None, ("Lena Ortiz",)),
    (["Omar HaddadTuesday"], None, ()),
    (["Example Editor-at-large"], None, ()),
    (["Rosa Mendes, MS, RDN"], None, ("Rosa Mendes",)),
    (["Noel Brandt. Example Wire Service"], None, ("Noel Brandt", "Example Wire Service")),
    (["Kim Osei, Riverton.com"], None, ("Kim Osei",)),
    (["SAM OKAFORAssociated Press"], None, ()),
    (["Tess LaMotte", "Michael McDonald"], None, ("Tess LaMotte", "Michael McDonald")),
    (["&#8216;Ada Quist&#8217;"], None, ()),
]  # fmt: skip

TITLES = [
    ("Harbour bridge reopens | The Daily Example", "The Daily Example", "Harbour bridge reopens"),
    ("City budget approved - Example Times", "Example Times", "City budget approved"),
    ("Example Times - City budget approved", "Example Times", "City budget approved"),
    ("Budget approved - exampletimes.com", None, "Budget approved"),
    ("Mayor says vote - not protest - decides", None, "Mayor says vote - not protest - decides"),
    ("Plain headline", None, "Plain headline"),
    ("Tolls rise &#8211; again", None, "Tolls rise – again"),
]  # fmt: skip

URL_DATES = [
    ("https://example.com/2021/09/30/river-floods", "2021-09-30"),
    ("https://example.com/news/20190102-story.html", "2019-01-02"),
    ("https://example.com/2021/13/30/not-a-date", None),
    ("https://example.com/news/story-123456", None),
    (None, None),
]  # fmt: skip


@pytest.mark.parametrize(("names", "site", "expected"), AUTHORS)
def test_clean_authors(names, site, expected):
    assert authors.clean_authors(names, site_name=site) == expected


def test_author_named_like_the_domain_is_the_site():
    assert authors.clean_authors(["Harbourtimes"], url="https://www.harbourtimes.co.uk/a") == ()
    assert authors.clean_authors(["Harbour Times Sport"], url="https://harbourtimes.com/x") == ()


@pytest.mark.parametrize(("title", "site", "expected"), TITLES)
def test_clean_title(title, site, expected):
    assert metadata.clean_title(title, site_name=site) == expected


@pytest.mark.parametrize(("url", "expected"), URL_DATES)
def test_url_date(url, expected):
    assert metadata.url_date(url) == expected


def test_json_ld_date_beats_meta_tags():
    tree = lxml.html.fromstring(
        '<html><head><meta property="article:published_time" content="2020-01-02T00:00:00Z">'
        '<script type="application/ld+json">{"@type": "NewsArticle", "datePublished": "2020-01-01"}</script>'
        "</head><body><p>x</p></body></html>"
    )
    ld, metas = metadata.json_ld(tree), metadata.meta_values(tree)
    assert metadata.published_date(ld, metas, tree) == "2020-01-01"


def test_broken_json_ld_is_skipped():
    tree = lxml.html.fromstring('<html><head><script type="application/ld+json">{oops</script></head></html>')
    assert metadata.json_ld(tree) == []


SHOWN_DATES = [
    ("<p>Posted by Ann Lee on March 3rd, 2022 in Gardening</p>", ["2022-03-03"]),
    ("<p>Written 14 Sept. 2019</p><p>Reply from Bo, 2 of June 2020</p>", ["2019-09-14", "2020-06-02"]),
    ("<span>2021/7/9</span>", ["2021-07-09"]),
    ("<p>Filed 05/06/2023</p>", ["2023-05-06"]),  # month first unless the page says otherwise
    ("<p>Filed 05/06/2023</p><p>Comment on 25/06/2023</p>", ["2023-06-05", "2023-06-25"]),
    ("<p>Filed 05.06.2023</p><p>Filed June 5, 2023</p>", ["2023-06-05", "2023-06-05"]),
    ("<p>Version 3.12.2024 of the tool</p><p>Room 31/02/2024</p>", ["2024-12-03"]),
    ("<script>var d = 'May 1, 2020';</script><p>No date in view</p>", []),
    ("<p>In 2020 prices rose by 3 percent in May.</p>", []),
]


@pytest.mark.parametrize(("body", "expected"), SHOWN_DATES)
def test_shown_dates(body, expected):
    tree = lxml.html.fromstring(f"<html><body>{body}</body></html>")
    assert metadata.shown_dates(tree) == expected
