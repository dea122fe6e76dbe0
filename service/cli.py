"""Command line: `newsfacts serve` runs gunicorn; `newsfacts analyze` prints one analysis as JSON."""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

GUNICORN_CONF = Path(__file__).with_name("gunicorn.conf.py")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="newsfacts", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    serve = commands.add_parser("serve", help="run the HTTP service with gunicorn")
    serve.add_argument("--bind", help="address:port (default NEWSFACTS_BIND or 0.0.0.0:8000)")
    serve.add_argument("--workers", type=int, help="worker processes (default: CPU count)")
    analyze = commands.add_parser("analyze", help="analyse a URL, an HTML or text file, or - for stdin")
    analyze.add_argument("source", help="http(s) URL, path to a .html/.txt file, or -")
    analyze.add_argument("--published-at", help="ISO 8601 publication date (reference for relative dates)")
    analyze.add_argument("--title")
    analyze.add_argument("--summary-sentences", type=int, default=3)
    args = parser.parse_args(argv)
    return serve_command(args) if args.command == "serve" else analyze_command(args)


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


def read_source(source: str) -> dict:
    """The request fields for a URL, a file or stdin (HTML when it looks like markup)."""
    if source.startswith(("http://", "https://")):
        return {"url": source}
    content = sys.stdin.read() if source == "-" else Path(source).read_text(encoding="utf-8")
    looks_html = source.endswith((".html", ".htm")) or content.lstrip()[:1] == "<"
    return {"html": content} if looks_html else {"text": content}


def analyze_command(args) -> int:
    from marshmallow import ValidationError

    from schemas.request import AnalyzeRequestSchema
    from service.cache import NoCache
    from service.config import Settings
    from service.results import analyze_cached, with_meta

    started = time.perf_counter()
    settings = Settings.from_env()
    payload = {**read_source(args.source), "title": args.title, "published_at": args.published_at}
    payload["options"] = {"summary_sentences": args.summary_sentences}
    try:
        request = AnalyzeRequestSchema(max_text_chars=settings.max_text_chars).load(payload)
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


if __name__ == "__main__":
    sys.exit(main())
