"""The Redis event store: MemoryStore.assign (service/events/store.py) shared by every worker and
instance, bounded by a quiet period, and safe under concurrent assignment.

Keys (all under ``prefix``):

- ``event:{id}``: the event, one JSON string (``Event.to_json``: its articles, no profiles);
  expires ``ttl_seconds`` after its last article (every update sets the TTL again).
- ``match:{id}``: what the linking compares of the event's latest articles (``match_form``: the
  word vectors packed), written and expiring with the event; the candidates are read in this form
  only.
- ``key:{hashed_word}:{bucket}``: the ids of the events with an article of that bucket (eight
  weeks) indexed by that word (a set); expires ``ttl_seconds`` plus the linking window after its
  last addition. An id whose event has expired is skipped when read.
- ``article:{article_id}``: ``"{event_id} {confidence}"``, so an article assigned again returns
  its event without being added twice; set again with each update for the event's latest
  PER_EVENT articles (an older article seen again after its key expired is recognised by
  ``Event.add``).
- ``recent``: a sorted set of event ids scored by their last update (epoch seconds), for listing;
  members older than ``ttl_seconds`` are pruned on every write.

Concurrency is optimistic: an assignment WATCHes the article's key, the index keys it reads (its
keys × the window's buckets) and the candidate events it reads, decides, and writes in one MULTI/EXEC;
if another worker changed any of them in between, EXEC fails and the assignment starts again (at
most ``retries`` times, with short jittered sleeps). So two workers that see two articles of a new
incident at once make one event: the second one's EXEC fails because the first added the event to
an index key the second read, and its retry finds that event.

Round trips per assignment: WATCH; one script (COUNT_SCRIPT) that reads the article's key and
counts, in Redis, the events the index keys hold (ZUNIONSTORE into a scratch key it deletes, sets of
more than COMMON_KEY_EVENTS events left out), so only the best ids come back; WATCH of the
candidates; one MGET of their events and match forms; the MULTI/EXEC of the writes.

Redis errors (connection refused, timeouts, a WatchError after the last retry) propagate as
exceptions: the caller decides how to degrade (e.g. answer without an event).

The candidates are compared through their match forms, which keep the word weights exactly, so the
decisions and probabilities are MemoryStore's.
"""

from __future__ import annotations

import binascii
import json
import random
import time
import uuid
from array import array
from datetime import UTC, datetime
from functools import cached_property

import redis

from service.events.linking import (
    BUCKET_DAYS,
    COMMON_KEY_EVENTS,
    MAX_CANDIDATES,
    PER_EVENT,
    READ_KEYS,
    THRESHOLD,
    WINDOW_BUCKETS,
    Event,
    decide,
    event_id_for,
)
from service.events.profile import EPOCH, Figure, Profile
from service.events.store import buckets_around

RETRIES = 20
WINDOW_SECONDS = WINDOW_BUCKETS * BUCKET_DAYS * 86400
# KEYS: a scratch key, the article's key, the index keys; ARGV: COMMON_KEY_EVENTS, how many ids
COUNT_SCRIPT = """
local known = redis.call('GET', KEYS[2])
local args = {'ZUNIONSTORE', KEYS[1], 0}
local limit = tonumber(ARGV[1])
for i = 3, #KEYS do
  local size = redis.call('SCARD', KEYS[i])
  if size > 0 and size <= limit then table.insert(args, KEYS[i]) end
end
local sets = #args - 3
if sets == 0 then return {known or false, {}} end
args[3] = sets
table.insert(args, 'WEIGHTS')
for _ = 1, sets do table.insert(args, -1) end
redis.call(unpack(args))
local ids = redis.call('ZRANGE', KEYS[1], 0, tonumber(ARGV[2]) - 1)
redis.call('DEL', KEYS[1])
return {known or false, ids}
"""


def _text(value) -> str | None:
    if value is None or isinstance(value, str):
        return value
    return value.decode("utf-8")


def _epoch(moment: datetime) -> float:
    """Epoch seconds of a datetime; a naive one is taken as UTC (as the profiles' are)."""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.timestamp()


def match_form(profiles: list[Profile]) -> str:
    """What the linking compares of an event's latest articles, in a form quick to read back
    (``match:{id}``): the candidates' profiles are read on every assignment, which may take 5 ms.
    The word vectors are packed (int32 words, float64 weights, base64), exact: the comparison is
    MemoryStore's to the last bit."""
    return json.dumps(
        [
            [
                p.article_id,
                p.day,
                p.type,
                [(p.figures.get(kind) or Figure(None)).count for kind in ("killed", "injured")],
                list(p.keys),
                _pack(p.vector),
                _pack(p.title_vector),
                sorted(p.names),
                sorted(p.ages),
                sorted(p.addresses),
                sorted(p.places),
            ]
            for p in profiles
        ],
        separators=(",", ":"),
    )


def stored_form(event: Event) -> str:
    """The event's JSON as stored (its profiles live in the match form beside it)."""
    return json.dumps(event.to_json(), separators=(",", ":"))


