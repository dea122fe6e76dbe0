"""The service's own evaluation of LightGBM's model files gives LightGBM's probabilities exactly."""

from __future__ import annotations

import subprocess
import sys

import numpy
import pytest

from service.analysis.article import blocks
from service.analysis.facts.casualties import headline
from service.analysis.trees import TreeModel

lightgbm = pytest.importorskip("lightgbm")

# Written for this test: lines of every kind the block classifier tells apart.
TEXT = """Drone strike kills three in harbour district
By Jane Example, Staff Reporter
KYIV, Ukraine (AP) — A drone strike on the harbour district killed three people on Sunday.
Photo: Example Agency/Getty Images
Officials said at least 14 others were wounded, four of them seriously.
Related: Earlier attacks on the port
Read more
© 2025 Example News. All rights reserved.
March 19, 2025, 10:00 AM
"It was the loudest blast I have heard," said one resident, who gave only his first name.
"""


def _both(path):
    text = path.read_text(encoding="utf-8")
    return TreeModel(text), lightgbm.Booster(model_str=text)


def _random_rows(model: TreeModel, seed: int) -> numpy.ndarray:
    """Rows around the model's own thresholds, with zeros, near-zeros, whole numbers and NaN."""
    rng = numpy.random.default_rng(seed)
    width = int(model.feature.max()) + 1
    finite = model.threshold[numpy.isfinite(model.threshold)]
    rows = rng.choice(finite, size=(400, width)) + rng.choice(
        [0.0, 1e-9, -1e-9, 0.5, -0.5], size=(400, width)
    )
    rows[rng.random(rows.shape) < 0.2] = 0.0
    rows[rng.random(rows.shape) < 0.05] = 1e-36
    rows[rng.random(rows.shape) < 0.05] = numpy.nan
    return rows


def test_the_block_classifier_equals_lightgbm_on_real_lines_and_around_every_threshold():
    ours, theirs = _both(blocks.MODEL)
    lines = numpy.asarray(blocks.line_features(TEXT, blocks.line_spans(TEXT), "Drone strike kills three"))
    for rows in (lines, _random_rows(ours, 1), _random_rows(ours, 2)):
        expected = theirs.predict(rows, num_threads=1)
        assert ours.predict(rows).shape == expected.shape
        assert numpy.array_equal(ours.predict(rows), expected)


def test_the_headline_scorer_equals_lightgbm_around_every_threshold():
    ours, theirs = _both(headline.MODEL)
    for seed in (3, 4, 5):
        rows = _random_rows(ours, seed)
        assert numpy.array_equal(ours.predict(rows), theirs.predict(rows, num_threads=1))


def test_a_one_row_input_and_an_empty_one():
    ours, theirs = _both(headline.MODEL)
    row = _random_rows(ours, 6)[:1]
    assert numpy.array_equal(ours.predict(row), theirs.predict(row, num_threads=1))
    assert ours.predict(numpy.zeros((0, row.shape[1]))).shape == (0,)


@pytest.mark.parametrize(
    ("change", "found"),
    [
        (("decision_type=2 2", "decision_type=10 2"), "numerical"),
        (("num_cat=0", "num_cat=1"), "categorical"),
        (("objective=binary sigmoid:1", "objective=regression"), "objective"),
    ],
)
def test_models_it_cannot_evaluate_exactly_are_refused(change, found):
    text = headline.MODEL.read_text(encoding="utf-8")
    assert change[0] in text
    with pytest.raises(ValueError, match=found):
        TreeModel(text.replace(change[0], change[1], 1))


def test_serving_imports_no_learning_library():
    """The preloaded app (model, both tree models and a warm-up analysis) without LightGBM,
    scipy or scikit-learn in memory."""
    code = (
        "import sys; from service import create_app; create_app({'preload_model': True}); "
        "print(sorted(m for m in ('lightgbm', 'scipy', 'sklearn') if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip().splitlines()[-1] == "[]"
