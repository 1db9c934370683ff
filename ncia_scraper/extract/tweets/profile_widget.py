"""Tweets in Twitter's profile widget (widget.js v2), as a browser rendered it.

Form read (shared reference `markup.md` §3, "Rendered DOM, v2 with intents" and the 2010
template; `docs/markup.md`, "Twitter profile widget"):

    div.twtr-widget
      div.twtr-hd   h3 = display name, h4 a = screen name
      div.twtr-tweet  (one per tweet)
        div.twtr-tweet-text > p
          a.twtr-user (name prefix)  TEXT with links
          em: a.twtr-timestamp[href=status URL][time=created_at] "4 days ago" · reply · …

The raw HTML of a page holds only the embed script (`new TWTR.Widget(…)`); the tweets exist
only in a rendered capture, so a raw page gives no tweets here.

A tweet's time is the timestamp's `time` attribute (Twitter's created_at, to the second)
where the browser kept it, else its relative text, resolved against the capture time. A
tweet without a timestamp line has no status URL: its ID, URL and date are null.
"""

from __future__ import annotations

from lxml import etree

from ncia_scraper.dates import NO_DATE, DateValue, parse_date
from ncia_scraper.extract.page import Page, xpath
from ncia_scraper.extract.tweets._common import (
    Found,
    absolute,
    classes,
    has_class,
    make_tweet,
    read_text,
    status_user,
    twitter_user_link,
)
from ncia_scraper.items import Tweet
from ncia_scraper.text import squash

WIDGET = "profile-widget"

# The links of the timestamp line; none of them is part of the tweet.
_CONTROLS = {"twtr-timestamp", "twtr-reply", "twtr-rt", "twtr-fav"}

_WIDGETS = xpath(f"/descendant::div[{has_class('twtr-widget')}]")
_HEADERS = xpath(f"descendant::div[{has_class('twtr-hd')}]")
_OWNER_NAME_TEXTS = xpath(f"descendant::div[{has_class('twtr-hd')}]//h3//text()")
_H4_TEXTS = xpath(".//h4//text()")
_LINK_TARGETS = xpath(".//a/@href")
_TWEETS = xpath(f"descendant::div[{has_class('twtr-tweet')}]")
_STAMPS = xpath(f"descendant::a[{has_class('twtr-timestamp')}]")
_USER_LINKS = xpath(f"descendant::a[{has_class('twtr-user')}]")
_TEXT_PARAGRAPHS = xpath(f"descendant::div[{has_class('twtr-tweet-text')}]/p")
_TEXT_BOXES = xpath(f"descendant::div[{has_class('twtr-tweet-text')}]")
_TEXTS = xpath(".//text()")


def extract(page: Page) -> list[Tweet]:
    """All tweets shown by rendered profile widgets on `page`, in document order."""
    return [found.tweet for found in find(page)]


def find(page: Page) -> list[Found]:
    """Like `extract`, keeping the element each tweet was read from."""
    found: list[Found] = []
    for widget in _WIDGETS(page.selector.root):
        owner = _header_screen_name(widget)
        owner_name = squash(" ".join(_OWNER_NAME_TEXTS(widget)))
        for tweet in _TWEETS(widget):
            record = _read_tweet(page, tweet, owner, owner_name or None)
            if record is not None:
                found.append(Found(tweet, record))
    return found


def _read_tweet(
    page: Page, tweet: etree._Element, owner: str | None, owner_name: str | None
) -> Tweet | None:
    stamp = _STAMPS(tweet)
    tweet_url = absolute(stamp[0].get("href"), page.url) if stamp else None
    user_link = _USER_LINKS(tweet)
    screen_name = (
        (squash(" ".join(_TEXTS(user_link[0]))).lstrip("@") if user_link else "")
        or status_user(tweet_url)
        or owner
    )
    if not screen_name:
        return None
    # The header names the widget's account; a tweet by someone else (a search widget, a
    # retweet shown under its author) has no display name on the page.
    display_name = owner_name if owner and screen_name.lower() == owner.lower() else None
    box = _TEXT_PARAGRAPHS(tweet) or _TEXT_BOXES(tweet) or [tweet]
    return make_tweet(
        page,
        widget=WIDGET,
        content=read_text(box[0], page.url, skip=_is_widget_chrome),
        screen_name=screen_name,
        display_name=display_name,
        date=_read_time(page, stamp[0]) if stamp else NO_DATE,
        tweet_url=tweet_url,
    )


def _read_time(page: Page, stamp: etree._Element) -> DateValue:
    moment = stamp.get("time", "").strip()
    if moment:
        date = parse_date(moment, captured_at=page.captured_at, timezone=page.timezone)
        if date.value is not None:
            return date
    # No (readable) `time` attribute: the relative text is all the page says.
    text = " ".join(_TEXTS(stamp))
    return parse_date(text, captured_at=page.captured_at, timezone=page.timezone)


def _header_screen_name(widget: etree._Element) -> str | None:
    headers = _HEADERS(widget)
    if not headers:
        return None
    # Every header's text, as parsel's SelectorList gave it (a widget has one).
    shown = squash(" ".join(text for header in headers for text in _H4_TEXTS(header)))
    shown = shown.lstrip("@")
    if shown:
        return shown
    for header in headers:
        for href in _LINK_TARGETS(header):
            name = twitter_user_link(href)
            if name:
                return name
    return None


def _is_widget_chrome(element: etree._Element) -> bool:
    names = classes(element)
    if "twtr-user" in names or "twtr-avatar" in names or names & _CONTROLS:
        return True
    # The timestamp line is an <em> holding the controls and their "·" separators.
    if element.tag == "em":
        return any(classes(link) & _CONTROLS for link in element.iter("a"))
    return False
