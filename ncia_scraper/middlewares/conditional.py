"""Conditional requests: listing pages and feeds are revalidated, and a 304 reads as the
page the crawl stored when it last downloaded it.

Why Scrapy's HttpCacheMiddleware rather than a middleware of our own: a 304 carries no
body, yet the spider must read the page exactly as before (its links, its comment
counts, its sidebar tweets), or the dataset would depend on whether the server answered
304 or 200. So the body must be kept with its validators, and swapped in for the 304
before anything else sees it. HttpCacheMiddleware already does exactly that (validators
from the stored copy, `If-None-Match`/`If-Modified-Since`, the stored response returned
on 304 with its headers freshened), and its policy and storage are the documented
extension points. What we change is small:

- `RevalidatePolicy` (an RFC2616Policy): only listing pages and feeds of the site, read
  live, are worth storing: a run fetches a post page only when a listing shows it
  changed, so revalidating posts would save nothing, and archived pages never change. A
  stored copy is never fresh: every use is revalidated (no heuristic freshness, so a
  page is never read stale). Only a 304 makes the stored copy valid: RFC2616Policy also
  serves it on a 5xx, which would turn a failing page into an old one silently.
  `-a full=true` sends no validators at all (it trusts nothing earlier runs saw) but
  refreshes the stored copies; archived sources bypass it entirely.
- `PageStore`: the storage, an SQLite file beside the state (`STATE_PATH`'s folder,
  `<state name>.pages.sqlite`), one row per URL written in one statement. Scrapy's
  filesystem storage writes headers and body as separate files, so a kill between them
  could pair a new ETag with an old body, and a 304 would then bring back the wrong page;
  a row cannot be half written. Bodies are compressed (zlib). The file is created on the
  first page stored, so a crawl of a site that sends no validators leaves none.
- `ConditionalRequests` (the middleware, setting `CONDITIONAL_REQUESTS`, default on): on a
  download error it does not answer from the stored copy either (Scrapy's
  `errorrecovery`), so failures stay failures. It sits at 840 in DOWNLOADER_MIDDLEWARES,
  just below DownloaderStats (850), so Scrapy's `downloader/response_bytes` counts the
  304 as it came over the wire, not the stored body handed on.

Stats: `ncia/conditional/sent` (requests sent with validators), `not_modified` (answered
304, read from the stored copy), `modified` (answered with a new page, stored in its
place), `stored` (pages stored or refreshed).

Correctness rests on the server's validators: a 304 means the page is byte for byte the
one stored. A server whose ETags lie is caught by the weekly `full=true` run.
"""

from __future__ import annotations

import json
import logging
import sqlite3
import zlib
from pathlib import Path
from time import time
from typing import Any, Self

from scrapy import Request, Spider, signals
from scrapy.crawler import Crawler
from scrapy.downloadermiddlewares.httpcache import HttpCacheMiddleware
from scrapy.exceptions import NotConfigured
from scrapy.extensions.httpcache import RFC2616Policy
from scrapy.http import Response
from scrapy.settings import BaseSettings
from scrapy.utils.response import response_from_dict

from ncia_scraper.extract.urls import UrlKind, classify
from ncia_scraper.sources.live import SOURCE
from ncia_scraper.state.paths import confined
from ncia_scraper.state.run import state_path_of

logger = logging.getLogger(__name__)

WORTH_REVALIDATING = (UrlKind.LISTING, UrlKind.FEED)

_SCHEMA = """
CREATE TABLE IF NOT EXISTS pages (
    url TEXT PRIMARY KEY,
    status INTEGER NOT NULL,
    class TEXT NOT NULL,
    headers TEXT NOT NULL,
    body BLOB NOT NULL,
    stored REAL NOT NULL
)
"""


def pages_path_of(settings: BaseSettings) -> Path:
    """Where the stored pages live: beside the state, named after it."""
    state = state_path_of(settings)
    return confined(state.parent, f"{state.stem}.pages{state.suffix or '.sqlite'}")


def _spider_wants(spider: Any) -> tuple[str, bool] | None:
    """(site root, whether to revalidate) for a live crawl of the posts spider, else None."""
    site_root = getattr(spider, "site_root", None)
    if site_root is None or getattr(spider, "source_name", "live") != "live":
        return None
    return site_root, not getattr(spider, "full", False)


def conditional(request: Request) -> bool:
    return b"If-None-Match" in request.headers or b"If-Modified-Since" in request.headers


class RevalidatePolicy(RFC2616Policy):
    """See the module docstring. `crawler.spider` says the site and the run's mode."""

    def __init__(self, settings: BaseSettings, crawler: Crawler) -> None:
        super().__init__(settings)
        self.crawler = crawler

    def worth_it(self, request: Request) -> bool:
        """Whether this request is for a page worth storing and revalidating."""
        wants = _spider_wants(self.crawler.spider)
        if wants is None or request.method != "GET":
            return False
        return classify(request.url, wants[0]) in WORTH_REVALIDATING

    def should_cache_request(self, request: Request) -> bool:
        return self.worth_it(request) and super().should_cache_request(request)

    def should_cache_response(self, response: Response, request: Request) -> bool:
        # A page with validators, read live: nothing that only a freshness lifetime
        # (Expires, max-age) or a redirect would make storable.
        return (
            response.status == 200
            and request.meta.get(SOURCE, "live") == "live"
            and (b"ETag" in response.headers or b"Last-Modified" in response.headers)
            and super().should_cache_response(response, request)
        )

    def revalidating(self) -> bool:
        """Whether this run sends validators (not with `-a full=true`)."""
        wants = _spider_wants(self.crawler.spider)
        return wants is not None and wants[1]

    def is_cached_response_fresh(self, cachedresponse: Response, request: Request) -> bool:
        self._set_conditional_validators(request, cachedresponse)
        if conditional(request):
            self.crawler.stats.inc_value("ncia/conditional/sent")
        return False

    def is_cached_response_valid(
        self, cachedresponse: Response, response: Response, request: Request
    ) -> bool:
        return response.status == 304


