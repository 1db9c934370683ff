"""The `posts` spider: which pages to visit, and which page object reads each.

It starts at the blog's root and follows every listing the site links (home pagination,
monthly archives, tags, categories) and every post, on the start URL's host only. What a
page contains is the business of `ncia_scraper.extract`; this module never parses HTML.
"""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator, Iterable, Iterator
from dataclasses import replace
from functools import cached_property
from typing import Any, Self
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

import scrapy
from scrapy import signals
from scrapy.crawler import Crawler
from scrapy.exceptions import CloseSpider, DontCloseSpider, IgnoreRequest
from scrapy.http import HtmlResponse, Response
from scrapy.settings import BaseSettings
from scrapy.spidermiddlewares.httperror import HttpError
from twisted.python.failure import Failure

from ncia_scraper.extract.merge import merge_comments, merge_post
from ncia_scraper.extract.page import Page
from ncia_scraper.extract.pages import PostPage, read_listing_page, read_post_page
from ncia_scraper.extract.site import not_wordpress_message, wordpress_signs
from ncia_scraper.extract.urls import UrlKind, classify
from ncia_scraper.sources import Source, make_source
from ncia_scraper.sources.live import CAPTURED_AT, FETCHED_AT, SOURCE
from ncia_scraper.sources.wayback import archive_pauses, archive_slots
from ncia_scraper.spiders.arguments import parse_arguments
from ncia_scraper.spiders.assembly import PostAssembly
from ncia_scraper.spiders.catalogue import Lead
from ncia_scraper.spiders.doors import Doors
from ncia_scraper.spiders.incremental import Navigator
from ncia_scraper.state.plan import plan_for
from ncia_scraper.state.run import current_run

logger = logging.getLogger(__name__)


