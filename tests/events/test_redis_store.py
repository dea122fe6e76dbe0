"""The Redis event store against the in-memory reference, its expiry and listing, and concurrent
assignment (the throwaway redis-server of tests/conftest.py, never the machine's 6379)."""

from __future__ import annotations

import threading
import time
from datetime import UTC, datetime, timedelta

import pytest
import redis

from service.events import redis_store
from service.events.profile import DocumentFrequency, profile_of
from service.events.redis_store import RedisEventStore
from service.events.store import MemoryStore
from tests.support.servers import free_port

NOW = datetime(2026, 11, 6, 12, 0, tzinfo=UTC)


def body(article_id: str, title: str, text: str, published: str, killed: int | None = None) -> dict:
    """An analysis response body, as far as the profile reads it."""
    return {
        "id": article_id,
        "article": {
            "title": title,
            "text": text,
            "published_at": published,
            "url": f"https://news.example/{article_id}",
        },
        "facts": {"totals": {"killed": killed} if killed is not None else {}},
    }


FIRE = [
    body(
        "fire-1",
        "Two killed in Brackenfield warehouse fire",
        "A fire tore through the Holloway Textiles warehouse on Quarry Lane in Brackenfield on Tuesday "
        "night, killing two night-shift workers, fire chief Imelda Varga said. Marek Odonkwo, 34, and "
        "Signe Talvik, 41, were trapped on the mezzanine.",
        "2026-11-03T23:10:00Z",
        2,
    ),
    body(
        "fire-2",
        "Brackenfield warehouse blaze: the two workers named",
        "Fire chief Imelda Varga named Marek Odonkwo, 34, and Signe Talvik, 41, as the workers who died "
        "in the Holloway Textiles warehouse fire on Quarry Lane in Brackenfield. Investigators are "
        "examining the mezzanine wiring.",
        "2026-11-04T09:00:00Z",
        2,
    ),
    body(
        "fire-3",
        "Holloway Textiles fire: wiring on the mezzanine blamed",
        "Investigators told fire chief Imelda Varga that faulty wiring on the mezzanine started the "
        "Brackenfield warehouse fire on Quarry Lane that killed Marek Odonkwo and Signe Talvik.",
        "2026-11-05T16:30:00Z",
        2,
    ),
]
FERRY = [
    body(
        "ferry-1",
        "Ferry capsizes off Lornholm, dozens missing",
        "A passenger ferry, the Saint Ottilie, capsized in heavy swell off Lornholm island on Wednesday. "
        "Coastguard commander Petra Navarre said 40 people were rescued and dozens remain missing.",
        "2026-11-04T14:00:00Z",
    ),
    body(
        "ferry-2",
        "Lornholm ferry disaster: coastguard finds bodies",
        "Coastguard commander Petra Navarre said divers recovered five bodies near Lornholm where the "
        "Saint Ottilie ferry capsized in heavy swell on Wednesday. Dozens remain missing.",
        "2026-11-05T08:00:00Z",
        5,
    ),
    body(
        "ferry-3",
        "Saint Ottilie capsizing: toll rises to nine",
        "The toll of the Saint Ottilie ferry that capsized off Lornholm rose to nine, commander Petra "
        "Navarre of the coastguard said, as divers searched the swell for the missing.",
        "2026-11-06T07:45:00Z",
        9,
    ),
]
# arrival order: the two incidents interleaved, one report late
ARRIVALS = [FIRE[0], FERRY[0], FIRE[1], FERRY[1], FERRY[2], FIRE[2]]


@pytest.fixture
def client(redis_url):
    client = redis.Redis.from_url(redis_url)
    yield client
    client.close()


def store_of(client, **kwargs) -> RedisEventStore:
    return RedisEventStore(client, ttl_seconds=kwargs.pop("ttl_seconds", 3600), **kwargs)


def test_assigns_as_the_memory_store_does(client):
    memory, shared = MemoryStore(), store_of(client)
    for n, item in enumerate(ARRIVALS):
        profile = profile_of(item)
        now = NOW + timedelta(minutes=n)
        expected, expected_confidence = memory.assign(profile, now)
        event, confidence = shared.assign(profile, now)
        assert event.id == expected.id, profile.article_id
        assert confidence == expected_confidence  # the candidates' match forms keep the weights exactly
        assert [a["article_id"] for a in event.articles] == [a["article_id"] for a in expected.articles]
    # and the decisions are the right ones: one event per incident, named after its first article
    groups = {event_id for event_id, _ in (shared.event_of(item["id"]) for item in ARRIVALS)}
    assert len(groups) == 2
    for incident in (FIRE, FERRY):
        (event_id,) = {shared.event_of(item["id"])[0] for item in incident}
        stored = shared.get(event_id)
        assert stored is not None
        assert [a["article_id"] for a in stored.articles] == [item["id"] for item in incident]
        assert stored.to_json() == memory.events[event_id].to_json()


