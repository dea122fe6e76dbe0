"""Chooses the article body from two extractors' outputs, paragraph by paragraph, by evidence.

trafilatura finds more of the article (and more boilerplate: headline, standfirst, newsletter
boxes, link lists); newspaper3k keeps to one block. A paragraph the two agree on is article
text; trafilatura's paragraphs beyond the agreed span stay only while they read as prose, and
newspaper3k's prose paragraphs that trafilatura missed are put back in place.

The service decides with ``learned_body`` (the paragraph model of paragraphs.py says which of
trafilatura's blocks to keep); ``choose_body``, the hand-set rules above, stays as the baseline
that bench/extraction_model.py cross-validates against.
"""

from __future__ import annotations

import json
import re
from bisect import bisect_right
from dataclasses import dataclass
from functools import lru_cache
from itertools import chain
from pathlib import Path

from lxml import etree

DATA = Path(__file__).resolve().parent / "extraction.json"
_TOKEN = re.compile(r"\w+")
_BLOCK_TAGS = ("p", "head", "item", "quote", "cell", "code")
_string = etree.XPath("string()")  # an element's text, compiled once (not per call as elem.xpath)


@dataclass(frozen=True)
class Block:
    """One paragraph of an extractor's output: its text, its kind and the share of link text."""

    text: str
    kind: str = "p"  # p | head | item | quote | cell
    link_density: float = 0.0


@dataclass(frozen=True)
class Body:
    text: str
    source: str  # trafilatura | newspaper3k | ensemble
    confidence: float


@lru_cache(maxsize=1)
def settings() -> dict:
    return json.loads(DATA.read_text("utf8"))["body"]


def anchor_texts(tree: etree._Element | None) -> frozenset[str]:
    """The texts of the page's links (two words or more, spaces squeezed)."""
    if tree is None:
        return frozenset()
    found = set()
    for a in tree.iter("a"):
        text = " ".join(_string(a).split())
        if " " in text:
            found.add(text)
    return frozenset(found)


def blocks_from_xml(body: etree._Element | None, anchors: frozenset[str] | None = None) -> list[Block]:
    """trafilatura's XML body as a list of blocks, one per line.

    The share of link text comes from <ref> elements when trafilatura kept links, else from the
    page's link texts (``anchors``) found in the block: asking trafilatura for links changes what
    it extracts, for the worse (WCXB dev F1 0.933 without, 0.884 with).
    """
    if body is None:
        return []
    lines = []
    for elem in body.iter(*_BLOCK_TAGS):
        if _inside(elem, _BLOCK_TAGS):
            continue
        links = sum(len(_string(ref)) for ref in elem.iter("ref"))
        whole = _text_with_breaks(elem)
        density = links / max(1, len(whole.replace("\n", "")))
        kind = elem.tag if elem.tag != "code" else "p"
        lines.extend((" ".join(line.split()), kind, density) for line in whole.split("\n") if line.strip())
    if anchors:
        densities = _anchor_densities([text for text, _, _ in lines], anchors)
        return [Block(text, kind, d) for (text, kind, _), d in zip(lines, densities, strict=True)]
    return [Block(text, kind, density) for text, kind, density in lines]


def _anchor_densities(texts: list[str], anchors: frozenset[str]) -> list[float]:
    """Each text's share of link text: 1 for a text that is a link's, else the summed lengths of
    the shorter link texts found in it (each once) over its length, at most 1.

    One search per link text runs through all the texts, joined by newlines (which neither a
    text nor a link text holds), instead of one per link text and text."""
    joined = "\n".join(texts)
    starts, offset = [], 0
    for text in texts:
        starts.append(offset)
        offset += len(text) + 1
    linked = [0] * len(texts)
    for a in anchors:
        found = joined.find(a)
        while found >= 0:
            i = bisect_right(starts, found) - 1
            if len(a) < len(texts[i]):
                linked[i] += len(a)
            found = joined.find(a, starts[i + 1]) if i + 1 < len(texts) else -1
    return [
        1.0 if text in anchors else min(1.0, link / max(1, len(text)))
        for text, link in zip(texts, linked, strict=True)
    ]


def choose_body(blocks: list[Block], np_text: str, *, title: str | None = None) -> Body:
    """Merge trafilatura's blocks with newspaper3k's text into one body."""
    np_paras = [" ".join(p.split()) for p in np_text.split("\n") if p.strip()]
    if not blocks:
        return Body("\n\n".join(np_paras), "newspaper3k", 0.5 if np_paras else 0.0)
    np_shingles = joined_shingles(np_paras)
    support = [_share(_shingles(b.text), np_shingles) for b in blocks]
    agreed = [i for i, s in enumerate(support) if s >= settings()["support"]]
    if not agreed or _agreement(blocks, np_shingles) < settings()["agreement_floor"]:
        return _without_agreement(blocks, np_paras, title)
    first, last = _extend(blocks, agreed[0], agreed[-1])
    kept = [b for i, b in enumerate(blocks[first : last + 1], first) if _keep_inside(b, support[i])]
    kept = _trim_edges(_drop_title(kept, title))
    merged = _rescue(kept, np_paras)
    source = "ensemble" if len(merged) != len(kept) or first or last < len(blocks) - 1 else "trafilatura"
    confidence = round(0.5 + 0.5 * len(agreed) / len(blocks), 2)
    return Body("\n\n".join(b.text for b in merged), source, confidence)


