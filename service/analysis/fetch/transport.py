"""The fetcher's connections: pinned to the checked address and cut at the deadline.

``PinnedAdapter`` makes requests connect to the IP address the fetcher resolved and
checked, never re-resolving the name (DNS rebinding), while the Host header, TLS SNI and
certificate verification still use the hostname. ``DeadlineGuard`` shuts every socket a
fetch opened when its total deadline passes, so a server that trickles headers or body a
byte at a time cannot outlast the deadline (per-read socket timeouts alone reset on
each byte).
"""

from __future__ import annotations

import socket
import threading
import time
from urllib.parse import urlsplit

from requests.adapters import HTTPAdapter
from urllib3.connection import HTTPConnection, HTTPSConnection
from urllib3.connectionpool import HTTPConnectionPool, HTTPSConnectionPool

_local = threading.local()


class Unpinned(Exception):
    """A request went to a host:port the fetcher did not check."""


class DeadlineGuard:
    """Shuts the sockets opened inside ``with guard:`` when the deadline passes."""

    def __init__(self, deadline: float):
        self.deadline = deadline
        self.expired = False
        self._sockets: list[socket.socket] = []
        self._lock = threading.Lock()
        self._timer = threading.Timer(max(deadline - time.monotonic(), 0), self._expire)
        self._timer.daemon = True

    def __enter__(self) -> DeadlineGuard:
        _local.guard = self
        self._timer.start()
        return self

    def __exit__(self, *exc_info) -> None:
        self._timer.cancel()
        _local.guard = None

    def watch(self, sock: socket.socket) -> None:
        with self._lock:
            self._sockets.append(sock)
            if self.expired:
                _shut(sock)

    def _expire(self) -> None:
        with self._lock:
            self.expired = True
            for sock in self._sockets:
                _shut(sock)


def _shut(sock: socket.socket) -> None:
    try:
        sock.shutdown(socket.SHUT_RDWR)
    except OSError:
        pass  # already closed


class _Watched:
    """Registers each new socket with the calling thread's DeadlineGuard."""

    def _new_conn(self) -> socket.socket:
        sock = super()._new_conn()
        guard = getattr(_local, "guard", None)
        if guard is not None:
            guard.watch(sock)
        return sock


class WatchedHTTPConnection(_Watched, HTTPConnection):
    pass


class WatchedHTTPSConnection(_Watched, HTTPSConnection):
    pass


class WatchedHTTPPool(HTTPConnectionPool):
    ConnectionCls = WatchedHTTPConnection


class WatchedHTTPSPool(HTTPSConnectionPool):
    ConnectionCls = WatchedHTTPSConnection


class PinnedAdapter(HTTPAdapter):
    """Sends each request to ``pins[(host, port)]``; an unpinned host:port is refused."""

    def __init__(self):
        self.pins: dict[tuple[str, int], str] = {}
        super().__init__(max_retries=0, pool_connections=4, pool_maxsize=4)

    def pin(self, host: str, port: int, address: str) -> None:
        self.pins[(host.lower(), port)] = address

    def init_poolmanager(self, *args, **kwargs) -> None:
        super().init_poolmanager(*args, **kwargs)
        self.poolmanager.pool_classes_by_scheme = {"http": WatchedHTTPPool, "https": WatchedHTTPSPool}

    def add_headers(self, request, **kwargs) -> None:
        """Name the host, not the pinned address, in the Host header."""
        request.headers["Host"] = urlsplit(request.url).netloc

    def build_connection_pool_key_attributes(self, request, verify, cert=None):
        host_params, pool_kwargs = super().build_connection_pool_key_attributes(request, verify, cert)
        parts = urlsplit(request.url)
        port = parts.port or (443 if parts.scheme == "https" else 80)
        address = self.pins.get(((parts.hostname or "").lower(), port))
        if address is None:
            raise Unpinned(f"{parts.hostname}:{port} was not checked")
        host_params["host"] = address
        if parts.scheme == "https":
            pool_kwargs["server_hostname"] = parts.hostname
            pool_kwargs["assert_hostname"] = parts.hostname
        return host_params, pool_kwargs
