"""Fetch limits against the local page server: bombs, trickles, retries, redirects, charsets, TLS."""

from __future__ import annotations

import gzip
import ssl
import subprocess
import threading
import time
import tracemalloc
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import brotli
import pytest
import requests.adapters

from service.analysis.fetch import (
    FetchPolicy,
    NotHTML,
    Refused,
    Timeout,
    TooLarge,
    Upstream,
    fetch,
    retry_wait,
)
from tests.support.network import ScriptedDNS, install

LOCAL = ("127.0.0.1/32",)


def policy(**changes) -> FetchPolicy:
    return FetchPolicy(**{"timeout": 3.0, "allow_cidrs": LOCAL, **changes})


def bounded(seconds: float):
    """Hang detection: the block must end within ``seconds`` (not a speed target)."""

    class Clock:
        def __enter__(self):
            self.started = time.monotonic()
            return self

        def __exit__(self, *exc):
            self.elapsed = time.monotonic() - self.started
            assert self.elapsed < seconds, f"took {self.elapsed:.2f}s"

    return Clock()


@pytest.mark.parametrize(
    ("encoding", "compress"),
    [
        ("gzip", lambda data: gzip.compress(data, compresslevel=6)),
        ("br", lambda data: brotli.compress(data, quality=5)),
    ],
)
def test_compression_bombs_stop_at_the_decoded_limit(page_server, encoding, compress):
    """A small body that inflates to 100 MB (brotli: from under a kilobyte) is refused at 1 MB."""
    bomb = compress(b"<p>" + b"\0" * 100_000_000)
    assert len(bomb) < (1_000 if encoding == "br" else 400_000)
    path = f"/bomb.{encoding}"
    page_server.routes[path] = (200, {"Content-Type": "text/html", "Content-Encoding": encoding}, bomb)
    tracemalloc.start()
    try:
        with bounded(5), pytest.raises(TooLarge):
            fetch(page_server.base + path, policy(max_bytes=1_000_000))
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 20_000_000, f"peak {peak} bytes"


def test_a_page_at_the_limit_is_read_whole(page_server):
    html = "<p>" + "x" * 9_990 + "</p>"
    url = page_server.page("/exact", html)
    assert fetch(url, policy(max_bytes=len(html))).html == html


def _trickle(handler, head: bytes, drip: bytes):
    try:
        handler.wfile.write(head)
        for _ in range(100):
            handler.wfile.write(drip)
            handler.wfile.flush()
            time.sleep(0.05)
    except OSError:
        pass  # the fetcher hung up at its deadline


