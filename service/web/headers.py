"""Security headers for the pages a browser renders (the editors' page, /docs), on every response.

The editors' page pastes untrusted article text into the DOM and holds an API key in a tab. A
Content-Security-Policy that allows only the service's own scripts, styles and connections means a
text that slipped past escaping still cannot run script, load from elsewhere or send the key away;
``nosniff`` stops a browser from running a text response as script, and ``no-referrer`` keeps the
page's address (and anything in it) out of other sites' logs. JSON responses carry the same headers:
they are harmless there (a CSP only governs documents), and one hook keeps every page covered.
"""

from __future__ import annotations

from flask import Flask, Response

# One policy for every page, /docs included: Swagger UI sets its styles through the DOM (not style
# attributes in markup), which a strict style-src allows, so it needs no 'unsafe-inline' (the e2e
# tests open an operation under this policy and find no violation in the console).
POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'"
)
HEADERS = {
    "Content-Security-Policy": POLICY,
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
}


def _add_headers(response: Response) -> Response:
    for name, value in HEADERS.items():
        response.headers.setdefault(name, value)
    return response


def init_app(app: Flask) -> None:
    """Adds the headers after every request (errors included)."""
    app.after_request(_add_headers)
