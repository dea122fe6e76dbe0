"""Article-body benchmark: our extractor beside newspaper3k and trafilatura alone, in one table.

Usage:
    python bench/extraction.py [--data DIR] [--only ours,newspaper3k,trafilatura] [--meta]

Reads the shared benchmark (../shared/bench/extraction/data by default; nothing is copied),
writes ``bench/results/extraction-<name>.json`` ({id: text}) and per-page TSVs, scores each
file with the shared ``score.py`` and prints F1, precision, recall and pages per second.
The baselines run through the shared ``run_extractor.py`` in their own process, so they are
the libraries as published (no patch of ours applies to them).
"""

from __future__ import annotations

import argparse
import gzip
import json
import re
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.common import shared_bench  # noqa: E402

SHARED = shared_bench("extraction")
RESULTS = ROOT / "bench" / "results"
BASELINES = ("newspaper3k", "trafilatura")


def load_pages(data: Path) -> list[tuple[str, str, str]]:
    """(id, url, html) for every page of the benchmark folder."""
    gold = json.loads((data / "ground-truth.json").read_text("utf8"))
    pages = []
    for item_id in sorted(gold):
        with gzip.open(data / "html" / f"{item_id}.html.gz", "rt", encoding="utf8") as f:
            pages.append((item_id, gold[item_id].get("url") or "http://example.com/", f.read()))
    return pages


def run_ours(data: Path, out: Path, meta_out: Path | None) -> tuple[float, float]:
    """Extract every page with service.analysis.article; return pages per second (wall, CPU)."""
    sys.path.insert(0, str(ROOT))
    from service.analysis.article import extract_article

    pages = load_pages(data)
    extract_article("<html><body><p>warm up</p></body></html>", url="http://example.com/")
    preds, metas, elapsed, cpu = {}, {}, 0.0, 0.0
    for item_id, url, html in pages:
        start, start_cpu = time.perf_counter(), time.process_time()
        article = extract_article(html, url=url)
        elapsed += time.perf_counter() - start
        cpu += time.process_time() - start_cpu
        preds[item_id] = article.text
        metas[item_id] = {
            "title": article.title,
            "authors": list(article.authors),
            "date": article.published_at,
            "extraction": article.extraction,
        }
    out.write_text(json.dumps(preds, ensure_ascii=False, indent=1), "utf8")
    if meta_out:
        meta_out.write_text(json.dumps(metas, ensure_ascii=False, indent=1), "utf8")
    return len(pages) / elapsed, len(pages) / cpu


def trafilatura_cpu_speed(data: Path) -> float:
    """trafilatura's CPU pages per second, called as run_extractor.py calls it.

    The machine is shared: wall-clock speeds swing with other work, CPU time much less.
    """
    import trafilatura

    pages = load_pages(data)
    start = time.process_time()
    for _, _, html in pages:
        trafilatura.extract(html, include_comments=False)
    return len(pages) / (time.process_time() - start)


def run_baseline(name: str, data: Path, out: Path) -> float:
    """Run the shared run_extractor.py for ``name``; return the pages per second it reports."""
    cmd = [sys.executable, str(SHARED / "run_extractor.py"), name, "--data", str(data), "--out", str(out)]
    printed = subprocess.run(cmd, check=True, capture_output=True, text=True).stdout
    return float(re.search(r"= ([\d.]+) docs/s", printed).group(1))


def score(pred: Path, data: Path) -> dict[str, str]:
    """F1, precision and recall (with bootstrap std) from the shared score.py."""
    per_item = pred.with_suffix(".tsv")
    cmd = [
        sys.executable,
        str(SHARED / "score.py"),
        str(pred),
        "--data",
        str(data),
        "--per-item",
        str(per_item),
    ]
    printed = subprocess.run(cmd, check=True, capture_output=True, text=True).stdout
    found = re.search(r"F1 (\S+ ± \S+)  precision (\S+ ± \S+)  recall (\S+ ± \S+)", printed)
    return {"f1": found.group(1), "precision": found.group(2), "recall": found.group(3)}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--data", type=Path, default=SHARED / "data")
    ap.add_argument("--only", default="ours," + ",".join(BASELINES))
    ap.add_argument("--meta", action="store_true", help="also write our title/authors/date per page")
    args = ap.parse_args()
    RESULTS.mkdir(parents=True, exist_ok=True)
    rows = []
    for name in args.only.split(","):
        out = RESULTS / f"extraction-{name}.json"
        cpu = None
        if name == "ours":
            meta = RESULTS / "extraction-ours-meta.json" if args.meta else None
            speed, cpu = run_ours(args.data, out, meta)
        else:
            speed = run_baseline(name, args.data, out)
            cpu = trafilatura_cpu_speed(args.data) if name == "trafilatura" else None
        rows.append((name, score(out, args.data), speed, cpu))
    print(f"{'extractor':<13} {'F1':<15} {'precision':<15} {'recall':<15} {'pages/s':>8} {'CPU pages/s':>12}")
    for name, s, speed, cpu in rows:
        cpu_text = f"{cpu:.1f}" if cpu else "-"
        print(f"{name:<13} {s['f1']:<15} {s['precision']:<15} {s['recall']:<15} {speed:>8.1f} {cpu_text:>12}")


if __name__ == "__main__":
    main()
