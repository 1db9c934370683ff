"""The input every extractor takes: one downloaded page, already decoded."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

from lxml import etree
from parsel import Selector

from ncia_scraper.dates import SITE_TIMEZONE


def xpath(expression: str) -> etree.XPath:
    """`expression` compiled once, to run on lxml elements (`page.selector.root`).

    The extractors' hot paths query the lxml tree directly: parsel's `.xpath()` wraps
    every result in a new Selector, which cost more than the queries themselves. String
    results come back as plain `str` (`smart_strings=False`), as parsel's `.get()` gave
    them, without a reference back into the tree.

    Expressions that search with a predicate are written `/descendant::x[…]` (or
    `descendant::x[…]` below an element) rather than `//x[…]`: libxml2 runs `//x[…]` as
    a step over every node of the tree, text included, and then a child step from each;
    `descendant::` walks the elements once. For predicates that do not use the position
    (none here do) both select the same nodes in the same order.
    """
    return etree.XPath(expression, smart_strings=False)


@dataclass(frozen=True)
class Page:
    """A page as an extractor sees it: no network, no Scrapy engine.

    `captured_at` is when the page was captured (timezone-aware); relative dates on the
    page ("3 weeks ago") are resolved against it, never against the crawl's clock.
    """

    url: str
    selector: Selector
    captured_at: datetime
    timezone: ZoneInfo = SITE_TIMEZONE

    @classmethod
    def from_html(
        cls,
        url: str,
        html: str,
        captured_at: datetime,
        timezone: ZoneInfo = SITE_TIMEZONE,
    ) -> Page:
        return cls(
            url=url, selector=Selector(text=html), captured_at=captured_at, timezone=timezone
        )
