"""Calibrated confidences of prisoner figures and parties: their range, their files, their absence."""

from __future__ import annotations

import pytest

from service.analysis.facts import confidence, extract_facts
from service.analysis.facts.parties import confidence as party_confidence
from service.analysis.facts.prisoners import confidence as prisoner_confidence
from service.analysis.model import Context
from service.analysis.nlp import parse

STORY = (
    "ADEN, Yemen — Rebels freed 14 captured soldiers on Sunday in a deal brokered by Oman, "
    "the Red Cross said. The government released 20 rebel fighters in return. "
    "Officials said 40 more prisoners remain in custody."
)


def _facts():
    context = Context(text=STORY, title="Rebels free 14 soldiers in swap")
    return extract_facts(parse(STORY), context)


@pytest.mark.parametrize("module", [prisoner_confidence, party_confidence])
def test_the_models_are_files_beside_their_code_with_monotonic_calibration(module):
    model = confidence.load(module.MODEL)
    assert model is not None
    assert len(model["features"]) == len(model["coef"]) == len(model["mean"]) == len(model["scale"])
    assert model["calibration"]["y"] == sorted(model["calibration"]["y"])


def test_every_prisoner_figure_and_party_gets_a_probability():
    facts = _facts()
    assert facts.prisoners and facts.parties
    for item in (*facts.prisoners, *facts.parties):
        assert item.confidence is not None and 0.0 <= item.confidence <= 1.0


def test_a_missing_model_leaves_facts_unrated(monkeypatch, tmp_path):
    monkeypatch.setattr(prisoner_confidence, "MODEL", tmp_path / "absent.json")
    monkeypatch.setattr(party_confidence, "MODEL", tmp_path / "absent.json")
    facts = _facts()
    assert all(item.confidence is None for item in (*facts.prisoners, *facts.parties))


def test_probability_reads_missing_features_as_zero():
    model = {
        "features": ["a", "b"],
        "mean": [0.0, 0.0],
        "scale": [1.0, 1.0],
        "coef": [2.0, -1.0],
        "intercept": 0.0,
        "calibration": {"x": [0.0, 0.5, 0.9], "y": [0.1, 0.5, 0.9]},
    }
    assert confidence.probability(model, {}) == 0.5
    assert confidence.probability(model, {"a": 3.0}) == 0.9
    assert confidence.probability(model, {"b": 3.0}) == 0.1


ROLES = (
    "Rebels said on Sunday they had freed the Libyan captain of the trawler. "
    "Officials in Tripoli welcomed the news, and Oman said it had helped."
)


def _roles(*forms: str) -> dict[str, float]:
    doc = parse(ROLES)
    text, lede_end = party_confidence.layout_of(doc)
    return party_confidence.role_features(party_confidence._heads(doc, list(forms), text), lede_end)


@pytest.mark.parametrize(
    ("forms", "feature", "value"),
    [
        (("Oman",), "is_speaker", 1.0),  # the subject of "said"
        (("Oman",), "in_lede", 1.0),
        (("Libyan",), "modifier_share", 1.0),  # a demonym that only describes the captain
        (("Libyan",), "is_speaker", 0.0),
        (("Tripoli",), "place_share", 1.0),  # "in Tripoli"
        (("Benghazi",), "mentions_found", 0.0),  # not in the text
    ],
)
def test_role_features_read_how_a_party_is_named(forms, feature, value):
    assert _roles(*forms)[feature] == value


def test_parties_rated_below_the_models_threshold_are_dropped(monkeypatch):
    model = dict(confidence.load(party_confidence.MODEL))
    facts = _facts()
    lowest = min(p.confidence for p in facts.parties)
    model["keep_at"] = lowest + 0.001
    monkeypatch.setitem(confidence._models, party_confidence.MODEL, model)
    kept = _facts().parties
    assert kept and len(kept) < len(facts.parties)
    assert all(p.confidence >= model["keep_at"] for p in kept)
