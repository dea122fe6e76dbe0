"""Events on the silver set: how well articles are linked into incidents, and how well the
reconciled figures of an incident match its final figures.

    python -m bench.events                  # folds 0–3 by cross-validation, then fold 4 once
    python -m bench.events --write-model    # train on folds 0–3, write service/events/data/
    python -m bench.events_speed            # assignment time at 100,000 stored events

The silver incidents are split into 5 folds by incident, as for the casualty model (whose training
never saw fold 4). Each held fold is clustered on its own, its articles taken in publication order as
the service would receive them. Clustering is scored by B-cubed precision, recall and F1. For the
incidents with two or more articles, a figure is right when it equals the incident's figure (none and
zero alike): the latest article's figure (the baseline), the reconciled current figure of the
incident's own articles (the true clusters), and that of the event holding its latest article (the
clusters found). The articles' figures in folds 0–3 are those of the casualty model trained without
their fold (run ``python -m bench.train_casualty_totals --keep-model`` first), as unseen articles
would get.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import random
from collections import Counter, defaultdict
from datetime import UTC, datetime, timedelta

from bench.common import write_result
from bench.events_data import FOLDS, UNOPENED, analysed_silver

PARAMS = {
    "objective": "binary",
    "learning_rate": 0.05,
    "num_leaves": 15,
    "min_data_in_leaf": 20,
    "feature_fraction": 0.9,
    "bagging_fraction": 0.8,
    "bagging_freq": 1,
    "seed": 23,
    "deterministic": True,
    "force_row_wise": True,
    "num_threads": 1,
    "verbose": -1,
}
ROUNDS = 200
CHOOSER_ROUNDS = 100
CHOOSER_LEAVES = 8
CHOOSER_SMALLEST = 2  # the chooser learns from incidents with at least this many articles
FIGURE_KINDS = ("killed", "injured")
NO_MODEL = False  # reconcile's rule: the latest credible report
METHODS = (
    ("latest article", "latest article"),
    ("latest credible, true clusters", "latest credible (true clusters)"),
    ("reconciled, true clusters", "reconciled (true clusters)"),
    ("reconciled, found clusters", "reconciled (found clusters)"),
)


def with_held_totals(rows: list[dict]) -> list[dict]:
    """Folds 0–3 with each article's casualty totals as the casualty model trained without its fold
    reads them (bench/train_casualty_totals.py writes them), instead of the shipped model's, which
    was trained on those folds: else the reconciliation learns from and is scored on figures better
    than unseen articles get; each stated figure's confidence too. Fold 4 keeps the shipped model's
    totals (never trained on)."""
    import json

    from bench.train_casualty_totals import OUT_OF_FOLD

    if not OUT_OF_FOLD.exists():
        raise SystemExit(f"{OUT_OF_FOLD} is missing: run python -m bench.train_casualty_totals --keep-model")
    held = json.loads(OUT_OF_FOLD.read_text(encoding="utf-8"))
    for row in rows:
        if row["id"] not in held:
            continue
        facts = row["body"]["facts"]
        for kind, (value, confidence, figures) in held[row["id"]].items():
            facts.setdefault("totals", {})[kind] = value
            facts.setdefault("totals_confidence", {})[kind] = confidence
            for item in facts.get("casualties") or ():  # each stated figure's held confidence
                if item["kind"] == kind and item.get("count") is not None:
                    item["confidence"] = figures.get(str(item["count"]), 0.0)
    return rows


def profiles(rows: list[dict], df):
    from service.events.profile import profile_of

    return [profile_of(row["body"], article_id=row["id"], df=df) for row in rows]


def fit_df(rows: list[dict]):
    from service.events.profile import DocumentFrequency

    return DocumentFrequency.fit(
        f"{row['body']['article'].get('title') or ''}\n{row['body']['article'].get('text') or ''}"
        for row in rows
    )


def candidate_pairs(items: list) -> list[tuple[int, int]]:
    """Each pair of articles that the store's retrieval would compare: a shared key within the
    window of weeks (the later article against the earlier)."""
    from service.events.linking import BUCKET_DAYS, READ_KEYS, WINDOW_BUCKETS

    index: dict[tuple[int, int], list[int]] = defaultdict(list)
    order = sorted(range(len(items)), key=lambda i: (items[i].day or 0, items[i].article_id))
    pairs = set()
    for i in order:
        week = (items[i].day or 0) // BUCKET_DAYS
        for key in items[i].keys[:READ_KEYS]:
            for w in range(week - WINDOW_BUCKETS, week + WINDOW_BUCKETS + 1):
                pairs.update((j, i) for j in index.get((key, w), ()))
        for key in items[i].keys:
            index[(key, week)].append(i)
    return sorted(pairs)


def train(rows: list[dict]):
    """The document frequencies and the pair model, from these rows alone."""
    import lightgbm
    import numpy

    from service.analysis.trees import TreeModel
    from service.events.linking import FEATURES, pair_features

    df = fit_df(rows)
    items = profiles(rows, df)
    pairs = candidate_pairs(items)
    x = [pair_features(items[i], items[j]) for i, j in pairs]
    y = [int(rows[i]["group"] == rows[j]["group"]) for i, j in pairs]
    for i, j in shifted_negatives(rows, items):
        x.append(pair_features(items[i], items[j]))
        y.append(0)
    params = {**PARAMS, "monotone_constraints": [MONOTONE[name] for name in FEATURES]}
    booster = lightgbm.train(
        params, lightgbm.Dataset(numpy.array(x), label=y, feature_name=list(FEATURES)), num_boost_round=ROUNDS
    )
    return df, TreeModel(booster.model_to_string()), booster


# More of what two reports share never makes them less likely one incident, and more days apart or
# conflicting ages and addresses never more likely: the trees may not learn otherwise from gaps in
# the silver pairs (two reports sharing five names and most words but no title word read 0.3).
MONOTONE = {
    "days_apart": -1,
    "text_cosine": 1,
    "title_cosine": 1,
    "shared_names": 1,
    "names_jaccard": 1,
    "shared_ages": 1,
    "ages_conflict": -1,
    "shared_addresses": 1,
    "addresses_conflict": -1,
    "shared_places": 1,
    "same_killed": 1,
    "same_injured": 1,
    "same_type": 1,
}
SHIFTED_NEGATIVES = 3  # per article: other incidents' articles moved to its day (hard negatives)


def shifted_negatives(rows: list[dict], items: list) -> list[tuple[int, int]]:
    """Pairs of articles about different incidents, the second moved to the first's day.

    The silver incidents are sparse in time (about one every two days), so two articles of one day
    are nearly always one incident and a model learns to trust the date. A news desk sees dozens of
    incidents a day: these pairs (drawn among articles sharing a retrieval key) teach the model that
    the same day is not enough.
    """
    rng = random.Random(7)
    by_key: dict[int, list[int]] = defaultdict(list)
    for i, item in enumerate(items):
        for key in item.keys:
            by_key[key].append(i)
    pairs = []
    for i, item in enumerate(items[: len(rows)]):
        others = {j for key in item.keys for j in by_key[key] if rows[j]["group"] != rows[i]["group"]}
        for j in rng.sample(sorted(others), min(SHIFTED_NEGATIVES, len(others))):
            moved = item.published + timedelta(hours=rng.uniform(-36, 36)) if item.published else None
            items.append(dataclasses.replace(items[j], published=moved))
            pairs.append((i, len(items) - 1))
    return pairs


def true_events(rows: list[dict], items: list, smallest: int = 2) -> list[tuple[list[dict], dict]]:
    """Each incident with ``smallest`` or more articles: its article entries, oldest first, and its gold."""
    from service.events.linking import article_entry

    by_group = defaultdict(list)
    for row, item in zip(rows, items, strict=True):
        by_group[row["group"]].append((row, item))
    events = []
    for members in by_group.values():
        if len(members) < smallest:
            continue
        members.sort(key=lambda m: (m[1].published or datetime.min, m[0]["id"]))
        events.append(([article_entry(item, 1.0) for _, item in members], members[-1][0]["gold"]))
    return events


def train_chooser(rows: list[dict], df):
    """The figure chooser, from the true incidents of these rows."""
    import lightgbm
    import numpy

    from service.analysis.trees import TreeModel
    from service.events.reconcile import CHOOSER_FEATURES, chooser_features

    x, y = [], []
    for articles, gold in true_events(rows, profiles(rows, df), smallest=CHOOSER_SMALLEST):
        for kind in FIGURE_KINDS:
            for candidate in {(a.get("figures", {}).get(kind) or {}).get("count") or None for a in articles}:
                x.append(chooser_features(articles, kind, candidate))
                y.append(int(candidate == (gold.get(kind) or None)))
    params = {**PARAMS, "num_leaves": CHOOSER_LEAVES, "min_data_in_leaf": 15}
    booster = lightgbm.train(
        params,
        lightgbm.Dataset(numpy.array(x), label=y, feature_name=list(CHOOSER_FEATURES)),
        num_boost_round=CHOOSER_ROUNDS,
    )
    return TreeModel(booster.model_to_string()), booster


DENSE_DAYS = 30  # the dense test: every incident of a fold starts within this many days


def densified(rows: list[dict], items: list) -> list:
    """The profiles with each incident moved, whole, to start within DENSE_DAYS days: about 14
    articles a day instead of one every three, as a busy news desk sees them."""
    first: dict[str, datetime] = {}
    for row, item in zip(rows, items, strict=True):
        if item.published and (row["group"] not in first or item.published < first[row["group"]]):
            first[row["group"]] = item.published
    origin = datetime(2020, 1, 1)
    moved = []
    for row, item in zip(rows, items, strict=True):
        if item.published is None:
            moved.append(item)
            continue
        start = first[row["group"]]
        offset = timedelta(days=start.toordinal() % DENSE_DAYS, seconds=start.second + 60 * start.minute)
        moved.append(dataclasses.replace(item, published=origin + offset + (item.published - start)))
    return moved


def cluster(rows: list[dict], df, model, threshold: float, *, dense: bool = False, calibration=False):
    """The held rows clustered as the service would: in publication order, one store (the link
    confidences raw unless ``calibration`` is None, the shipped steps)."""
    from service.events.store import MemoryStore

    store = MemoryStore(threshold=threshold, model=model, calibration=calibration)
    items = profiles(rows, df)
    if dense:
        items = densified(rows, items)
    order = sorted(range(len(rows)), key=lambda i: (items[i].day or 0, rows[i]["id"]))
    now = datetime(2020, 1, 1, tzinfo=UTC)
    assigned, group_of = {}, {row["id"]: row["group"] for row in rows}
    store.decisions = []  # (confidence, right): a join is right when the event holds its incident
    seen: set[str] = set()  # the incidents of the articles assigned so far
    for i in order:
        event, confidence = store.assign(items[i], now)
        group = rows[i]["group"]
        if len(event.articles) == 1:  # started an event: right when its incident is new
            right = group not in seen
        else:  # joined: right when the event holds another article of its incident
            right = any(
                group_of[a["article_id"]] == group for a in event.articles if a["article_id"] != rows[i]["id"]
            )
        store.decisions.append((confidence, right))
        seen.add(group)
        assigned[rows[i]["id"]] = event.id
    return assigned, store


def bcubed(rows: list[dict], assigned: dict[str, str]) -> tuple[float, float, float]:
    gold = Counter(row["group"] for row in rows)
    found = Counter(assigned.values())
    both = Counter((row["group"], assigned[row["id"]]) for row in rows)
    precision = sum(both[(r["group"], assigned[r["id"]])] / found[assigned[r["id"]]] for r in rows) / len(
        rows
    )
    recall = sum(both[(r["group"], assigned[r["id"]])] / gold[r["group"]] for r in rows) / len(rows)
    return precision, recall, 2 * precision * recall / (precision + recall)


def same(found, gold) -> bool:
    return (found or None) == (gold or None)


def figures_right(rows: list[dict], assigned: dict[str, str], store, chooser) -> dict[str, Counter]:
    """Per kind, how many multi-article incidents each method gets right."""
    from service.events.reconcile import reconcile

    by_group = defaultdict(list)
    for row in rows:
        by_group[row["group"]].append(row)
    entries = {
        article["article_id"]: article for event in store.events.values() for article in event.articles
    }
    right = {kind: Counter() for kind in FIGURE_KINDS}
    for group_rows in by_group.values():
        if len(group_rows) < 2:
            continue
        group_rows.sort(key=lambda r: (r["body"]["article"].get("published_at") or "", r["id"]))
        latest = group_rows[-1]
        event = store.events[assigned[latest["id"]]]
        # the incident's own article entries, oldest first, as the store built them
        true_articles = sorted(
            (entries[row["id"]] for row in group_rows), key=lambda a: (a["published"] or "", a["article_id"])
        )
        found_figures = reconcile(event.articles, model=chooser)
        true_figures = reconcile(true_articles, model=chooser)
        rule_figures = reconcile(true_articles, model=NO_MODEL)
        for kind in FIGURE_KINDS:
            gold = latest["gold"].get(kind)
            right[kind]["incidents"] += 1
            right[kind]["latest article"] += same(
                (latest["body"]["facts"].get("totals") or {}).get(kind), gold
            )
            right[kind]["reconciled, true clusters"] += same(_count(true_figures, kind), gold)
            right[kind]["reconciled, found clusters"] += same(_count(found_figures, kind), gold)
            right[kind]["latest credible, true clusters"] += same(_count(rule_figures, kind), gold)
    return right


def _count(figures: dict, kind: str):
    return figures[kind]["current"]["count"] if kind in figures else None


def evaluate(
    rows: list[dict], held: int, train_rows: list[dict], thresholds, calibration=False
) -> list[dict]:
    df, model, _ = train(train_rows)
    chooser, _ = train_chooser(train_rows, df)
    test = [row for row in rows if row["fold"] == held]
    out = []
    for threshold in thresholds:
        assigned, store = cluster(test, df, model, threshold, calibration=calibration)
        p, r, f = bcubed(test, assigned)
        right = figures_right(test, assigned, store, chooser)
        decisions = store.decisions
        dense = bcubed(test, cluster(test, df, model, threshold, dense=True)[0])
        out.append({"fold": held, "threshold": threshold, "precision": p, "recall": r, "f1": f,
                    "dense": dense, "right": right, "articles": len(test),
                    "decisions": decisions})  # fmt: skip
    return out


def table(results: list[dict], title: str) -> str:
    head = ["fold", "threshold", "articles", "B³ precision", "B³ recall", "B³ F1",
            f"B³ P / R / F1, dense ({DENSE_DAYS} days)", "multi-article incidents"]  # fmt: skip
    head += [f"{kind}: {label}" for kind in FIGURE_KINDS for _, label in METHODS]
    lines = [f"### {title}", "", "| " + " | ".join(head) + " |", "|---" * len(head) + "|"]
    for r in results:
        n = r["right"]["killed"]["incidents"] or 1
        dense = " / ".join(f"{v:.3f}" for v in r["dense"])
        cells = [r["fold"], r["threshold"], r["articles"], f"{r['precision']:.3f}", f"{r['recall']:.3f}",
                 f"{r['f1']:.3f}", dense, r["right"]["killed"]["incidents"]]  # fmt: skip
        cells += [f"{r['right'][kind][key] / n:.3f}" for kind in FIGURE_KINDS for key, _ in METHODS]
        lines.append("| " + " | ".join(map(str, cells)) + " |")
    return "\n".join(lines)


def mean_rows(results: list[dict]) -> list[dict]:
    """Per threshold, the folds pooled: B-cubed averaged over folds, figures summed."""
    by_threshold = defaultdict(list)
    for r in results:
        by_threshold[r["threshold"]].append(r)
    pooled = []
    for threshold, rs in sorted(by_threshold.items()):
        right = {kind: sum((r["right"][kind] for r in rs), Counter()) for kind in FIGURE_KINDS}
        pooled.append({"fold": "mean 0–3", "threshold": threshold, "articles": sum(r["articles"] for r in rs),
                       "precision": sum(r["precision"] for r in rs) / len(rs),
                       "recall": sum(r["recall"] for r in rs) / len(rs),
                       "f1": sum(r["f1"] for r in rs) / len(rs),
                       "dense": [sum(r["dense"][k] for r in rs) / len(rs) for k in range(3)],
                       "right": right})  # fmt: skip
    return pooled


PRIOR_WEIGHT = 5  # pseudo-decisions per 0.05 of probability that are right as often as they say


def link_steps(decisions: list[tuple[float, bool]]) -> dict:
    """Isotonic steps from a decision's raw probability to how often such decisions were right,
    shrunk toward the raw probability where decisions are few (a handful of joins just above the
    threshold would otherwise map to 0: "joined, and surely wrong")."""
    from sklearn.isotonic import IsotonicRegression

    grid = [0.025 + 0.05 * i for i in range(20)]
    x = [c for c, _ in decisions] + grid
    y = [float(right) for _, right in decisions] + grid
    weights = [1.0] * len(decisions) + [PRIOR_WEIGHT] * len(grid)
    iso = IsotonicRegression(out_of_bounds="clip", y_min=0.0, y_max=1.0).fit(x, y, sample_weight=weights)
    return {
        "x": [round(float(v), 6) for v in iso.X_thresholds_],
        "y": [round(float(v), 4) for v in iso.y_thresholds_],
    }


def write_model(rows: list[dict]) -> None:
    from service.events.linking import THRESHOLD
    from service.events.profile import DATA

    train_rows = [row for row in rows if row["fold"] != UNOPENED]
    decisions = [  # each held fold's raw link probabilities, by models trained without it
        d
        for held in range(UNOPENED)
        for r in evaluate(rows, held, [row for row in train_rows if row["fold"] != held], [THRESHOLD])
        for d in r["decisions"]
    ]
    steps = link_steps(decisions)
    (DATA / "link_calibration.json").write_text(json.dumps(steps) + "\n", encoding="utf-8")
    df, _, booster = train(train_rows)
    _, chooser = train_chooser(train_rows, df)
    DATA.mkdir(exist_ok=True)
    (DATA / "figure_model.txt").write_text(chooser.model_to_string(), encoding="utf-8")
    (DATA / "document_frequency.json").write_text(df.to_json() + "\n", encoding="utf-8")
    (DATA / "pair_model.txt").write_text(booster.model_to_string(), encoding="utf-8")
    print(f"wrote document_frequency.json, pair_model.txt, figure_model.txt, link_calibration.json in {DATA} "
          f"({len(train_rows)} articles of folds 0–3)")  # fmt: skip


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--write-model", action="store_true")
    parser.add_argument("--unopened", action="store_true", help="also score fold 4 (totals only, once)")
    parser.add_argument("--thresholds", default="0.3,0.5,0.7")
    args = parser.parse_args(argv)
    rows = with_held_totals([row for row in analysed_silver() if row["body"]])
    if args.write_model:
        write_model(rows)
        return 0
    thresholds = [float(t) for t in args.thresholds.split(",")]
    cv = []
    for held in range(FOLDS):
        if held == UNOPENED:
            continue
        train_rows = [row for row in rows if row["fold"] not in (held, UNOPENED)]
        cv += evaluate(rows, held, train_rows, thresholds)
    from service.events.linking import THRESHOLD

    tables = [
        table(cv, "Silver folds 0–3, each held out in turn (trained on the other three)"),
        table(mean_rows(cv), "Mean of folds 0–3"),
    ]
    unopened = []
    if args.unopened:
        train_rows = [row for row in rows if row["fold"] != UNOPENED]
        unopened = evaluate(rows, UNOPENED, train_rows, [THRESHOLD], calibration=None)
        tables.append(table(unopened, f"Fold 4, never opened (trained on folds 0–3, threshold {THRESHOLD})"))
        tables.append(
            reliability_table(unopened[0]["decisions"], "Link confidences on fold 4, calibrated as served")
        )
    decisions = [d for r in cv if r["threshold"] == THRESHOLD for d in r["decisions"]]
    tables.append(
        reliability_table(decisions, f"Raw link probabilities on folds 0–3 (threshold {THRESHOLD})")
    )
    text = "\n\n".join(tables)
    write_result("events", text, {"cv": _plain(cv), "unopened": _plain(unopened)})
    return 0


def _plain(results: list[dict]) -> list[dict]:
    return [
        {
            **{k: v for k, v in r.items() if k != "decisions"},
            "right": {k: dict(v) for k, v in r["right"].items()},
        }
        for r in results
    ]


def reliability_table(decisions: list[tuple[float, bool]], title: str) -> str:
    """How often an assignment was right, by its confidence: joining an event that holds its
    incident, or starting one when no earlier article of its incident was there."""
    bins: dict[int, list[int]] = defaultdict(lambda: [0, 0])
    for confidence, right in decisions:
        slot = bins[min(int(confidence * 10), 9)]
        slot[0] += 1
        slot[1] += right
    lines = [f"### {title}", "", "| confidence | assignments | right |", "|---|---|---|"]
    for b in sorted(bins):
        lines.append(f"| {b / 10:.1f}–{(b + 1) / 10:.1f} | {bins[b][0]} | {bins[b][1] / bins[b][0]:.3f} |")
    return "\n".join(lines)


if __name__ == "__main__":
    raise SystemExit(main())
