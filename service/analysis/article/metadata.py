"""Reads an article's metadata (date, title, canonical URL, image, language) from its page.

Structured data comes first (JSON-LD, then meta tags, then marked-up bylines and <time>
elements), because publishers write it for machines; the page's address is the last resort
for the date. Word lists live in extraction.json.
"""

from __future__ import annotations

import html
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from pathlib import Path
from urllib.parse import urljoin

from lxml import etree

DATA = Path(__file__).resolve().parent / "extraction.json"
ARTICLE_TYPES = ("article", "newsarticle", "blogposting", "reportagenewsarticle", "analysisnewsarticle")
DATE_META = (
    "article:published_time", "datepublished", "pubdate", "publishdate", "publish-date", "publish_date",
    "og:published_time", "sailthru.date", "parsely-pub-date", "dc.date.issued", "dc.date", "dcterms.created",
    "date", "article.published", "published_time", "cxenseparse:recs:publishtime",
)  # fmt: skip
_MONTHS = {m: i for i, m in enumerate("jan feb mar apr may jun jul aug sep oct nov dec".split(), 1)}
_MONTH_NAME = r"(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?"
_MONTH = r"\b" + _MONTH_NAME
# "(?=[jfmasond])": the letters a match starts with, which lets the scan skip other places fast.
_MDY = re.compile(
    r"\b(?=[jfmasond])" + _MONTH_NAME + r"\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+((?:19|20)\d\d)\b", re.I
)
# The patterns that start with a number start with its first digit, and the "\b" before it is
# asked just after it ("(?<!\w\d)": no word character before that digit). A pattern that begins
# with a character class lets ``re`` skip to the next digit in C: these scans take a third to
# a half of the time they took trying every place of the text.
_DMY = re.compile(r"(\d(?<!\w\d)\d?)(?:st|nd|rd|th)?\s+(?:of\s+)?" + _MONTH + r",?\s+((?:19|20)\d\d)\b", re.I)
_YMD = re.compile(r"((?:19|20)(?<!\w\d\d)\d\d)[-/.](\d{1,2})[-/.](\d{1,2})\b")
_NUMERIC = re.compile(r"(\d(?<!\w\d)\d?)[/.-](\d{1,2})[/.-]((?:19|20)\d\d)\b")
# Plain strings (not lxml's "smart" ones that know their element): a quarter faster. The HTML
# parser keeps a script's or a style's content as its one text child, so only <noscript>
# (which holds elements) needs the walk up the ancestors. "/descendant::" rather than "//" after
# body: the same text nodes, without a step through every node on the way (a third faster).
_VISIBLE_TEXT = etree.XPath(
    "//body/descendant::text()[not(parent::script or parent::style)][not(ancestor::noscript)]",
    smart_strings=False,
)
_ISO_DATE = re.compile(r"((?:19|20)\d\d)-(\d\d)-(\d\d)")
_UPDATED = re.compile(r"(?i)\b(updated?|modified|revised|reviewed|refreshed|edited)\b")
_PUBLISHED = re.compile(r"(?i)\b(published|posted|written|released|created)\b")
_MODIFIED_KEY = re.compile(r"modif|updat|revis")
_PUBLISHED_KEY = re.compile(r"publish|pub[-_.]?date|date[-_.]?pub|issued|created|(?:^|[^a-z])date$")
_URL_DATE = re.compile(r"/((?:19|20)\d\d)[/_-]?(0[1-9]|1[0-2])[/_-]?(0[1-9]|[12]\d|3[01])(?:/|[_-]|\.|$)")


@lru_cache(maxsize=1)
def words() -> dict:
    return json.loads(DATA.read_text("utf8"))


def json_ld(tree: etree._Element) -> list[dict]:
    """Every JSON-LD object describing an article, flattened out of lists and @graph."""
    return [o for o in json_ld_objects(tree) if types_of(o) & set(ARTICLE_TYPES)]


def json_ld_objects(tree: etree._Element) -> list[dict]:
    """Every JSON-LD object of the page, flattened out of lists and @graph. The WebPage object a
    site's SEO plugin writes often carries the dates an Article object would."""
    found = []
    for script in tree.xpath('//script[@type="application/ld+json"]'):
        found.extend(_objects(_load_json(script.text or "")))
    return found


@lru_cache(maxsize=16)
def _load_json(text: str):
    """A script's JSON, parsed once per text: the article and the date readers both ask for it."""
    try:
        return json.loads(text)
    except ValueError:
        return None


