"""gunicorn's threaded worker, answering the requests gunicorn itself refuses as problem+json.

gunicorn refuses a request line over ``limit_request_line``, too many or too large header
fields, and malformed requests before the app sees them, with a small HTML page. Clients of this
service read problem+json (RFC 9457), so the worker writes the same statuses as problems, and an
over-long request line as 414 (gunicorn says 400). gunicorn's own logging and access log of the
refusal are kept: its handler runs with a socket that swallows the HTML.
"""

from __future__ import annotations

import json

from gunicorn import util
from gunicorn.http.errors import LimitRequestHeaders, LimitRequestLine
from gunicorn.workers.gthread import ThreadWorker

PROBLEM_BASE = "urn:newsfacts:problem:"
PROBLEMS = {  # status: (type slug, title)
    400: ("bad-request", "Bad request"),
    403: ("forbidden", "Forbidden"),
    414: ("uri-too-long", "Request line too long"),
    431: ("request-header-fields-too-large", "Request header fields too large"),
    500: ("internal-error", "Internal server error"),
    501: ("not-implemented", "Not implemented"),
}
REASONS = {
    400: "Bad Request",
    403: "Forbidden",
    414: "URI Too Long",
    431: "Request Header Fields Too Large",
    500: "Internal Server Error",
    501: "Not Implemented",
}


class _Sink:
    """Stands in for the client socket while gunicorn's handler classifies and logs the error:
    it keeps the status line of the HTML answer gunicorn would have written."""

    def __init__(self):
        self.written = b""

    def gettimeout(self):
        return 0.0

    def setblocking(self, flag):
        pass

    def sendall(self, data):
        self.written += data

    def send(self, data):
        self.written += data
        return len(data)

    def status(self) -> int:
        try:
            return int(self.written.split(b" ", 2)[1])
        except (IndexError, ValueError):
            return 500


def problem_http(status: int, detail: str) -> bytes:
    """A complete HTTP/1.1 response carrying the problem of ``status``; the connection closes."""
    slug, title = PROBLEMS.get(status, PROBLEMS[400 if status < 500 else 500])
    body = {"type": PROBLEM_BASE + slug, "title": title, "status": status}
    if detail:
        body["detail"] = detail
    payload = json.dumps(body).encode("ascii")  # ASCII escapes: the detail may echo raw bytes
    head = (
        f"HTTP/1.1 {status} {REASONS.get(status, 'Error')}\r\n"
        "Connection: close\r\n"
        "Content-Type: application/problem+json\r\n"
        f"Content-Length: {len(payload)}\r\n\r\n"
    )
    return head.encode("latin-1") + payload


def detail_of(exc: BaseException, status: int) -> str:
    if isinstance(exc, LimitRequestLine):
        return f"The request line is longer than {exc.max_size} bytes."
    if isinstance(exc, LimitRequestHeaders):
        return f"Request header fields: {exc}."
    if status >= 500:
        return ""  # never an internal error's text
    return str(exc)[:200]


class ProblemThreadWorker(ThreadWorker):
    """gunicorn's gthread worker whose own refusals are problem+json responses."""

    def handle_error(self, req, client, addr, exc):
        sink = _Sink()
        super().handle_error(req, sink, addr, exc)  # classifies, logs, writes HTML to the sink
        status = 414 if isinstance(exc, LimitRequestLine) else sink.status()
        try:
            util.write_nonblock(client, problem_http(status, detail_of(exc, status)))
        except Exception:  # noqa: BLE001 (as gunicorn: the client may be gone)
            self.log.debug("Failed to send error message.")