def learned_body(
    blocks: list[Block],
    np_text: str,
    probs: list[float],
    threshold: float,
    np_ratio: float = float("inf"),
    *,
    title: str | None = None,
) -> Body:
    """trafilatura's blocks the paragraph model keeps, with newspaper3k's missed paragraphs put back.

    ``probs`` are the model's probabilities, one per block (paragraphs.py). When newspaper3k's
    text is more than ``np_ratio`` times longer than that, trafilatura has read the wrong part
    of the page (or only its start) and newspaper3k's text is the body. The headline repeated
    as the first kept block goes (it is not body text on 244 of 263 such pages of the two sets).
    """
    np_paras = [" ".join(p.split()) for p in np_text.split("\n") if p.strip()]
    np_body = Body("\n\n".join(np_paras), "newspaper3k", 0.3)
    if not blocks:
        return Body(np_body.text, "newspaper3k", 0.5 if np_paras else 0.0)
    kept = _drop_title([b for b, p in zip(blocks, probs, strict=True) if p >= threshold], title)
    if not kept:
        if _prose_words([Block(p) for p in np_paras]):
            return np_body
        return Body("", "trafilatura", 0.0)
    merged = _rescue(kept, np_paras)
    text = "\n\n".join(b.text for b in merged)
    np_words = len(np_body.text.split())
    if np_words >= settings()["np_min_words"] and np_words > np_ratio * len(text.split()):
        return np_body
    source = "trafilatura" if len(merged) == len(blocks) else "ensemble"
    above = [p for p in probs if p >= threshold]
    confidence = round(sum(above) / len(above), 2)
    return Body(text, source, confidence)


def _without_agreement(blocks: list[Block], np_paras: list[str], title: str | None) -> Body:
    """No common ground: take the output whose paragraphs read more like an article."""
    np_blocks = [Block(p) for p in np_paras]
    if _prose_words(blocks) == 0 and _prose_words(np_blocks) > 0:
        return Body("\n\n".join(np_paras), "newspaper3k", 0.3)
    kept = _drop_title([b for b in blocks if not _furniture(b)], title)
    text = "\n\n".join(b.text for b in kept)
    if not _prose_words(kept) and len(text) < settings()["min_chars_without_prose"]:
        return Body("", "trafilatura", 0.0)  # a menu or a caption is not an article
    return Body(text, "trafilatura", 0.3)


def _extend(blocks: list[Block], first: int, last: int) -> tuple[int, int]:
    """Grow the agreed span while prose lies within a short reach of its edge."""
    reach_back, reach_forward = settings()["reach_back"], settings()["reach_forward"]
    while (step := _prose_within(blocks, first, -1, reach_back)) is not None:
        first = step
    while (step := _prose_within(blocks, last, 1, reach_forward)) is not None:
        last = step
    return first, last


def _prose_within(blocks: list[Block], edge: int, step: int, reach: int) -> int | None:
    """Index of the nearest prose block past ``edge`` within ``reach`` blocks, over quiet ones."""
    for distance in range(1, reach + 1):
        i = edge + step * distance
        if not 0 <= i < len(blocks) or _furniture(blocks[i]):
            return None
        if is_prose(blocks[i]):
            return i
    return None


def _furniture(block: Block) -> bool:
    """Link lists and boilerplate end an article: the span never grows across them."""
    limit = (
        settings()["list_item_max_link_density"] if block.kind == "item" else settings()["max_link_density"]
    )
    return block.link_density >= limit or _boilerplate(block)


def _keep_inside(block: Block, support: float) -> bool:
    """Inside the agreed span, drop only what nobody else kept and that looks like furniture."""
    return support >= settings()["support"] or not _furniture(block)


def _rescue(kept: list[Block], np_paras: list[str]) -> list[Block]:
    """Put back newspaper3k's prose paragraphs that trafilatura missed between agreed ones.

    Only gaps inside the agreed text are filled: paragraphs newspaper3k adds before or after
    it are as often captions and teasers as article text.
    """
    out = list(kept)
    out_shingles = [_shingles(b.text) for b in kept]  # kept beside ``out``, insert for insert
    every = set().union(*out_shingles)
    np_shingles = [_shingles(p) for p in np_paras]
    matched = [_share(s, every) > settings()["rescue_max_support"] for s in np_shingles]
    if not any(matched):
        return kept
    first, last = matched.index(True), len(matched) - 1 - matched[::-1].index(True)
    position = 0
    for i in range(first, last + 1):
        if matched[i]:
            position = _where(np_shingles[i], out_shingles, position)
        elif is_prose(Block(np_paras[i])):
            position += 1
            out.insert(position, Block(np_paras[i]))
            out_shingles.insert(position, np_shingles[i])
    return out


