"""Memory soak: a fresh `newsfacts serve` replays N unique requests, half HTML pages and half
texts, and the resident memory of each worker is printed every --every requests.

    python -m bench.soak [--requests 5000] [--workers 2] [--every 500] [--concurrency 4] [--env K=V ...]

Pages are the shared extraction benchmark's real pages when ../shared is there (each sent once
per pass with a distinct marker, so every body is a new cache key), else invented ones
(bench/articles.py); texts are invented articles, each distinct. No Redis: the in-process tiers
are what is measured. The verdict follows issue 19: every worker together under --budget-mb at
its peak, and over the last 2,000 requests the highest total of their second half under
--growth-pct above that of their first (gunicorn's max_requests recycles workers in a
saw-tooth; whoever serves at a report is counted).

The workers' resident memory (RSS, as the issue counts it: pages shared with the master count in
each worker) is sampled every --sample seconds between reports too, so a worker's high point just
before it is recycled counts; each report shows the interval's highest total beside the total at
the report. PSS (shared pages divided among the processes sharing them) is shown for reference.
"""

from __future__ import annotations

import argparse
import gzip
import json
import re
import threading
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import requests

from bench.articles import as_page, invent
from bench.common import running_service, shared_bench, table, write_result


def rss_mb(pid: int) -> float:
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except FileNotFoundError:  # a worker that just exited
        return 0.0
    return int(re.search(r"VmRSS:\s+(\d+) kB", status).group(1)) / 1024


def pss_mb(pid: int) -> float:
    """Proportional set size: each shared page divided among the processes that map it."""
    try:
        rollup = Path(f"/proc/{pid}/smaps_rollup").read_text()
    except (FileNotFoundError, ProcessLookupError):
        return 0.0
    found = re.search(r"^Pss:\s+(\d+) kB", rollup, re.M)
    return int(found.group(1)) / 1024 if found else 0.0


def workers_of(pid: int) -> list[int]:
    try:
        return [int(child) for child in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]
    except FileNotFoundError:
        return []


class PeakSampler(threading.Thread):
    """The highest total RSS of the master's workers, sampled every ``every`` seconds until stopped;
    ``take()`` returns the highest since the last call and starts a new interval."""

    def __init__(self, master: int, every: float):
        super().__init__(daemon=True)
        self.master, self.every = master, every
        self._peak, self._lock, self._stop = 0.0, threading.Lock(), threading.Event()

    def run(self) -> None:
        while not self._stop.wait(self.every):
            total = sum(rss_mb(pid) for pid in workers_of(self.master))
            with self._lock:
                self._peak = max(self._peak, total)

    def take(self, now: float) -> float:
        with self._lock:
            peak, self._peak = max(self._peak, now), 0.0
        return round(peak, 1)

    def stop(self) -> None:
        self._stop.set()


def real_pages() -> list[str]:
    """The shared benchmark's HTML pages (empty when the shared folder is absent)."""
    folder = shared_bench("extraction") / "data" / "html"
    if not folder.is_dir():
        return []
    pages = []
    for path in sorted(folder.glob("*.html.gz")):
        with gzip.open(path, "rt", encoding="utf-8", errors="replace") as handle:
            pages.append(handle.read())
    return pages


