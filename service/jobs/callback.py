"""Job callbacks: the finished job POSTed to the client's URL, signed, retried, safely addressed.

The signature is ``X-Newsfacts-Signature: sha256=<hex>``, an HMAC-SHA256 with the shared
secret over ``<X-Newsfacts-Timestamp>.<body>``; receivers recompute it (``verify``) and
reject old timestamps, so a captured delivery cannot be replayed later. Each attempt goes
the fetcher's way: the address is checked (public only, unless allowed), the connection is
pinned to the checked address (no DNS rebinding), a deadline bounds the whole attempt, and
redirects are not followed.
"""

from __future__ import annotations

import hashlib
import hmac
import logging
import time
from dataclasses import dataclass

import requests

from service.analysis import fetch
from service.analysis.fetch.transport import DeadlineGuard
from service.analysis.fetch.urlcheck import pinned_session
from service.config import Settings

SIGNATURE_HEADER = "X-Newsfacts-Signature"
TIMESTAMP_HEADER = "X-Newsfacts-Timestamp"
log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Delivery:
    delivered: bool
    attempts: int


def sign(secret: str, timestamp: str, body: bytes) -> str:
    """The signature header value of ``body`` sent at ``timestamp``."""
    digest = hmac.new(secret.encode("utf-8"), timestamp.encode("ascii") + b"." + body, hashlib.sha256)
    return "sha256=" + digest.hexdigest()


def verify(secret: str, *, signature: str, timestamp: str, body: bytes, tolerance: float = 300) -> bool:
    """What a receiver does: a fresh timestamp and a matching signature, compared in constant time."""
    try:
        fresh = abs(time.time() - float(timestamp)) <= tolerance
    except ValueError:
        return False
    return fresh and hmac.compare_digest(sign(secret, timestamp, body), signature)


def deliver(url: str, body: bytes, *, job_id: str, settings: Settings) -> Delivery:
    """Try up to ``callback_attempts`` times with doubling pauses; a refused address is final."""
    for attempt in range(1, settings.callback_attempts + 1):
        if attempt > 1:
            time.sleep(settings.callback_backoff * 2 ** (attempt - 2))
        try:
            post(url, body, job_id=job_id, attempt=attempt, settings=settings)
            return Delivery(True, attempt)
        except fetch.Refused as error:
            log.warning("callback for job %s refused: %s", job_id, error)
            return Delivery(False, attempt)
        except (fetch.FetchError, requests.RequestException) as error:
            log.warning("callback for job %s, attempt %d failed: %s", job_id, attempt, error)
    return Delivery(False, settings.callback_attempts)


def post(url: str, body: bytes, *, job_id: str, attempt: int, settings: Settings) -> None:
    """One signed POST to the checked address; anything but a 2xx answer raises."""
    deadline = time.monotonic() + settings.callback_timeout
    timestamp = str(int(time.time()))
    headers = {
        "Content-Type": "application/json",
        "User-Agent": settings.fetch_user_agent,
        "X-Newsfacts-Job": job_id,
        "X-Newsfacts-Attempt": str(attempt),
        TIMESTAMP_HEADER: timestamp,
        SIGNATURE_HEADER: sign(settings.callback_secret or "", timestamp, body),
    }
    timeout = (settings.fetch_connect_timeout, settings.callback_timeout)
    with pinned_session(url, settings.fetch_allow_cidrs) as session, DeadlineGuard(deadline):
        response = session.post(url, data=body, headers=headers, timeout=timeout, allow_redirects=False)
        response.close()
    if not 200 <= response.status_code < 300:
        raise fetch.Upstream(f"the callback URL answered {response.status_code}")
