"""The contract says what the service does (issue 19, items 5-10): what openapi.yaml refuses the
service refuses, and what it allows the service accepts, each with its status and problem type."""

from __future__ import annotations

import pytest

from schemas.openapi import spec_dict
from tests.support.contract import violations

PROBLEM = "application/problem+json"
PREFIX = "urn:newsfacts:problem:"


def assert_problem(response, status: int, slug: str) -> dict:
    assert response.status_code == status, response.get_data(as_text=True)[:500]
    assert response.mimetype == PROBLEM
    body = response.get_json()
    assert (body["type"], body["status"]) == (PREFIX + slug, status)
    return body


# 5. options is Options or null: an unknown key breaks the contract, and the service refuses it.


@pytest.mark.parametrize(
    ("path", "schema", "payload"),
    [
        ("/v1/analyze", "AnalyzeRequest", {"text": "Rain fell.", "options": {"colour": "red"}}),
        ("/v1/analyze/batch", "BatchRequest", {"items": [{"text": "Rain fell."}], "options": {"colour": 1}}),
        ("/v1/jobs", "JobRequest", {"items": [{"text": "Rain fell."}], "options": {"colour": 1}}),
    ],
)
def test_unknown_option_is_refused_by_contract_and_service(client, path, schema, payload):
    assert violations(payload, schema), "the contract must refuse an unknown option"
    body = assert_problem(client.post(path, json=payload), 422, "validation-error")
    assert "colour" in str(body["errors"])


@pytest.mark.parametrize("options", [None, {}, {"summary_sentences": 2, "include_text": False}])
def test_null_or_known_options_are_allowed_by_contract_and_service(client, options):
    payload = {"text": "Rain fell in the north on Monday.", "options": options}
    assert violations(payload, "AnalyzeRequest") == []
    assert client.post("/v1/analyze", json=payload).status_code == 200


# 6. Job.callback is a CallbackState (first, so generated clients build one) or null, nothing else.

JOB = {
    "id": "0" * 32,
    "status": "finished",
    "created_at": "2025-03-19T10:00:00+00:00",
    "progress": {"total": 1, "done": 1, "failed": 0},
}


def test_job_callback_is_a_callback_state_or_null():
    callback = spec_dict()["components"]["schemas"]["Job"]["properties"]["callback"]
    assert callback["anyOf"][0] == {"$ref": "#/components/schemas/CallbackState"}
    state = {"url": "https://hooks.example.com/done", "state": "delivered", "attempts": 1}
    assert violations({**JOB, "callback": state}, "Job") == []
    assert violations({**JOB, "callback": None}, "Job") == []
    assert violations({**JOB, "callback": {"anything": 1}}, "Job")
    assert violations({**JOB, "callback": {**state, "state": "lost"}}, "Job")


# 7. Exactly one of url, html, text (url may accompany html), not blank, text's maxLength, and the
#    number of batch and job items: stated in the contract, refused alike by the service.

REFUSED_INPUTS = [
    {},
    {"text": None, "html": None, "url": None},
    {"text": "Rain fell.", "html": "<p>Rain fell.</p>"},
    {"text": "Rain fell.", "url": "https://news.example.com/a"},
    {"text": "Rain fell.", "html": "<p>Rain</p>", "url": "https://news.example.com/a"},
    {"url": "https://news.example.com/a", "html": None, "text": "Rain fell."},
    {"text": ""},
    {"text": " \n\t "},
    {"html": "   "},
    {"text": "x" * 200_001},
    {"url": "ftp://news.example.com/a"},
    {"url": "news.example.com/a"},
    {"url": "https://"},
]


@pytest.mark.parametrize("payload", REFUSED_INPUTS)
def test_inputs_the_contract_refuses_are_validation_errors(client, payload):
    assert violations(payload, "AnalyzeRequest"), "the contract must refuse this request"
    assert_problem(client.post("/v1/analyze", json=payload), 422, "validation-error")


ACCEPTED_INPUTS = [
    {"text": "Rain fell on Monday."},
    {"text": "Rain fell on Monday.", "url": None, "html": None},
    {"html": "<p>Rain fell on Monday.</p>", "url": "https://news.example.com/a"},
    {"html": "<html><body><p>Rain fell on Monday.</p></body></html>"},
]


@pytest.mark.parametrize("payload", ACCEPTED_INPUTS)
def test_inputs_the_contract_allows_are_analysed(client, payload):
    assert violations(payload, "AnalyzeRequest") == []
    response = client.post("/v1/analyze", json=payload)
    if response.status_code != 200:  # a page too short to hold an article: not a validation error
        assert_problem(response, 422, "no-article-text")


def test_a_url_alone_is_allowed_by_the_contract():
    assert violations({"url": "https://news.example.com/world/a?b=1#c"}, "AnalyzeRequest") == []


