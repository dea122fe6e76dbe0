"""gunicorn settings for newsfacts, each overridable from the environment.

The app is preloaded in the master (so the spaCy model loads once and is shared by the
forked workers copy-on-write); gc.freeze() keeps the collector from touching, and so
copying, those shared pages.

Metrics: each worker counts in its own process, so prometheus_client's multiprocess mode is
switched on here, before the app is imported: PROMETHEUS_MULTIPROC_DIR (default: a directory
under /tmp named after the master's pid) holds every worker's values, and a scrape of any
worker reports their sum. The directory is emptied at start and a dead worker's gauges dropped.
"""

import ctypes
import ctypes.util
import gc
import glob
import multiprocessing
import os
import shutil
import tempfile

os.environ.setdefault("NEWSFACTS_PRELOAD_MODEL", "1")
_OWN_METRICS_DIR = "PROMETHEUS_MULTIPROC_DIR" not in os.environ
if _OWN_METRICS_DIR:
    os.environ["PROMETHEUS_MULTIPROC_DIR"] = os.path.join(
        tempfile.gettempdir(), f"newsfacts-metrics-{os.getpid()}"
    )

wsgi_app = "service:create_app()"
bind = os.environ.get("NEWSFACTS_BIND", "0.0.0.0:8000")
workers = int(os.environ.get("NEWSFACTS_WORKERS", multiprocessing.cpu_count()))
# gunicorn's gthread worker, answering the requests gunicorn itself refuses as problem+json.
worker_class = "service.web.worker.ProblemThreadWorker"
threads = int(os.environ.get("NEWSFACTS_THREADS", "4"))
preload_app = True
timeout = int(os.environ.get("NEWSFACTS_WORKER_TIMEOUT", "60"))
graceful_timeout = int(os.environ.get("NEWSFACTS_GRACEFUL_TIMEOUT", "30"))
keepalive = 5
# What gunicorn reads before the app: a longer request line is a 414 problem, more or larger
# header fields a 431 (service.web.worker). Bodies are limited by NEWSFACTS_MAX_CONTENT_LENGTH
# in the app, chunked ones included.
limit_request_line = int(os.environ.get("NEWSFACTS_LIMIT_REQUEST_LINE", "4094"))
limit_request_fields = int(os.environ.get("NEWSFACTS_LIMIT_REQUEST_FIELDS", "100"))
limit_request_field_size = int(os.environ.get("NEWSFACTS_LIMIT_REQUEST_FIELD_SIZE", "8190"))
# A safety net for memory (bench/soak.py): each worker is replaced by a fresh fork of the preloaded
# master after about this many requests, the jitter keeping the workers from restarting together.
max_requests = int(os.environ.get("NEWSFACTS_MAX_REQUESTS", "1000"))
max_requests_jitter = int(os.environ.get("NEWSFACTS_MAX_REQUESTS_JITTER", str(max_requests // 10)))
# glibc malloc: a worker's threads each get an arena (up to 8 per core), and freed memory in them
# stays resident; fewer arenas, and a trim after every request that ran an analysis (it frees tens
# of megabytes of working memory; a trim then takes about 0.6 ms, 8 ms at the 90th percentile) and
# every MALLOC_TRIM_EVERY requests otherwise (a cache hit takes about 2 ms: not trimmed each time)
# hand it back. Trimming after analyses kept two workers' resting total about 50 MB lower than a
# trim every 50 requests, in the same time (bench/soak.py). 0: no trimming.
MALLOC_ARENAS = int(os.environ.get("NEWSFACTS_MALLOC_ARENAS", "2"))
MALLOC_TRIM_EVERY = int(os.environ.get("NEWSFACTS_MALLOC_TRIM_EVERY", "50"))
M_ARENA_MAX = -8  # glibc's mallopt parameter
# The app logs one JSON line per request (service.web.telemetry); gunicorn's own access log is off unless set.
accesslog = os.environ.get("NEWSFACTS_ACCESS_LOG", "") or None
if os.environ.get("NEWSFACTS_LOG_JSON", "1").strip().lower() in ("1", "true", "yes", "on"):
    # gunicorn's own lines as JSON too, on stderr beside the app's; nothing through the root logger,
    # and its access lines only when an access log was asked for (the app already logs each request).
    _json_logger = {"handlers": ["json"], "propagate": False}
    logconfig_dict = {
        "root": {"level": "WARNING", "handlers": []},
        "loggers": {
            "gunicorn.error": {**_json_logger, "level": "INFO", "qualname": "gunicorn.error"},
            "gunicorn.access": {
                **_json_logger,
                "level": "INFO" if accesslog else "WARNING",
                "qualname": "gunicorn.access",
            },
        },
        "handlers": {
            "json": {"class": "logging.StreamHandler", "formatter": "json", "stream": "ext://sys.stderr"}
        },
        "formatters": {"json": {"()": "service.web.logs.JSONFormatter"}},
    }
loglevel = os.environ.get("NEWSFACTS_LOG_LEVEL", "info").lower()


def _libc():
    """glibc, or None (another C library: the malloc tuning is skipped)."""
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6")
    except OSError:
        return None
    return libc if hasattr(libc, "malloc_trim") and hasattr(libc, "mallopt") else None


_LIBC = _libc()


def when_ready(server):
    """After preloading and before forking: freeze what the master built; cap malloc's arenas."""
    gc.collect()
    gc.freeze()
    if _LIBC is not None and MALLOC_ARENAS > 0:
        _LIBC.mallopt(M_ARENA_MAX, MALLOC_ARENAS)


def post_fork(server, worker):
    worker.newsfacts_requests = 0


def post_request(worker, req, environ, resp):
    """Return the freed heap to the system (malloc_trim) after a request that ran an analysis, and
    every MALLOC_TRIM_EVERY requests."""
    worker.newsfacts_requests = getattr(worker, "newsfacts_requests", 0) + 1
    if _LIBC is None or MALLOC_TRIM_EVERY <= 0:
        return
    if ran_analysis(environ, resp) or worker.newsfacts_requests % MALLOC_TRIM_EVERY == 0:
        _LIBC.malloc_trim(0)


def ran_analysis(environ, resp) -> bool:
    """A POST to /v1/analyze or /v1/analyze/batch not answered from the cache alone."""
    if environ.get("REQUEST_METHOD") != "POST" or not environ.get("PATH_INFO", "").startswith("/v1/analyze"):
        return False
    headers = {name.lower(): value for name, value in (getattr(resp, "headers", None) or [])}
    return headers.get("x-cache") != "HIT"


def on_starting(server):
    """Start with an empty metrics directory: stale values of an earlier run must not be summed."""
    directory = os.environ["PROMETHEUS_MULTIPROC_DIR"]
    os.makedirs(directory, exist_ok=True)
    for stale in glob.glob(os.path.join(directory, "*.db")):
        os.remove(stale)


def child_exit(server, worker):
    """Drop a dead worker's live gauges from the shared metrics."""
    from prometheus_client import multiprocess

    multiprocess.mark_process_dead(worker.pid)


def on_exit(server):
    if _OWN_METRICS_DIR:
        shutil.rmtree(os.environ["PROMETHEUS_MULTIPROC_DIR"], ignore_errors=True)
