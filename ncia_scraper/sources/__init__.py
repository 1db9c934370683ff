"""Where the pages of a crawl come from: the live site, the Wayback Machine, WARC files.

The spider asks for the site's own URLs and reads whatever response comes back; a
source decides how each URL is fetched (downloader middlewares in this package), offers
the crawl's first requests (`seeds`), and stamps every response with where and when it
was captured (request meta keys in `sources.live`).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, Protocol

from scrapy import Request

if TYPE_CHECKING:
    from ncia_scraper.spiders.posts import PostsSpider


class Source(Protocol):
    name: str
    """`live`, `wayback`, `warc` or `auto`."""

    def seeds(self) -> Iterator[Request]:
        """The crawl's first requests."""
        ...


class SiteSource:
    """`live` and `auto`: start at the blog's root and follow its links."""

    def __init__(self, name: str, spider: PostsSpider) -> None:
        self.name = name
        self.spider = spider

    def seeds(self) -> Iterator[Request]:
        yield self.spider.page_request(self.spider.site_root)


def make_source(spider: PostsSpider) -> Source:
    """The source the spider's `source` argument names."""
    if spider.source_name == "wayback":
        from ncia_scraper.sources.wayback import WaybackSource

        return WaybackSource(spider)
    if spider.source_name == "warc":
        from ncia_scraper.sources.warc import WarcSource

        return WarcSource(spider)
    return SiteSource(spider.source_name, spider)
