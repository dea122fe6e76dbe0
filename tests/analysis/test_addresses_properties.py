"""Properties of the address checker (Hypothesis): any address in a blocked network is refused,
however the URL spells it, and nothing the checker allows is non-global in Python's view.

DNS is scripted (an unscripted name fails the test), so only literal spellings are judged here.
"""

from __future__ import annotations

import ipaddress

import pytest
from hypothesis import given
from hypothesis import strategies as st

from service.analysis.fetch import FetchError, Refused, check_url, urlcheck
from service.analysis.fetch.addresses import BLOCKED_V4, BLOCKED_V6, is_allowed

V6_BLOCKED_EXTRA = (
    "::1/128",
    "::/128",
    "::ffff:0:0/96",
    "::/96",
    "fc00::/7",
    "fe80::/10",
    "ff00::/8",
    "64:ff9b:1::/48",
)
BLOCKED = [*BLOCKED_V4, *BLOCKED_V6, *(ipaddress.ip_network(net) for net in V6_BLOCKED_EXTRA)]


@pytest.fixture(autouse=True, scope="module")
def no_dns():
    """Literal addresses need no DNS; any lookup means a spelling slipped through as a name."""

    def refuse(host, port):
        raise AssertionError(f"resolved {host!r}: an IP spelling was treated as a name")

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(urlcheck, "resolve_host", refuse)
        yield


def address_in(network) -> st.SearchStrategy:
    first, size = int(network.network_address), network.num_addresses
    return st.integers(min_value=0, max_value=size - 1).map(
        lambda n: type(network.network_address)(first + n)
    )


blocked_v4 = st.sampled_from(BLOCKED_V4).flatmap(address_in)
blocked_any = st.sampled_from(BLOCKED).flatmap(address_in)


def v4_spellings(ip: ipaddress.IPv4Address) -> list[str]:
    """Ways a URL host can spell ``ip`` (inet_aton forms, IPv6 forms that embed it)."""
    n, parts = int(ip), ip.packed
    a, b, c, d = parts
    return [
        str(ip),
        f"{ip}.",
        str(n),
        hex(n),
        hex(n).upper().replace("X", "x"),
        "0" + oct(n)[2:],
        ".".join(hex(p) for p in parts),
        ".".join("0" + oct(p)[2:] for p in parts),
        f"{a}.{n & 0xFFFFFF}",
        f"{a}.{b}.{n & 0xFFFF}",
        f"[::ffff:{ip}]",
        f"[::ffff:{(n >> 16):x}:{(n & 0xFFFF):x}]",
        f"[0:0:0:0:0:ffff:{ip}]",
        f"[::{ip}]",
        f"[64:ff9b::{ip}]",
        f"[2002:{(n >> 16):x}:{(n & 0xFFFF):x}::1]",
    ]


def v6_spellings(ip: ipaddress.IPv6Address) -> list[str]:
    return [f"[{ip.compressed}]", f"[{ip.exploded}]", f"[{ip.exploded.upper()}]"]


@given(blocked_v4, st.sampled_from(["http", "https"]), st.sampled_from(["", ":80", ":8080"]))
def test_blocked_ipv4_is_refused_however_spelled(ip, scheme, port):
    for host in v4_spellings(ip):
        with pytest.raises(Refused):
            check_url(f"{scheme}://{host}{port}/path")


@given(blocked_any)
def test_blocked_addresses_are_refused(ip):
    assert not is_allowed(ip)
    for host in v6_spellings(ip) if ip.version == 6 else v4_spellings(ip):
        with pytest.raises(Refused):
            check_url(f"http://{host}/")


@given(st.one_of(st.ip_addresses(v=4), st.ip_addresses(v=6)))
def test_nothing_allowed_is_non_global(ip):
    if is_allowed(ip):
        assert ip.is_global
        assert not ip.is_multicast


@given(st.ip_addresses(v=4))
def test_an_ipv4_address_and_its_ipv6_forms_agree(ip):
    """NAT64 and 6to4 forms are judged by the IPv4 address they carry; mapped forms are always refused."""
    nat64 = ipaddress.IPv6Address(f"64:ff9b::{ip}")
    sixtofour = ipaddress.IPv6Address((0x2002 << 112) | (int(ip) << 80) | 1)
    embedded = [nat64, sixtofour]
    for form in embedded:
        assert is_allowed(form) == is_allowed(ip)
    assert not is_allowed(ipaddress.ip_address(f"::ffff:{ip}"))


@given(st.text(max_size=40))
def test_any_host_text_is_refused_or_checked_never_crashes(host):
    try:
        check_url(f"http://{host}/")
    except (FetchError, AssertionError):
        pass  # refused, unresolvable, or a name (the scripted DNS refuses to answer)
