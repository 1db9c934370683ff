"""Back off when the server says it is overloaded.

Scrapy retries 429 and 5xx answers but sends the retry as soon as a slot is free, which
is exactly wrong for a server that asked us to slow down. On such an answer this
extension pauses the server's download slot, so that no request to it, the retry
included, is sent until the server's `Retry-After` has passed (without one: the slot's
own pause from BACKOFF_SLOT_DELAYS if it has one, e.g. 60 s for the Wayback Machine,
else twice the current delay, at least BACKOFF_MIN_DELAY; at most BACKOFF_MAX_DELAY). It also raises
the slot's delay to the same value so the pace stays slow afterwards; AutoThrottle (on
by default) brings it back down gradually as normal answers return.

The pause works on the slot, where Scrapy's downloader queues requests: a slot sends its
next request once its delay, jittered by up to ±`jitter`, has passed since `lastseen`.
Moving `lastseen` forward makes even the shortest jittered delay end no sooner than the
pause. It listens to `response_downloaded`, as AutoThrottle does (which adjusts the same
slot attributes): that signal comes before the downloader frees the slot and sends the
next queued request, which a downloader middleware would see too late.
"""

from __future__ import annotations

import logging
import time
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from typing import Any

from scrapy import Request, signals
from scrapy.crawler import Crawler
from scrapy.http import Response

logger = logging.getLogger(__name__)

DEFAULT_CODES = (429, 500, 502, 503, 504)


class Backoff:
    def __init__(self, crawler: Crawler) -> None:
        settings = crawler.settings
        self.crawler = crawler
        # Defaults here as well as in settings.py: the middleware must be safe in any
        # project that enables it.
        codes = settings.getlist("BACKOFF_HTTP_CODES", DEFAULT_CODES)
        self.codes = {int(code) for code in codes}
        self.min_delay = settings.getfloat("BACKOFF_MIN_DELAY", 5.0)
        self.max_delay = settings.getfloat("BACKOFF_MAX_DELAY", 300.0)
        # Download slot key -> pause when the answer gives no Retry-After.
        self.slot_delays = {
            key: float(value) for key, value in settings.getdict("BACKOFF_SLOT_DELAYS").items()
        }

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Backoff:
        backoff = cls(crawler)
        crawler.signals.connect(backoff.response_downloaded, signal=signals.response_downloaded)
        return backoff

    def response_downloaded(self, response: Response, request: Request) -> None:
        if response.status not in self.codes:
            return
        downloader = self.crawler.engine.downloader
        slot_key = downloader.get_slot_key(request)
        slot = downloader.slots.get(slot_key)
        if slot is None:
            return
        asked = retry_after_seconds(response.headers.get(b"Retry-After"))
        if asked is not None:
            wanted = asked
        elif slot_key in self.slot_delays:
            wanted = self.slot_delays[slot_key]
        else:
            wanted = max(self.min_delay, slot.delay * 2)
        wanted = min(self.max_delay, wanted)
        logger.info(
            "%s answered %s: pausing requests to it for %.1f s", slot_key, response.status, wanted
        )
        pause_slot(slot, wanted)
        self.crawler.stats.inc_value(f"ncia/backoff/{response.status}")


def pause_slot(slot: Any, seconds: float, now: float | None = None) -> None:
    """Send nothing through `slot` for `seconds`, then keep at least that delay."""
    now = time.monotonic() if now is None else now
    slot.delay = max(slot.delay, seconds)
    shortest_delay = slot.delay * (1 - slot.jitter)
    slot.lastseen = max(slot.lastseen, now + seconds - shortest_delay)


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
