"""Serves a built replica over real HTTP on 127.0.0.1.

`ReplicaServer` binds first (port 0 = any free port), then builds the site with the
bound base URL, so every link on every page is absolute and correct. It serves from a
daemon thread of the calling process; `python -m tests.site` runs it in the foreground.
Responses carry real headers: Content-Type with charset, Content-Length, Date, Server,
and Location on redirects; HTTP/1.1 keep-alive, as Scrapy expects. With
`SiteConfig.conditional`, also ETag and (feeds) Last-Modified, and 304 Not Modified to a
conditional GET whose validators still hold. Every request is recorded in
`ReplicaServer.requests` (path, status, the conditional headers it came with, body bytes
sent), and `change(config)` serves another replica at the same address (a site that
gains posts and comments between two crawls).
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from types import TracebackType

from tests.site.config import SiteConfig
from tests.site.site import Response, Site
from tests.site.truth import Truth


@dataclass(frozen=True)
class Served:
    """One request the replica answered."""

    path: str
    status: int
    if_none_match: str | None
    if_modified_since: str | None
    body_bytes: int


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "Apache/2.2.22"
    sys_version = "(Ubuntu)"
    timeout = 30  # idle keep-alive connections do not hold a thread forever

    server: _Server

    def do_GET(self) -> None:
        self._serve(with_body=True)

    def do_HEAD(self) -> None:
        self._serve(with_body=False)

    def _serve(self, *, with_body: bool) -> None:
        response = self.server.site.get(self.path)
        if_none_match = self.headers.get("If-None-Match")
        if_modified_since = self.headers.get("If-Modified-Since")
        if response.not_modified(if_none_match, if_modified_since):
            self.send_response(304)  # no body, no Content-Length
            self._validators(response)
            self.end_headers()
            self._record(304, if_none_match, if_modified_since, 0)
            return
        self.send_response(response.status)  # also sends Date and Server
        self.send_header("Content-Type", response.content_type)
        self.send_header("Content-Length", str(len(response.body)))
        if response.location:
            self.send_header("Location", response.location)
        self._validators(response)
        self.end_headers()
        if with_body:
            self.wfile.write(response.body)
        sent = len(response.body) if with_body else 0
        self._record(response.status, if_none_match, if_modified_since, sent)

    def _validators(self, response: Response) -> None:
        if response.etag:
            self.send_header("ETag", response.etag)
        if response.last_modified:
            self.send_header("Last-Modified", response.last_modified)

    def _record(self, status: int, inm: str | None, ims: str | None, sent: int) -> None:
        self.server.requests.append(Served(self.path, status, inm, ims, sent))

    def log_message(self, format: str, *args: object) -> None:
        # Quiet: a 2,000-post crawl would print thousands of lines.
        return


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True
    request_queue_size = 128
    site: Site
    requests: list[Served]


class ReplicaServer:
    """A replica served on 127.0.0.1; a context manager returning itself.

    >>> with ReplicaServer(SiteConfig(variant="raw")) as replica:
    ...     replica.base_url, replica.truth.posts[0].url
    """

    def __init__(
        self, config: SiteConfig | None = None, host: str = "127.0.0.1", port: int = 0
    ) -> None:
        self.config = config or SiteConfig()
        self._server = _Server((host, port), _Handler)
        bound_host, bound_port = self._server.server_address[:2]
        self.base_url = f"http://{bound_host}:{bound_port}"
        self._server.site = self.site = Site(self.config, self.base_url)
        self._server.requests = self.requests = []
        self._thread: threading.Thread | None = None

    def change(self, config: SiteConfig) -> None:
        """Serve the replica of `config` from now on, at the same address."""
        self.config = config
        self._server.site = self.site = Site(config, self.base_url)

    @property
    def truth(self) -> Truth:
        """The ground truth of this replica (built on first use)."""
        return self.site.truth

    def url(self, path: str) -> str:
        return self.site.url(path)

    def start(self) -> ReplicaServer:
        """Serve from a daemon thread."""
        if self._thread is None:
            self._thread = threading.Thread(
                target=self._server.serve_forever, name=f"replica {self.base_url}", daemon=True
            )
            self._thread.start()
        return self

    def serve_forever(self) -> None:
        """Serve in the calling thread until interrupted."""
        self._server.serve_forever()

    def stop(self) -> None:
        if self._thread is not None:
            self._server.shutdown()
            self._thread.join(timeout=5)
            self._thread = None
        self._server.server_close()

    def __enter__(self) -> ReplicaServer:
        return self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()


@contextmanager
def serve(config: SiteConfig | None = None, port: int = 0) -> Iterator[str]:
    """Serve a replica for the duration of the block; yields its base URL."""
    with ReplicaServer(config, port=port) as replica:
        yield replica.base_url
