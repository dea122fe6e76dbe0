"""SSRF: attack URLs with test-controlled DNS answers are refused before any connection is made.

Sources: the address tables of RFC 6890 and the IANA special-purpose registries, and
the usual SSRF payload families (alternative IP spellings, userinfo confusion, embedded
IPv4 in IPv6, mixed DNS answers, rebinding, redirects into private space).
"""

from __future__ import annotations

import pytest
import requests

from service.analysis.fetch import FetchPolicy, Refused, Upstream, check_url, fetch, pinned_session
from service.analysis.fetch.transport import Unpinned
from tests.support.network import ScriptedDNS, install

PUBLIC = "93.184.215.14"
PUBLIC6 = "2606:2800:21f:cb07:6820:80da:af6b:8b2c"

# (url, DNS answers, what it tries)
ATTACKS = [
    ("http://127.0.0.1/", {}, "loopback"),
    ("http://127.255.255.254:8080/admin", {}, "loopback range"),
    ("http://localhost/", {"localhost": ["127.0.0.1", "::1"]}, "loopback by name"),
    ("http://localtest.me/", {"localtest.me": ["127.0.0.1"]}, "public name pointing at loopback"),
    ("http://[::1]/", {}, "IPv6 loopback"),
    ("http://0.0.0.0/", {}, "unspecified"),
    ("http://[::]/", {}, "IPv6 unspecified"),
    ("http://169.254.169.254/latest/meta-data/", {}, "cloud metadata"),
    ("http://metadata.google.internal/", {"metadata.google.internal": ["169.254.169.254"]}, "metadata name"),
    ("http://10.0.0.1/", {}, "private 10/8"),
    ("http://172.16.5.4/", {}, "private 172.16/12"),
    ("http://192.168.1.1/", {}, "private 192.168/16"),
    ("http://100.64.0.1/", {}, "carrier-grade NAT"),
    ("http://cgnat.example/", {"cgnat.example": ["100.127.255.1"]}, "CGNAT by name"),
    ("http://224.0.0.1/", {}, "multicast"),
    ("http://240.0.0.1/", {}, "reserved"),
    ("http://255.255.255.255/", {}, "broadcast"),
    ("http://198.18.0.1/", {}, "benchmarking"),
    ("http://2130706433/", {}, "decimal IPv4"),
    ("http://0x7f000001/", {}, "hex IPv4"),
    ("http://0x7f.1/", {}, "hex short IPv4"),
    ("http://017700000001/", {}, "octal IPv4"),
    ("http://0177.0.0.1/", {}, "octal dotted IPv4"),
    ("http://127.1/", {}, "short IPv4"),
    ("http://0/", {}, "zero"),
    ("http://127.0.0.1./", {}, "trailing dot"),
    ("http://\u2460\u2461\u2466.0.0.1/", {}, "circled digits (NFKC to 127)"),
    ("http://127\u30020\u30020\u30021/", {}, "ideographic full stops"),
    ("http://%31%32%37.0.0.1/", {}, "percent-encoded host"),
    ("http://[::ffff:127.0.0.1]/", {}, "IPv4-mapped loopback"),
    ("http://[::ffff:a9fe:a9fe]/", {}, "IPv4-mapped metadata, hex"),
    ("http://[0:0:0:0:0:ffff:10.0.0.1]/", {}, "IPv4-mapped private, long form"),
    ("http://[::127.0.0.1]/", {}, "IPv4-compatible"),
    ("http://[64:ff9b::10.0.0.1]/", {}, "NAT64 of private"),
    ("http://[64:ff9b::7f00:1]/", {}, "NAT64 of loopback"),
    ("http://[64:ff9b:1::a00:1]/", {}, "local-use NAT64"),
    ("http://[2002:7f00:1::1]/", {}, "6to4 of loopback"),
    ("http://[2002:a9fe:a9fe::1]/", {}, "6to4 of metadata"),
    ("http://[2001:0:4136:e378:8000:63bf:80ff:fffe]/", {}, "Teredo of loopback"),
    ("http://[fe80::1]/", {}, "IPv6 link-local"),
    ("http://[fe80::1%25eth0]/", {}, "link-local with zone"),
    ("http://[fc00::1]/", {}, "unique local"),
    ("http://[fd12:3456::1]/", {}, "unique local fd"),
    ("http://[ff02::1]/", {}, "IPv6 multicast"),
    ("http://[2001:db8::1]/", {}, "documentation"),
    ("http://good.example@127.0.0.1/", {"good.example": [PUBLIC]}, "userinfo, private host"),
    ("http://127.0.0.1#@good.example/", {"good.example": [PUBLIC]}, "fragment confusion"),
    ("http://good.example\\@127.0.0.1/", {"good.example": [PUBLIC]}, "backslash confusion"),
    ("http://user:pass@good.example/", {"good.example": [PUBLIC]}, "credentials in URL"),
    ("http://mixed.example/", {"mixed.example": [PUBLIC, "10.0.0.5"]}, "one private answer of two"),
    ("http://mixed6.example/", {"mixed6.example": [PUBLIC6, "fd00::1"]}, "one private IPv6 answer"),
    ("http://mapped.example/", {"mapped.example": ["::ffff:192.168.0.1"]}, "mapped answer from DNS"),
    ("file:///etc/passwd", {}, "file scheme"),
    ("gopher://127.0.0.1:6379/_INFO", {}, "gopher to Redis"),
    ("dict://127.0.0.1:11211/stats", {}, "dict scheme"),
    ("ftp://good.example/file", {"good.example": [PUBLIC]}, "ftp scheme"),
    ("javascript:alert(1)", {}, "javascript scheme"),
    ("data:text/html,<p>hi</p>", {}, "data scheme"),
    ("http:///path-only", {}, "no host"),
    ("http://good.example:99999/", {"good.example": [PUBLIC]}, "port out of range"),
]


