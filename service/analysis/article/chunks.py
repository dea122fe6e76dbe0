"""Finds the rest of an article that its page splits into several containers of the same class.

Pages that put advertising slots inside long stories often cut the text into chunks, each in
its own ``<div class="…body…">``. Extractors pick the best single block and lose the other
chunks. Given the paragraphs already chosen, this finds their container in the page and the
containers of the same tag, class and depth, and returns their prose paragraphs in order.
"""

from __future__ import annotations

from collections import Counter

from lxml import etree

from service.analysis.article.body import Block, is_prose, settings

MIN_MATCHED = 2  # chosen paragraphs that must sit in one container before its twins are trusted


def other_chunks(tree: etree._Element, chosen: list[str]) -> tuple[list[str], list[str]]:
    """Prose paragraphs of the chosen text's same-class twin containers: (before, after) it."""
    container = _container(tree, set(chosen))
    if container is None or not container.get("class"):
        return [], []
    depth = _depth(container)
    before: list[str] = []
    after: list[str] = []
    side = before
    for elem in tree.iter(container.tag):
        if elem is container:
            side = after
        elif elem.get("class") == container.get("class") and _depth(elem) == depth and not _in_comments(elem):
            side.extend(_prose_paragraphs(elem, set(chosen)))
    return before, after


def _container(tree: etree._Element, chosen: set[str]) -> etree._Element | None:
    """The element whose <p> children hold most of the chosen paragraphs."""
    parents: Counter = Counter()
    for p in tree.iter("p"):
        if _text(p) in chosen:
            parents[p.getparent()] += 1
    if not parents:
        return None
    parent, count = parents.most_common(1)[0]
    return parent if count >= MIN_MATCHED else None


def _prose_paragraphs(elem: etree._Element, chosen: set[str]) -> list[str]:
    texts = [_text(p) for p in elem.iter("p")]
    links = [sum(len(a.text_content()) for a in p.iter("a")) for p in elem.iter("p")]
    return [
        t for t, link in zip(texts, links, strict=True)
        if t not in chosen and is_prose(Block(t, "p", link / max(1, len(t))))
    ]  # fmt: skip


def _in_comments(elem: etree._Element) -> bool:
    """Readers' comments repeat the article's own markup; their containers say what they are."""
    words = settings()["comment_markers"]
    for node in (elem, *elem.iterancestors()):
        marks = f"{node.get('id', '')} {node.get('class', '')}".lower()
        if any(word in marks for word in words):
            return True
    return False


def _text(elem: etree._Element) -> str:
    return " ".join(elem.text_content().split())


def _depth(elem: etree._Element) -> int:
    return sum(1 for _ in elem.iterancestors())
