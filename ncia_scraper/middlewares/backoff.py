"""Back off when the server says it is overloaded.

Scrapy retries 429 and 5xx answers but sends the retry as soon as a slot is free, which
is exactly wrong for a server that asked us to slow down. On such an answer this
middleware does two things for every request to that server, the retry included:

- it pauses them: none is sent until the server's `Retry-After` has passed (or, without
  one, twice the current delay, at least BACKOFF_MIN_DELAY). The pause is a hard floor;
  a slot's download delay is not, since Scrapy jitters it by up to ±50%;
- it raises the slot's download delay to the same value, so that the pace after the
  pause stays slow. AutoThrottle (on by default) brings it back down gradually as normal
  answers return.
"""

from __future__ import annotations

import asyncio
import logging
import time
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
        self.paused_until: dict[str, float] = {}

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> BackoffMiddleware:
        return cls(crawler)

    async def process_request(self, request: Request) -> None:
        downloader = self.crawler.engine.downloader
        remaining = self.paused_until.get(downloader.get_slot_key(request), 0) - time.monotonic()
        if remaining > 0:
            await asyncio.sleep(remaining)

    def process_response(self, request: Request, response: Response) -> Response:
        if response.status not in self.codes:
            return response
        downloader = self.crawler.engine.downloader
        slot_key = downloader.get_slot_key(request)
        slot = downloader.slots.get(slot_key)
        if slot is None:
            return response
        asked = retry_after_seconds(response.headers.get(b"Retry-After"))
        wanted = asked if asked is not None else max(self.min_delay, slot.delay * 2)
        wanted = min(self.max_delay, wanted)
        self.paused_until[slot_key] = max(
            self.paused_until.get(slot_key, 0), time.monotonic() + wanted
        )
        new_delay = max(slot.delay, wanted)
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
