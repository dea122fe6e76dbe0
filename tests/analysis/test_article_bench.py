"""Quality floor on the shared article-extraction benchmark (skipped where it is absent).

The floor may be raised by a change, never silently lowered: bench/extraction.py prints the
full table beside newspaper3k and trafilatura.
"""

from __future__ import annotations

import importlib.util
import json

import pytest

from bench.extraction import SHARED, load_pages
from service.analysis.article import extract_article

pytestmark = pytest.mark.slow
FLOOR = {"f1": 0.97, "precision": 0.95, "recall": 0.95}


def shared_scorer():
    spec = importlib.util.spec_from_file_location("shared_score", SHARED / "score.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.skipif(not (SHARED / "data" / "ground-truth.json").exists(), reason="benchmark data absent")
def test_body_extraction_stays_above_the_floor():
    score = shared_scorer()
    gold = json.loads((SHARED / "data" / "ground-truth.json").read_text("utf8"))
    rows = [
        score.page_scores(gold[item_id]["articleBody"], extract_article(html, url=url).text)
        for item_id, url, html in load_pages(SHARED / "data")
    ]
    found = score.aggregate(rows)
    assert all(found[key] >= floor for key, floor in FLOOR.items()), found
