"""One mention of a possible party: where it is, how it is written and which actor it names."""

from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Span

POSSESSIVES = frozenset({"'s", "'", "’s", "’"})


@dataclass
class Mention:
    """One surface form of an actor; ``key`` groups mentions of the same actor.

    ``agentive`` says whether this mention shows the actor acting; ``place`` that it is used as a
    place name (an actor none of whose mentions act, or any of whose mentions is a place, is dropped).
    """

    start: int
    end: int
    surface: str
    key: str
    type: str
    agentive: bool = True
    id: str | None = None
    title: str | None = None
    affiliation: str | None = None
    place: bool = False


def clean(span: Span) -> str:
    """The text of a mention without a leading article or a trailing possessive."""
    tokens = list(span)
    while tokens and tokens[0].lower_ in {"the", "a", "an"}:
        tokens = tokens[1:]
    while tokens and tokens[-1].text in POSSESSIVES:
        tokens = tokens[:-1]
    opened = next((i for i, t in enumerate(tokens) if t.text == "("), None)
    if opened and not any(t.text == ")" for t in tokens[opened:]):
        tokens = tokens[:opened]  # "Chin National Front (CNF": the name, before its acronym's bracket
    return "".join(t.text_with_ws for t in tokens).strip()


def is_free(span: Span, taken: set[int]) -> bool:
    """No token of ``span`` belongs to an earlier mention."""
    return not any(i in taken for i in range(span.start, span.end))
