"""schemathesis' CLI with every check against a running `newsfacts serve` (issue 19's live run).

    python -m bench.fuzz_live [--max-examples 50] [--workers 2] [--seed 1]

Starts a throwaway redis-server (jobs need it) and gunicorn on loopback, offline: every host a
generated URL or callback names resolves to a documentation address and every address is refused,
so nothing generated is ever dialled (tests/support/fuzz_rules.py). Then runs

    SCHEMATHESIS_HOOKS=tests.support.schemathesis_hooks schemathesis run <service>/openapi.yaml \
        --checks all --exclude-checks positive_data_acceptance,negative_data_rejection

where the hooks add the two strict checks with the documented exceptions the test suite uses
(tests/api/test_fuzz.py): ``positive_data_acceptance_documented`` and
``negative_data_rejection_documented`` (the latter not applied to the per-item batch and job
endpoints). The output is kept in bench/results/fuzz_live.txt; the exit status is schemathesis'.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys

from bench.common import RESULTS, ROOT, _wait_ready, free_port
from tests.support.servers import RedisServer

SERVE = (
    "import sys; from tests.support.fuzz_rules import offline_fetches; offline_fetches(); "
    "from service.cli import main; sys.exit(main(sys.argv[1:]))"
)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--max-examples", type=int, default=50)
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()

    RESULTS.mkdir(parents=True, exist_ok=True)
    redis_server = RedisServer().start()
    port = free_port()
    env = os.environ | {
        "NEWSFACTS_REDIS_URL": redis_server.url,
        "NEWSFACTS_CALLBACK_SECRET": "fuzz",
        "NEWSFACTS_LOG_LEVEL": "WARNING",
        "PYTHONPATH": str(ROOT),
    }
    log = (RESULTS / "fuzz_live.log").open("w")
    command = [sys.executable, "-c", SERVE, "serve", "--bind", f"127.0.0.1:{port}"]
    command += ["--workers", str(args.workers)]
    service = subprocess.Popen(command, cwd=ROOT, env=env, stdout=log, stderr=log, start_new_session=True)
    url = f"http://127.0.0.1:{port}"
    try:
        _wait_ready(url, service, 300)
        run = [
            os.path.join(os.path.dirname(sys.executable), "schemathesis"),
            "run",
            f"{url}/openapi.yaml",
            "--checks",
            "all",
            "--exclude-checks",
            "positive_data_acceptance,negative_data_rejection",
            "--max-examples",
            str(args.max_examples),
            "--seed",
            str(args.seed),
            "--workers",
            "2",
            "--request-timeout=30",
            "--generation-database=none",  # each run from its seed, nothing left in the work tree
        ]
        hooks = env | {"SCHEMATHESIS_HOOKS": "tests.support.schemathesis_hooks", "NO_COLOR": "1"}
        print("$ SCHEMATHESIS_HOOKS=tests.support.schemathesis_hooks " + " ".join(run), flush=True)
        done = subprocess.run(run, cwd=ROOT, env=hooks, capture_output=True, text=True)
        output = done.stdout + done.stderr
        (RESULTS / "fuzz_live.txt").write_text(" ".join(run) + "\n\n" + output, encoding="utf-8")
        print(output[-6000:])
        print(f"(written to {RESULTS / 'fuzz_live.txt'}; exit {done.returncode})")
        return done.returncode
    finally:
        os.killpg(service.pid, 15)
        service.wait(timeout=60)
        log.close()
        redis_server.stop()


if __name__ == "__main__":
    sys.exit(main())
