"""What the event linking knows of one analysed article: its profile, read from the response body.

The profile is built from the JSON the service returns (``/v1/analyze``, the cache, a JSONL file of
earlier results), so an article analysed yesterday and one analysed now are compared alike. It keeps
only what tells incidents apart: when (publication time), what (the event type, the figures), where
and who (the rare words of the text, weighted by how seldom news uses them, names, ages, street
addresses), and the figures the reconciliation needs.
"""

from __future__ import annotations

import json
import math
import re
import zlib
from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime
from functools import lru_cache
from pathlib import Path

from spacy.lang.en.stop_words import STOP_WORDS

DATA = Path(__file__).with_name("data")
BUCKETS = 1 << 17  # words are hashed: the document-frequency table holds counts, never words
TOP_TOKENS = 60  # the heaviest words of a text kept in its vector
KEY_TOKENS = 12  # the heaviest words, which index the article for candidate retrieval
LEAD_CHARS = 600  # the event type is read from the title and the opening of the text

WORD_RE = re.compile(r"[A-Za-z][A-Za-z'\-]+|\d+")
NAME_RE = re.compile(r"(?<![.!?]\s)(?<!^)\b[A-Z][a-z]+(?:[-'][A-Z]?[a-z]+)?\b", re.MULTILINE)
AGE_RE = re.compile(r"\b(\d{1,2})-year-old\b|,\s(\d{1,2}),\s")
ADDRESS_RE = re.compile(
    r"\b(\d{1,5})\s+block\s+of\s+(?:[NSEW]\.?\s+|North\s+|South\s+|East\s+|West\s+)?([A-Z][a-z]+)"
    r"|\b([A-Z][a-z]+)\s+(?:Street|Avenue|Road|Drive|Boulevard|Lane|Court|Place|Parkway|Highway)\b"
)


@dataclass(frozen=True)
class Figure:
    """One article's figure of one kind, as the reconciliation keeps it."""

    count: int | None
    qualifier: str | None = None
    confidence: float | None = None
    source: str | None = None
    evidence: str | None = None


@dataclass(frozen=True)
class Profile:
    article_id: str
    published: datetime | None
    title: str
    type: str
    figures: dict[str, Figure]  # killed, injured, missing, and the prisoner kinds
    vector: dict[int, float]  # hashed word → tf-idf weight, unit length
    title_vector: dict[int, float]
    keys: tuple[int, ...]  # the heaviest hashed words: the candidate-retrieval keys
    names: frozenset[str] = field(default_factory=frozenset)
    ages: frozenset[int] = field(default_factory=frozenset)
    addresses: frozenset[str] = field(default_factory=frozenset)
    places: frozenset[str] = field(default_factory=frozenset)
    url: str | None = None

    @property
    def day(self) -> int | None:
        """Days since 1970-01-01 of the publication, the time axis of the linking."""
        return self.published.toordinal() - EPOCH if self.published else None


EPOCH = date(1970, 1, 1).toordinal()


def profile_of(body: dict, *, article_id: str | None = None, df: DocumentFrequency | None = None) -> Profile:
    """The profile of one analysis response body (``meta`` may be present or not)."""
    article = body.get("article") or {}
    facts = body.get("facts") or {}
    title = article.get("title") or ""
    text = article.get("text") or " ".join([*body.get("summary", []), *_evidence(facts)])
    df = df or document_frequency()
    return Profile(
        article_id=article_id or body.get("id") or "",
        published=_published(article.get("published_at")),
        title=title,
        type=event_type(title, text),
        figures=figures_of(facts),
        vector=df.vector(f"{title}\n{text}", top=TOP_TOKENS),
        title_vector=df.vector(title, top=TOP_TOKENS),
        keys=df.keys(f"{title}\n{title}\n{text}", top=KEY_TOKENS),
        names=frozenset(
            name.casefold() for name in NAME_RE.findall(text) if name.casefold() not in STOP_WORDS
        ),
        ages=frozenset(int(a or b) for a, b in AGE_RE.findall(text)),
        addresses=frozenset(" ".join(filter(None, match)).casefold() for match in ADDRESS_RE.findall(text)),
        places=frozenset(
            c["location"].casefold() for c in facts.get("casualties") or () if c.get("location")
        ),
        url=article.get("canonical_url") or article.get("url"),
    )


