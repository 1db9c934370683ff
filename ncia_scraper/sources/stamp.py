"""Every record says which capture it was read from.

Extractors know pages, not archives; this spider middleware writes `source`, `snapshot`
and `archive_url` on each record the spider yields, from the stamps the source put on
the response (`sources.live`), and a tweet's capture span (`first_seen_snapshot`,
`last_seen_snapshot`, widened by the deduplicating pipeline). With `snapshots=all`, a
post captured many times gives one record: older captures give their comments and
tweets but no post record, and the newest capture's post lists every capture read
(`snapshots`, from the source's `snapshots_of`). A record the spider yields from a later response on
behalf of an earlier page (a post and its comments wait for the post's comment feed)
keeps the stamps of the page it was read from: a request that carries a page's records
onward (in its `cb_kwargs`) carries that page's stamps too.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterable, Iterator
from typing import Any

from scrapy import Request
from scrapy.crawler import Crawler
from scrapy.http import Response

from ncia_scraper.items import Comment, Post, Tweet
from ncia_scraper.sources.live import ARCHIVE_URL, OLDER_CAPTURE, SNAPSHOT, SOURCE

PAGE_STAMPS = "ncia_page_stamps"
"""Request meta: the stamps of the page whose records the request carries onward."""


def page_stamps(response: Response) -> dict[str, Any]:
    """(source, snapshot, archive_url) of the page a response's records come from."""
    meta = response.meta
    if PAGE_STAMPS in meta:
        return meta[PAGE_STAMPS]
    return {
        "source": meta.get(SOURCE, "live"),
        "snapshot": meta.get(SNAPSHOT),
        "archive_url": meta.get(ARCHIVE_URL),
        "older": meta.get(OLDER_CAPTURE, False),
    }


def stamp(item: Any, stamps: dict[str, Any], source: Any) -> Any | None:
    """The item, stamped if it is a record or a request carrying one onward; None for
    the post record of an older capture (see the module)."""
    if isinstance(item, Post | Comment | Tweet):
        item.source = stamps["source"]
        item.snapshot = stamps["snapshot"]
        item.archive_url = stamps["archive_url"]
        if isinstance(item, Tweet):
            item.first_seen_snapshot = item.last_seen_snapshot = item.snapshot
        if isinstance(item, Post) and item.snapshot:
            if stamps["older"]:
                return None
            snapshots_of = getattr(source, "snapshots_of", None)
            item.snapshots = (snapshots_of and snapshots_of(item.url)) or [item.snapshot]
    elif isinstance(item, Request) and item.cb_kwargs:
        item.meta[PAGE_STAMPS] = stamps
    return item


class CaptureStampMiddleware:
    """Spider middleware: stamps records with their page's capture (see the module)."""

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> CaptureStampMiddleware:
        return cls(crawler)

    def process_spider_output(self, response: Response, result: Iterable[Any]) -> Iterator[Any]:
        stamps = page_stamps(response)
        source = getattr(self.crawler.spider, "source", None)
        for item in result:
            stamped = stamp(item, stamps, source)
            if stamped is not None:
                yield stamped

    async def process_spider_output_async(
        self, response: Response, result: AsyncIterator[Any]
    ) -> AsyncIterator[Any]:
        stamps = page_stamps(response)
        source = getattr(self.crawler.spider, "source", None)
        async for item in result:
            stamped = stamp(item, stamps, source)
            if stamped is not None:
                yield stamped
