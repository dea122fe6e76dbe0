"""Publication-date benchmark: only the date step of the article reader, on WCXB dev.

Usage:
    python -m bench.dates [--folds 0,1,2,3] [--errors] [--data DIR]

Runs ``service.analysis.article._published`` (the date model over JSON-LD, meta tags, <time>,
the address and the dates the page shows; bench/train_dates.py builds it from folds 0-3) on
every page of ``../shared/bench/extraction/wcxb-dev`` whose ground truth has a
``publish_date`` and prints the share right to the day, with the errors split into none
found, wrong by under 2 days and wrong by more, and the date step's CPU ms per page. Folds
are by site (md5(site) % 5, as bench/extraction_model.py splits them); tune on folds 0-3 and
keep fold 4 for the end. ``--errors`` lists the wrong pages of the chosen folds (never fold 4).
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench.extraction_cache import SHARED, load_pages  # noqa: E402
from bench.extraction_model import fold_of  # noqa: E402

HELD = 4


def parse(html: str):
    """The tree extract_article reads metadata from (newspaper3k's parse, else lxml's)."""
    from newspaper.parsers import Parser

    from service.analysis import article as reader

    tree = Parser.fromstring(html) if html.strip() else None
    return tree if tree is not None else reader._parse(html)


def date_of(html: str, url: str) -> str | None:
    from service.analysis import article as reader
    from service.analysis.article import metadata as meta

    tree = parse(html)
    if tree is None:
        return None
    return reader._published(meta.json_ld(tree), meta.meta_values(tree), tree, url)


def category(found: str | None, want: str) -> str:
    if not found:
        return "none found"
    if len(want) < 10:  # a month only ("2015-11") in the ground truth
        return "right" if found.startswith(want) else "wrong by more"
    gap = abs((date.fromisoformat(found[:10]) - date.fromisoformat(want[:10])).days)
    return "right" if gap == 0 else "wrong by < 2 days" if gap < 2 else "wrong by more"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--data", type=Path, default=SHARED / "wcxb-dev")
    ap.add_argument("--folds", default="0,1,2,3", help="comma-separated site folds to score")
    ap.add_argument("--errors", action="store_true", help="list the wrong pages (not on fold 4)")
    args = ap.parse_args()
    folds = {int(f) for f in args.folds.split(",")}
    if args.errors and HELD in folds:
        ap.error("fold 4 is held out: its errors are not listed")
    gold = json.loads((args.data / "ground-truth.json").read_text("utf8"))
    pages = [p for p in load_pages(args.data) if gold[p[0]].get("publish_date") and fold_of(p[1]) in folds]
    date_of("<html><head></head><body><p>warm up</p></body></html>", "http://example.com/")
    counts: dict[str, int] = {}
    wrong, cpu = [], 0.0
    for item_id, url, html in pages:
        start = time.process_time()
        found = date_of(html, url)
        cpu += time.process_time() - start
        want = gold[item_id]["publish_date"]
        kind = category(found, want)
        counts[kind] = counts.get(kind, 0) + 1
        if kind != "right":
            wrong.append((item_id, url, want[:10], found, kind))
    n = len(pages)
    print(f"folds {sorted(folds)}: right on {counts.get('right', 0) / n:.1%} of {n} pages with a date")
    for kind in ("none found", "wrong by < 2 days", "wrong by more"):
        print(f"  {kind}: {counts.get(kind, 0)}")
    print(f"  date step: {1000 * cpu / n:.1f} ms/page (CPU)")
    if args.errors:
        for row in wrong:
            print("\t".join(str(x) for x in row))


if __name__ == "__main__":
    main()
