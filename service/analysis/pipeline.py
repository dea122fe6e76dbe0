"""The analysis road, Flask-free: a request in, a Result out.

input → article (given text, or HTML through extraction, or a fetched URL) → spaCy
parse → facts → summary. The API, the CLI, the job workers and the benchmarks all
call ``analyze``.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from dataclasses import dataclass, fields, replace
from datetime import date, datetime
from functools import lru_cache
from importlib import resources
from pathlib import Path

import spacy
from spacy import util as spacy_util

from service.analysis import nlp, timing
from service.analysis.article import extract_article
from service.analysis.article.blocks import blocks_of
from service.analysis.facts import STEPS, extract_facts
from service.analysis.fetch import FetchPolicy, fetch
from service.analysis.limits import MAX_TEXT_CHARS, check_page, check_text
from service.analysis.model import Article, Context, Result
from service.analysis.summary import summarize
from service.version import __version__

FACT_TYPES = ("casualties", "prisoners", "parties", "dates")
FACT_LANGUAGES = ("en",)  # the fact steps read English; other languages get a warning


class EmptyArticle(Exception):
    """The input holds no article text to analyse."""


@dataclass(frozen=True)
class AnalysisRequest:
    """One article to analyse: exactly one of text, html or url (url may accompany html)."""

    url: str | None = None
    html: str | None = None
    text: str | None = None
    title: str | None = None
    published_at: str | None = None
    language: str | None = None
    summary_sentences: int = 3
    include_text: bool = True
    facts: tuple[str, ...] | None = None  # None: every fact type


def analyze(
    request: AnalysisRequest,
    *,
    model: str = nlp.DEFAULT_MODEL,
    policy: FetchPolicy | None = None,
    max_text_chars: int = MAX_TEXT_CHARS,
) -> Result:
    """Analyse one article end to end; ArticleTooLong when its text is over ``max_text_chars``."""
    article = _read_article(request, policy or FetchPolicy(), max_text_chars)
    if not article.text.strip():
        raise EmptyArticle("no article text could be extracted")
    with timing.step("nlp"):
        doc, *title = nlp.parse_many([article.text, *_title(article)], model)
    return _analyse_parsed(request, article, doc, model, title_doc=title[0] if title else None)


def analyze_many(
    requests: list[AnalysisRequest],
    *,
    model: str = nlp.DEFAULT_MODEL,
    policy: FetchPolicy | None = None,
    batch_size: int = 32,
    read_map: Callable = map,
    max_text_chars: int = MAX_TEXT_CHARS,
) -> list[Result | Exception]:
    """Analyse many articles, parsing their texts together (faster than one by one).

    ``read_map`` maps the article reading (fetch and extraction) over the requests: a thread
    pool's ``map`` overlaps the fetches. Returns one item per request, in order: its Result, or
    the exception that ``analyze`` would have raised for it, so one bad input never fails the others.
    """
    policy = policy or FetchPolicy()
    articles = list(
        read_map(lambda request: _attempt(_read_article, request, policy, max_text_chars), requests)
    )
    for i, article in enumerate(articles):
        if isinstance(article, Article) and not article.text.strip():
            articles[i] = EmptyArticle("no article text could be extracted")
    texts = [
        text
        for article in articles
        if isinstance(article, Article)
        for text in [article.text, *_title(article)]
    ]
    with timing.step("nlp"):
        docs = iter(
            [
                doc
                for at in range(0, len(texts), batch_size)
                for doc in nlp.parse_many(texts[at : at + batch_size], model)
            ]
        )
        parsed = [
            (next(docs), next(docs) if _title(article) else None) if isinstance(article, Article) else None
            for article in articles
        ]
    return [
        _attempt(_analyse_parsed, request, article, docs[0], model, docs[1]) if docs is not None else article
        for request, article, docs in zip(requests, articles, parsed, strict=True)
    ]


def _title(article: Article) -> list[str]:
    """The title, parsed beside the text (the casualty totals read its figures), when there is one."""
    return [article.title[:300]] if article.title and article.title.strip() else []


def _attempt(function, *args):
    """``function(*args)``, or the exception it raised (a batch reports failures per item)."""
    try:
        return function(*args)
    except Exception as error:  # noqa: BLE001  (every failure belongs to its own item)
        return error


def _analyse_parsed(request: AnalysisRequest, article: Article, doc, model: str, title_doc=None) -> Result:
    """Facts and summary of an article already parsed into ``doc`` (its title into ``title_doc``)."""
    context = Context(
        text=article.text,
        published_at=parse_reference_date(article.published_at),
        language=article.language,
        title=article.title,
        title_doc=title_doc,
        blocks=article.blocks,
    )
    facts = extract_facts(doc, context, include=request.facts)
    with timing.step("summary"):
        summary = summarize(doc, facts, sentences=request.summary_sentences, blocks=article.blocks)
    return Result(
        id="sha256:" + request_key(request, model=model),
        article=article,
        summary=summary,
        facts=facts,
        meta={"version": pipeline_version(model)},
        warnings=language_warnings(article.language),
    )


def language_warnings(language: str | None) -> tuple[dict, ...]:
    """A warning when the article's language (given or detected) is one the facts are not read in."""
    code = (language or "").split("-")[0].lower()
    if not code or code in FACT_LANGUAGES:
        return ()
    message = (
        f"Facts are extracted from English text only; this article's language is {code!r}, "
        "so expect few or none."
    )
    return ({"code": "language-unsupported", "message": message},)


