"""The story's headline figure per kind, chosen by a trained model among the figures the rules found.

The rules find every casualty statement and mark one ``main`` figure per kind; which figure a
story really reports (the lede's, a later update, a headline total, the sum of victims named one
by one, or none of them) is where rules written one story at a time did not carry over to new
stories. So for each kind the candidates are the figures the statements and the title state, their
sum, the rules' choice and "no figure"; a small gradient-boosted model, trained by
``bench/train_casualty_totals.py`` on the silver incident figures (folds by incident), scores each
candidate; the best one is the total, its calibrated score the total's confidence.

The model (``headline_model.txt``, LightGBM's text format, evaluated by ``service.analysis.trees``)
and its calibration (``headline_calibration.json``) are data files beside this module, loaded once
per process.
Without them the rules' totals stand.
"""

from __future__ import annotations

import json
import math
import re
import threading
from dataclasses import dataclass, replace
from functools import cache
from pathlib import Path

from service.analysis.facts.casualties.titles import read_title
from service.analysis.facts.confidence import on_steps
from service.analysis.model import Casualty
from service.analysis.trees import TreeModel

HERE = Path(__file__).parent
MODEL = HERE / "headline_model.txt"
CALIBRATION = HERE / "headline_calibration.json"
CUES = HERE / "headline_cues.json"
MODELLED_KINDS = ("killed", "injured")
MAX_CANDIDATES = 8

FEATURES = (
    "is_none",
    "kind_killed",
    "is_rule_choice",
    "rule_none",
    "log_value",
    "value_is_one",
    "n_event",
    "n_background",
    "n_cumulative",
    "role_main",
    "role_earlier",
    "role_perpetrator",
    "first_position",
    "in_title",
    "title_states_kind",
    "from_sum_only",
    "is_event_max",
    "above_event_max",
    "exact",
    "at_least",
    "vague",
    "with_source",
    "n_statements",
    "n_values",
    "log_other_kind_rule",
    "value_minus_rule",
    "earliest_event_position",
    "log_text_chars",
    "title_value_sum",
    "perpetrator_dead",
    "is_main_plus_perpetrator",
    "is_main",
    "victims_and_attackers_in_one",
    "cue_candidate",
    "cues_title",
    "cues_lede",
    "cues_text",
    "shot_cues_title",
    "shot_cues_text",
    "other_cues_title",
    "explicit_zero",
    "vague_event",
    "n_event_statements",
    "n_background_statements",
    "log_max_count",
    "title_shot_less_killed",
    "unfinished_sentence",
    "repeated_evidence",
    "log_most_shot",
    "is_shot_less_killed",
    "is_most_shot",
)


@cache
def _cue_patterns() -> dict[str, re.Pattern]:
    data = json.loads(CUES.read_text(encoding="utf-8"))
    return {
        kind: re.compile(r"(?i)\b(?:" + "|".join(data[kind]) + r")\b")
        for kind in ("killed", "injured", "shot")
    }


def cue_counts(title: str | None, text: str) -> dict[str, float]:
    """How often each kind's words occur in the title, the first 300 characters and the whole text."""
    out = {}
    for kind, pattern in _cue_patterns().items():
        out[f"{kind} title"] = float(len(pattern.findall(title or "")))
        out[f"{kind} lede"] = float(len(pattern.findall(text[:300])))
        out[f"{kind} text"] = math.log1p(len(pattern.findall(text)))
    return out


_TOLL = re.compile(r"(?i)\btoll\b")  # "Stampede Toll Rises To 145": a death toll without a death word


@dataclass(frozen=True)
class Candidate:
    value: int | None
    features: tuple[float, ...]


def title_figures(title: str | None, doc=None) -> dict[str, list[int]]:
    """The figures per kind that the headline states ("2 dead, 5 hurt in overnight shooting");
    ``doc`` is the title already parsed (the pipeline parses it beside the text)."""
    if not title:
        return {}
    if not any(pattern.search(title) for pattern in _cue_patterns().values()):  # no casualty word:
        tolls = read_title(title[:300]).get("killed") if _TOLL.search(title) else None  # but a toll
        return {"killed": tolls} if tolls else {}
    from service.analysis.facts.casualties.mentions import mentions_in
    from service.analysis.nlp import parse

    doc = doc if doc is not None else parse(title[:300])
    out: dict[str, list[int]] = {}
    for mention in mentions_in(doc[:]):
        if mention.count.count is not None and not mention.perpetrator:
            out.setdefault(mention.kind, []).append(mention.count.count)
    return {**out, **read_title(title[:300])}  # headline grammar first, the parse where it reads none


