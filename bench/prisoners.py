"""Offline prisoner benchmark: run prisoners.extract on the shared facts gold and score it.

Usage:
    python bench/prisoners.py [--gold dev_written.jsonl dev.jsonl] [--errors]
    python bench/prisoners.py --gold prisoners_real:tuning prisoners_real:check [--errors] [--party-errors]

``--gold`` takes files of the shared facts benchmark, paths, or the real-reporting set of this
repository: ``prisoners_real`` (bench/data/prisoners_real.jsonl, all 93 stories) or one of its parts
``prisoners_real:tuning`` / ``prisoners_real:check`` (split by event, see bench/data/README.md).

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
import hashlib
import json
import subprocess
import sys
from dataclasses import asdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


from bench.common import parsed_docs, shared_bench  # noqa: E402
from service.analysis.article.blocks import blocks_of  # noqa: E402
from service.analysis.facts import extract_facts  # noqa: E402
from service.analysis.model import Context  # noqa: E402
from service.analysis.pipeline import parse_reference_date  # noqa: E402

SHARED = shared_bench("facts")
RESULTS = ROOT / "bench" / "results"
REAL = ROOT / "bench" / "data" / "prisoners_real.jsonl"
REAL_PARTS = ("tuning", "check")


def real_part(group: str) -> str:
    """The part of the real-reporting set an event belongs to: every third event (by hash) is checked."""
    return "check" if int(hashlib.md5(group.encode()).hexdigest(), 16) % 3 == 0 else "tuning"


def gold_path(name: str) -> Path:
    """A gold file for ``name``: a shared benchmark file, a path, or ``prisoners_real[:part]``
    (a part is written to bench/results/prisoners_real-<part>.jsonl)."""
    if name == "prisoners_real":
        return REAL
    if name.startswith("prisoners_real:"):
        part = name.split(":", 1)[1]
        if part not in REAL_PARTS:
            raise SystemExit(f"unknown part {part!r}: use one of {REAL_PARTS}")
        lines = [line for line in REAL.read_text(encoding="utf-8").splitlines() if line.strip()]
        kept = [line for line in lines if real_part(json.loads(line)["group"]) == part]
        RESULTS.mkdir(parents=True, exist_ok=True)
        out = RESULTS / f"prisoners_real-{part}.jsonl"
        out.write_text("\n".join(kept) + "\n", encoding="utf-8")
        return out
    path = Path(name)
    return path if path.is_file() and not (SHARED / name).is_file() else SHARED / name


def predict(gold: Path, *, done_only: bool = False) -> tuple[Path, list[dict], dict]:
    """Write predictions for one gold file; return the path, the gold docs and {id: items}."""
    docs = [json.loads(line) for line in gold.read_text(encoding="utf-8").splitlines() if line.strip()]
    docs = [d for d in docs if "gold" in d]
    RESULTS.mkdir(parents=True, exist_ok=True)
    out = RESULTS / f"prisoners-{gold.stem}{'-done' if done_only else ''}.jsonl"
    items = {}
    with out.open("w", encoding="utf-8") as f:
        for doc, spacy_doc in zip(docs, parsed_docs(docs, gold.stem), strict=True):
            context = Context(
                text=doc["text"],
                title=doc.get("title"),
                published_at=parse_reference_date(doc.get("published_at")),
                blocks=blocks_of(doc["text"], doc.get("title")),  # as the service reads a text
            )
            facts = extract_facts(spacy_doc, context, include=("prisoners", "parties"))  # dates run first
            found = [asdict(p) for p in facts.prisoners if p.status == "done" or not done_only]
            items[doc["id"]] = found
            parties = [{k: v for k, v in asdict(p).items() if v not in (None, ())} for p in facts.parties]
            line = {"id": doc["id"], "facts": {"prisoners": found, "parties": parties}}
            f.write(json.dumps(line, ensure_ascii=False) + "\n")
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
    ap.add_argument("--party-errors", action="store_true", help="list unmatched and unmerged parties")
    ap.add_argument(
        "--done-only",
        action="store_true",
        help="leave out planned/demanded figures, as a status-aware client would",
    )
    args = ap.parse_args(argv)
    for name in args.gold:
        gold = gold_path(name)
        out, docs, items = predict(gold, done_only=args.done_only)
        if args.errors:
            show_errors(docs, items)
        if args.party_errors:
            from bench.parties import print_errors

            predicted = {line["id"]: line["facts"]["parties"] for line in map(json.loads, out.open())}
            for doc in docs:
                print_errors(doc, predicted[doc["id"]])
        cmd = [sys.executable, str(SHARED / "score.py"), "--gold", str(gold), "--predictions", str(out)]
        print("$", " ".join(cmd[1:]))
        subprocess.run(cmd, check=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
