"""A job's record in Redis: its state, each item's outcome, and the document clients read.

Keys: ``newsfacts:job:<id>`` (a hash of the job's state), ``…:items`` (item index → outcome
JSON) and ``…:failed`` (indices whose outcome is a problem). Nothing expires while the job is
pending; when it ends, every key expires ``result_ttl`` seconds later.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

import redis

from service.serving.items import Outcome
from service.web.errors import ProblemError

PREFIX = "newsfacts:job:"


class ItemLost(ProblemError):
    status, slug, title = 500, "item-failed", "The workers could not process this item"


def now_iso() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


class JobStore:
    """Reads and writes job records; every method is one or two Redis round trips."""

    def __init__(self, connection: redis.Redis):
        self.redis = connection

    @staticmethod
    def key(job_id: str, part: str = "") -> str:
        return PREFIX + job_id + (":" + part if part else "")

    def create(
        self, job_id: str, *, total: int, callback_url: str | None, pipeline=None, article_ids=None
    ) -> None:
        """``article_ids``: a clustering job's article ids, in item order."""
        fields = {"total": total, "created_at": now_iso()}
        if article_ids is not None:
            fields["article_ids"] = _json(article_ids)
        if callback_url:
            fields.update(callback_url=callback_url, callback_state="pending", callback_attempts=0)
        (pipeline or self.redis).hset(self.key(job_id), mapping=fields)

    def mark_started(self, job_id: str) -> None:
        self.redis.hsetnx(self.key(job_id), "started_at", now_iso())

    def record(self, job_id: str, index: int, outcome: Outcome, pipeline=None) -> None:
        """Store an item's outcome; recording it again (a retried item) replaces it."""
        pipe = pipeline or self.redis.pipeline()
        pipe.hset(self.key(job_id, "items"), str(index), outcome.to_json())
        if outcome.ok:
            pipe.srem(self.key(job_id, "failed"), index)
        else:
            pipe.sadd(self.key(job_id, "failed"), index)
        if pipeline is None:
            pipe.execute()

    def finish(self, job_id: str, *, result_ttl: int) -> dict[str, bytes]:
        """Close the job: items without an outcome get a 500 problem; everything expires later."""
        state = self.state(job_id)
        total = int(state.get(b"total", 0))
        recorded = {int(index) for index in self.redis.hkeys(self.key(job_id, "items"))}
        lost = [index for index in range(total) if index not in recorded]
        ended = datetime.now(UTC)
        with self.redis.pipeline() as pipe:
            for index in lost:
                self.record(job_id, index, Outcome.problem(ItemLost()), pipeline=pipe)
            pipe.hsetnx(self.key(job_id), "started_at", ended.isoformat(timespec="seconds"))
            expires = (ended + timedelta(seconds=result_ttl)).isoformat(timespec="seconds")
            finished = {"status": "failed" if lost else "finished", "expires_at": expires}
            pipe.hset(
                self.key(job_id), mapping={"finished_at": ended.isoformat(timespec="seconds"), **finished}
            )
            for part in ("", "items", "failed"):
                pipe.expire(self.key(job_id, part), result_ttl)
            pipe.execute()
        return self.state(job_id)

    def article_ids(self, job_id: str) -> list[str] | None:
        """A clustering job's article ids; None for an analysis job."""
        raw = self.redis.hget(self.key(job_id), "article_ids")
        return json.loads(raw) if raw else None

    def outcomes(self, job_id: str) -> list[Outcome]:
        total = int(self.redis.hget(self.key(job_id), "total") or 0)
        return [Outcome.from_json(raw) for raw in self._outcomes(job_id, total)]

    def set_events(self, job_id: str, events: bytes, *, result_ttl: int) -> None:
        """Keep a clustering job's events (JSON) beside its items, for as long."""
        with self.redis.pipeline() as pipe:
            pipe.set(self.key(job_id, "events"), events, ex=result_ttl)
            pipe.execute()

    def state(self, job_id: str) -> dict[bytes, bytes]:
        return self.redis.hgetall(self.key(job_id))

    def set_callback(self, job_id: str, *, state: str, attempts: int) -> None:
        self.redis.hset(self.key(job_id), mapping={"callback_state": state, "callback_attempts": attempts})

    def document(self, job_id: str) -> bytes | None:
        """The job as clients see it (GET /v1/jobs/<id> and callbacks); None when unknown or expired."""
        with self.redis.pipeline() as pipe:
            pipe.hgetall(self.key(job_id))
            pipe.hlen(self.key(job_id, "items"))
            pipe.scard(self.key(job_id, "failed"))
            state, done, failed = pipe.execute()
        if not state:
            return None
        text = {name.decode(): value.decode() for name, value in state.items()}
        status = text.get("status") or ("started" if "started_at" in text else "queued")
        head = {
            "id": job_id,
            "status": status,
            **{name: text.get(name) for name in ("created_at", "started_at", "finished_at", "expires_at")},
            "progress": {"total": int(text["total"]), "done": done, "failed": failed},
            "callback": _callback(text),
        }
        body = _json(head)
        if status in ("finished", "failed"):
            body = body[:-1] + b',"items":[' + b",".join(self._outcomes(job_id, int(text["total"]))) + b"]}"
            events = self.redis.get(self.key(job_id, "events")) if "article_ids" in text else None
            if events:
                body = body[:-1] + b',"events":' + events + b"}"
        return body

    def _outcomes(self, job_id: str, total: int) -> list[bytes]:
        items = self.redis.hgetall(self.key(job_id, "items"))
        lost = Outcome.problem(ItemLost()).to_json()
        return [items.get(str(index).encode(), lost) for index in range(total)]


def _callback(text: dict[str, str]) -> dict | None:
    if "callback_url" not in text:
        return None
    return {
        "url": text["callback_url"],
        "state": text["callback_state"],
        "attempts": int(text["callback_attempts"]),
    }


def _json(value) -> bytes:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
