"""Quality floor on the shared TempEval-3 style timex benchmark (skipped where it is absent).

The floor may be raised by a change, never silently lowered: bench/timex.py prints the full table.
"""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from bench.timex import BENCH, RESULTS, predict

pytestmark = pytest.mark.slow
FLOOR = {"value_f1": 0.80, "strict_f1": 0.87, "relaxed_f1": 0.93}
GOLD = BENCH / "dev.jsonl"


@pytest.mark.skipif(not GOLD.exists(), reason="benchmark data absent")
def test_dates_stay_above_the_floor(tmp_path):
    RESULTS.mkdir(parents=True, exist_ok=True)
    predictions, metrics = tmp_path / "pred.jsonl", tmp_path / "metrics.json"
    predict(GOLD, predictions, use_cache=True)
    command = [sys.executable, str(BENCH / "score.py"), "--gold", str(GOLD), "--pred", str(predictions)]
    subprocess.run([*command, "--json", str(metrics)], check=True, capture_output=True)
    found = json.loads(metrics.read_text(encoding="utf-8"))
    assert all(found[key] >= floor for key, floor in FLOOR.items()), {k: found[k] for k in FLOOR}
