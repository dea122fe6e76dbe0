"""The prisoner trigger data file: known keys only, valid kinds, and words in the shape the code reads."""

from __future__ import annotations

import json

from service.analysis.facts.prisoners.words import DATA, KINDS

KEYS = {
    "_doc",
    "verbs",
    "weak_verbs",
    "military_nouns",
    "rescue_words",
    "homecoming",
    "phrasal",
    "states",
    "nouns",
    "exchange_for",
    "prisoner_nouns",
    "person_nouns",
    "cues",
    "release_not_from",
    "partitive_keep",
    "status",
    "scope",
    "subgroup",
    "criminal",
    "raising_verbs",
    "total_markers",
    "swap_subject_verbs",
    "furniture_labels",
    "arrival_verbs",
    "take_not_with",
    "take_particles",
    "state_verbs",
}


def _data() -> dict:
    return json.loads(DATA.read_text(encoding="utf-8"))


def test_trigger_file_has_only_known_keys():
    assert set(_data()) == KEYS


def test_every_kind_is_a_contract_kind():
    data = _data()
    kinds = [*data["verbs"].values(), *data["nouns"].values(), data["states"]["kind"]]
    kinds += [rule["kind"] for rule in data["phrasal"]]
    assert set(kinds) <= set(KINDS)


def test_word_lists_are_lower_case_unique_strings():
    data = _data()
    lists = [data[k] for k in KEYS if isinstance(data[k], list) and k != "phrasal"]
    lists += [data["states"]["verbs"], data["states"]["places"], data["scope"]["cumulative_words"]]
    lists += [data["scope"]["background_verbs"], data["scope"]["background_subjects"]]
    lists += [data["criminal"]["veto_words"], data["criminal"]["agents"], data["criminal"]["lone_agents"]]
    lists += [v for k, v in data["status"].items()]
    for words in lists:
        assert all(isinstance(w, str) and w == w.lower() and w.strip() == w and w for w in words)
        assert len(words) == len(set(words))


def test_weak_verbs_and_phrasal_rules_refer_to_real_entries():
    data = _data()
    assert set(data["weak_verbs"]) <= set(data["verbs"]) | {rule["verb"] for rule in data["phrasal"]}
    for rule in data["phrasal"]:
        assert {"verb", "with", "kind"} <= set(rule) <= {"verb", "with", "kind", "weak"} and rule["with"]
    assert set(data["exchange_for"]) <= set(data["nouns"])


def test_status_and_criminal_sections_have_their_keys():
    data = _data()
    assert set(data["status"]) == {
        "planned_aux",
        "planned_governors",
        "realised_governors",
        "demanded_governors",
        "deal_subjects",
        "aim_subjects",
        "condition_marks",
    }
    assert set(data["criminal"]) == {"veto_words", "agents", "lone_agents"}
    assert set(data["scope"]) == {
        "cumulative_words",
        "perfect_total_words",
        "background_verbs",
        "background_subjects",
        "background_days",
        "cumulative_plurals",
        "cumulative_plural_preps",
        "separate_openers",
        "separate_phrases",
    }
    assert isinstance(data["scope"]["background_days"], int) and data["scope"]["background_days"] > 0
    assert set(data["states"]) == {
        "verbs",
        "places",
        "kind",
        "held_complements",
        "remain_places",
        "captors",
        "awaited",
        "leaving_verbs",
        "left_places_verbs",
        "prison_kinds",
        "prison_modifiers",
        "tally_verbs",
    }
    assert set(data["homecoming"]) == {"verbs", "with", "kind"}
