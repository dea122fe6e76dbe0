"""Decides which hosts and IP addresses the fetcher may connect to: public unicast only.

The checks are explicit network tables rather than ``ipaddress``'s ``is_global`` alone,
whose answers changed between Python releases; IPv6 forms that carry an IPv4 address
(NAT64, 6to4, Teredo, IPv4-compatible) are judged by the address they carry too.
"""

from __future__ import annotations

import ipaddress
import re
from collections.abc import Iterable

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address

BLOCKED_V4 = tuple(
    ipaddress.IPv4Network(net)
    for net in (
        "0.0.0.0/8",  # "this network", unspecified
        "10.0.0.0/8",  # private
        "100.64.0.0/10",  # carrier-grade NAT
        "127.0.0.0/8",  # loopback
        "169.254.0.0/16",  # link-local, cloud metadata (169.254.169.254)
        "172.16.0.0/12",  # private
        "192.0.0.0/24",  # IETF protocol assignments
        "192.0.2.0/24",  # documentation
        "192.88.99.0/24",  # 6to4 relay anycast
        "192.168.0.0/16",  # private
        "198.18.0.0/15",  # benchmarking
        "198.51.100.0/24",  # documentation
        "203.0.113.0/24",  # documentation
        "224.0.0.0/4",  # multicast
        "240.0.0.0/4",  # reserved, broadcast
    )
)
GLOBAL_UNICAST_V6 = ipaddress.IPv6Network("2000::/3")
NAT64 = ipaddress.IPv6Network("64:ff9b::/96")
BLOCKED_V6 = tuple(
    ipaddress.IPv6Network(net)
    for net in (
        "2001::/23",  # IETF protocol assignments, Teredo (2001::/32) included
        "2001:db8::/32",  # documentation
        "3fff::/20",  # documentation
        "5f00::/16",  # segment routing
    )
)
_NUMBER = re.compile(r"^(0x[0-9a-f]*|[0-9]+)$", re.IGNORECASE)


class BadHost(ValueError):
    """The host is spelled in a way the fetcher refuses (odd IP spelling, bad characters)."""


def is_public(ip: IPAddress) -> bool:
    """True for a public unicast address, including NAT64/6to4 forms of a public IPv4 address."""
    if isinstance(ip, ipaddress.IPv4Address):
        return ip.is_global and not any(ip in net for net in BLOCKED_V4)
    if ip in NAT64:
        return is_public(ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF))
    if ip not in GLOBAL_UNICAST_V6 or any(ip in net for net in BLOCKED_V6):
        return False  # mapped, compatible, ULA, link-local, multicast, unspecified, loopback ...
    if ip.sixtofour is not None:
        return is_public(ip.sixtofour)
    return True


def is_allowed(ip: IPAddress | str, allow_cidrs: Iterable[str] = ()) -> bool:
    """True for public addresses, or for addresses inside a network the settings allow."""
    ip = ipaddress.ip_address(ip) if isinstance(ip, str) else ip
    if isinstance(ip, ipaddress.IPv6Address) and ip.scope_id:
        return False
    if any(ip in ipaddress.ip_network(cidr, strict=False) for cidr in allow_cidrs):
        return True
    return is_public(ip)


def literal_ip(host: str) -> IPAddress | None:
    """The address a URL host spells, or None for a name that needs DNS.

    Only canonical forms are accepted: dotted-quad IPv4 and bracket-free IPv6 (as
    ``urlsplit().hostname`` gives it). Hosts that browsers and ``inet_aton`` would read as
    IPv4 in decimal, octal, hex or short form (``2130706433``, ``0x7f.1``, ``0177.0.0.1``,
    ``127.1``) raise BadHost instead of reaching a resolver that may read them its own way.
    """
    name = host.rstrip(".")
    if ":" in host:
        try:
            return ipaddress.IPv6Address(host)
        except ValueError as error:
            raise BadHost(f"{host!r} is not a valid IPv6 address") from error
    labels = name.split(".")
    if not _NUMBER.match(labels[-1]):
        return None
    try:
        ip = ipaddress.IPv4Address(name)
    except ValueError as error:
        raise BadHost(f"{host!r} is not a dotted-quad IPv4 address") from error
    if name != host:
        raise BadHost(f"{host!r} is not a dotted-quad IPv4 address")
    return ip
