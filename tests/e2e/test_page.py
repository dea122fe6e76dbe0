"""The editors' page in a real headless browser (Debian's chromium driven by Playwright)."""

from __future__ import annotations

import shutil
import threading
from pathlib import Path

import pytest
from werkzeug.serving import make_server

from service import create_app
from tests.conftest import ROOT

CHROMIUM = "/usr/bin/chromium"
ARTIFACTS = ROOT / "tests" / "artifacts"
CHROMIUM_ARGS = [
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="Debian's chromium is not installed"),
]


@pytest.fixture(scope="module")
def service_url(redis_server):
    """The app on a free port, served by werkzeug in a thread."""
    from service.config import Settings

    server = make_server("127.0.0.1", 0, create_app(Settings(redis_url=redis_server.url)), threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}/"
    server.shutdown()


@pytest.fixture(scope="module")
def browser():
    playwright_api = pytest.importorskip("playwright.sync_api")
    with playwright_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser, service_url):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.goto(service_url)
    yield page
    context.close()


def analyze(page, text: str, published_at: str | None = None):
    page.get_by_label("Article text").fill(text)
    if published_at:
        page.get_by_label("Publication date").fill(published_at)
    page.get_by_role("button", name="Analyze").click()


def test_seed_article_shows_its_facts(page, seed_text):
    analyze(page, seed_text, "2025-03-19")
    page.wait_for_selector("#results:not([hidden])")
    figures = page.locator("#figures tbody")
    killed = figures.locator("tr.row-casualties", has_text="killed")
    assert killed.first.locator("td").nth(2).inner_text() == "1"
    assert figures.locator("tr.row-prisoners", has_text="372").count() >= 1
    parties = page.locator("#parties").inner_text()
    for name in (
        "Russia",
        "Ukraine",
        "United States",
        "Vladimir Putin",
        "Volodymyr Zelensky",
        "Donald Trump",
    ):
        assert name in parties
    highlighted = page.locator("#article-text mark.fact-casualties").all_inner_texts()
    assert any("killed one person" in text for text in highlighted)
    assert page.locator("#article-text mark.fact-prisoners").count() >= 1
    assert page.locator("#article-text mark.fact-dates").count() >= 1
    assert "2025-03-18" in page.locator("#timeline").inner_text()
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "seed-article.png"), full_page=True)


def test_highlight_shows_its_figure_on_focus(page, article_text):
    analyze(page, article_text, "2025-06-02")
    page.wait_for_selector("#results:not([hidden])")
    assert page.locator("#article-text").inner_text().strip() == article_text.strip()
    mark = page.locator("#article-text mark").first
    mark.focus()
    assert mark.get_attribute("data-tip")
    assert "curl" in page.locator("#curl").inner_text()
    page.locator("details summary").click()
    assert '"facts"' in page.locator("#raw-json").inner_text()


def test_bad_input_shows_the_problem(page):
    page.get_by_role("button", name="Analyze").click()
    problem = page.get_by_role("alert")
    problem.wait_for()
    assert "invalid" in problem.inner_text().lower()
    page.get_by_role("radio", name="URL").check()
    page.get_by_label("Article URL").fill("http://127.0.0.1:9/private")
    page.get_by_role("button", name="Analyze").click()
    page.wait_for_function("document.querySelector('[role=alert]').innerText.includes('non-public')")


def test_page_fits_a_phone(browser, service_url):
    context = browser.new_context(viewport={"width": 375, "height": 800})
    page = context.new_page()
    page.goto(service_url)
    width = page.evaluate("document.documentElement.scrollWidth")
    context.close()
    assert width <= 375


def test_no_request_leaves_the_machine(page, article_text):
    outside = []
    page.on(
        "request", lambda request: outside.append(request.url) if "127.0.0.1" not in request.url else None
    )
    page.reload()
    analyze(page, article_text)
    page.wait_for_selector("#results:not([hidden])")
    assert outside == []


def teardown_module():
    shutil.rmtree(ROOT / "tests" / "artifacts" / "tmp", ignore_errors=True)


@pytest.fixture(scope="module")
def keyed_service_url(redis_server):
    """The app with API keys switched on (one key, "editor-key")."""
    import hashlib

    from service.config import Settings

    digest = hashlib.sha256(b"editor-key").hexdigest()
    app = create_app(Settings(redis_url=redis_server.url, api_key_hashes=(f"editors:{digest}",)))
    server = make_server("127.0.0.1", 0, app, threaded=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_port}/"
    server.shutdown()


def test_page_sends_the_api_key_when_the_service_needs_one(browser, keyed_service_url, article_text):
    context = browser.new_context()
    page = context.new_page()
    page.goto(keyed_service_url)
    analyze(page, article_text)
    problem = page.get_by_role("alert")
    problem.wait_for()
    assert "key" in problem.inner_text().lower()
    page.get_by_label("API key").fill("editor-key")
    page.get_by_role("button", name="Analyze").click()
    page.wait_for_selector("#results:not([hidden])")
    assert "X-API-Key: $NEWSFACTS_API_KEY" in page.locator("#curl").inner_text()
    context.close()


def test_a_story_shows_its_event_and_the_figure_history(page, redis_server):
    from tests.events.stories import RIVERTON_FIRST, RIVERTON_UPDATE

    redis_server.client().flushall()  # the events other tests left in the session's Redis
    analyze(page, RIVERTON_FIRST["text"], RIVERTON_FIRST["published_at"][:10])
    page.wait_for_selector("#event-meta:has-text('1 article(s)')")
    analyze(page, RIVERTON_UPDATE["text"], RIVERTON_UPDATE["published_at"][:10])
    page.wait_for_selector("#event-meta:has-text('2 article(s)')")  # the same event, now with both
    killed = page.locator("#event-figures tbody tr", has_text="killed")
    assert killed.locator("td").nth(1).inner_text() == "3"
    assert "2 (2026-03-06" in killed.locator("td").nth(3).inner_text()
    assert page.locator("#event-articles li").count() == 2
