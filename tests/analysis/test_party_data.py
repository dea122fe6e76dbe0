"""The parties gazetteer's data files: well formed, known keys only, no form naming two actors."""

from __future__ import annotations

import json

import pycountry

from service.analysis.facts.parties import gazetteer

TYPES = {"country", "organization", "group"}
ORG_KEYS = {"name", "type", "aliases", "state"}


def test_country_rows_have_six_columns_and_real_codes():
    rows = gazetteer._country_rows()
    assert len(rows) > 190
    codes = [row[0] for row in rows]
    assert len(codes) == len(set(codes))
    for row in rows:
        assert len(row) == 6, row
        assert row[1], row
        assert row[0] == "XK" or pycountry.countries.get(alpha_2=row[0]) is not None, row


def test_organizations_use_known_keys_and_types():
    lines = (gazetteer.DATA / "organizations.jsonl").read_text(encoding="utf-8").splitlines()
    codes = {row[0] for row in gazetteer._country_rows()}
    names = set()
    for line in lines:
        row = json.loads(line)
        assert set(row) <= ORG_KEYS and {"name", "type", "aliases"} <= set(row), row
        assert row["type"] in TYPES and isinstance(row["aliases"], list), row
        assert row.get("state") in (None, *codes), row
        assert row["name"] not in names
        names.add(row["name"])


def test_no_surface_names_two_organizations():
    seen: dict[str, str] = {}
    for line in (gazetteer.DATA / "organizations.jsonl").read_text(encoding="utf-8").splitlines():
        row = json.loads(line)
        for form in (row["name"], *row["aliases"]):
            assert seen.setdefault(form, row["name"]) == row["name"], form


def test_word_lists_are_lower_case_lists():
    raw = json.loads((gazetteer.DATA / "party_words.json").read_text(encoding="utf-8"))
    cased = {"collective_regions", "media", "not_parties", "ambiguous_country_names"}
    for key, values in raw.items():
        if key.startswith("_"):
            continue
        assert isinstance(values, list) and values, key
        if key not in cased:
            assert all(v == v.lower() for v in values), key


def test_lookup_knows_the_common_forms():
    cases = {
        "Moscow": "Russia",
        "Kremlin": "Russia",
        "Kyiv": "Ukraine",
        "U.S.": "United States",
        "Congo": "Democratic Republic of the Congo",
        "Houthi": "Houthis",
        "al-Shabab": "al-Shabaab",
    }
    assert {form: gazetteer.lookup(form).actor.name for form in cases} == cases
