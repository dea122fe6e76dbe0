"""The facts, parties and dates benchmark scores in one table, each text freshly parsed (no caches).

Speed work must leave these unchanged: the table also gives a digest of each predictions file,
so two runs with equal digests made exactly the same predictions.

    python -m bench.quality                    # the table, its floors (bench/floors.json), changes
    python -m bench.quality --update-baseline  # also rewrite bench/baseline/ (commit it with the change)
    python -m bench.quality --raise-floors     # floors to one point under any score that rose

The silver set is scored per fold of incidents (the folds of bench/train_casualty_totals.py): the
casualty model is trained on folds 0-3, so only fold 4 (never opened) is a held-out figure here; the
held-fold means are printed by the training script.
"""

from __future__ import annotations

import hashlib
import importlib.util
import json
import re
import subprocess
import sys
import time
from pathlib import Path

from bench.common import RESULTS, ROOT, read_jsonl, table, write_result


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()[:12]


def _scorer(script: Path, *args: str) -> str:
    command = [sys.executable, str(script), *args]
    return subprocess.run(command, capture_output=True, text=True, check=True).stdout


def _first(pattern: str, text: str) -> str:
    found = re.search(pattern, text, re.MULTILINE)
    return f"{float(found.group(1)):.4f}" if found else "n/a"


FACT_SETS = ("dev.jsonl", "dev_written.jsonl", "silver_gva_dev.jsonl")
FLOORS = ROOT / "bench" / "floors.json"
BASELINE = ROOT / "bench" / "baseline"
SILVER_FOLDS = 5
UNOPENED_FOLD = 4  # never opened for error analysis: only its scores are printed


