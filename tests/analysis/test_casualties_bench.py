"""Quality floor of the casualty figures on the shared facts benchmark (skipped where it is absent).

The floors may be raised by a change, never silently lowered: bench/facts.py prints the full tables.
"""

from __future__ import annotations

import importlib.util
import json

import pytest

from bench.facts import BENCH, write_predictions

pytestmark = pytest.mark.slow
FLOORS = {
    # The trained headline model (facts/casualties/headline.py) gives up dev points the rules were fitted
    # to for figures that hold on articles nobody tuned on (bench/train_casualty_totals.py).
    "dev.jsonl": {"killed": 0.875, "injured": 0.84},
    "dev_written.jsonl": {"killed": 0.90, "injured": 0.90, "missing": 0.90},
}


def scorer():
    spec = importlib.util.spec_from_file_location("facts_score", BENCH / "score.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.parametrize("name", sorted(FLOORS))
@pytest.mark.skipif(not (BENCH / "score.py").exists(), reason="benchmark data absent")
def test_casualty_figures_stay_above_the_floor(name, tmp_path):
    score = scorer()
    golds, _ = score.load_gold([str(BENCH / name)])
    predictions = write_predictions(BENCH / name, tmp_path / "predictions.jsonl")
    preds = {}
    for line in predictions.read_text(encoding="utf-8").splitlines():
        record = json.loads(line)
        preds[record["id"]] = record
    fields = score.score(golds, preds)["fields"]
    found = {kind: round(fields[kind].prf()[2], 3) for kind in FLOORS[name]}
    assert all(found[kind] >= floor for kind, floor in FLOORS[name].items()), found
