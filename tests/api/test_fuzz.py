"""Fuzzing the API from its OpenAPI document (schemathesis): no 5xx, every response as documented,
schema-valid requests accepted and schema-invalid ones refused.

Bounded for the suite: at most MAX_EXAMPLES generated requests per operation, each with a
deadline. The app runs on the suite's real redis-server (jobs need it), and DNS is
scripted so generated URLs resolve to a documentation address and are refused without
touching the network.

Every check is on, ``positive_data_acceptance`` and ``negative_data_rejection`` included, with
the documented exceptions of tests/support/fuzz_rules.py and no others: a schema-valid request is
excused only when refused for a reason no schema can state (a URL cannot be fetched offline,
generated markup holds no article, a job's callback cannot resolve to a public address), and the
batch and job endpoints answer a problem per invalid item instead of refusing the request.

What the schema cannot state was moved into it instead: published_at's pattern is the calendar
itself (2025-02-30 no longer fits), and the app runs with the documented text limit.
Run with -s to see how many cases ran and how many were excused, by reason.
"""

from __future__ import annotations

import os
from collections import Counter

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.specs.openapi.checks import negative_data_rejection, positive_data_acceptance

from service import create_app
from service.analysis.fetch import urlcheck
from service.config import Settings
from tests.support.fuzz_rules import BATCHES, OFFLINE_ADDRESS, documented_refusal
from tests.support.servers import RedisServer

MAX_EXAMPLES = int(os.environ.get("NEWSFACTS_FUZZ_EXAMPLES", "50"))  # per operation; 100 for a deeper run
CASES_RUN: Counter[str] = Counter()
EXCUSED: Counter[str] = Counter()
# The schema is loaded at import (schemathesis' lazy fixture loader does not run on pytest 9),
# so the app is built now on a redis-server that the module fixture below starts before the
# first case; Redis clients connect lazily.
REDIS = RedisServer()
app = create_app(Settings(redis_url=REDIS.url, fetch_timeout=2.0, callback_secret="fuzz"))
schema = schemathesis.openapi.from_wsgi("/openapi.yaml", app)


@pytest.fixture(autouse=True, scope="module")
def redis_and_dns():
    """Start the app's redis-server; every generated host resolves to 192.0.2.1 (TEST-NET-1), refused."""
    REDIS.start()
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(urlcheck, "resolve_host", lambda host, port: [OFFLINE_ADDRESS])
        yield
    REDIS.stop()
    operations = len(CASES_RUN) - ("undocumented-method probes" in CASES_RUN)
    print(f"\nschemathesis: {CASES_RUN.total()} cases, {operations} operations: {dict(CASES_RUN)}")
    print(f"schema-valid requests excused from positive_data_acceptance: {dict(EXCUSED)}")


@schema.parametrize()
@settings(
    max_examples=MAX_EXAMPLES,
    deadline=5000,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much, HealthCheck.data_too_large],
)
def test_api_conforms_to_its_spec(case):
    probe = case.method.upper() != case.operation.method.upper()  # an undocumented method: expect 405
    CASES_RUN["undocumented-method probes" if probe else case.operation.label] += 1
    excluded = []
    if case.method == "POST" and case.path in BATCHES:
        excluded.append(negative_data_rejection)
    response = case.call()
    reason = documented_refusal(case, response)
    if reason is not None:
        EXCUSED[reason] += 1
        excluded.append(positive_data_acceptance)
    case.validate_response(response, excluded_checks=excluded)