def candidates(kind: str, items: list[Casualty], rule: dict, title: dict[str, list[int]],
               text_chars: int, cues: dict[str, float], shot: list[int] = ()) -> list[Candidate]:  # fmt: skip
    """Every figure the story could be giving for ``kind``, with the features the model reads."""
    every = [c for c in items if c.kind == kind]
    mine = [c for c in every if c.count is not None]
    event = [c for c in mine if c.scope == "event"]
    event_max = max((c.count for c in event), default=0)
    per_sentence: dict[int, int] = {}
    for c in event:
        if c.role != "earlier":
            per_sentence[c.evidence.start] = max(per_sentence.get(c.evidence.start, 0), c.count)
    summed = sum(per_sentence.values())
    stated = {c.count for c in mine}
    values: list[int | None] = sorted(stated | set(title.get(kind, ())))
    if rule.get(kind) is not None:
        values.append(rule[kind])
    if len(per_sentence) > 1:
        values.append(summed)
    title_hit = max(title.get("shot", ()), default=0) - max(title.get("killed", ()), default=0)
    if kind == "injured" and title_hit > 0:  # "4 shot, 1 killed in parking lot"
        values.append(title_hit)
    texts = [c.evidence.text for c in mine]
    most_shot = max(shot, default=0)
    shot_less_killed = most_shot - (rule.get("killed") or 0)
    if kind == "injured" and shot_less_killed > 0:  # "four people were shot, one fatally"
        values.append(shot_less_killed)
    # a figure stated only for earlier events or running totals ("70,000 killed since the war began")
    # is no candidate for the story's own figure, unless the headline or the rules give it too
    own = {c.count for c in event} | set(title.get(kind, ())) | {rule.get(kind)}
    values = [v for v in values if v in own or v not in stated]
    values = list(dict.fromkeys(v for v in values if v is not None and v > 0))[: MAX_CANDIDATES - 2]
    cue_candidate = 1 not in values  # "a fatal shooting": one death that no figure states
    if cue_candidate:
        values.append(1)
    other = "injured" if kind == "killed" else "killed"
    main = sum(c.count for c in event if c.role == "main")
    attackers = max((c.count for c in event if c.role == "perpetrator"), default=0)
    shared = {
        "kind_killed": float(kind == "killed"),
        "rule_none": float(rule.get(kind) is None),
        "title_states_kind": float(bool(title.get(kind))),
        "n_statements": float(len(mine)),
        "n_values": float(len(stated)),
        "log_other_kind_rule": math.log1p(rule.get(other) or 0),
        "earliest_event_position": min((c.evidence.start for c in event), default=text_chars)
        / max(text_chars, 1),
        "log_text_chars": math.log1p(text_chars),
        "title_value_sum": math.log1p(sum(title.get(kind, ()))),
        "perpetrator_dead": float(attackers > 0),
        "explicit_zero": float(any(c.count == 0 and c.scope == "event" for c in every)),
        "vague_event": float(any(c.count is None and c.scope == "event" for c in every)),
        "n_event_statements": float(sum(c.scope == "event" for c in every)),
        "n_background_statements": float(sum(c.scope != "event" for c in every)),
        "log_max_count": math.log1p(max((c.count for c in mine), default=0)),
        "log_most_shot": math.log1p(most_shot),
        "cues_title": cues[f"{kind} title"],
        "cues_lede": cues[f"{kind} lede"],
        "cues_text": cues[f"{kind} text"],
        "shot_cues_title": cues["shot title"],
        "shot_cues_text": cues["shot text"],
        "other_cues_title": cues[f"{other} title"],
    }
    out = [Candidate(None, _vector({**shared, "is_none": 1.0}))]
    for value in values:
        with_value = [c for c in mine if c.count == value]
        named = {
            "is_rule_choice": float(rule.get(kind) == value),
            "log_value": math.log1p(value),
            "value_is_one": float(value == 1),
            "n_event": float(sum(c.scope == "event" for c in with_value)),
            "n_background": float(sum(c.scope == "background" for c in with_value)),
            "n_cumulative": float(sum(c.scope == "cumulative" for c in with_value)),
            "role_main": float(any(c.role == "main" for c in with_value)),
            "role_earlier": float(any(c.role == "earlier" for c in with_value)),
            "role_perpetrator": float(any(c.role == "perpetrator" for c in with_value)),
            "first_position": min((c.evidence.start for c in with_value), default=text_chars)
            / max(text_chars, 1),
            "in_title": float(value in title.get(kind, ())),
            "from_sum_only": float(not with_value and value == summed and rule.get(kind) != value),
            "is_event_max": float(value == event_max),
            "above_event_max": float(value > event_max),
            "exact": float(any(c.qualifier == "exact" for c in with_value)),
            "at_least": float(any(c.qualifier == "at_least" for c in with_value)),
            "vague": float(any(c.qualifier in ("unspecified", "about", "range") for c in with_value)),
            "with_source": float(any(c.source for c in with_value)),
            "value_minus_rule": float(max(-5, min(5, value - (rule.get(kind) or 0)))),
            "is_main_plus_perpetrator": float(attackers > 0 and value == main + attackers),
            "is_main": float(value == main),
            "cue_candidate": float(cue_candidate and value == 1),
            "title_shot_less_killed": float(kind == "injured" and value == title_hit),
            "unfinished_sentence": float(
                bool(with_value)
                and all(not c.evidence.text.rstrip("\"'” ").endswith((".", "!", "?")) for c in with_value)
            ),
            "repeated_evidence": float(any(texts.count(c.evidence.text) > 1 for c in with_value)),
            "is_shot_less_killed": float(kind == "injured" and value == shot_less_killed),
            "is_most_shot": float(value == most_shot),
            "victims_and_attackers_in_one": float(
                any(
                    c.role == "perpetrator" and c.evidence.start == v.evidence.start
                    for c in event
                    for v in event
                    if v.role == "main" and v.count + c.count == value
                )
            ),  # fmt: skip
        }
        out.append(Candidate(value, _vector({**shared, **named})))
    return out


