"""The in-memory event store: the stateless clustering of a batch, and the reference the Redis
store (service/events/redis_store.py) behaves like."""

from __future__ import annotations

from collections import Counter, defaultdict
from datetime import UTC, datetime

from service.events.linking import (
    BUCKET_DAYS,
    COMMON_KEY_EVENTS,
    MAX_CANDIDATES,
    READ_KEYS,
    THRESHOLD,
    WINDOW_BUCKETS,
    Event,
    decide,
    event_id_for,
)
from service.events.profile import EPOCH, Profile


def buckets_around(profile: Profile, now: datetime) -> tuple[int, range]:
    """The article's index bucket (its eight-week period since 1970; today's when it has no date) and the
    buckets of the window around it."""
    day = profile.day if profile.day is not None else now.toordinal() - EPOCH
    bucket = day // BUCKET_DAYS
    return bucket, range(bucket - WINDOW_BUCKETS, bucket + WINDOW_BUCKETS + 1)


def best_candidates(counts: Counter) -> list[str]:
    """The ids of the events sharing the most keys with the article (ties by id, for repeatability)."""
    return [event_id for event_id, _ in sorted(counts.items(), key=lambda item: (-item[1], item[0]))][
        :MAX_CANDIDATES
    ]


class MemoryStore:
    def __init__(self, *, threshold: float = THRESHOLD, model=None, calibration=None) -> None:
        self.events: dict[str, Event] = {}
        self.index: dict[tuple[int, int], set[str]] = defaultdict(set)
        self.by_article: dict[str, tuple[str, float]] = {}
        self.threshold = threshold
        self.model = model
        self.calibration = calibration  # None: the shipped link calibration; False: raw probabilities

    def assign(self, profile: Profile, now: datetime | None = None) -> tuple[Event, float]:
        """The article's event (joined or new) and the confidence of that decision."""
        now = now or datetime.now(UTC)
        if profile.article_id in self.by_article:
            event_id, confidence = self.by_article[profile.article_id]
            return self.events[event_id], confidence
        bucket, window = buckets_around(profile, now)
        counts: Counter = Counter()
        for key in profile.keys[:READ_KEYS]:
            for w in window:
                found = self.index.get((key, w), ())
                if len(found) <= COMMON_KEY_EVENTS:  # a common word tells no event apart
                    counts.update(found)
        candidates = [self.events[event_id] for event_id in best_candidates(counts)]
        event, confidence = decide(
            profile, candidates, threshold=self.threshold, model=self.model, calibration=self.calibration
        )
        if event is None:
            event = Event(id=event_id_for(profile), type=profile.type)
            self.events[event.id] = event
        event.add(profile, confidence, now)
        for key in profile.keys:
            self.index[(key, bucket)].add(event.id)
        self.by_article[profile.article_id] = (event.id, confidence)
        return event, confidence
