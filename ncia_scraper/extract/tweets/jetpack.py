"""Tweets in Jetpack's Twitter widget (2012), printed by WordPress on the server.

Form read (`docs/markup.md`, "Twitter: Jetpack's widget (2012)"):

    li.widget_twitter
      h2.widgettitle > a[href=http://twitter.com/nciaction] "Twitter: nciaction"
      ul.tweets > li
        TEXT with links  a.timesince[href=…/nciaction/statuses/ID] "4&nbsp;days&nbsp;ago"

Mentions are linked as `@<a href="http://twitter.com/bob">bob</a>` and hashtags as
`<a href="http://twitter.com/search?q=%23tag">#tag</a>`, without classes. The time is
relative only, with no-break spaces. WordPress.com's variant of the same widget wraps the
link in `span.date` (nothing else in it), so leaving out the link is enough there too.
"""

from __future__ import annotations

from lxml import etree

from ncia_scraper.extract.page import Page, xpath
from ncia_scraper.extract.tweets._common import (
    Found,
    classes,
    has_class,
    make_tweet,
    read_text,
    read_time_link,
    status_user,
    twitter_user_link,
)
from ncia_scraper.items import Tweet

WIDGET = "jetpack"

_ITEMS = xpath(f"/descendant::ul[{has_class('tweets')}]/li")
_STAMPS = xpath(f"descendant::a[{has_class('timesince')}]")
# The title links to the account; look outside the list of tweets only (the list's
# parent, `ancestor::ul[…][1]/..`, is one element at most), so a tweet's own links are
# never taken for it.
_TITLE_LINK_TARGETS = xpath(
    f"ancestor::ul[{has_class('tweets')}][1]/../*[not({has_class('tweets')})]//a/@href"
)


def extract(page: Page) -> list[Tweet]:
    """All tweets shown by Jetpack's Twitter widget on `page`, in document order."""
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
        tweet = make_tweet(
            page,
            widget=WIDGET,
            content=read_text(item, page.url, skip=_is_timestamp),
            screen_name=screen_name,
            display_name=None,
            date=date,
            tweet_url=tweet_url,
        )
        found.append(Found(item, tweet))
    return found


def _is_timestamp(element: etree._Element) -> bool:
    return "timesince" in classes(element)


def _widget_account(item: etree._Element) -> str | None:
    for href in _TITLE_LINK_TARGETS(item):
        name = twitter_user_link(href)
        if name:
            return name
    return None
