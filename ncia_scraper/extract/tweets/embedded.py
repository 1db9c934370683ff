"""Tweets embedded in a post body (Twitter's 2012 oEmbed markup).

Form read (`docs/markup.md`, "Twitter: embedded tweet in a post body (2012 oEmbed)"):

    blockquote.twitter-tweet
      p  TEXT with links
      &mdash; NCIA (@nciaction) <a href="https://twitter.com/nciaction/status/ID"
                                   data-datetime="2012-02-14T10:12:33+00:00">February 14, 2012</a>

The display name and screen name come from the "— NAME (@screen_name)" line. The time is
`data-datetime` (to the second) where present, else the link text (a day). The text is
the paragraphs only, so the byline's "@screen_name" is not counted as a mention.
"""

from __future__ import annotations

import re

from lxml import etree

from ncia_scraper.dates import NO_DATE, DateValue, parse_date
from ncia_scraper.extract.page import Page, xpath
from ncia_scraper.extract.tweets._common import (
    Found,
    absolute,
    has_class,
    make_tweet,
    merge_texts,
    read_text,
    status_id,
    status_user,
)
from ncia_scraper.items import Tweet
from ncia_scraper.text import squash

WIDGET = "embedded"

# "— NCIA (@nciaction)"; the dash is an em dash in the oEmbed markup, a hyphen in copies.
_BYLINE = re.compile(r"[—–-]\s*(?P<name>.*?)\s*\(\s*[@＠](?P<screen>[A-Za-z0-9_]{1,20})\s*\)")

_QUOTES = xpath(f"/descendant::blockquote[{has_class('twitter-tweet')}]")
_LINKS = xpath("./a")
_OWN_TEXTS = xpath("./text()")
_PARAGRAPHS = xpath("./p")
_TEXTS = xpath(".//text()")


def extract(page: Page) -> list[Tweet]:
    """All tweets embedded on `page`, in document order."""
    return [found.tweet for found in find(page)]


def find(page: Page) -> list[Found]:
    """Like `extract`, keeping the element each tweet was read from."""
    found: list[Found] = []
    for quote in _QUOTES(page.selector.root):
        stamps = [a for a in _LINKS(quote) if status_id(a.get("href"))]
        stamp = stamps[-1] if stamps else None
        tweet_url = absolute(stamp.get("href"), page.url) if stamp is not None else None
        byline = _BYLINE.search(squash(" ".join(_OWN_TEXTS(quote))))
        screen_name = (byline["screen"] if byline else None) or status_user(tweet_url)
        if not screen_name:
            continue
        paragraphs = _PARAGRAPHS(quote)
        tweet = make_tweet(
            page,
            widget=WIDGET,
            content=merge_texts(read_text(p, page.url) for p in paragraphs),
            screen_name=screen_name,
            display_name=(byline["name"] if byline else None) or None,
            date=_read_time(page, stamp) if stamp is not None else NO_DATE,
            tweet_url=tweet_url,
        )
        found.append(Found(quote, tweet))
    return found


def _read_time(page: Page, stamp: etree._Element) -> DateValue:
    moment = stamp.get("data-datetime", "").strip()
    if moment:
        date = parse_date(moment, captured_at=page.captured_at, timezone=page.timezone)
        if date.value is not None:
            return date
    text = " ".join(_TEXTS(stamp))
    return parse_date(text, captured_at=page.captured_at, timezone=page.timezone)
