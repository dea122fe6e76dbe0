"""Callback delivery: signed, retried with backoff, refused for private addresses, no redirects."""

from __future__ import annotations

import time

import pytest

from service.config import Settings
from service.jobs.callback import SIGNATURE_HEADER, TIMESTAMP_HEADER, deliver, sign, verify
from tests.conftest import LOCAL_ONLY
from tests.support.servers import CallbackServer

SETTINGS = Settings(
    callback_secret="k", fetch_allow_cidrs=LOCAL_ONLY, callback_backoff=0.05, callback_attempts=3
)


@pytest.fixture
def receiver():
    server = CallbackServer().start()
    yield server
    server.stop()


def test_delivery_is_signed_and_retried(receiver):
    receiver.fail_first = 2
    delivery = deliver(receiver.url, b'{"id":"j1"}', job_id="j1", settings=SETTINGS)
    assert (delivery.delivered, delivery.attempts) == (True, 3)
    headers = receiver.received[0]["headers"]
    assert headers["X-Newsfacts-Job"] == "j1"
    assert verify(
        "k", signature=headers[SIGNATURE_HEADER], timestamp=headers[TIMESTAMP_HEADER], body=b'{"id":"j1"}'
    )


def test_gives_up_after_the_attempts(receiver):
    receiver.fail_first = 10
    assert deliver(receiver.url, b"{}", job_id="j2", settings=SETTINGS).delivered is False
    assert receiver.attempts == SETTINGS.callback_attempts


@pytest.mark.parametrize("url", ["http://10.0.0.7/hook", "http://169.254.169.254/latest", "ftp://127.0.0.1/"])
def test_refused_addresses_are_not_retried(url):
    started = time.monotonic()
    assert deliver(url, b"{}", job_id="j3", settings=SETTINGS).attempts == 1
    assert time.monotonic() - started < 1


def test_redirects_are_not_followed(receiver):
    target = CallbackServer().start()
    try:
        receiver.reply = (307, {"Location": target.url})
        assert deliver(receiver.url, b"{}", job_id="j4", settings=SETTINGS).delivered is False
        assert receiver.attempts == SETTINGS.callback_attempts and target.attempts == 0
    finally:
        target.stop()


@pytest.mark.parametrize(
    ("secret", "timestamp", "body", "ok"),
    [
        ("k", None, b"x", True),
        ("other", None, b"x", False),
        ("k", None, b"y", False),
        ("k", "1000000000", b"x", False),  # too old: a replay
    ],
)
def test_a_signature_verifies_only_with_its_secret_body_and_a_fresh_timestamp(secret, timestamp, body, ok):
    sent_at = timestamp or str(int(time.time()))
    signature = sign("k", sent_at, b"x")
    assert verify(secret, signature=signature, timestamp=sent_at, body=body) is ok
