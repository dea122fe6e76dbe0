"""Frozen dataclasses that carry an analysis across every boundary of the core."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any


@dataclass(frozen=True)
class Evidence:
    """The sentence a fact was read from, with offsets into ``Article.text``.

    ``figure`` is the (start, end) of the words the figure itself was read from ("killed one
    person"), same indexing; None when no number word anchors it. It takes no part in equality:
    two facts of one sentence share their evidence whatever words each was read from."""

    text: str
    start: int
    end: int
    figure: tuple[int, int] | None = field(default=None, compare=False)


@dataclass(frozen=True)
class TitleEvidence(Evidence):
    """A fact read from the article's title (a headline may state what the body leaves out: "12
    hostages freed, 40 still held"): ``start``/``end`` index ``Article.title``, and the response
    marks it ``"part": "title"``. Every other evidence indexes ``Article.text``."""

    part: str = "title"


@dataclass(frozen=True)
class Count:
    """A number as news states it: "at least 12" → count 12, min 12, qualifier at_least."""

    count: int | None
    min: int | None
    max: int | None
    qualifier: str  # exact | at_least | at_most | about | range | unspecified


@dataclass(frozen=True)
class Casualty:
    kind: str  # killed | injured | missing
    count: int | None
    min: int | None
    max: int | None
    qualifier: str
    evidence: Evidence
    victims: str | None = None
    scope: str = "event"  # event | background | cumulative
    location: str | None = None
    date: str | None = None
    source: str | None = None
    role: str | None = None  # main (the headline figure of its kind) | earlier (superseded) | None
    confidence: float | None = None  # how likely this is the story's figure for its kind (calibrated)


@dataclass(frozen=True)
class Prisoners:
    kind: str  # captured | held | released | exchanged
    count: int | None
    min: int | None
    max: int | None
    qualifier: str
    evidence: Evidence
    parties: tuple[str, ...] = ()
    status: str = "done"  # done | planned | demanded
    victims: str | None = None
    date: str | None = None
    confidence: float | None = None  # how likely the story reports this figure (calibrated)


@dataclass(frozen=True)
class Party:
    name: str
    type: str  # country | organization | group | person | ...
    aliases: tuple[str, ...] = ()
    mentions: int = 1
    id: str | None = None  # ISO 3166-1 alpha-2 for countries
    title: str | None = None
    affiliation: str | None = None
    confidence: float | None = None  # how likely this is an actor of the story (calibrated)


@dataclass(frozen=True)
class DateMention:
    text: str
    type: str  # DATE | TIME | DURATION | SET
    value: str | None
    start: int
    end: int


FURNITURE = frozenset({"byline", "date", "caption", "credit", "agency", "related", "timeline", "boilerplate"})


@dataclass(frozen=True)
class Block:
    """One line of the article's text and what it is: ``body`` (the story), ``headline``,
    ``standfirst``, ``dateline``, or page furniture (``FURNITURE``: captions, credits, bylines…)."""

    kind: str
    start: int
    end: int


@dataclass(frozen=True)
class Article:
    text: str
    url: str | None = None
    canonical_url: str | None = None
    title: str | None = None
    authors: tuple[str, ...] = ()
    published_at: str | None = None
    language: str | None = None
    top_image: str | None = None
    extraction: dict | None = None
    blocks: tuple[Block, ...] = ()
    # (kind, normalised text) of the page elements its markup marks as furniture (article/markup.py)
    marked: tuple[tuple[str, str], ...] = ()

    @property
    def word_count(self) -> int:
        return len(self.text.split())


@dataclass
class Context:
    """What an extractor knows besides the parsed document; earlier steps fill in later fields."""

    text: str
    published_at: date | datetime | None = None
    language: str | None = None
    title: str | None = None
    dates: list[DateMention] = field(default_factory=list)
    parties: list[Party] = field(default_factory=list)
    people_shot: list[int] = field(default_factory=list)  # per sentence, for the casualty totals
    title_doc: Any = None  # the title parsed beside the text (a spaCy Doc), when the pipeline did
    blocks: tuple[Block, ...] = ()  # the text's lines and their kinds (article/blocks.py)

    def furniture_at(self, offset: int) -> str | None:
        """The kind of the page-furniture block holding ``offset`` (a caption, credit…), else None."""
        for block in self.blocks:
            if block.start <= offset < block.end:
                return block.kind if block.kind in FURNITURE else None
        return None

    def canonical_party(self, surface: str) -> str | None:
        """The canonical name of the party that ``surface`` names, if the parties step found it."""
        key = surface.casefold().removeprefix("the ").strip()
        for party in self.parties:
            forms = (party.name, *party.aliases)
            if any(form.casefold().removeprefix("the ").strip() == key for form in forms):
                return party.name
        return None


@dataclass(frozen=True)
class Facts:
    """Each field is None when its extractor is not part of the pipeline (absent, not empty)."""

    casualties: tuple[Casualty, ...] | None = None
    prisoners: tuple[Prisoners, ...] | None = None
    parties: tuple[Party, ...] | None = None
    dates: tuple[DateMention, ...] | None = None
    totals: dict | None = None
    totals_confidence: dict | None = None


@dataclass(frozen=True)
class Result:
    id: str
    article: Article
    summary: tuple[str, ...]
    facts: Facts
    meta: dict = field(default_factory=dict)
    warnings: tuple[dict, ...] = ()  # {"code", "message"}: what the client should know about the result
