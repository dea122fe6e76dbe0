"""One job of N URLs through the real stack: gunicorn, Redis, and W `newsfacts worker` processes.

Starts a local page server with N distinct invented articles, a redis-server on a free port,
the service under gunicorn and the workers (fetch allow list 127.0.0.1/32 for this run only),
submits one job with every URL, waits for it, and prints items done, failed and lost, the
time, and how many items each worker ran. With ``--kill-after K``, the first worker and its
work horse are SIGKILLed once K items are done, and a replacement worker is started: the
items it held must be retried, not lost (failure detection is shortened for that run).

    python -m bench.jobs [--urls 200] [--workers 2] [--kill-after 60]
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

import requests

from bench.articles import as_page, invent
from bench.common import ROOT, free_port, table, write_result
from tests.support.servers import PageServer, RedisServer, WorkerProcess

ALLOW = "127.0.0.1/32"
FAST_RECOVERY = {
    "NEWSFACTS_JOB_MONITORING_INTERVAL": "2",
    "NEWSFACTS_JOB_HEARTBEAT_GRACE": "5",
    "NEWSFACTS_JOB_MAINTENANCE_INTERVAL": "3",
}


def service_env(redis_url: str) -> dict[str, str]:
    env = {key: value for key, value in os.environ.items() if not key.startswith("NEWSFACTS_")}
    env.update(NEWSFACTS_REDIS_URL=redis_url, NEWSFACTS_FETCH_ALLOW_CIDRS=ALLOW, NEWSFACTS_ACCESS_LOG="")
    return env


def start_gunicorn(env: dict[str, str], port: int) -> subprocess.Popen:
    """The service with one threaded worker; returns once /healthz answers."""
    command = [sys.executable, "-m", "service.cli", "serve", "--bind", f"127.0.0.1:{port}", "--workers", "1"]
    process = subprocess.Popen(
        command, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    deadline = time.monotonic() + 180
    while time.monotonic() < deadline:
        try:
            requests.get(f"http://127.0.0.1:{port}/healthz", timeout=1)
            return process
        except requests.ConnectionError:
            time.sleep(0.2)
    process.kill()
    raise SystemExit("gunicorn did not start")


def wait_for(base: str, job_id: str, timeout: float, on_progress=None) -> dict:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        body = requests.get(f"{base}/v1/jobs/{job_id}", timeout=30).json()
        if body["status"] in ("finished", "failed"):
            return body
        if on_progress:
            on_progress(body["progress"]["done"])
        time.sleep(0.5)
    raise SystemExit(f"job {job_id} did not end in {timeout} s")


def per_worker(redis_server: RedisServer, job_id: str, total: int) -> Counter:
    """Which worker ran each item, from RQ's own record of the item jobs."""
    from rq.job import Job

    connection = redis_server.client()
    jobs = Job.fetch_many([f"{job_id}-{index}" for index in range(total)], connection=connection)
    return Counter(job.worker_name if job else "(no record)" for job in jobs)


def run(urls: int, workers: int, timeout: float, kill_after: int | None = None) -> tuple[str, dict]:
    pages, redis_server = PageServer().start(), RedisServer().start()
    processes: list = []
    logs = Path(tempfile.mkdtemp(prefix="bench-jobs-"))
    try:
        addresses = [pages.page(f"/news/{index}", as_page(invent(index))) for index in range(urls)]
        env, port = service_env(redis_server.url), free_port()
        if kill_after is not None:
            env.update(FAST_RECOVERY)
        processes.append(start_gunicorn(env, port))

        def start_worker(name: str) -> WorkerProcess:
            worker = WorkerProcess(env, name=name, cwd=ROOT, log_path=logs / f"{name}.log")
            processes.append(worker)
            return worker

        pool = [start_worker(f"bench-worker-{n + 1}") for n in range(workers)]
        for worker in pool:
            worker.wait_ready(redis_server.client())
        killed: list[str] = []

        def kill_one(done: int) -> None:
            # Only while its work horse runs an item: the kill must interrupt work in progress.
            if kill_after is not None and not killed and done >= kill_after and pool[0].children():
                pool[0].kill()
                killed.append(pool[0].name)
                start_worker("bench-worker-replacement")

        base = f"http://127.0.0.1:{port}"
        started = time.perf_counter()
        response = requests.post(
            f"{base}/v1/jobs", json={"items": [{"url": url} for url in addresses]}, timeout=60
        )
        response.raise_for_status()
        job = wait_for(base, response.json()["id"], timeout, on_progress=kill_one)
        elapsed = time.perf_counter() - started
        counts = per_worker(redis_server, job["id"], urls)
    finally:
        for process in processes:
            stop(process)
        redis_server.stop()
        pages.stop()
    return report(job, elapsed, counts, pages_fetched=sum(pages.hits.values()), killed=killed)


def stop(process) -> None:
    if isinstance(process, WorkerProcess):
        process.stop()
    else:
        process.terminate()
        process.wait(30)


def report(
    job: dict, elapsed: float, counts: Counter, *, pages_fetched: int, killed: list[str]
) -> tuple[str, dict]:
    statuses = Counter(item["status"] for item in job["items"])
    kinds = Counter(
        item["problem"]["type"].rsplit(":", 1)[-1] for item in job["items"] if item["status"] != 200
    )
    lost = job["progress"]["total"] - len(job["items"]) + kinds.get("item-failed", 0)
    total = job["progress"]["total"]
    rows = [
        ["items", total],
        ["done", job["progress"]["done"]],
        ["succeeded (200)", statuses.get(200, 0)],
        ["failed (a problem)", total - statuses.get(200, 0)],
        ["lost", lost],
        ["job status", job["status"]],
        ["time, s (submit → finished)", round(elapsed, 1)],
        ["items per second", round(total / elapsed, 2)],
        ["pages fetched", pages_fetched],
    ]
    rows += [["SIGKILLed mid-job (with its horse)", name] for name in killed]
    rows += [[f"ran on {name}", count] for name, count in sorted(counts.items())]
    rows += [[f"problem: {kind}", count] for kind, count in kinds.most_common()]
    data = {
        "job": job["id"],
        "elapsed": elapsed,
        "statuses": dict(statuses),
        "lost": lost,
        "workers": dict(counts),
    }
    return table(["measure", "value"], rows), data


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--urls", type=int, default=200)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--timeout", type=float, default=1200)
    parser.add_argument("--kill-after", type=int, help="SIGKILL the first worker after this many items")
    args = parser.parse_args()
    text, data = run(args.urls, args.workers, args.timeout, args.kill_after)
    name = "jobs" if args.kill_after is None else "jobs_kill"
    title = f"One job of {args.urls} URLs, {args.workers} workers"
    if args.kill_after is not None:
        title += f", the first SIGKILLed after {args.kill_after} items and replaced"
    write_result(name, f"{title}\n\n{text}", data)


if __name__ == "__main__":
    main()
