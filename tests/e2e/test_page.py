"""The editors' page in a real headless browser (Debian's chromium driven by Playwright)."""

from __future__ import annotations

import json
import re
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
    """Fill the form (re-opening it when a result collapsed it) and press Analyze."""
    if page.locator("#edit-input").is_visible():
        page.get_by_role("button", name="Edit input").click()
    page.get_by_role("radio", name="Text").check()
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
    # Tuesday, and the night that ended on the publication morning ("overnight")
    tuesday = page.locator('#timeline time[datetime="2025-03-18"]').all_inner_texts()
    assert sorted(tuesday) == ["Tue 18 Mar 2025", "night of 18–19 Mar 2025"]


def test_highlight_shows_its_figure_on_focus(page, article_text):
    analyze(page, article_text, "2025-06-02")
    page.wait_for_selector("#results:not([hidden])")
    assert page.locator("#article-text").inner_text().strip() == article_text.strip()
    mark = page.locator("#article-text mark").first
    mark.focus()
    assert mark.get_attribute("data-tip")
    assert "curl" in page.locator("#curl").text_content()
    page.get_by_text("Raw JSON").click()
    assert '"facts"' in page.locator("#raw-json").inner_text()


def test_bad_input_shows_the_problem(page):
    page.get_by_role("button", name="Analyze").click()
    problem = page.get_by_role("alert")
    problem.wait_for()
    assert "“Article text” is empty" in problem.inner_text()  # plain words, not the API's
    page.get_by_role("radio", name="URL").check()
    page.get_by_label("Article URL").fill("http://127.0.0.1:9/private")
    page.get_by_role("button", name="Analyze").click()
    page.wait_for_function("() => document.querySelector('[role=alert]').innerText.includes('non-public')")


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
    assert "X-API-Key: $NEWSFACTS_API_KEY" in page.locator("#curl").text_content()
    stored = page.evaluate("JSON.stringify([Object.entries(sessionStorage), Object.entries(localStorage)])")
    assert "editor-key" not in stored and "editor-key" not in page.url  # the key stays in the input
    context.close()


def test_a_story_shows_its_event_and_the_figure_history(page, redis_server):
    from tests.events.stories import RIVERTON_FIRST, RIVERTON_UPDATE

    redis_server.client().flushall()  # the events other tests left in the session's Redis
    analyze(page, RIVERTON_FIRST["text"], RIVERTON_FIRST["published_at"][:10])
    page.wait_for_selector("#event-meta:has-text('1 article ·')")
    analyze(page, RIVERTON_UPDATE["text"], RIVERTON_UPDATE["published_at"][:10])
    page.wait_for_selector("#event-meta:has-text('2 articles')")  # the same event, now with both
    killed = page.locator("#event-figures tbody tr", has_text="killed")
    assert killed.locator("td").nth(1).inner_text() == "3"
    assert "2 (2026-03-06" in killed.locator("td").nth(3).inner_text()
    assert page.locator("#event-articles li").count() == 2


# ---- issue 20: the figures first, the exact words behind each, dates people read ----------------

RAW_TIMEX = re.compile(r"\d{4}-\d{2}-\d{2}|\bT(NI|MO|AF|EV)\b|\bP(T?)[\dX]+[YMWDH]\b|PTXH")


def analysed(page, text: str, published_at: str | None = "2025-03-19") -> dict:
    """Analyse ``text`` and return the response JSON the page shows.

    Waits for the form to collapse: analyze() leaves it open, and only a new result closes it, so a
    second analysis in one test never reads the previous result."""
    analyze(page, text, published_at)
    page.wait_for_selector("#analyze-form", state="hidden")
    page.wait_for_selector("#results:not([hidden])")
    return json.loads(page.locator("#raw-json").text_content())


