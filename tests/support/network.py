"""Test doubles at the network edge of the fetcher: scripted DNS answers and a connection log."""

from __future__ import annotations

import socket
from collections.abc import Iterable

import urllib3.util.connection

from service.analysis.fetch import urlcheck


class ScriptedDNS:
    """Replaces ``urlcheck.resolve_host``: each host answers from its list of answer lists in turn."""

    def __init__(self, answers: dict[str, list[str] | list[list[str]]] | None = None):
        self.answers: dict[str, list[list[str]]] = {}
        self.calls: list[str] = []
        for host, value in (answers or {}).items():
            self.script(host, value)

    def script(self, host: str, answers: Iterable) -> None:
        answers = list(answers)
        self.answers[host] = answers if answers and isinstance(answers[0], list) else [answers]

    def __call__(self, host: str, port: int) -> list[str]:
        self.calls.append(host)
        script = self.answers.get(host)
        if not script:
            raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")
        return script.pop(0) if len(script) > 1 else script[0]


class ConnectionLog:
    """Wraps urllib3's ``create_connection``: records every address dialled, optionally refusing all."""

    def __init__(self, refuse: bool | set[str]):
        self.refuse = refuse
        self.dialled: list[tuple[str, int]] = []
        self._real = urllib3.util.connection.create_connection

    def __call__(self, address, *args, **kwargs):
        self.dialled.append((address[0], address[1]))
        if self.refuse is True or (self.refuse and address[0] in self.refuse):
            raise ConnectionRefusedError("refused by the test")
        return self._real(address, *args, **kwargs)


def install(monkeypatch, dns: ScriptedDNS, *, refuse_connections: bool | set[str]) -> ConnectionLog:
    """Script DNS and log connections for the rest of the test, refusing all or those to some addresses."""
    log = ConnectionLog(refuse_connections)
    monkeypatch.setattr(urlcheck, "resolve_host", dns)
    monkeypatch.setattr(urllib3.util.connection, "create_connection", log)
    return log
