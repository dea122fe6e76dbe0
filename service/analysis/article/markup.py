"""What a page's markup says a piece of its text is: a photo caption, a credit, a byline, a side box.

A page states some of its furniture in its tags and class names (``<figcaption>``, ``class="byline"``,
``<aside>``), whatever words it uses; the line classifier of blocks.py only sees the words. The
extracted text keeps no markup, so the texts of those elements are collected here and a line of the
text that is one of them takes the element's kind (blocks.py). Class names are read token by token
("wp-caption-text" is a caption; "credit-card" is not a credit), and only short elements count: a
container as long as a story is a wrapper, not a caption.
"""

from __future__ import annotations

import re

from lxml import etree

_WORD = re.compile(r"[^\W_]+", re.UNICODE)
MAX_CHARS = 600  # longer elements are wrappers, not captions or bylines
_TAG_KINDS = {"figcaption": "caption", "aside": "related"}
# class tokens (split on spaces) -> kind; a token names a kind as a whole word of it
_TOKEN_KINDS = (
    ("caption", re.compile(r"(?:^|[-_])(?:fig)?caption(?:s|text)?(?:$|[-_])", re.I)),
    ("credit", re.compile(r"(?:^|[-_])(?:photo|image|img|media|picture)[-_]?credits?(?:$|[-_])", re.I)),
    ("byline", re.compile(r"(?:^|[-_])(?:byline|author|authors|writer)(?:$|[-_])", re.I)),
    (
        "related",
        re.compile(r"(?:^|[-_])(?:related|more[-_]stories|read[-_]more|recommended)(?:$|[-_])", re.I),
    ),
)
_NAMES = ("caption", "credit", "byline", "author", "writer", "related", "stories", "read-more", "read_more",
          "recommended")  # fmt: skip
_ANY_NAME = " or ".join(f"contains(., '{name}')" for name in _NAMES)
# A first sieve in C: the class values that hold one of the names (an XPath over the class
# attributes takes 2 ms on a WCXB page; over elements, or a Python loop over them, 6-14 ms; ids
# add 2 ms and few lines); _kind_of then reads the tokens.
_SIEVE = etree.XPath(
    f"//@class[{_ANY_NAME}] | //figcaption | //aside | //*[@rel='author' or @itemprop='author']"
)


def normalise(text: str) -> str:
    """Lower-case words joined by single spaces: how a line and an element's text are compared."""
    return " ".join(_WORD.findall(text.lower()))


def furniture_texts(tree) -> tuple[tuple[str, str], ...]:
    """(kind, normalised text) of every short element the markup marks as page furniture."""
    if tree is None:
        return ()
    found: dict[str, str] = {}
    for element in _sieved(tree):
        kind = _kind_of(element)
        if kind is None:
            continue
        text = element.text_content()
        if len(text) > MAX_CHARS:
            continue
        norm = normalise(text)
        if norm and norm not in found:
            found[norm] = kind
    return tuple((kind, text) for text, kind in found.items())


def _sieved(tree):
    """The elements that may be furniture: a tag, class, rel or itemprop names it."""
    seen = set()
    for found in _SIEVE(tree):
        element = found.getparent() if isinstance(found, str) else found
        if element is not None and element not in seen:
            seen.add(element)
            yield element


def _kind_of(element) -> str | None:
    tag = element.tag.lower() if isinstance(element.tag, str) else ""
    if tag in _TAG_KINDS:
        return _TAG_KINDS[tag]
    if element.get("rel") == "author" or (element.get("itemprop") or "").lower() == "author":
        return "byline"
    tokens = (element.get("class") or "").split()
    for kind, pattern in _TOKEN_KINDS:
        if any(pattern.search(token) for token in tokens):
            return kind
    return None


def kind_of_line(line: str, marked: tuple[tuple[str, str], ...]) -> str | None:
    """The markup's kind for a line of text: the element it is, or most of (half its words or more)."""
    norm = normalise(line)
    if not norm:
        return None
    for kind, text in marked:
        if norm == text or (len(norm) >= 20 and norm in text and 2 * len(norm) >= len(text)):
            return kind
    return None
