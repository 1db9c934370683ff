"""Comment dates from WordPress's comment feeds (RSS 2.0, WordPress 3.3).

Form read (shared reference `markup.md`, section 4, "Per-post comments feed"): the
post's `PERMALINK/feed/` (or the site-wide `/comments/feed/`), one `<item>` per comment
with `link` = `PERMALINK#comment-N` (the `guid` is the same URL), `pubDate` in RFC 2822
(`Tue, 14 Feb 2012 15:10:22 +0000`) and `dc:creator`. Disqus-synced comments live in
WordPress too, so the feed dates the comments that the Disqus server list prints undated.

Feeds come from outside, so they are parsed defensively: no DTD (that is where entity
bombs and external entities live), no entity expansion, no network, libxml2's default
limits on depth and node size, and a cap on the document's size. Anything refused or
malformed gives an empty result, never an exception: a feed only adds dates.
"""

from __future__ import annotations

import dataclasses
import re
from datetime import datetime
from zoneinfo import ZoneInfo

from lxml import etree

from ncia_scraper.dates import SITE_TIMEZONE, DateValue, parse_date
from ncia_scraper.items import Comment

# A year of comments on the whole site is a few hundred kilobytes; far more is not a feed.
MAX_FEED_BYTES = 5 * 1024 * 1024

_COMMENT_FRAGMENT = re.compile(r"#comment-(\d+)\s*$")


def _parser(encoding: str | None) -> etree.XMLParser:
    return etree.XMLParser(
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        dtd_validation=False,
        huge_tree=False,
        remove_pis=True,
        encoding=encoding,
    )


def parse_comment_feed(
    xml: bytes | str, *, captured_at: datetime, timezone: ZoneInfo = SITE_TIMEZONE
) -> dict[int, DateValue]:
    """Comment ID → publication date, for every item of an RSS 2.0 comment feed.

    The ID is read from the item's `link` (`…#comment-N`), else its `guid`. Items without
    an ID or without a `pubDate` are skipped; the first item wins when an ID repeats.
    An unsafe, oversized or malformed document gives `{}`.
    """
    if isinstance(xml, str):
        # The text is already decoded: parse its UTF-8 bytes whatever the declaration says.
        data, encoding = xml.encode("utf-8"), "utf-8"
    else:
        data, encoding = xml, None
    if len(data) > MAX_FEED_BYTES:
        return {}
    try:
        root = etree.fromstring(data, _parser(encoding))
    except (etree.LxmlError, ValueError):
        return {}
    if root is None:
        return {}
    docinfo = root.getroottree().docinfo
    if docinfo.doctype or docinfo.internalDTD is not None or docinfo.externalDTD is not None:
        # WordPress prints no DOCTYPE in feeds; one here can only be trouble.
        return {}
    dates: dict[int, DateValue] = {}
    for item in root.iterfind("channel/item"):
        comment_id = _comment_id(item)
        pub_date = item.findtext("pubDate")
        if comment_id is None or comment_id in dates or not (pub_date or "").strip():
            continue
        dates[comment_id] = parse_date(pub_date, captured_at=captured_at, timezone=timezone)
    return dates


def _comment_id(item: etree._Element) -> int | None:
    for tag in ("link", "guid"):
        match = _COMMENT_FRAGMENT.search(item.findtext(tag) or "")
        if match:
            return int(match[1])
    return None


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
