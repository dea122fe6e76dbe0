"""Checks a URL before any connection: scheme, host spelling, and every address its host resolves to.

``check_url`` returns the Target to connect to; the fetcher (and job callbacks, through
``pinned_session``) connect to that checked address only.
"""

from __future__ import annotations

import socket
import time
from concurrent.futures import ThreadPoolExecutor
from concurrent.futures import TimeoutError as FutureTimeout
from dataclasses import dataclass
from urllib.parse import urlsplit

import idna
import requests

from service.analysis.fetch.addresses import BadHost, is_allowed, literal_ip
from service.analysis.fetch.errors import Refused, Timeout, Upstream
from service.analysis.fetch.transport import PinnedAdapter

_HOST_CHARS = frozenset("abcdefghijklmnopqrstuvwxyz0123456789-._")
_resolver = ThreadPoolExecutor(max_workers=4, thread_name_prefix="newsfacts-resolve")


@dataclass(frozen=True)
class Target:
    """A checked hop: connect to ``address``, speaking to ``host``."""

    host: str
    port: int
    address: str


def pinned_session(url: str, allow_cidrs: tuple[str, ...] = ()) -> requests.Session:
    """A session that can reach only ``url``'s host, at its checked address (for callers that POST).

    Send with ``allow_redirects=False``: a redirect elsewhere is refused as unpinned.
    """
    target = check_url(url, allow_cidrs)
    adapter = PinnedAdapter()
    adapter.pin(target.host, target.port, target.address)
    session = requests.Session()
    session.trust_env = False
    session.mount("http://", adapter)
    session.mount("https://", adapter)
    return session


def check_url(url: str, allow_cidrs: tuple[str, ...] = (), *, deadline: float | None = None) -> Target:
    """The checked target of ``url``; Refused unless http(s) to a host whose every address is allowed."""
    try:
        parts = urlsplit(url)
        port = parts.port or (443 if parts.scheme == "https" else 80)
    except ValueError as error:
        raise Refused("the URL cannot be parsed") from error
    if parts.scheme not in ("http", "https"):
        raise Refused("only http and https URLs can be fetched")
    if not parts.hostname or "@" in parts.netloc:
        raise Refused("the URL needs a host and no user information")
    host = _ascii_host(parts.hostname)
    try:
        literal = literal_ip(host)
    except BadHost as error:
        raise Refused(f"{error}: not fetched") from error
    addresses = [str(literal)] if literal else resolve(host, port, deadline)
    for address in addresses:
        if not is_allowed(address, allow_cidrs):
            raise Refused(f"{host} is or resolves to a non-public address")
    return Target(host=host, port=port, address=addresses[0])


def _ascii_host(hostname: str) -> str:
    if ":" in hostname:
        return hostname  # an IPv6 literal; literal_ip judges it
    try:  # the IDNA requests applies (UTS #46), so the checked name is the name requested
        host = hostname if hostname.isascii() else idna.encode(hostname, uts46=True).decode("ascii")
    except (idna.IDNAError, UnicodeError) as error:
        raise Refused("the host name is not valid") from error
    host = host.lower()
    if not host.strip(".") or not set(host) <= _HOST_CHARS:
        raise Refused("the host name has characters a host name cannot have")
    return host


def resolve_host(host: str, port: int) -> list[str]:
    """Every address ``host`` resolves to (tests replace this to script DNS answers)."""
    infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    return [info[4][0] for info in infos]


def resolve(host: str, port: int, deadline: float | None) -> list[str]:
    """``resolve_host`` bounded by the deadline; Upstream when the name does not resolve."""
    remaining = None if deadline is None else max(deadline - time.monotonic(), 0.01)
    try:
        addresses = _resolver.submit(resolve_host, host, port).result(timeout=remaining)
    except FutureTimeout as error:
        raise Timeout(f"resolving {host} took too long") from error
    except (OSError, UnicodeError) as error:
        raise Upstream(f"cannot resolve {host}") from error
    if not addresses:
        raise Upstream(f"cannot resolve {host}")
    return addresses
