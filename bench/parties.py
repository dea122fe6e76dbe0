"""Scores the parties step on the written dev set: offline, against a running service, or one it starts.

    python bench/parties.py                  # parse, run parties.extract, score the predictions
    python bench/parties.py --errors         # also list unmatched (FP, FN) and unmerged (DUP) parties
    python bench/parties.py --url http://127.0.0.1:8000
    python bench/parties.py --serve          # start the service on a free port, score it, stop it
Predictions go to bench/results/parties-<gold>.jsonl; the scorer's parties rows are printed.
"""

from __future__ import annotations

import argparse
import dataclasses
import importlib.util
import json
import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.common import running_service, shared_bench  # noqa: E402
from service.analysis.facts import parties  # noqa: E402
from service.analysis.model import Context  # noqa: E402
from service.analysis.nlp import parse  # noqa: E402

BENCH = Path(os.environ["NEWSFACTS_BENCH"]) if os.environ.get("NEWSFACTS_BENCH") else shared_bench("facts")
RESULTS = ROOT / "bench" / "results"


def predict(doc: dict) -> list[dict]:
    """The parties of one benchmark document, as the service would return them."""
    found = parties.extract(parse(doc["text"]), Context(text=doc["text"], title=doc.get("title")))
    items = [{k: v for k, v in dataclasses.asdict(p).items() if v not in (None, ())} for p in found]
    return json.loads(json.dumps(items))  # tuples become lists, as in a response


def print_errors(doc: dict, predicted: list[dict]) -> None:
    """Unmatched predicted (FP), unmatched gold (FN) and unmerged (DUP) parties, as the scorer matches."""
    spec = importlib.util.spec_from_file_location("score", BENCH / "score.py")
    score = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(score)
    gold = doc["gold"].get("parties") or []
    for item in predicted:
        if not any(score.party_forms(item) & score.party_forms(g) for g in gold):
            print(f"  FP {doc['id']}: {item['name']} ({item['type']}) {item.get('aliases', [])}")
    for item in gold:
        matching = [p["name"] for p in predicted if score.party_forms(item) & score.party_forms(p)]
        if not matching:
            print(f"  FN {doc['id']}: {item['name']} ({item['type']}) {item.get('aliases', [])}")
        elif len(matching) > 1:
            print(f"  DUP {doc['id']}: {item['name']} predicted as {matching}")


def offline(gold: Path, errors: bool) -> list[str]:
    """Write offline predictions for ``gold``; return the scorer arguments that read them."""
    docs = [json.loads(line) for line in gold.read_text(encoding="utf-8").splitlines() if line.strip()]
    out = RESULTS / f"parties-{gold.stem}.jsonl"
    started = time.perf_counter()
    with out.open("w", encoding="utf-8") as fh:
        for doc in docs:
            predicted = predict(doc)
            fh.write(
                json.dumps({"id": doc["id"], "facts": {"parties": predicted}}, ensure_ascii=False) + "\n"
            )
            if errors:
                print_errors(doc, predicted)
    elapsed = time.perf_counter() - started
    print(f"{len(docs)} docs in {elapsed:.1f}s ({1000 * elapsed / len(docs):.0f} ms/doc incl. parsing)")
    return ["--predictions", str(out)]


def score(gold: Path, source: list[str]) -> None:
    """Run the shared scorer and print its parties rows."""
    cmd = [sys.executable, str(BENCH / "score.py"), "--gold", str(gold), "--by-source", *source]
    result = subprocess.run(cmd, capture_output=True, text=True, check=True)
    print("$ " + " ".join(cmd))
    print("\n".join(line for line in result.stdout.splitlines() if "parties" in line or "field" in line))


def serve(gold: Path) -> None:
    """Start the service on a free port, score it live, stop it."""
    with running_service("parties_service") as service:
        score(gold, live(service.url, gold))


def live(url: str, gold: Path) -> list[str]:
    return [
        "--base-url",
        url,
        "--workers",
        "2",
        "--dump-predictions",
        str(RESULTS / f"parties-live-{gold.stem}.jsonl"),
    ]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--gold", type=Path, default=BENCH / "dev_written.jsonl")
    ap.add_argument("--errors", action="store_true", help="list unmatched and unmerged parties (offline)")
    mode = ap.add_mutually_exclusive_group()
    mode.add_argument("--url", help="score a running service at this base URL")
    mode.add_argument("--serve", action="store_true", help="start the service on a free port and score it")
    args = ap.parse_args(argv)
    RESULTS.mkdir(parents=True, exist_ok=True)
    if args.serve:
        serve(args.gold)
    elif args.url:
        score(args.gold, live(args.url, args.gold))
    else:
        score(args.gold, offline(args.gold, args.errors))
    return 0


if __name__ == "__main__":
    sys.exit(main())
