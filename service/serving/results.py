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
from functools import cached_property, lru_cache

from schemas.response import ResultSchema
from service.analysis.fetch import FetchError, FetchPolicy, failure_bytes, failure_from_bytes
from service.analysis.model import Result
from service.analysis.pipeline import AnalysisRequest, analyze, analyze_many, pipeline_version, request_key
from service.config import Settings
from service.web import metrics


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
            result = analyze(
                request,
                model=settings.spacy_model,
                policy=fetch_policy(settings),
                max_text_chars=settings.max_text_chars,
            )
        except FetchError as error:
            return _stored(error, request, settings)
        return _stored(result, request, settings)

    body, cached = cache.get_or_compute(key, compute, refresh=refresh)
    result = _from_store(body, cached=cached, refresh=refresh)
    if isinstance(result, FetchError):
        raise result
    return result


def analyze_many_cached(
    requests: list[AnalysisRequest], *, cache, settings: Settings, refresh: bool = False, read_map=map
) -> list[CachedResult | Exception]:
    """Results for many requests, in order: hits from the cache, and every miss analysed in one
    ``analyze_many`` run (their texts parsed together), each stored as ``analyze_cached`` would.

    An item's failure is returned in its place. Unlike ``analyze_cached`` there is no single
    flight: a miss that another request is computing at the same moment is computed twice.
    """
    keys = [request_key(request, model=settings.spacy_model) for request in requests]
    bodies: list = [None if refresh else cache.get(key) for key in keys]
    misses = [i for i, body in enumerate(bodies) if body is None]
    computed = analyze_many(
        [requests[i] for i in misses],
        model=settings.spacy_model,
        policy=fetch_policy(settings),
        read_map=read_map,
        max_text_chars=settings.max_text_chars,
    )
    for i, outcome in zip(misses, computed, strict=True):
        if isinstance(outcome, Exception) and not isinstance(outcome, FetchError):
            bodies[i] = outcome  # not cached: input problems and faults are answered every time
            continue
        bodies[i], ttl = _stored(outcome, requests[i], settings)
        cache.set(keys[i], bodies[i], ttl)
    missed = set(misses)
    return [
        _from_store(body, cached=i not in missed, refresh=refresh) if isinstance(body, bytes) else body
        for i, body in enumerate(bodies)
    ]


def _stored(outcome: Result | FetchError, request: AnalysisRequest, settings: Settings) -> tuple[bytes, int]:
    """What the cache keeps for an outcome, and for how long: a result, or a fetch failure briefly."""
    if isinstance(outcome, FetchError):
        metrics.fetch_failed(outcome.kind)
        return failure_bytes(outcome), settings.fetch_failure_ttl
    return dump_result(outcome, include_text=request.include_text), settings.cache_ttl


def _from_store(body: bytes, *, cached: bool, refresh: bool) -> CachedResult | FetchError:
    """The stored bytes as a CachedResult, or the fetch failure they record."""
    metrics.cache_lookup("bypass" if refresh else "hit" if cached else "miss")
    return failure_from_bytes(body) or CachedResult(body=body, cached=cached)


_RESULT_SCHEMAS = {True: ResultSchema(), False: ResultSchema(exclude=("article.text",))}


def dump_result(result: Result, *, include_text: bool = True) -> bytes:
    """Serialise a Result (without meta) as compact UTF-8 JSON."""
    schema = _RESULT_SCHEMAS[include_text]
    return json.dumps(schema.dump(result), ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def with_meta(body: bytes, *, cached: bool, started: float, model: str) -> bytes:
    """Splice the per-response ``meta`` object into a stored result body (as compact JSON)."""
    elapsed = round((time.perf_counter() - started) * 1000)
    flag = b"true" if cached else b"false"
    meta = b'{"cached":%s,"elapsed_ms":%d,"version":%s}' % (flag, elapsed, _version(model))
    return body[:-1] + b',"meta":' + meta + b"}"


@lru_cache(maxsize=8)
def _version(model: str) -> bytes:
    return json.dumps(pipeline_version(model)).encode()