def _vector(named: dict[str, float]) -> tuple[float, ...]:
    return tuple(float(named.get(name, 0.0)) for name in FEATURES)


class HeadlineModel:
    """The trained scorer and its two calibrations: of the chosen total, and of any stated figure."""

    def __init__(self, booster, calibration: dict):
        self.booster = booster
        self.calibration = calibration

    def scores(self, rows: list[tuple[float, ...]]) -> list[float]:
        import numpy

        return list(self.booster.predict(numpy.asarray(rows, dtype=numpy.float64), num_threads=1))

    def calibrated(self, share: float, which: str = "total") -> float:
        """The share of held-out totals (or figures) that were right at this score (isotonic steps)."""
        return on_steps(self.calibration[which], share)

    def choose(self, options: list[Candidate]) -> tuple[int | None, float, dict[int, float]]:
        """The best candidate's value and its share of the scores, and each value's share."""
        scores = self.scores([c.features for c in options])
        best = max(range(len(options)), key=lambda i: scores[i])
        total = sum(scores) or 1.0
        shares = {c.value: s / total for c, s in zip(options, scores, strict=True) if c.value is not None}
        return options[best].value, scores[best] / total, shares


_lock = threading.Lock()
_loaded: list[HeadlineModel | None] = []


def model() -> HeadlineModel | None:
    """The model of this process, loaded on first use; None when its files are absent."""
    with _lock:
        if not _loaded:
            _loaded.append(_load())
        return _loaded[0]


def rules_only() -> None:
    """Use the rules' totals in this process (the training script reads what the rules find)."""
    with _lock:
        _loaded[:] = [None]


def _load() -> HeadlineModel | None:
    if not (MODEL.exists() and CALIBRATION.exists()):
        return None
    scorer = TreeModel(MODEL.read_text(encoding="utf-8"))  # LightGBM's trees, without LightGBM
    return HeadlineModel(scorer, json.loads(CALIBRATION.read_text(encoding="utf-8")))


def choose_totals(
    items: list[Casualty], rule: dict, title: str | None, text: str, shot: list[int] = (), title_doc=None
) -> tuple[list, dict, dict]:
    """The items with their confidence and roles, the totals per kind, and the totals' confidences.

    A figure's confidence is how likely it is the story's own figure for its kind; ``main`` marks
    the first statement of the chosen total. Without a model the rules' totals stand, unrated.
    """
    scorer = model()
    if scorer is None:
        return items, rule, {}
    figures, cues = title_figures(title, title_doc), cue_counts(title, text)
    totals, confidence, rated = dict(rule), {}, list(items)
    for kind in MODELLED_KINDS:
        value, share, shares = scorer.choose(candidates(kind, items, rule, figures, len(text), cues, shot))
        totals[kind] = value
        confidence[kind] = scorer.calibrated(share)
        rated = _rated(rated, kind, value, rule.get(kind), shares, scorer)
    return rated, totals, confidence


def _rated(items: list[Casualty], kind: str, value, rule_value, shares: dict, scorer) -> list[Casualty]:
    out, marked = [], False
    for c in items:
        if c.kind != kind:
            out.append(c)
            continue
        changes: dict = {"confidence": scorer.calibrated(shares.get(c.count, 0.0), "figure")}
        if value != rule_value and c.role == "main":
            changes["role"] = None
        if value != rule_value and not marked and c.count == value and c.role in (None, "main"):
            changes["role"], marked = "main", True
        out.append(replace(c, **changes))
    return out


def calibration_steps(scores: list[float], right: list[bool]) -> dict:
    """Isotonic calibration as step points (used by the training script)."""
    from sklearn.isotonic import IsotonicRegression

    iso = IsotonicRegression(out_of_bounds="clip", y_min=0.0, y_max=1.0).fit(scores, right)
    return {"x": [round(float(x), 6) for x in iso.X_thresholds_], "y": [float(y) for y in iso.y_thresholds_]}
