"""Builds the publication-date model (service/analysis/article/dates_model.txt) from WCXB dev.

Every page of ``../shared/bench/extraction/wcxb-dev`` whose ground truth has a ``publish_date``
gives one row per candidate date (service.analysis.article.dates); the candidate equal to the
ground truth is the positive. Pages are split into 5 folds by site (md5(site) % 5, as
bench/extraction_model.py and bench/dates.py split them). Folds 0–3 are cross-validated: each is
scored by a model trained on the other three, beside the fixed order of sources. The shipped model
is trained on folds 0–3; fold 4 is scored once, by that model, and never used to decide anything.

    python -m bench.train_dates              # cross-validate, train on folds 0–3, write the model
    python -m bench.train_dates --keep-model # the scores only
    python -m bench.train_dates --errors     # folds 0–3 only: each held fold's wrong pages

``--errors`` is for error analysis: it neither scores fold 4 nor writes the model, and lists every
page a held fold's model gets wrong, with the right date's place: among the candidates (the
model's choice is wrong) or not (no candidate, a day off, or wrong by more).

Reproducible: fixed seed, one thread, deterministic LightGBM.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import pickle
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench.common import RESULTS, table, write_result  # noqa: E402
from bench.dates import category, parse  # noqa: E402
from bench.extraction_cache import SHARED, load_pages  # noqa: E402
from bench.extraction_model import fold_of  # noqa: E402
from service.analysis import article as reader  # noqa: E402
from service.analysis.article import dates  # noqa: E402
from service.analysis.article import metadata as meta  # noqa: E402

WCXB = SHARED / "wcxb-dev"
HELD = 4
PARAMS = {
    "objective": "binary",
    "learning_rate": 0.05,
    "num_leaves": 7,
    "min_data_in_leaf": 10,
    "lambda_l2": 1.0,
    "deterministic": True,
    "force_row_wise": True,
    "num_threads": 1,
    "seed": 7,
    "verbose": -1,
}
ROUNDS = 150


def pages() -> list[dict]:
    """Each dated page's site fold, ground truth, fixed-order date and candidates (cached by code)."""
    code = Path(dates.__file__).read_bytes() + Path(meta.__file__).read_bytes()
    cache = RESULTS / f"dates-{hashlib.sha256(code).hexdigest()[:12]}.pkl"
    if cache.exists():
        return pickle.loads(cache.read_bytes())
    gold = json.loads((WCXB / "ground-truth.json").read_text("utf8"))
    out = []
    for item_id, url, html in load_pages(WCXB):
        want = gold[item_id].get("publish_date")
        tree = parse(html) if want else None
        if tree is None:
            continue
        ld, metas = meta.json_ld(tree), meta.meta_values(tree)
        shown = meta.shown_date_mentions(tree)
        fixed = reader.fixed_order_date(ld, metas, tree, url, shown=[s.day for s in shown])
        options = dates.candidates(dates.readings(ld, metas, tree, url), shown, fixed)
        out.append({"id": item_id, "fold": fold_of(url), "want": want, "fixed": fixed, "options": options})
    RESULTS.mkdir(parents=True, exist_ok=True)
    cache.write_bytes(pickle.dumps(out))
    return out


def right(found: str | None, want: str) -> bool:
    return category(found, want) == "right"


def train(docs: list[dict]):
    import lightgbm
    import numpy

    rows = [o.features for d in docs for o in d["options"]]
    labels = [int(right(o.day, d["want"])) for d in docs for o in d["options"]]
    data = lightgbm.Dataset(numpy.asarray(rows), numpy.asarray(labels), feature_name=list(dates.FEATURES))
    return lightgbm.train(PARAMS, data, num_boost_round=ROUNDS)


def choice(booster, doc: dict) -> str | None:
    """The model's date for a page, else the fixed order's."""
    import numpy

    if not doc["options"]:
        return doc["fixed"]
    scores = booster.predict(numpy.asarray([o.features for o in doc["options"]]), num_threads=1)
    return doc["options"][int(numpy.argmax(scores))].day


def accuracy(booster, docs: list[dict]) -> tuple[float, float]:
    """Share right to the day: the model's choice, and the fixed order's."""
    model_right = sum(right(choice(booster, doc), doc["want"]) for doc in docs)
    fixed_right = sum(right(doc["fixed"], doc["want"]) for doc in docs)
    return model_right / len(docs), fixed_right / len(docs)


def errors(booster, docs: list[dict]) -> list[list]:
    """A held fold's wrong pages: id, fold, truth, choice, and where the right date stands."""
    out = []
    for doc in docs:
        found = choice(booster, doc)
        if right(found, doc["want"]):
            continue
        among = any(right(o.day, doc["want"]) for o in doc["options"])
        place = "model's choice" if among else "no candidate" if not doc["options"] else "not a candidate"
        out.append([doc["id"], doc["fold"], doc["want"][:10], found, category(found, doc["want"]), place])
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--keep-model", action="store_true", help="do not write the model file")
    parser.add_argument(
        "--errors", action="store_true", help="folds 0–3 only: list the held folds' wrong pages"
    )
    args = parser.parse_args()
    docs = pages()
    rows, model_means, fixed_means, wrong = [], [], [], []
    for held in range(HELD):
        booster = train([d for d in docs if d["fold"] not in (held, HELD)])
        test = [d for d in docs if d["fold"] == held]
        model_share, fixed_share = accuracy(booster, test)
        rows.append([f"fold {held}", len(test), f"{fixed_share:.3f}", f"{model_share:.3f}"])
        model_means.append(model_share)
        fixed_means.append(fixed_share)
        wrong.extend(errors(booster, test) if args.errors else [])
    tuned = [d for d in docs if d["fold"] != HELD]
    rows.append(["folds 0–3, mean of held folds", len(tuned),
                 f"{sum(fixed_means) / HELD:.3f}", f"{sum(model_means) / HELD:.3f}"])  # fmt: skip
    headers = ["pages with a date", "pages", "fixed order right", "model right"]
    if args.errors:
        print(table(headers, rows))
        print(table(["page", "fold", "truth", "chosen", "error", "the right date"], wrong))
        return
    booster = train(tuned)
    unopened = [d for d in docs if d["fold"] == HELD]
    model_share, fixed_share = accuracy(booster, unopened)
    rows.append(
        [
            f"fold {HELD} (unopened), model of folds 0–3",
            len(unopened),
            f"{fixed_share:.3f}",
            f"{model_share:.3f}",
        ]
    )
    if not args.keep_model:
        dates.MODEL.write_text(booster.model_to_string(), encoding="utf-8")
    text = table(headers, rows)
    write_result("train_dates", text, {"rows": rows})


if __name__ == "__main__":
    main()
