"""A replica server that misbehaves on purpose, and remembers every request it got.

It serves the same pages as `tests.site.ReplicaServer`, except for the paths a test
overrides with a `Fault`: a function of how many times that path was asked for, returning
the answer to give (or None to answer normally). Each request is recorded with its arrival
time and User-Agent, so tests can check what the crawler sent and when.
"""

from __future__ import annotations

import io
import socket
import struct
import threading
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from tests.site.config import SiteConfig
from tests.site.site import Site


@dataclass(frozen=True)
class Answer:
    status: int
    body: bytes = b""
    headers: dict[str, str] = field(default_factory=dict)
    content_type: str = "text/html; charset=UTF-8"
    misbehave: str | None = None
    """None: a well-formed answer. "reset": the connection is reset (RST) before any byte.
    "stall": nothing is sent for `stall_seconds`, then the connection closes. "truncate":
    the headers announce the whole body, half of it is sent, then the connection closes."""
    stall_seconds: float = 5.0


Fault = Callable[[int], Answer | None]
"""Called with the 1-based count of requests for the path so far."""


@dataclass(frozen=True)
class Seen:
    at: float
    path: str
    user_agent: str


def always(answer: Answer) -> Fault:
    return lambda _count: answer


def first(times: int, answer: Answer) -> Fault:
    """Misbehave on the first `times` requests, then answer normally."""
    return lambda count: answer if count <= times else None


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server: _Server

    def do_GET(self) -> None:
        replica = self.server.replica
        answer = replica.answer(self.path, self.headers.get("User-Agent", ""))
        if answer.misbehave == "reset":
            # Linger 0: close() sends RST instead of FIN.
            self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
            self._hang_up()
            return
        if answer.misbehave == "stall":
            time.sleep(answer.stall_seconds)
            self._hang_up()
            return
        self.send_response(answer.status)
        self.send_header("Content-Type", answer.content_type)
        self.send_header("Content-Length", str(len(answer.body)))
        for name, value in answer.headers.items():
            self.send_header(name, value)
        self.end_headers()
        if answer.misbehave == "truncate":
            self.wfile.write(answer.body[: len(answer.body) // 2])
            self.wfile.flush()
            self._hang_up()
            return
        self.wfile.write(answer.body)

    def _hang_up(self) -> None:
        self.close_connection = True
        self.connection.close()
        # The handler flushes wfile when it finishes; the socket is gone.
        self.wfile = io.BytesIO()

    def log_message(self, format: str, *args: object) -> None:
        return


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    replica: FaultyReplica


class FaultyReplica:
    def __init__(self, faults: dict[str, Fault], config: SiteConfig | None = None) -> None:
        self.faults = faults
        self.seen: list[Seen] = []
        self._counts: Counter[str] = Counter()
        self._lock = threading.Lock()
        self._server = _Server(("127.0.0.1", 0), _Handler)
        self._server.replica = self
        host, port = self._server.server_address[:2]
        self.base_url = f"http://{host}:{port}"
        self.config = config or SiteConfig()
        self.site = Site(self.config, self.base_url)
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    def answer(self, path: str, user_agent: str) -> Answer:
        with self._lock:
            self._counts[path] += 1
            count = self._counts[path]
            self.seen.append(Seen(time.monotonic(), path, user_agent))
        fault = self.faults.get(path)
        answer = fault(count) if fault else None
        if answer is not None:
            return answer
        page = self.site.get(path)
        headers = {"Location": page.location} if page.location else {}
        return Answer(page.status, page.body, headers, page.content_type)

    def __enter__(self) -> FaultyReplica:
        self._thread.start()
        return self

    def __exit__(self, *exc_info: object) -> None:
        self._server.shutdown()
        self._server.server_close()
