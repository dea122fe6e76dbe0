"""Command line: `newsfacts serve` runs gunicorn; `newsfacts worker` runs a job worker;
`newsfacts analyze` prints one analysis as JSON, or many as JSONL for a file of URLs or inputs;
`newsfacts events cluster` links a JSONL file of articles into events."""

from __future__ import annotations

import argparse
import json
import sys
import time
from contextlib import contextmanager
from pathlib import Path

GUNICORN_CONF = Path(__file__).with_name("gunicorn.conf.py")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="newsfacts", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    serve = commands.add_parser("serve", help="run the HTTP service with gunicorn")
    serve.add_argument("--bind", help="address:port (default NEWSFACTS_BIND or 0.0.0.0:8000)")
    serve.add_argument("--workers", type=int, help="worker processes (default: CPU count)")
    worker = commands.add_parser("worker", help="run a job queue worker (needs NEWSFACTS_REDIS_URL)")
    worker.add_argument("--name", help="worker name (default: RQ's, unique per process)")
    worker.add_argument("--burst", action="store_true", help="quit when the queue is empty")
    analyze = commands.add_parser(
        "analyze",
        help="analyse a URL, an HTML or text file or stdin; a file of URLs or JSONL inputs in bulk",
    )
    analyze.add_argument("source", help="http(s) URL, path to a .html/.txt/.jsonl file or a URL list, or -")
    analyze.add_argument("--published-at", help="ISO 8601 publication date (reference for relative dates)")
    analyze.add_argument("--title")
    analyze.add_argument("--summary-sentences", type=int, default=3)
    analyze.add_argument("--out", help="bulk: write JSONL here instead of stdout")
    analyze.add_argument(
        "--concurrency", type=int, default=4, help="bulk: items analysed at once (default 4)"
    )
    analyze.add_argument(
        "--queue", action="store_true", help="bulk: run the items on the job queue's workers"
    )
    events = commands.add_parser("events", help="link articles about one incident into events")
    events_commands = events.add_subparsers(dest="events_command", required=True)
    cluster = events_commands.add_parser(
        "cluster",
        help="a JSONL file of articles (inputs with an optional id, or analysis results) in, "
        "one JSONL line per event with its articles and reconciled figures out",
    )
    cluster.add_argument("source", help="path to a .jsonl file, or - for stdin")
    cluster.add_argument("--out", help="write the events here instead of stdout")
    args = parser.parse_args(argv)
    commands_by_name = {
        "serve": serve_command,
        "worker": worker_command,
        "analyze": analyze_command,
        "events": events_command,
    }
    return commands_by_name[args.command](args)


def serve_command(args) -> int:
    """Replace this process's arguments with gunicorn's and run it with our config."""
    from gunicorn.app.wsgiapp import run

    argv = ["gunicorn", "--config", str(GUNICORN_CONF)]
    if args.bind:
        argv += ["--bind", args.bind]
    if args.workers:
        argv += ["--workers", str(args.workers)]
    sys.argv = argv
    run()
    return 0


def worker_command(args) -> int:
    """Work on the job queue until stopped (SIGTERM finishes the current item first)."""
    import logging

    from service.config import Settings
    from service.jobs.worker import run_worker
    from service.web.errors import ProblemError

    settings = Settings.from_env()
    logging.basicConfig(level=settings.log_level)
    try:
        run_worker(settings, name=args.name, burst=args.burst)
    except ProblemError as error:
        print(json.dumps({"error": error.slug, "detail": error.detail}), file=sys.stderr)
        return 2
    return 0


def read_source(source: str) -> dict | list:
    """The request fields for a URL, a file or stdin (HTML when it looks like markup);
    a list of inputs when the content is a list of URLs or JSON lines."""
    from service.serving.bulk import read_inputs

    if source.startswith(("http://", "https://")):
        return {"url": source}
    content = sys.stdin.read() if source == "-" else Path(source).read_text(encoding="utf-8")
    inputs = read_inputs(content, jsonl=source.endswith(".jsonl"))
    if inputs is not None:
        return inputs
    looks_html = source.endswith((".html", ".htm")) or content.lstrip()[:1] == "<"
    return {"html": content} if looks_html else {"text": content}


@contextmanager
def output(path: str | None):
    """The binary stream JSONL goes to: the file at ``path`` (closed after), else stdout (flushed)."""
    out = open(path, "wb") if path else sys.stdout.buffer  # noqa: SIM115 (closed below)
    try:
        yield out
    finally:
        if path:
            out.close()
        else:
            out.flush()


def bulk_command(args, inputs: list) -> int:
    """JSONL outcomes in input order; a summary of failures on stderr; exit 1 when any failed."""
    from service.config import Settings
    from service.serving import bulk
    from service.web.errors import ProblemError

    settings = Settings.from_env()
    try:
        with output(args.out) as out:
            failures = bulk.run(
                inputs, settings=settings, concurrency=args.concurrency, queued=args.queue, out=out
            )
    except ProblemError as error:
        print(json.dumps({"error": error.slug, "detail": error.detail}), file=sys.stderr)
        return 2
    print(bulk.summary(len(inputs), failures), file=sys.stderr)
    return 1 if failures else 0


def analyze_command(args) -> int:
    from marshmallow import ValidationError

    from schemas.request import analyze_request_schema
    from service.cache import NoCache
    from service.config import Settings
    from service.serving.results import analyze_cached, with_meta

    started = time.perf_counter()
    settings = Settings.from_env()
    source = read_source(args.source)
    if isinstance(source, list):
        return bulk_command(args, source)
    payload = {**source, "title": args.title, "published_at": args.published_at}
    payload["options"] = {"summary_sentences": args.summary_sentences}
    try:
        request = analyze_request_schema(settings.max_text_chars).load(payload)
        result = analyze_cached(request, cache=NoCache(), settings=settings)
    except ValidationError as error:
        print(json.dumps({"errors": error.messages}), file=sys.stderr)
        return 2
    except Exception as error:  # a fetch or extraction failure: say what, exit non-zero
        print(json.dumps({"error": type(error).__name__, "detail": str(error)}), file=sys.stderr)
        return 1
    body = with_meta(result.body, cached=False, started=started, model=settings.spacy_model)
    sys.stdout.write(json.dumps(json.loads(body), ensure_ascii=False, indent=2) + "\n")
    return 0


def events_command(args) -> int:
    """``events cluster``: events as JSONL; a summary on stderr; exit 1 when an article failed."""
    from service.config import Settings
    from service.serving.bulk import read_inputs
    from service.serving.events import cluster_file
    from service.web.errors import ProblemError

    content = sys.stdin.read() if args.source == "-" else Path(args.source).read_text(encoding="utf-8")
    lines = read_inputs(content, jsonl=True) or []
    if not lines:
        print(json.dumps({"error": "empty-input", "detail": "No articles in the input."}), file=sys.stderr)
        return 2
    try:
        with output(args.out) as out:
            articles, events, failed = cluster_file(lines, settings=Settings.from_env(), out=out)
    except ProblemError as error:
        print(json.dumps({"error": error.slug, "detail": error.detail}), file=sys.stderr)
        return 2
    print(f"{articles} articles, {events} events, {failed} failed", file=sys.stderr)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
