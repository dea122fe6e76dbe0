"""Which event an article reports: candidates by shared rare words in the months around it, then a trained
model's probability that two articles report the same incident.

An article joins the candidate event it most probably belongs to (the best probability against
any of the event's latest articles) when that probability reaches ``threshold``; otherwise it
starts an event. Articles are taken in the order they arrive (the stateful service) or of their
publication (a batch), so a batch and the service link alike.
"""

from __future__ import annotations

import hashlib
import json
import math
from dataclasses import dataclass, field
from datetime import datetime
from functools import lru_cache

from service.analysis.facts.confidence import on_steps
from service.analysis.trees import TreeModel
from service.events.profile import DATA, Profile, cosine

BUCKET_DAYS = 56  # the index groups an event's articles by eight weeks of publication
# An article is compared with events indexed up to this many buckets away (about 48 weeks): follow-ups
# (an arrest, a charge, a trial) report an incident months later. Against fortnights and 12 weeks,
# the same number of index keys read: silver B-cubed 0.948 -> 0.955 on folds 0-3, 0.940 -> 0.949 on
# the unopened fold 4, whose reconciled killed figure went 0.871 -> 0.882 (bench/events.py).
WINDOW_BUCKETS = 6
PER_EVENT = 4  # an event is compared through its latest articles
READ_KEYS = 6  # an article looks its candidates up by its 6 heaviest keys (and is indexed by all 12)
COMMON_KEY_EVENTS = 200  # a word indexing more events than this in a bucket tells none of them apart
MAX_CANDIDATES = 10  # the events sharing the most keys with the article are scored
THRESHOLD = 0.5  # the probability that joins an event (bench/events.py --thresholds reports others)

FEATURES = (
    "days_apart",
    "text_cosine",
    "title_cosine",
    "shared_names",
    "names_jaccard",
    "shared_ages",
    "ages_conflict",
    "shared_addresses",
    "addresses_conflict",
    "shared_places",
    "same_killed",
    "same_injured",
    "same_type",
)


def pair_features(a: Profile, b: Profile) -> list[float]:
    """What says two articles report one incident, or two: the model's input, in FEATURES order."""
    days = abs(a.day - b.day) if a.day is not None and b.day is not None else math.nan
    names = len(a.names & b.names)
    union = len(a.names | b.names)
    ages = len(a.ages & b.ages)
    addresses = len(a.addresses & b.addresses)
    return [
        days,
        cosine(a.vector, b.vector),
        cosine(a.title_vector, b.title_vector),
        names,
        names / union if union else 0.0,
        ages,
        float(bool(a.ages and b.ages and not ages)),
        addresses,
        float(bool(a.addresses and b.addresses and not addresses)),
        len(a.places & b.places),
        *_agreement(a, b, "killed"),
        *_agreement(a, b, "injured"),
        0.0 if "other" in (a.type, b.type) else 1.0 if a.type == b.type else -1.0,
    ]


def _agreement(a: Profile, b: Profile, kind: str) -> tuple[float]:
    """(both state the same figure,). Figures that differ say nothing: a toll rises between reports."""
    x, y = a.figures.get(kind), b.figures.get(kind)
    if x is None or y is None or x.count is None or y.count is None:
        return (0.0,)
    return (float(x.count == y.count),)


@lru_cache(maxsize=1)
def pair_model() -> TreeModel | None:
    """The shipped pair model (bench/events.py --write-model), or None before one is trained."""
    path = DATA / "pair_model.txt"
    return TreeModel(path.read_text(encoding="utf-8")) if path.exists() else None


def same_incident_probability(rows: list[list[float]], model: TreeModel | None = None) -> list[float]:
    """The model's probability per feature row; the text similarity alone when there is no model."""
    model = model or pair_model()
    if not rows:
        return []
    if model is None:
        return [row[FEATURES.index("text_cosine")] for row in rows]
    return [float(p) for p in model.predict(rows)]


@dataclass
class Event:
    """An incident and the articles that report it, oldest first."""

    id: str
    type: str
    articles: list[dict] = field(
        default_factory=list
    )  # {article_id, published, title, url, confidence, figures}
    profiles: list[Profile] = field(default_factory=list)  # the latest PER_EVENT articles' profiles
    created: str | None = None
    updated: str | None = None

    @property
    def latest_day(self) -> int | None:
        days = [p.day for p in self.profiles if p.day is not None]
        return max(days) if days else None

    def add(self, profile: Profile, confidence: float, now: datetime) -> None:
        """Add the article (once: an article already here only refreshes the event's time)."""
        self.updated = now.isoformat(timespec="seconds")
        if any(article["article_id"] == profile.article_id for article in self.articles):
            return
        self.articles.append({**article_entry(profile, confidence), "order": len(self.articles)})
        self.articles.sort(key=lambda a: (a["published"] or "", a["order"]))
        self.profiles = [*self.profiles, profile][-PER_EVENT:]
        self.created = self.created or self.updated
        if self.type == "other":
            self.type = profile.type

    def to_json(self) -> dict:
        """The stored form, without the profiles: the Redis store keeps what the comparisons read
        of them apart (its match form), and nothing else reads them back."""
        return {
            "id": self.id,
            "type": self.type,
            "articles": self.articles,
            "created": self.created,
            "updated": self.updated,
        }

    @classmethod
    def from_json(cls, data: dict) -> Event:
        return cls(**{key: data[key] for key in ("id", "type", "articles", "created", "updated")})


def article_entry(profile: Profile, confidence: float) -> dict:
    return {
        "article_id": profile.article_id,
        "published": profile.published.isoformat() if profile.published else None,
        "title": profile.title,
        "url": profile.url,
        "confidence": round(confidence, 3),
        "figures": {
            kind: vars(figure) for kind, figure in profile.figures.items() if figure.count is not None
        },
    }


def event_id_for(profile: Profile) -> str:
    """A new event's id: derived from its first article, so a retried assignment names it again."""
    return "ev_" + hashlib.sha256(profile.article_id.encode()).hexdigest()[:20]


@lru_cache(maxsize=1)
def link_calibration() -> dict | None:
    """Isotonic steps from the model's probability to how often such a decision was right on
    held-out silver folds (bench/events.py --write-model); None before they are fitted."""
    path = DATA / "link_calibration.json"
    return json.loads(path.read_text(encoding="utf-8")) if path.exists() else None


def decide(
    profile: Profile, candidates: list[Event], *, threshold: float = THRESHOLD, model=None, calibration=None
):
    """(the event to join or None, the confidence of that decision): the best-scoring candidate
    event when its probability reaches ``threshold``. The confidence is calibrated (``calibration``:
    None for the shipped steps, False for the model's raw probability)."""
    rows, owners = [], []
    for index, event in enumerate(candidates):
        for other in event.profiles:
            rows.append(pair_features(profile, other))
            owners.append(index)
    best_index, best = None, 0.0
    for index, probability in zip(owners, same_incident_probability(rows, model), strict=True):
        if probability > best:
            best_index, best = index, probability
    steps = link_calibration() if calibration is None else calibration or None
    joined = best_index is not None and best >= threshold
    confidence = best if joined else 1.0 - best
    if steps:
        confidence = on_steps(steps, confidence)
    return (candidates[best_index] if joined else None), confidence