def test_a_repeated_article_returns_its_event_and_is_not_added_twice(client):
    store = store_of(client)
    first, confidence = store.assign(profile_of(FIRE[0]), NOW)
    store.assign(profile_of(FIRE[1]), NOW)
    again, again_confidence = store.assign(profile_of(FIRE[0]), NOW + timedelta(hours=1))
    assert again.id == first.id
    assert again_confidence == confidence
    assert [a["article_id"] for a in store.get(first.id).articles] == ["fire-1", "fire-2"]
    assert store.event_of("fire-1") == (first.id, confidence)
    assert store.event_of("never-seen") is None


def test_events_expire_after_the_quiet_period(client):
    store = store_of(client, ttl_seconds=1)
    now = datetime.now(UTC)
    event, _ = store.assign(profile_of(FIRE[0]), now)
    other, _ = store.assign(profile_of(FERRY[0]), now)
    assert {e.id for e in store.recent()} == {event.id, other.id}
    index_ttls = [client.ttl(key) for key in client.keys(f"{store.prefix}key:*")]
    assert index_ttls and min(index_ttls) > 1  # the index outlives the event by the window
    time.sleep(1.3)
    assert store.get(event.id) is None
    assert store.event_of("fire-1") is None
    assert store.recent() == []  # the ids are still in the sorted set (no write since), skipped
    # the incident's next article starts a new event: the expired one is no candidate
    later, _ = store.assign(profile_of(FIRE[1]), datetime.now(UTC))
    assert later.id != event.id
    assert [e.id for e in store.recent()] == [later.id]
    assert client.zscore(store.recent_key, event.id) is None  # pruned by that write


def test_an_update_refreshes_the_quiet_period(client):
    store = store_of(client, ttl_seconds=2)
    event, _ = store.assign(profile_of(FIRE[0]), datetime.now(UTC))
    time.sleep(1.2)
    joined, _ = store.assign(profile_of(FIRE[1]), datetime.now(UTC))
    assert joined.id == event.id
    time.sleep(1.2)  # 2.4 s after the first article, 1.2 s after the second
    assert store.get(event.id) is not None
    assert store.event_of("fire-1") is not None


def test_recent_lists_the_latest_update_first_with_filters(client):
    store = store_of(client)
    start = datetime.now(UTC) - timedelta(minutes=30)
    for n, item in enumerate(ARRIVALS):  # fire-3 arrives last: the fire event is updated last
        store.assign(profile_of(item), start + timedelta(minutes=n))
    fire, ferry = store.event_of("fire-1")[0], store.event_of("ferry-1")[0]
    assert [e.id for e in store.recent()] == [fire, ferry]
    assert [e.id for e in store.recent(limit=1)] == [fire]
    assert [e.id for e in store.recent(type="crash")] == [ferry]
    assert [e.type for e in store.recent(type="fire")] == ["fire"]
    assert store.recent(type="earthquake") == []
    # ferry-3 came at minute 4, fire-3 at minute 5
    assert [e.id for e in store.recent(since=start + timedelta(minutes=4))] == [fire, ferry]
    assert [e.id for e in store.recent(since=start + timedelta(minutes=4, seconds=30))] == [fire]
    assert store.recent(since=start + timedelta(minutes=6)) == []


def test_redis_errors_propagate():
    store = RedisEventStore(redis.Redis(port=free_port(), socket_timeout=0.5), ttl_seconds=60)
    with pytest.raises(redis.ConnectionError):
        store.assign(profile_of(FIRE[0]), NOW)
    with pytest.raises(redis.ConnectionError):
        store.get("ev_x")


SYLLABLES = ["bra", "ken", "dol", "mir", "tas", "vel", "quo", "nix", "zan", "pel"]


def invented(n: int, salt: int) -> str:
    """A made-up proper name unique to (n, salt): a fresh incident's rare words."""
    digits = f"{n:03d}{salt}"
    return "".join(SYLLABLES[int(d)] for d in digits).capitalize()


