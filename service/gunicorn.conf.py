"""gunicorn settings for newsfacts, each overridable from the environment.

The app is preloaded in the master (so the spaCy model loads once and is shared by the
forked workers copy-on-write); gc.freeze() keeps the collector from touching, and so
copying, those shared pages.
"""

import gc
import multiprocessing
import os

os.environ.setdefault("NEWSFACTS_PRELOAD_MODEL", "1")

wsgi_app = "service:create_app()"
bind = os.environ.get("NEWSFACTS_BIND", "0.0.0.0:8000")
workers = int(os.environ.get("NEWSFACTS_WORKERS", multiprocessing.cpu_count()))
worker_class = "gthread"
threads = int(os.environ.get("NEWSFACTS_THREADS", "4"))
preload_app = True
timeout = int(os.environ.get("NEWSFACTS_WORKER_TIMEOUT", "60"))
graceful_timeout = int(os.environ.get("NEWSFACTS_GRACEFUL_TIMEOUT", "30"))
keepalive = 5
max_requests = int(os.environ.get("NEWSFACTS_MAX_REQUESTS", "0"))
max_requests_jitter = max_requests // 10
accesslog = os.environ.get("NEWSFACTS_ACCESS_LOG", "-") or None
loglevel = os.environ.get("NEWSFACTS_LOG_LEVEL", "info").lower()


def when_ready(server):
    """After preloading and before forking: freeze what the master built."""
    gc.collect()
    gc.freeze()