def meta_values(tree: etree._Element) -> dict[str, list[str]]:
    """Contents of <meta> tags by lower-cased name, property or itemprop."""
    values: dict[str, list[str]] = {}
    for meta in tree.iter("meta"):
        key = meta.get("property") or meta.get("name") or meta.get("itemprop")
        content = (meta.get("content") or "").strip()
        if key and content:
            values.setdefault(key.lower(), []).append(content)
    return values


def published_date(ld: list[dict], metas: dict, tree: etree._Element) -> str | None:
    """The publication date written for machines: JSON-LD, meta tags, then <time> elements."""
    candidates = [o.get("datePublished") for o in ld] + [o.get("dateCreated") for o in ld]
    candidates += [v for key in DATE_META for v in metas.get(key, [])]
    marked, first_time = marked_dates(tree)
    candidates += marked + first_time
    return next((d for d in map(iso_date, candidates) if d), None)


# The elements that may carry a date for machines, in one walk of the page.
_DATETIME = etree.XPath("/descendant::*[@datetime][self::time or @itemprop='datePublished']")


def marked_dates(tree: etree._Element) -> tuple[list[str], list[str]]:
    """The ``datetime`` of the elements marked as the publication's (itemprop="datePublished",
    <time pubdate>) in page order, and that of the page's first <time> (none or one).

    One walk over the elements that have the attribute gives both; the XPaths for each
    (//*[@itemprop='datePublished']/@datetime | //time[@pubdate]/@datetime, //time/@datetime)
    walked the whole page three times, and the fixed order and the date model both ask."""
    marked, first_time = [], []
    for element in _DATETIME(tree):
        is_time = element.tag == "time"
        if element.get("itemprop") == "datePublished" or (is_time and element.get("pubdate") is not None):
            marked.append(element.get("datetime"))
        if is_time and not first_time:
            first_time.append(element.get("datetime"))
    return marked, first_time


@dataclass(frozen=True)
class ShownDate:
    """A date written in the page's visible text, where it stands and the words just before it."""

    day: str
    position: float  # share of the visible text before it
    after_updated: bool  # "Updated", "Last reviewed" just before it
    after_published: bool  # "Published", "Posted" just before it
    from_headline: int | None = None  # characters from the end of the page's <h1>; None: no <h1>


def shown_dates(tree: etree._Element) -> list[str]:
    """The calendar dates written in the page's visible text, in reading order."""
    return [shown.day for shown in shown_date_mentions(tree)]


def shown_date_mentions(tree: etree._Element) -> list[ShownDate]:
    """The calendar dates written in the page's visible text, in reading order: a month
    spelled out in English ("May 2, 2024", "2nd May 2024"), or digits ("2024-05-02", "02/05/2024").

    A numeric date is read day-first or month-first as the page's other dates show: a
    spelled-out date with the same numbers, else any numeric date whose day is above 12."""
    text = " ".join(" ".join(_VISIBLE_TEXT(tree)).split())
    found = []
    for m in _MDY.finditer(text):
        found.append((m.span(), _valid(m.group(3), str(_MONTHS[m.group(1).lower()[:3]]), m.group(2))))
    for m in _DMY.finditer(text):
        found.append((m.span(), _valid(m.group(3), str(_MONTHS[m.group(2).lower()[:3]]), m.group(1))))
    for m in _YMD.finditer(text):
        found.append((m.span(), _valid(*m.groups())))
    spelled = {d for _, d in found}
    numeric = [(m.span(), *m.groups()) for m in _NUMERIC.finditer(text)]
    day_first = sum(int(a) > 12 for _, a, _, _ in numeric) > sum(int(b) > 12 for _, _, b, _ in numeric)
    for span, a, b, year in numeric:
        month_first, other = _valid(year, a, b), _valid(year, b, a)
        if day_first or (other in spelled and month_first not in spelled):
            month_first, other = other, month_first
        found.append((span, month_first or other))
    out, previous_end, headline = [], 0, _headline_end(tree, text)
    for (start, end), day in sorted(found, key=lambda f: f[0]):
        if day:
            before = text[max(0, start - 40, previous_end) : start]  # not past the date before it
            out.append(ShownDate(day, start / max(len(text), 1), bool(_UPDATED.search(before)),
                                 bool(_PUBLISHED.search(before)),
                                 None if headline is None else start - headline))  # fmt: skip
        previous_end = max(previous_end, end)
    return out


