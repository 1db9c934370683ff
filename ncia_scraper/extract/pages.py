"""Page objects: everything one page yields, read by the extractors in one place.

The spider decides which pages to visit; these say what a visited page contains. A post
page gives its post, its comments, the tweets it shows, the links onward, and where it
sits among the post's own pages (a post split by `<!--nextpage-->`, paginated comments);
a listing page gives tweets and links. Still pure: no network, no Scrapy engine.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from datetime import datetime
from zoneinfo import ZoneInfo

from ncia_scraper.extract.comments import extract_comments
from ncia_scraper.extract.comments.feed import apply_feed_dates, parse_comment_feed
from ncia_scraper.extract.comments.paged import merge_comment_pages
from ncia_scraper.extract.listing import Links, extract_links
from ncia_scraper.extract.page import Page
from ncia_scraper.extract.post import join_post_pages, locate_and_extract_post
from ncia_scraper.extract.post_pagination import find_pagination
from ncia_scraper.extract.tweets import extract_tweets
from ncia_scraper.items import Comment, Post, Tweet


@dataclass(frozen=True)
class PostPage:
    post: Post
    comments: list[Comment]
    tweets: list[Tweet]
    links: Links
    post_page: int = 1
    """Which page of the post this is (`<!--nextpage-->`): 1 for the first or only one."""
    post_pages: list[str] = field(default_factory=list)
    """The post's other pages (`PERMALINK/N/`, `?p=ID&page=N`), in page order; [] for a
    post on one page, or one whose theme does not link its pages (block themes)."""
    comment_page: int | None = None
    """Which comment page this page shows, where paged comments say; else None."""
    comment_pages: list[str] = field(default_factory=list)
    """The post's other comment pages (`PERMALINK/comment-page-N/`, `?p=ID&cpage=N`), in
    page order; [] when its comments fit on one page."""
    probe_post_page: str | None = None
    """Block themes print no links between a split post's pages: the next post page's URL
    (`PERMALINK/N+1/`, `?p=ID&page=N+1`), to ask for without following redirects.
    WordPress answers 200 with that page (`post_page` N+1) when the post has it, and a
    redirect to the permalink when not. None where the theme links its pages."""

    @property
    def comment_feed_url(self) -> str | None:
        """The post's comment feed, worth fetching only when some comment lacks a date
        (the Disqus plugin's server list prints none; the feed has the latest ones)."""
        if any(comment.published is None for comment in self.comments):
            return self.post.url + "feed/"
        return None

    def with_feed(
        self, feed: bytes | str, *, captured_at: datetime, timezone: ZoneInfo
    ) -> PostPage:
        """The same page with comment dates filled in from the post's comment feed."""
        dates = parse_comment_feed(feed, captured_at=captured_at, timezone=timezone)
        return replace(self, comments=apply_feed_dates(self.comments, dates))

    def with_post_pages(self, others: Iterable[PostPage]) -> PostPage:
        """This page with the post's content joined from all its pages (`join_post_pages`,
        in `post_page` order; a page number given twice counts once). The comments and
        `comment_count` stay this page's: every page of a post shows the same comments."""
        by_number: dict[int, PostPage] = {}
        for page in (self, *others):
            by_number.setdefault(page.post_page, page)
        joined = join_post_pages([by_number[number].post for number in sorted(by_number)])
        return replace(self, post=replace(joined, comment_count=self.post.comment_count))

    def with_comment_pages(self, others: Iterable[PostPage]) -> PostPage:
        """This page with the comments of the post's other comment pages merged in
        (`merge_comment_pages`, in `comment_page` order, a page whose number is unknown
        first), and the post's `comment_count` their total."""
        pages = sorted((self, *others), key=lambda page: page.comment_page or 0)
        comments = merge_comment_pages([page.comments for page in pages])
        return replace(
            self, post=replace(self.post, comment_count=len(comments)), comments=comments
        )


@dataclass(frozen=True)
class ListingPage:
    tweets: list[Tweet]
    links: Links


def read_post_page(
    page: Page, *, site_root: str, fetched_at: datetime, source: str = "live"
) -> PostPage | None:
    """Read a single post's page; None when the page holds no post."""
    located = locate_and_extract_post(page, comment_count=0, fetched_at=fetched_at, source=source)
    if located is None:
        return None
    post = located.post
    comments = extract_comments(page, post_id=post.post_id, post_url=post.url)
    pagination = find_pagination(
        located.main_column,
        located.position,
        page.url,
        unlinked_post_pages=located.unlinked_post_pages,
    )
    return PostPage(
        post=replace(post, comment_count=len(comments)),
        comments=comments,
        tweets=extract_tweets(page),
        links=extract_links(page, site_root),
        post_page=pagination.post_page,
        post_pages=pagination.post_pages,
        comment_page=pagination.comment_page,
        comment_pages=pagination.comment_pages,
        probe_post_page=pagination.probe_post_page,
    )


def read_listing_page(page: Page, *, site_root: str) -> ListingPage:
    """Read a listing page (home, archive, tag, category): its tweets and links."""
    return ListingPage(tweets=extract_tweets(page), links=extract_links(page, site_root))