class PostsSpider(scrapy.Spider):
    name = "posts"
    # The `crawl` command calls this before the crawl starts (see ncia_scraper.commands).
    validate_arguments = staticmethod(parse_arguments)

    def __init__(self, **kwargs: str) -> None:
        arguments = parse_arguments(kwargs)
        super().__init__()
        self.site_root = arguments.start_url
        self.captured_at = arguments.captured_at
        self.full = arguments.full
        # As given, for the run's manifest.
        self.raw_arguments = dict(kwargs)
        self.source_name = arguments.source
        self.date_from = arguments.date_from
        self.date_to = arguments.date_to
        self.snapshots = arguments.snapshots
        self.archive_path = arguments.path
        self.discover = arguments.discover
        # Set in start(), once settings are known: see ncia_scraper.sources.
        self.source: Source | None = None
        self._requested: set[str] = set()
        # Post pages wait until discovery is over (see `release_posts`).
        self._held_posts: list[scrapy.Request] = []
        host = urlsplit(self.site_root).hostname or ""
        # Scrapy's offsite filter also admits subdomains, so "www." is covered.
        self.allowed_domains = [host.removeprefix("www.")]

    @classmethod
    def from_crawler(cls, crawler: Crawler, *args: Any, **kwargs: Any) -> Self:
        spider = super().from_crawler(crawler, *args, **kwargs)
        crawler.signals.connect(spider.release_posts, signal=signals.spider_idle)
        return spider

    def release_posts(self) -> None:
        """When discovery is over (no listing or door request left), fetch the posts.

        A post's page is read only once every listing and door has been walked: the
        API's exact values must be in hand to merge with the page, and `found_by` must
        name every door that leads to the post, listings found late included. Parts of a
        post (its other pages, comment pages) and its comment feed follow at once."""
        held, self._held_posts = self._held_posts, []
        if not held:
            return
        logger.info("Discovery over; %d post pages to fetch", len(held))
        for request in held:
            self.crawler.engine.crawl(request)
        raise DontCloseSpider

    @classmethod
    def update_settings(cls, settings: BaseSettings) -> None:
        super().update_settings(settings)
        # The archive's own download slots, paced by the WAYBACK_* settings.
        slots = {**archive_slots(settings), **settings.getdict("DOWNLOAD_SLOTS")}
        settings.set("DOWNLOAD_SLOTS", slots, priority="spider")
        pauses = {**archive_pauses(settings), **settings.getdict("BACKOFF_SLOT_DELAYS")}
        settings.set("BACKOFF_SLOT_DELAYS", pauses, priority="spider")

    @cached_property
    def timezone(self) -> ZoneInfo:
        return ZoneInfo(self.settings["SITE_TIMEZONE"])

    @cached_property
    def navigator(self) -> Navigator:
        """What to follow from each page, given the state (`spiders/incremental.py`)."""
        store = current_run(self.crawler).store
        # Archived sources are read in full: their captures are not the site's present.
        full = self.full or getattr(self, "source_name", "live") != "live"
        plan = plan_for(store, full=full)
        logger.info("Crawl mode: %s (%d posts known)", plan.mode, len(plan.known_posts))
        self.crawler.stats.set_value("ncia/crawl_mode", plan.mode)
        return Navigator(plan, store, self.site_root, self.crawler.stats)

    @cached_property
    def doors(self) -> Doors:
        """The doors besides links (REST API, feeds, sitemaps) this run walks: those
        `discover` names, on the live site (archives hold pages only). An incremental
        run walks the API only (a request per 100 posts or comments): its comment counts
        and modification times say which posts changed, and a post read again keeps the
        API's exact values; the listings are walked as `spiders/incremental.py` says."""
        walked = self.discover - {"links"}
        if self.source_name != "live":
            walked = frozenset()
        incremental = self.navigator.plan.mode == "incremental"
        if incremental:
            walked &= {"api"}
        return Doors(self, walked, fetch_pages=not incremental)

    async def start(self) -> AsyncIterator[scrapy.Request]:
        self.source = make_source(self)
        for request in self.source.seeds():
            if request.url == self.site_root:
                # The home page decides whether this is WordPress and opens the doors.
                request = request.replace(callback=self.parse_home)
            yield request

    def page_request(self, url: str) -> scrapy.Request:
        """The request for a page of the site (a source's seed: the home page, or an
        archive's capture of any page), with the callback that reads its kind. A seed is
        one of the site's own pages, so a post found this way is found by `links`."""
        self._requested.add(url)
        request = self._request(url)
        if request.callback == self.parse_post:
            self.doors.catalogue.found(url, "links")
        return request

    def post_requests(self, urls: Iterable[str], *, door: str) -> Iterator[scrapy.Request]:
        """Requests for post pages a door led to (held while doors are walked)."""
        urls = list(urls)
        for url in urls:
            self.doors.catalogue.found(url, door)
        yield from self._requests(urls, posts=urls)

    # --- callbacks ---------------------------------------------------------------------

    def parse_home(self, response: Response) -> Iterator[Any]:
        page = self._page(response)
        if page is None:
            return
        link_header = response.headers.get(b"Link")
        if not wordpress_signs(page, link_header.decode("latin-1") if link_header else None):
            message = not_wordpress_message(response.url)
            logger.error(message)
            self.crawler.stats.set_value("ncia/not_wordpress", message)
            raise CloseSpider("not_wordpress")
        yield from self.doors.open(page, response)
        yield from self.parse_listing(response, page=page)

    def parse_listing(self, response: Response, page: Page | None = None) -> Iterator[Any]:
        page = page or self._page(response)
        if page is None:
            return
        try:
            listing = read_listing_page(page, site_root=self.site_root)
        except Exception as error:  # one bad page must not end the crawl
            self._unparsed(response, error)
            return
        self.crawler.stats.inc_value("ncia/pages/listing")
        yield from listing.tweets
        if "links" not in self.discover:
            return
        for url in listing.links.posts:
            self.doors.catalogue.found(url, "links")
        yield from self._requests(
            self.navigator.from_listing(page, listing.links), posts=listing.links.posts
        )

    def parse_post(self, response: Response) -> Iterator[Any]:
        post_page = self._read_post(response)
        if post_page is None:
            return
        self.crawler.stats.inc_value("ncia/pages/post")
        self.navigator.post_read(post_page.post.url)
        yield from post_page.tweets
        if "links" in self.discover:
            for url in post_page.links.posts:
                self.doors.catalogue.found(url, "links")
            yield from self._requests(
                self.navigator.from_post(post_page.links), posts=post_page.links.posts
            )
        asked = response.meta.get("redirect_urls", [response.url])[0]
        lead = self.doors.catalogue.lead_for(post_page.post, asked)
        # The API gives a split post whole: no need to look for pages a theme hides.
        probes = lead is None or lead.api_post is None
        assembly = PostAssembly.start(post_page, asked, response.url, probes=probes)
        self._requested.update(assembly.seen)
        yield from self._next_part(assembly)

    def parse_post_part(self, response: Response, assembly: PostAssembly) -> Iterator[Any]:
        """Another page of a post (`/2/`, `/comment-page-2/`): kept for the assembly."""
        if response.status in _REDIRECTS:
            # A probe for a page the post does not have: WordPress sends the permalink.
            yield from self._next_part(assembly)
            return
        part = self._read_post(response)
        if part is not None:
            self.crawler.stats.inc_value("ncia/pages/post_part")
            assembly.parts.append(part)
            assembly.discover(part)
            self._requested.update(assembly.seen)
            yield from part.tweets
        yield from self._next_part(assembly)

    def post_part_failed(self, failure: Failure) -> Iterator[Any]:
        # Reported like any failed page; the post is written with the pages that came.
        self._report_failure(failure)
        yield from self._next_part(failure.request.cb_kwargs["assembly"])

    def _next_part(self, assembly: PostAssembly) -> Iterator[Any]:
        url = assembly.next_page()
        if url is not None:
            meta = {}
            if url in assembly.probing:
                meta = {"dont_redirect": True, "handle_httpstatus_list": list(_REDIRECTS)}
            yield scrapy.Request(
                url,
                callback=self.parse_post_part,
                errback=self.post_part_failed,
                cb_kwargs={"assembly": assembly},
                meta=meta,
                priority=2,
            )
            return
        post_page = self._merge_doors(assembly.assembled(), assembly.asked)
        feed_url = post_page.comment_feed_url
        if feed_url is None:
            yield from _records(post_page)
            return
        # The post and its comments wait for the feed, which dates the latest comments.
        yield scrapy.Request(
            feed_url,
            callback=self.parse_comment_feed,
            errback=self.comment_feed_failed,
            cb_kwargs={"post_page": post_page},
            priority=2,
        )

    def parse_comment_feed(self, response: Response, post_page: PostPage) -> Iterator[Any]:
        try:
            post_page = post_page.with_feed(
                response.body, captured_at=response.meta[CAPTURED_AT], timezone=self.timezone
            )
        except Exception as error:
            logger.warning("Could not read the comment feed %s: %s", response.url, error)
            self.crawler.stats.inc_value("ncia/feeds/unparsed")
        else:
            self.crawler.stats.inc_value("ncia/feeds/read")
        yield from _records(post_page)

    def comment_feed_failed(self, failure: Failure) -> Iterator[Any]:
        # The feed only adds dates: without it the comments are still written, undated.
        request = failure.request
        logger.info("No comment feed at %s (%s)", request.url, _reason(failure))
        self.crawler.stats.inc_value("ncia/feeds/missing")
        yield from _records(request.cb_kwargs["post_page"])

    def _merge_doors(self, post_page: PostPage, asked: str) -> PostPage:
        """The page's records merged with what the doors said of the post."""
        lead = self.doors.catalogue.lead_for(post_page.post, asked)
        api_post = lead.api_post if lead else None
        comments, disagreements = merge_comments(
            post_page.comments,
            lead.api_comments if lead else [],
            post_label=f"post {post_page.post.post_id}",
            feed=lead.feed_comments if lead else (),
        )
        post, post_disagreements = merge_post(
            post_page.post,
            api_post,
            found_by=lead.doors if lead else set(),
            comment_count=len(comments),
            feed=lead.feed_post if lead else None,
        )
        for disagreement in [*post_disagreements, *disagreements]:
            logger.warning("The site's doors disagree: %s", disagreement)
            self.crawler.stats.inc_value("ncia/crosscheck/disagreements")
        if lead is not None:
            lead.read = True
        return replace(post_page, post=post, comments=comments)

    def page_failed(self, failure: Failure) -> Iterator[Any]:
        url = self._report_failure(failure)
        if url is None:
            return
        # A post the API gave is still written, from the API alone.
        lead = self.doors.catalogue.lead_for_url(url)
        if lead is not None and lead.api_post is not None and not lead.read:
            lead.read = True
            yield from _api_records(lead)

    def _report_failure(self, failure: Failure) -> str | None:
        """Log and count a page that could not be fetched; its URL, or None when it was
        skipped on purpose."""
        request = failure.request
        if failure.check(IgnoreRequest) and not failure.check(HttpError) and not _loop(failure):
            # robots.txt forbade it, or it left the site: a decision, not an error.
            logger.info("Skipped %s: %s", request.url, failure.value)
            self.crawler.stats.inc_value("ncia/pages/skipped")
            return None
        # After redirects, the URL the crawl asked for is the one to report.
        url: str = request.meta.get("redirect_urls", [request.url])[0]
        logger.error("Failed %s: %s", url, _reason(failure))
        current_run(self.crawler).note_error(url, _reason(failure))
        self.crawler.stats.inc_value("ncia/pages/failed")
        return url

    # --- navigation --------------------------------------------------------------------

    def _requests(self, urls: Iterable[str], posts: Iterable[str] = ()) -> Iterator[scrapy.Request]:
        """Requests for the URLs not requested yet in this process; `posts` are the URLs
        the page's markup shows to be posts, whatever their shape (`/%postname%/`
        permalinks look like static pages).

        Every page links the same sidebar, archives and tag cloud, so most links were
        requested before. Scrapy's duplicate filter would drop them (and stays the
        safety net, kept across a resumed run), but only after each went through the
        spider middlewares and the scheduler: skipping them here nearly halved the crawl's
        time per page in bench/bench_crawl.py.
        """
        posts = set(posts)
        for url in urls:
            if url not in self._requested:
                self._requested.add(url)
                request = self._request(url, post=url in posts)
                if request.callback == self.parse_post:
                    self._held_posts.append(request)
                else:
                    yield request

    def _request(self, url: str, *, post: bool = False) -> scrapy.Request:
        if post or classify(url, self.site_root) is UrlKind.POST:
            # Posts first: finishing them keeps the queue of pending listings short.
            return scrapy.Request(
                url, callback=self.parse_post, errback=self.page_failed, priority=1
            )
        return scrapy.Request(url, callback=self.parse_listing, errback=self.page_failed)

    def _read_post(self, response: Response) -> PostPage | None:
        """The post page `response` holds; None (reported) when it cannot be read."""
        page = self._page(response)
        if page is None:
            return None
        try:
            post_page = read_post_page(
                page,
                site_root=self.site_root,
                fetched_at=response.meta[FETCHED_AT],
                source=response.meta[SOURCE],
            )
        except Exception as error:  # one bad page must not end the crawl
            self._unparsed(response, error)
            return None
        if post_page is None:
            self._unparsed(response, "no post found on the page")
        return post_page

    def _page(self, response: Response) -> Page | None:
        if not isinstance(response, HtmlResponse):
            self._unparsed(response, f"not an HTML page ({_content_type(response)})")
            return None
        return Page(
            url=response.url,
            selector=response.selector,
            captured_at=response.meta[CAPTURED_AT],
            timezone=self.timezone,
        )

    def _unparsed(self, response: Response, reason: object) -> None:
        logger.error("Could not read %s: %s", response.url, reason)
        current_run(self.crawler).note_error(response.url, str(reason))
        logger.debug("Details for %s", response.url, exc_info=isinstance(reason, Exception))
        self.crawler.stats.inc_value("ncia/pages/unparsed")


_REDIRECTS = (301, 302, 303, 307, 308)


def _records(post_page: PostPage) -> Iterable[Any]:
    return [post_page.post, *post_page.comments]


def _api_records(lead: Lead) -> Iterable[Any]:
    assert lead.api_post is not None
    comments, _ = merge_comments([], lead.api_comments, post_label="", feed=lead.feed_comments)
    post, _ = merge_post(None, lead.api_post, found_by=lead.doors, comment_count=len(comments))
    return [post, *comments]


def _loop(failure: Failure) -> bool:
    # Scrapy's redirect middleware ends a redirect loop with IgnoreRequest as well: that
    # is a page the site would not serve, a failure, not a decision of ours.
    return "max redirections" in str(failure.value)


def _reason(failure: Failure) -> str:
    if failure.check(HttpError):
        return f"HTTP {failure.value.response.status}"
    return f"{type(failure.value).__name__}: {failure.value}"


def _content_type(response: Response) -> str:
    return (response.headers.get(b"Content-Type") or b"no content type").decode("latin-1")