@pytest.mark.parametrize(
    ("path", "schema", "count"), [("/v1/analyze/batch", "BatchRequest", 51), ("/v1/jobs", "JobRequest", 1001)]
)
def test_item_counts_are_stated_and_enforced(client, path, schema, count):
    for items in ([], [{"text": "Rain fell."}] * count):
        assert violations({"items": items}, schema), "the contract must refuse this many items"
        body = assert_problem(client.post(path, json={"items": items}), 422, "validation-error")
        assert "items" in body["errors"]
    assert violations({"items": [{"text": "Rain fell."}]}, schema) == []


# 8. Any item that is not an object (null too) is that item's 422, never the whole batch's.


@pytest.mark.parametrize("bad", [None, 1, "x", [], True])
def test_a_non_object_batch_item_is_that_items_problem(client, bad):
    response = client.post("/v1/analyze/batch", json={"items": [bad, {"text": "Rain fell."}]})
    assert response.status_code == 200, response.get_data(as_text=True)
    first, second = response.get_json()["items"]
    assert (first["status"], second["status"]) == (422, 200)
    assert first["problem"]["type"] == PREFIX + "validation-error"
    assert violations(response.get_json(), "BatchResponse") == []


def test_a_null_job_item_is_that_items_problem(client):
    response = client.post("/v1/jobs", json={"items": [None, {"text": "Rain fell."}]})
    assert response.status_code == 202, response.get_data(as_text=True)


# 9. What generated clients trip on: the YAML document's content type, the optional keys, the role enum.


def test_openapi_yaml_is_served_as_declared(client):
    declared = spec_dict()["paths"]["/openapi.yaml"]["get"]["responses"]["200"]["content"]
    assert "text/yaml" in declared  # a text/* type generated clients read as text
    assert client.get("/openapi.yaml").mimetype == "application/yaml"
    response = client.get("/openapi.yaml", headers={"Accept": "text/yaml"})
    assert response.mimetype == "text/yaml"
    assert response.mimetype in declared


def test_keys_are_documented_but_no_operation_demands_them():
    spec = spec_dict()
    operations = [op for path in spec["paths"].values() for op in path.values()]
    assert all("security" not in operation for operation in operations)
    assert "security" not in spec
    assert set(spec["components"]["securitySchemes"]) == {"bearerAuth", "apiKeyHeader"}
    assert "X-API-Key" in spec["info"]["description"]
    assert spec["paths"]["/v1/analyze"]["post"]["responses"]["401"]


def test_nullable_enums_do_not_list_null():
    role = spec_dict()["components"]["schemas"]["Casualty"]["properties"]["role"]
    values, null = role["anyOf"]
    assert values == {"type": "string", "enum": ["main", "earlier", "perpetrator"]}
    assert null["enum"] == [None]
    evidence = {"text": "x", "start": 0, "end": 1}
    casualty = {"kind": "killed", "qualifier": "exact", "scope": "event", "evidence": evidence}
    assert violations({**casualty, "role": None}, "Casualty") == []
    assert violations({**casualty, "role": "other"}, "Casualty")


# 10. Types as strict as the contract: no "3" or 3.5 for an integer, no "no" for a boolean;
#     published_at in the ISO forms the contract names, echoed in normal form; language an ISO
#     639-1 code, and a language the facts are not read in gets a warning.


@pytest.mark.parametrize(
    "options",
    [
        {"summary_sentences": "3"},
        {"summary_sentences": 3.5},
        {"summary_sentences": True},
        {"include_text": "no"},
        {"include_text": 0},
        {"include_text": "true"},
    ],
)
def test_loose_option_types_are_refused(client, options):
    payload = {"text": "Rain fell.", "options": options}
    assert violations(payload, "AnalyzeRequest"), "the contract must refuse this type"
    body = assert_problem(client.post("/v1/analyze", json=payload), 422, "validation-error")
    assert "options" in body["errors"]


@pytest.mark.parametrize(
    "value",
    [
        "20250319",
        "2025-W12-3",
        "2025-03",
        "2025-03-19T10",
        "19/03/2025",
        # The pattern states the calendar too, so that a schema-valid date is never refused.
        "2025-13-01",
        "2025-02-30",
        "2025-04-31",
        "2025-02-29",
        "1900-02-29",
        "0000-01-01",
        "2025-03-19T24:00",
        "2025-03-19T10:60",
        "2025-03-19T10:00:60",
        "2025-03-19T10:00+24:00",
    ],
)
def test_published_at_outside_the_stated_forms_is_refused(client, value):
    payload = {"text": "Rain fell.", "published_at": value}
    assert violations(payload, "AnalyzeRequest"), "the contract must refuse this form"
    body = assert_problem(client.post("/v1/analyze", json=payload), 422, "validation-error")
    assert "published_at" in body["errors"]