def test_the_headline_figures_come_first_in_view_and_focused(page, seed_text):
    result = analysed(page, seed_text)
    strip = page.locator("#headline")
    page.wait_for_function("() => document.activeElement && document.activeElement.id === 'headline'")
    box = strip.bounding_box()
    assert 0 <= box["y"] < page.viewport_size["height"]
    figures = page.locator("#headline-figures .big").all_inner_texts()
    assert any(re.fullmatch(r"(at least |about )?\d+ killed", f) for f in figures), figures
    prisoners = page.locator("#headline-figures li.fact-prisoners")
    assert re.search(r"\b372 (exchanged|released)\b", prisoners.inner_text())
    assert "%" in prisoners.inner_text()  # the confidence, as a plain percentage
    assert re.fullmatch(
        r"Found \d+ figures?, \d+ part(y|ies), \d+ dates?\.", page.locator("#status").inner_text()
    )
    assert page.locator("#analyze-form").is_hidden() and page.locator("#edit-input").is_visible()

    prisoners.get_by_role("link", name="show in text").click()
    mark = page.locator("#article-text mark:focus")
    fact = next(p for p in result["facts"]["prisoners"] if p["count"] == 372)
    span = fact["evidence"]["figure"]
    assert "figure" in mark.get_attribute("class")
    assert mark.inner_text() == result["article"]["text"][span["start"] : span["end"]]
    assert "372" in mark.inner_text()
    mark.click()  # and back from the highlight to its row
    assert page.evaluate("document.activeElement.id").startswith("row-p")


def test_figure_words_are_marked_strongly_inside_their_sentence(page, article_text):
    result = analysed(page, article_text, "2025-06-02")
    text = result["article"]["text"]
    for fact in result["facts"].get("casualties", []) + result["facts"].get("prisoners", []):
        span = fact["evidence"].get("figure")
        if span is None or fact["evidence"].get("part") == "title":
            continue
        words = text[span["start"] : span["end"]]
        figures = page.locator("#article-text mark.figure").all_inner_texts()
        assert words in "".join(figures)
        assert fact["evidence"]["start"] <= span["start"] < span["end"] <= fact["evidence"]["end"]


def test_dates_are_in_words_and_durations_apart(page, seed_text):
    analysed(page, seed_text)
    timeline = page.locator("#timeline").inner_text()
    durations = page.locator("#durations").inner_text()
    assert not RAW_TIMEX.search(timeline) and not RAW_TIMEX.search(durations), (timeline, durations)
    assert "30 days" in durations and "30 days" not in timeline
    assert "hours" in durations and "some hours" in durations
    lines = page.locator("#timeline li").all_inner_texts()
    assert len(lines) == len(set(lines))  # one line per date, its phrasings merged
    assert sum("Wednesday" in line for line in lines) == 1


def test_dates_warn_without_a_publication_date(page, seed_text):
    assert "today's date" in page.locator("#date-note").inner_text()  # the default is said
    page.get_by_label("Publication date").fill("")
    assert "no publication date" in page.locator("#date-note").inner_text().lower()
    analyze(page, seed_text)
    page.wait_for_selector("#results:not([hidden])")
    assert "no publication date" in page.locator("#dates-note").inner_text().lower()


def test_the_results_fit_a_phone(browser, service_url, seed_text):
    context = browser.new_context(viewport={"width": 375, "height": 800})
    page = context.new_page()
    page.goto(service_url)
    analysed(page, seed_text)
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    page.locator("#article-text mark.figure").first.focus()  # its tip opens too
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    assert page.locator("#figures thead").is_hidden()  # stacked cards, each cell labelled
    context.close()


def test_a_failed_request_keeps_the_previous_results(page, seed_text):
    analysed(page, seed_text)
    before = page.locator("#headline-figures").inner_text()
    page.get_by_role("button", name="Edit input").click()
    page.get_by_role("radio", name="URL").check()
    page.get_by_label("Article URL").fill("http://127.0.0.1:9/private")
    page.get_by_role("button", name="Analyze").click()
    page.get_by_role("alert").wait_for()
    assert page.locator("#results").is_visible() and page.locator("#stale").is_visible()
    assert page.locator("#headline-figures").inner_text() == before


