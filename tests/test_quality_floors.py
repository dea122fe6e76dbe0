"""Every benchmark score of bench/quality.py stays at or above its floor in bench/floors.json.

The floors sit about one point under the scores they were set from and move up with the work
(``python -m bench.quality --raise-floors``); lowering one is a decision a commit message explains.
"""

from __future__ import annotations

import pytest

from bench import quality
from bench.facts import BENCH

pytestmark = pytest.mark.slow


@pytest.mark.skipif(not (BENCH / "score.py").exists(), reason="benchmark data absent")
def test_every_benchmark_stays_above_its_floor():
    _, rows, _ = quality.quality_table()
    assert quality.below_floors(rows) == []


def test_every_floor_names_a_benchmark_row_and_a_score():
    floors = quality.json.loads(quality.FLOORS.read_text(encoding="utf-8"))
    assert floors, "bench/floors.json holds the floors"
    for key, floor in floors.items():
        benchmark, _, measure = key.partition(" | ")
        assert benchmark and measure, key
        assert isinstance(floor, float) and 0 <= floor <= 100, key
