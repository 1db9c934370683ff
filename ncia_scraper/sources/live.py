"""The live site as a source of pages: stamps each response with its capture time.

For a live page the capture time is when the server produced it: its `Date` header, or
our own clock when it sends none. A user who fetches pages saved at a known moment says
so with `-a captured_at=...`, and that wins, so relative dates on the page ("3 weeks
ago") resolve against the moment the page was saved.
"""

from __future__ import annotations

from datetime import UTC, datetime
from email.utils import parsedate_to_datetime

from scrapy import Request
from scrapy.crawler import Crawler
from scrapy.http import Response

CAPTURED_AT = "ncia_captured_at"
FETCHED_AT = "ncia_fetched_at"
SOURCE = "ncia_source"
SNAPSHOT = "ncia_snapshot"
"""Request meta: the 14-digit timestamp of the archived capture read (archives only)."""
ARCHIVE_URL = "ncia_archive_url"
"""Request meta: where the capture can be seen (archives only)."""
OLDER_CAPTURE = "ncia_older_capture"
"""Request meta: an older capture of a page read with `snapshots=all`: its comments and
tweets count, its post record gives way to the newest capture's."""


class LiveSourceMiddleware:
    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> LiveSourceMiddleware:
        return cls(crawler)

    def process_response(self, request: Request, response: Response) -> Response:
        if request.meta.get(SOURCE, "live") != "live":
            return response  # answered from an archive file, already stamped
        fetched_at = datetime.now(UTC)
        given = getattr(self.crawler.spider, "captured_at", None)
        # On the request: a response is tied to its request only after the middlewares
        # ran, and `response.meta` is the request's meta from then on.
        request.meta[FETCHED_AT] = fetched_at
        request.meta[CAPTURED_AT] = given or http_date(response) or fetched_at
        request.meta[SOURCE] = "live"
        return response


def http_date(response: Response) -> datetime | None:
    value = response.headers.get(b"Date")
    if not value:
        return None
    try:
        moment = parsedate_to_datetime(value.decode("latin-1"))
    except (TypeError, ValueError):
        return None
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)
