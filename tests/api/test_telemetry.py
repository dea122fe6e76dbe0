"""Request ids and the one JSON log line per request."""

from __future__ import annotations

import json
import logging
import re

import pytest

from service.web.logs import JSONFormatter, RequestIdFilter

STORY = {"text": "Two fishermen were rescued on Wednesday after their boat capsized, the coastguard said."}


def access_records(caplog) -> list[logging.LogRecord]:
    return [record for record in caplog.records if record.name == "service.access"]


@pytest.mark.parametrize(
    "sent",
    ["abc-123", "0f8fad5b-d9cb-469f-a165-70867728950e", "req:2025/06/02.7+x=y@edge", "a" * 128],
)
def test_a_valid_request_id_is_returned(client, sent):
    assert client.get("/healthz", headers={"X-Request-ID": sent}).headers["X-Request-ID"] == sent


@pytest.mark.parametrize("sent", [None, "", "a" * 129, "has space", 'quote"d', "naïve", "a\tb"])
def test_a_missing_or_invalid_request_id_is_replaced(client, sent):
    headers = {} if sent is None else {"X-Request-ID": sent}
    returned = client.get("/healthz", headers=headers).headers["X-Request-ID"]
    assert re.fullmatch(r"[0-9a-f]{32}", returned)


def test_errors_carry_the_request_id_too(client):
    response = client.post(
        "/v1/analyze", data="{", headers={"Content-Type": "application/json", "X-Request-ID": "r-1"}
    )
    assert response.status_code == 400
    assert response.headers["X-Request-ID"] == "r-1"


def test_one_json_log_line_per_request_with_its_id(client, caplog):
    caplog.set_level(logging.INFO, logger="service.access")
    client.post("/v1/analyze", json=STORY, headers={"X-Request-ID": "cms-42"})
    client.post("/v1/analyze", json=STORY, headers={"X-Request-ID": "cms-43"})
    records = access_records(caplog)
    assert len(records) == 2
    lines = [json.loads(JSONFormatter().format(record)) for record in records]
    assert [line["request_id"] for line in lines] == ["cms-42", "cms-43"]
    assert [line["cache"] for line in lines] == ["MISS", "HIT"]
    first = lines[0]
    assert (first["method"], first["path"], first["status"], first["level"]) == (
        "POST",
        "/v1/analyze",
        200,
        "INFO",
    )
    assert first["duration_ms"] >= 0
    assert first["logger"] == "service.access"


def test_the_generated_request_id_is_the_one_logged(client, caplog):
    caplog.set_level(logging.INFO, logger="service.access")
    returned = client.get("/healthz").headers["X-Request-ID"]
    assert access_records(caplog)[-1].request_id == returned


def test_other_logs_during_a_request_are_stamped_with_its_id(app):
    record = logging.LogRecord("service.cache", logging.WARNING, __file__, 1, "redis down", None, None)
    with app.test_request_context():
        from flask import g

        g.request_id = "stamp-me"
        RequestIdFilter().filter(record)
    assert json.loads(JSONFormatter().format(record))["request_id"] == "stamp-me"


def test_exceptions_are_logged_as_one_json_line():
    try:
        raise ValueError("boom")
    except ValueError:
        record = logging.LogRecord("service", logging.ERROR, __file__, 1, "failed", None, True)
        import sys

        record.exc_info = sys.exc_info()
    line = JSONFormatter().format(record)
    assert "\n" not in line
    assert "ValueError: boom" in json.loads(line)["exception"]
