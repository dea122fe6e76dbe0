"""Mutation testing of the fact rules (mutmut): a score per module and the mutants no test kills.

Usage:
    python -m bench.mutation                      # every target below, a sample of 150 mutants each
    python -m bench.mutation numbers --all        # one target, every mutant
    python -m bench.mutation casualties.syntax --sample 80 --seed 7
    python -m bench.mutation --list               # the targets and the tests each one runs

Each target is one module, mutated with only the tests that concern it, so a run stays fast
(the casualty and prisoner tests parse with spaCy; mutmut forks after loading it once). A target
runs in its own copy of the repository under ``bench/results/mutation/<target>/`` (mutmut works in
``./mutants`` and reads its settings from ``./pyproject.toml``; the copy gets a ``[tool.mutmut]``
section naming the module and the tests). The copy is made afresh on every run.

Sampling: mutmut first generates every mutant of the module (a run that matches no mutant), then
this script picks ``--sample`` of them with ``random.Random(seed)`` over the sorted names and runs
those; the output says "sample k of n (seed s)" so the figure can be reproduced. ``--all`` runs
every mutant. The score is killed / tried: a timeout counts as killed (the mutant made a rule spin),
"no tests" (no chosen test reaches the function) counts as a survivor.

Slow (minutes per module) and not part of CI: a habit for whoever changes a rule.
Writes ``bench/results/mutation/summary.json`` beside the printed table.
"""

from __future__ import annotations

import argparse
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
# target -> (module, the tests that concern it); a test file that does not exist yet is left out.
TARGETS: dict[str, tuple[str, list[str]]] = {
    "numbers": (
        f"{FACTS}/numbers.py",
        [
            "tests/analysis/test_numbers.py",
            "tests/analysis/test_numbers_properties.py",
            "tests/analysis/test_numbers_edges.py",
        ],
    ),
    **{
        f"casualties.{name}": (f"{FACTS}/casualties/{name}.py", CASUALTY_TESTS)
        for name in ("mentions", "syntax", "victims", "rollup", "context")
    },
    **{
        f"prisoners.{name}": (f"{FACTS}/prisoners/{name}.py", PRISONER_TESTS)
        for name in ("triggers", "mentions", "filters", "sides", "context", "words")
    },
}
KILLED = {"killed", "timeout", "caught by type check"}


def mutmut_exe() -> str:
    exe = Path(sys.executable).parent / "mutmut"
    if not exe.exists():
        raise SystemExit("mutmut is not installed: pip install -e '.[test]'")
    return str(exe)


def prepare(target: str, module: str, tests: list[str]) -> Path:
    """A fresh copy of the repository for one target, with its [tool.mutmut] section."""
    work = OUT / target
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir(parents=True)
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc", "artifacts")
    for folder in ("service", "schemas", "tests"):
        shutil.copytree(ROOT / folder, work / folder, ignore=ignore)
    tests = [t for t in tests if (ROOT / t).exists()]
    settings = {
        "source_paths": ["service"],
        "only_mutate": [module],
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


def verdicts(work: Path, module: str) -> dict[str, str]:
    """{mutant name: status} from mutmut's record of the module."""
    sys.path.insert(0, str(Path(sys.executable).parent))
    from mutmut.stats import status_by_exit_code

    meta = json.loads((work / "mutants" / (module + ".meta")).read_text())
    return {name: status_by_exit_code[code] for name, code in meta["exit_code_by_key"].items()}


DIFFS = """
import sys
from mutmut.mutation.diff_apply import get_diff_for_mutant
for name in sys.argv[2:]:
    print("@@@", name)
    print(get_diff_for_mutant(name, path=sys.argv[1]))
"""


def diffs(work: Path, module: str, names: list[str]) -> dict[str, list[str]]:
    """The changed lines of each mutant ("-" original, "+" mutant)."""
    if not names:
        return {}
    run = subprocess.run(
        [sys.executable, "-c", DIFFS, module, *names], cwd=work, capture_output=True, text=True, check=False
    )
    out: dict[str, list[str]] = {}
    current: list[str] = []
    for line in run.stdout.splitlines():
        if line.startswith("@@@ "):
            current = out.setdefault(line[4:], [])
        elif line[:1] in "+-" and not line.startswith(("+++", "---")):
            current.append(line.rstrip())
    return out


def run_target(target: str, *, sample: int | None, seed: int) -> dict:
    module, tests = TARGETS[target]
    work = prepare(target, module, tests)
    first = mutmut(work, "run", "--max-children", "1", *(["__none__"] if sample else []))
    meta = work / "mutants" / (module + ".meta")
    if not meta.exists():
        sys.stdout.write(first.stdout[-4000:] + first.stderr[-4000:])
        raise SystemExit(f"{target}: mutmut produced no mutants")
    names = sorted(verdicts(work, module))
    chosen = names
    if sample and sample < len(names):
        chosen = sorted(random.Random(seed).sample(names, sample))
    if sample:
        mutmut(work, "run", "--max-children", "1", *chosen)
    status = verdicts(work, module)
    status = {n: status[n] for n in chosen}
    killed = sum(s in KILLED for s in status.values())
    survivors = sorted(n for n, s in status.items() if s not in KILLED)
    return {
        "target": target,
        "module": module,
        "tests": [t for t in tests if (ROOT / t).exists()],
        "mutants": len(names),
        "tried": len(chosen),
        "sampled": len(chosen) < len(names),
        "seed": seed if len(chosen) < len(names) else None,
        "killed": killed,
        "score": killed / len(chosen) if chosen else None,
        "survivors": {n: status[n] for n in survivors},
        "diffs": diffs(work, module, survivors),
    }


def report(row: dict) -> None:
    how = f"sample {row['tried']} of {row['mutants']} (seed {row['seed']})" if row["sampled"] else "all"
    score = f"score {row['score']:.1%}, killed {row['killed']}/{row['tried']}, {how}"
    print(f"\n== {row['target']} ({row['module']}): {score}")
    print("   tests: " + " ".join(row["tests"]))
    for name, status in row["survivors"].items():
        print(f"   {status:9} {name}")
        for line in row["diffs"].get(name, []):
            print("             " + line.strip()[:150])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("targets", nargs="*", help="targets (default: all); see --list")
    parser.add_argument("--sample", type=int, default=150, help="mutants per target (default 150)")
    parser.add_argument("--all", action="store_true", help="every mutant (no sampling)")
    parser.add_argument("--seed", type=int, default=22)
    parser.add_argument("--list", action="store_true")
    args = parser.parse_args(argv)
    if args.list:
        for name, (module, tests) in TARGETS.items():
            print(f"{name:22} {module}  <- {' '.join(tests)}")
        return 0
    unknown = [t for t in args.targets if t not in TARGETS]
    if unknown:
        parser.error(f"unknown targets {unknown}; see --list")
    rows = []
    for target in args.targets or list(TARGETS):
        row = run_target(target, sample=None if args.all else args.sample, seed=args.seed)
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
