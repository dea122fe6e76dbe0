"""The facts, parties and dates benchmark scores in one table, each text freshly parsed (no caches).

Speed work must leave these unchanged: the table also gives a digest of each predictions file,
so two runs with equal digests made exactly the same predictions.

    python -m bench.quality
"""

from __future__ import annotations

import hashlib
import json
import re
import subprocess
import sys
import time
from pathlib import Path

from bench.common import RESULTS, table, write_result


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()[:12]


def _scorer(script: Path, *args: str) -> str:
    command = [sys.executable, str(script), *args]
    return subprocess.run(command, capture_output=True, text=True, check=True).stdout


def _first(pattern: str, text: str) -> str:
    found = re.search(pattern, text, re.MULTILINE)
    return f"{float(found.group(1)):.4f}" if found else "n/a"


def facts_rows() -> list[list]:
    """Casualty and prisoner micro F1 per gold file, and the parties F1 of the written set."""
    from bench import facts
    from service.analysis.nlp import parse_many

    rows = []
    for name in facts.GOLD_FILES:
        gold = facts.BENCH / name
        records = facts.load(gold)
        out = RESULTS / f"quality-facts-{gold.stem}.jsonl"
        docs = parse_many([record["text"] for record in records])
        lines = [{"id": r["id"], "facts": facts.predict(r, d)} for r, d in zip(records, docs, strict=True)]
        out.write_text(
            "".join(json.dumps(line, ensure_ascii=False) + "\n" for line in lines), encoding="utf-8"
        )
        report = _scorer(facts.BENCH / "score.py", "--gold", str(gold), "--predictions", str(out))
        rows.append(
            [f"facts {gold.stem}", "micro F1", _first(r"^SUMMARY micro_F1=([\d.]+)", report), _digest(out)]
        )
        if "parties (separate" in report:
            f1 = _first(r"^parties \(separate.*\s([\d.]+)\s*$", report)
            rows.append([f"facts {gold.stem}", "parties F1 (in facts run)", f1, _digest(out)])
    return rows


def real_rows() -> list[list]:
    """Prisoner micro F1 and parties F1 on the two parts of the real-reporting set (bench/data)."""
    from bench import facts, prisoners
    from service.analysis.nlp import parse_many

    rows = []
    for part in prisoners.REAL_PARTS:
        gold = prisoners.gold_path(f"prisoners_real:{part}")
        records = facts.load(gold)
        out = RESULTS / f"quality-prisoners_real-{part}.jsonl"
        docs = parse_many([record["text"] for record in records])
        lines = [{"id": r["id"], "facts": facts.predict(r, d)} for r, d in zip(records, docs, strict=True)]
        out.write_text(
            "".join(json.dumps(line, ensure_ascii=False) + "\n" for line in lines), encoding="utf-8"
        )
        report = _scorer(facts.BENCH / "score.py", "--gold", str(gold), "--predictions", str(out))
        micro = _first(r"^prisoners \(micro\)\s.*\s([\d.]+)\s+[\d.]+\s*$", report)
        parties_f1 = _first(r"^parties \(separate.*\s([\d.]+)\s*$", report)
        rows.append([f"prisoners_real {part}", "prisoners micro F1", micro, _digest(out)])
        rows.append([f"prisoners_real {part}", "parties F1", parties_f1, _digest(out)])
    return rows


def parties_rows() -> list[list]:
    """The parties step alone on the written set, as bench/parties.py runs it."""
    from bench import parties

    gold = parties.BENCH / "dev_written.jsonl"
    source = parties.offline(gold, errors=False)
    report = _scorer(parties.BENCH / "score.py", "--gold", str(gold), *source)
    f1 = _first(r"^parties \(separate.*\s([\d.]+)\s*$", report)
    return [["parties dev_written", "parties F1", f1, _digest(Path(source[-1]))]]


def timex_rows() -> list[list]:
    """The dates step on the TempEval-3 style set: value F1 and strict/relaxed extent F1."""
    from bench import timex

    gold = timex.BENCH / "dev.jsonl"
    out = RESULTS / "quality-timex.jsonl"
    timex.predict(gold, out, use_cache=False)
    report = _scorer(timex.BENCH / "score.py", "--gold", str(gold), "--pred", str(out))
    return [
        ["timex dev", measure, _first(pattern, report), _digest(out)]
        for measure, pattern in (
            ("value F1", r"^value_F1 ([\d.]+)"),
            ("strict extent F1", r"^strict\s+[\d.]+\s+[\d.]+\s+([\d.]+)"),
            ("relaxed extent F1", r"^relaxed\s+[\d.]+\s+[\d.]+\s+([\d.]+)"),
        )
    ]


def quality_table() -> tuple[str, list[list]]:
    """Run the scorers; the Markdown table and its rows."""
    RESULTS.mkdir(parents=True, exist_ok=True)
    rows = facts_rows() + real_rows() + parties_rows() + timex_rows()
    return table(["benchmark", "measure", "score", "predictions sha256"], rows), rows


def main() -> None:
    started = time.perf_counter()
    text, rows = quality_table()
    text += f"\n\n({time.perf_counter() - started:.0f} s)"
    write_result("quality", text, {"rows": rows})


if __name__ == "__main__":
    main()