class PageStore:
    """Scrapy cache storage in one SQLite file (see the module docstring)."""

    def __init__(self, path: Path, stats: Any = None) -> None:
        self.path = path
        self.stats = stats
        self._db: sqlite3.Connection | None = None

    def open_spider(self, spider: Spider) -> None:
        """Nothing to open yet: the file is created when the first page is stored."""

    def close_spider(self, spider: Spider) -> None:
        if self._db is not None:
            self._db.close()
            self._db = None

    def _connect(self, create: bool) -> sqlite3.Connection | None:
        if self._db is None:
            if not create and not self.path.exists():
                return None
            self.path.parent.mkdir(parents=True, exist_ok=True)
            db = sqlite3.connect(self.path, isolation_level=None)  # autocommit: a row a write
            db.execute("PRAGMA journal_mode=WAL")
            # A lost last write after a power cut only costs a full download next time.
            db.execute("PRAGMA synchronous=NORMAL")
            db.execute(_SCHEMA)
            self._db = db
        return self._db

    def retrieve_response(self, spider: Spider, request: Request) -> Response | None:
        db = self._connect(create=False)
        if db is None:
            return None
        row = db.execute(
            "SELECT status, class, headers, body, stored FROM pages WHERE url = ?", (request.url,)
        ).fetchone()
        if row is None:
            return None
        status, cls, headers, body, stored = row
        request.meta["cache_timestamp"] = stored
        return response_from_dict(
            {
                "_class": cls,
                "url": request.url,
                "status": status,
                "headers": {
                    name.encode("latin-1"): [value.encode("latin-1") for value in values]
                    for name, values in json.loads(headers)
                },
                "body": zlib.decompress(body),
            }
        )

    def store_response(self, spider: Spider, request: Request, response: Response) -> None:
        """Store the page; a failure to (disk full, a damaged file) costs only a full
        download next time, so it is logged and counted, never raised into the crawl."""
        try:
            self._store(request, response)
        except (sqlite3.Error, OSError) as error:
            if self.stats is not None:
                self.stats.inc_value("ncia/conditional/store_error")
            logger.warning("Could not store %s in %s: %s", request.url, self.path, error)

    def _store(self, request: Request, response: Response) -> None:
        db = self._connect(create=True)
        assert db is not None
        headers = [
            [name.decode("latin-1"), [value.decode("latin-1") for value in values]]
            for name, values in response.headers.items()
        ]
        cls = f"{type(response).__module__}.{type(response).__name__}"
        db.execute(
            "INSERT OR REPLACE INTO pages (url, status, class, headers, body, stored) "
            "VALUES (?, ?, ?, ?, ?, ?)",
            (
                request.url,
                response.status,
                cls,
                json.dumps(headers),
                zlib.compress(response.body),
                time(),
            ),
        )


class ConditionalRequests(HttpCacheMiddleware):
    """Downloader middleware: see the module docstring."""

    def __init__(self, crawler: Crawler) -> None:  # not HttpCacheMiddleware's signature
        settings = crawler.settings
        if not settings.getbool("CONDITIONAL_REQUESTS", True):
            raise NotConfigured
        self.crawler = crawler
        self.stats = crawler.stats
        self.policy = RevalidatePolicy(settings, crawler)
        self.storage = PageStore(pages_path_of(settings), crawler.stats)
        self.ignore_missing = False

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        middleware = cls(crawler)
        crawler.signals.connect(middleware.spider_opened, signal=signals.spider_opened)
        crawler.signals.connect(middleware.spider_closed, signal=signals.spider_closed)
        return middleware

    def process_request(self, request: Request, spider: Spider | None = None) -> Any:
        # Validators are ours to set, per URL: a redirect or a retry copies the headers of
        # the request it came from, whose validators belong to that URL or attempt.
        request.headers.pop(b"If-None-Match", None)
        request.headers.pop(b"If-Modified-Since", None)
        if not self.policy.worth_it(request):
            return None  # robots.txt, posts, archive pages: not ours to store
        if not self.policy.revalidating():
            return None  # full=true: downloaded afresh, and stored (process_response)
        return super().process_request(request)

    def process_response(
        self, request: Request, response: Response, spider: Spider | None = None
    ) -> Request | Response:
        if not self.policy.worth_it(request):
            return response
        revalidated = "cached_response" in request.meta and conditional(request)
        store_before = self.stats.get_value("httpcache/store", 0)
        result = super().process_response(request, response)
        if revalidated and response.status == 304:
            self.stats.inc_value("ncia/conditional/not_modified")
        elif revalidated and response.status == 200:
            self.stats.inc_value("ncia/conditional/modified")
        if self.stats.get_value("httpcache/store", 0) > store_before:
            self.stats.inc_value("ncia/conditional/stored")
        return result

    def process_exception(
        self, request: Request, exception: Exception, spider: Spider | None = None
    ) -> None:
        # Scrapy would answer a failed download from the stored copy: a failure must stay
        # one (retried, then named), never become an old page.
        request.meta.pop("cached_response", None)
        return None
