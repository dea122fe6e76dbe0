"""Scores the fact extractors on the shared benchmark: offline, against a URL, or a service it starts.

    python bench/facts.py                 # parse the dev files here, run the STEPS, score the predictions
    python bench/facts.py --url http://127.0.0.1:8000
    python bench/facts.py --serve         # start the service on a free port, score it, stop it
Predictions, per-document figures and parse caches go to bench/results/.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import os
import subprocess
import sys
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.common import parsed_docs, running_service, shared_bench  # noqa: E402

BENCH = Path(os.environ["NEWSFACTS_BENCH"]) if os.environ.get("NEWSFACTS_BENCH") else shared_bench("facts")
RESULTS = ROOT / "bench" / "results"
GOLD_FILES = ("dev.jsonl", "dev_written.jsonl")


def load(path: Path) -> list[dict]:
    """The records of one JSONL file."""
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def context_of(record: dict):
    """A benchmark record's Context as the pipeline builds it for text input: its blocks, its title
    and its publication date (the day)."""
    from service.analysis.article.blocks import blocks_of
    from service.analysis.model import Context

    published = record.get("published_at")
    text, title = record["text"], record.get("title")
    return Context(text=text, title=title, blocks=blocks_of(text, title),
                   published_at=date.fromisoformat(published[:10]) if published else None)  # fmt: skip


def predict(record: dict, doc) -> dict:
    """The facts of one record in the response shape, from the STEPS of service/analysis/facts.py."""
    from service.analysis.facts import extract_facts

    facts = extract_facts(doc, context_of(record))
    return {k: v for k, v in dataclasses.asdict(facts).items() if v is not None}


def write_predictions(gold: Path, out: Path | None = None) -> Path:
    """Run the STEPS over every document of one gold file; returns the predictions file."""
    RESULTS.mkdir(parents=True, exist_ok=True)
    records = load(gold)
    docs = parsed_docs(records, gold.stem)
    out = out or RESULTS / f"predictions-{gold.stem}.jsonl"
    with out.open("w", encoding="utf-8") as fh:
        for record, doc in zip(records, docs, strict=True):
            line = {"id": record["id"], "facts": predict(record, doc)}
            fh.write(json.dumps(line, ensure_ascii=False) + "\n")
    return out


def offline() -> list[tuple[Path, Path]]:
    """Write one predictions file per gold file; returns (gold path, predictions path) pairs."""
    return [(BENCH / name, write_predictions(BENCH / name)) for name in GOLD_FILES]


def score(gold: Path, *, predictions: Path | None = None, url: str | None = None) -> None:
    """Run the shared scorer on one gold file and print its tables."""
    stem = gold.stem
    cmd = [
        sys.executable,
        str(BENCH / "score.py"),
        "--by-source",
        "--per-doc",
        str(RESULTS / f"per-doc-{stem}.jsonl"),
    ]
    if predictions is not None:
        cmd += ["--predictions", str(predictions)]
    else:
        cmd += [
            "--base-url",
            url,
            "--dump-predictions",
            str(RESULTS / f"live-{stem}.jsonl"),
            "--workers",
            "2",
        ]
    cmd += ["--gold", str(gold)]
    print("$", " ".join(cmd), flush=True)
    subprocess.run(cmd, check=True)


def serve_and_score() -> None:
    """Start the service on a free port, score it live, then stop it."""
    with running_service("facts_service") as service:
        for name in GOLD_FILES:
            score(BENCH / name, url=service.url)


def main(argv: list[str] | None = None) -> int:
    """Parse the command line and run the chosen mode."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    mode = ap.add_mutually_exclusive_group()
    mode.add_argument("--url", help="score a running service at this base URL")
    mode.add_argument("--serve", action="store_true", help="start the service on a free port and score it")
    args = ap.parse_args(argv)
    RESULTS.mkdir(parents=True, exist_ok=True)
    if args.serve:
        serve_and_score()
    elif args.url:
        for name in GOLD_FILES:
            score(BENCH / name, url=args.url)
    else:
        for gold, predictions in offline():
            score(gold, predictions=predictions)
    return 0


if __name__ == "__main__":
    sys.exit(main())
