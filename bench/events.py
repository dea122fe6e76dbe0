"""Events on the silver set: how well articles are linked into incidents, and how well the
reconciled figures of an incident match its final figures.

    python -m bench.events                  # folds 0–3 by cross-validation, then fold 4 once
    python -m bench.events --write-model    # train on folds 0–3, write service/events/data/
    python -m bench.events --speed          # assignment time at 100,000 stored events

The silver incidents are split into 5 folds by incident, as for the casualty model (whose training
never saw fold 4). Each held fold is clustered on its own, its articles taken in publication order as
the service would receive them. Clustering is scored by B-cubed precision, recall and F1. For the
incidents with two or more articles, a figure is right when it equals the incident's figure (none and
zero alike): the latest article's figure (the baseline), the reconciled current figure of the
incident's own articles (the true clusters), and that of the event holding its latest article (the
clusters found).
"""

from __future__ import annotations

import argparse
import random
import time
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
FIGURE_KINDS = ("killed", "injured")


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
    from service.events.linking import WINDOW_WEEKS

    index: dict[tuple[int, int], list[int]] = defaultdict(list)
    order = sorted(range(len(items)), key=lambda i: (items[i].day or 0, items[i].article_id))
    pairs = set()
    for i in order:
        week = (items[i].day or 0) // 7
        for key in items[i].keys:
            for w in range(week - WINDOW_WEEKS, week + WINDOW_WEEKS + 1):
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
    booster = lightgbm.train(
        PARAMS, lightgbm.Dataset(numpy.array(x), label=y, feature_name=list(FEATURES)), num_boost_round=ROUNDS
    )
    return df, TreeModel(booster.model_to_string()), booster


def cluster(rows: list[dict], df, model, threshold: float):
    """The held rows clustered as the service would: in publication order, one store."""
    from service.events.store import MemoryStore

    store = MemoryStore(threshold=threshold, model=model)
    items = profiles(rows, df)
    order = sorted(range(len(rows)), key=lambda i: (items[i].day or 0, rows[i]["id"]))
    now = datetime(2020, 1, 1, tzinfo=UTC)
    assigned = {}
    for i in order:
        event, _ = store.assign(items[i], now)
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


def figures_right(rows: list[dict], assigned: dict[str, str], store) -> dict[str, Counter]:
    """Per kind, how many multi-article incidents each method gets right."""
    from service.events.reconcile import reconcile

    by_group = defaultdict(list)
    for row in rows:
        by_group[row["group"]].append(row)
    right = {kind: Counter() for kind in FIGURE_KINDS}
    for group_rows in by_group.values():
        if len(group_rows) < 2:
            continue
        group_rows.sort(key=lambda r: (r["body"]["article"].get("published_at") or "", r["id"]))
        latest = group_rows[-1]
        event = store.events[assigned[latest["id"]]]
        true_articles = [a for a in event.articles if a["article_id"] in {r["id"] for r in group_rows}]
        found_figures = reconcile(event.articles)
        true_figures = reconcile(_true_event_articles(group_rows, true_articles, store))
        for kind in FIGURE_KINDS:
            gold = latest["gold"].get(kind)
            right[kind]["incidents"] += 1
            right[kind]["latest article"] += same(
                (latest["body"]["facts"].get("totals") or {}).get(kind), gold
            )
            right[kind]["reconciled, true clusters"] += same(_count(true_figures, kind), gold)
            right[kind]["reconciled, found clusters"] += same(_count(found_figures, kind), gold)
    return right


def _true_event_articles(group_rows, known, store) -> list[dict]:
    """The incident's own article entries, oldest first (built as the store builds them)."""
    from service.events.linking import Event

    entries = {}
    for event in store.events.values():
        for article in event.articles:
            entries[article["article_id"]] = article
    event = Event(id="true", type="other")
    event.articles = sorted(
        (entries[row["id"]] for row in group_rows), key=lambda a: (a["published"] or "", a["article_id"])
    )
    return event.articles


def _count(figures: dict, kind: str):
    return figures[kind]["current"]["count"] if kind in figures else None


def evaluate(rows: list[dict], held: int, train_rows: list[dict], thresholds) -> list[dict]:
    df, model, _ = train(train_rows)
    test = [row for row in rows if row["fold"] == held]
    out = []
    for threshold in thresholds:
        assigned, store = cluster(test, df, model, threshold)
        p, r, f = bcubed(test, assigned)
        out.append({"fold": held, "threshold": threshold, "precision": p, "recall": r, "f1": f,
                    "right": figures_right(test, assigned, store), "articles": len(test)})  # fmt: skip
    return out


