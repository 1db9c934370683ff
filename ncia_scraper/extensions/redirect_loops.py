"""A page whose redirects lead back to a URL already fetched is a failure, not silence.

Scrapy follows a redirect by scheduling a new request; when the redirect points back to
a URL the crawl has already requested (a loop: A → A, or A → B → A), the duplicate filter
drops it without calling any errback, and the page would simply be missing from a
"complete" run. This extension listens for dropped requests that came from a redirect
and reports each as a failed page: logged with its original URL, counted in
`ncia/pages/failed` (so the outcome is partial) and listed in the run's manifest. (A
redirect chain that never repeats a URL ends in Scrapy's REDIRECT_MAX_TIMES and reaches
the spider's errback instead.)
"""

from __future__ import annotations

import logging
from typing import Any, Self

from scrapy import Request, signals
from scrapy.crawler import Crawler

from ncia_scraper.state.run import current_run

logger = logging.getLogger(__name__)


class RedirectLoops:
    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler
        crawler.signals.connect(self.request_dropped, signal=signals.request_dropped)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        return cls(crawler)

    def request_dropped(self, request: Request, **_: Any) -> None:
        hops = request.meta.get("redirect_urls")
        if not hops:
            return  # not a redirect: the spider's own duplicate, nothing lost
        reason = f"redirect loop ({len(hops)} redirects, back to {request.url})"
        logger.error("Failed %s: %s", hops[0], reason)
        current_run(self.crawler).note_error(hops[0], reason)
        self.crawler.stats.inc_value("ncia/pages/failed")
