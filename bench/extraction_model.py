"""Builds and cross-validates the paragraph model of the article reader (paragraph_model.json).

Pages of WCXB dev and of the 181-page set are split into 5 folds by site (registered domain of
the page URL, md5(site) % 5), so no site is both learnt from and scored. For each fold held out, every
choice is made on the other four: the hand merge's thresholds (a small grid over the settings
of body.py), and for the learned model its trees and its probability threshold (the latter from
inner out-of-fold predictions), each maximising the mean of the two sets' F1. The held fold is
then scored with the shared scorer's metric. The table gives each fold and the mean of held
folds per set, beside trafilatura (the blocks the service reads) and newspaper3k alone.

    python -m bench.extraction_model cv          # the cross-validated table (bench/results/)
    python -m bench.extraction_model cv --hand-grid   # also cross-validate the hand merge's settings
    python -m bench.extraction_model train       # fit on all pages of both sets, write the model file

Fixed seeds and one thread: the same data gives the same model file.
"""

from __future__ import annotations

import argparse
import hashlib
import importlib.util
import itertools
import json
import sys
from collections import Counter
from functools import lru_cache
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench.common import RESULTS  # noqa: E402
from bench.extraction_cache import SHARED, load  # noqa: E402
from service.analysis.article import body as merge  # noqa: E402
from service.analysis.article import paragraphs  # noqa: E402

WCXB = SHARED / "wcxb-dev"
SETS_USED = [WCXB, SHARED / "data"]
FOLDS = 5
THRESHOLDS = (0.2, 0.25, 0.3, 0.4, 0.5)
NP_RATIOS = (2.0, float("inf"))
PARAMS = {
    "objective": "binary",
    "learning_rate": 0.08,
    "num_leaves": 15,
    "min_child_samples": 30,
    "n_estimators": 120,
    "subsample": 0.8,
    "subsample_freq": 1,
    "colsample_bytree": 0.8,
    "random_state": 0,
    "deterministic": True,
    "force_col_wise": True,
    "n_jobs": 1,
    "verbose": -1,
}
HAND_GRID = {
    "support": (0.3, 0.5, 0.7),
    "reach_forward": (3, 8),
}


