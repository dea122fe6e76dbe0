"""Analysis time of long articles, step by step: each step must grow linearly with the text.

A text of N lines repeats lines written for this script (casualties, prisoners, named parties
and dates), for N = 250, 1000 and 2500 (2500 lines stay under the 200,000-character limit);
the table gives each step's milliseconds per 1,000 lines, which stay flat when a step is linear.

    python -m bench.long_inputs [--sizes 250 1000 2500]
"""

from __future__ import annotations

import argparse
import time

from bench.common import table, write_result

LINES = [
    "A storm killed two people and injured five others in Manila on Monday, police said.",
    "Rebels freed 12 hostages on Tuesday after talks mediated by Qatar.",
    "President Vladimir Putin met Donald Trump in Helsinki, the Kremlin said.",
    "Officials said the death toll rose to 31 from 18 by Wednesday evening.",
]


def article(lines: int) -> str:
    return "\n".join(LINES[i % len(LINES)] for i in range(lines))


def timed_steps(text: str) -> dict[str, float]:
    """Seconds spent in each analysis step for one text (the pipeline's own timings)."""
    from service.analysis import timing
    from service.analysis.pipeline import AnalysisRequest, analyze

    steps: dict[str, float] = {}

    def record(step: str, seconds: float) -> None:
        steps[step] = steps.get(step, 0.0) + seconds

    timing.add_observer(record)
    try:
        started = time.perf_counter()
        analyze(AnalysisRequest(text=text, published_at="2025-03-19"))
        steps["total"] = time.perf_counter() - started
    finally:
        timing.remove_observer(record)
    return steps


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[250, 1000, 2500])
    args = parser.parse_args()
    timed_steps(article(10))  # load the model outside the timings
    results = {size: timed_steps(article(size)) for size in args.sizes}
    names = list(results[args.sizes[0]])
    rows = [
        [f"{size} lines ({len(article(size)):,} chars)", *(1e6 * results[size][n] / size for n in names)]
        for size in args.sizes
    ]
    text = table(["text", *(f"{n} ms/1000 lines" for n in names)], rows)
    write_result("long_inputs", text, {"sizes": args.sizes, "seconds": results})


if __name__ == "__main__":
    main()
