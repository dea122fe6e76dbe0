"""Scores the dates step on the shared TempEval-3 style benchmark (value F1, strict/relaxed extent F1).

Offline (default): parses each document with the shared spaCy pipeline, runs dates.extract with the
document's DCT as published_at, writes bench/results/timex_pred.jsonl and prints the scorer's table.
With --url: scores a running service instead (the scorer POSTs each text to /v1/analyze);
with --serve: starts the service (one gunicorn worker, in-process cache) on a free port, scores it, stops it.

    python bench/timex.py [--gold PATH] [--errors] [--no-cache]
    python bench/timex.py --url http://127.0.0.1:8000
    python bench/timex.py --serve
"""

from __future__ import annotations

import argparse
import hashlib
import json
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.common import running_service, shared_bench  # noqa: E402

BENCH = shared_bench("timex")
RESULTS = ROOT / "bench" / "results"


def _docs(gold: Path, use_cache: bool):
    """The gold records and their parsed Docs (cached as a DocBin between runs)."""
    from spacy.tokens import DocBin

    from service.analysis.nlp import DEFAULT_MODEL, PARSE_METHOD, get_nlp, parse_many

    records = [json.loads(line) for line in gold.read_text(encoding="utf-8").splitlines() if line]
    nlp = get_nlp()
    method = hashlib.sha256(PARSE_METHOD.encode()).hexdigest()[:8]
    cache = RESULTS / f"timex_{gold.stem}_{DEFAULT_MODEL}_{method}.docbin"
    if use_cache and cache.exists():
        docs = list(DocBin().from_disk(cache).get_docs(nlp.vocab))
        if [d.text for d in docs] == [r["text"] for r in records]:
            return records, docs, 0.0
    started = time.perf_counter()
    docs = parse_many([r["text"] for r in records])
    parse_seconds = time.perf_counter() - started
    if use_cache:
        DocBin(store_user_data=False, docs=docs).to_disk(cache)
    return records, docs, parse_seconds


def predict(gold: Path, out: Path, use_cache: bool) -> None:
    """Run the dates step over every document and write the predictions file."""
    from service.analysis.facts import dates
    from service.analysis.model import Context

    records, docs, parse_seconds = _docs(gold, use_cache)
    started = time.perf_counter()
    with out.open("w", encoding="utf-8") as handle:
        for record, doc in zip(records, docs, strict=True):
            context = Context(text=record["text"], published_at=dates.reference_date(record["dct"]))
            mentions = dates.extract(doc, context)
            items = [
                {"start": m.start, "end": m.end, "text": m.text, "type": m.type, "value": m.value}
                for m in mentions
            ]
            handle.write(json.dumps({"id": record["id"], "timexes": items}) + "\n")
    seconds = time.perf_counter() - started
    print(
        f"{len(records)} docs: parse {parse_seconds:.1f}s (0 = cached), dates step {seconds:.2f}s "
        f"({1000 * seconds / len(records):.1f} ms/doc)"
    )


def main() -> int:
    """Score offline, against --url, or against a service started with --serve; return the exit code."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--gold", type=Path, default=BENCH / "dev.jsonl")
    parser.add_argument("--url", help="score a running service instead of the offline pipeline")
    parser.add_argument("--serve", action="store_true", help="start the service locally and score it")
    parser.add_argument("--errors", action="store_true", help="also write bench/results/timex_errors.tsv")
    parser.add_argument("--no-cache", action="store_true", help="re-parse instead of reusing the DocBin")
    args = parser.parse_args()
    RESULTS.mkdir(parents=True, exist_ok=True)
    command = [sys.executable, str(BENCH / "score.py"), "--gold", str(args.gold)]
    if args.serve:
        with running_service("timex_service") as service:
            return subprocess.call(command + _live(service.url, args.errors))
    if args.url:
        command += _live(args.url, False)
    else:
        pred = RESULTS / "timex_pred.jsonl"
        predict(args.gold, pred, use_cache=not args.no_cache)
        command += ["--pred", str(pred)]
    if args.errors:
        command += ["--errors", str(RESULTS / "timex_errors.tsv")]
    return subprocess.call(command)


def _live(url: str, errors: bool) -> list[str]:
    extra = ["--url", url, "--save-pred", str(RESULTS / "timex_service_pred.jsonl")]
    return extra + (["--errors", str(RESULTS / "timex_errors.tsv")] if errors else [])


if __name__ == "__main__":
    raise SystemExit(main())
