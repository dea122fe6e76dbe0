"""Turns a page's HTML into an Article: the only module that imports the extraction libraries.

newspaper3k reads the page offline: its HTML is handed in, images are not fetched, tldextract
uses its bundled suffix list, and ``nlp()`` is never called.
"""

from __future__ import annotations

import copy
import logging
import threading
from types import SimpleNamespace

from service.analysis.article import authors, dates
from service.analysis.article import metadata as meta
from service.analysis.article import newspaper_fixes as fixes
from service.analysis.article.body import anchor_texts, blocks_from_xml
from service.analysis.article.chunks import other_chunks
from service.analysis.article.language import guess_language
from service.analysis.article.markup import furniture_texts
from service.analysis.article.paragraphs import choose_body
from service.analysis.model import Article

log = logging.getLogger(__name__)
_setup_lock = threading.Lock()
_ready = False


def extract_article(html: str, *, url: str | None = None) -> Article:
    """Extract the body text and metadata of the article in ``html`` (``url`` is its address)."""
    news = _read_with_newspaper(html, url) if html.strip() else None
    tree = news.clean_doc if news is not None and news.clean_doc is not None else _parse(html)
    if tree is None:
        return Article(text="", url=url, extraction={"body": None, "confidence": 0.0})
    fields = _metadata(tree, news, url)
    found = _read_with_trafilatura(html, news)
    blocks = blocks_from_xml(found.body if found is not None else None, anchor_texts(tree))
    body = choose_body(blocks, news.text if news is not None else "", title=fields["title"])
    text, source = _with_other_chunks(tree, body)
    extraction = (
        {"body": source, "confidence": body.confidence} if text else {"body": None, "confidence": 0.0}
    )
    # The text outranks the page's declaration: templates often declare one language for all.
    fields["language"] = guess_language(text) or fields["language"]
    marked = furniture_texts(tree) if text else ()
    return Article(text=text, url=url, extraction=extraction, marked=marked, **fields)


def _with_other_chunks(tree, body) -> tuple[str, str]:
    """The body plus the chunks of a story that its page splits into same-class containers."""
    paragraphs = body.text.split("\n\n") if body.text else []
    before, after = other_chunks(tree, paragraphs)
    if not before and not after:
        return body.text, body.source
    return "\n\n".join(before + paragraphs + after), "ensemble"


def _metadata(tree, news, url: str | None) -> dict:
    """Every Article field but the text, structured data first, newspaper3k's reading next."""
    ld, metas = meta.json_ld(tree), meta.meta_values(tree)
    site = meta.site_name(metas, ld)
    return {
        "canonical_url": meta.canonical_url(tree, metas, url) or (news and news.canonical_link) or None,
        "title": _title(ld, metas, news, site),
        "authors": authors.clean_authors(authors.raw_authors(ld, metas, tree), site_name=site, url=url),
        "published_at": _published(ld, metas, tree, url),
        "language": meta.language(tree, metas) or (news and news.meta_lang) or None,
        "top_image": meta.top_image(metas, url) or (news and news.top_image) or None,
    }


def _title(ld: list[dict], metas: dict, news, site: str | None) -> str | None:
    """The headline from JSON-LD, og:title or newspaper3k, without the site's name."""
    headline = next((o["headline"] for o in ld if isinstance(o.get("headline"), str)), None)
    candidates = [headline, *metas.get("og:title", []), news and news.title]
    return meta.clean_title(next((c for c in candidates if c and c.strip()), None), site_name=site)


def _published(ld: list[dict], metas: dict, tree, url: str | None) -> str | None:
    """The date the date model picks among every date the page gives (article/dates.py), else the
    fixed order of sources. The page's visible dates are read once, for both."""
    scorer = dates.model()
    if scorer is None:
        return fixed_order_date(ld, metas, tree, url)
    shown = meta.shown_date_mentions(tree)
    fixed = fixed_order_date(ld, metas, tree, url, shown=[s.day for s in shown])
    options = dates.candidates(dates.readings(ld, metas, tree, url), shown, fixed)
    return dates.choose(options, scorer) or fixed


def fixed_order_date(
    ld: list[dict], metas: dict, tree, url: str | None, *, shown: list[str] | None = None
) -> str | None:
    """The address's date, then structured data, then the first date the page shows, then htmldate.

    A day in the address is written by the publisher's system when the story goes out, in its
    own time zone, so it is right where the structured time is a UTC day later. Without
    structured data, the first date in the page's text (byline, "Updated on", a dateline)
    is what the page tells its readers, and is more often right than htmldate's guess.
    ``shown``: the page's visible dates when the caller has read them already.
    """
    found = meta.url_date(url) or meta.published_date(ld, metas, tree)
    if found:
        return found
    shown = meta.shown_dates(tree) if shown is None else shown
    if shown:
        return shown[0]
    from htmldate import find_date

    try:
        found = find_date(tree, url=url, original_date=True, extensive_search=False)
    except Exception:  # htmldate must never fail an extraction
        found = None
    return meta.iso_date(found)


