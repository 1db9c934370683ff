"""The doors a WordPress site opens besides its links: the REST API, the RSS2 feeds and
the sitemaps (`-a discover=`). Navigation only: which door URLs to fetch and in what
order; what a response says is read by `ncia_scraper.extract.api`, `.feeds` and
`.sitemaps`.

Every door is walked before any post page is fetched (the spider holds post requests
until discovery is over): the API's records must be in hand when a post's page is read,
to be merged with it and cross-checked; and a post that several doors lead to is
fetched once. A door that is missing, refuses, or answers something
malformed or oversized is logged and counted (`ncia/doors/<door>/...`) and the crawl goes
on through the others: it never counts as a failed page.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Iterator
from typing import TYPE_CHECKING, Any, TypeVar

import scrapy
from scrapy.http import Response
from twisted.python.failure import Failure

from ncia_scraper.extract import api, feeds, sitemaps
from ncia_scraper.extract.page import Page, xpath
from ncia_scraper.extract.urls import UrlKind, canonical_url, classify, is_same_site
from ncia_scraper.extract.xmlsafe import XmlRejected
from ncia_scraper.items import Comment
from ncia_scraper.sources.live import CAPTURED_AT, FETCHED_AT, SOURCE
from ncia_scraper.spiders.catalogue import Catalogue

if TYPE_CHECKING:
    from ncia_scraper.spiders.posts import PostsSpider

logger = logging.getLogger(__name__)

FeedT = TypeVar("FeedT", feeds.PostsFeed, feeds.CommentsFeed)

API_NAMES = ("users", "categories", "tags")
"""Collections read first: posts name their authors and terms by ID."""
PER_PAGE = 100
"""The most the REST API gives per page."""
MAX_FEED_PAGES = 1000
WELL_KNOWN_SITEMAPS = ("wp-sitemap.xml", "?sitemap=index", "sitemap_index.xml", "sitemap.xml")
"""Where sitemaps live when robots.txt names none: core WordPress (pretty and plain
permalinks), Yoast and its kin, and the generic place."""
"""A feed that never ends (a site answering every `?paged=N`) is cut here."""

_FEED_LINKS = xpath("//head/link[@rel='alternate'][@type='application/rss+xml']/@href")


class Doors:
    def __init__(self, spider: PostsSpider, doors: frozenset[str], *, fetch_pages: bool) -> None:
        self.spider = spider
        self.doors = doors
        self.fetch_pages = fetch_pages
        """Whether the posts a door lists are fetched (not on incremental runs)."""
        self.catalogue = Catalogue()
        self.stats = spider.crawler.stats
        self.max_bytes = spider.settings.getint("DOOR_MAXSIZE")
        self._pending = 0
        self._api_root: str | None = None
        self._api_bodies: dict[str, list[Response]] = {}
        self._api_failed = False

    # --- opening -------------------------------------------------------------------------

    def open(self, page: Page, response: Response) -> Iterator[scrapy.Request]:
        """The first request of each door the site offers, from its home page."""
        if "api" in self.doors:
            # Every Link header: WordPress sends the API root and the shortlink apart.
            link_header = ", ".join(
                value.decode("latin-1") for value in response.headers.getlist(b"Link")
            )
            self._api_root = api.api_root_from_html(page) or api.api_root_from_link_header(
                link_header or None
            )
            if self._api_root is not None and not is_same_site(
                self._api_root, self.spider.site_root
            ):
                self._unavailable(
                    "api", f"its advertised root is on another host: {self._api_root}"
                )
                self._api_root = None
            elif self._api_root is None:
                self._unavailable("api", "the site advertises no REST API")
            else:
                for name in API_NAMES:
                    yield self._api_request(name, 1)
                yield self._api_request("posts", 1)
        if "feeds" in self.doors:
            posts_feed, comments_feed = self._feeds(page)
            if posts_feed is None:
                self._unavailable("feeds", "the site advertises no feed")
            else:
                yield self._door_request(
                    "feeds", posts_feed, self.parse_feed, feed_url=posts_feed, number=1
                )
            if comments_feed is not None:
                yield self._door_request(
                    "feeds",
                    comments_feed,
                    self.parse_comments_feed,
                    feed_url=comments_feed,
                    number=1,
                )
        if "sitemaps" in self.doors:
            robots = self.spider.site_root + "robots.txt"
            yield self._door_request("sitemaps", robots, self.parse_robots)

    def _feeds(self, page: Page) -> tuple[str | None, str | None]:
        """The posts feed and the site-wide comments feed the home page advertises."""
        posts_feed = comments_feed = None
        for href in _FEED_LINKS(page.selector.root):
            url = canonical_url(href, self.spider.site_root)
            if "comments" in url:
                comments_feed = comments_feed or url
            else:
                posts_feed = posts_feed or url
        return posts_feed, comments_feed

    # --- the REST API --------------------------------------------------------------------

    def _api_request(self, collection: str, number: int) -> scrapy.Request:
        assert self._api_root is not None
        params: dict[str, Any] = {"per_page": PER_PAGE, "page": number}
        if collection in ("categories", "tags"):
            params["hide_empty"] = "true"
        url = api.endpoint_url(self._api_root, f"wp/v2/{collection}", **params)
        return self._door_request("api", url, self.parse_api, collection=collection, number=number)

    def parse_api(self, response: Response, collection: str, number: int) -> Iterator[Any]:
        if self._api_failed:
            yield from self._answered()
            return
        self._api_bodies.setdefault(collection, []).append(response)
        if number == 1:
            for following in range(2, api.total_pages(response.headers) + 1):
                yield self._api_request(collection, following)
            if collection == "posts":
                # Comments name their posts by ID: read them once the posts' pages are
                # all requested, so that every comment has its post's URL.
                yield self._api_request("comments", 1)
        yield from self._answered()

    def _read_api(self) -> Iterator[scrapy.Request]:
        """Every API page is in: read them, note each post, request its page."""
        if self._api_failed or "posts" not in self._api_bodies:
            return
        try:
            names = {name: self._read_names(name) for name in API_NAMES}
            posts = []
            for response in self._api_bodies["posts"]:
                posts += api.read_posts(
                    response.body,
                    users=names["users"],
                    categories=names["categories"],
                    tags=names["tags"],
                    fetched_at=response.meta[FETCHED_AT],
                    captured_at=response.meta[CAPTURED_AT],
                    source=response.meta[SOURCE],
                    site_root=self.spider.site_root,
                    timezone=self.spider.timezone,
                )
            post_urls = {post.post_id: post.url for post in posts if post.post_id is not None}
            comments: list[Comment] = []
            for response in self._api_bodies.get("comments", []):
                comments += api.read_comments(
                    response.body,
                    post_urls=post_urls,
                    captured_at=response.meta[CAPTURED_AT],
                    timezone=self.spider.timezone,
                )
        except api.ApiError as error:
            self._rejected("api", self._api_root or "", error)
            return
        finally:
            self._api_bodies.clear()
        comments = api.fill_depths(comments)
        by_post: dict[int, list[Comment]] = {}
        for comment in comments:
            if comment.post_id is not None:
                by_post.setdefault(comment.post_id, []).append(comment)
        for post in posts:
            lead = self.catalogue.found(post.url, "api", post.post_id)
            lead.api_post = post
            lead.api_comments = by_post.get(post.post_id or -1, [])
        self.stats.set_value("ncia/doors/api/posts", len(posts))
        self.stats.set_value("ncia/doors/api/comments", len(comments))
        logger.info("REST API: %d posts, %d comments", len(posts), len(comments))
        if self.fetch_pages:
            yield from self._pages((post.url for post in posts), "api")
            return
        # An incremental run: the API's comment counts and modification times say which
        # posts changed since they were last read; those alone are fetched.
        changed = [
            post.url
            for post in posts
            if self.spider.navigator.changed_in_api(post, len(by_post.get(post.post_id or -1, [])))
        ]
        yield from self.spider.post_requests(changed, door="api")

    def _read_names(self, collection: str) -> dict[int, str]:
        reader = api.read_users if collection == "users" else api.read_terms
        names: dict[int, str] = {}
        for response in self._api_bodies.get(collection, []):
            try:
                names.update(reader(response.body))
            except api.ApiError as error:
                # Sites often close `users`; the pages still name the authors.
                logger.warning("REST API %s unreadable (%s); using the pages", collection, error)
        return names

    # --- feeds ---------------------------------------------------------------------------

    def parse_feed(self, response: Response, feed_url: str, number: int) -> Iterator[Any]:
        feed = self._read_feed(response, feeds.read_posts_feed)
        if feed is not None and feed.posts:
            urls = []
            for item in feed.posts:
                url = canonical_url(item.url, self.spider.site_root)
                if self._listed_post(url):
                    self.catalogue.found(url, "feeds", item.post_id).feed_post = item
                    urls.append(url)
            self.stats.inc_value("ncia/doors/feeds/posts", len(urls))
            yield from self._pages(urls, "feeds")
            yield from self._next_feed_page(feed_url, number, feed.next_page_url, self.parse_feed)
        yield from self._answered()

    def parse_comments_feed(self, response: Response, feed_url: str, number: int) -> Iterator[Any]:
        """A page of the site-wide comments feed: each comment's exact time, author and
        parent, kept for the post it belongs to (`extract/merge.py` cross-checks them with
        the page and dates the comments the page leaves undated)."""
        feed = self._read_feed(response, feeds.read_comments_feed)
        if feed is not None and feed.comments:
            for comment in feed.comments:
                url = canonical_url(comment.post_url, self.spider.site_root)
                if self._listed_post(url):
                    lead = self.catalogue.found(url, "feeds", comment.post_id)
                    lead.feed_comments.append(comment)
            self.stats.inc_value("ncia/doors/feeds/comments", len(feed.comments))
            yield from self._next_feed_page(
                feed_url, number, feed.next_page_url, self.parse_comments_feed
            )
        yield from self._answered()

    def _read_feed(self, response: Response, reader: Callable[..., FeedT]) -> FeedT | None:
        """The feed `reader` makes of the response; None (counted) when it is rejected."""
        try:
            return reader(
                response.body,
                captured_at=response.meta[CAPTURED_AT],
                timezone=self.spider.timezone,
                max_bytes=self.max_bytes,
            )
        except XmlRejected as error:
            self._rejected("feeds", response.url, error)
            return None

    def _next_feed_page(
        self, feed_url: str, number: int, next_url: str | None, callback: Any
    ) -> Iterator[scrapy.Request]:
        # WordPress prints no next link: `?paged=N` until an empty page or a 404.
        if number < MAX_FEED_PAGES:
            following = next_url or feeds.feed_page_url(feed_url, number + 1)
            yield self._door_request(
                "feeds", following, callback, feed_url=feed_url, number=number + 1
            )

    # --- sitemaps ------------------------------------------------------------------------

    def parse_robots(self, response: Response) -> Iterator[Any]:
        listed = sitemaps.sitemaps_from_robots(response.text) if response.status == 200 else []
        for url in listed:
            if is_same_site(url, self.spider.site_root):
                yield self._door_request("sitemaps", url, self.parse_sitemap)
        if not listed:
            # None listed: try the usual places one after the other, until one answers.
            first, *others = (self.spider.site_root + path for path in WELL_KNOWN_SITEMAPS)
            yield self._door_request("sitemaps", first, self.parse_sitemap, fallbacks=tuple(others))
        yield from self._answered()

    def parse_sitemap(self, response: Response, fallbacks: tuple[str, ...] = ()) -> Iterator[Any]:
        try:
            sitemap = sitemaps.read_sitemap(response.body, max_bytes=self.max_bytes)
        except XmlRejected as error:
            sitemap = None
            if fallbacks:
                logger.info("No sitemap at %s (%s)", response.url, error)
                yield self._door_request(
                    "sitemaps", fallbacks[0], self.parse_sitemap, fallbacks=fallbacks[1:]
                )
            else:
                self._rejected("sitemaps", response.url, error)
        if sitemap is not None:
            for child in sitemap.sitemaps:
                url = child.url
                if is_same_site(url, self.spider.site_root) and sitemaps.may_hold_posts(url):
                    yield self._door_request("sitemaps", url, self.parse_sitemap)
            urls = []
            # A sitemap named for posts lists posts, whatever their URLs look like.
            of_posts = sitemaps.sitemap_kind(response.url) is sitemaps.SitemapKind.POSTS
            for entry in sitemap.pages:
                url = canonical_url(entry.url, self.spider.site_root)
                kind = classify(url, self.spider.site_root)
                if kind is UrlKind.POST or (of_posts and self._listed_post(url)):
                    self.catalogue.found(url, "sitemaps")
                    urls.append(url)
            self.stats.inc_value("ncia/doors/sitemaps/posts", len(urls))
            yield from self._pages(urls, "sitemaps")
        yield from self._answered()

    # --- bookkeeping ---------------------------------------------------------------------

    def _listed_post(self, url: str) -> bool:
        """Whether a URL a door lists as a post's can be one. With `/%postname%/`
        permalinks a post's URL looks like a static page's (`classify` says OTHER), so a
        posts feed or a posts sitemap is believed; a listing (Yoast's posts sitemap starts
        with the home page), a feed or a part of a post is not a post."""
        if not is_same_site(url, self.spider.site_root):
            return False
        return classify(url, self.spider.site_root) in (UrlKind.POST, UrlKind.OTHER)

    def _pages(self, urls: Iterable[str], door: str) -> Iterator[scrapy.Request]:
        """Requests for the post pages a door listed, unless this run reads doors for
        their values only."""
        if self.fetch_pages:
            yield from self.spider.post_requests(urls, door=door)

    def _door_request(self, door: str, url: str, callback: Any, **cb_kwargs: Any) -> scrapy.Request:
        self._pending += 1
        self.stats.inc_value(f"ncia/doors/{door}/requests")
        return scrapy.Request(
            url,
            callback=callback,
            errback=self.door_failed,
            cb_kwargs=cb_kwargs,
            # A feed or sitemap of gigabytes is refused as it downloads.
            meta={"door": door, "download_maxsize": self.max_bytes},
            # Doors first: post pages wait for them.
            priority=3,
            dont_filter=True,
        )

    def door_failed(self, failure: Failure) -> Iterator[Any]:
        request = failure.request
        door = request.meta["door"]
        if door == "api":
            self._api_failed = True
        reason = failure.getErrorMessage()
        # The end of a feed's pages is a 404; anything else is worth a line.
        ended = door == "feeds" and request.cb_kwargs.get("number", 1) > 1
        fallbacks = request.cb_kwargs.get("fallbacks")
        if fallbacks:
            logger.info("No sitemap at %s (%s)", request.url, reason)
            yield self._door_request(
                door, fallbacks[0], self.parse_sitemap, fallbacks=fallbacks[1:]
            )
        elif "max size" in reason or door == "api":
            # Scrapy cancelled an answer larger than DOOR_MAXSIZE, or the advertised API
            # failed: both worth a warning.
            self._rejected(door, request.url, ValueError(reason))
        elif not ended:
            self._unavailable(door, f"{request.url}: {reason}")
        yield from self._answered()

    def _answered(self) -> Iterator[scrapy.Request]:
        """One door request is done; when it was the last, read the API."""
        self._pending -= 1
        if not self._pending:
            yield from self._read_api()

    def _unavailable(self, door: str, reason: str) -> None:
        logger.info("No %s door: %s", door, reason)
        self.stats.inc_value(f"ncia/doors/{door}/unavailable")

    def _rejected(self, door: str, url: str, error: Exception) -> None:
        if door == "api":
            self._api_failed = True
            logger.warning(
                "The REST API at %s answered something unusable (%s); reading the site's "
                "pages instead",
                url,
                error,
            )
        else:
            logger.warning("Rejected %s %s: %s", door, url, error)
        self.stats.inc_value(f"ncia/doors/{door}/rejected")
