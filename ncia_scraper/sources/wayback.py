"""The Wayback Machine as a source of pages (`source=wayback`, and `source=auto`'s
fallback).

The spider asks for the site's own URLs; this downloader middleware fetches each from
the archive instead, as the raw bytes of its newest capture in range
(`/web/{timestamp}id_/{url}`), and hands the spider a response under the original URL,
stamped with the capture's time, timestamp and address. Which captures exist comes from
the CDX API (`WaybackSource.seeds`), read before any page is asked for, so that every
link the spider follows can be mapped to a capture of its own or skipped as not
archived.

Politeness: CDX queries and capture downloads go through two download slots of their
own (`archive_slots`), with fixed delays from WAYBACK_CDX_PER_MINUTE and
WAYBACK_CAPTURES_PER_SECOND, no jitter below them, AutoThrottle kept off them, and at
most WAYBACK_CONCURRENCY requests in flight; a 429 or 503 pauses the slot for its
`Retry-After`, or WAYBACK_BACKOFF_DELAY seconds without one (`extensions.backoff`).
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from scrapy import Request
from scrapy.crawler import Crawler
from scrapy.exceptions import IgnoreRequest
from scrapy.http import HtmlResponse, Response
from scrapy.http.request import NO_CALLBACK
from scrapy.settings import BaseSettings
from twisted.python.failure import Failure

from ncia_scraper.extract.urls import UrlKind, classify, is_same_site
from ncia_scraper.sources.cdx import CDX_PATH, Capture, cdx_url, parse_cdx, timestamp_time
from ncia_scraper.sources.index import CaptureIndex
from ncia_scraper.sources.live import (
    ARCHIVE_URL,
    CAPTURED_AT,
    FETCHED_AT,
    OLDER_CAPTURE,
    SNAPSHOT,
    SOURCE,
)
from ncia_scraper.sources.replay import clean_replay, is_rewritten, replay_url, split_replay_url

if TYPE_CHECKING:
    from ncia_scraper.spiders.posts import PostsSpider

logger = logging.getLogger(__name__)

CDX_SLOT = "wayback-cdx"
REPLAY_SLOT = "wayback-replay"
ORIGINAL_URL = "ncia_original_url"
"""Request meta: the site URL an archive request stands for."""
FALLBACK = "ncia_wayback_fallback"
"""Request meta: set on `source=auto`'s archive request for a failed live page."""
# Pages the crawl reads; the index also holds feeds, fetched when a post asks for one.
SEED_KINDS = (UrlKind.POST, UrlKind.LISTING)


def archive_slots(settings: BaseSettings) -> dict[str, dict[str, float]]:
    """DOWNLOAD_SLOTS entries for the archive, from the WAYBACK_* settings."""
    per_minute = settings.getfloat("WAYBACK_CDX_PER_MINUTE", 20.0)
    per_second = settings.getfloat("WAYBACK_CAPTURES_PER_SECOND", 8.0)
    concurrency = settings.getint("WAYBACK_CONCURRENCY", 2)
    return {
        CDX_SLOT: {"concurrency": 1, "delay": 60.0 / per_minute, "jitter": 0.0},
        REPLAY_SLOT: {"concurrency": concurrency, "delay": 1.0 / per_second, "jitter": 0.0},
    }


def archive_pauses(settings: BaseSettings) -> dict[str, float]:
    """BACKOFF_SLOT_DELAYS entries: the archive's pause after a 429/503 without
    Retry-After (about a minute, by its own account)."""
    pause = settings.getfloat("WAYBACK_BACKOFF_DELAY", 60.0)
    return {CDX_SLOT: pause, REPLAY_SLOT: pause}


def base_url(settings: BaseSettings) -> str:
    return (settings.get("WAYBACK_BASE_URL") or "https://web.archive.org").rstrip("/")


class WaybackSource:
    """Seeds of a Wayback crawl: the CDX index of the site, then its pages."""

    name = "wayback"

    def __init__(self, spider: PostsSpider) -> None:
        self.spider = spider
        self.base_url = base_url(spider.settings)
        self.page_size = spider.settings.getint("WAYBACK_CDX_PAGE_SIZE", 5000)
        self.index = CaptureIndex(spider.site_root, spider.date_from, spider.date_to)
        self.all_snapshots = spider.snapshots == "all"

    def seeds(self) -> Iterator[Request]:
        yield self._cdx_request(None)

    def _cdx_request(self, resume_key: str | None) -> Request:
        url = cdx_url(
            self.base_url,
            self.spider.site_root,
            date_from=self.spider.date_from,
            date_to=self.spider.date_to,
            limit=self.page_size,
            resume_key=resume_key,
        )
        request = Request(url, callback=self.read_cdx, errback=self.cdx_failed, priority=10)
        _to_archive_slot(request)
        return request

    def read_cdx(self, response: Response) -> Iterator[Request]:
        """One page of the CDX answer: file its captures; then the next page, or, after
        the last, a request for every archived page (no link is followed before the
        whole index is known, so none is wrongly taken for not archived)."""
        stats = self.spider.crawler.stats
        try:
            captures, resume_key = parse_cdx(response.body)
        except ValueError as error:
            logger.error("Could not read the CDX answer %s: %s", response.url, error)
            stats.inc_value("ncia/wayback/cdx_unreadable")
            return
        stats.inc_value("ncia/wayback/cdx_pages")
        stats.inc_value("ncia/wayback/captures", self.index.add(captures))
        if resume_key:
            yield self._cdx_request(resume_key)
            return
        logger.info("Wayback Machine: %d archived pages of the site", len(self.index))
        yield from self._page_requests()

    def cdx_failed(self, failure: Failure) -> None:
        logger.error("CDX query failed: %s (%s)", failure.request.url, failure.value)
        self.spider.crawler.stats.inc_value("ncia/wayback/cdx_failed")

    def _page_requests(self) -> Iterator[Request]:
        site_root = self.spider.site_root
        for page in self.index.pages():
            if classify(page, site_root) not in SEED_KINDS:
                continue
            yield self.spider.page_request(page)
            if not self.all_snapshots:
                continue
            # Older captures under their own archive address (distinct requests); the
            # newest is the page request above, which links to the page then repeat.
            for capture in self.index.captures(page)[:-1]:
                request = self.spider.page_request(page)
                archived = request.replace(
                    url=replay_url(self.base_url, capture.timestamp, capture.original),
                    meta={**request.meta, ORIGINAL_URL: page, OLDER_CAPTURE: True},
                )
                _to_archive_slot(archived)
                yield archived

    def capture_for(self, url: str) -> Capture | None:
        return self.index.latest(url)

    def snapshots_of(self, url: str) -> list[str] | None:
        """With `snapshots=all`, the timestamps of every capture of the page read."""
        if not self.all_snapshots:
            return None
        return [capture.timestamp for capture in self.index.captures(url)]