def _shared_scorer():
    from bench import facts

    spec = importlib.util.spec_from_file_location("facts_score", facts.BENCH / "score.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def silver_fold(group: str) -> int:
    """The fold of an incident, as bench/train_casualty_totals.py splits the silver set."""
    return int(hashlib.md5(group.encode()).hexdigest(), 16) % SILVER_FOLDS


def _parts(name: str, golds: list[dict]) -> list[tuple[str, list[dict]]]:
    stem = name.removesuffix(".jsonl")
    if not name.startswith("silver"):
        return [(f"facts {stem}", golds)]
    parts = []
    for fold in range(SILVER_FOLDS):
        label = "unopened" if fold == UNOPENED_FOLD else "model trained on it"
        subset = [g for g in golds if silver_fold(g.get("group") or g["id"]) == fold]
        parts.append((f"facts silver fold {fold} ({label})", subset))
    return parts


def _measures(score, golds: list[dict], predictions: dict) -> list[tuple[str, float]]:
    result = score.score(golds, predictions)
    fields = result["fields"]
    overall, prisoners = score.Tally(), score.Tally()
    for name, tally in fields.items():
        overall.merge(tally)
        if name.startswith("prisoners."):
            prisoners.merge(tally)
    out = [("micro F1", overall.prf()[2]), ("killed F1", fields["killed"].prf()[2])]
    out.append(("injured F1", fields["injured"].prf()[2]))
    if prisoners.n_gold:
        out.append(("prisoners micro F1", prisoners.prf()[2]))
    if result["parties"]["docs"]:
        out.append(("parties F1 (in facts run)", score.parties_prf(result["parties"])[2]))
    return out


def facts_rows(changes: list[str]) -> list[list]:
    """Per gold file (the silver set per fold): micro, killed, injured, prisoner and parties F1 from
    the shared scorer; ``changes`` receives the per-document report against the committed baseline."""
    from bench import facts

    score = _shared_scorer()
    rows = []
    for name in FACT_SETS:
        gold = facts.BENCH / name
        records = facts.load(gold)
        out = RESULTS / f"quality-facts-{gold.stem}.jsonl"
        lines = _write_predictions(records, out)
        golds, _ = score.load_gold([str(gold)])
        for golds_, record in zip(golds, records, strict=True):
            golds_["group"] = record.get("group")
        predictions = {line["id"]: json.loads(json.dumps(line)) for line in lines}  # as the scorer reads them
        for label, subset in _parts(name, golds):
            rows += [
                [label, measure, f"{value:.4f}", _digest(out)]
                for measure, value in _measures(score, subset, predictions)
            ]
        changes += per_document_changes(gold.stem, score.score(golds, predictions)["per_doc"])
    return rows


def per_document_changes(stem: str, per_doc: list[dict]) -> list[str]:
    """The documents whose figures differ from the committed baseline, better or worse against gold.

    ``python -m bench.quality --update-baseline`` writes the new baseline (commit it with the change).
    """
    path = BASELINE / f"{stem}.jsonl"
    now = {row["id"]: {k: v[1] for k, v in row.items() if k not in ("id", "parties")} for row in per_doc}
    gold = {row["id"]: {k: v[0] for k, v in row.items() if k not in ("id", "parties")} for row in per_doc}
    before = (
        {line["id"]: {k: v for k, v in line.items() if k != "id"} for line in read_jsonl(path)}
        if path.exists()
        else None
    )
    if UPDATE_BASELINE:  # after reading the old one: the report still says what changed
        BASELINE.mkdir(parents=True, exist_ok=True)
        path.write_text("".join(json.dumps({"id": i, **v}) + "\n" for i, v in now.items()), encoding="utf-8")
    if before is None:
        return [f"{stem}: no baseline (python -m bench.quality --update-baseline writes one)"]
    better, worse, other = [], [], []
    for doc_id, figures in now.items():
        old = before.get(doc_id)
        if old is None or old == figures:
            continue
        right = sum(figures[k] == gold[doc_id][k] for k in figures)
        was_right = sum(old.get(k) == gold[doc_id][k] for k in figures)
        diff = ", ".join(
            f"{k} {old.get(k)}→{v} (gold {gold[doc_id][k]})" for k, v in figures.items() if old.get(k) != v
        )
        (better if right > was_right else worse if right < was_right else other).append(f"  {doc_id}: {diff}")
    lines = [f"{stem}: {len(better)} better, {len(worse)} worse, {len(other)} changed but neither"]
    for title, group in (("better", better), ("worse", worse), ("neither", other)):
        if group:
            lines += [f" {title}:", *group[:40]] + (
                [f"  … {len(group) - 40} more"] if len(group) > 40 else []
            )
    return lines


def _write_predictions(records: list[dict], out: Path) -> list[dict]:
    """Each record freshly parsed and run through the fact steps; the lines, also written to ``out``."""
    from bench import facts
    from service.analysis.nlp import parse_many

    docs = parse_many([record["text"] for record in records])
    lines = [{"id": r["id"], "facts": facts.predict(r, d)} for r, d in zip(records, docs, strict=True)]
    out.write_text("".join(json.dumps(line, ensure_ascii=False) + "\n" for line in lines), encoding="utf-8")
    return lines


def real_rows() -> list[list]:
    """Prisoner micro F1, parties F1 and casualties micro F1 on the two parts of the real-reporting
    set (bench/data)."""
    from bench import facts, prisoners

    rows = []
    for part in prisoners.REAL_PARTS:
        gold = prisoners.gold_path(f"prisoners_real:{part}")
        records = facts.load(gold)
        out = RESULTS / f"quality-prisoners_real-{part}.jsonl"
        _write_predictions(records, out)
        report = _scorer(facts.BENCH / "score.py", "--gold", str(gold), "--predictions", str(out))
        micro = _first(r"^prisoners \(micro\)\s.*\s([\d.]+)\s+[\d.]+\s*$", report)
        parties_f1 = _first(r"^parties \(separate.*\s([\d.]+)\s*$", report)
        casualties = _first(r"^casualties \(micro\)\s.*\s([\d.]+)\s+[\d.]+\s*$", report)
        rows.append([f"prisoners_real {part}", "prisoners micro F1", micro, _digest(out)])
        rows.append([f"prisoners_real {part}", "parties F1", parties_f1, _digest(out)])
        # the casualty figures these stories state (few, and most often none): what a prisoner
        # story's earlier killings do to the casualty totals
        rows.append([f"prisoners_real {part}", "casualties micro F1", casualties, _digest(out)])
    return rows


REAL_TUNING = ROOT / "bench" / "data" / "real_tuning.jsonl"
LOCAL_CRIME = ROOT / "bench" / "data" / "local_crime.jsonl"


def tuning_rows() -> list[list]:
    """Casualty, prisoner and parties F1 on the 140 own-words stories from real reporting that are
    opened for error analysis (bench/data/README.md): a regression check, not a held-out figure."""
    from bench import facts

    out = RESULTS / "quality-real_tuning.jsonl"
    _write_predictions(facts.load(REAL_TUNING), out)
    report = _scorer(facts.BENCH / "score.py", "--gold", str(REAL_TUNING), "--predictions", str(out))
    patterns = (
        ("casualties micro F1", r"^casualties \(micro\)\s.*\s([\d.]+)\s+[\d.]+\s*$"),
        ("prisoners micro F1", r"^prisoners \(micro\)\s.*\s([\d.]+)\s+[\d.]+\s*$"),
        ("parties F1", r"^parties \(separate.*\s([\d.]+)\s*$"),
    )
    return [["real_tuning", measure, _first(pattern, report), _digest(out)] for measure, pattern in patterns]


def local_crime_rows() -> list[list]:
    """Killed and injured F1 on the 80 own-words US local-crime stories (bench/data/README.md), by
    part: ``a`` was opened for error analysis, ``b`` (check) was not; hand gold, like the unseen
    gun-violence documents the casualty issue is judged on."""
    from bench import facts

    rows, stories = [], facts.load(LOCAL_CRIME)
    for part, name in (("go-a-", "tuning"), ("go-b-", "check")):
        records = [r for r in stories if r["id"].startswith(part)]
        gold = RESULTS / f"quality-local_crime-{name}-gold.jsonl"
        gold.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
        out = RESULTS / f"quality-local_crime-{name}.jsonl"
        _write_predictions(records, out)
        report = _scorer(facts.BENCH / "score.py", "--gold", str(gold), "--predictions", str(out))
        for measure in ("killed", "injured"):
            pattern = rf"^{measure}\s.*\s([\d.]+)\s+[\d.]+\s*$"
            rows.append([f"local_crime {name}", f"{measure} F1", _first(pattern, report), _digest(out)])
    return rows


CONFLICT = ROOT / "bench" / "data" / "conflict_casualties.jsonl"


def conflict_rows() -> list[list]:
    """Killed, injured, missing, casualties micro and parties F1 on the 60 own-words conflict and
    disaster stories (bench/data/README.md), by part (every third event by hash is the check part,
    as in the real-reporting set): hand gold, like the unseen conflict pages the issues are judged on."""
    from bench import facts, prisoners

    rows, stories = [], facts.load(CONFLICT)
    for name in prisoners.REAL_PARTS:
        records = [r for r in stories if prisoners.real_part(r.get("group") or r["id"]) == name]
        gold = RESULTS / f"quality-conflict-{name}-gold.jsonl"
        gold.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
        out = RESULTS / f"quality-conflict-{name}.jsonl"
        _write_predictions(records, out)
        report = _scorer(facts.BENCH / "score.py", "--gold", str(gold), "--predictions", str(out))
        for measure in ("killed", "injured", "missing"):
            pattern = rf"^{measure}\s.*\s([\d.]+)\s+[\d.]+\s*$"
            rows.append([f"conflict {name}", f"{measure} F1", _first(pattern, report), _digest(out)])
        casualties = _first(r"^casualties \(micro\)\s.*\s([\d.]+)\s+[\d.]+\s*$", report)
        rows.append([f"conflict {name}", "casualties micro F1", casualties, _digest(out)])
        parties_f1 = _first(r"^parties \(separate.*\s([\d.]+)\s*$", report)
        rows.append([f"conflict {name}", "parties F1", parties_f1, _digest(out)])
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


def quality_table() -> tuple[str, list[list], list[str]]:
    """Run the scorers; the Markdown table (with each row's floor), its rows, and the change report."""
    RESULTS.mkdir(parents=True, exist_ok=True)
    changes: list[str] = []
    rows = facts_rows(changes) + real_rows() + tuning_rows() + local_crime_rows() + conflict_rows()
    rows += parties_rows() + timex_rows()
    floors = json.loads(FLOORS.read_text(encoding="utf-8"))
    for row in rows:
        floor = floors.get(f"{row[0]} | {row[1]}")
        row.append("" if floor is None else f"{floor:.4f}")
        row.append("" if floor is None else ("ok" if float(row[2]) >= floor else "BELOW"))
    headers = ["benchmark", "measure", "score", "predictions sha256", "floor", ""]
    return table(headers, rows), rows, changes


def below_floors(rows: list[list]) -> list[str]:
    """Rows under their floor, and floors with no row (a renamed benchmark must move its floor)."""
    floors = json.loads(FLOORS.read_text(encoding="utf-8"))
    named = {f"{row[0]} | {row[1]}": row for row in rows}
    out = [
        f"{key}: {named[key][2]} < {floor}"
        for key, floor in floors.items()
        if key in named and float(named[key][2]) < floor
    ]
    return out + [
        f"{key}: no such row" for key in floors if key not in named and not key.startswith(OTHER_BENCHES)
    ]


OTHER_BENCHES = ("extraction",)  # floors checked by their own bench (bench/extraction.py)
UPDATE_BASELINE = "--update-baseline" in sys.argv
FLOOR_MARGIN = 0.01  # a floor sits about one point under the score it was set from


def raise_floors(rows: list[list]) -> None:
    """Set each row's floor to its score less the margin, where that is higher than the floor now."""
    floors = json.loads(FLOORS.read_text(encoding="utf-8"))
    for row in rows:
        key, score = f"{row[0]} | {row[1]}", float(row[2])
        margin = FLOOR_MARGIN * (100 if score > 1 else 1)  # timex scores are percentages
        floors[key] = round(max(floors.get(key, 0.0), score - margin), 4)
    FLOORS.write_text(json.dumps(floors, indent=1, sort_keys=True) + "\n", encoding="utf-8")


def main() -> None:
    started = time.perf_counter()
    text, rows, changes = quality_table()
    text += "\n\nPer-document changes against bench/baseline/ (figures now vs the committed baseline):\n\n"
    text += "\n".join(changes)
    text += f"\n\n({time.perf_counter() - started:.0f} s)"
    write_result("quality", text, {"rows": rows, "changes": changes})
    if "--raise-floors" in sys.argv:
        raise_floors(rows)
    problems = below_floors(rows)
    if problems:
        sys.exit("below the floors of bench/floors.json:\n" + "\n".join(problems))


if __name__ == "__main__":
    main()
