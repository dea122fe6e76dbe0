"""Offline prisoner benchmark: run prisoners.extract on the shared facts gold and score it.

Usage:
    python bench/prisoners.py [--gold dev_written.jsonl dev.jsonl] [--errors]

Runs the facts steps as the service does (dates and parties fill the context first).
Parses each gold text once (cached as a DocBin under bench/results/ by bench.common.parsed_docs),
writes ``bench/results/prisoners-<gold>.jsonl`` in the response shape ({"id", "facts":
{"prisoners": [...]}}), runs the shared ``score.py --predictions`` on it and prints its table.
``--done-only`` drops planned and demanded figures first (the scorer ignores ``status``).
``--errors`` also lists, per document, the gold prisoner items beside the predicted ones
where they differ. Nothing from the benchmark is copied into the project.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
from dataclasses import asdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


from bench.common import parsed_docs, shared_bench  # noqa: E402
from service.analysis.facts import extract_facts  # noqa: E402
from service.analysis.model import Context  # noqa: E402
from service.analysis.pipeline import parse_reference_date  # noqa: E402

SHARED = shared_bench("facts")
RESULTS = ROOT / "bench" / "results"


def predict(gold_path: Path, *, done_only: bool = False) -> tuple[Path, list[dict], dict]:
    """Write predictions for one gold file; return the path, the gold docs and {id: items}."""
    docs = [json.loads(line) for line in gold_path.read_text(encoding="utf-8").splitlines() if line.strip()]
    docs = [d for d in docs if "gold" in d]
    RESULTS.mkdir(parents=True, exist_ok=True)
    out = RESULTS / f"prisoners-{gold_path.stem}{'-done' if done_only else ''}.jsonl"
    items = {}
    with out.open("w", encoding="utf-8") as f:
        for doc, spacy_doc in zip(docs, parsed_docs(docs, gold_path.stem), strict=True):
            context = Context(text=doc["text"], published_at=parse_reference_date(doc.get("published_at")))
            facts = extract_facts(spacy_doc, context, include=("prisoners",))  # dates, parties run first
            found = [asdict(p) for p in facts.prisoners if p.status == "done" or not done_only]
            items[doc["id"]] = found
            f.write(json.dumps({"id": doc["id"], "facts": {"prisoners": found}}) + "\n")
    return out, docs, items


def show_errors(docs: list[dict], items: dict) -> None:
    """Documents whose predicted (kind, count) pairs differ from the gold prisoner items."""
    for doc in docs:
        gold = sorted(
            (p["kind"], p["count"], "opt" if p.get("optional") else "") for p in doc["gold"]["prisoners"]
        )
        pred = sorted(((p["kind"], p["count"], p["status"]) for p in items[doc["id"]]), key=str)
        if {(k, c) for k, c, o in gold if not o} != {(k, c) for k, c, _ in pred}:
            print(f"{doc['id']}\n  gold {gold}\n  pred {pred}")
            for p in items[doc["id"]]:
                print(
                    f"  {p['kind']} {p['count']} {p['status']} {p['parties']} | {p['evidence']['text'][:80]}"
                )


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--gold", nargs="+", default=["dev_written.jsonl", "dev.jsonl"])
    ap.add_argument("--errors", action="store_true")
    ap.add_argument(
        "--done-only",
        action="store_true",
        help="leave out planned/demanded figures, as a status-aware client would",
    )
    args = ap.parse_args(argv)
    for name in args.gold:
        gold_path = SHARED / name
        out, docs, items = predict(gold_path, done_only=args.done_only)
        if args.errors:
            show_errors(docs, items)
        cmd = [sys.executable, str(SHARED / "score.py"), "--gold", str(gold_path), "--predictions", str(out)]
        print("$", " ".join(cmd[1:]))
        subprocess.run(cmd, check=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
