"""`newsfacts worker`: an RQ worker for the job queue, with the model loaded before forking.

The worker forks a work horse per item (a crash or a runaway parse kills only the horse);
the spaCy pipeline is loaded once in the parent and shared copy-on-write. A worker that
dies mid-item stops heart-beating; ``job_heartbeat_grace`` seconds later its item counts
as abandoned and the next maintenance sweep of any live worker requeues it (RQ's
``StartedJobRegistry.cleanup`` with the item's ``Retry``).
"""

from __future__ import annotations

import gc
import logging

from rq import Worker
from rq.timeouts import JobTimeoutException, UnixSignalDeathPenalty

from service.analysis import nlp
from service.analysis.pipeline import AnalysisRequest, analyze
from service.config import Settings
from service.jobs.queue import connect, job_queue

log = logging.getLogger(__name__)

# Analysed once before forking, so that every lazy import and cache of the road (the article
# extractors, rule tables, the pipeline's first-call set-up) is built once and shared.
WARM_UP_PAGE = (
    "<html><head><title>Warm-up</title></head><body><article>"
    "<p>A storm struck the coastal town of Varlen on Tuesday, killing two people, officials said.</p>"
    "<p>Rescue teams searched for three people who were missing after the floods.</p>"
    "<p>The government said on 4 March that 12 prisoners had been released.</p>"
    "</article></body></html>"
)


class ItemTimedOut(BaseException):
    """An item ran past the job timeout. Not an ``Exception``: the item's own ``except Exception``
    (each item fails alone, as a problem) must not swallow it, so that RQ fails the item, retries
    it while retries are left, and the job ends ``failed`` with the item lost."""


class ItemDeathPenalty(UnixSignalDeathPenalty):
    """RQ's alarm, raising ``ItemTimedOut`` for the job timeout (its other alarms unchanged)."""

    def handle_death_penalty(self, signum, frame):
        if self._exception is JobTimeoutException:
            raise ItemTimedOut(f"the item ran past the job timeout ({self._timeout} seconds)")
        super().handle_death_penalty(signum, frame)


class NewsfactsWorker(Worker):
    """RQ's forking worker with a configurable wait before a silent worker's item is retried."""

    heartbeat_grace = 60
    death_penalty_class = ItemDeathPenalty

    def get_heartbeat_ttl(self, job, working_time: float = 0.0) -> int:
        # RQ allows a fixed 60 s past the monitoring interval; replace that with our grace.
        return super().get_heartbeat_ttl(job, working_time) - 60 + self.heartbeat_grace


def build_worker(settings: Settings, *, name: str | None = None) -> NewsfactsWorker:
    """A worker on the newsfacts queue with the settings' timings."""
    connection = connect(settings)
    worker = NewsfactsWorker(
        [job_queue(connection)],
        name=name,
        connection=connection,
        job_monitoring_interval=settings.job_monitoring_interval,
        maintenance_interval=settings.job_maintenance_interval,
        # RQ blocks on the queue for worker_ttl - 15 s; keep that within one maintenance interval.
        worker_ttl=settings.job_maintenance_interval + 15,
        default_result_ttl=settings.job_result_ttl,
    )
    worker.heartbeat_grace = settings.job_heartbeat_grace
    return worker


def run_worker(settings: Settings, *, name: str | None = None, burst: bool = False) -> bool:
    """Load and warm the model, then work until stopped (or, with ``burst``, until the queue is empty)."""
    nlp.get_nlp(settings.spacy_model)
    analyze(AnalysisRequest(html=WARM_UP_PAGE, published_at="2025-03-05"), model=settings.spacy_model)
    gc.collect()
    gc.freeze()  # keep the shared model pages shared in the forked horses
    worker = build_worker(settings, name=name)
    return worker.work(burst=burst, logging_level=settings.log_level)