def _where(own: frozenset, shingles: list[frozenset], position: int) -> int:
    """Index of the block (given by its shingles) that best matches a paragraph, searching from
    ``position``; ``position`` itself when none shares a shingle with it.

    The share of ``own`` in a block only grows with the shingles they have in common, so those
    are counted (the first best block wins, as with the shares). A block that holds all of
    them cannot be beaten, so the search ends there: the paragraph is usually in the next block
    or two, and searching on through the rest cost a millisecond a page."""
    best, best_common, whole = position, 0, len(own)
    for i in range(position, len(shingles)):
        common = len(own & shingles[i])
        if common > best_common:
            best, best_common = i, common
            if common == whole:
                break
    return best


def _trim_edges(blocks: list[Block]) -> list[Block]:
    """Sign-offs and share prompts at either end go even when both extractors kept them, and
    so does a heading with nothing after it."""
    start, end = 0, len(blocks)
    while start < end and _boilerplate(blocks[start]):
        start += 1
    while end > start and (_boilerplate(blocks[end - 1]) or blocks[end - 1].kind == "head"):
        end -= 1
    return blocks[start:end]


def _drop_title(blocks: list[Block], title: str | None) -> list[Block]:
    """The headline repeated at the top of the body is not body text."""
    if (
        blocks
        and title
        and _share(_shingles(blocks[0].text), _shingles(title)) >= settings()["title_similarity"]
    ):
        return blocks[1:]
    return blocks


def is_prose(block: Block) -> bool:
    """A paragraph of running text: the cheap tests first, the words counted last."""
    s = settings()
    return (
        block.kind in ("p", "quote")
        and block.link_density < s["max_link_density"]
        and block.text.rstrip()[-1:] in s["prose_endings"]
        and len(block.text.split()) >= s["prose_min_words"]
        and not _boilerplate(block)
    )


def _boilerplate(block: Block) -> bool:
    """A short text holding a sign-off or share phrase. Lower-casing never shortens a text, so
    one of 300 characters or more is not looked through."""
    if len(block.text) >= 300:
        return False
    lowered = block.text.lower()
    return len(lowered) < 300 and any(phrase in lowered for phrase in settings()["boilerplate_phrases"])


def _prose_words(blocks: list[Block]) -> int:
    return sum(len(b.text.split()) for b in blocks if is_prose(b))


def _agreement(blocks: list[Block], np_shingles: set) -> float:
    """Share of the smaller output's shingles that the other one also has."""
    tr_shingles = joined_shingles([b.text for b in blocks])
    smaller = min(len(tr_shingles), len(np_shingles)) or 1
    return len(tr_shingles & np_shingles) / smaller


# The same texts are compared several times while one page is read; across pages the cache barely
# hits (120 real pages: 9,921 hits with 256 entries, 9,968 with 4,096), and 4,096 entries of whole
# article texts kept about 50 MB in each worker (bench/soak.py).
@lru_cache(maxsize=256)
def _shingles(text: str) -> frozenset:
    """Three-word windows: the unit in which two extractors' texts are compared."""
    return _windows(_tokens(text))


@lru_cache(maxsize=256)
def _tokens(text: str) -> tuple[str, ...]:
    return tuple(_TOKEN.findall(text.lower()))


def _windows(tokens: tuple[str, ...] | list[str]) -> frozenset:
    """Each window's words joined by spaces (no word holds one): a string keeps its hash, so
    the many set operations on shingles do not hash them again, as they would tuples."""
    if len(tokens) < 3:
        return frozenset([" ".join(tokens)]) if tokens else frozenset()
    return frozenset(map(" ".join, zip(tokens, tokens[1:], tokens[2:], strict=False)))


def joined_shingles(texts: list[str]) -> frozenset:
    """``_shingles(" ".join(texts))``, built from each text's own shingles (cached, and wanted
    anyway) and the windows across the joins, instead of tokenising the whole text again.

    The space that joins two texts is never part of a word, nor of a lower-casing context, so
    the joined text's words are the texts' words one after the other."""
    token_lists = [_tokens(t) for t in texts]
    flat = list(chain.from_iterable(token_lists))
    if len(flat) < 3:
        return _windows(flat)
    across = []
    end = 0
    for tokens in token_lists:
        end += len(tokens)
        # windows that start in the last two words so far and run on into the next text
        for start in range(max(0, end - 2), min(end, len(flat) - 2)):
            across.append(" ".join(flat[start : start + 3]))
    own = (_shingles(t) for t, tokens in zip(texts, token_lists, strict=True) if len(tokens) >= 3)
    return frozenset(across).union(*own)


def _share(part: set, whole: set) -> float:
    return len(part & whole) / len(part) if part else 0.0


def _text_with_breaks(elem: etree._Element) -> str:
    parts = [elem.text or ""]
    for child in elem:
        parts.append("\n" if child.tag == "lb" else _string(child))
        parts.append(child.tail or "")
    return "".join(parts)


def _inside(elem: etree._Element, tags: tuple[str, ...]) -> bool:
    return any(parent.tag in tags for parent in elem.iterancestors())