@lru_cache(maxsize=1)
def scorer():
    spec = importlib.util.spec_from_file_location("shared_score", SHARED / "score.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def site_of(url: str) -> str:
    found = _tld()(url or "")
    return found.top_domain_under_public_suffix or found.domain or url


@lru_cache(maxsize=1)
def _tld():
    from tldextract import TLDExtract

    return TLDExtract(suffix_list_urls=(), cache_dir=None)


def fold_of(url: str) -> int:
    return int(hashlib.md5(site_of(url).encode("utf8")).hexdigest(), 16) % FOLDS


def page_labels(sc, gold_text: str, blocks) -> tuple[list[int], list[int]]:
    """Per block: 1 when most 4-token windows of the page text that touch it are in the gold text
    (windows across block edges count, as in the scorer, so a short heading inside the article is
    article text); and its token count (the weight)."""
    gold = set(sc.shingles(sc.tokens(gold_text)))
    toks, owner = [], []
    for i, b in enumerate(blocks):
        own = sc.tokens(b.text)
        toks.extend(own)
        owner.extend([i] * len(own))
    hits = [[0, 0] for _ in blocks]
    n = sc.NGRAM
    windows = [(j, tuple(toks[j : j + n])) for j in range(max(1, len(toks) - n + 1))] if toks else []
    for j, window in windows:
        found = window in gold
        for i in set(owner[j : j + n]):
            hits[i][0] += found
            hits[i][1] += 1
    labels = [1 if total and good / total >= 0.5 else 0 for good, total in hits]
    return labels, [max(1, len(sc.tokens(b.text))) for b in blocks]


class Pages:
    """Sets' cached reader outputs, gold texts, folds, features and labels; ids are "set/id"."""

    def __init__(self, datas: list[Path], blocks_key: str = "blocks") -> None:
        self.gold, self.cache, self.set_of = {}, {}, {}
        for data in datas:
            gold, cache = json.loads((data / "ground-truth.json").read_text("utf8")), load(data)
            for k in gold:
                key = f"{data.name}/{k}"
                self.gold[key], self.cache[key], self.set_of[key] = gold[k], cache[k], data.name
        self.ids = sorted(self.gold)
        self.sets = [data.name for data in datas]
        self.blocks_key = blocks_key
        self.fold = {k: fold_of(self.gold[k].get("url", "")) for k in self.ids}
        self.rows, self.labels, self.weights, self._gold_shingles = {}, {}, {}, {}
        sc = scorer()
        for k in self.ids:
            page = self.cache[k]
            blocks = page[blocks_key]
            self.rows[k] = paragraphs.features(blocks, page["np_text"], page["title"])
            labels, sizes = page_labels(sc, self.gold[k]["articleBody"], blocks)
            total = sum(sizes) or 1
            self.labels[k] = labels
            self.weights[k] = [s / total for s in sizes]

    def objective(self, texts: dict[str, str], ids: list[str]) -> float:
        """What choices are made for: the mean over sets of each set's F1."""
        per = [self.score(texts, [k for k in ids if self.set_of[k] == name])["f1"] for name in self.sets]
        return sum(per) / len(per)

    def blocks(self, k):
        return self.cache[k][self.blocks_key]

    def score(self, texts: dict[str, str], ids: list[str]) -> dict:
        """The shared scorer's figures (its page_scores, with each gold text's shingles kept)."""
        sc = scorer()
        rows = []
        for k in ids:
            if k not in self._gold_shingles:
                self._gold_shingles[k] = sc.shingles(sc.tokens(self.gold[k]["articleBody"]))
            t_sh, p_sh = self._gold_shingles[k], sc.shingles(sc.tokens(texts[k]))
            tp = sum((t_sh & p_sh).values())
            fp, fn = sum(p_sh.values()) - tp, sum(t_sh.values()) - tp
            rows.append((tp / (tp + fp) if tp + fp else None, tp / (tp + fn) if tp + fn else None, False))
        return sc.aggregate(rows)


def learned_text(page: dict, blocks, probs: list[float], choice: tuple[float, float]) -> str:
    """The body the service gives for one page: kept blocks, newspaper3k's gaps put back."""
    return merge.learned_body(blocks, page["np_text"], probs, *choice, title=page["title"]).text


def fit(pages: Pages, ids: list[str]):
    import lightgbm
    import numpy as np

    x = np.array([r for k in ids for r in pages.rows[k]], dtype=float)
    y = np.array([v for k in ids for v in pages.labels[k]])
    w = np.array([v for k in ids for v in pages.weights[k]])
    model = lightgbm.LGBMClassifier(**PARAMS)
    model.fit(x, y, sample_weight=w)
    return model


def predict(model, pages: Pages, ids: list[str]) -> dict[str, list[float]]:
    import numpy as np

    out = {}
    for k in ids:
        rows = pages.rows[k]
        out[k] = list(model.predict_proba(np.array(rows, dtype=float))[:, 1]) if rows else []
    return out


def oof_threshold(pages: Pages, ids: list[str]) -> tuple[float, float]:
    """The threshold with the best F1 over ``ids`` from out-of-fold predictions (inner folds)."""
    inner = sorted({pages.fold[k] for k in ids})
    probs: dict[str, list[float]] = {}
    for f in inner:
        train = [k for k in ids if pages.fold[k] != f]
        probs.update(predict(fit(pages, train), pages, [k for k in ids if pages.fold[k] == f]))
    return best_threshold(pages, ids, probs)


def best_threshold(pages: Pages, ids, probs) -> tuple[float, float]:
    """(probability threshold, newspaper3k length ratio) with the best F1 over ``ids``."""
    best = None
    for choice in itertools.product(THRESHOLDS, NP_RATIOS):
        texts = {k: learned_text(pages.cache[k], pages.blocks(k), probs[k], choice) for k in ids}
        f1 = pages.objective(texts, ids)
        if best is None or f1 > best[0]:
            best = (f1, choice)
    return best[1]


def hand_texts(pages: Pages, ids: list[str], overrides: dict) -> dict[str, str]:
    saved = dict(merge.settings())
    merge.settings().update(overrides)
    try:
        return {
            k: merge.choose_body(
                pages.blocks(k), pages.cache[k]["np_text"], title=pages.cache[k]["title"]
            ).text
            for k in ids
        }
    finally:
        merge.settings().update(saved)


def best_hand(pages: Pages, ids: list[str]) -> dict:
    best = None
    for values in itertools.product(*HAND_GRID.values()):
        overrides = dict(zip(HAND_GRID, values, strict=True))
        f1 = pages.objective(hand_texts(pages, ids, overrides), ids)
        if best is None or f1 > best[0]:
            best = (f1, overrides)
    return best[1]


def cross_validate(with_hand_grid: bool) -> list[dict]:
    """Per held fold and set: each reader's figures on the fold's pages, choices made on the rest."""
    pages = Pages(SETS_USED)
    rows = []
    for f in range(FOLDS):
        train = [k for k in pages.ids if pages.fold[k] != f]
        held = [k for k in pages.ids if pages.fold[k] == f]
        choice = oof_threshold(pages, train)
        probs = predict(fit(pages, train), pages, held)
        texts = {
            "learned": {k: learned_text(pages.cache[k], pages.blocks(k), probs[k], choice) for k in held},
            "hand (today)": hand_texts(pages, held, {}),
            "trafilatura": {k: "\n".join(b.text for b in pages.blocks(k)) for k in held},
            "newspaper3k": {k: pages.cache[k]["np_text"] for k in held},
        }
        chosen = {}
        if with_hand_grid:
            chosen = best_hand(pages, train)
            texts["hand (CV grid)"] = hand_texts(pages, held, chosen)
        for name in pages.sets:
            ids = [k for k in held if pages.set_of[k] == name]
            result = {"set": name, "fold": f, "pages": len(ids)}
            result["sites"] = len({site_of(pages.gold[k]["url"]) for k in ids})
            result |= {reader: pages.score(t, ids) for reader, t in texts.items()}
            result["learned"] |= {"threshold": choice[0], "np_ratio": choice[1]}
            if chosen:
                result["hand (CV grid)"]["chosen"] = chosen
            rows.append(result)
            print(json.dumps(result), file=sys.stderr, flush=True)
    return rows


def table(rows: list[dict]) -> str:
    out = []
    for name in dict.fromkeys(r["set"] for r in rows):
        mine = [r for r in rows if r["set"] == name]
        readers = [n for n in mine[0] if isinstance(mine[0][n], dict) and "f1" in mine[0][n]]
        out.append(
            f"{name}: each fold scored with the model, threshold and hand settings chosen on the others"
        )
        out.append("")
        out.append(
            "| reader | "
            + " | ".join(f"fold {r['fold']} F1" for r in mine)
            + " | mean F1 | mean P | mean R |"
        )
        out.append("|---" * (len(mine) + 4) + "|")
        for n in readers:
            mean = {m: sum(r[n][m] for r in mine) / len(mine) for m in ("f1", "precision", "recall")}
            out.append(
                f"| {n} | "
                + " | ".join(f"{r[n]['f1']:.3f}" for r in mine)
                + f" | {mean['f1']:.3f} | {mean['precision']:.3f} | {mean['recall']:.3f} |"
            )
        out.append("")
    return "\n".join(out)


def train() -> None:
    """Fit on every page of both sets.

    The probability threshold and newspaper3k ratio are those the cross-validation's inner
    searches chose most often (bench/results/extraction-cv.json), else chosen from 5-fold
    out-of-fold predictions over all pages.
    """
    pages = Pages(SETS_USED)
    cv = RESULTS / "extraction-cv.json"
    if cv.exists():  # the choice the folds' inner searches made most often
        folds = json.loads(cv.read_text("utf8"))
        choices = Counter((f["learned"]["threshold"], f["learned"]["np_ratio"]) for f in folds)
        threshold, np_ratio = choices.most_common(1)[0][0]
    else:
        threshold, np_ratio = oof_threshold(pages, pages.ids)
    booster = fit(pages, pages.ids).booster_
    dump = booster.dump_model()
    out = {
        "_comment": "Built by bench/extraction_model.py train; evaluated by paragraphs.py.",
        "features": list(paragraphs.FEATURES),
        "threshold": threshold,
        "np_ratio": np_ratio if np_ratio != float("inf") else 1e9,
        "trees": [_slim(t["tree_structure"]) for t in dump["tree_info"]],
    }
    assert dump["feature_names"] and len(dump["feature_names"]) == len(paragraphs.FEATURES)
    paragraphs.MODEL.write_text(json.dumps(out, separators=(",", ":")) + "\n", "utf8")
    print(f"{paragraphs.MODEL}: {len(out['trees'])} trees, threshold {threshold}, np_ratio {np_ratio}")


def _slim(node: dict) -> dict:
    if "leaf_value" in node:
        return {"leaf_value": node["leaf_value"]}
    assert node["decision_type"] == "<=", node["decision_type"]
    return {
        "split_feature": node["split_feature"],
        "threshold": node["threshold"],
        "left_child": _slim(node["left_child"]),
        "right_child": _slim(node["right_child"]),
    }


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("command", choices=("cv", "train"))
    ap.add_argument("--hand-grid", action="store_true", help="also cross-validate the hand thresholds")
    args = ap.parse_args()
    if args.command == "train":
        train()
        return
    rows = cross_validate(args.hand_grid)
    text = table(rows)
    print(text)
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / "extraction-cv.md").write_text(text + "\n", "utf8")
    (RESULTS / "extraction-cv.json").write_text(json.dumps(rows, indent=1), "utf8")


if __name__ == "__main__":
    main()
