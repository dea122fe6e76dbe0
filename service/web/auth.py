"""Optional API keys: the settings hold only SHA-256 hashes; a presented key is hashed and
compared in constant time. Keys are off until at least one hash is configured.

Make a key and its hash:  KEY=$(python -c 'import secrets; print(secrets.token_urlsafe(32))')
                          printf %s "$KEY" | sha256sum    → put "name:<hex>" in the settings
"""

from __future__ import annotations

import hashlib
import hmac
import re
from collections.abc import Iterable
from pathlib import Path

from flask import Flask, g, request

from service.config import Settings
from service.web.errors import ApiKeyInvalid, ApiKeyRequired

SHA256_HEX = re.compile(r"[0-9a-f]{64}")


def parse_entries(lines: Iterable[str], *, source: str) -> list[tuple[str, bytes]]:
    """``name:sha256hex`` lines (blank lines and ``#`` comments skipped) as (name, digest) pairs."""
    entries = []
    for number, line in enumerate(lines, 1):
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        name, _, digest = line.rpartition(":")
        digest = digest.lower()
        if not name or not SHA256_HEX.fullmatch(digest):
            raise ValueError(f"{source}, entry {number}: expected name:<64 hex digits of SHA-256>")
        entries.append((name, bytes.fromhex(digest)))
    return entries


def load_keys(settings: Settings) -> list[tuple[str, bytes]]:
    """Every configured key hash; a keys file that is set but empty fails, rather than silently opening."""
    entries = parse_entries(settings.api_key_hashes, source="NEWSFACTS_API_KEY_HASHES")
    if settings.api_keys_file:
        path = Path(settings.api_keys_file)
        from_file = parse_entries(path.read_text(encoding="utf-8").splitlines(), source=str(path))
        if not from_file:
            raise ValueError(f"{path} holds no API key hashes")
        entries += from_file
    return entries


def identify(presented: str, entries: list[tuple[str, bytes]]) -> str | None:
    """The name of the key ``presented`` is, or None; every entry is compared, in constant time."""
    digest = hashlib.sha256(presented.encode("utf-8")).digest()
    found = None
    for name, stored in entries:
        if hmac.compare_digest(digest, stored) and found is None:
            found = name
    return found


def presented_key() -> str | None:
    """The key from ``Authorization: Bearer <key>`` or else ``X-API-Key: <key>``."""
    scheme, _, credentials = request.headers.get("Authorization", "").partition(" ")
    if scheme.lower() == "bearer" and credentials.strip():
        return credentials.strip()
    return request.headers.get("X-API-Key", "").strip() or None


def is_protected(path: str, settings: Settings) -> bool:
    """/v1/ needs a key; /metrics only when asked; health, docs and the OpenAPI document never."""
    if path == "/metrics":
        return settings.metrics_require_key
    return path.startswith("/v1/")


def init_app(app: Flask, settings: Settings) -> None:
    """Require a key on protected paths when any key is configured (CORS preflights pass)."""
    entries = load_keys(settings)
    if not entries:
        return

    @app.before_request
    def require_key() -> None:
        if request.method == "OPTIONS" or not is_protected(request.path, settings):
            return
        key = presented_key()
        if key is None:
            raise ApiKeyRequired("Send your key as 'Authorization: Bearer <key>' or 'X-API-Key: <key>'.")
        g.client = identify(key, entries)
        if g.client is None:
            raise ApiKeyInvalid("The key sent is not one of this service's keys.")
