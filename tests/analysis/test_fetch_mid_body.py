"""A page whose body breaks off after the headers said 200: an upstream failure, never a partial page."""

from __future__ import annotations

import gzip
import socket
import struct

import pytest

from service import create_app
from service.analysis.fetch import FetchPolicy, Upstream, fetch
from service.config import Settings

LOCAL = ("127.0.0.1/32",)
HEAD = b"HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\n"
START = b"<html><body><article><p>The first paragraph arrived.</p>"


def _short_of_its_length(handler):
    handler.wfile.write(HEAD + b"Content-Length: 50000\r\n\r\n" + START)
    handler.wfile.flush()  # then the server hangs up, 49,9xx bytes short


def _chunk_cut_off(handler):
    chunk = START * 10
    handler.wfile.write(HEAD + b"Transfer-Encoding: chunked\r\n\r\n")
    handler.wfile.write(b"%x\r\n" % (len(chunk) * 2) + chunk)  # the chunk says twice what comes
    handler.wfile.flush()


def _reset_mid_body(handler):
    handler.wfile.write(HEAD + b"Content-Length: 50000\r\n\r\n" + START)
    handler.wfile.flush()
    # SO_LINGER 0: closing sends a TCP reset instead of an orderly end
    handler.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
    handler.connection.close()


def _gzip_cut_off(handler):
    packed = gzip.compress(START * 2000)
    handler.wfile.write(HEAD + b"Content-Encoding: gzip\r\nContent-Length: %d\r\n\r\n" % len(packed))
    handler.wfile.write(packed[: len(packed) // 2])
    handler.wfile.flush()


BROKEN = [_short_of_its_length, _chunk_cut_off, _reset_mid_body, _gzip_cut_off]


@pytest.mark.parametrize("route", BROKEN, ids=[route.__name__.strip("_") for route in BROKEN])
def test_a_body_that_breaks_off_is_an_upstream_failure(page_server, route):
    path = "/mid-body" + route.__name__
    page_server.routes[path] = route
    with pytest.raises(Upstream, match="reading the page failed"):
        fetch(page_server.base + path, FetchPolicy(timeout=5.0, allow_cidrs=LOCAL))


def test_the_api_answers_a_broken_body_with_a_502_problem(page_server, redis_url):
    page_server.routes["/mid-body-api"] = _short_of_its_length
    client = create_app(
        Settings(redis_url=redis_url, fetch_allow_cidrs=LOCAL, fetch_timeout=5.0)
    ).test_client()
    response = client.post("/v1/analyze", json={"url": page_server.base + "/mid-body-api"})
    assert response.status_code == 502
    assert response.headers["Content-Type"].startswith("application/problem+json")
    assert "reading the page failed" in response.get_json()["detail"]
