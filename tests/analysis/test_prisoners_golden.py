"""Golden files: whole articles written for these tests and the prisoner facts expected from them.

After a reviewed change of the rules, regenerate with NEWSFACTS_REGENERATE_GOLDEN=1 and read the diff.
"""

from __future__ import annotations

import json
import os
from dataclasses import asdict
from datetime import date
from pathlib import Path

import pytest

from service.analysis.facts import prisoners
from service.analysis.model import Context
from service.analysis.nlp import parse

GOLDEN = Path(__file__).parent.parent / "data" / "golden"
PUBLISHED = {
    "prisoners_swap": date(2025, 6, 11),
    "prisoners_hostages": date(2024, 4, 6),
    "prisoners_amnesty": date(2025, 5, 9),
    "prisoners_shooting": date(2016, 7, 3),
    "prisoners_piracy": date(2025, 3, 10),
}


def _facts(name: str) -> list[dict]:
    text = (GOLDEN / f"{name}.txt").read_text(encoding="utf-8")
    context = Context(text=text, published_at=PUBLISHED[name])
    found = [asdict(p) for p in prisoners.extract(parse(text), context)]
    for item in found:
        item["parties"] = list(item["parties"])
        item.pop("date")  # the dates step owns date values; they are tested there
        item.pop("confidence")  # rated after the step, measured on data (bench/train_confidence.py)
        item["evidence"].pop("figure")  # the figure's words are tested in test_figure_spans.py
    return found


@pytest.mark.parametrize("name", sorted(PUBLISHED))
def test_golden_article(name):
    expected_path = GOLDEN / f"{name}.json"
    found = _facts(name)
    if os.environ.get("NEWSFACTS_REGENERATE_GOLDEN") == "1":
        expected_path.write_text(json.dumps(found, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    assert found == json.loads(expected_path.read_text(encoding="utf-8"))


def test_golden_evidence_offsets_index_the_text():
    for name in PUBLISHED:
        text = (GOLDEN / f"{name}.txt").read_text(encoding="utf-8")
        for item in _facts(name):
            evidence = item["evidence"]
            assert text[evidence["start"] : evidence["end"]] == evidence["text"]
