"""Redis fault cases for tests and bench/faults.py: a real redis-server stopped, frozen, slowed or stalled.

``run_case`` builds an app on a fresh redis-server, measures normal request times, applies
one fault and measures requests (cached and new articles) and /readyz while it lasts.
"""

from __future__ import annotations

import os
import signal
import socket
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

from service import create_app
from service.config import Settings
from tests.support.servers import RedisServer

FAULT_SECONDS = 6  # how long the timed faults (DEBUG SLEEP, CLIENT PAUSE) hold Redis


class StallingProxy:
    """A TCP proxy to Redis that can stop passing bytes (connections stay open, nothing moves)."""

    def __init__(self, target_port: int):
        self.target_port = target_port
        self.stalled = threading.Event()
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.port = self.listener.getsockname()[1]
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self._sockets: list[socket.socket] = []
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self) -> None:
        while True:
            try:
                client, _ = self.listener.accept()
                upstream = socket.create_connection(("127.0.0.1", self.target_port))
            except OSError:
                return
            self._sockets += [client, upstream]
            threading.Thread(target=self._pump, args=(client, upstream), daemon=True).start()
            threading.Thread(target=self._pump, args=(upstream, client), daemon=True).start()

    def _pump(self, source: socket.socket, target: socket.socket) -> None:
        try:
            while data := source.recv(65536):
                while self.stalled.is_set():
                    time.sleep(0.01)
                target.sendall(data)
        except OSError:
            pass

    def close(self) -> None:
        self.stalled.clear()
        for sock in [self.listener, *self._sockets]:
            sock.close()


@dataclass
class Rig:
    server: RedisServer
    proxy: StallingProxy | None = None


@contextmanager
def stopped(rig: Rig) -> Iterator[None]:
    rig.server.stop()
    yield


@contextmanager
def frozen(rig: Rig) -> Iterator[None]:
    os.kill(rig.server.process.pid, signal.SIGSTOP)
    try:
        yield
    finally:
        os.kill(rig.server.process.pid, signal.SIGCONT)


@contextmanager
def debug_sleep(rig: Rig) -> Iterator[None]:
    client = rig.server.client()
    client.connection_pool.connection_kwargs["socket_timeout"] = FAULT_SECONDS + 5
    sleeper = threading.Thread(target=client.execute_command, args=("DEBUG", "SLEEP", FAULT_SECONDS))
    sleeper.start()
    time.sleep(0.1)
    yield
    sleeper.join()


@contextmanager
def client_pause(rig: Rig) -> Iterator[None]:
    rig.server.client().execute_command("CLIENT", "PAUSE", FAULT_SECONDS * 1000, "ALL")
    started = time.monotonic()
    yield
    time.sleep(max(0.0, FAULT_SECONDS - (time.monotonic() - started)))


@contextmanager
def stalled_proxy(rig: Rig) -> Iterator[None]:
    rig.proxy.stalled.set()
    try:
        yield
    finally:
        rig.proxy.stalled.clear()


CASES: dict[str, Callable[[Rig], contextmanager]] = {
    "stopped (killed)": stopped,
    "frozen (SIGSTOP)": frozen,
    "slowed (DEBUG SLEEP)": debug_sleep,
    "slowed (CLIENT PAUSE ALL)": client_pause,
    "stalling TCP proxy": stalled_proxy,
}


def article(n: int) -> dict:
    return {
        "text": f"A bus overturned on a mountain road near the border on Tuesday, killing {n} passengers "
        f"and injuring {n + 3} others, the provincial police said. Rescue teams worked through the night."
    }


@dataclass
class CaseResult:
    name: str
    normal_ms: float  # the slowest uncached request before the fault
    worst_ms: float = 0.0  # the slowest request during the fault
    statuses: list[int] = field(default_factory=list)
    caches: list[str] = field(default_factory=list)  # /readyz "cache" values during the fault
    readyz_ms: float = 0.0  # the slowest /readyz during the fault
    recovered: bool | None = None  # after the fault: cache hits again and /readyz says ok


def timed(call) -> tuple[object, float]:
    started = time.perf_counter()
    response = call()
    return response, (time.perf_counter() - started) * 1000


def run_case(name: str, *, requests: int = 8, pace: float = 0.25) -> CaseResult:
    """Run one fault case on its own redis-server; the figures of the requests made during it.

    Requests are paced over about two seconds so that the breaker's half-open probes
    (every ``redis_retry_after`` = 1 s) happen while the fault lasts.
    """
    rig = Rig(RedisServer("--enable-debug-command", "yes").start())
    if name == "stalling TCP proxy":
        rig.proxy = StallingProxy(rig.server.port)
    url = rig.proxy.url if rig.proxy else rig.server.url
    client = create_app(Settings(redis_url=url, redis_retry_after=1.0)).test_client()
    try:
        client.post("/v1/analyze", json=article(0))  # loads the model, caches article 0
        normal = max(timed(lambda n=n: client.post("/v1/analyze", json=article(n)))[1] for n in (1, 2, 3))
        result = CaseResult(name=name, normal_ms=normal)
        with CASES[name](rig):
            for index in range(requests):
                payload = article(0 if index % 2 else 100 + index)  # cached and new articles
                response, ms = timed(lambda payload=payload: client.post("/v1/analyze", json=payload))
                result.statuses.append(response.status_code)
                result.worst_ms = max(result.worst_ms, ms)
                if index in (1, requests - 1):
                    ready, ready_ms = timed(lambda: client.get("/readyz"))
                    result.caches.append(ready.get_json()["cache"])
                    result.readyz_ms = max(result.readyz_ms, ready_ms)
                time.sleep(pace)
        if name != "stopped (killed)":
            time.sleep(1.1)  # the breaker's next probe is due
            hit = client.post("/v1/analyze", json=article(0)).headers["X-Cache"] == "HIT"
            result.recovered = hit and client.get("/readyz").get_json()["cache"] == "ok"
        return result
    finally:
        if rig.proxy:
            rig.proxy.close()
        rig.server.stop()
