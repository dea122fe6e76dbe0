"""Article extraction: offline, lxml-6 safe, body and metadata from pages we wrote."""

from __future__ import annotations

import socket
from pathlib import Path

import lxml.etree
import lxml.html
import pytest

from service.analysis import article
from service.analysis.article import extract_article, metadata

PAGES = Path(__file__).resolve().parent.parent / "data" / "pages"


def read_page(name: str) -> str:
    return (PAGES / name).read_text("utf8")


@pytest.fixture
def no_network(monkeypatch):
    """Any attempt to open a connection fails the test."""

    def refuse(*args, **kwargs):
        raise AssertionError(f"network access attempted: {args}")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket.socket, "connect_ex", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)


@pytest.mark.parametrize("page", sorted(p.name for p in PAGES.glob("*.html")))
def test_extraction_opens_no_socket(no_network, page):
    result = extract_article(read_page(page), url="https://news.example.co.uk/2024/05/06/a-story")
    assert result.text


def test_newspaper_domain_parsing_is_offline(no_network):
    """newspaper3k's own tldextract calls use the bundled suffix list."""
    article._prepare_newspaper()
    import newspaper.urls

    assert newspaper.urls.tldextract.extract("https://www.bbc.co.uk/news").domain == "bbc"


def test_loose_text_with_links_in_a_div_is_read_under_lxml6():
    """libxml2 2.14 wraps loose div text in <span>, and newspaper3k alone then finds no body."""
    news = article._read_with_newspaper(read_page("loose_text_div.html"), None)
    assert news.text.startswith("The harbour bridge reopened to traffic on Monday")
    assert "inspected again in the spring" in news.text
    assert "Copyright" not in news.text


def test_fixed_cleaner_gives_loose_text_its_paragraph():
    article._prepare_newspaper()
    import newspaper.article
    from newspaper.configuration import Configuration

    cleaner = newspaper.article.DocumentCleaner(Configuration())
    assert cleaner.get_flushed_buffer('Loose text with a <a href="/x">link</a>.', None).tag == "p"


def _trafilatura_reading(page):
    import trafilatura
    from lxml import etree

    found = trafilatura.bare_extraction(page, include_comments=False, output_format="xml")
    return etree.tostring(found.body)


COMMENTED_PAGE = (
    "<!DOCTYPE html>\n<html lang='en'><head><title>Bridge</title><!-- a comment --></head>\n"
    "<body><!-- nav --><div class='story'><p>The harbour bridge reopened<!-- ad --> on Monday after "
    "two years of repairs, the city said.</p><?pi x?><p>Engineers will inspect it again in the "
    "spring and in the autumn, as they do every year.</p></div></body></html>"
)


def test_trafilatura_reads_newspapers_tree_as_it_reads_the_page():
    """newspaper3k's parse, without its comments, is the tree trafilatura would build itself;
    handing it over changes nothing in trafilatura's output, nor in newspaper3k's tree."""
    news = article._read_with_newspaper(COMMENTED_PAGE, None)
    before = lxml.html.tostring(news.clean_doc)
    tree = article._tree_for_trafilatura(COMMENTED_PAGE, news)
    assert not isinstance(tree, str)
    assert not tree.xpath("//comment() | //processing-instruction()")
    assert _trafilatura_reading(tree) == _trafilatura_reading(COMMENTED_PAGE)
    assert lxml.html.tostring(news.clean_doc) == before


FORM_PAGE = (
    "<html><body><!-- ad slot --><article><p>The harbour bridge reopened on Monday.</p></article>"
    "<form action='/s'><label>Search</label><input name='q'><select><option>All</option></select>"
    "<textarea></textarea></form></body></html>"
)


def test_newspapers_parse_is_lxml_htmls_with_its_classes_chosen_in_c():
    """The same tree as lxml.html's own parse, every element an HtmlElement (lxml.html's form
    classes are chosen by a Python call per element touched, which neither reader needs)."""
    import newspaper.parsers

    article._prepare_newspaper()
    tree = newspaper.parsers.Parser.fromstring(FORM_PAGE)
    assert lxml.html.tostring(tree) == lxml.html.tostring(lxml.html.fromstring(FORM_PAGE))
    assert {type(e) for e in tree.iter(lxml.etree.Element)} == {lxml.html.HtmlElement}
    assert {type(c) for c in tree.xpath("//comment()")} == {lxml.html.HtmlComment}


