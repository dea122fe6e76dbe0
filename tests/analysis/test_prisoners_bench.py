"""Prisoner figures on the shared facts benchmark (floors: tests/test_quality_floors.py).

The floors may be raised by a change, never silently lowered: bench/facts.py and bench/prisoners.py
print the full tables.
"""

from __future__ import annotations

import importlib.util
import json

import pytest

from bench.facts import BENCH, write_predictions

pytestmark = pytest.mark.slow
KINDS = ("captured", "released", "exchanged", "held")


def _scorer():
    spec = importlib.util.spec_from_file_location("facts_score", BENCH / "score.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _predictions(name: str) -> dict:
    path = write_predictions(BENCH / name)
    return {r["id"]: r for r in map(json.loads, path.read_text(encoding="utf-8").splitlines())}


@pytest.mark.skipif(not (BENCH / "score.py").exists(), reason="benchmark data absent")
def test_no_prisoner_figures_in_gun_violence_stories():
    predictions = _predictions("dev.jsonl")
    found = {i: r["facts"]["prisoners"] for i, r in predictions.items() if i.startswith("gva-")}
    assert found and not any(found.values())
