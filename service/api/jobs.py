"""POST /v1/jobs and GET /v1/jobs/<id>: many articles analysed by the queue's workers."""

from __future__ import annotations

import redis
from flask import Blueprint, Response, url_for

from schemas.batch import JobRequestSchema
from service.api.common import load, read_json, settings
from service.jobs.queue import JobsUnavailable, connect, submit
from service.jobs.store import JobStore
from service.web.errors import ProblemError

bp = Blueprint("jobs", __name__)


class JobNotFound(ProblemError):
    status, slug, title = 404, "job-not-found", "No such job"


@bp.post("/v1/jobs")
def create_job():
    """Queue a job of one or many articles; 202 with its id and Location."""
    config = settings()
    connect(config)  # 503 before validation work when jobs are off
    job = load(JobRequestSchema(max_items=config.job_max_items), read_json())
    job_id = submit(job["items"], options=job["options"], callback_url=job["callback_url"], settings=config)
    location = url_for("jobs.read_job", job_id=job_id)
    body = {"id": job_id, "status": "queued", "location": location}
    return body, 202, {"Location": location}


@bp.get("/v1/jobs/<job_id>")
def read_job(job_id: str):
    """A job's status and progress; with every item's result or problem once it has ended."""
    try:
        document = JobStore(connect(settings())).document(job_id)
    except redis.RedisError as error:
        raise JobsUnavailable(f"Redis failed while reading the job: {type(error).__name__}") from error
    if document is None:
        raise JobNotFound(f"Job {job_id} does not exist or its results have expired.")
    return Response(document, status=200, mimetype="application/json")
