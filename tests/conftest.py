"""Fixtures: the app built from the factory, a real redis-server and a local page server."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from service import create_app
from service.config import Settings
from tests.support.servers import PageServer, RedisServer

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "tests" / "data"
LOCAL_ONLY = ("127.0.0.1/32",)


@pytest.fixture(scope="session")
def redis_server():
    """One throwaway redis-server for the session (never the machine's 6379)."""
    server = RedisServer().start()
    yield server
    server.stop()


@pytest.fixture
def redis_url(redis_server):
    redis_server.client().flushall()
    return redis_server.url


@pytest.fixture(scope="session")
def page_server():
    """A local HTTP server for URL input; tests add pages to it."""
    server = PageServer().start()
    yield server
    server.stop()


@pytest.fixture
def settings(redis_url) -> Settings:
    """Test settings: the fixture's Redis, and fetching allowed to the local page server only."""
    return Settings(redis_url=redis_url, fetch_allow_cidrs=LOCAL_ONLY, fetch_timeout=3.0)


@pytest.fixture
def app(settings):
    return create_app(settings)


@pytest.fixture
def client(app):
    return app.test_client()


def find_seed() -> Path | None:
    """The project's seed article lives beside the repository, in shared/seed/, not inside it."""
    for folder in ROOT.parents:
        candidate = folder / "shared" / "seed" / "article.txt"
        if candidate.exists():
            return candidate
    return None


@pytest.fixture(scope="session")
def seed_text() -> str:
    """The article the project started from (tests using it skip where shared/ is absent)."""
    seed = find_seed()
    if seed is None:
        pytest.skip("shared/seed/article.txt is not present")
    return seed.read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def article_text() -> str:
    """A wire-style story written for these tests."""
    return (DATA / "articles" / "harbour_strike.txt").read_text(encoding="utf-8")


REQUIRE_BENCHMARKS = os.environ.get("NEWSFACTS_REQUIRE_BENCHMARKS") == "1"


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    """With NEWSFACTS_REQUIRE_BENCHMARKS=1 (as .ci/run sets it), a test skipped because the shared
    benchmark data is absent fails instead: CI must not pass without measuring."""
    outcome = yield
    report = outcome.get_result()
    if REQUIRE_BENCHMARKS and report.skipped and "benchmark data absent" in str(report.longrepr):
        report.outcome = "failed"
        report.longrepr = f"benchmark data absent while NEWSFACTS_REQUIRE_BENCHMARKS=1: {report.longrepr}"