@pytest.fixture
def no_connections(monkeypatch):
    """Script DNS from the case; any connection attempt is logged (and refused)."""

    def arrange(answers: dict) -> tuple[ScriptedDNS, object]:
        dns = ScriptedDNS(answers)
        return dns, install(monkeypatch, dns, refuse_connections=True)

    return arrange


def test_the_table_is_large_enough():
    assert len(ATTACKS) >= 30


@pytest.mark.parametrize(("url", "answers", "why"), ATTACKS, ids=[case[2] for case in ATTACKS])
def test_attack_url_is_refused_without_connecting(no_connections, url, answers, why):
    dns, connections = no_connections(answers)
    with pytest.raises(Refused):
        fetch(url, FetchPolicy(timeout=2.0))
    assert connections.dialled == [], f"{why}: a connection was attempted"


def test_public_answers_pass_the_check(no_connections):
    dns, _ = no_connections({"news.example": [PUBLIC, PUBLIC6]})
    target = check_url("https://news.example/story", ())
    assert (target.host, target.port, target.address) == ("news.example", 443, PUBLIC)


def test_dns_rebinding_connects_to_the_checked_address(no_connections):
    """First answer public, second private: the fetcher resolves once and dials what it checked."""
    dns, connections = no_connections({"rebind.example": [[PUBLIC], ["127.0.0.1"]]})
    with pytest.raises(Upstream):  # the test refuses the connection itself
        fetch("http://rebind.example/story", FetchPolicy(timeout=2.0, retries=0))
    assert dns.calls == ["rebind.example"]
    assert connections.dialled == [(PUBLIC, 80)]


REDIRECT_TARGETS = [
    ("http://10.1.2.3/", {}, "private literal"),
    ("http://169.254.169.254/latest/meta-data/iam/", {}, "metadata"),
    ("http://internal.example/", {"internal.example": ["192.168.0.10"]}, "private by name"),
    ("http://127.0.0.2:{port}/", {}, "loopback outside the allow list"),
    ("http://0x7f000001:{port}/", {}, "hex loopback"),
    ("http://[::1]:{port}/", {}, "IPv6 loopback"),
    ("http://[::ffff:127.0.0.1]:{port}/", {}, "mapped loopback"),
    ("gopher://127.0.0.1:{port}/_x", {}, "scheme change"),
    ("file:///etc/passwd", {}, "file scheme"),
    ("http://good.example@127.0.0.2:{port}/", {}, "userinfo"),
]


@pytest.mark.parametrize(
    ("location", "answers", "why"), REDIRECT_TARGETS, ids=[case[2] for case in REDIRECT_TARGETS]
)
def test_redirect_chain_into_private_space_is_refused(monkeypatch, page_server, location, answers, why):
    """The first hops are the allowed local server; the hop into private space is refused."""
    connections = install(monkeypatch, ScriptedDNS(answers), refuse_connections=False)
    name = why.replace(" ", "-")
    page_server.routes[f"/hop1-{name}"] = (302, {"Location": f"/hop2-{name}"}, b"")
    page_server.routes[f"/hop2-{name}"] = (307, {"Location": location.format(port=page_server.port)}, b"")
    policy = FetchPolicy(timeout=2.0, allow_cidrs=("127.0.0.1/32",))
    with pytest.raises(Refused):
        fetch(f"{page_server.base}/hop1-{name}", policy)
    assert {address for address, _ in connections.dialled} == {"127.0.0.1"}


def test_redirect_to_a_name_that_rebinds_dials_the_checked_address(monkeypatch, page_server):
    dns = ScriptedDNS({"cdn.example": [[PUBLIC], ["127.0.0.1"]]})
    connections = install(monkeypatch, dns, refuse_connections={PUBLIC})
    page_server.routes["/to-cdn"] = (302, {"Location": "http://cdn.example/story"}, b"")
    policy = FetchPolicy(timeout=2.0, retries=0, allow_cidrs=("127.0.0.1/32",))
    with pytest.raises(Upstream):  # the test refuses the connection to the public address
        fetch(f"{page_server.base}/to-cdn", policy)
    assert dns.calls == ["cdn.example"]
    assert connections.dialled[-1] == (PUBLIC, 80)


def test_a_pinned_session_for_callbacks_dials_the_checked_address(no_connections):
    """Job callbacks POST through pinned_session: no second lookup, no other host."""
    dns, connections = no_connections({"hooks.example": [[PUBLIC], ["127.0.0.1"]]})
    with pinned_session("http://hooks.example/done") as session:
        with pytest.raises(requests.ConnectionError):  # the test refuses the connection itself
            session.post("http://hooks.example/done", data=b"{}", timeout=1, allow_redirects=False)
        with pytest.raises(Unpinned):
            session.post("http://elsewhere.example/", data=b"{}", timeout=1)
    assert dns.calls == ["hooks.example"]
    assert connections.dialled == [(PUBLIC, 80)]