def test_every_date_the_pattern_takes_is_a_real_one_and_every_real_one_fits():
    """Every month and day of years around each leap rule, against datetime.fromisoformat."""
    import re
    from datetime import datetime

    from schemas.dates import PUBLISHED_AT_PATTERN

    pattern = re.compile(PUBLISHED_AT_PATTERN)
    for year in (0, 1, 4, 99, 100, 400, 1900, 1999, 2000, 2023, 2024, 2025, 2100, 2400, 9996, 9999):
        for month in range(14):
            for day in range(33):
                value = f"{year:04d}-{month:02d}-{day:02d}"
                try:
                    real = bool(datetime.fromisoformat(value))
                except ValueError:
                    real = False
                assert bool(pattern.match(value)) == real, value


@pytest.mark.parametrize(
    "value", ["2024-02-29", "2000-02-29", "2025-04-30", "2025-03-19T23:59:59.999999-23:59"]
)
def test_real_calendar_edges_are_accepted(client, value):
    payload = {"text": "Rain fell in the north on Monday.", "published_at": value}
    assert violations(payload, "AnalyzeRequest") == []
    assert client.post("/v1/analyze", json=payload).status_code == 200


@pytest.mark.parametrize(
    ("value", "echoed"),
    [
        ("2025-03-19", "2025-03-19"),
        ("2025-03-19 10:00", "2025-03-19T10:00:00"),
        ("2025-03-19T10:00:30.5", "2025-03-19T10:00:30.500000"),
        ("2025-03-19T10:00Z", "2025-03-19T10:00:00+00:00"),
        ("2025-03-19T10:00:00+02:00", "2025-03-19T10:00:00+02:00"),
    ],
)
def test_published_at_is_echoed_in_normal_form(client, value, echoed):
    payload = {"text": "Rain fell in the north on Monday.", "published_at": value}
    assert violations(payload, "AnalyzeRequest") == []
    response = client.post("/v1/analyze", json=payload)
    assert response.status_code == 200
    assert response.get_json()["article"]["published_at"] == echoed


def test_spellings_of_one_date_share_a_result(client):
    text = "Rain fell in the south on Tuesday."
    first = client.post("/v1/analyze", json={"text": text, "published_at": "2025-03-19 10:00"}).get_json()
    second = client.post("/v1/analyze", json={"text": text, "published_at": "2025-03-19T10:00:00"}).get_json()
    assert first["id"] == second["id"]
    assert second["meta"]["cached"] is True


def test_unknown_language_code_is_refused(client):
    payload = {"text": "Rain fell.", "language": "xx"}
    assert violations(payload, "AnalyzeRequest")
    assert (
        "language"
        in assert_problem(client.post("/v1/analyze", json=payload), 422, "validation-error")["errors"]
    )


def test_unsupported_language_gets_a_warning(client):
    payload = {"text": "سقط المطر في الشمال يوم الاثنين.", "language": "ar"}
    response = client.post("/v1/analyze", json=payload)
    assert response.status_code == 200
    body = response.get_json()
    assert body["article"]["language"] == "ar"
    assert [warning["code"] for warning in body["warnings"]] == ["language-unsupported"]
    assert "English" in body["warnings"][0]["message"]
    assert violations(body, "AnalyzeResponse") == []


def test_english_gets_no_warning(client):
    body = client.post("/v1/analyze", json={"text": "Rain fell.", "language": "en"}).get_json()
    assert body["warnings"] == []


def test_the_contracts_patterns_mean_the_same_to_python_and_to_the_fuzzers_engine():
    """Every code point of the BMP (and a few beyond), alone, after a URL's host and path, and after
    a date: the service (Python's re, ``$`` at the very end) and jsonschema_rs (what schemathesis
    validates with) agree on each pattern of the contract. Python's \\s once took U+001F as white
    space where the other did not, so a schema-valid URL was refused."""
    import jsonschema_rs

    from schemas.dates import PUBLISHED_AT_PATTERN
    from schemas.request import NOT_BLANK, URL_PATTERN, Pattern

    cases = [(NOT_BLANK, "{}"), (URL_PATTERN, "http://a{}"), (URL_PATTERN, "http://a/{}")]
    cases += [(PUBLISHED_AT_PATTERN, "2025-03-1{}"), (PUBLISHED_AT_PATTERN, "2025-03-19{}")]
    characters = [chr(c) for c in range(0x10000) if not 0xD800 <= c <= 0xDFFF] + ["\U0001d7d9", "\U000e0020"]
    for pattern, shape in cases:
        ours = Pattern(pattern)
        theirs = jsonschema_rs.validator_for({"type": "string", "pattern": pattern})
        for character in characters:
            value = shape.format(character)
            python = ours.strict.search(value) is not None
            assert python == theirs.is_valid(value), (pattern[:30], value)