def _headline_end(tree: etree._Element, text: str) -> int | None:
    """Where the page's first <h1> ends in its visible text: a story's own date sits just under
    its headline, while a masthead's "today" and event or comment dates stand elsewhere."""
    for heading in tree.iter("h1"):
        words = " ".join(heading.text_content().split())
        found = text.find(words) if len(words) > 3 else -1
        if found >= 0:
            return found + len(words)
    return None


def iso_date(value) -> str | None:
    """The YYYY-MM-DD at the start of an ISO timestamp, if it is a real date."""
    found = _ISO_DATE.search(value) if isinstance(value, str) else None
    return _valid(*found.groups()) if found else None


def meta_dates(metas: dict) -> tuple[list[str], list[str]]:
    """The days of the page's meta tags named for publication, and of those named for an update.

    Beyond the usual names (DATE_META) sites invent their own ("published", "date-pub",
    "citation_online_date", "modified-date"), some with the month spelled out ("July 17, 2025");
    a name's words tell which kind of date it holds."""
    published, modified = [], []
    for key, values in metas.items():
        kind = modified if _MODIFIED_KEY.search(key) else published if _PUBLISHED_KEY.search(key) else None
        if kind is not None:
            kind.extend(d for d in map(any_date, values) if d)
    return published, modified


def any_date(value) -> str | None:
    """An ISO timestamp's day, else the first date written with its month spelled out."""
    day = iso_date(value)
    if day or not isinstance(value, str) or len(value) > 60:
        return day
    for pattern, year, month, day_ in ((_MDY, 3, 1, 2), (_DMY, 3, 2, 1)):
        found = pattern.search(value)
        if found:
            month_number = str(_MONTHS[found.group(month).lower()[:3]])
            return _valid(found.group(year), month_number, found.group(day_))
    return None


def url_date(url: str | None) -> str | None:
    """A date written into the page's address (/2024/05/06/ or /20240506/)."""
    found = _URL_DATE.search(url or "")
    return _valid(*found.groups()) if found else None


def clean_title(title: str | None, *, site_name: str | None = None) -> str | None:
    """The headline without a trailing (or leading) ' | Site Name'."""
    if not title:
        return None
    title = " ".join(html.unescape(title).split())
    for sep in words()["title"]["separators"]:
        if sep not in title:
            continue
        head, _, tail = title.rpartition(sep)
        first, _, rest = title.partition(sep)
        if _is_site(tail, site_name) and len(head.split()) > 1:
            return clean_title(head, site_name=site_name)
        if _is_site(first, site_name) and len(rest.split()) > 1:
            return rest
    return title


def canonical_url(tree: etree._Element, metas: dict, url: str | None) -> str | None:
    """rel=canonical, else og:url, made absolute against the page's address."""
    links = tree.xpath("//link[@rel='canonical']/@href") + metas.get("og:url", [])
    href = next((h.strip() for h in links if h.strip()), None)
    return urljoin(url or "", href) if href else None


def top_image(metas: dict, url: str | None) -> str | None:
    image = next(iter(metas.get("og:image", []) + metas.get("twitter:image", [])), None)
    return urljoin(url or "", image) if image else None


def language(tree: etree._Element, metas: dict) -> str | None:
    """Two-letter language code from <html lang>, Content-Language or og:locale."""
    values = [tree.get("lang"), *metas.get("content-language", []), *metas.get("og:locale", [])]
    codes = (re.match(r"([a-zA-Z]{2})(?:[-_]|$)", v.strip()) for v in values if v)
    return next((c.group(1).lower() for c in codes if c), None)


def site_name(metas: dict, ld: list[dict]) -> str | None:
    publisher = next((o.get("publisher") for o in ld if isinstance(o.get("publisher"), dict)), {})
    return next(iter(metas.get("og:site_name", [])), None) or publisher.get("name")


def _objects(data) -> Iterator[dict]:
    if isinstance(data, list):
        for item in data:
            yield from _objects(item)
    elif isinstance(data, dict):
        yield data
        yield from _objects(data.get("@graph", []))


def types_of(obj: dict) -> set[str]:
    kinds = obj.get("@type", "")
    return {str(k).lower() for k in (kinds if isinstance(kinds, list) else [kinds])}


def _is_site(part: str, site: str | None) -> bool:
    part = part.strip().casefold()
    if site and len(part) > 2 and part.replace(" ", "") in site.casefold().replace(" ", ""):
        return True
    return bool(re.fullmatch(r"[\w.-]+\.(com|org|net|co\.uk|de|fr|io|news)", part))


def _valid(year: str, month: str, day: str) -> str | None:
    try:
        return date(int(year), int(month), int(day)).isoformat()
    except ValueError:
        return None
