"""Fixtures for jobs: a Redis of their own, real `newsfacts worker` processes, a callback receiver."""

from __future__ import annotations

import os
import time

import pytest

from service import create_app
from service.config import Settings
from tests.conftest import LOCAL_ONLY, ROOT
from tests.support.servers import CallbackServer, RedisServer, WorkerProcess

SECRET = "test-callback-secret"
# Fast failure detection for the tests: a silent worker's item is retried within seconds.
TIMINGS = {
    "job_monitoring_interval": 1,
    "job_heartbeat_grace": 2,
    "job_maintenance_interval": 1,
    "callback_backoff": 0.2,
    "fetch_timeout": 20.0,
}


@pytest.fixture(scope="module")
def jobs_redis():
    server = RedisServer().start()
    yield server
    server.stop()


@pytest.fixture(scope="module")
def jobs_settings(jobs_redis) -> Settings:
    return Settings(redis_url=jobs_redis.url, fetch_allow_cidrs=LOCAL_ONLY, callback_secret=SECRET, **TIMINGS)


@pytest.fixture(scope="module")
def jobs_client(jobs_settings):
    return create_app(jobs_settings).test_client()


@pytest.fixture(scope="module")
def callback_server():
    server = CallbackServer().start()
    yield server
    server.stop()


def worker_env(settings: Settings) -> dict[str, str]:
    """The environment that gives a worker process the same settings as the test app."""
    env = {key: value for key, value in os.environ.items() if not key.startswith("NEWSFACTS_")}
    env.update(
        NEWSFACTS_REDIS_URL=settings.redis_url,
        NEWSFACTS_FETCH_ALLOW_CIDRS=",".join(settings.fetch_allow_cidrs),
        NEWSFACTS_CALLBACK_SECRET=settings.callback_secret,
        NEWSFACTS_LOG_LEVEL="INFO",
    )
    env.update({f"NEWSFACTS_{name.upper()}": str(value) for name, value in TIMINGS.items()})
    return env


@pytest.fixture
def start_worker(jobs_settings, jobs_redis, tmp_path):
    """Start named workers; all are stopped (or were killed) when the test ends."""
    started: list[WorkerProcess] = []
    logs = tmp_path

    def start(name: str) -> WorkerProcess:
        worker = WorkerProcess(worker_env(jobs_settings), name=name, cwd=ROOT, log_path=logs / f"{name}.log")
        started.append(worker)
        return worker.wait_ready(jobs_redis.client())

    yield start
    for worker in started:
        worker.stop()


def wait_for_job(client, job_id: str, timeout: float = 90) -> dict:
    """Poll GET /v1/jobs/<id> until the job has ended."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        body = client.get(f"/v1/jobs/{job_id}").get_json()
        if body["status"] in ("finished", "failed"):
            return body
        time.sleep(0.2)
    raise AssertionError(f"job {job_id} did not end: {body}")