def test_a_url_pasted_as_text_is_fetched_as_a_url(page):
    analyze(page, "  http://127.0.0.1:9/story  ")
    page.get_by_role("alert").wait_for()
    assert page.get_by_role("radio", name="URL").is_checked()
    assert "web address" in page.locator("#input-note").inner_text()
    assert "non-public" in page.get_by_role("alert").inner_text()


def test_the_curl_block_is_short_and_the_copy_is_whole(browser, service_url, seed_text):
    context = browser.new_context(permissions=["clipboard-read", "clipboard-write"])
    page = context.new_page()
    page.goto(service_url)
    analysed(page, seed_text)
    page.get_by_text("The same request with curl").click()
    shown = page.locator("#curl").inner_text()
    assert len(shown) < 600 and "more characters" in shown
    page.get_by_role("button", name="Copy curl command").click()
    page.wait_for_function("() => document.getElementById('copied').textContent.startsWith('Copied')")
    copied = page.evaluate("navigator.clipboard.readText()")
    assert json.loads(copied.split(" -d '", 1)[1][:-1].replace("'\\''", "'"))["text"] == seed_text
    context.close()


def test_the_page_and_the_docs_run_under_the_csp(browser, service_url, seed_text):
    context = browser.new_context()
    page = context.new_page()
    messages = []
    page.on("console", lambda message: messages.append(message.text))
    page.goto(service_url)
    assert page.evaluate("fetch('favicon.ico').then((r) => r.status)") == 200
    analysed(page, seed_text)
    page.locator("#article-text mark.figure").first.hover()
    page.goto(service_url + "docs")
    page.locator(".swagger-ui .opblock-summary").first.click()
    page.locator(".swagger-ui .opblock-body").first.wait_for()
    context.close()
    assert not [m for m in messages if "Content Security Policy" in m or "Content-Security-Policy" in m], (
        messages
    )


# ---- issue 20, the remaining checks: accessibility, width, screenshots ---------------------------

WIDTHS = {"desktop": {"width": 1280, "height": 900}, "phone": {"width": 375, "height": 800}}
SERIOUS = {"serious", "critical"}


@pytest.fixture(params=list(WIDTHS))
def analysed_page(request, browser, service_url, seed_text):
    """The page at 1280 px and at 375 px, after analysing the seed article (published 2025-03-19)."""
    context = browser.new_context(viewport=WIDTHS[request.param])
    page = context.new_page()
    page.goto(service_url)
    analysed(page, seed_text)
    page.wait_for_selector("#event:not([hidden])")  # drawn after the result, from a second request
    yield page
    context.close()


def _axe_report(violations: list[dict]) -> str:
    """One line per rule and node, so a failure says what to fix and where."""
    lines = []
    for violation in violations:
        lines.append(f"{violation['id']} ({violation['impact']}): {violation['help']}")
        lines.extend(f"    {node['target']}: {node['failureSummary']}" for node in violation["nodes"])
    return "\n".join(lines)


def test_axe_finds_nothing_serious(analysed_page, service_url):
    """axe-core's rules on the analysed page: no serious or critical violation at either width.

    axe-playwright-python hands its bundled axe.min.js to page.evaluate, which runs in the page's
    main world through DevTools and is not subject to the page's CSP: no bypass_csp, and nothing is
    fetched (checked below)."""
    from axe_playwright_python.sync_playwright import Axe

    requests = []
    analysed_page.on("request", lambda request: requests.append(request.url))
    results = Axe().run(analysed_page)
    serious = [v for v in results.response["violations"] if v["impact"] in SERIOUS]
    assert not serious, _axe_report(serious)
    assert not [url for url in requests if not url.startswith(service_url)], requests


