"""Stateless clustering: a set of analysed articles in, their events with reconciled figures out.

The articles are linked in order of publication (undated ones last, in the order given), through
the same store logic the stateful service uses one article at a time, so a batch and a stream of
the same articles make the same events.
"""

from __future__ import annotations

from datetime import UTC, datetime

from service.events.linking import Event
from service.events.profile import profile_of
from service.events.reconcile import reconcile
from service.events.store import MemoryStore

INTERNAL = ("order", "none_confidence")  # article-entry fields kept for the reconciliation only


def cluster_bodies(
    bodies: list[tuple[str, dict]], *, now: datetime | None = None, index_of: dict[str, int] | None = None
) -> list[dict]:
    """The events of ``(article id, analysis response body)`` pairs, as JSON-ready dicts, in
    order of their first article; each article's entry carries ``index``, its place in the input
    (``index_of``: the places by article id, when the input held more than these bodies)."""
    now = now or datetime.now(UTC)
    profiles = [profile_of(body, article_id=article_id) for article_id, body in bodies]
    order = sorted(
        range(len(profiles)),
        key=lambda i: (profiles[i].published is None, profiles[i].published or datetime.min, i),
    )
    if index_of is None:
        index_of = {}
        for i, profile in enumerate(profiles):
            index_of.setdefault(profile.article_id, i)
    store = MemoryStore()
    for i in order:
        store.assign(profiles[i], now)
    events = [event_json(event, index_of=index_of) for event in store.events.values()]
    return sorted(events, key=lambda e: min(a["index"] for a in e["articles"]))


def event_json(event: Event, *, index_of: dict[str, int] | None = None) -> dict:
    """An event as the API returns it: its articles (oldest first) and its reconciled figures."""
    articles = []
    for article in event.articles:
        entry = {key: value for key, value in article.items() if key not in INTERNAL}
        if index_of is not None:
            entry["index"] = index_of[article["article_id"]]
        articles.append(entry)
    return {
        "id": event.id,
        "type": event.type,
        "created": event.created,
        "updated": event.updated,
        "articles": articles,
        "figures": reconcile(event.articles),
    }
