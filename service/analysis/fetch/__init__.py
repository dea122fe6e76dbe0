"""Fetches article pages safely: public addresses only, bounded in time, size and redirects.

Each hop resolves its host once, checks every answer (service.analysis.fetch.addresses) and
connects to the checked address (service.analysis.fetch.transport), so neither a redirect nor
a DNS answer that changes between check and connect reaches a private network.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from email.utils import parsedate_to_datetime
from urllib.parse import urljoin

import requests
import urllib3
from w3lib.encoding import html_to_unicode

from service.analysis.fetch.errors import (  # noqa: F401 (the fetch API re-exports its errors)
    FetchError,
    NotHTML,
    Refused,
    Timeout,
    TooLarge,
    Upstream,
    failure_bytes,
    failure_from_bytes,
)
from service.analysis.fetch.transport import DeadlineGuard, PinnedAdapter, Unpinned
from service.analysis.fetch.urlcheck import Target, check_url, pinned_session  # noqa: F401

HTML_TYPES = ("text/html", "application/xhtml+xml")
REDIRECT_CODES = (301, 302, 303, 307, 308)
RETRY_CODES = (429, 503)
CHUNK = 64 * 1024


@dataclass(frozen=True)
class FetchPolicy:
    timeout: float = 10.0  # total deadline: resolving, connecting, waiting, reading, retrying
    connect_timeout: float = 3.0
    max_bytes: int = 5_000_000  # decoded body
    max_redirects: int = 5
    allow_cidrs: tuple[str, ...] = ()
    user_agent: str = "newsfacts"
    retries: int = 2  # extra attempts after a 429 or 503
    retry_wait_cap: float = 2.0  # longest wait before a retry, whatever Retry-After says


@dataclass(frozen=True)
class Page:
    url: str
    html: str


def fetch(url: str, policy: FetchPolicy) -> Page:
    """Fetch ``url`` following at most ``policy.max_redirects`` redirects, each hop checked."""
    deadline = time.monotonic() + policy.timeout
    adapter = PinnedAdapter()
    with requests.Session() as session, DeadlineGuard(deadline) as guard:
        session.trust_env = False  # no proxies, netrc or CA bundles from the environment
        session.mount("http://", adapter)
        session.mount("https://", adapter)
        for _ in range(policy.max_redirects + 1):
            target = check_url(url, policy.allow_cidrs, deadline=deadline)
            adapter.pin(target.host, target.port, target.address)
            response = _get_with_retries(session, url, policy, deadline, guard)
            if response.status_code in REDIRECT_CODES and "location" in response.headers:
                response.close()
                url = urljoin(url, response.headers["location"])
                continue
            return Page(url=url, html=_read_html(response, policy, guard))
    raise Refused(f"more than {policy.max_redirects} redirects")


def _get_with_retries(session, url, policy, deadline, guard) -> requests.Response:
    """GET once, again after a 429/503 while attempts and the deadline allow."""
    for attempt in range(policy.retries + 1):
        response = _get(session, url, policy, deadline, guard)
        if response.status_code not in RETRY_CODES or attempt == policy.retries:
            return response
        wait = retry_wait(response.headers.get("retry-after"), attempt, cap=policy.retry_wait_cap)
        if time.monotonic() + wait >= deadline:
            return response
        response.close()
        time.sleep(wait)
    return response


def retry_wait(retry_after: str | None, attempt: int, *, cap: float) -> float:
    """Seconds to wait before retry ``attempt + 1``: Retry-After if given, else backoff; capped."""
    wait = 0.25 * 2**attempt
    if retry_after:
        try:
            wait = float(retry_after)
        except ValueError:
            try:
                wait = parsedate_to_datetime(retry_after).timestamp() - time.time()
            except (TypeError, ValueError, OverflowError):
                pass
    return min(max(wait, 0.0), cap)


def _get(session, url, policy, deadline, guard) -> requests.Response:
    remaining = deadline - time.monotonic()
    if remaining <= 0:
        raise Timeout("the deadline passed")
    headers = {
        "User-Agent": policy.user_agent,
        "Accept": "text/html,application/xhtml+xml;q=0.9,*/*;q=0.1",
        "Accept-Encoding": "gzip, deflate, br",
    }
    try:
        response = session.get(
            url,
            headers=headers,
            stream=True,
            allow_redirects=False,
            timeout=(min(policy.connect_timeout, remaining), remaining),
        )
    except Unpinned as error:
        raise Refused(str(error)) from error
    except requests.Timeout as error:
        raise Timeout("the server did not answer in time") from error
    except (requests.RequestException, urllib3.exceptions.HTTPError, OSError) as error:
        if guard.expired:
            raise Timeout("the server did not answer in time") from error
        raise Upstream(f"connection failed: {type(error).__name__}") from error
    if guard.expired:  # the headers were cut short at the deadline
        response.close()
        raise Timeout("the server did not answer in time")
    return response


def _read_html(response: requests.Response, policy: FetchPolicy, guard: DeadlineGuard) -> str:
    with response:
        if response.status_code >= 400:
            raise Upstream(f"the server answered {response.status_code}")
        content_type = response.headers.get("content-type", "")
        media_type = content_type.split(";")[0].strip().lower()
        if media_type not in HTML_TYPES:
            raise NotHTML(f"content type {media_type or 'missing'} is not HTML")
        body = _read_limited(response, policy.max_bytes, guard)
        return html_to_unicode(content_type, body)[1]


def _read_limited(response: requests.Response, max_bytes: int, guard: DeadlineGuard) -> bytes:
    """Read the decoded body in bounded steps: a bomb stops at the limit, a trickle at the deadline."""
    chunks, size = [], 0
    try:
        while True:
            chunk = response.raw.read1(CHUNK, decode_content=True)
            if guard.expired:
                raise Timeout("the page took too long to download")
            if not chunk:
                return b"".join(chunks)
            size += len(chunk)
            if size > max_bytes:
                raise TooLarge(f"the page is larger than {max_bytes} bytes")
            chunks.append(chunk)
    except (urllib3.exceptions.HTTPError, requests.RequestException, OSError) as error:
        if guard.expired or isinstance(error, (TimeoutError, urllib3.exceptions.ReadTimeoutError)):
            raise Timeout("the server stopped sending") from error
        raise Upstream(f"reading the page failed: {type(error).__name__}") from error
