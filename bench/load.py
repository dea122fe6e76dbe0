"""HTTP load and memory: gunicorn on loopback with a real Redis, driven by wrk.

Three scenarios at the same gunicorn settings and concurrency, in one run:
  bare     GET /healthz: a bare Flask JSON endpoint of the same app (the framework's limit)
  hit      POST /v1/analyze with a cached result (the same body every time)
  uncached POST /v1/analyze with Cache-Control: no-cache (full text analysis every time)
Then the resident memory of the master and each worker, after warm-up and after N requests.

    python -m bench.load [--connections 32] [--seconds 10] [--rounds 3] [--workers 2] [--requests 1000]
Needs redis-server and wrk (Debian packages).
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import statistics
import subprocess
import tempfile
import time
from pathlib import Path

import requests

from bench.common import free_port, read_jsonl, running_service, shared_dir, table, write_result

WRK_SCRIPT = """
wrk.method = "{method}"
wrk.headers["Content-Type"] = "application/json"
{extra}
wrk.body = {body}
"""


def start_redis() -> tuple[subprocess.Popen, str]:
    port = free_port()
    process = subprocess.Popen(
        ["redis-server", "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
        stdout=subprocess.DEVNULL,
    )
    time.sleep(0.3)
    return process, f"redis://127.0.0.1:{port}/0"


def wrk(url: str, *, connections: int, seconds: int, method="GET", body=None, headers=None) -> dict:
    """Run wrk and read requests/s, p50, p99 and errors from its output."""
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as script:
        extra = "\n".join(f'wrk.headers["{k}"] = "{v}"' for k, v in (headers or {}).items())
        script.write(
            WRK_SCRIPT.format(
                method=method, extra=extra, body=json.dumps(json.dumps(body)) if body else "nil"
            )
        )
    command = [
        "wrk",
        "-t2",
        f"-c{connections}",
        f"-d{seconds}s",
        "--timeout",
        "60s",
        "--latency",
        "-s",
        script.name,
        url,
    ]
    output = subprocess.run(command, capture_output=True, text=True, check=True).stdout
    os.unlink(script.name)
    return {
        "rps": float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1)),
        "p50_ms": _ms(re.search(r"50%\s+([\d.]+\w+)", output).group(1)),
        "p99_ms": _ms(re.search(r"99%\s+([\d.]+\w+)", output).group(1)),
        "errors": _errors(output),
        "requests": int(re.search(r"(\d+) requests in", output).group(1)),
    }


def _ms(value: str) -> float:
    number, unit = re.match(r"([\d.]+)(\w+)", value).groups()
    return float(number) * {"us": 0.001, "ms": 1, "s": 1000, "m": 60000}[unit]


def _errors(output: str) -> int:
    """Socket errors plus non-2xx/3xx responses."""
    socket_errors = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", output)
    non_2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    count = sum(map(int, socket_errors.groups())) if socket_errors else 0
    return count + (int(non_2xx.group(1)) if non_2xx else 0)


def rss_mb(pid: int) -> float:
    status = Path(f"/proc/{pid}/status").read_text()
    return int(re.search(r"VmRSS:\s+(\d+) kB", status).group(1)) / 1024


def workers_of(pid: int) -> list[int]:
    children = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
    return [int(child) for child in children]


def memory(master: int) -> dict:
    workers = {child: rss_mb(child) for child in workers_of(master)}
    return {
        "master_mb": rss_mb(master),
        "workers_mb": list(workers.values()),
        "workers_total_mb": sum(workers.values()),
    }


BARE = "bare Flask JSON (GET /healthz)"
HIT = "cache hit (POST /v1/analyze)"
UNCACHED = "uncached text analysis"


def measure(service, texts: list[str], args) -> tuple[dict, dict, dict, list[dict]]:
    """The wrk scenarios, and memory after warm-up and after ``args.requests`` analyses.

    Bare and cache-hit runs alternate for ``args.rounds`` rounds (a noisy neighbour then hurts
    both alike); each is reported by its median round, and every round is kept.
    """
    base = service.url
    body = {"text": texts[0], "published_at": "2025-03-19"}
    for text in texts[:20]:  # warm up every worker
        requests.post(base + "/v1/analyze", json={"text": text}, timeout=60)
    requests.post(base + "/v1/analyze", json=body, timeout=60)
    warm = memory(service.pid)
    load = {"connections": args.connections, "seconds": args.seconds}
    rounds = []
    for _ in range(args.rounds):
        bare = wrk(base + "/healthz", **load)
        hit = wrk(base + "/v1/analyze", method="POST", body=body, **load)
        rounds.append({"bare": bare, "hit": hit})
    runs = {
        BARE: _median([r["bare"] for r in rounds]),
        HIT: _median([r["hit"] for r in rounds]),
        UNCACHED: wrk(
            base + "/v1/analyze", method="POST", body=body, headers={"Cache-Control": "no-cache"}, **load
        ),
    }
    for i in range(args.requests):
        requests.post(base + "/v1/analyze", json={"text": texts[i % len(texts)] + f"\nRef {i}."}, timeout=60)
    return runs, warm, memory(service.pid), rounds


def _median(runs: list[dict]) -> dict:
    """Each figure's median over the rounds (requests and errors summed)."""
    merged = {key: statistics.median(run[key] for run in runs) for key in ("rps", "p50_ms", "p99_ms")}
    return merged | {key: sum(run[key] for run in runs) for key in ("requests", "errors")}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--connections", type=int, default=32)
    parser.add_argument("--seconds", type=int, default=10)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--rounds", type=int, default=3, help="alternating bare and cache-hit runs")
    parser.add_argument(
        "--requests", type=int, default=1000, help="requests before the second memory reading"
    )
    args = parser.parse_args()
    if not shutil.which("wrk") or not shutil.which("redis-server"):
        raise SystemExit("needs the Debian packages wrk and redis-server")
    texts = [r["text"] for r in read_jsonl(shared_dir() / "bench" / "facts" / "dev_written.jsonl")]
    redis_process, redis_url = start_redis()
    env = {"NEWSFACTS_REDIS_URL": redis_url, "NEWSFACTS_ACCESS_LOG": "", "NEWSFACTS_LOG_LEVEL": "warning"}
    try:
        with running_service("load_service", workers=args.workers, env=env) as service:
            runs, warm, after, rounds = measure(service, texts, args)
    finally:
        redis_process.terminate()
    bare, hit = runs[BARE], runs[HIT]
    rows = [
        [name, r["requests"], r["rps"], r["p50_ms"], r["p99_ms"], r["errors"]] for name, r in runs.items()
    ]
    text = table(["scenario", "requests", "req/s", "p50 ms", "p99 ms", "errors"], rows)
    text += (
        f"\n\ncache hit / bare: req/s {hit['rps'] / bare['rps']:.2f} (target ≥ 0.70), "
        f"p99 {hit['p99_ms'] / bare['p99_ms']:.2f} (target ≤ 1.5)  "
        f"[{args.workers} gthread workers, {args.connections} connections, {args.seconds}s each, "
        f"median of {args.rounds} alternating rounds]\n\n"
    )
    text += table(
        ["round", "bare req/s", "bare p99 ms", "hit req/s", "hit p99 ms", "req/s ratio", "p99 ratio"],
        [
            [
                i + 1,
                r["bare"]["rps"],
                r["bare"]["p99_ms"],
                r["hit"]["rps"],
                r["hit"]["p99_ms"],
                r["hit"]["rps"] / r["bare"]["rps"],
                r["hit"]["p99_ms"] / r["bare"]["p99_ms"],
            ]
            for i, r in enumerate(rounds)
        ],
    )
    text += "\n\n"
    text += table(
        ["memory (RSS MB)", "master", "workers", "workers total"],
        [
            [
                "after warm-up",
                warm["master_mb"],
                " + ".join(f"{m:.0f}" for m in warm["workers_mb"]),
                warm["workers_total_mb"],
            ],
            [
                f"after {args.requests} more requests",
                after["master_mb"],
                " + ".join(f"{m:.0f}" for m in after["workers_mb"]),
                after["workers_total_mb"],
            ],
        ],
    )
    write_result(
        "load", text, {"runs": runs, "rounds": rounds, "memory": {"warm": warm, "after": after}, **vars(args)}
    )


if __name__ == "__main__":
    main()
