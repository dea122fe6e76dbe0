"""The words a figure was read from, as one tight span: the number words, the noun they count and
the word that says what happened ("killed one person", "exchanged 372 prisoners").

The evidence sentence tells a reader where a figure comes from; this span tells them which words
of it, so a page can mark them and an editor can check the figure against the text at a glance.
"""

from __future__ import annotations

from collections.abc import Iterable

from spacy.tokens import Token

MAX_TOKENS = 8  # wider than this, the trigger is left out: the span is the number and its noun


def figure_span(
    number: Iterable[Token], counted: Iterable[Token | None] = (), trigger: Token | None = None
) -> tuple[int, int] | None:
    """Character offsets into the tokens' doc (end exclusive) of the figure phrase, or None when
    there is no number word to anchor it. The trigger joins the span only while it stays tight."""
    core = [*number]
    if not core:
        return None
    core += [t for t in counted if t is not None]
    tokens = core if trigger is None else [*core, trigger]
    if _width(tokens) > MAX_TOKENS:
        tokens = core
    first = min(tokens, key=lambda t: t.i)
    last = max(tokens, key=lambda t: t.i)
    return first.idx, last.idx + len(last.text)


def merge(spans: Iterable[tuple[int, int] | None]) -> tuple[int, int] | None:
    """One span over several (the victim groups a sentence adds up); None when none has a span."""
    known = [s for s in spans if s is not None]
    if not known:
        return None
    return min(s[0] for s in known), max(s[1] for s in known)


def inside(span: tuple[int, int] | None, start: int, end: int) -> tuple[int, int] | None:
    """``span`` when it lies within [start, end), else None: a figure outside its sentence would
    mark the wrong words, and no mark is better than a wrong one."""
    if span is None or not (start <= span[0] < span[1] <= end):
        return None
    return span


def _width(tokens: list[Token]) -> int:
    return max(t.i for t in tokens) - min(t.i for t in tokens) + 1
