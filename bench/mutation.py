"""Mutation testing of the fact rules (mutmut): a score per module and the mutants no test kills.

Usage:
    python -m bench.mutation                      # numbers (every mutant), casualties, prisoners (samples)
    python -m bench.mutation numbers --all        # one target, every mutant
    python -m bench.mutation casualties --sample 80 --seed 7
    python -m bench.mutation casualties.syntax --all   # one module of a package
    python -m bench.mutation --recheck bench/results/mutation/summary.json   # rerun its survivors only
    python -m bench.mutation --list               # the targets and the tests each one runs

Each target mutates its modules with only the tests that concern them, so a run stays fast (the
casualty and prisoner tests parse with spaCy; mutmut forks after loading it once). A target runs in
its own copy of the repository under ``bench/results/mutation/<target>/`` (mutmut works in
``./mutants`` and reads its settings from ``./pyproject.toml``; the copy gets a ``[tool.mutmut]``
section naming the modules and the tests), made afresh on every run.

Sampling: mutmut first generates every mutant of the target (a run that matches no mutant), then
this script picks ``--sample`` of them with ``random.Random(seed)`` over the sorted names and runs
those; the output says "sample k of n (seed s)" so the figure can be reproduced. ``--all`` runs
every mutant; numbers runs all by default (under 600 mutants, a few minutes). The score is
killed / tried: a timeout counts as killed (the mutant made a rule spin), "no tests" (no chosen
test reaches the function) counts as a survivor. A package target prints the score of each module
within the sample too.

``--recheck SUMMARY`` reruns only the survivors of an earlier run's summary (same mutants, same
sample): valid while the modules are unchanged (checked by digest) and tests were only added.

Slow (minutes per target) and not part of CI: a habit for whoever changes a rule.
Writes ``bench/results/mutation/summary.json`` beside the printed table.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import random
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "bench" / "results" / "mutation"
FACTS = "service/analysis/facts"

CASUALTY_TESTS = ["tests/analysis/test_casualties.py", "tests/analysis/test_casualty_rules.py"]
PRISONER_TESTS = [
    "tests/analysis/test_prisoners.py",
    "tests/analysis/test_prisoners_golden.py",
    "tests/analysis/test_prisoner_data.py",
    "tests/analysis/test_prisoner_rules.py",
]
CASUALTY_MODULES = [
    f"{FACTS}/casualties/{n}.py" for n in ("mentions", "syntax", "victims", "rollup", "context")
]
PRISONER_MODULES = [
    f"{FACTS}/prisoners/{n}.py" for n in ("triggers", "mentions", "filters", "sides", "context", "words")
]
# target -> (its modules, the tests that concern them); a test file that does not exist yet is left out.
# A package target samples over all its modules at once (one mutmut setup); the per-module targets
# exist for a closer look at one module.
TARGETS: dict[str, tuple[list[str], list[str]]] = {
    "numbers": (
        [f"{FACTS}/numbers.py"],
        [
            "tests/analysis/test_numbers.py",
            "tests/analysis/test_numbers_properties.py",
            "tests/analysis/test_numbers_edges.py",
        ],
    ),
    "casualties": (CASUALTY_MODULES, CASUALTY_TESTS),
    "prisoners": (PRISONER_MODULES, PRISONER_TESTS),
    **{f"casualties.{Path(m).stem}": ([m], CASUALTY_TESTS) for m in CASUALTY_MODULES},
    **{f"prisoners.{Path(m).stem}": ([m], PRISONER_TESTS) for m in PRISONER_MODULES},
}
DEFAULT = ["numbers", "casualties", "prisoners"]
KILLED = {"killed", "timeout", "caught by type check"}


def mutmut_exe() -> str:
    exe = Path(sys.executable).parent / "mutmut"
    if not exe.exists():
        raise SystemExit("mutmut is not installed: pip install -e '.[test]'")
    return str(exe)


def prepare(target: str, modules: list[str], tests: list[str]) -> Path:
    """A fresh copy of the repository for one target, with its [tool.mutmut] section."""
    work = OUT / target
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir(parents=True)
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc", "artifacts")
    for folder in ("service", "schemas", "tests"):
        shutil.copytree(ROOT / folder, work / folder, ignore=ignore)
    settings = {
        "source_paths": ["service"],
        "only_mutate": modules,
        "pytest_add_cli_args_test_selection": tests,
        "pytest_add_cli_args": ["-p", "no:cacheprovider", "-m", "not slow"],
    }
    section = "\n[tool.mutmut]\n" + "".join(f"{k} = {json.dumps(v)}\n" for k, v in settings.items())
    (work / "pyproject.toml").write_text((ROOT / "pyproject.toml").read_text() + section)
    return work


def mutmut(work: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [mutmut_exe(), *args], cwd=work, capture_output=True, text=True, check=False, timeout=6 * 3600
    )


def verdicts(work: Path, modules: list[str]) -> dict[str, str]:
    """{mutant name: status} from mutmut's records of the modules."""
    from mutmut.stats import status_by_exit_code

    found = {}
    for module in modules:
        meta = work / "mutants" / (module + ".meta")
        if meta.exists():
            codes = json.loads(meta.read_text())["exit_code_by_key"]
            found.update({name: status_by_exit_code[code] for name, code in codes.items()})
    return found


def module_of(name: str) -> str:
    """service.analysis.facts.numbers.x_scan__mutmut_2 -> service/analysis/facts/numbers.py"""
    return name.rsplit(".", 1)[0].replace(".", "/") + ".py"


DIFFS = """
import sys
from mutmut.mutation.diff_apply import get_diff_for_mutant
for name in sys.argv[1:]:
    print("@@@", name)
    print(get_diff_for_mutant(name, path=name.rsplit(".", 1)[0].replace(".", "/") + ".py"))
"""