def table(results: list[dict], title: str) -> str:
    lines = [f"### {title}", "",
             "| fold | threshold | articles | B³ precision | B³ recall | B³ F1 | multi-article incidents "
             "| killed: latest article | killed: reconciled (true clusters) | killed: reconciled (found) "
             "| injured: latest article | injured: reconciled (true clusters) "
             "| injured: reconciled (found) |",
             "|---|---|---|---|---|---|---|---|---|---|---|---|---|"]  # fmt: skip
    for r in results:
        k, i = r["right"]["killed"], r["right"]["injured"]
        n = k["incidents"] or 1
        lines.append(
            f"| {r['fold']} | {r['threshold']} | {r['articles']} | {r['precision']:.3f} | {r['recall']:.3f} "
            f"| {r['f1']:.3f} | {k['incidents']} | {k['latest article'] / n:.3f} "
            f"| {k['reconciled, true clusters'] / n:.3f} | {k['reconciled, found clusters'] / n:.3f} "
            f"| {i['latest article'] / n:.3f} | {i['reconciled, true clusters'] / n:.3f} "
            f"| {i['reconciled, found clusters'] / n:.3f} |"
        )
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
                       "f1": sum(r["f1"] for r in rs) / len(rs), "right": right})  # fmt: skip
    return pooled


def write_model(rows: list[dict]) -> None:
    from service.events.profile import DATA

    train_rows = [row for row in rows if row["fold"] != UNOPENED]
    df, _, booster = train(train_rows)
    DATA.mkdir(exist_ok=True)
    (DATA / "document_frequency.json").write_text(df.to_json() + "\n", encoding="utf-8")
    (DATA / "pair_model.txt").write_text(booster.model_to_string(), encoding="utf-8")
    print(f"wrote {DATA / 'document_frequency.json'} and {DATA / 'pair_model.txt'} "
          f"({len(train_rows)} articles of folds 0–3)")  # fmt: skip


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--write-model", action="store_true")
    parser.add_argument("--speed", action="store_true")
    parser.add_argument("--thresholds", default="0.3,0.5,0.7")
    parser.add_argument("--events", type=int, default=100_000)
    args = parser.parse_args(argv)
    if args.speed:
        return speed(args.events)
    rows = [row for row in analysed_silver() if row["body"]]
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

    unopened = evaluate(rows, UNOPENED, [row for row in rows if row["fold"] != UNOPENED], [THRESHOLD])
    text = "\n\n".join([
        table(cv, "Silver folds 0–3, each held out in turn (trained on the other three)"),
        table(mean_rows(cv), "Mean of folds 0–3"),
        table(unopened, f"Fold 4, never opened (trained on folds 0–3, threshold {THRESHOLD})"),
    ])  # fmt: skip
    write_result("events", text, {"cv": _plain(cv), "unopened": _plain(unopened)})
    return 0


def _plain(results: list[dict]) -> list[dict]:
    return [{**r, "right": {k: dict(v) for k, v in r["right"].items()}} for r in results]


def speed(events: int) -> int:
    """Milliseconds to assign one article with ``events`` events stored (synthetic profiles)."""
    from service.events.profile import Figure, Profile
    from service.events.store import MemoryStore

    rng = random.Random(5)
    start = datetime(2026, 1, 1)

    def synthetic(i: int) -> Profile:
        keys = tuple(rng.randrange(1 << 17) for _ in range(8))
        vector = {k: 0.35 for k in keys}
        return Profile(article_id=f"a{i}", published=start + timedelta(minutes=5 * i // 2), title=f"t{i}",
                       type="shooting", figures={"killed": Figure(count=rng.randrange(4))}, vector=vector,
                       title_vector=vector, keys=keys)  # fmt: skip

    store = MemoryStore()
    for i in range(events):
        store.assign(synthetic(i), start)
    timings = []
    for i in range(events, events + 500):
        began = time.perf_counter()
        store.assign(synthetic(i), start)
        timings.append((time.perf_counter() - began) * 1000)
    timings.sort()
    print(f"memory store, {len(store.events):,} events: assignment median {timings[250]:.2f} ms, "
          f"p95 {timings[475]:.2f} ms")  # fmt: skip
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