class WaybackSourceMiddleware:
    """Downloader middleware: site URLs fetched from the archive (see the module)."""

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler
        self.base_url = base_url(crawler.settings)
        self.archive_host = urlsplit(self.base_url).netloc

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> WaybackSourceMiddleware:
        return cls(crawler)

    @property
    def _source(self) -> Any:
        return getattr(self.crawler.spider, "source", None)

    def process_request(self, request: Request) -> Request | None:
        source = self._source
        if source is None or source.name not in ("wayback", "auto"):
            return None
        if urlsplit(request.url).netloc == self.archive_host:
            _to_archive_slot(request)
            return None
        if source.name != "wayback" or not is_same_site(request.url, self.crawler.spider.site_root):
            return None
        capture = source.capture_for(request.url)
        if capture is None:
            self.crawler.stats.inc_value("ncia/wayback/not_archived")
            raise IgnoreRequest(f"not archived: {request.url}")
        archived = request.replace(
            url=replay_url(self.base_url, capture.timestamp, capture.original),
            meta={**request.meta, ORIGINAL_URL: request.url},
        )
        _to_archive_slot(archived)
        return archived

    def process_response(self, request: Request, response: Response) -> Request | Response:
        source = self._source
        if source is None or source.name not in ("wayback", "auto"):
            return response
        replay = split_replay_url(request.url)
        if replay is not None and urlsplit(request.url).netloc == self.archive_host:
            return self._archived(request, response, replay)
        if source.name == "auto" and _live_failed(response.status):
            return self._fallback(request, f"HTTP {response.status}") or response
        return response

    def process_exception(self, request: Request, exception: Exception) -> Request | None:
        source = self._source
        if source is None or source.name != "auto" or isinstance(exception, IgnoreRequest):
            return None
        if urlsplit(request.url).netloc == self.archive_host or FALLBACK in request.meta:
            return None
        return self._fallback(request, f"{type(exception).__name__}: {exception}")

    def _fallback(self, request: Request, reason: str) -> Request | None:
        """`source=auto`: the failed live page's newest capture (the archive redirects a
        timestamp in the future to the newest capture)."""
        if FALLBACK in request.meta or not is_same_site(request.url, self.crawler.spider.site_root):
            return None
        if request.callback is NO_CALLBACK:
            # Not a page: robots.txt, whose middleware waits for this very request.
            return None
        logger.info("Live page failed (%s), asking the Wayback Machine: %s", reason, request.url)
        self.crawler.stats.inc_value("ncia/wayback/fallback")
        now = datetime.now(UTC).strftime("%Y%m%d%H%M%S")
        archived = request.replace(
            url=replay_url(self.base_url, now, request.url),
            meta={**request.meta, ORIGINAL_URL: request.url, FALLBACK: True},
            dont_filter=True,
        )
        _to_archive_slot(archived)
        return archived

    def _archived(self, request: Request, response: Response, replay: tuple[str, str]) -> Response:
        timestamp, _ = replay
        original = request.meta.get(ORIGINAL_URL)
        if original is None:
            return response  # not a page the spider asked for (robots.txt, CDX)
        if response.status == 404 and FALLBACK not in request.meta:
            # The archive has no such capture: a gap in the archive, not a broken page.
            self.crawler.stats.inc_value("ncia/wayback/not_archived")
            raise IgnoreRequest(f"not archived: {original}")
        if response.status != 200:
            return response
        if isinstance(response, HtmlResponse) and is_rewritten(response.body):
            self.crawler.stats.inc_value("ncia/wayback/rewritten")
            response = response.replace(body=clean_replay(response.body, self.base_url))
        request.meta[SOURCE] = "wayback"
        request.meta[CAPTURED_AT] = timestamp_time(timestamp)
        request.meta[FETCHED_AT] = datetime.now(UTC)
        request.meta[SNAPSHOT] = timestamp[:14]
        request.meta[ARCHIVE_URL] = replay_url(self.base_url, timestamp, original, raw=False)
        return response.replace(url=original)


def _live_failed(status: int) -> bool:
    return status in (404, 410) or status >= 500


def _to_archive_slot(request: Request) -> None:
    slot = CDX_SLOT if urlsplit(request.url).path == CDX_PATH else REPLAY_SLOT
    request.meta["download_slot"] = slot
    request.meta["allow_offsite"] = True
    # Fixed pace: AutoThrottle would lower the delay below the archive's limit.
    request.meta["autothrottle_dont_adjust_delay"] = True
