"""The readers' raw outputs per page, computed once and kept under bench/results/ (a pickle).

Tuning the merge (bench/extraction_model.py) needs trafilatura's blocks, newspaper3k's text and
the title of every page many times over; reading them from the HTML each time would take minutes.

    python -m bench.extraction_cache [--set data --set wcxb-dev] [--data DIR]
"""

from __future__ import annotations

import argparse
import gzip
import json
import pickle
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench.common import RESULTS, shared_bench  # noqa: E402

SHARED = shared_bench("extraction")
SETS = ("data", "wcxb-dev")


def load_pages(data: Path) -> list[tuple[str, str, str]]:
    """(id, url, html) for every page of a benchmark folder."""
    gold = json.loads((data / "ground-truth.json").read_text("utf8"))
    pages = []
    for item_id in sorted(gold):
        with gzip.open(data / "html" / f"{item_id}.html.gz", "rt", encoding="utf8") as f:
            pages.append((item_id, gold[item_id].get("url") or "http://example.com/", f.read()))
    return pages


def cache_path(data: Path) -> Path:
    return RESULTS / f"extraction-cache-{data.name}.pkl"


def read_page(html: str, url: str) -> dict:
    """The inputs of the body merge for one page, exactly as extract_article computes them."""
    from service.analysis import article as reader
    from service.analysis.article.body import anchor_texts, blocks_from_xml

    news = reader._read_with_newspaper(html, url) if html.strip() else None
    tree = news.clean_doc if news is not None and news.clean_doc is not None else reader._parse(html)
    fields = reader._metadata(tree, news, url) if tree is not None else {}
    found = reader._read_with_trafilatura(html)
    return {
        "np_text": news.text if news is not None else "",
        "title": fields.get("title"),
        "blocks": blocks_from_xml(found.body if found is not None else None, anchor_texts(tree)),
    }


def load(data: Path) -> dict[str, dict]:
    """{id: read_page(...)} for a set, computed and stored on first use."""
    path = cache_path(data)
    if path.exists():
        return pickle.loads(path.read_bytes())
    out = {}
    start = time.process_time()
    for item_id, url, html in load_pages(data):
        out[item_id] = read_page(html, url)
    RESULTS.mkdir(parents=True, exist_ok=True)
    path.write_bytes(pickle.dumps(out))
    print(f"{data.name}: {len(out)} pages read in {time.process_time() - start:.0f} CPU s", file=sys.stderr)
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--set", action="append", choices=SETS, help="shared sets (default: both)")
    ap.add_argument("--data", type=Path, action="append", default=[], help="another folder like data/")
    ap.add_argument("--refresh", action="store_true", help="read the pages again")
    args = ap.parse_args()
    for data in [SHARED / name for name in (args.set or SETS)] + args.data:
        if args.refresh:
            cache_path(data).unlink(missing_ok=True)
        load(data)


if __name__ == "__main__":
    main()
