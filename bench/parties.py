"""Scores the parties step offline on the written dev set: parse, extract, write predictions, run score.py.

Usage: python bench/parties.py [--gold PATH] [--show ID ...]
Predictions go to bench/results/parties_predictions.jsonl; the scorer's parties row is printed.
"""

from __future__ import annotations

import argparse
import dataclasses
import importlib.util
import json
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from service.analysis import parties  # noqa: E402
from service.analysis.model import Context  # noqa: E402
from service.analysis.nlp import parse  # noqa: E402

DEFAULT_GOLD = Path("/work/shared/bench/facts/dev_written.jsonl")


def predict(doc: dict) -> list[dict]:
    """The parties of one benchmark document, as the service would return them."""
    parsed = parse(doc["text"])
    found = parties.extract(parsed, Context(text=doc["text"], title=doc.get("title")))
    items = [{k: v for k, v in dataclasses.asdict(p).items() if v not in (None, ())} for p in found]
    return json.loads(json.dumps(items))  # tuples become lists, as in a response


def print_errors(scorer: Path, doc: dict, predicted: list[dict]) -> None:
    """Unmatched predicted (FP) and gold (FN) parties of one document, with the scorer's matching."""
    spec = importlib.util.spec_from_file_location("score", scorer)
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


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--gold", type=Path, default=DEFAULT_GOLD)
    ap.add_argument("--errors", action="store_true", help="print unmatched predicted and gold parties")
    ap.add_argument("--show", nargs="*", default=[], help="print gold and predicted parties of these ids")
    args = ap.parse_args(argv)
    docs = [json.loads(line) for line in args.gold.read_text(encoding="utf-8").splitlines() if line.strip()]
    out = ROOT / "bench" / "results" / "parties_predictions.jsonl"
    out.parent.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    with out.open("w", encoding="utf-8") as fh:
        for doc in docs:
            predicted = predict(doc)
            fh.write(
                json.dumps({"id": doc["id"], "facts": {"parties": predicted}}, ensure_ascii=False) + "\n"
            )
            if args.errors:
                print_errors(args.gold.parent / "score.py", doc, predicted)
            if doc["id"] in args.show:
                print(doc["id"], "gold:", json.dumps(doc["gold"].get("parties"), ensure_ascii=False))
                print(doc["id"], "pred:", json.dumps(predicted, ensure_ascii=False))
    elapsed = time.perf_counter() - started
    scorer = args.gold.parent / "score.py"
    cmd = [sys.executable, str(scorer), "--gold", str(args.gold), "--predictions", str(out), "--by-source"]
    result = subprocess.run(cmd, capture_output=True, text=True, check=True)
    print(" ".join(cmd))
    for line in result.stdout.splitlines():
        if "parties" in line:
            print(line)
    print(f"{len(docs)} docs in {elapsed:.1f}s ({1000 * elapsed / len(docs):.0f} ms/doc incl. parsing)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
