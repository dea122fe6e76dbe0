"""Quality floor of the parties on the shared facts benchmark (skipped where it is absent).

The floor may be raised by a change, never silently lowered: bench/parties.py prints the table and,
with --errors, every unmatched or unmerged party.
"""

from __future__ import annotations

import importlib.util
import json

import pytest

from bench.facts import BENCH, write_predictions

pytestmark = pytest.mark.slow
WRITTEN_FLOOR = 0.94  # parties F1 on dev_written.jsonl (0.955 when set)


def _scorer():
    spec = importlib.util.spec_from_file_location("facts_score", BENCH / "score.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.skipif(not (BENCH / "score.py").exists(), reason="benchmark data absent")
def test_written_parties_stay_above_the_floor():
    score = _scorer()
    golds, _ = score.load_gold([str(BENCH / "dev_written.jsonl")])
    path = write_predictions(BENCH / "dev_written.jsonl")
    predictions = {r["id"]: r for r in map(json.loads, path.read_text(encoding="utf-8").splitlines())}
    parties = score.score(golds, predictions)["parties"]
    assert parties["docs"] == len(golds)
    assert round(score.parties_prf(parties)[2], 3) >= WRITTEN_FLOOR
