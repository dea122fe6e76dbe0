"""Calibrated confidences for facts, from small logistic models stored as JSON beside each fact package.

A model file holds the feature names, the standardisation, the coefficients and an isotonic
calibration (step points) fitted on held-out documents by ``bench/train_confidence.py``; scoring is a
dot product, so a fact's confidence costs microseconds. Without a model file, facts stay unrated.
"""

from __future__ import annotations

import json
import math
import threading
from bisect import bisect_right
from pathlib import Path

_lock = threading.Lock()
_models: dict[Path, dict | None] = {}


def load(path: Path) -> dict | None:
    """The model at ``path``, read once per process; None when the file is absent."""
    with _lock:
        if path not in _models:
            _models[path] = json.loads(path.read_text(encoding="utf-8")) if path.exists() else None
        return _models[path]


def probability(model: dict, features: dict[str, float]) -> float:
    """The calibrated probability that a fact with these features is right."""
    z = model["intercept"]
    for name, mean, scale, weight in zip(
        model["features"], model["mean"], model["scale"], model["coef"], strict=True
    ):
        z += weight * (features.get(name, 0.0) - mean) / scale
    raw = 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))
    return on_steps(model["calibration"], raw)


def on_steps(steps: dict, raw: float) -> float:
    """A raw score read through isotonic calibration steps (``x`` thresholds, ``y`` values): how
    often such scores were right on held-out data, to three decimals."""
    return round(steps["y"][max(bisect_right(steps["x"], raw) - 1, 0)], 3)