WARM_UP_PAGE = (
    "<html><head><title>Warm-up</title></head><body><article><p>On Tuesday, a storm killed two people and "
    "injured five others in the capital, officials said. Rebels freed 12 hostages a week later.</p>"
    "</article></body></html>"
)


def warm_up(model: str = nlp.DEFAULT_MODEL) -> Result:
    """Run one small analysis so the model, the extractors' data and matchers are built now.

    Called in the preloading gunicorn master: what it builds is shared by the forked workers,
    and the first real request pays no start-up cost.
    """
    return analyze(AnalysisRequest(html=WARM_UP_PAGE, published_at="2025-03-19"), model=model)


def _read_article(request: AnalysisRequest, policy: FetchPolicy, max_text_chars: int) -> Article:
    """The article; ArticleTooLong (before any parsing) when its text is over ``max_text_chars``."""
    if request.text is not None:
        article = Article(text=request.text, url=request.url)
    elif request.html is not None:
        with timing.step("article"):
            check_page(request.html, max_text_chars)
            article = extract_article(request.html, url=request.url)
    else:
        with timing.step("fetch"):
            page = fetch(request.url, policy)
        with timing.step("article"):
            check_page(page.html, max_text_chars)
            article = extract_article(page.html, url=page.url)
        article = replace(article, url=request.url)
    overrides = {
        name: getattr(request, name)
        for name in ("title", "published_at", "language")
        if getattr(request, name)
    }
    check_text(article.text, max_text_chars)
    article = replace(article, **overrides)
    return replace(article, blocks=blocks_of(article.text, article.title, article.marked))


def parse_reference_date(value: str | None) -> date | datetime | None:
    """An ISO 8601 date or datetime string as a date (or datetime when it has a time)."""
    if not value:
        return None
    try:
        parsed = datetime.fromisoformat(value.strip())
    except ValueError:
        return None
    has_time = "T" in value or " " in value.strip()
    return parsed if has_time else parsed.date()


def request_key(request: AnalysisRequest, *, model: str = nlp.DEFAULT_MODEL) -> str:
    """A hash of the normalised request and the pipeline version: the cache key and result id.

    Remembered for the latest requests: a repeated body comes back from the API's memo as the same
    request object, and hashing that again (its text's hash is cached by Python) is cheaper than
    serialising it, which a cache hit would otherwise spend most of its time on.
    """
    if len(request.html or "") + len(request.text or "") > KEY_MEMO_MAX_CHARS:
        return _compute_key(request, model)  # the memo would keep a large page alive
    return _request_key(request, model)


KEY_MEMO_MAX_CHARS = 64_000


@lru_cache(maxsize=128)
def _request_key(request: AnalysisRequest, model: str) -> str:
    return _compute_key(request, model)


def _compute_key(request: AnalysisRequest, model: str) -> str:
    normalised = {field.name: getattr(request, field.name) for field in fields(request)}
    normalised["facts"] = sorted(request.facts) if request.facts is not None else None
    payload = json.dumps([normalised, pipeline_version(model)], sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


DATA_SUFFIXES = (".json", ".jsonl", ".tsv", ".txt")


def _data_files() -> list[Path]:
    """The rule data and trained models, which live beside the code that reads them."""
    root = Path(str(resources.files("service.analysis")))
    return [path for path in root.rglob("*") if path.suffix in DATA_SUFFIXES and path.is_file()]


# The shape of a stored result: bump it when results gain or change a field (2: evidence.figure), so
# the cache, keyed by this version, never serves a result written before the change.
RESULT_FORMAT = 2


@lru_cache(maxsize=8)
def pipeline_version(model: str = nlp.DEFAULT_MODEL) -> str:
    """Code version, model version and a digest of the rule data, the steps, spaCy's version and how
    the model is run (``nlp.PARSE_METHOD``): a change in any re-keys the cache."""
    digest = hashlib.sha256()
    for entry in sorted(_data_files(), key=lambda item: item.name):
        digest.update(entry.name.encode() + entry.read_bytes())
    digest.update(",".join(name for name, _ in STEPS).encode())
    digest.update(f"spacy {spacy.__version__}; {nlp.PARSE_METHOD}; result format {RESULT_FORMAT}".encode())
    model_version = spacy_util.get_package_version(model) or "unknown"
    return f"{__version__}+{model}-{model_version}.{digest.hexdigest()[:10]}"
