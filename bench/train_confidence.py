"""Builds the confidence models of prisoner figures and parties (``confidence_model.json`` beside each).

Training: the written stories (``dev_written.jsonl``) and the tuning part of the real-reporting set
(``bench/data/prisoners_real.jsonl``, split by event as bench/data/README.md says); the party model
also learns from the parties of ``bench/data/real_tuning.jsonl`` and of the tuning part of
``bench/data/conflict_casualties.jsonl`` (stories of attacks and disasters, whose actors differ). A prisoner
figure is right when the gold has its kind and count (required or optional); a party is right when
its name or an alias is a form of a gold party (the shared scorer's matching). A logistic regression
over each fact's features; isotonic calibration fitted on out-of-fold scores of the training data
(folds by event); the reliability tables are printed for the CHECK part, which is never trained on.

    python -m bench.train_confidence [--data bench/data/prisoners_real.jsonl]
"""

from __future__ import annotations

import argparse
import hashlib
import json
from datetime import date
from pathlib import Path

from bench.common import ROOT, parsed_docs, read_jsonl, shared_bench, table, write_result
from service.analysis.facts import confidence
from service.analysis.facts.parties import confidence as party_confidence
from service.analysis.facts.prisoners import confidence as prisoner_confidence

REAL = ROOT / "bench" / "data" / "prisoners_real.jsonl"
MORE_PARTIES = (
    ROOT / "bench" / "data" / "real_tuning.jsonl",
    ROOT / "bench" / "data" / "conflict_casualties.jsonl",
)
FOLDS = 5


def is_check(record: dict) -> bool:
    return int(hashlib.md5((record.get("group") or record["id"]).encode()).hexdigest(), 16) % 3 == 0


def _forms(names) -> set[str]:
    out = set()
    for name in names:
        key = " ".join(str(name).replace("’", "'").split()).casefold()
        out.add(key.removeprefix("the "))
    return out - {""}


def examples(records: list[dict], name: str) -> dict[str, list]:
    """Per fact type: (features, right, event key) for every fact the rules find in ``records``."""
    from service.analysis.facts import extract_facts
    from service.analysis.model import Context

    for path in (prisoner_confidence.MODEL, party_confidence.MODEL):
        confidence._models[path] = None  # the rules' facts, unrated
    docs = parsed_docs(records, name)
    out: dict[str, list] = {"prisoners": [], "parties": [], "gold_parties": []}  # gold: (story, parties)
    for record, doc in zip(records, docs, strict=True):
        published = record.get("published_at")
        context = Context(text=record["text"], title=record.get("title"),
                          published_at=date.fromisoformat(published[:10]) if published else None)  # fmt: skip
        facts = extract_facts(doc, context)
        key = record.get("group") or record["id"]
        gold = record.get("gold") or {}
        wanted = {(g["kind"], g["count"]) for g in gold.get("prisoners", [])}
        items = list(facts.prisoners or ())
        for item in items:
            right = (item.kind, item.count) in wanted
            out["prisoners"].append((prisoner_confidence.features(item, items, context), right, key))
        gold_parties = record.get("parties") or gold.get("parties") or []
        out["gold_parties"].append((key, len(gold_parties)))
        gold_forms = [_forms([g["name"], *g.get("aliases", [])]) for g in gold_parties]
        parties = list(facts.parties or ())
        for party in parties:
            right = any(_forms([party.name, *party.aliases]) & forms for forms in gold_forms)
            out["parties"].append((party_confidence.features(party, parties, context, doc), right, key))
    return out


def fit(rows: list[tuple[dict, bool, str]]) -> dict:
    """Logistic regression on standardised features, with isotonic calibration of out-of-fold scores."""
    import numpy
    from sklearn.isotonic import IsotonicRegression
    from sklearn.linear_model import LogisticRegression

    names = sorted({name for features, _, _ in rows for name in features})
    x = numpy.asarray([[features.get(n, 0.0) for n in names] for features, _, _ in rows])
    y = numpy.asarray([right for _, right, _ in rows], dtype=int)
    mean, scale = x.mean(axis=0), x.std(axis=0)
    scale[scale == 0] = 1.0
    z = (x - mean) / scale
    folds = numpy.asarray([int(hashlib.md5(key.encode()).hexdigest(), 16) % FOLDS for _, _, key in rows])
    held = numpy.zeros(len(rows))
    for k in range(FOLDS):
        model = LogisticRegression(C=1.0, max_iter=1000).fit(z[folds != k], y[folds != k])
        held[folds == k] = model.predict_proba(z[folds == k])[:, 1]
    iso = IsotonicRegression(out_of_bounds="clip", y_min=0.0, y_max=1.0).fit(held, y)
    model = LogisticRegression(C=1.0, max_iter=1000).fit(z, y)
    out_of_fold = [round(float(v), 3) for v in iso.predict(held)]  # calibrated, each row unseen
    return out_of_fold, {
        "features": names,
        "mean": [round(float(v), 6) for v in mean],
        "scale": [round(float(v), 6) for v in scale],
        "coef": [round(float(v), 6) for v in model.coef_[0]],
        "intercept": round(float(model.intercept_[0]), 6),
        "calibration": {
            "x": [round(float(v), 6) for v in iso.X_thresholds_],
            "y": [float(v) for v in iso.y_thresholds_],
        },
    }


