"""Article text and metadata from HTML; the only module that imports newspaper.

(A first version: newspaper3k alone. The extraction work replaces it with an ensemble.)
"""

from __future__ import annotations

from tldextract import tldextract

from service.analysis.model import Article

# tldextract fetches the public suffix list on first use; use the bundled snapshot instead.
tldextract.TLD_EXTRACTOR = tldextract.TLDExtract(suffix_list_urls=(), cache_dir=None)

import newspaper  # noqa: E402  (after tldextract is made offline)


def extract_article(html: str, *, url: str | None = None) -> Article:
    """Parse ``html`` with newspaper3k: body text, title, authors, date, language, image."""
    page = newspaper.Article(url or "", fetch_images=False, memoize_articles=False)
    page.download(input_html=html)
    page.parse()
    published = page.publish_date.date().isoformat() if page.publish_date else None
    return Article(
        text=page.text,
        url=url,
        canonical_url=page.canonical_link or None,
        title=page.title or None,
        authors=tuple(page.authors),
        published_at=published,
        language=page.meta_lang or None,
        top_image=page.top_image or None,
        extraction={"body": "newspaper3k"},
    )
