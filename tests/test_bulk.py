"""`newsfacts analyze FILE` in bulk: a URL list or JSONL in, JSONL out in order, failures summed up."""

from __future__ import annotations

import json

import pytest

from service.cli import main
from service.serving.bulk import read_inputs, summary
from tests.api.test_analyze import wrap_in_page
from tests.conftest import LOCAL_ONLY


@pytest.fixture
def local_env(monkeypatch):
    """The CLI reads its settings from the environment: no Redis, the page server allowed."""
    for name in ("NEWSFACTS_REDIS_URL", "NEWSFACTS_FETCH_ALLOW_CIDRS"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("NEWSFACTS_FETCH_ALLOW_CIDRS", ",".join(LOCAL_ONLY))


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (
            "https://a.example/1\n\nhttp://b.example/2\n",
            [{"url": "https://a.example/1"}, {"url": "http://b.example/2"}],
        ),
        (
            '{"text": "One."}\n{"url": "https://a.example/"}\n',
            [{"text": "One."}, {"url": "https://a.example/"}],
        ),
        ("A storm hit the coast.\nhttps://a.example/\n", None),  # an article that quotes a URL
        ("", None),
    ],
    ids=["urls", "jsonl", "article", "empty"],
)
def test_read_inputs(content, expected):
    assert read_inputs(content) == expected


def test_url_file_against_the_page_server(tmp_path, capsys, local_env, page_server, article_text):
    urls = [
        page_server.page(f"/bulk/{name}", wrap_in_page(f"Story {name}", article_text))
        for name in ("a", "b", "c")
    ]
    urls.insert(2, page_server.base + "/bulk/missing")
    source, out = tmp_path / "urls.txt", tmp_path / "out.jsonl"
    source.write_text("\n".join(urls) + "\n")

    assert main(["analyze", str(source), "--out", str(out), "--concurrency", "3"]) == 1
    lines = [json.loads(line) for line in out.read_text().splitlines()]
    assert [(line["line"], line["url"], line["status"]) for line in lines] == [
        (1, urls[0], 200),
        (2, urls[1], 200),
        (3, urls[2], 502),
        (4, urls[3], 200),
    ]
    assert "harbour district" in lines[3]["result"]["article"]["text"]
    assert lines[2]["problem"]["type"] == "urn:newsfacts:problem:upstream-error"
    err = capsys.readouterr().err
    assert "4 items: 3 ok, 1 failed (1 upstream-error)" in err
    assert "failed lines: 3" in err
    assert "\r" not in err, "no progress bar when stderr is not a terminal"


def test_jsonl_inputs_to_stdout(tmp_path, capsysbinary, local_env, article_text):
    source = tmp_path / "inputs.jsonl"
    rows = [
        json.dumps({"text": article_text, "options": {"summary_sentences": 1}}),
        "{not json",
        '{"text": ""}',
    ]
    source.write_text("\n".join(rows) + "\n")
    assert main(["analyze", str(source)]) == 1
    lines = [json.loads(line) for line in capsysbinary.readouterr().out.decode().splitlines()]
    assert [line["status"] for line in lines] == [200, 400, 422]
    assert len(lines[0]["result"]["summary"]) == 1
    assert lines[1]["problem"]["type"] == "urn:newsfacts:problem:invalid-json"


def test_summary_lists_kinds_and_first_lines():
    failures = [(line, "upstream-error" if line % 2 else "fetch-refused") for line in range(1, 14)]
    text = summary(20, failures, shown=3)
    assert text.startswith("20 items: 7 ok, 13 failed (7 upstream-error, 6 fetch-refused)")
    assert text.endswith("failed lines: 1, 2, 3 …")
