"""language.py: the language of texts we wrote, by script or by function words."""

from __future__ import annotations

import json

import pytest

from service.analysis.article import language
from service.analysis.article.language import guess_language

TEXTS = [
    ("The council said that the bridge would open again in the spring, and it was right.", "en"),
    ("Der Rat sagte, dass die Brücke im Frühjahr wieder geöffnet wird, und er hatte recht.", "de"),
    ("Le conseil a dit que le pont serait rouvert au printemps, et il avait raison pour une fois.", "fr"),
    ("El consejo dijo que el puente se abriría de nuevo en la primavera, y tenía razón.", "es"),
    ("O conselho disse que a ponte não seria aberta antes da primavera, mas foi aberta em maio.", "pt"),
    ("Совет сказал, что мост снова откроют весной, и он был прав, как это ни странно.", "ru"),
    ("시의회는 다리가 봄에 다시 열릴 것이라고 말했다.", "ko"),
    ("市議会は、橋が春に再開すると発表した。", "ja"),
    ("市议会说这座桥将在春天重新开放。", "zh"),
    ("12 345 678", None),
    ("", None),
    ("Bridge Council Spring", None),
]  # fmt: skip


@pytest.mark.parametrize(("text", "expected"), TEXTS)
def test_guess_language(text, expected):
    assert guess_language(text) == expected


def test_language_data_file_is_well_formed():
    data = json.loads(language.DATA.read_text("utf8"))
    assert set(data) == {"_comment", "words", "scripts", "min_share", "lead_ratio", "sample_words"}
    for code, words in data["words"].items():
        assert len(code) == 2 and len(words) == len(set(words)) >= 20
        assert all(w == w.lower() and " " not in w for w in words)
    assert all(len(code) == 2 for code in data["scripts"])
    assert 0 < data["min_share"] < 1 and data["lead_ratio"] >= 1 and data["sample_words"] > 0
