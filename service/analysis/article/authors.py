"""Finds an article's authors and keeps only people's names.

Sources in order of trust: JSON-LD, meta tags, then marked-up bylines outside the comments.
Each string is split into names and cleaned of "By", dates, job titles, degrees, e-mail
addresses and the site's own name (extraction.json holds the word lists).
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterator
from urllib.parse import urlsplit

from lxml import etree

from service.analysis.article.metadata import types_of, words

AUTHOR_META = (
    "author",
    "article:author",
    "byl",
    "sailthru.author",
    "parsely-author",
    "dc.creator",
    "citation_author",
)
# Several names in one string: commas, "and", pipes, and a full stop after a word (not an initial).
_AUTHOR_SPLIT = re.compile(r"\s*(?:,|;|\||&|\band\b|\bund\b|\bet\b|\by\b|\n|(?<=\w{3})\.\s+)\s*")
# Digits, e-mail, web addresses, domains, and an upper-case run glued to the next word.
_NOT_A_NAME = re.compile(r"\d|@|https?:|www\.|\.(?:com|org|net|co|uk|de|fr|in)\b|[A-Z]{3,}[a-z]")


def raw_authors(ld: list[dict], metas: dict, tree: etree._Element) -> list[str]:
    """Author names as the page writes them, most reliable source first."""
    for source in (_ld_authors(ld), _meta_authors(metas), _byline_authors(tree)):
        names = [n for n in source if n]
        if names:
            return names
    return []


def clean_authors(
    names: list[str], *, site_name: str | None = None, url: str | None = None
) -> tuple[str, ...]:
    """Person names only: no 'By', dates, job titles, e-mail addresses or the site's name."""
    cleaned: list[str] = []
    sites = _site_marks(site_name, url)
    for name in names:
        for part in _AUTHOR_SPLIT.split(html.unescape(name)):
            person = _person(part)
            if person and not _names_site(person, sites) and person not in cleaned:
                cleaned.append(person)
    return tuple(cleaned)


def _site_marks(site_name: str | None, url: str | None) -> set[str]:
    """The site's name and its domain's main label, lower-cased without spaces."""
    marks = {re.sub(r"\W", "", site_name or "").casefold()}
    host = urlsplit(url or "").hostname or ""
    labels = [label for label in host.split(".") if label not in ("www", "m", "amp")]
    if len(labels) >= 2:
        marks.add(max(labels[:-1], key=len))
    return {m for m in marks if len(m) >= 4}


def _names_site(person: str, sites: set[str]) -> bool:
    flat = re.sub(r"\W", "", person).casefold()
    return any(flat == site or (len(flat) >= 5 and (flat in site or site in flat)) for site in sites)


def _person(part: str) -> str | None:
    """One cleaned name, or None when the part is not a person's name."""
    lists = words()["authors"]
    text = re.sub(r"\s+", " ", part).strip(" .:-–—|·•")
    for prefix in sorted(lists["prefixes"], key=len, reverse=True):
        text = re.sub(rf"^{prefix}\s+", "", text, flags=re.IGNORECASE)
    tokens = text.split()
    bad = set(lists["job_words"]) | set(lists["month_words"])
    if not tokens or len(tokens) > lists["max_words"] or _NOT_A_NAME.search(text):
        return None
    if (
        not all(t[:1].isupper() for t in tokens)
        or _initials_only(tokens)
        or text.casefold() in lists["prefixes"]
    ):
        return None
    words_in = {w for t in tokens for w in re.split(r"[-–]", t.casefold().strip(".,"))}
    glued = any(_ends_glued(t, w) for t in tokens for w in bad if len(w) > 3)
    return None if words_in & bad or glued else text


def _ends_glued(token: str, word: str) -> bool:
    """'SmithMonday': a capitalised word stuck to the end of a name without a space."""
    low = token.casefold()
    cut = len(low) - len(word)
    return cut > 0 and low.endswith(word) and "a" <= low[cut - 1] <= "z" and token[cut].isupper()


def _initials_only(tokens: list[str]) -> bool:
    """Degrees and agency codes standing alone (MS, RDN, PTI) are not names."""
    return len(tokens) == 1 and tokens[0].isupper() and len(tokens[0]) <= 4


def _ld_authors(ld: list[dict]) -> Iterator[str]:
    for obj in ld:
        authors = obj.get("author") or []
        for author in authors if isinstance(authors, list) else [authors]:
            if isinstance(author, dict) and types_of(author) & {"person", ""}:
                yield author.get("name") if isinstance(author.get("name"), str) else None
            elif isinstance(author, str):
                yield author


def _meta_authors(metas: dict) -> Iterator[str]:
    for key in AUTHOR_META:
        for value in metas.get(key, []):
            if not value.startswith("http"):
                yield value


def _byline_authors(tree: etree._Element) -> Iterator[str]:
    marked = tree.xpath(
        "//*[@rel='author' or @itemprop='author'"
        " or contains(@class, 'byline') or contains(@class, 'author-name')]"
    )
    for elem in [e for e in marked if not _in_comments(e)][:6]:
        name = elem.xpath("string(.//*[@itemprop='name'])") or elem.xpath("string()")
        yield " ".join(name.split())[:200]


def _in_comments(elem: etree._Element) -> bool:
    """Commenters' names are marked up like the author's; their containers say what they are."""
    markers = words()["body"]["comment_markers"]
    for node in elem.iterancestors():
        marks = f"{node.get('id', '')} {node.get('class', '')}".lower()
        if any(marker in marks for marker in markers):
            return True
    return False
