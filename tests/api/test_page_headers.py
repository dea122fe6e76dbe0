"""Security headers on the pages a browser renders, and the page's icon (issue 20, item 7)."""

from __future__ import annotations

import re

import pytest


def _directives(policy: str) -> dict[str, str]:
    return {part.split()[0]: part.strip() for part in policy.split(";") if part.strip()}


@pytest.mark.parametrize("path", ["/", "/docs", "/static/page.js", "/favicon.ico"])
def test_pages_carry_the_security_headers(client, path):
    response = client.get(path)
    assert response.status_code == 200
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "no-referrer"
    policy = _directives(response.headers["Content-Security-Policy"])
    assert policy["script-src"] == "script-src 'self'"  # no inline or foreign script anywhere
    assert policy["default-src"] == "default-src 'self'"
    assert policy["frame-ancestors"] == "frame-ancestors 'none'"
    assert policy["connect-src"] == "connect-src 'self'"


@pytest.mark.parametrize("path", ["/", "/docs"])
def test_no_page_allows_inline_code_or_styles(client, path):
    policy = client.get(path).headers["Content-Security-Policy"]
    assert "unsafe" not in policy


@pytest.mark.parametrize("path", ["/", "/docs"])
def test_the_pages_have_no_inline_script(client, path):
    html = client.get(path).get_data(as_text=True)
    scripts = re.findall(r"<script([^>]*)>(.*?)</script>", html, flags=re.S)
    assert scripts and all("src=" in attrs and not body.strip() for attrs, body in scripts)
    assert not re.search(r"\son[a-z]+=", html)  # no onclick=… handlers either


def test_the_favicon_is_served(client):
    response = client.get("/favicon.ico")
    assert response.status_code == 200
    assert response.mimetype == "image/svg+xml" and b"<svg" in response.data


def test_api_json_keeps_working_with_the_headers(client):
    response = client.post(
        "/v1/analyze", json={"text": "Two people were injured in a crash on the ring road."}
    )
    assert response.status_code == 200 and response.is_json
    assert response.headers["X-Content-Type-Options"] == "nosniff"