def keep_threshold(
    rows: list[tuple[dict, bool, str]], held: list[float], gold: int
) -> tuple[float, list[list]]:
    """The confidence below which dropping a party raises F1 most over the training stories, read
    on out-of-fold probabilities (each story rated by a model that did not see it)."""
    rights = [right for _, right, _ in rows]
    table_rows, best = [], (0.0, 0.0)
    for threshold in [round(0.05 * k, 2) for k in range(0, 14)]:
        kept = [r for r, p in zip(rights, held, strict=True) if p >= threshold]
        tp = sum(kept)
        precision, recall = tp / max(len(kept), 1), tp / max(gold, 1)
        f1 = 2 * precision * recall / max(precision + recall, 1e-9)
        table_rows.append([f"{threshold:.2f}", len(kept), f"{precision:.3f}", f"{recall:.3f}", f"{f1:.3f}"])
        if f1 > best[1] + 0.002:  # a higher threshold must earn its keep
            best = (threshold, f1)
    return best[0], table_rows


def reliability(model: dict, rows: list[tuple[dict, bool, str]]) -> list[list]:
    bins: dict[int, list[bool]] = {}
    for features, right, _ in rows:
        p = confidence.probability(model, features)
        bins.setdefault(min(int(p * 5), 4), []).append(right)
    return [
        [f"{b / 5:.1f}–{(b + 1) / 5:.1f}", len(v), f"{sum(v) / len(v):.3f}"] for b, v in sorted(bins.items())
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=REAL)
    args = parser.parse_args()
    real = read_jsonl(args.data)
    written = read_jsonl(shared_bench("facts") / "dev_written.jsonl")
    train_ex = examples(written, "dev_written")
    real_ex = examples(real, args.data.stem)
    check_keys = {r.get("group") or r["id"] for r in real if is_check(r)}
    more = {"parties": [], "gold_parties": []}
    for path in MORE_PARTIES:  # their tuning parts (all of real_tuning, which has no check part)
        records = [r for r in read_jsonl(path) if path.stem == "real_tuning" or not is_check(r)]
        found = examples(records, f"{path.stem}-parties")
        more["parties"] += found["parties"]
        more["gold_parties"] += found["gold_parties"]
    text = ""
    for kind, path in (("prisoners", prisoner_confidence.MODEL), ("parties", party_confidence.MODEL)):
        tuning = [row for row in real_ex[kind] if row[2] not in check_keys]
        check = [row for row in real_ex[kind] if row[2] in check_keys]
        training = train_ex[kind] + tuning + more.get(kind, [])
        held, model = fit(training)
        if kind == "parties":
            gold = sum(
                n
                for key, n in train_ex["gold_parties"] + real_ex["gold_parties"] + more["gold_parties"]
                if key not in check_keys
            )
            model["keep_at"], rows = keep_threshold(training, held, gold)
            text += "\nparties kept at each threshold (training stories, out of fold; the gold count is\n"
            text += "an upper bound on the matches, so recall is approximate):\n\n"
            text += table(["threshold", "kept", "precision", "recall", "F1"], rows) + "\n"
            text += f"keep_at = {model['keep_at']}\n"
        path.write_text(json.dumps(model, indent=1) + "\n", encoding="utf-8")
        text += f"\n{kind}: trained on {len(training)} facts; reliability on the check part "
        text += f"({len(check)} facts, never trained on):\n\n"
        text += table(["confidence", "facts", "right"], reliability(model, check)) + "\n"
    write_result("train_confidence", text.strip(), {})


if __name__ == "__main__":
    main()
