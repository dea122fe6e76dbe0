"""Cached analysis as JSON: the layer between the HTTP/CLI front ends and the analysis core.

The cache stores the serialised result without its ``meta``; a hit is returned as the
stored bytes with a fresh ``meta`` spliced in, so a hit does no model work and no
re-serialisation.
"""

from __future__ import annotations

import hashlib
import json
import time
from dataclasses import dataclass
from functools import cached_property

from schemas.response import ResultSchema
from service import metrics
from service.analysis.fetch import FetchError, FetchPolicy, failure_bytes, failure_from_bytes
from service.analysis.model import Result
from service.analysis.pipeline import AnalysisRequest, analyze, pipeline_version, request_key
from service.config import Settings


@dataclass(frozen=True)
class CachedResult:
    body: bytes  # the result JSON without "meta"
    cached: bool

    @cached_property
    def etag(self) -> str:
        """A strong validator: a digest of the body without ``meta``, so it names the result
        (the body carries the id, which folds in the pipeline version) and its content (a
        refreshed URL whose page changed gets a new tag)."""
        return hashlib.blake2b(self.body, digest_size=16).hexdigest()


def fetch_policy(settings: Settings) -> FetchPolicy:
    """The fetch limits the settings ask for."""
    return FetchPolicy(
        timeout=settings.fetch_timeout,
        connect_timeout=settings.fetch_connect_timeout,
        max_bytes=settings.fetch_max_bytes,
        max_redirects=settings.fetch_max_redirects,
        allow_cidrs=settings.fetch_allow_cidrs,
        user_agent=settings.fetch_user_agent,
        retries=settings.fetch_retries,
        retry_wait_cap=settings.fetch_retry_wait_cap,
    )


def analyze_cached(
    request: AnalysisRequest, *, cache, settings: Settings, refresh: bool = False
) -> CachedResult:
    """The result for ``request``, from the cache unless ``refresh`` or a miss.

    Concurrent misses of one key compute once (the cache's single flight). A failed fetch
    is cached for ``fetch_failure_ttl`` seconds and raised again from the cache, so a bad
    URL sent many times is fetched once.
    """
    key = request_key(request, model=settings.spacy_model)

    def compute() -> tuple[bytes, int]:
        try:
            result = analyze(request, model=settings.spacy_model, policy=fetch_policy(settings))
        except FetchError as error:
            metrics.fetch_failed(error.kind)
            return failure_bytes(error), settings.fetch_failure_ttl
        return dump_result(result, include_text=request.include_text), settings.cache_ttl

    body, cached = cache.get_or_compute(key, compute, refresh=refresh)
    metrics.cache_lookup("bypass" if refresh else "hit" if cached else "miss")
    failure = failure_from_bytes(body)
    if failure is not None:
        raise failure
    return CachedResult(body=body, cached=cached)


_RESULT_SCHEMAS = {True: ResultSchema(), False: ResultSchema(exclude=("article.text",))}


def dump_result(result: Result, *, include_text: bool = True) -> bytes:
    """Serialise a Result (without meta) as compact UTF-8 JSON."""
    schema = _RESULT_SCHEMAS[include_text]
    return json.dumps(schema.dump(result), ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def with_meta(body: bytes, *, cached: bool, started: float, model: str) -> bytes:
    """Splice the per-response ``meta`` object into a stored result body."""
    meta = {
        "cached": cached,
        "elapsed_ms": round((time.perf_counter() - started) * 1000),
        "version": pipeline_version(model),
    }
    return body[:-1] + b',"meta":' + json.dumps(meta, separators=(",", ":")).encode() + b"}"
