"""Fetches article pages safely: public addresses only, bounded in time, size and redirects."""

from __future__ import annotations

import codecs
import ipaddress
import socket
import time
from dataclasses import dataclass
from urllib.parse import urljoin, urlsplit

import requests
import urllib3
from urllib3.exceptions import ReadTimeoutError

HTML_TYPES = ("text/html", "application/xhtml+xml")
REDIRECT_CODES = (301, 302, 303, 307, 308)
CHUNK = 64 * 1024


class FetchError(Exception):
    """Base of fetch failures; ``kind`` says which."""

    kind = "error"


class Refused(FetchError):
    kind = "refused"


class NotHTML(FetchError):
    kind = "not_html"


class Upstream(FetchError):
    kind = "upstream"


class Timeout(FetchError):
    kind = "timeout"


class TooLarge(FetchError):
    kind = "too_large"


@dataclass(frozen=True)
class FetchPolicy:
    timeout: float = 10.0
    connect_timeout: float = 3.0
    max_bytes: int = 5_000_000
    max_redirects: int = 5
    allow_cidrs: tuple[str, ...] = ()
    user_agent: str = "newsfacts"


@dataclass(frozen=True)
class Page:
    url: str
    html: str


_session = requests.Session()
_session.trust_env = False


def fetch(url: str, policy: FetchPolicy) -> Page:
    """Fetch ``url`` following at most ``policy.max_redirects`` redirects, each hop checked."""
    deadline = time.monotonic() + policy.timeout
    for _ in range(policy.max_redirects + 1):
        check_url(url, policy.allow_cidrs)
        response = _get(url, policy, deadline)
        if response.status_code in REDIRECT_CODES and "location" in response.headers:
            response.close()
            url = urljoin(url, response.headers["location"])
            continue
        return Page(url=url, html=_read_html(response, policy, deadline))
    raise Refused(f"more than {policy.max_redirects} redirects")


def check_url(url: str, allow_cidrs: tuple[str, ...] = ()) -> None:
    """Refuse URLs that are not http(s) or whose host resolves to a non-public address."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https"):
        raise Refused("only http and https URLs can be fetched")
    if not parts.hostname or parts.username or parts.password:
        raise Refused("the URL needs a host and no user information")
    for address in _resolve(parts.hostname, parts.port or (443 if parts.scheme == "https" else 80)):
        if not is_allowed(address, allow_cidrs):
            raise Refused(f"{parts.hostname} resolves to a non-public address")


def is_allowed(address: str, allow_cidrs: tuple[str, ...] = ()) -> bool:
    """True for globally routable addresses, or for addresses inside an allowed network."""
    ip = ipaddress.ip_address(address.split("%")[0])
    if any(ip in ipaddress.ip_network(cidr, strict=False) for cidr in allow_cidrs):
        return True
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped:
        ip = ip.ipv4_mapped
    return ip.is_global and not ip.is_multicast


def _resolve(host: str, port: int) -> list[str]:
    try:
        infos = socket.getaddrinfo(host, port, proto=socket.IPPROTO_TCP)
    except (socket.gaierror, UnicodeError) as error:
        raise Upstream(f"cannot resolve {host}") from error
    return [info[4][0] for info in infos]


def _get(url: str, policy: FetchPolicy, deadline: float) -> requests.Response:
    remaining = deadline - time.monotonic()
    if remaining <= 0:
        raise Timeout("the deadline passed")
    headers = {"User-Agent": policy.user_agent, "Accept": "text/html,application/xhtml+xml;q=0.9,*/*;q=0.1"}
    try:
        return _session.get(
            url,
            headers=headers,
            stream=True,
            allow_redirects=False,
            timeout=(min(policy.connect_timeout, remaining), remaining),
        )
    except requests.Timeout as error:
        raise Timeout("the server did not answer in time") from error
    except requests.RequestException as error:
        raise Upstream(f"connection failed: {type(error).__name__}") from error


def _read_html(response: requests.Response, policy: FetchPolicy, deadline: float) -> str:
    with response:
        if response.status_code >= 400:
            raise Upstream(f"the server answered {response.status_code}")
        media_type = response.headers.get("content-type", "").split(";")[0].strip().lower()
        if media_type not in HTML_TYPES:
            raise NotHTML(f"content type {media_type or 'missing'} is not HTML")
        body = _read_limited(response, policy.max_bytes, deadline)
        encoding = response.encoding if "charset" in response.headers.get("content-type", "") else None
        return body.decode(encoding or _sniff_charset(body), errors="replace")


def _read_limited(response: requests.Response, max_bytes: int, deadline: float) -> bytes:
    """Read the decoded body with ``read1`` so a trickling server cannot outlast the deadline."""
    chunks, size = [], 0
    try:
        while True:
            if time.monotonic() > deadline:
                raise Timeout("the page took too long to download")
            chunk = response.raw.read1(CHUNK, decode_content=True)
            if not chunk:
                return b"".join(chunks)
            size += len(chunk)
            if size > max_bytes:
                raise TooLarge(f"the page is larger than {max_bytes} bytes")
            chunks.append(chunk)
    except (ReadTimeoutError, TimeoutError) as error:
        raise Timeout("the server stopped sending") from error
    except (requests.RequestException, urllib3.exceptions.HTTPError, OSError) as error:
        raise Upstream(f"reading the page failed: {type(error).__name__}") from error


def _sniff_charset(body: bytes) -> str:
    head = body[:2048].lower()
    marker = head.find(b"charset=")
    if marker != -1:
        name = head[marker + 8 : marker + 40].strip(b"\"' ").split(b'"')[0].split(b";")[0].split(b" ")[0]
        try:
            return codecs.lookup(name.decode("ascii").strip("'\"/> ")).name
        except (UnicodeDecodeError, LookupError):
            pass
    return "utf-8"
