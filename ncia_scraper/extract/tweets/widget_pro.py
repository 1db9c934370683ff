"""Tweets in the Twitter Widget Pro plugin (2.3.x), printed by WordPress on the server.

Form read (shared reference `markup.md` §3, "Server-side alternative: Twitter Widget Pro
2.3.x"):

    li.widget_twitter > div
      h2 > span.twitterwidget-title "Twitter: nciaction"
      ul > li
        span.entry-content   TEXT with links (@user, #tag, URLs)
        span.entry-meta
          span.time-meta > a[href=…/nciaction/statuses/ID] "about 4 days ago" (or, after
                           the `showts` age, an absolute date such as
                           "06:17:36 AM November 05, 2011" in the site's time)
          span.from-meta "from web"; span.in-reply-to-meta "in reply to bob"
        span.intent-meta  Reply / Retweet / Favorite
      div.follow-button > a.twitter-follow-button "@nciaction"

Only `span.entry-content` is the tweet; the meta spans are the plugin's. An account with
no tweets gets `<li class="wpTwitterWidgetEmpty">No Tweets Available</li>`, which holds no
`entry-content` and so gives no tweet. The plugin prints no display name.
"""

from __future__ import annotations

import re

from lxml import etree

from ncia_scraper.extract.page import Page, xpath
from ncia_scraper.extract.tweets._common import (
    Found,
    has_class,
    make_tweet,
    read_text,
    read_time_link,
    status_user,
    twitter_user_link,
)
from ncia_scraper.items import Tweet

WIDGET = "twitter-widget-pro"

# A list item is a tweet of this plugin when it has the plugin's `entry-content` span and
# either its `entry-meta` span or a Twitter widget around it: `entry-content` alone is a
# common hAtom class that themes use for other things.
_ITEMS = xpath(
    f"/descendant::li[span[{has_class('entry-content')}]"
    f" and (span[{has_class('entry-meta')}] or ancestor::*[{has_class('widget_twitter')}])]"
)
_STAMPS = xpath(f"./span[{has_class('entry-meta')}]/span[{has_class('time-meta')}]//a")
_CONTENT = xpath(f"./span[{has_class('entry-content')}]")
# The widget's own <div> (`ancestor::ul[1]/..`, one element at most) holds the title, the
# list and the follow button.
_FOLLOW_LINK_TARGETS = xpath(f"ancestor::ul[1]/..//a[{has_class('twitter-follow-button')}]/@href")
_TITLE_TEXTS = xpath(f"ancestor::ul[1]/..//*[{has_class('twitterwidget-title')}]//text()")
# The plugin's default title, used only when no link names the account.
_DEFAULT_TITLE = re.compile(r"^Twitter:\s*@?([A-Za-z0-9_]{1,20})$")


def extract(page: Page) -> list[Tweet]:
    """All tweets shown by Twitter Widget Pro on `page`, in document order."""
    return [found.tweet for found in find(page)]


def find(page: Page) -> list[Found]:
    """Like `extract`, keeping the element each tweet was read from."""
    found: list[Found] = []
    for item in _ITEMS(page.selector.root):
        stamp = _STAMPS(item)
        tweet_url, date = read_time_link(page, stamp[0] if stamp else None)
        screen_name = status_user(tweet_url) or _widget_account(item)
        if not screen_name:
            continue
        content = _CONTENT(item)[0]
        tweet = make_tweet(
            page,
            widget=WIDGET,
            content=read_text(content, page.url),
            screen_name=screen_name,
            display_name=None,
            date=date,
            tweet_url=tweet_url,
        )
        found.append(Found(item, tweet))
    return found


def _widget_account(item: etree._Element) -> str | None:
    for href in _FOLLOW_LINK_TARGETS(item):
        name = twitter_user_link(href)
        if name:
            return name
    title = " ".join(_TITLE_TEXTS(item))
    match = _DEFAULT_TITLE.match(" ".join(title.split()))
    return match[1] if match else None
