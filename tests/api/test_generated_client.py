"""A client generated from openapi.yaml (openapi-python-client) drives every operation against the
app, problems included: each response must parse into the generated model (issue 19).

Skipped where the generator or httpx is not installed (both come with the test extra)."""

from __future__ import annotations

import importlib
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import ROOT

httpx = pytest.importorskip("httpx")
GENERATOR = shutil.which(
    "openapi-python-client",
    path=os.pathsep.join([str(Path(sys.executable).parent), os.environ.get("PATH", "")]),
)
pytestmark = pytest.mark.skipif(GENERATOR is None, reason="openapi-python-client is not installed")


@pytest.fixture(scope="module")
def generated(tmp_path_factory):
    """The generated package, imported from a temporary folder."""
    out = tmp_path_factory.mktemp("client") / "newsfacts_client"
    subprocess.run(
        [
            GENERATOR,
            "generate",
            "--path",
            str(ROOT / "openapi.yaml"),
            "--output-path",
            str(out),
            "--meta",
            "none",
        ],
        check=True,
        capture_output=True,
        timeout=120,
    )
    sys.path.insert(0, str(out.parent))
    try:
        yield importlib.import_module("newsfacts_client")
    finally:
        sys.path.remove(str(out.parent))
        for name in [name for name in sys.modules if name.startswith("newsfacts_client")]:
            del sys.modules[name]


@pytest.fixture
def api(generated, app):
    from newsfacts_client import Client

    transport = httpx.WSGITransport(app=app)
    return Client(
        base_url="http://testserver", httpx_args={"transport": transport}, raise_on_unexpected_status=True
    )


def call(name: str, **kwargs):
    module = importlib.import_module(f"newsfacts_client.api.default.{name}")
    return module.sync_detailed(**kwargs)


def test_analyze_parses_results_and_problems(api):
    from newsfacts_client.models import AnalyzeRequest, AnalyzeResponse, Options, ValidationProblem

    text = "A storm killed three people and injured 14 others in the port city on Sunday, officials said."
    body = AnalyzeRequest(text=text, published_at="2025-06-02", options=Options(summary_sentences=1))
    response = call("analyze_article", client=api, body=body)
    assert response.status_code == 200
    assert isinstance(response.parsed, AnalyzeResponse)
    assert response.parsed.article.text == text
    assert response.parsed.facts.casualties[0].kind.value == "killed"
    assert response.parsed.warnings == []
    refused = call("analyze_article", client=api, body=AnalyzeRequest(text="   "))
    assert refused.status_code == 422
    assert isinstance(refused.parsed, ValidationProblem)
    assert refused.parsed.type_ == "urn:newsfacts:problem:validation-error"


def test_batch_parses_each_outcome(api):
    from newsfacts_client.models import AnalyzeRequest, BatchRequest, BatchResponse

    items = [AnalyzeRequest(text="Rain fell in the north on Monday."), AnalyzeRequest(text="   ")]
    response = call("analyze_batch", client=api, body=BatchRequest(items=items))
    assert response.status_code == 200
    assert isinstance(response.parsed, BatchResponse)
    first, second = response.parsed.items
    assert (first.status, second.status) == (200, 422)
    assert first.result.article.text.startswith("Rain")
    assert second.problem.type_.endswith(":validation-error")


def test_jobs_parse_accepted_job_and_missing(api):
    from newsfacts_client.models import AnalyzeRequest, Job, JobAccepted, JobRequest, Problem

    accepted = call("create_job", client=api, body=JobRequest(items=[AnalyzeRequest(text="Rain fell.")]))
    assert accepted.status_code == 202
    assert isinstance(accepted.parsed, JobAccepted)
    job = call("read_job", job_id=accepted.parsed.id, client=api)
    assert job.status_code == 200
    assert isinstance(job.parsed, Job)
    assert job.parsed.progress.total == 1
    missing = call("read_job", job_id="0" * 32, client=api)
    assert missing.status_code == 404
    assert isinstance(missing.parsed, Problem)
    assert missing.parsed.type_ == "urn:newsfacts:problem:job-not-found"


def test_service_endpoints_parse(api):
    health = call("healthz", client=api)
    assert health.status_code == 200 and health.parsed.status == "ok"
    ready = call("readyz", client=api)
    assert ready.status_code == 200 and ready.parsed.status.value == "ready"
    document = call("openapi", client=api)
    assert document.status_code == 200 and "openapi: 3.0.3" in document.parsed
    for name in ("metrics", "docs", "page"):
        assert call(name, client=api).status_code == 200
