"""Stateless clustering for the front ends: a set of articles analysed and linked into events."""

from __future__ import annotations

import json
import sys

from service.config import Settings
from service.events.cluster import cluster_bodies
from service.serving.items import Outcome, analyze_items, with_default_options
from service.web.errors import InvalidJSON, ValidationFailed

ARTICLE_ID_KEY = "id"  # the client's own id of a clustered article


def cluster_articles(
    articles: list, options: dict | None, *, cache, settings: Settings, read_map=map
) -> dict:
    """POST /v1/events/cluster: analyse the articles (cached as any analysis) and link them.

    Each article is reported in ``items``: its event, or its problem (it then joins no event).
    """
    ids, payloads = split_ids(articles)
    payloads = [with_default_options(payload, options) for payload in payloads]
    outcomes = analyze_items(payloads, cache=cache, settings=settings, read_map=read_map, events=False)
    return cluster_outcomes(ids, outcomes)


def split_ids(articles: list) -> tuple[list[str], list]:
    """The articles' ids (the client's, else ``#index``) and their analysis inputs without them;
    422 for an id that is not a short string or that repeats."""
    ids, payloads = [], []
    for index, raw in enumerate(articles):
        payload = dict(raw) if isinstance(raw, dict) else raw
        client_id = payload.pop(ARTICLE_ID_KEY, None) if isinstance(payload, dict) else None
        ids.append(_article_id(client_id, index))
        payloads.append(payload)
    _check_ids(ids)
    return ids, payloads


def cluster_outcomes(ids: list[str], outcomes: list[Outcome]) -> dict:
    """The events of the analysed articles, and what became of each article."""
    bodies = [(article_id, json.loads(o.body)) for article_id, o in zip(ids, outcomes, strict=True) if o.ok]
    # each article's index is its place in the request, not among the analysed ones
    events = cluster_bodies(bodies, index_of={article_id: i for i, article_id in enumerate(ids)})
    event_of = {article["article_id"]: event["id"] for event in events for article in event["articles"]}
    items = []
    for article_id, outcome in zip(ids, outcomes, strict=True):
        if outcome.ok:
            items.append({"status": 200, "article_id": article_id, "event_id": event_of[article_id]})
        else:
            items.append(
                {"status": outcome.status, "article_id": article_id, "problem": json.loads(outcome.body)}
            )
    return {"events": events, "items": items}


def _article_id(client_id, index: int) -> str:
    if client_id is None:
        return f"#{index}"
    if not isinstance(client_id, str) or not 1 <= len(client_id) <= 200:
        message = "Must be a string of 1 to 200 characters."
        raise ValidationFailed(message, errors={"articles": {str(index): {"id": [message]}}})
    return client_id


def _check_ids(ids: list[str]) -> None:
    seen = set()
    for index, article_id in enumerate(ids):
        if article_id in seen:
            message = f"Duplicate article id {article_id!r}."
            raise ValidationFailed(message, errors={"articles": {str(index): {"id": [message]}}})
        seen.add(article_id)


def cluster_file(lines: list, *, settings: Settings, out, chunk: int = 32) -> tuple[int, int, int]:
    """The CLI's ``events cluster``: JSONL lines in (analysis inputs, each with an optional ``id``,
    or results already analysed: a response body, or a bulk outcome ``{"status": 200, "result": …}``),
    one JSONL line per event out. Inputs are analysed in chunks (their texts parsed together)
    behind a progress bar on a terminal. Returns (articles, events, failed articles)."""
    from tqdm import tqdm

    from service.cache import build_cache

    ids, payloads = split_ids([_input_of(line) for line in lines])
    outcomes: list[Outcome | None] = [_analysed(payload) for payload in payloads]
    todo = [i for i, outcome in enumerate(outcomes) if outcome is None]
    cache = build_cache(settings)
    with tqdm(total=len(todo), unit="article", disable=not sys.stderr.isatty(), file=sys.stderr) as bar:
        for at in range(0, len(todo), chunk):
            part = todo[at : at + chunk]
            done = analyze_items([payloads[i] for i in part], cache=cache, settings=settings, events=False)
            for i, outcome in zip(part, done, strict=True):
                outcomes[i] = outcome
            bar.update(len(part))
    clustered = cluster_outcomes(ids, outcomes)
    for event in clustered["events"]:
        out.write(json.dumps(event, ensure_ascii=False).encode("utf-8") + b"\n")
    failed = sum(1 for item in clustered["items"] if item["status"] != 200)
    return len(ids), len(clustered["events"]), failed


def _input_of(line):
    """A bulk outcome line becomes its result, keeping its id."""
    if isinstance(line, dict) and isinstance(line.get("result"), dict) and "status" in line:
        return {**({"id": line["id"]} if "id" in line else {}), "result": line["result"]}
    return line


def _analysed(payload) -> Outcome | None:
    """The Outcome of an already analysed line (a result body); None for an input to analyse."""
    if isinstance(payload, InvalidJSON):
        return Outcome.problem(payload)
    if not isinstance(payload, dict):
        return None
    body = payload.get("result") if isinstance(payload.get("result"), dict) else payload
    if isinstance(body.get("facts"), dict) and isinstance(body.get("article"), dict):
        return Outcome(200, json.dumps(body, ensure_ascii=False).encode("utf-8"))
    return None