def incident(n: int) -> list[dict]:
    """Two reports of one new incident, sharing its names, its toll and its victim's age (and nothing
    rare with other rounds: each round's incident has its own names, age and toll)."""
    town, street, chief, victim = (invented(n, salt) for salt in range(4))
    age, dead = 20 + n % 60, 2 + n % 5
    return [
        body(
            f"round{n}-a",
            f"Explosion at {town} chemical plant kills {dead}",
            f"An explosion at the chemical plant on {street} Road in {town} killed {dead} workers on "
            f"Monday, fire chief {chief} said. Among the dead was {victim}, {age}.",
            "2026-11-02T08:00:00Z",
            dead,
        ),
        body(
            f"round{n}-b",
            f"{town} plant explosion: {victim} among {dead} dead",
            f"Fire chief {chief} said {victim}, {age}, and colleagues died when the chemical plant on "
            f"{street} Road in {town} exploded on Monday morning, killing {dead}.",
            "2026-11-02T10:30:00Z",
            dead,
        ),
    ]


ROUNDS = [*range(20), *range(100, 105)]
# the rounds' shared wording is common news language, their names rare: as a fitted table says
ROUND_DF = DocumentFrequency.fit(
    f"{item['article']['title']}\n{item['article']['text']}" for n in ROUNDS for item in incident(n)
)


def reports(n: int):
    return [profile_of(item, df=ROUND_DF) for item in incident(n)]


def race(redis_url: str, profiles, *, store_kwargs=None) -> list[tuple[str, float] | BaseException]:
    """Each profile assigned by its own thread with its own client, all released at once."""
    start = threading.Barrier(len(profiles))
    results: list = [None] * len(profiles)

    def work(index: int) -> None:
        client = redis.Redis.from_url(redis_url)
        store = store_of(client, **(store_kwargs or {}))
        try:
            start.wait(timeout=10)
            event, confidence = store.assign(profiles[index], NOW)
            results[index] = (event.id, confidence)
        except BaseException as error:  # noqa: BLE001 - reported to the test
            results[index] = error
        finally:
            client.close()

    threads = [threading.Thread(target=work, args=(i,)) for i in range(len(profiles))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    return results


def assert_one_event(client, pair, results) -> None:
    assert not [r for r in results if isinstance(r, BaseException)], results
    ids = {event_id for event_id, _ in results}
    assert len(ids) == 1, f"two workers made {len(ids)} events for one incident: {results}"
    stored = store_of(client).get(ids.pop())
    assert sorted(a["article_id"] for a in stored.articles) == sorted(p.article_id for p in pair)


def test_concurrent_reports_of_a_new_incident_make_one_event(client, redis_url):
    for n in range(20):
        pair = reports(n)
        assert_one_event(client, pair, race(redis_url, pair))
    assert len(client.keys(f"{store_of(client).prefix}event:*")) == 20


def test_an_interleaved_assignment_retries_and_joins(client, redis_url, monkeypatch):
    """Both workers read before either writes (held at decide by a barrier, first attempt only):
    the EXEC of one must fail and its retry join the other's event; without the WATCH this makes
    two events every time."""
    both_read = threading.Barrier(2)
    first_attempt = threading.local()
    real_decide = redis_store.decide

    def held_decide(*args, **kwargs):
        if not getattr(first_attempt, "done", False):
            first_attempt.done = True
            both_read.wait(timeout=10)
        return real_decide(*args, **kwargs)

    monkeypatch.setattr(redis_store, "decide", held_decide)
    for n in range(100, 105):
        pair = reports(n)
        both_read.reset()
        assert_one_event(client, pair, race(redis_url, pair))


def test_gives_up_after_the_retries(client, redis_url, monkeypatch):
    """A key it watches changing on every attempt: WatchError after ``retries`` attempts."""
    store = store_of(client, retries=3)
    profile = profile_of(FIRE[0])
    other = redis.Redis.from_url(redis_url)
    real_decide = redis_store.decide
    calls = []

    def meddling_decide(*args, **kwargs):
        calls.append(1)
        other.set(store.article_key(profile.article_id), "ev_other 0.9")
        other.delete(store.article_key(profile.article_id))
        return real_decide(*args, **kwargs)

    monkeypatch.setattr(redis_store, "decide", meddling_decide)
    with pytest.raises(redis.WatchError):
        store.assign(profile, NOW)
    assert len(calls) == 4
    assert store.get(redis_store.event_id_for(profile)) is None
    other.close()
