"""SSRF figures: every attack URL of the test table, with scripted DNS, and the fetcher's verdict.

Usage:
    python bench/ssrf.py

Runs tests/analysis/test_fetch_ssrf.py's ATTACKS through ``check_url`` (direct URLs) and
REDIRECT_TARGETS through a local page server (redirect chains), counts refusals, and
writes bench/results/ssrf.md and .json.
"""

from __future__ import annotations

import sys

from common import table, write_result

from service.analysis import fetch
from service.analysis.fetch import urlcheck
from tests.analysis.test_fetch_ssrf import ATTACKS, REDIRECT_TARGETS
from tests.support.network import ScriptedDNS
from tests.support.servers import PageServer


def verdict(call) -> str:
    try:
        call()
    except fetch.Refused as error:
        return f"refused: {error}"
    except fetch.FetchError as error:
        return f"NOT REFUSED ({type(error).__name__}: {error})"
    return "NOT REFUSED (fetched)"


def main() -> int:
    rows = []
    for url, answers, why in ATTACKS:
        urlcheck.resolve_host = ScriptedDNS(answers)
        rows.append(["direct", why, url, verdict(lambda url=url: fetch.check_url(url))])
    server = PageServer().start()
    policy = fetch.FetchPolicy(timeout=2.0, allow_cidrs=("127.0.0.1/32",))
    try:
        for index, (location, answers, why) in enumerate(REDIRECT_TARGETS):
            urlcheck.resolve_host = ScriptedDNS(answers)
            server.routes[f"/r{index}"] = (302, {"Location": location.format(port=server.port)}, b"")
            url = f"{server.base}/r{index}"
            rows.append(["redirect", why, location, verdict(lambda url=url: fetch.fetch(url, policy))])
    finally:
        server.stop()
    refused = sum(row[3].startswith("refused") for row in rows)
    text = (
        table(["via", "attack", "URL", "verdict"], rows) + f"\n\n{refused} of {len(rows)} attack URLs refused"
    )
    write_result("ssrf", text, {"tried": len(rows), "refused": refused, "rows": rows})
    return 0 if refused == len(rows) else 1


if __name__ == "__main__":
    sys.exit(main())
