"""Comment dates from WordPress's comment feeds (RSS 2.0, WordPress 3.3).

Form read (shared reference `markup.md`, section 4, "Per-post comments feed"): the
post's `PERMALINK/feed/` (or the site-wide `/comments/feed/`), one `<item>` per comment
with `link` = `PERMALINK#comment-N` (the `guid` is the same URL), `pubDate` in RFC 2822
(`Tue, 14 Feb 2012 15:10:22 +0000`) and `dc:creator`. Disqus-synced comments live in
WordPress too, so the feed dates the comments that the Disqus server list prints undated.

The feed is read by `extract.feeds.read_comments_feed`, which parses it with
`extract.xmlsafe` (no DOCTYPE, no entity expansion, no network, libxml2's default limits,
a cap on the size). Anything refused or malformed gives an empty result here, never an
exception: a feed only adds dates.
"""

from __future__ import annotations

import dataclasses
from datetime import datetime
from zoneinfo import ZoneInfo

from ncia_scraper.dates import SITE_TIMEZONE, DateValue
from ncia_scraper.extract.feeds import read_comments_feed
from ncia_scraper.extract.xmlsafe import XmlRejected
from ncia_scraper.items import Comment

# A year of comments on the whole site is a few hundred kilobytes; far more is not a feed.
MAX_FEED_BYTES = 5 * 1024 * 1024


def parse_comment_feed(
    xml: bytes | str, *, captured_at: datetime, timezone: ZoneInfo = SITE_TIMEZONE
) -> dict[int, DateValue]:
    """Comment ID → publication date, for every item of an RSS 2.0 comment feed.

    The ID is read from the item's `link` (`…#comment-N`), else its `guid`. Items without
    an ID or without a `pubDate` are skipped; the first item wins when an ID repeats.
    An unsafe, oversized or malformed document gives `{}`.
    """
    try:
        feed = read_comments_feed(
            xml, captured_at=captured_at, timezone=timezone, max_bytes=MAX_FEED_BYTES
        )
    except XmlRejected:
        return {}
    dates: dict[int, DateValue] = {}
    for comment in feed.comments:
        if comment.published.raw is not None and comment.comment_id not in dates:
            dates[comment.comment_id] = comment.published
    return dates


def apply_feed_dates(comments: list[Comment], dates: dict[int, DateValue]) -> list[Comment]:
    """Copies of `comments` with `published*` filled from `dates` where a comment has no
    date value of its own and the feed has one; the inputs are left untouched."""
    result = []
    for comment in comments:
        feed_date = dates.get(comment.comment_id)
        if comment.published is None and feed_date is not None and feed_date.value is not None:
            result.append(
                dataclasses.replace(
                    comment,
                    published=feed_date.value,
                    published_raw=feed_date.raw,
                    published_precision=feed_date.precision,
                )
            )
        else:
            result.append(dataclasses.replace(comment))
    return result
