"""Shared helpers of the bench scripts: where the shared benchmarks live, results, tables."""

from __future__ import annotations

import contextlib
import json
import os
import signal
import socket
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import service  # noqa: F401  (sets OPENBLAS_NUM_THREADS=1 before anything loads numpy, as the service does)

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results"
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))


def shared_dir() -> Path:
    """The shared benchmarks: $NEWSFACTS_SHARED, else the first `shared/` beside a parent folder."""
    if os.environ.get("NEWSFACTS_SHARED"):
        return Path(os.environ["NEWSFACTS_SHARED"])
    for folder in ROOT.parents:
        if (folder / "shared" / "bench").is_dir():
            return folder / "shared"
    raise SystemExit("shared benchmarks not found: set NEWSFACTS_SHARED to the folder holding bench/")


def shared_bench(name: str) -> Path:
    """``shared/bench/<name>`` as ``shared_dir`` finds it; a path that does not exist (so tests
    that need the data skip) when there is no shared folder."""
    try:
        return shared_dir() / "bench" / name
    except SystemExit:
        return ROOT / "shared-not-found" / "bench" / name


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def read_jsonl(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def table(headers: list[str], rows: list[list]) -> str:
    """A Markdown table, columns padded to their widest cell."""
    cells = [[str(h) for h in headers]] + [[_fmt(c) for c in row] for row in rows]
    widths = [max(len(row[i]) for row in cells) for i in range(len(headers))]
    lines = ["| " + " | ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)) + " |" for row in cells]
    lines.insert(1, "|" + "|".join("-" * (w + 2) for w in widths) + "|")
    return "\n".join(lines)


def _fmt(value) -> str:
    if isinstance(value, float):
        return f"{value:,.3f}" if abs(value) < 10 else f"{value:,.1f}"
    return str(value)


def parsed_docs(records: list[dict], name: str) -> list:
    """spaCy docs for the records' texts, parsed as the service parses them; cached under
    bench/results by the texts, the pipeline and the parse method."""
    import hashlib

    from spacy.tokens import DocBin

    from service.analysis.nlp import DEFAULT_MODEL, PARSE_METHOD, get_nlp, parse_many

    nlp = get_nlp()
    key = "\n\0".join([*nlp.pipe_names, PARSE_METHOD, *(r["text"] for r in records)])
    digest = hashlib.sha256(key.encode()).hexdigest()[:16]
    cache = RESULTS / f"{name}-{DEFAULT_MODEL}-{digest}.spacy"
    if cache.exists():
        return list(DocBin().from_disk(cache).get_docs(nlp.vocab))
    docs = parse_many([r["text"] for r in records])
    RESULTS.mkdir(parents=True, exist_ok=True)
    partial = cache.with_suffix(f".{os.getpid()}.part")  # concurrent runs never read half a file
    DocBin(store_user_data=True, docs=docs).to_disk(partial)
    partial.replace(cache)
    return docs


def write_result(name: str, text: str, data: dict) -> None:
    """Print ``text`` and keep it, with ``data``, under bench/results/."""
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / f"{name}.md").write_text(text + "\n", encoding="utf-8")
    (RESULTS / f"{name}.json").write_text(json.dumps(data, indent=2) + "\n", encoding="utf-8")
    print(text)
    print(f"\n(written to {RESULTS / name}.md and .json)")


@dataclass(frozen=True)
class Service:
    url: str
    pid: int  # the gunicorn master


@contextlib.contextmanager
def running_service(
    name: str = "service", *, workers: int = 1, env: dict | None = None, timeout: float = 120.0
):
    """Start `newsfacts serve` (gunicorn) on a free local port with ``env`` over the environment
    (no Redis unless ``env`` names one); yield it; stop it afterwards. Its log goes to
    bench/results/<name>.log."""
    port = free_port()
    environ = {k: v for k, v in os.environ.items() if k != "NEWSFACTS_REDIS_URL"} | (env or {})
    command = [sys.executable, "-m", "service.cli", "serve", "--bind", f"127.0.0.1:{port}"]
    command += ["--workers", str(workers)]
    RESULTS.mkdir(parents=True, exist_ok=True)
    log = (RESULTS / f"{name}.log").open("w")
    server = subprocess.Popen(command, cwd=ROOT, env=environ, start_new_session=True, stdout=log, stderr=log)
    url = f"http://127.0.0.1:{port}"
    try:
        _wait_ready(url, server, timeout)
        yield Service(url=url, pid=server.pid)
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)
        log.close()


def _wait_ready(url: str, server: subprocess.Popen, timeout: float) -> None:
    from urllib.request import urlopen

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise RuntimeError(f"service exited with {server.returncode}")
        with contextlib.suppress(OSError):
            with urlopen(f"{url}/readyz", timeout=2) as response:
                if response.status == 200:
                    return
        time.sleep(0.5)
    raise RuntimeError("service did not become ready")