def test_no_element_is_wider_than_a_phone(browser, service_url, seed_text):
    """At 375 px every rendered element ends inside the viewport (no sideways scrolling anywhere)."""
    context = browser.new_context(viewport=WIDTHS["phone"])
    page = context.new_page()
    page.goto(service_url)
    analysed(page, seed_text)
    rendered, too_wide = page.evaluate(
        """() => {
            const boxes = [...document.querySelectorAll("body *")]
                .map((node) => [node, node.getBoundingClientRect()])
                .filter(([, box]) => box.width > 0);
            const wide = boxes.filter(([, box]) => box.right > window.innerWidth + 0.5)
                .map(([node, box]) => `${node.tagName}#${node.id}.${node.className}: ${box.right}`);
            return [boxes.length, wide];
        }"""
    )
    context.close()
    assert rendered > 100  # the results were on screen when measured (the bare form has ~30)
    assert not too_wide, too_wide


def test_screenshots_at_both_widths(analysed_page):
    """Full-page screenshots of the analysed seed article, for a person to review (git-ignored)."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    path = ARTIFACTS / f"page-{analysed_page.viewport_size['width']}.png"
    path.unlink(missing_ok=True)
    analysed_page.screenshot(path=str(path), full_page=True)
    assert path.stat().st_size > 0


def test_curl_and_raw_json_start_collapsed(analysed_page):
    """The curl command and the raw JSON are for developers: closed until asked for."""
    for summary, block in (("The same request with curl", "#curl"), ("Raw JSON", "#raw-json")):
        assert analysed_page.locator(block).is_hidden()
        analysed_page.get_by_text(summary, exact=True).click()
        assert analysed_page.locator(block).is_visible()


def test_the_killed_figure_marks_exactly_its_words(page, seed_text):
    """The strongly marked words of the seed article's killed fact are its evidence.figure span."""
    result = analysed(page, seed_text)
    index, fact = next((i, f) for i, f in enumerate(result["facts"]["casualties"]) if f["kind"] == "killed")
    span = fact["evidence"]["figure"]
    pieces = page.locator(f'#article-text mark.figure[data-rows~="row-c{index}"]')
    assert "".join(pieces.all_text_contents()) == result["article"]["text"][span["start"] : span["end"]]
    assert int(pieces.first.evaluate("(mark) => getComputedStyle(mark).fontWeight")) >= 700
    expect = pytest.importorskip("playwright.sync_api").expect
    expect(pieces.first).to_have_accessible_description(re.compile(r"\bkilled\b"))  # the tip, read out


def test_counts_are_worded_with_correct_plurals(page, seed_text):
    """One of a thing is singular, anything else plural, in the status line as in the helper."""
    words = page.evaluate(
        """() => import("./static/dates.js").then(({ plural }) =>
            [plural(0, "date"), plural(1, "date"), plural(2, "date"), plural(1, "party", "parties"),
             plural(3, "party", "parties")])"""
    )
    assert words == ["0 dates", "1 date", "2 dates", "1 party", "3 parties"]
    result = analysed(page, seed_text)
    facts = result["facts"]
    figures = len(facts["casualties"]) + len(facts["prisoners"])
    parties = len(facts["parties"])
    status = page.locator("#status").inner_text()
    assert status.startswith(f"Found {figures} figure{'' if figures == 1 else 's'}, ")
    assert f" {parties} part{'y' if parties == 1 else 'ies'}, " in status
    analysed(page, "One person was killed in a crash on the ring road.")
    status = page.locator("#status").inner_text()
    assert re.match(r"Found 1 figure, \d+ part(y|ies), (1 date|\d+ dates)\.$", status), status


@pytest.mark.parametrize(
    ("kind", "value", "field", "advice"),
    [
        ("Text", "", "“Article text”", "paste the article's text"),
        ("URL", "", "“Article URL”", "copy it from the browser's address bar"),
        ("URL", "ftp://example.org/story", "“Article URL”", "starting with http:// or https://"),
    ],
)
def test_input_errors_name_the_field_and_what_to_do(page, kind, value, field, advice):
    """An input error says which field, as its label reads, and what to do about it."""
    page.get_by_role("radio", name=kind).check()
    page.locator("#source").fill(value)
    page.get_by_role("button", name="Analyze").click()
    problem = page.get_by_role("alert")
    problem.wait_for()
    words = problem.inner_text()
    assert field in words and advice in words, words
    assert "Must not be empty" not in words and "absolute http" not in words  # not the API's wording