def _read_with_newspaper(html: str, url: str | None):
    """Run newspaper3k's download (from the given HTML) and parse, never its nlp()."""
    _prepare_newspaper()
    from newspaper import Article as NewsArticle

    news = NewsArticle(url or "", fetch_images=False, memoize_articles=False)
    # Authors, dates, tags, keywords and the page's image list come from better sources
    # (metadata.py) or are not needed; skipping newspaper3k's versions saves a quarter of its time.
    for name, nothing in _SKIPPED_READINGS.items():
        setattr(news.extractor, name, nothing)
    # Nor are its cache key (an MD5 of the whole page) and the removal of cached files it
    # never wrote (fetch_images is off).
    news.get_parse_candidate = lambda: _NO_CANDIDATE
    news.release_resources = lambda: None
    try:
        news.download(input_html=html)
        news.parse()
    except Exception:  # one odd page must not fail the request: trafilatura still reads it
        log.warning("newspaper3k could not parse %s", url or "the page", exc_info=True)
        return None
    return news


_NO_CANDIDATE = SimpleNamespace(link_hash=None)
_SKIPPED_READINGS = {
    "get_authors": lambda doc: [],
    "get_publishing_date": lambda url, doc: None,
    "extract_tags": lambda doc: set(),
    "get_meta_keywords": lambda doc: "",
    "get_meta_data": lambda doc: {},
    "get_favicon": lambda doc: "",
    "get_img_urls": lambda url, doc: set(),
}


def _read_with_trafilatura(html: str, news=None):
    """trafilatura's body as XML, with its fallback extractors and without links.

    Links (``include_links``) and ``fast`` (no fallbacks) both make trafilatura read less of
    the article on WCXB dev (F1 0.929 and 0.914 against 0.931); link density is measured from
    the page's own links instead (body.anchor_texts). Only the XML body is read: the "xml"
    output format skips the plain text the default "python" one would also write (the same
    body; a twelfth of trafilatura's time). trafilatura reads newspaper3k's parse of the page
    when it is the same tree its own would be (``_tree_for_trafilatura``).
    """
    import trafilatura

    page = _tree_for_trafilatura(html, news)
    return trafilatura.bare_extraction(page, include_comments=False, output_format="xml")


def _tree_for_trafilatura(html: str, news):
    """newspaper3k's untouched parse of the page, for trafilatura, else the HTML itself.

    Copying the tree costs a quarter of parsing the page again; the copy also keeps
    newspaper3k's tree, which the metadata, chunk and furniture readers read, from
    trafilatura's changes. trafilatura's parser drops comments and processing instructions,
    so they are dropped from the copy; the trees are then the same (on all 929 pages of the
    two benchmark sets that go this way; only the doctype is lost, which trafilatura does not
    read). The HTML itself goes to trafilatura where its loader would repair or reject it (a
    doctype or ``<html/>`` it rewrites, characters XML forbids, text that does not look like
    HTML) and where lxml's ``fromstring`` did not give the whole document (a fragment).
    """
    from lxml import etree
    from trafilatura.utils import is_dubious_html, repair_faulty_html

    doc = news.clean_doc if news is not None else None
    beginning = html[:50].lower()
    if (
        doc is None
        or doc.tag != "html"
        or is_dubious_html(beginning)
        or repair_faulty_html(html, beginning) != html
    ):
        return html
    tree = copy.deepcopy(doc)
    etree.strip_tags(tree, etree.Comment, etree.ProcessingInstruction)
    return tree


def _parse(html: str):
    import lxml.html

    try:
        return lxml.html.fromstring(html) if html.strip() else None
    except (ValueError, lxml.etree.ParserError):
        return None


def _prepare_newspaper() -> None:
    """Make newspaper3k offline and lxml-6 safe, once per process."""
    global _ready
    with _setup_lock:
        if _ready:
            return
        import newspaper.article
        import newspaper.extractors
        import newspaper.outputformatters
        import newspaper.parsers
        import newspaper.source
        import newspaper.text
        import newspaper.urls
        from tldextract import TLDExtract

        # The bundled public-suffix snapshot: tldextract would otherwise download the list on first use.
        offline = SimpleNamespace(extract=TLDExtract(suffix_list_urls=(), cache_dir=None))
        for module in (newspaper.extractors, newspaper.source, newspaper.urls):
            module.tldextract = offline
        cleaner = fixes.lxml6_cleaner(newspaper.article.DocumentCleaner)
        newspaper.article.DocumentCleaner = fixes.faster_cleaner(cleaner)
        fixes.speed_up(newspaper.parsers.Parser)
        fixes.faster_elements(newspaper.parsers.Parser)
        fixes.faster_text(newspaper.parsers.Parser, newspaper.text, newspaper.outputformatters)
        fixes.faster_empty_tags(newspaper.outputformatters.OutputFormatter)
        fixes.faster_best_node(newspaper.extractors.ContentExtractor)
        fixes.faster_stopwords(newspaper.text.StopWords, newspaper.text.WordStats)
        _ready = True
