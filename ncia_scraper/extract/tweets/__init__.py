"""Tweets on a page, whatever showed them.

Four forms (shared reference `markup.md` §3; `docs/markup.md`, "Twitter"), one module each:

- `profile_widget`: Twitter's widget.js v2 profile widget, rendered by a browser;
- `widget_pro`: the Twitter Widget Pro plugin's server-side list;
- `jetpack`: Jetpack's Twitter widget, also server-side;
- `embedded`: tweets embedded in a post body (oEmbed blockquotes).

A sidebar can hold several widgets and a post can embed tweets, so `extract_tweets` runs
every form and returns the tweets in the order they appear on the page. The same tweet
shown twice on a page gives two records; the deduplicating pipeline merges them.
"""

from __future__ import annotations

from ncia_scraper.extract.page import Page
from ncia_scraper.extract.tweets import embedded, jetpack, profile_widget, widget_pro
from ncia_scraper.items import Tweet

__all__ = ["extract_tweets"]

_FORMS = (profile_widget, widget_pro, jetpack, embedded)


def extract_tweets(page: Page) -> list[Tweet]:
    """Every tweet of every form on `page`, in document order."""
    per_form = [found for form in _FORMS if (found := form.find(page))]
    found = [item for items in per_form for item in items]
    if len(per_form) > 1:
        # Each form gives its tweets in document order; only a page with several forms
        # needs them merged. lxml hands out one Python object per element while any
        # reference to it lives, and `found` holds them all, so the elements can be
        # looked up by identity here. Only elements with the tweets' tag names are
        # numbered: their order among themselves is all the sort needs, and the walk
        # skips the rest of the page without making an object for each element.
        tags = {item.element.tag for item in found}
        position = {element: index for index, element in enumerate(page.selector.root.iter(*tags))}
        found.sort(key=lambda item: position[item.element])
    return [item.tweet for item in found]
