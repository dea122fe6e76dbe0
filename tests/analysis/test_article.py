"""Article extraction: offline, lxml-6 safe, body and metadata from pages we wrote."""

from __future__ import annotations

import socket
from pathlib import Path

import pytest

from service.analysis import article
from service.analysis.article import extract_article

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


def test_extraction_opens_no_socket(no_network):
    html = read_page("loose_text_div.html")
    result = extract_article(html, url="https://news.example.co.uk/2024/05/06/harbour-bridge-reopens")
    assert "harbour bridge reopened" in result.text


def test_newspaper_domain_parsing_is_offline(no_network):
    """newspaper3k's own tldextract calls use the bundled suffix list."""
    article._prepare_newspaper()
    import newspaper.urls

    assert newspaper.urls.tldextract.extract("https://www.bbc.co.uk/news").domain == "bbc"


def test_loose_text_with_links_in_a_div_is_read_under_lxml6():
    """libxml2 2.14 wraps loose div text in <span>, and newspaper3k alone then finds no body."""
    result = extract_article(read_page("loose_text_div.html"))
    assert result.text.startswith("The harbour bridge reopened to traffic on Monday")
    assert "inspected again in the spring" in result.text
    assert "Copyright" not in result.text


def test_empty_page_gives_empty_text():
    result = extract_article("<html><body></body></html>")
    assert result.text == ""
