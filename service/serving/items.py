"""One input of a batch, a job or a bulk run, analysed into an outcome: a result or a problem.

Batches, job workers and the bulk CLI share this so that one bad item is reported in its
place and never fails the others, with the same problem shapes as POST /v1/analyze.
"""

from __future__ import annotations

import json
import logging
import time
from dataclasses import dataclass

from marshmallow import ValidationError

from schemas.request import analyze_request_schema
from service.config import Settings
from service.serving.assignment import with_event
from service.serving.results import CachedResult, analyze_cached, analyze_many_cached, with_meta
from service.web.errors import (
    InternalError,
    ProblemError,
    ValidationFailed,
    as_problem,
    problem_json,
    problem_of,
)

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Outcome:
    """What became of one item: HTTP-like status and the JSON of its result or problem."""

    status: int
    body: bytes

    @property
    def ok(self) -> bool:
        return self.status == 200

    def to_json(self) -> bytes:
        """``{"status": 200, "result": …}`` or ``{"status": 4xx/5xx, "problem": …}``."""
        key = b"result" if self.ok else b"problem"
        return b'{"status":%d,"%s":%s}' % (self.status, key, self.body)

    @classmethod
    def from_json(cls, raw: bytes | str) -> Outcome:
        item = json.loads(raw)
        body = item.get("result", item.get("problem"))
        return cls(item["status"], json.dumps(body, ensure_ascii=False).encode("utf-8"))

    @classmethod
    def problem(cls, error: ProblemError) -> Outcome:
        return cls(error.status, problem_json(problem_of(error)))


def with_default_options(payload, options: dict | None):
    """The item with the batch's options unless it brings its own."""
    if options is None or not isinstance(payload, dict) or payload.get("options") is not None:
        return payload
    return {**payload, "options": options}


def validate_item(payload, settings: Settings):
    """The AnalysisRequest of one item; ValidationFailed (422) with its field errors otherwise."""
    try:
        return analyze_request_schema(settings.max_text_chars).load(payload)
    except ValidationError as error:
        messages = error.messages if isinstance(error.messages, dict) else {"_schema": error.messages}
        raise ValidationFailed("Some fields are invalid; see errors.", errors=messages) from error


def analyze_item(
    payload, *, cache, settings: Settings, refresh: bool = False, events: bool = True
) -> Outcome:
    """Validate and analyse one item; every failure becomes the item's problem, never an exception."""
    started = time.perf_counter()
    try:
        request = validate_item(payload, settings)
        result = analyze_cached(request, cache=cache, settings=settings, refresh=refresh)
    except Exception as error:  # each item fails alone
        return outcome_of(error, started=started, settings=settings)
    return outcome_of(result, started=started, settings=settings, events=events)


def analyze_items(
    payloads: list, *, cache, settings: Settings, refresh: bool = False, read_map=map, events: bool = True
) -> list[Outcome]:
    """Validate and analyse many items in order, the cache misses parsed together in one batch.

    ``events``: assign each result to its stateful event (when they are on); the stateless
    clustering analyses its articles without touching the shared events.
    """
    started = time.perf_counter()
    outcomes: list[Outcome | None] = [None] * len(payloads)
    valid = []
    for i, payload in enumerate(payloads):
        try:
            valid.append((i, validate_item(payload, settings)))
        except ValidationFailed as error:
            outcomes[i] = Outcome.problem(error)
    try:
        requests = [request for _, request in valid]
        results = analyze_many_cached(
            requests, cache=cache, settings=settings, refresh=refresh, read_map=read_map
        )
    except Exception as error:  # a fault of the batch as a whole: every item reports it
        results = [error] * len(valid)
    for (i, _), result in zip(valid, results, strict=True):
        outcomes[i] = outcome_of(result, started=started, settings=settings, events=events)
    return outcomes


def outcome_of(
    result: CachedResult | Exception, *, started: float, settings: Settings, events: bool = True
) -> Outcome:
    """An item's result with its event (stateful events) and meta, or its failure as a problem."""
    if isinstance(result, Exception):
        problem = as_problem(result)
        if isinstance(problem, InternalError):
            log.error("item analysis failed", exc_info=result)
        return Outcome.problem(problem)
    body = with_event(result.body, settings) if events else result.body
    body = with_meta(body, cached=result.cached, started=started, model=settings.spacy_model)
    return Outcome(200, body)
