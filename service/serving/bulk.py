"""Bulk analysis for the CLI: a file of URLs or a JSONL of inputs in, JSONL outcomes out, in order.

Items run locally on a bounded thread pool (fetches overlap; parsing shares one model), or
through the job queue (``--queue``) where the workers do the work. A progress bar is shown
only when stderr is a terminal; a summary of the failures is printed at the end.
"""

from __future__ import annotations

import json
import sys
import time
from collections import Counter
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor

from tqdm import tqdm

from service.cache import build_cache
from service.config import Settings
from service.serving.items import Outcome, analyze_item
from service.web.errors import InvalidJSON

POLL_SECONDS = 0.5


def read_inputs(content: str, *, jsonl: bool = False) -> list | None:
    """The inputs when ``content`` is a list of URLs or of JSON objects; None for one article."""
    lines = [line.strip() for line in content.splitlines() if line.strip()]
    if not lines:
        return None
    if all(line.startswith(("http://", "https://")) and " " not in line for line in lines):
        return [{"url": line} for line in lines]
    if jsonl or all(line.startswith("{") for line in lines):
        return [_json_line(line) for line in lines]
    return None


def _json_line(line: str):
    try:
        return json.loads(line)
    except json.JSONDecodeError as error:
        return InvalidJSON(f"This line is not JSON: {error.msg}.")


def run_local(inputs: list, *, settings: Settings, concurrency: int, bar: tqdm) -> Iterator[Outcome]:
    """Analyse on ``concurrency`` threads; outcomes come back in input order."""
    cache = build_cache(settings)

    def run(payload) -> Outcome:
        if isinstance(payload, InvalidJSON):
            return Outcome.problem(payload)
        return analyze_item(payload, cache=cache, settings=settings)

    with ThreadPoolExecutor(max_workers=max(1, concurrency)) as pool:
        futures = [pool.submit(run, payload) for payload in inputs]
        for future in futures:
            future.add_done_callback(lambda _: bar.update(1))
        for future in futures:
            yield future.result()


def run_queued(inputs: list, *, settings: Settings, bar: tqdm) -> Iterator[Outcome]:
    """Submit the inputs as jobs of at most ``job_max_items`` and wait for the workers."""
    from service.jobs.queue import connect, submit
    from service.jobs.store import JobStore

    size = settings.job_max_items
    chunks = [inputs[start : start + size] for start in range(0, len(inputs), size)]
    job_ids = [
        submit(_as_payloads(chunk), options=None, callback_url=None, settings=settings) for chunk in chunks
    ]
    store = JobStore(connect(settings))
    documents: dict[str, dict] = {}
    while len(documents) < len(job_ids):
        done = 0
        for job_id in job_ids:
            document = documents.get(job_id) or json.loads(store.document(job_id))
            if document["status"] in ("finished", "failed"):
                documents[job_id] = document
            done += document["progress"]["done"]
        bar.update(done - bar.n)
        if len(documents) < len(job_ids):
            time.sleep(POLL_SECONDS)
    for job_id in job_ids:
        for item in documents[job_id]["items"]:
            yield Outcome.from_json(json.dumps(item))


def _as_payloads(chunk: list) -> list:
    """Lines that were not JSON are sent as strings: the service answers them with a 422."""
    return [payload.detail if isinstance(payload, InvalidJSON) else payload for payload in chunk]


def run(inputs: list, *, settings: Settings, concurrency: int, queued: bool, out) -> list[tuple[int, str]]:
    """Write one JSONL line per input, in order; returns the failed lines and their problem types."""
    failures: list[tuple[int, str]] = []
    with tqdm(total=len(inputs), unit="item", disable=not sys.stderr.isatty(), file=sys.stderr) as bar:
        outcomes = (
            run_queued(inputs, settings=settings, bar=bar)
            if queued
            else run_local(inputs, settings=settings, concurrency=concurrency, bar=bar)
        )
        for line, (payload, outcome) in enumerate(zip(inputs, outcomes, strict=True), start=1):
            url = payload.get("url") if isinstance(payload, dict) else None
            head = json.dumps({"line": line, "url": url}, ensure_ascii=False).encode("utf-8")
            out.write(head[:-1] + b"," + outcome.to_json()[1:] + b"\n")
            if not outcome.ok:
                failures.append((line, json.loads(outcome.body).get("type", "?").rsplit(":", 1)[-1]))
    return failures


def summary(total: int, failures: list[tuple[int, str]], *, shown: int = 10) -> str:
    """A few lines for stderr: how many failed, of which kinds, and the first failing lines."""
    text = f"{total} items: {total - len(failures)} ok, {len(failures)} failed"
    if failures:
        kinds = Counter(kind for _, kind in failures)
        text += " (" + ", ".join(f"{count} {kind}" for kind, count in kinds.most_common()) + ")"
        lines = [str(line) for line, _ in failures]
        text += "\nfailed lines: " + ", ".join(lines[:shown]) + (" …" if len(lines) > shown else "")
    return text
