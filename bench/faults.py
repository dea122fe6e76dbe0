"""Redis fault benchmark: requests and /readyz while a real redis-server misbehaves.

Usage:
    python bench/faults.py [--requests 8] [--repeat 1]

Each case (stopped, frozen, DEBUG SLEEP, CLIENT PAUSE, stalling proxy) runs on its own
throwaway redis-server through tests/support/faults.py, the code the fault tests run.
Prints the slowest normal (uncached) request before the fault, the worst request and
/readyz during it, and writes bench/results/faults.md and .json.
"""

from __future__ import annotations

import argparse
import logging
import sys

from common import table, write_result

from tests.support.faults import CASES, run_case

HEADERS = [
    "case",
    "normal ms",
    "worst ms",
    "delay ms",
    "readyz ms",
    "requests",
    "statuses",
    "cache",
    "recovered",
]


def measure(name: str, *, requests: int, repeat: int) -> list:
    """One table row for a fault case: the worst figures over ``repeat`` runs."""
    runs = [run_case(name, requests=requests) for _ in range(repeat)]
    worst = max(runs, key=lambda run: run.worst_ms - run.normal_ms)
    recovered = None if worst.recovered is None else all(run.recovered for run in runs)
    return [
        name,
        round(max(run.normal_ms for run in runs)),
        round(worst.worst_ms),
        round(worst.worst_ms - worst.normal_ms),
        round(max(run.readyz_ms for run in runs)),
        sum(len(run.statuses) for run in runs),
        ",".join(str(status) for status in sorted({s for run in runs for s in run.statuses})),
        "/".join(sorted({state for run in runs for state in run.caches})),
        {None: "n/a", True: "yes", False: "NO"}[recovered],
    ]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=8, help="requests made during each fault")
    parser.add_argument("--repeat", type=int, default=1, help="runs per case; the worst figures are kept")
    args = parser.parse_args(argv)
    logging.disable(logging.WARNING)  # every Redis failure logs a warning; the table says it all
    rows = [measure(name, requests=args.requests, repeat=args.repeat) for name in CASES]
    data = {"rows": [dict(zip(HEADERS, row, strict=True)) for row in rows]}
    write_result("faults", table(HEADERS, rows), data)
    return 0


if __name__ == "__main__":
    sys.exit(main())
