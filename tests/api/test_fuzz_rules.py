"""The documented exceptions to the strict schemathesis checks are as narrow as documented."""

from __future__ import annotations

import json
from types import SimpleNamespace

import pytest

from tests.support.fuzz_rules import documented_refusal


def _case(path: str, body: dict):
    return SimpleNamespace(path=path, body=body)


def _response(status: int, problem: dict):
    return SimpleNamespace(status_code=status, json=lambda: json.loads(json.dumps(problem)))


def _problem(name: str, **extra) -> dict:
    return {"type": f"urn:newsfacts:problem:{name}", **extra}


@pytest.mark.parametrize(
    ("path", "body", "status", "problem", "excused"),
    [
        ("/v1/analyze", {"url": "http://a.example/"}, 422, _problem("fetch-refused"), True),
        ("/v1/analyze", {"url": "http://a.example/"}, 502, _problem("upstream-error"), False),  # a 5xx
        (
            "/v1/analyze",
            {"url": "http://a.example/", "html": "<p>x</p>"},
            422,
            _problem("fetch-refused"),
            False,
        ),
        ("/v1/analyze", {"html": "<p>x</p>"}, 422, _problem("no-article-text"), True),
        ("/v1/analyze", {"text": "x"}, 422, _problem("no-article-text"), False),
        (
            "/v1/analyze",
            {"text": "x", "published_at": "2025-02-30"},
            422,
            _problem("validation-error"),
            False,
        ),
        ("/v1/analyze", {"html": "<p>x</p>"}, 413, _problem("text-too-long"), False),
        (
            "/v1/jobs",
            {"items": [], "callback_url": "http://a/"},
            422,
            _problem("validation-error", errors={"callback_url": ["x"]}),
            True,
        ),
        (
            "/v1/jobs",
            {"items": []},
            422,
            _problem("validation-error", errors={"items": ["x"], "callback_url": ["x"]}),
            False,
        ),
        ("/v1/analyze", {"url": "http://a.example/"}, 200, {}, False),
    ],
)
def test_only_the_documented_refusals_are_excused(path, body, status, problem, excused):
    assert (documented_refusal(_case(path, body), _response(status, problem)) is not None) is excused
