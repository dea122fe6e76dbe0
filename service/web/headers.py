"""Security headers for the pages a browser renders (the editors' page, /docs), on every response.

The editors' page pastes untrusted article text into the DOM and holds an API key in a tab. A
Content-Security-Policy that allows only the service's own scripts, styles and connections means a
text that slipped past escaping still cannot run script, load from elsewhere or send the key away;
``nosniff`` stops a browser from running a text response as script, and ``no-referrer`` keeps the
page's address (and anything in it) out of other sites' logs. JSON responses carry the same headers:
they are harmless there (a CSP only governs documents), and one hook keeps every page covered.
"""

from __future__ import annotations

from flask import Flask, Response, request

PAGE_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'"
)
# Swagger UI sets style attributes from its scripts (collapsing sections, the model views), which a
# strict style-src blocks and reports; inline styles cannot run code, so /docs alone allows them.
# Scripts stay 'self' only.
DOCS_POLICY = PAGE_POLICY.replace("style-src 'self'", "style-src 'self' 'unsafe-inline'")
HEADERS = {"X-Content-Type-Options": "nosniff", "Referrer-Policy": "no-referrer"}


def policy_for(path: str) -> str:
    """The Content-Security-Policy for a path: the Swagger UI pages get inline styles, nothing else."""
    return DOCS_POLICY if path == "/docs" or path.startswith("/docs/") else PAGE_POLICY


def _add_headers(response: Response) -> Response:
    response.headers.setdefault("Content-Security-Policy", policy_for(request.path))
    for name, value in HEADERS.items():
        response.headers.setdefault(name, value)
    return response


def init_app(app: Flask) -> None:
    """Adds the headers after every request (errors included)."""
    app.after_request(_add_headers)
