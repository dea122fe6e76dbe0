"""GET /docs: a Swagger UI page on /openapi.yaml, every asset served by the service itself."""

from __future__ import annotations

import re

import pytest


def test_docs_page_loads_only_its_own_assets(client):
    response = client.get("/docs")
    assert response.status_code == 200 and response.mimetype == "text/html"
    page = response.get_data(as_text=True)
    links = re.findall(r'(?:src|href)="([^"]+)"', page)
    assert links and not [link for link in links if "//" in link]  # nothing from a CDN
    for link in links:
        asset = client.get("/" + link)
        assert asset.status_code == 200, link
        assert len(asset.data) > 100


@pytest.mark.parametrize(
    "name, mimetype",
    [
        ("swagger-ui-bundle.js", "text/javascript"),
        ("swagger-ui-standalone-preset.js", "text/javascript"),
        ("swagger-ui.css", "text/css"),
        ("docs.js", "text/javascript"),
    ],
)
def test_assets_have_their_types(client, name, mimetype):
    response = client.get(f"/docs/{name}")
    assert response.mimetype == mimetype
    assert "max-age" in response.headers["Cache-Control"]


def test_the_page_starts_swagger_ui_on_the_served_spec(client):
    script = client.get("/docs/docs.js").get_data(as_text=True)
    assert 'url: "openapi.yaml"' in script and "SwaggerUIBundle(" in script
    assert "SwaggerUIBundle" in client.get("/docs/swagger-ui-bundle.js").get_data(as_text=True)


@pytest.mark.parametrize(
    "name", ["index.html", "swagger-initializer.js", "oauth2-redirect.html", "..%2Fdocs.html"]
)
def test_nothing_else_of_the_package_is_served(client, name):
    assert client.get(f"/docs/{name}").status_code == 404
