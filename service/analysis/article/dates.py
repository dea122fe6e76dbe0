"""The page's publication date, chosen by a trained model among every date the page gives.

A page can carry several dates: the address's, JSON-LD's datePublished and dateModified, meta
tags, <time> elements, a byline's "Published May 2, 2024 · Updated June 3". A fixed order of
sources was right on 87.7% of WCXB dev pages; which source to believe depends on the others (a
modified date equal to the published one, a shown date that agrees with the metadata, a "last
updated" line). So every distinct date is a candidate, described by which sources state it and how
it relates to the other candidates, and a small gradient-boosted model (``dates_model.txt``, built
by ``bench/train_dates.py`` with folds by site) scores them. Without the model file the fixed order
stands.
"""

from __future__ import annotations

import math
import threading
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from lxml import etree

from service.analysis.article import metadata as meta
from service.analysis.trees import TreeModel

MODEL = Path(__file__).resolve().parent / "dates_model.txt"
MAX_CANDIDATES = 12
_UNDER_HEADLINE = 300  # characters of byline, deck and read time between a headline and its date
_MODIFIED_META = (
    "article:modified_time", "og:updated_time", "datemodified", "dc.date.modified", "last-modified",
    "dcterms.modified", "modified_time", "parsely-updated",
)  # fmt: skip
_SOURCES = (
    "address", "ld_published", "ld_created", "ld_modified", "ld_page_published", "ld_page_modified",
    "meta_published", "meta_modified", "meta_other_published", "meta_other_modified",
    "itemprop_published", "first_time_element", "shown_first",
)  # fmt: skip
FEATURES = (
    *(f"from_{s}" for s in _SOURCES),
    "n_sources",
    "shown_count",
    "shown_rank",
    "after_updated_word",
    "headline_gap",
    "just_under_headline",
    "first_under_headline",
    "after_published_word",
    "is_latest",
    "is_earliest",
    "log_days_to_latest",
    "log_days_to_earliest",
    "n_candidates",
    "has_ld_modified",
    "has_meta_modified",
    "ld_modified_equals_published",
    "any_updated_word",
    "is_fixed_order_choice",
)


@dataclass(frozen=True)
class Candidate:
    day: str
    features: tuple[float, ...]


def readings(ld: list[dict], metas: dict, tree: etree._Element, url: str | None) -> dict[str, list[str]]:
    """Each source's dates (ISO days), in the source's own order."""
    # A WebPage object's dates stand in only for a page without an Article object.
    pages = [] if ld else meta.json_ld_objects(tree)
    meta_published, meta_modified = meta.meta_dates(metas)
    marked, first_time = meta.marked_dates(tree)
    out = {
        "address": [meta.url_date(url)],
        "ld_published": [o.get("datePublished") for o in ld],
        "ld_created": [o.get("dateCreated") for o in ld],
        "ld_modified": [o.get("dateModified") for o in ld],
        "ld_page_published": [o.get("datePublished") for o in pages],
        "ld_page_modified": [o.get("dateModified") for o in pages],
        "meta_published": [v for key in meta.DATE_META for v in metas.get(key, [])],
        "meta_modified": [v for key in _MODIFIED_META for v in metas.get(key, [])],
        "meta_other_published": meta_published,
        "meta_other_modified": meta_modified,
        "itemprop_published": marked,
        "first_time_element": first_time,
    }
    return {name: [d for d in map(meta.iso_date, values) if d] for name, values in out.items()}


def candidates(
    sources: dict[str, list[str]], shown: list[meta.ShownDate], fixed: str | None
) -> list[Candidate]:
    """Every distinct date the page gives, with the features the model reads."""
    sources = {**sources, "shown_first": [s.day for s in shown[:1]]}
    days = list(dict.fromkeys([*(d for values in sources.values() for d in values), *(s.day for s in shown)]))
    days = days[:MAX_CANDIDATES]
    if not days:
        return []
    parsed = {d: date.fromisoformat(d) for d in days}
    latest, earliest = max(parsed.values()), min(parsed.values())
    shown_days = list(dict.fromkeys(s.day for s in shown))
    under_headline = next((s.day for s in shown if (s.from_headline or -1) >= 0), None)
    ld_pub, ld_mod = sources["ld_published"][:1], sources["ld_modified"][:1]
    shared = {
        "n_candidates": float(len(days)),
        "has_ld_modified": float(bool(ld_mod)),
        "has_meta_modified": float(bool(sources["meta_modified"])),
        "ld_modified_equals_published": float(bool(ld_mod) and ld_mod == ld_pub),
        "any_updated_word": float(any(s.after_updated for s in shown)),
    }
    out = []
    for day in days:
        mine = [s for s in shown if s.day == day]
        named = {
            **{f"from_{name}": float(day in values) for name, values in sources.items()},
            "n_sources": float(sum(day in values for values in sources.values())),
            "shown_count": float(len(mine)),
            "shown_rank": float(shown_days.index(day) + 1 if day in shown_days else 0),
            "after_updated_word": float(any(s.after_updated for s in mine)),
            "headline_gap": _headline_gap(mine),
            "just_under_headline": float(0 <= _headline_gap(mine) < math.log1p(_UNDER_HEADLINE)),
            "first_under_headline": float(day == under_headline),
            "after_published_word": float(any(s.after_published for s in mine)),
            "is_latest": float(parsed[day] == latest),
            "is_earliest": float(parsed[day] == earliest),
            "log_days_to_latest": math.log1p((latest - parsed[day]).days),
            "log_days_to_earliest": math.log1p((parsed[day] - earliest).days),
            "is_fixed_order_choice": float(day == fixed),
        }
        out.append(Candidate(day, tuple(float({**shared, **named}.get(f, 0.0)) for f in FEATURES)))
    return out


def _headline_gap(mine: list[meta.ShownDate]) -> float:
    """log(1 + characters) from the headline's end to the nearest mention of this date, negative
    above the headline; -20 when the date is not shown or the page has no <h1> in its text."""
    gaps = [s.from_headline for s in mine if s.from_headline is not None]
    if not gaps:
        return -20.0
    gap = min(gaps, key=abs)
    return math.copysign(math.log1p(abs(gap)), gap)


_lock = threading.Lock()
_loaded: list[TreeModel | None] = []


def model() -> TreeModel | None:
    """The date model of this process, loaded on first use; None when its file is absent."""
    with _lock:
        if not _loaded:
            _loaded.append(TreeModel(MODEL.read_text(encoding="utf-8")) if MODEL.exists() else None)
        return _loaded[0]


def choose(options: list[Candidate], scorer: TreeModel) -> str | None:
    import numpy

    if not options:
        return None
    scores = scorer.predict(numpy.asarray([c.features for c in options], dtype=numpy.float64))
    return options[int(numpy.argmax(scores))].day