def figures_of(facts: dict) -> dict[str, Figure]:
    """The article's casualty totals (with the main statement's source and sentence) and, per
    prisoner kind, the largest count it reports as done."""
    figures: dict[str, Figure] = {}
    totals = facts.get("totals") or {}
    confidence = facts.get("totals_confidence") or {}
    mains = {c["kind"]: c for c in facts.get("casualties") or () if c.get("role") == "main"}
    for kind in ("killed", "injured", "missing"):
        main = mains.get(kind) or {}
        figures[kind] = Figure(
            count=totals.get(kind),
            qualifier=main.get("qualifier"),
            confidence=confidence.get(kind),
            source=main.get("source"),
            evidence=(main.get("evidence") or {}).get("text"),
        )
    for item in facts.get("prisoners") or ():
        if item.get("status", "done") != "done" or item.get("count") is None:
            continue
        known = figures.get(item["kind"])
        if known is None or (known.count or 0) < item["count"]:
            figures[item["kind"]] = Figure(
                count=item["count"],
                qualifier=item.get("qualifier"),
                confidence=item.get("confidence"),
                evidence=(item.get("evidence") or {}).get("text"),
            )
    return figures


def _evidence(facts: dict) -> list[str]:
    return [
        item["evidence"]["text"]
        for kind in ("casualties", "prisoners")
        for item in facts.get(kind) or ()
        if item.get("evidence")
    ]


def _published(value: str | None) -> datetime | None:
    if not value:
        return None
    try:
        parsed = datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
    except ValueError:
        return None
    return parsed.replace(tzinfo=None)


def words(text: str) -> list[str]:
    """The content words of a text, lower-cased: no stop words, no single letters, no bare numbers
    below 100 (ages and counts are compared on their own; house numbers stay)."""
    return [
        word
        for word in (w.casefold() for w in WORD_RE.findall(text))
        if word not in STOP_WORDS and (not word.isdigit() or int(word) >= 100)
    ]


def bucket(word: str) -> int:
    return zlib.crc32(word.encode("utf-8")) % BUCKETS


class DocumentFrequency:
    """How many news articles use each (hashed) word: the weights of rare words, which tell
    incidents apart (a victim's surname, a street), over common ones ("police", "shooting")."""

    def __init__(self, counts: dict[int, int], documents: int) -> None:
        self.counts = counts
        self.documents = documents

    @classmethod
    def fit(cls, texts) -> DocumentFrequency:
        counts: Counter[int] = Counter()
        documents = 0
        for text in texts:
            counts.update({bucket(word) for word in words(text)})
            documents += 1
        return cls(dict(counts), documents)

    def idf(self, key: int) -> float:
        return math.log((1 + self.documents) / (1 + self.counts.get(key, 0))) + 1.0

    def weights(self, text: str) -> dict[int, float]:
        counts = Counter(bucket(word) for word in words(text))
        return {key: (1.0 + math.log(n)) * self.idf(key) for key, n in counts.items()}

    def vector(self, text: str, *, top: int) -> dict[int, float]:
        weights = sorted(self.weights(text).items(), key=lambda item: -item[1])[:top]
        norm = math.sqrt(sum(w * w for _, w in weights)) or 1.0
        return {key: w / norm for key, w in weights}

    def keys(self, text: str, *, top: int) -> tuple[int, ...]:
        """The ``top`` heaviest words, heaviest first: an article is indexed by all of them and
        looks its candidates up by the first few (READ_KEYS)."""
        weights = self.weights(text)
        return tuple(sorted(weights, key=lambda key: (-weights[key], key))[:top])

    def to_json(self) -> str:
        return json.dumps({"documents": self.documents, "counts": sorted(self.counts.items())})

    @classmethod
    def from_json(cls, text: str) -> DocumentFrequency:
        data = json.loads(text)
        return cls({int(k): int(v) for k, v in data["counts"]}, int(data["documents"]))


@lru_cache(maxsize=1)
def document_frequency() -> DocumentFrequency:
    """The shipped table (bench/train_events.py writes it from news articles; words hashed)."""
    path = DATA / "document_frequency.json"
    if not path.exists():
        return DocumentFrequency({}, 0)
    return DocumentFrequency.from_json(path.read_text(encoding="utf-8"))


def cosine(a: dict[int, float], b: dict[int, float]) -> float:
    if len(a) > len(b):
        a, b = b, a
    return sum(weight * b.get(key, 0.0) for key, weight in a.items())


@lru_cache(maxsize=1)
def _type_words() -> dict[str, str]:
    families = json.loads((DATA / "event_types.json").read_text(encoding="utf-8"))
    return {word: family for family, words_ in families.items() for word in words_}


def event_types() -> tuple[str, ...]:
    """Every type an event can have."""
    return (*sorted(set(_type_words().values())), "other")


def event_type(title: str, text: str) -> str:
    """The incident's kind (shooting, bombing, earthquake, prisoner exchange…), by the family of
    words that the title and the opening use most; ``other`` when none."""
    lookup = _type_words()
    votes: Counter[str] = Counter()
    for weight, part in ((2, title), (1, text[:LEAD_CHARS])):
        for word in WORD_RE.findall(part.casefold()):
            if word in lookup:
                votes[lookup[word]] += weight
    return votes.most_common(1)[0][0] if votes else "other"
