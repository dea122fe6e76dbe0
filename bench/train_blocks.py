"""Builds the block classifier (service/analysis/article/blocks_model.txt) from page-shaped texts.

Data: ``bench/data/structure_dev.jsonl``, texts written in our own words in the shape of real pages,
with gold blocks (see bench/data/README.md). Five folds by text: every figure printed is the mean
over held folds (the model scoring a fold never saw it); then the model is trained on all texts.

    python -m bench.train_blocks
"""

from __future__ import annotations

import hashlib
import json
from collections import Counter

from bench.common import ROOT, read_jsonl, table, write_result
from service.analysis.article import blocks

DATA = ROOT / "bench" / "data" / "structure_dev.jsonl"
FOLDS = 5
PARAMS = {
    "objective": "multiclass",
    "num_class": len(blocks.KINDS),
    "learning_rate": 0.1,
    "num_leaves": 4,
    "min_data_in_leaf": 6,
    "lambda_l2": 1.0,
    "deterministic": True,
    "force_row_wise": True,
    "num_threads": 1,
    "seed": 7,
    "verbose": -1,
}
ROUNDS = 120
REPORTED = ("caption", "credit", "byline", "related", "timeline", "boilerplate", "date", "headline", "body")


def fold_of(text_id: str) -> int:
    return int(hashlib.md5(text_id.encode()).hexdigest(), 16) % FOLDS


def examples(record: dict) -> tuple[list, list[int]]:
    """Feature rows and gold kind indexes of one text's lines (gold blocks matched by offsets)."""
    text = record["text"]
    spans = blocks.line_spans(text)
    gold = {(b["start"], b["end"]): b["kind"] for b in record["blocks"]}
    rows = blocks.line_features(text, spans, record.get("title"))
    labels = [blocks.KINDS.index(_gold_kind(gold, span)) for span in spans]
    return rows, labels


def _gold_kind(gold: dict, span: tuple[int, int]) -> str:
    if span in gold:
        return gold[span]
    inside = [kind for (s, e), kind in gold.items() if s <= span[0] < e]  # offsets trimmed differently
    return inside[0] if inside else "body"


def train(records: list[dict]):
    import lightgbm
    import numpy

    rows, labels = [], []
    for record in records:
        r, lab = examples(record)
        rows += r
        labels += lab
    data = lightgbm.Dataset(numpy.asarray(rows), numpy.asarray(labels), feature_name=list(blocks.FEATURES))
    return lightgbm.train(PARAMS, data, num_boost_round=ROUNDS)


def predict(booster, record: dict, sure: float = 0.0) -> list[int]:
    """The kind index of each line; with ``sure``, as the service decides (unsure lines are body)."""
    import numpy

    rows, _ = examples(record)
    scores = booster.predict(numpy.asarray(rows), num_threads=1)
    return [int(row.argmax()) if row.max() >= sure else 0 for row in scores]


def per_kind(pairs: list[tuple[int, int]]) -> dict[str, tuple[float, float, float, int]]:
    out = {}
    for kind in REPORTED:
        k = blocks.KINDS.index(kind)
        tp = int(sum(g == k and p == k for g, p in pairs))
        fp = int(sum(g != k and p == k for g, p in pairs))
        fn = int(sum(g == k and p != k for g, p in pairs))
        prec = tp / (tp + fp) if tp + fp else 0.0
        rec = tp / (tp + fn) if tp + fn else 0.0
        f1 = 2 * prec * rec / (prec + rec) if prec + rec else 0.0
        out[kind] = (prec, rec, f1, tp + fn)
    return out


def main() -> None:
    records = read_jsonl(DATA)
    pairs, served = [], []
    for held in range(FOLDS):
        booster = train([r for r in records if fold_of(r["id"]) != held])
        for record in (r for r in records if fold_of(r["id"]) == held):
            _, gold = examples(record)
            pairs += list(zip(gold, predict(booster, record), strict=True))
            served += list(zip(gold, predict(booster, record, blocks.SURE), strict=True))
    scores, served_scores = per_kind(pairs), per_kind(served)
    rows = [
        [kind, n, f"{p:.3f}", f"{r:.3f}", f"{f:.3f}", f"{served_scores[kind][2]:.3f}"]
        for kind, (p, r, f, n) in scores.items()
    ]
    booster = train(records)
    blocks.MODEL.write_text(booster.model_to_string(), encoding="utf-8")
    kinds = Counter(b["kind"] for r in records for b in r["blocks"])
    text = f"{len(records)} texts, {sum(kinds.values())} lines; held-fold figures (5 folds by text):\n\n"
    served_header = f"F1 as served (sure ≥ {blocks.SURE})"
    text += table(["kind", "lines", "precision", "recall", "F1", served_header], rows)
    write_result("train_blocks", text, {"per_kind": scores, "served": served_scores, "kinds": dict(kinds)})
    print(json.dumps(dict(kinds)))


if __name__ == "__main__":
    main()