def profiles_of_match(raw) -> list[Profile]:
    """The profiles of ``match_form`` (with what the comparison reads; no title, url or sources)."""
    return [
        Profile(
            article_id=article_id,
            published=datetime.fromordinal(EPOCH + day) if day is not None else None,
            title="",
            type=type_,
            figures={"killed": Figure(killed), "injured": Figure(injured)},
            vector=_unpack(vector),
            title_vector=_unpack(title_vector),
            keys=tuple(keys),
            names=frozenset(names),
            ages=frozenset(ages),
            addresses=frozenset(addresses),
            places=frozenset(places),
        )
        for article_id, day, type_, (
            killed,
            injured,
        ), keys, vector, title_vector, names, ages, addresses, places in (json.loads(raw))
    ]


def _pack(vector: dict[int, float]) -> str:
    data = array("i", vector.keys()).tobytes() + array("d", vector.values()).tobytes()
    return binascii.b2a_base64(data, newline=False).decode("ascii")


def _unpack(text: str) -> dict[int, float]:
    data = binascii.a2b_base64(text)
    n = len(data) // 12
    words, weights = array("i"), array("d")
    words.frombytes(data[: 4 * n])
    weights.frombytes(data[4 * n :])
    return dict(zip(words, weights, strict=True))


class RedisEventStore:
    """Events in Redis; see the module docstring for the keys and the concurrency.

    ``client`` is a ``redis.Redis`` (bytes or decoded responses both work); every method raises
    the client's exceptions (``redis.RedisError``, ``OSError``) rather than hiding them.
    """

    def __init__(
        self,
        client: redis.Redis,
        *,
        ttl_seconds: int,
        prefix: str = "newsfacts:events:",
        threshold: float = THRESHOLD,
        model=None,
        retries: int = RETRIES,
        calibration=None,
    ) -> None:
        if ttl_seconds <= 0:
            raise ValueError("ttl_seconds must be positive")
        self.client = client
        self.ttl = int(ttl_seconds)
        self.prefix = prefix
        self.threshold = threshold
        self.model = model
        self.calibration = calibration  # as MemoryStore's
        self.retries = retries
        self.recent_key = f"{prefix}recent"

    # key names
    def event_key(self, event_id: str) -> str:
        return f"{self.prefix}event:{event_id}"

    def index_key(self, word: int, bucket: int) -> str:
        return f"{self.prefix}key:{word}:{bucket}"

    def article_key(self, article_id: str) -> str:
        return f"{self.prefix}article:{article_id}"

    def match_key(self, event_id: str) -> str:
        return f"{self.prefix}match:{event_id}"

    # reads
    def get(self, event_id: str) -> Event | None:
        """The event, or None when there is none (or it expired)."""
        raw = self.client.get(self.event_key(event_id))
        return Event.from_json(json.loads(raw)) if raw is not None else None

    def event_of(self, article_id: str) -> tuple[str, float] | None:
        """(event id, confidence) of an assigned article, or None."""
        raw = _text(self.client.get(self.article_key(article_id)))
        if raw is None:
            return None
        event_id, confidence = raw.split(" ")
        return event_id, float(confidence)

    def recent(self, since: datetime | None = None, type: str | None = None, limit: int = 50) -> list[Event]:  # noqa: A002
        """Events updated at or after ``since`` (all when None), of ``type`` (all when None), the
        latest update first; at most ``limit``. Ids whose event expired are skipped."""
        low = _epoch(since) if since is not None else "-inf"
        found: list[Event] = []
        offset, batch = 0, max(limit, 50)
        while len(found) < limit:
            ids = self.client.zrevrangebyscore(self.recent_key, "+inf", low, start=offset, num=batch)
            if not ids:
                break
            offset += len(ids)
            for raw in self.client.mget([self.event_key(_text(i)) for i in ids]):
                if raw is None:
                    continue
                event = Event.from_json(json.loads(raw))
                if type is None or event.type == type:
                    found.append(event)
                    if len(found) == limit:
                        break
        return found

    # the assignment
    @cached_property
    def _count(self):
        return self.client.register_script(COUNT_SCRIPT)

    def assign(self, profile: Profile, now: datetime | None = None) -> tuple[Event, float]:
        """The article's event (joined or new) and the confidence of that decision, as
        MemoryStore.assign decides them; raises redis errors, and ``redis.WatchError`` when other
        workers changed what it read ``retries`` times running."""
        now = now or datetime.now(UTC)
        for attempt in range(self.retries + 1):
            try:
                return self._attempt(profile, now)
            except redis.WatchError:
                if attempt == self.retries:
                    raise
                time.sleep(random.uniform(0.0005, 0.002 * (1 + attempt)))
        raise AssertionError("unreachable")

    def _attempt(self, profile: Profile, now: datetime) -> tuple[Event, float]:
        bucket, window = buckets_around(profile, now)
        article_key = self.article_key(profile.article_id)
        new_id = event_id_for(profile)
        read_keys = [self.index_key(key, w) for key in profile.keys[:READ_KEYS] for w in window]
        with self.client.pipeline() as tx:
            # WATCH before reading: a write to any of these from here on fails the EXEC (the new
            # event's key too: an event of that id made meanwhile)
            tx.watch(article_key, self.event_key(new_id), *read_keys)
            known, ranked = self._read(article_key, read_keys, 2 * MAX_CANDIDATES)
            if known is not None:
                event_id, confidence = _text(known).split(" ")
                raw = self.client.get(self.event_key(event_id))
                if raw is not None:
                    tx.unwatch()
                    return Event.from_json(json.loads(raw)), float(confidence)
            candidates, stored = self._candidates(tx, article_key, read_keys, ranked, 2 * MAX_CANDIDATES)
            chosen, confidence = decide(
                profile, candidates, threshold=self.threshold, model=self.model, calibration=self.calibration
            )
            if chosen is None:
                event, compared = Event(id=new_id, type=profile.type), [profile]
            else:
                event = Event.from_json(json.loads(stored[chosen.id]))
                compared = [*chosen.profiles, profile][-PER_EVENT:]
            event.add(profile, confidence, now)
            self._write(tx, event, compared, profile, confidence, bucket, now)
            tx.execute()  # raises WatchError when a watched key changed
        return event, confidence

    def _read(self, article_key: str, read_keys: list[str], n: int) -> tuple[bytes | str | None, list[str]]:
        """The article's stored assignment, and the ids of the n events with the most entries in
        the index keys read, most first, ties by id (best_candidates' order), in one round trip:
        a script counts them in Redis (ZUNIONSTORE of the sets, each member weighing -1, into a
        scratch key it deletes), leaving out sets of more than COMMON_KEY_EVENTS events, so the
        client never reads the sets and a common word costs nothing."""
        scratch = f"{self.prefix}scratch:{uuid.uuid4().hex}"
        known, ranked = self._count(keys=[scratch, article_key, *read_keys], args=[COMMON_KEY_EVENTS, n])
        return known or None, [_text(i) for i in ranked]

    def _candidates(
        self, tx, article_key: str, read_keys: list[str], ranked: list[str], n: int
    ) -> tuple[list[Event], dict[str, bytes | str]]:
        """The MAX_CANDIDATES best live events, as far as the comparison reads them (their match
        form), and their stored JSON by id: watched, then read in one MGET; ids whose event has
        expired are skipped and the next best read instead."""
        candidates: list[Event] = []
        stored: dict[str, bytes | str] = {}
        start = 0
        while len(candidates) < MAX_CANDIDATES and start < len(ranked):
            chunk = ranked[start : start + MAX_CANDIDATES - len(candidates)]
            start += len(chunk)
            keys = [self.event_key(event_id) for event_id in chunk]
            tx.watch(*keys)  # the match key is only ever written with the event key
            values = self.client.mget(keys + [self.match_key(event_id) for event_id in chunk])
            for event_id, raw, match in zip(chunk, values[: len(chunk)], values[len(chunk) :], strict=True):
                if raw is None:
                    continue
                if match is None:  # written with the event in one MULTI: gone only with it
                    continue
                candidates.append(Event(id=event_id, type="", profiles=profiles_of_match(match)))
                stored[event_id] = raw
            if start == len(ranked) == n:  # more may rank below: count again, further
                n *= 4
                ranked = self._read(article_key, read_keys, n)[1]
        return candidates, stored

    def _write(
        self,
        tx,
        event: Event,
        compared: list[Profile],
        profile: Profile,
        confidence: float,
        bucket: int,
        now: datetime,
    ) -> None:
        stamp = _epoch(now)
        index_ttl = self.ttl + WINDOW_SECONDS
        tx.multi()
        tx.set(self.event_key(event.id), stored_form(event), ex=self.ttl)
        tx.set(self.match_key(event.id), match_form(compared), ex=self.ttl)
        for key in profile.keys:
            name = self.index_key(key, bucket)
            tx.sadd(name, event.id)
            tx.expire(name, index_ttl)
        # Index entries expire a quiet period and the window after their article was added, and only
        # the latest articles' own keys are refreshed: refreshing every key of every article cost a
        # command each on every write. A long event stays findable through its latest articles'
        # words, and an older article seen again after its key expired is recognised in Event.add.
        tx.set(self.article_key(profile.article_id), f"{event.id} {confidence!r}", ex=self.ttl)
        latest = sorted(event.articles, key=lambda a: a["order"])[-PER_EVENT:]
        for article in latest:
            if article["article_id"] != profile.article_id:
                tx.expire(self.article_key(article["article_id"]), self.ttl)
        tx.zadd(self.recent_key, {event.id: stamp})
        tx.zremrangebyscore(self.recent_key, "-inf", f"({stamp - self.ttl}")
        tx.expire(self.recent_key, self.ttl)