def body(index: int, pages: list[str]) -> dict:
    """Request number ``index``: even ones an HTML page, odd ones a text; every one distinct."""
    if index % 2 == 0:
        if pages:
            page = pages[(index // 2) % len(pages)]
            return {"html": page + f"\n<!-- soak {index} -->", "url": f"https://soak.example.com/{index}"}
        return {"html": as_page(invent(index, seed=11))}
    article = invent(index, seed=13)
    return {
        "text": "\n\n".join([article["title"], *article["paragraphs"]]),
        "published_at": article["published_at"],
    }


def snapshot(master: int) -> dict:
    pids = workers_of(master)
    workers = {pid: round(rss_mb(pid), 1) for pid in pids}
    return {
        "master_mb": round(rss_mb(master), 1),
        "workers_mb": workers,
        "total_mb": round(sum(workers.values()), 1),
        "pss_mb": round(pss_mb(master) + sum(pss_mb(pid) for pid in pids), 1),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=5000)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--every", type=int, default=500)
    parser.add_argument("--concurrency", type=int, default=4)
    parser.add_argument("--budget-mb", type=float, default=700.0)
    parser.add_argument("--growth-pct", type=float, default=5.0)
    parser.add_argument("--tail", type=int, default=2000, help="requests over which growth is judged")
    parser.add_argument("--sample", type=float, default=0.5, help="seconds between RSS samples")
    parser.add_argument("--env", action="append", default=[], help="KEY=VALUE for the service")
    parser.add_argument("--name", default="soak")
    args = parser.parse_args()

    pages = real_pages()
    env = dict(item.split("=", 1) for item in args.env)
    statuses: Counter[int] = Counter()
    rows, points = [], []
    with running_service(args.name, workers=args.workers, env=env, timeout=300) as service:
        session_url = service.url + "/v1/analyze"
        start = snapshot(service.pid)
        start["peak_mb"] = start["total_mb"]
        points.append({"requests": 0, "seconds": 0.0, **start})
        rows.append(
            [
                0,
                0,
                start["master_mb"],
                " ".join(map(str, start["workers_mb"].values())),
                start["total_mb"],
                start["peak_mb"],
                start["pss_mb"],
                "",
            ]
        )
        print(f"pages: {len(pages) or 'invented'}; start: {start}", flush=True)
        sampler = PeakSampler(service.pid, args.sample)
        sampler.start()
        began = time.monotonic()

        def send(index: int) -> int:
            try:
                return requests.post(session_url, json=body(index, pages), timeout=120).status_code
            except requests.RequestException:
                return 0

        with ThreadPoolExecutor(args.concurrency) as pool:
            for at in range(0, args.requests, args.every):
                statuses.update(pool.map(send, range(at, min(at + args.every, args.requests))))
                point = {
                    "requests": min(at + args.every, args.requests),
                    "seconds": round(time.monotonic() - began, 1),
                }
                point |= snapshot(service.pid)
                point["peak_mb"] = sampler.take(point["total_mb"])
                points.append(point)
                workers = " ".join(map(str, point["workers_mb"].values()))
                rows.append(
                    [
                        point["requests"],
                        point["seconds"],
                        point["master_mb"],
                        workers,
                        point["total_mb"],
                        point["peak_mb"],
                        point["pss_mb"],
                        dict(statuses),
                    ]
                )
                print(rows[-1], flush=True)
        sampler.stop()

    end = points[-1]
    tail = [point for point in points if point["requests"] >= end["requests"] - args.tail]
    # Workers recycled by max_requests make a saw-tooth: judge the peaks, not two single points.
    # A point's peak is the highest total sampled since the report before it, so the tail's
    # intervals are its points but the first.
    intervals = tail[1:] or tail
    half = len(intervals) // 2
    early = max(p["peak_mb"] for p in intervals[: half or 1])
    late = max(p["peak_mb"] for p in intervals[half:])
    growth = 100.0 * (late - early) / max(early, 1.0)
    peak = max(point["peak_mb"] for point in points)
    verdict = {
        "total_mb": end["total_mb"],
        "peak_mb": peak,
        "under_budget": peak < args.budget_mb,
        "tail_growth_pct": round(growth, 1),
        "flat": growth < args.growth_pct,
    }
    text = "\n".join(
        [
            f"# Memory soak: {args.requests} requests (half HTML pages, half texts), {args.workers} workers",
            "",
            f"env: {env or 'defaults'}; pages: {'shared benchmark' if pages else 'invented'}; "
            f"concurrency {args.concurrency}",
            "",
            table(
                [
                    "requests",
                    "seconds",
                    "master MB",
                    "workers MB",
                    "workers total MB",
                    "highest total since last row",
                    "PSS all MB",
                    "statuses",
                ],
                rows,
            ),
            "",
            f"Workers together: {end['total_mb']} MB at the end, {peak} MB at the peak (budget "
            f"{args.budget_mb}: {'ok' if verdict['under_budget'] else 'OVER'}); over the last "
            f"{end['requests'] - tail[0]['requests']} requests the peak of the second half is "
            f"{verdict['tail_growth_pct']}% above that of the first "
            f"({'flat' if verdict['flat'] else 'GROWING'}).",
        ]
    )
    write_result(
        args.name,
        text,
        {"args": vars(args), "points": points, "statuses": dict(statuses), "verdict": verdict},
    )
    print(json.dumps(verdict))


if __name__ == "__main__":
    main()
