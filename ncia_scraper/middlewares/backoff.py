"""Back off when the server says it is overloaded.

Scrapy retries 429 and 5xx answers but sends the retry as soon as a slot is free, which
is exactly wrong for a server that asked us to slow down. This middleware raises the
download delay of the server's slot on such an answer: to the server's `Retry-After`
when it gives one, else to twice the current delay. The retry then waits that long, and
so does every other request to the same server. AutoThrottle (on by default) brings the
delay back down gradually as normal answers return.
"""

from __future__ import annotations

import logging
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime

from scrapy import Request
from scrapy.crawler import Crawler
from scrapy.http import Response

logger = logging.getLogger(__name__)

DEFAULT_CODES = (429, 500, 502, 503, 504)


class BackoffMiddleware:
    def __init__(self, crawler: Crawler) -> None:
        settings = crawler.settings
        self.crawler = crawler
        # Defaults here as well as in settings.py: the middleware must be safe in any
        # project that enables it.
        codes = settings.getlist("BACKOFF_HTTP_CODES", DEFAULT_CODES)
        self.codes = {int(code) for code in codes}
        self.min_delay = settings.getfloat("BACKOFF_MIN_DELAY", 5.0)
        self.max_delay = settings.getfloat("BACKOFF_MAX_DELAY", 300.0)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> BackoffMiddleware:
        return cls(crawler)

    def process_response(self, request: Request, response: Response) -> Response:
        if response.status not in self.codes:
            return response
        slot_key = request.meta.get("download_slot")
        engine = self.crawler.engine
        slot = engine.downloader.slots.get(slot_key) if engine and slot_key else None
        if slot is None:
            return response
        asked = retry_after_seconds(response.headers.get(b"Retry-After"))
        wanted = asked if asked is not None else max(self.min_delay, slot.delay * 2)
        new_delay = min(self.max_delay, max(slot.delay, wanted))
        if new_delay > slot.delay:
            logger.info(
                "%s answered %s: waiting %.1f s between requests to it (was %.1f s)",
                slot_key,
                response.status,
                new_delay,
                slot.delay,
            )
            slot.delay = new_delay
        self.crawler.stats.inc_value(f"ncia/backoff/{response.status}")
        return response


def retry_after_seconds(value: bytes | None, now: datetime | None = None) -> float | None:
    """Seconds a `Retry-After` header asks for (delta-seconds or HTTP date), or None."""
    if not value:
        return None
    text = value.decode("latin-1").strip()
    if text.isdigit():
        return float(text)
    try:
        moment = parsedate_to_datetime(text)
    except (TypeError, ValueError):
        return None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return max(0.0, (moment - (now or datetime.now(UTC))).total_seconds())