@pytest.mark.parametrize(
    "html",
    [
        # a doctype trafilatura's loader rewrites, a character XML forbids, not quite HTML
        '<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Strict//EN" "x.dtd">\n' + COMMENTED_PAGE[16:],
        COMMENTED_PAGE.replace("Monday", "Mon\x0cday"),
        "<div><p>The harbour bridge reopened on Monday after two years of repairs.</p></div>",
    ],
)
def test_trafilatura_parses_the_page_itself_where_its_loader_would_change_it(html):
    assert article._tree_for_trafilatura(html, article._read_with_newspaper(html, None)) is html


def test_empty_page_gives_empty_text():
    result = extract_article("<html><body></body></html>")
    assert result.text == ""


# Pages written for these tests, one per common publishing pattern: (file, url, date, authors, title).
METADATA_PAGES = [
    ("jsonld_article.html", None, "2024-03-18", ("Jane Doe", "John Smith"),
     "Harbour bridge reopens after repairs"),
    ("og_meta.html", None, "2023-11-02", ("Maria Garcia",), "City budget approved"),
    ("byline_text.html", None, "2024-05-06", ("Ahmed Khan", "Laura Chen"), "Floods close the river road"),
    ("time_element.html", None, "2022-07-14", ("Pat O'Neil",), "Schools reopen after the strike"),
    ("url_date.html", "https://news.example.com/2021/09/30/river-floods-old-town", "2021-09-30", (),
     "River floods the old town"),
    ("jsonld_graph.html", None, "2020-02-29", ("Sam Lee",), "Museum opens a new wing"),
    ("junk_author.html", None, "2019-11-04", (), "Trains return to the coast line"),
]  # fmt: skip


@pytest.mark.parametrize(("page", "url", "published", "authors", "title"), METADATA_PAGES)
def test_dates_authors_and_titles_of_written_pages(page, url, published, authors, title):
    result = extract_article(read_page(page), url=url or "https://example.com/story")
    assert (result.published_at, result.authors, result.title) == (published, authors, title)
    assert result.text.startswith("The harbour bridge reopened to traffic on Monday")


def test_canonical_url_image_and_language_from_the_head():
    result = extract_article(read_page("jsonld_article.html"), url="https://www.dailyexample.co.uk/x?utm=1")
    assert result.canonical_url == "https://www.dailyexample.co.uk/news/harbour-bridge-reopens"
    assert result.top_image == "https://www.dailyexample.co.uk/images/bridge.jpg"
    assert result.language == "en"
    assert result.extraction["body"] in ("trafilatura", "newspaper3k", "ensemble")
    assert 0 <= result.extraction["confidence"] <= 1


def test_threads_read_pages_as_one_thread_does():
    """gunicorn's gthread workers extract in parallel; the per-thread caches must not mix pages."""
    from concurrent.futures import ThreadPoolExecutor

    pages = sorted(PAGES.glob("*.html")) * 3
    alone = [extract_article(p.read_text("utf8")) for p in pages]
    with ThreadPoolExecutor(max_workers=4) as pool:
        together = list(pool.map(lambda p: extract_article(p.read_text("utf8")), pages))
    assert together == alone


@pytest.mark.parametrize(
    "html", ["", "   ", "<html>", "plain words, no markup", "http://127.0.0.1/x", "\x00<p>x</p>"]
)
def test_odd_input_gives_an_empty_article_offline(no_network, html):
    result = extract_article(html, url="http://127.0.0.1/2020/01/02/a")
    assert result.text == "" and result.extraction == {"body": None, "confidence": 0.0}


LD_DATE = (
    '<script type="application/ld+json">'
    '{"@type": "BlogPosting", "datePublished": "2021-04-01T23:30:00-05:00"}</script>'
)
# (head, body, url, date): which date the reader picks when the page gives several.
PUBLISHED = [
    (LD_DATE, "<p>Posted April 2, 2021</p>", "https://example.com/notes/spring", "2021-04-01"),
    (LD_DATE, "<p>Posted April 2, 2021</p>", "https://example.com/2021/04/02/spring", "2021-04-02"),
    ("", "<h1>Spring</h1><p>By Ann Lee | Updated 9 March 2020</p><p>Sown on 1 May 2019.</p>",
     "https://example.com/notes/spring", "2020-03-09"),
    ("", "<p>Notes from 04/05/2018, see also 17/03/2018</p>", "https://example.com/notes/x", "2018-05-04"),
    ("", "<p>Notes without a date.</p>", "https://example.com/2017/11/05/notes", "2017-11-05"),
]  # fmt: skip


@pytest.mark.parametrize(("head", "body", "url", "expected"), PUBLISHED)
def test_published_date_order(head, body, url, expected):
    tree = lxml.html.fromstring(f"<html><head>{head}</head><body>{body}</body></html>")
    ld, metas = metadata.json_ld(tree), metadata.meta_values(tree)
    assert article._published(ld, metas, tree, url) == expected
