"""`newsfacts analyze` prints the same JSON as the API."""

from __future__ import annotations

import json

from service.cli import main
from tests.conftest import DATA


def test_analyze_a_text_file(capsys):
    path = DATA / "articles" / "harbour_strike.txt"
    assert main(["analyze", str(path), "--published-at", "2025-06-01"]) == 0
    body = json.loads(capsys.readouterr().out)
    assert body["article"]["text"] == path.read_text(encoding="utf-8")
    assert body["article"]["published_at"] == "2025-06-01"
    assert body["summary"] and body["meta"]["cached"] is False


def test_analyze_reads_html_from_stdin(capsys, monkeypatch):
    import io

    page = "<html><body><article>" + "<p>The storm flooded the valley and cut power to the town.</p>" * 6
    monkeypatch.setattr("sys.stdin", io.StringIO(page + "</article></body></html>"))
    assert main(["analyze", "-"]) == 0
    assert "flooded the valley" in json.loads(capsys.readouterr().out)["article"]["text"]


def test_analyze_reports_a_refused_url(capsys):
    assert main(["analyze", "http://127.0.0.1:9/"]) == 1
    assert "Refused" in capsys.readouterr().err