def diffs(work: Path, names: list[str]) -> dict[str, list[str]]:
    """The changed lines of each mutant ("-" original, "+" mutant)."""
    if not names:
        return {}
    run = subprocess.run(
        [sys.executable, "-c", DIFFS, *names], cwd=work, capture_output=True, text=True, check=False
    )
    out: dict[str, list[str]] = {}
    current: list[str] = []
    for line in run.stdout.splitlines():
        if line.startswith("@@@ "):
            current = out.setdefault(line[4:], [])
        elif line[:1] in "+-" and not line.startswith(("+++", "---")):
            current.append(line.rstrip())
    return out


def _sha(modules: list[str]) -> str:
    digest = hashlib.sha256()
    for module in modules:
        digest.update((ROOT / module).read_bytes())
    return digest.hexdigest()[:16]


def run_target(target: str, *, sample: int | None, seed: int, before: dict | None = None) -> dict:
    """Run one target; with ``before`` (a row of an earlier summary of the same, unchanged modules),
    rerun only that row's survivors: the mutants it killed stay killed (tests were only added)."""
    modules, tests = TARGETS[target]
    tests = [t for t in tests if (ROOT / t).exists()]
    work = prepare(target, modules, tests)
    first = mutmut(work, "run", "--max-children", "1", *(["__none__"] if sample or before else []))
    names = sorted(verdicts(work, modules))
    if not names:
        sys.stdout.write(first.stdout[-4000:] + first.stderr[-4000:])
        raise SystemExit(f"{target}: mutmut produced no mutants")
    chosen = names
    if before is not None:
        if before.get("sha", _sha(modules)) != _sha(modules):
            raise SystemExit(f"{target}: its modules changed since the earlier run; run it afresh")
        sample, seed = before["tried"], before["seed"]
        chosen = before.get("chosen") or (
            sorted(random.Random(seed).sample(names, sample)) if before["sampled"] else names
        )
        if before["survivors"]:
            mutmut(work, "run", "--max-children", "1", *before["survivors"])
    elif sample and sample < len(names):
        chosen = sorted(random.Random(seed).sample(names, sample))
        mutmut(work, "run", "--max-children", "1", *chosen)
    elif sample:
        mutmut(work, "run", "--max-children", "1")
    status = verdicts(work, modules)
    status = {n: status[n] if before is None or n in before["survivors"] else "killed" for n in chosen}
    survivors = sorted(n for n, s in status.items() if s not in KILLED)
    per_module = {}
    for module in modules:
        mine = [s for n, s in status.items() if module_of(n) == module]
        per_module[module] = (sum(s in KILLED for s in mine), len(mine))
    killed = len(chosen) - len(survivors)
    return {
        "target": target,
        "modules": modules,
        "tests": tests,
        "mutants": len(names),
        "tried": len(chosen),
        "sampled": len(chosen) < len(names),
        "seed": seed if len(chosen) < len(names) else None,
        "killed": killed,
        "score": killed / len(chosen),
        "per_module": per_module,
        "survivors": {n: status[n] for n in survivors},
        "diffs": diffs(work, survivors),
        "sha": _sha(modules),
        "chosen": chosen,
        "rechecked": before is not None,
    }


def report(row: dict) -> None:
    how = f"sample {row['tried']} of {row['mutants']} (seed {row['seed']})" if row["sampled"] else "all"
    if row.get("rechecked"):
        how += ", earlier survivors rerun"
    print(f"\n== {row['target']}: score {row['score']:.1%}, killed {row['killed']}/{row['tried']}, {how}")
    print("   tests: " + " ".join(row["tests"]))
    for module, (killed, tried) in row["per_module"].items():
        print(f"   {module:48} {killed / tried if tried else 0:6.1%}  {killed}/{tried}")
    for name, status in row["survivors"].items():
        print(f"   {status:9} {name}")
        for line in row["diffs"].get(name, []):
            print("             " + line.strip()[:150])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("targets", nargs="*", help=f"targets (default: {' '.join(DEFAULT)}); see --list")
    parser.add_argument("--sample", type=int, default=150, help="mutants per package target (default 150)")
    parser.add_argument("--all", action="store_true", help="every mutant (no sampling)")
    parser.add_argument("--seed", type=int, default=22)
    parser.add_argument("--list", action="store_true")
    parser.add_argument(
        "--recheck",
        type=Path,
        metavar="SUMMARY",
        help="rerun only the survivors of an earlier summary.json (same mutants; the modules unchanged)",
    )
    args = parser.parse_args(argv)
    if args.list:
        for name, (modules, tests) in TARGETS.items():
            print(f"{name:22} {' '.join(modules)}\n{'':22} <- {' '.join(tests)}")
        return 0
    unknown = [t for t in args.targets if t not in TARGETS]
    if unknown:
        parser.error(f"unknown targets {unknown}; see --list")
    earlier = {r["target"]: r for r in json.loads(args.recheck.read_text())} if args.recheck else {}
    rows = []
    for target in args.targets or list(earlier) or DEFAULT:
        every = args.all or (target == "numbers" and not args.targets)
        row = run_target(
            target, sample=None if every else args.sample, seed=args.seed, before=earlier.get(target)
        )
        report(row)
        rows.append(row)
    print("\ntarget                  score   killed/tried  mutants")
    for row in rows:
        figures = f"{row['score']:6.1%}   {row['killed']:4}/{row['tried']:<4}     {row['mutants']}"
        print(f"{row['target']:22} {figures}")
    OUT.mkdir(parents=True, exist_ok=True)
    (OUT / "summary.json").write_text(json.dumps(rows, indent=1))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
