"""Optional API keys: hashes in the settings, Bearer or X-API-Key, 401 problems, open paths."""

from __future__ import annotations

import hashlib

import pytest

from service import create_app
from service.web import auth

KEY, OTHER_KEY = "nf_test_key_one_7Qp", "nf_test_key_two_Zx4"
STORY = {"text": "A landslide buried two houses on Friday, killing four people, officials said."}


def hashed(name: str, key: str) -> str:
    return f"{name}:{hashlib.sha256(key.encode()).hexdigest()}"


@pytest.fixture
def keyed(settings):
    """An app with two keys configured by their hashes only."""
    config = settings.updated(api_key_hashes=(hashed("cms", KEY), hashed("wire", OTHER_KEY)))
    return create_app(config).test_client()


def test_keys_are_off_by_default(client):
    assert client.post("/v1/analyze", json=STORY).status_code == 200


def test_a_missing_key_is_a_401_problem_with_www_authenticate(keyed):
    response = keyed.post("/v1/analyze", json=STORY)
    assert response.status_code == 401
    assert response.mimetype == "application/problem+json"
    assert response.get_json()["type"] == "urn:newsfacts:problem:api-key-required"
    assert response.headers["WWW-Authenticate"].startswith("Bearer ")


@pytest.mark.parametrize(
    "headers",
    [
        {"Authorization": "Bearer wrong-key"},
        {"X-API-Key": "wrong-key"},
        {"Authorization": f"Bearer {KEY}x"},
        {"X-API-Key": hashlib.sha256(KEY.encode()).hexdigest()},  # the hash itself is not a key
    ],
)
def test_a_wrong_key_is_a_401_invalid_key_problem(keyed, headers):
    response = keyed.post("/v1/analyze", json=STORY, headers=headers)
    assert response.status_code == 401
    assert response.get_json()["type"] == "urn:newsfacts:problem:api-key-invalid"
    assert 'error="invalid_token"' in response.headers["WWW-Authenticate"]
    assert "wrong-key" not in response.get_data(as_text=True)


@pytest.mark.parametrize(
    "headers",
    [
        {"Authorization": f"Bearer {KEY}"},
        {"Authorization": f"bearer {KEY}"},
        {"X-API-Key": KEY},
        {"X-API-Key": OTHER_KEY},
    ],
)
def test_a_right_key_in_either_header_is_accepted(keyed, headers):
    assert keyed.post("/v1/analyze", json=STORY, headers=headers).status_code == 200


@pytest.mark.parametrize("path", ["/healthz", "/readyz", "/openapi.yaml", "/docs", "/metrics"])
def test_health_docs_and_metrics_stay_open(keyed, path):
    assert keyed.get(path).status_code == 200


def test_metrics_can_be_put_behind_the_keys(settings):
    config = settings.updated(api_key_hashes=(hashed("prometheus", KEY),), metrics_require_key=True)
    client = create_app(config).test_client()
    assert client.get("/metrics").status_code == 401
    assert client.get("/metrics", headers={"Authorization": f"Bearer {KEY}"}).status_code == 200


def test_keys_from_a_file_of_hashes(settings, tmp_path):
    keys_file = tmp_path / "keys"
    keys_file.write_text(f"# newsfacts API keys\n\n{hashed('cms', KEY)}\n", encoding="utf-8")
    client = create_app(settings.updated(api_keys_file=str(keys_file))).test_client()
    assert client.post("/v1/analyze", json=STORY).status_code == 401
    assert client.post("/v1/analyze", json=STORY, headers={"X-API-Key": KEY}).status_code == 200


def test_an_empty_keys_file_fails_at_start_rather_than_opening_the_service(settings, tmp_path):
    keys_file = tmp_path / "keys"
    keys_file.write_text("# nothing yet\n", encoding="utf-8")
    with pytest.raises(ValueError, match="no API key hashes"):
        create_app(settings.updated(api_keys_file=str(keys_file)))


def test_the_configuration_holds_hashes_only(settings):
    config = settings.updated(api_key_hashes=(hashed("cms", KEY),))
    app = create_app(config)
    assert KEY not in repr(app.config["NEWSFACTS"])
    assert hashlib.sha256(KEY.encode()).hexdigest() in repr(app.config["NEWSFACTS"])


@pytest.mark.parametrize(
    "line, problem",
    [
        ("cms:" + "a" * 63, "64 hex"),  # too short
        ("cms:" + "g" * 64, "64 hex"),  # not hex
        ("a" * 64, "64 hex"),  # no name
        ("cms " + "a" * 64, "64 hex"),  # wrong separator
    ],
)
def test_malformed_hash_entries_are_refused(line, problem):
    with pytest.raises(ValueError, match=problem):
        auth.parse_entries([line], source="test")


def test_entries_parse_names_with_colons_and_upper_case_hex():
    digest = hashlib.sha256(b"k").hexdigest()
    assert auth.parse_entries([f"team:cms:{digest.upper()}"], source="test") == [
        ("team:cms", bytes.fromhex(digest))
    ]


def test_every_entry_is_compared_in_constant_time(monkeypatch):
    entries = auth.parse_entries([hashed("a", KEY), hashed("b", OTHER_KEY), hashed("c", "third")], source="t")
    calls = []
    real = auth.hmac.compare_digest

    def spy(left, right):
        calls.append(right)
        return real(left, right)

    monkeypatch.setattr(auth.hmac, "compare_digest", spy)
    assert auth.identify(KEY, entries) == "a"
    assert len(calls) == 3  # no early exit on the first match
    assert auth.identify("nope", entries) is None