def _trickle_headers(handler):
    _trickle(handler, b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n", b"X-Slow: a\r\n")


def _trickle_body(handler):
    _trickle(handler, b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n", b"<p>a</p>")


def _silent(handler):
    time.sleep(5)


@pytest.mark.parametrize("route", [_trickle_headers, _trickle_body, _silent])
def test_a_trickling_or_silent_server_is_stopped_at_the_deadline(page_server, route):
    page_server.routes["/" + route.__name__] = route
    with bounded(2.0), pytest.raises(Timeout):
        fetch(page_server.base + "/" + route.__name__, policy(timeout=1.0))


def test_retries_after_503_and_429_honour_retry_after(page_server):
    answers = iter([(503, "0"), (429, "0.1")])

    def flaky(handler):
        status, wait = next(answers, (200, None))
        handler.send_response(status)
        handler.send_header("Content-Type", "text/html")
        if wait:
            handler.send_header("Retry-After", wait)
        handler.end_headers()
        handler.wfile.write(b"<p>finally</p>")

    page_server.routes["/flaky"] = flaky
    assert fetch(page_server.base + "/flaky", policy()).html == "<p>finally</p>"
    assert page_server.hits["/flaky"] == 3


@pytest.mark.parametrize("status", [404, 500, 502])
def test_other_errors_are_not_retried(page_server, status):
    page_server.page(f"/status{status}", "<p>no</p>", status=status)
    with pytest.raises(Upstream):
        fetch(page_server.base + f"/status{status}", policy())
    assert page_server.hits[f"/status{status}"] == 1


def test_retries_stop_after_the_allowed_attempts(page_server):
    page_server.routes["/busy"] = (503, {"Content-Type": "text/html", "Retry-After": "0"}, b"busy")
    with pytest.raises(Upstream):
        fetch(page_server.base + "/busy", policy(retries=2))
    assert page_server.hits["/busy"] == 3


def test_a_long_retry_after_is_not_waited_for_past_the_deadline(page_server):
    page_server.routes["/later"] = (429, {"Content-Type": "text/html", "Retry-After": "3600"}, b"later")
    with bounded(1.0), pytest.raises(Upstream):
        fetch(page_server.base + "/later", policy(timeout=1.0, retry_wait_cap=2.0))
    assert page_server.hits["/later"] == 1


@pytest.mark.parametrize(
    ("header", "attempt", "expected"),
    [
        (None, 0, 0.25),
        (None, 1, 0.5),
        (None, 5, 2.0),  # backoff capped
        ("1.5", 0, 1.5),
        ("3600", 0, 2.0),  # Retry-After capped
        ("-4", 0, 0.0),
        ("soon", 1, 0.5),  # unreadable: backoff
        (format_datetime(datetime.now(UTC) + timedelta(hours=1), usegmt=True), 0, 2.0),
        (format_datetime(datetime.now(UTC) - timedelta(hours=1), usegmt=True), 0, 0.0),
    ],
)
def test_retry_wait(header, attempt, expected):
    assert retry_wait(header, attempt, cap=2.0) == pytest.approx(expected, abs=0.01)


def test_five_redirects_are_followed_and_six_refused(page_server):
    for hop in range(6):
        page_server.routes[f"/r{hop}"] = (302, {"Location": f"/r{hop + 1}"}, b"")
    page_server.page("/r6", "<p>end</p>")
    assert fetch(page_server.base + "/r1", policy()).url == page_server.base + "/r6"
    with pytest.raises(Refused, match="redirects"):
        fetch(page_server.base + "/r0", policy())


@pytest.mark.parametrize(
    "content_type", ["application/json", "text/plain", "image/png", "application/octet-stream", ""]
)
def test_only_html_is_accepted(page_server, content_type):
    page_server.routes["/typed"] = (200, {"Content-Type": content_type} if content_type else {}, b"<p>x</p>")
    with pytest.raises(NotHTML):
        fetch(page_server.base + "/typed", policy())


@pytest.mark.parametrize(
    ("content_type", "body", "expected"),
    [
        (
            "text/html; charset=windows-1252",
            "<p>caf\u00e9 \u2014 na\u00efve</p>".encode("cp1252"),
            "caf\u00e9",
        ),
        (
            "text/html",
            b'<meta charset="iso-8859-7"><p>\xc1\xe8\xde\xed\xe1</p>',
            "\u0391\u03b8\u03ae\u03bd\u03b1",
        ),
        (
            "text/html",
            b'<meta http-equiv="Content-Type" content="text/html; charset=koi8-r">'
            b"<p>\xed\xcf\xd3\xcb\xd7\xc1</p>",
            "\u041c\u043e\u0441\u043a\u0432\u0430",
        ),
        ("text/html; charset=utf-8", b'<meta charset="latin-1"><p>\xc3\xa9t\xc3\xa9</p>', "\u00e9t\u00e9"),
        ("text/html", "<p>\u00e9t\u00e9</p>".encode(), "\u00e9t\u00e9"),
        ("text/html", b"\xef\xbb\xbf<p>\xc3\xa9</p>", "<p>\u00e9"),
    ],
    ids=["header", "meta charset", "meta http-equiv", "header beats meta", "utf-8 default", "BOM"],
)
def test_charset_from_headers_and_meta_tags(page_server, content_type, body, expected):
    page_server.routes["/charset"] = (200, {"Content-Type": content_type}, body)
    assert expected in fetch(page_server.base + "/charset", policy()).html


def test_the_user_agent_and_host_header_name_the_service_and_the_host(monkeypatch, page_server):
    seen = {}

    def record(handler):
        seen.update(host=handler.headers["Host"], agent=handler.headers["User-Agent"])
        handler.send_response(200)
        handler.send_header("Content-Type", "text/html")
        handler.end_headers()
        handler.wfile.write(b"<p>ok</p>")

    page_server.routes["/who"] = record
    install(monkeypatch, ScriptedDNS({"news.example": ["127.0.0.1"]}), refuse_connections=False)
    fetch(f"http://news.example:{page_server.port}/who", policy(user_agent="newsfacts-test/1"))
    assert seen == {"host": f"news.example:{page_server.port}", "agent": "newsfacts-test/1"}


def test_an_internationalised_host_is_checked_and_pinned_as_requests_encodes_it(monkeypatch, page_server):
    url = page_server.page("/idn", "<p>stra\u00dfe</p>")
    dns = ScriptedDNS({"xn--strae-oqa.example": ["127.0.0.1"]})
    install(monkeypatch, dns, refuse_connections=False)
    page = fetch(url.replace("127.0.0.1", "stra\u00dfe.example"), policy())
    assert page.html == "<p>stra\u00dfe</p>"
    assert dns.calls == ["xn--strae-oqa.example"]


@pytest.fixture(scope="module")
def tls_server(tmp_path_factory):
    """An HTTPS server on 127.0.0.1 whose self-signed certificate names news.example; records SNI."""
    folder = tmp_path_factory.mktemp("tls")
    cert, key = folder / "cert.pem", folder / "key.pem"
    subprocess.run(
        [
            "openssl",
            "req",
            "-x509",
            "-newkey",
            "rsa:2048",
            "-nodes",
            "-days",
            "2",
            "-subj",
            "/CN=news.example",
            "-addext",
            "subjectAltName=DNS:news.example",
            "-keyout",
            str(key),
            "-out",
            str(cert),
        ],
        check=True,
        capture_output=True,
    )
    names = []

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self):  # noqa: N802
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.end_headers()
            self.wfile.write(b"<p>secure</p>")

        def log_message(self, *args):
            pass

    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(cert, key)
    context.sni_callback = lambda sock, name, ctx: names.append(name)
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    httpd.socket = context.wrap_socket(httpd.socket, server_side=True)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    yield httpd.server_address[1], cert, names
    httpd.shutdown()


def test_tls_uses_the_hostname_for_sni_and_certificate_while_dialling_the_checked_ip(monkeypatch, tls_server):
    port, cert, names = tls_server
    install(
        monkeypatch,
        ScriptedDNS({"news.example": ["127.0.0.1"], "other.example": ["127.0.0.1"]}),
        refuse_connections=False,
    )
    with pytest.raises(Upstream):  # not trusted yet: verification is on
        fetch(f"https://news.example:{port}/", policy(retries=0))
    monkeypatch.setattr(requests.adapters, "DEFAULT_CA_BUNDLE_PATH", str(cert))
    assert fetch(f"https://news.example:{port}/", policy()).html == "<p>secure</p>"
    with pytest.raises(Upstream):  # trusted certificate, wrong name
        fetch(f"https://other.example:{port}/", policy(retries=0))
    assert names[-3:] == ["news.example", "news.example", "other.example"]
