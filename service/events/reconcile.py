"""An event's figures over time: each article's figure with its source and time, the current
figure, the figures that disagree side by side, and a conservative consensus.

The current figure is the one the event's reports best support now. Where the trained chooser
(``data/figure_model.txt``, bench/events.py) is present it weighs, for each figure any report
states (and for "none stated"), how many reports state it, how sure each was, how recent the last
of them is, and whether it is the largest or smallest; else it is the latest credible report.
Neither the largest nor the first figure wins by rule: a later report that lowers a toll counts.
"""

from __future__ import annotations

import math
from functools import lru_cache
from urllib.parse import urlsplit

from service.analysis.trees import TreeModel
from service.events.profile import DATA

CASUALTY_KINDS = ("killed", "injured", "missing")
PRISONER_KINDS = ("captured", "held", "released", "exchanged")
CREDIBLE = 0.5  # without the chooser, a figure its article is less sure of does not become current
CHOOSER_FEATURES = (
    "is_none",
    "share",
    "mean_confidence",
    "max_confidence",
    "is_latest",
    "last_position",
    "first_position",
    "is_largest",
    "is_smallest",
    "fraction_of_largest",
    "reports",
    "distinct",
    "is_injured",
    "other_kind_changes",
    "log_count",
    "completes_total",
    "short_of_total",
)


def reconcile(articles: list[dict], *, model: TreeModel | None | bool = None) -> dict[str, dict]:
    """Per kind that any article states: current, consensus, disagreements and history.

    ``model``: the figure chooser (None: the shipped one; False: the latest credible report).

    ``articles`` are the event's article entries, oldest first, each with ``figures``.
    """
    figures = {}
    for kind in (*CASUALTY_KINDS, *PRISONER_KINDS):
        history = history_of(articles, kind)
        if history:
            figures[kind] = {
                "current": current(articles, kind, history, model=figure_model() if model is None else model),
                "consensus": consensus(history),
                "disagreements": disagreements(history),
                "history": history,
            }
    return figures


def history_of(articles: list[dict], kind: str) -> list[dict]:
    """Each report of a figure of ``kind``, oldest first, with its source and time."""
    return [
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


def current(articles: list[dict], kind: str, history: list[dict], *, model) -> dict:
    """The figure the reports best support now, with the latest report stating it and how sure
    the choice is (null count: the reports are best read as stating none)."""
    if not model or kind not in ("killed", "injured") or len(articles) < 2:
        credible = [entry for entry in history if (entry["confidence"] or 1.0) >= CREDIBLE]
        return {**_brief((credible or history)[-1]), "confidence": None}
    candidates = sorted(
        {_count(article, kind) for article in articles}, key=lambda c: (c is not None, c or 0)
    )
    rows = [chooser_features(articles, kind, candidate) for candidate in candidates]
    scores = [float(p) for p in model.predict(rows)]
    best = max(range(len(candidates)), key=lambda i: (scores[i], i))
    total = sum(scores) or 1.0
    chosen = candidates[best]
    confidence = round(scores[best] / total, 3)
    if chosen is None:
        return {"count": None, "qualifier": None, "article_id": None, "published": None, "source": None,
                "confidence": confidence}  # fmt: skip
    latest = [entry for entry in history if entry["count"] == chosen][-1]
    return {**_brief(latest), "confidence": confidence}


def chooser_features(articles: list[dict], kind: str, candidate: int | None) -> list[float]:
    """What says the reports support ``candidate`` as the figure of ``kind``: CHOOSER_FEATURES."""
    counts = [_count(article, kind) for article in articles]
    confidences = [_confidence(article, kind) for article in articles]
    stating = [i for i, count in enumerate(counts) if count == candidate]
    stated = [count for count in counts if count is not None]
    largest = max(stated) if stated else 0
    other = "injured" if kind == "killed" else "killed"
    last = max(len(articles) - 1, 1)
    # People shot stay shot: a victim who dies moves from injured to killed. The most victims any
    # report counts, less the most of the other kind, is what this kind should hold now.
    victims = max((_count(a, "killed") or 0) + (_count(a, "injured") or 0) for a in articles)
    rest = victims - max((_count(a, other) or 0) for a in articles)
    return [
        float(candidate is None),
        len(stating) / len(articles),
        sum(confidences[i] for i in stating) / len(stating) if stating else 0.0,
        max((confidences[i] for i in stating), default=0.0),
        float(counts[-1] == candidate),
        stating[-1] / last if stating else 0.0,
        stating[0] / last if stating else 0.0,
        float(candidate is not None and candidate == largest),
        float(candidate is not None and candidate == min(stated)),
        (candidate or 0) / largest if largest else 0.0,
        float(len(articles)),
        float(len(set(counts))),
        float(kind == "injured"),
        float(len({_count(article, other) for article in articles}) > 1),
        math.log1p(candidate or 0),
        float((candidate or 0) == rest),
        float(rest - (candidate or 0)),
    ]


def _count(article: dict, kind: str) -> int | None:
    figure = article.get("figures", {}).get(kind)
    return figure.get("count") or None if figure else None


def _confidence(article: dict, kind: str) -> float:
    figure = article.get("figures", {}).get(kind)
    value = figure.get("confidence") if figure else article.get("none_confidence", {}).get(kind)
    return float(value) if value is not None else 0.5


@lru_cache(maxsize=1)
def figure_model() -> TreeModel | None:
    path = DATA / "figure_model.txt"
    return TreeModel(path.read_text(encoding="utf-8")) if path.exists() else None


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
