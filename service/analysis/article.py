"""Turns a page's HTML into an Article: the only module that imports the extraction libraries.

newspaper3k reads the page offline: its HTML is handed in, images are not fetched, tldextract
uses its bundled suffix list, and ``nlp()`` is never called.
"""

from __future__ import annotations

import threading
from datetime import date, datetime
from types import SimpleNamespace

from service.analysis.model import Article

_setup_lock = threading.Lock()
_ready = False


def extract_article(html: str, *, url: str | None = None) -> Article:
    """Extract the body text and metadata of the article in ``html`` (``url`` is its address)."""
    news = _read_with_newspaper(html, url)
    return Article(
        text=news.text or "",
        url=url,
        canonical_url=news.canonical_link or None,
        title=news.title or None,
        authors=tuple(news.authors),
        published_at=_iso_date(news.publish_date),
        language=news.meta_lang or None,
        top_image=news.top_image or None,
        extraction={"body": "newspaper3k"},
    )


def _read_with_newspaper(html: str, url: str | None):
    """Run newspaper3k's download (from the given HTML) and parse, never its nlp()."""
    _prepare_newspaper()
    from newspaper import Article as NewsArticle

    news = NewsArticle(url or "", fetch_images=False, memoize_articles=False)
    news.download(input_html=html)
    news.parse()
    return news


def _prepare_newspaper() -> None:
    """Make newspaper3k offline and lxml-6 safe, once per process."""
    global _ready
    with _setup_lock:
        if _ready:
            return
        import newspaper.article
        import newspaper.extractors
        import newspaper.source
        import newspaper.urls
        from tldextract import TLDExtract

        # The bundled public-suffix snapshot: tldextract would otherwise download the list on first use.
        offline = SimpleNamespace(extract=TLDExtract(suffix_list_urls=(), cache_dir=None))
        for module in (newspaper.extractors, newspaper.source, newspaper.urls):
            module.tldextract = offline
        newspaper.article.DocumentCleaner = _lxml6_cleaner(newspaper.article.DocumentCleaner)
        _ready = True


def _lxml6_cleaner(base: type) -> type:
    """newspaper3k's cleaner, fixed for libxml2 >= 2.14 (lxml 6).

    When newspaper3k turns loose text inside a <div> into a paragraph it parses the text with
    ``lxml.html.fromstring``; older libxml2 wrapped leading text in an implied <p>, 2.14 wraps
    it in a <span>, so the text no longer counts as a paragraph and the wrong block wins.
    Only text that does not start with a tag is affected; it gets its <p> back here.
    """
    import lxml.html

    class Lxml6Cleaner(base):
        def get_flushed_buffer(self, replacement_text, doc):
            if replacement_text.lstrip().startswith("<"):
                return super().get_flushed_buffer(replacement_text, doc)
            return lxml.html.fragment_fromstring(replacement_text, create_parent="p")

    return Lxml6Cleaner


def _iso_date(value: date | datetime | None) -> str | None:
    return value.date().isoformat() if isinstance(value, datetime) else value and value.isoformat()
