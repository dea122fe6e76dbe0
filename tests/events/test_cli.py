"""`newsfacts events cluster`: a JSONL file of articles in, one JSONL line per event out."""

from __future__ import annotations

import json

from service.cli import main
from tests.events.stories import FLOOD, RIVERTON_FIRST, RIVERTON_UPDATE


def line(story: dict) -> str:
    return json.dumps({key: story[key] for key in ("id", "text", "title", "published_at")})


def test_inputs_and_earlier_results_are_clustered_into_event_lines(tmp_path, capsys):
    first = tmp_path / "first.jsonl"
    first.write_text(
        json.dumps({k: RIVERTON_FIRST[k] for k in ("text", "title", "published_at")}), encoding="utf-8"
    )
    assert main(["analyze", str(first), "--out", str(tmp_path / "analysed.jsonl")]) == 0
    analysed = json.loads((tmp_path / "analysed.jsonl").read_text(encoding="utf-8"))  # a bulk outcome line
    articles = tmp_path / "articles.jsonl"
    articles.write_text(
        "\n".join([json.dumps({**analysed, "id": "riverton-1"}), line(RIVERTON_UPDATE), line(FLOOD)]) + "\n",
        encoding="utf-8",
    )
    capsys.readouterr()
    assert main(["events", "cluster", str(articles)]) == 0
    out, err = capsys.readouterr()
    events = [json.loads(text) for text in out.splitlines()]
    assert sorted(sorted(a["article_id"] for a in e["articles"]) for e in events) == [
        ["flood-1"],
        ["riverton-1", "riverton-2"],
    ]
    assert "3 articles, 2 events, 0 failed" in err


def test_a_failed_article_is_counted_and_the_exit_status_says_so(tmp_path, capsys):
    articles = tmp_path / "articles.jsonl"
    articles.write_text(line(FLOOD) + "\n" + '{"text": ""}\n' + "not json\n", encoding="utf-8")
    out_file = tmp_path / "events.jsonl"
    assert main(["events", "cluster", str(articles), "--out", str(out_file)]) == 1
    assert len(out_file.read_text(encoding="utf-8").splitlines()) == 1
    assert "3 articles, 1 events, 2 failed" in capsys.readouterr().err


def test_repeated_ids_are_refused(tmp_path, capsys):
    articles = tmp_path / "articles.jsonl"
    articles.write_text(line(FLOOD) + "\n" + line(FLOOD) + "\n", encoding="utf-8")
    assert main(["events", "cluster", str(articles)]) == 2
    assert "validation-error" in capsys.readouterr().err
