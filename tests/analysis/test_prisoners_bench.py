"""Quality floor of the prisoner figures on the shared facts benchmark (skipped where it is absent).

The floors may be raised by a change, never silently lowered: bench/facts.py and bench/prisoners.py
print the full tables.
"""

from __future__ import annotations

import importlib.util
import json

import pytest

from bench.facts import BENCH, write_predictions

pytestmark = pytest.mark.slow
WRITTEN_FLOOR = 0.94  # prisoners micro-F1 on dev_written.jsonl (0.955 when set)
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
def test_written_prisoner_figures_stay_above_the_floor():
    score = _scorer()
    golds, _ = score.load_gold([str(BENCH / "dev_written.jsonl")])
    fields = score.score(golds, _predictions("dev_written.jsonl"))["fields"]
    total = score.Tally()
    for kind in KINDS:
        total.merge(fields["prisoners." + kind])
    assert round(total.prf()[2], 3) >= WRITTEN_FLOOR


@pytest.mark.skipif(not (BENCH / "score.py").exists(), reason="benchmark data absent")
def test_no_prisoner_figures_in_gun_violence_stories():
    predictions = _predictions("dev.jsonl")
    found = {i: r["facts"]["prisoners"] for i, r in predictions.items() if i.startswith("gva-")}
    assert found and not any(found.values())
