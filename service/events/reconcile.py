"""An event's figures over time: each article's figure with its source and time, the current
figure (the latest credible report, not the largest, not the first), the figures that disagree
side by side, and a conservative consensus."""

from __future__ import annotations

from urllib.parse import urlsplit

KINDS = ("killed", "injured", "missing", "captured", "held", "released", "exchanged")
CREDIBLE = 0.5  # a figure the article's own confidence puts below this does not become current


def reconcile(articles: list[dict]) -> dict[str, dict]:
    """Per kind that any article states: history, current, consensus and disagreements.

    ``articles`` are the event's article entries, oldest first, each with ``figures``.
    """
    figures = {}
    for kind in KINDS:
        history = [
            {
                "article_id": article["article_id"],
                "published": article["published"],
                "source": figure.get("source") or _outlet(article.get("url")),
                "count": figure["count"],
                "qualifier": figure.get("qualifier"),
                "confidence": figure.get("confidence"),
            }
            for article in articles
            if (figure := article.get("figures", {}).get(kind)) and figure.get("count") is not None
        ]
        if history:
            figures[kind] = {
                "current": current(history),
                "consensus": consensus(history),
                "disagreements": disagreements(history),
                "history": history,
            }
    return figures


def current(history: list[dict]) -> dict:
    """The latest credible report; the latest report when none is credible."""
    credible = [entry for entry in history if (entry["confidence"] or 1.0) >= CREDIBLE]
    return _brief((credible or history)[-1])


def latest_by_source(history: list[dict]) -> dict:
    """Each source's latest report (an article without a named source is its own source)."""
    latest = {}
    for entry in history:
        latest[entry["source"] or entry["article_id"]] = entry
    return latest


def consensus(history: list[dict]) -> int:
    """What every source's latest report agrees on at least: the smallest of them."""
    return min(entry["count"] for entry in latest_by_source(history).values())


def disagreements(history: list[dict]) -> list[dict]:
    """The distinct figures of the sources' latest reports, side by side, when there is more than one."""
    by_count: dict[int, list[dict]] = {}
    for entry in latest_by_source(history).values():
        by_count.setdefault(entry["count"], []).append(entry)
    if len(by_count) < 2:
        return []
    return [
        {
            "count": count,
            "sources": sorted({e["source"] for e in entries if e["source"]}),
            "article_ids": [e["article_id"] for e in entries],
        }
        for count, entries in sorted(by_count.items())
    ]


def _brief(entry: dict) -> dict:
    return {key: entry[key] for key in ("count", "qualifier", "article_id", "published", "source")}


def _outlet(url: str | None) -> str | None:
    """The outlet a report came from, by its host, when the article names no source."""
    host = urlsplit(url).hostname if url else None
    return host.removeprefix("www.") if host else None
