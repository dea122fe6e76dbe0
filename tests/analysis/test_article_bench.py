"""Quality floors on the shared article-extraction benchmarks (skipped where they are absent).

The floors live in bench/floors.json beside every other benchmark's ("extraction <set> | <measure>"),
about one point under the score they were set from; bench/extraction.py prints the full table
beside newspaper3k and trafilatura.
"""

from __future__ import annotations

import importlib.util
import json

import pytest

from bench.extraction import SHARED, load_pages
from bench.quality import FLOORS
from service.analysis.article import extract_article

pytestmark = pytest.mark.slow
SETS = {"data": "extraction data", "wcxb-dev": "extraction wcxb-dev"}


def shared_scorer():
    spec = importlib.util.spec_from_file_location("shared_score", SHARED / "score.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.parametrize("folder", sorted(SETS))
def test_body_extraction_stays_above_the_floor(folder):
    if not (SHARED / folder / "ground-truth.json").exists():
        pytest.skip("benchmark data absent")
    score = shared_scorer()
    gold = json.loads((SHARED / folder / "ground-truth.json").read_text("utf8"))
    rows = [
        score.page_scores(gold[item_id]["articleBody"], extract_article(html, url=url).text)
        for item_id, url, html in load_pages(SHARED / folder)
    ]
    found = score.aggregate(rows)
    floors = json.loads(FLOORS.read_text(encoding="utf-8"))
    mine = {
        key.split(" | ")[1]: floor for key, floor in floors.items() if key.startswith(SETS[folder] + " |")
    }
    assert set(mine) == {"f1", "precision", "recall"}
    assert all(found[key] >= floor for key, floor in mine.items()), found
