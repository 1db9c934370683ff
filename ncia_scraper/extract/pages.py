"""Page objects: everything one page yields, read by the extractors in one place.

The spider decides which pages to visit; these say what a visited page contains. A post
page gives its post, its comments, the tweets it shows and the links onward; a listing
page gives tweets and links. Still pure: no network, no Scrapy engine.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime
from zoneinfo import ZoneInfo

from ncia_scraper.extract.comments import extract_comments
from ncia_scraper.extract.comments.feed import apply_feed_dates, parse_comment_feed
from ncia_scraper.extract.listing import Links, extract_links
from ncia_scraper.extract.page import Page
from ncia_scraper.extract.post import extract_post
from ncia_scraper.extract.tweets import extract_tweets
from ncia_scraper.items import Comment, Post, Tweet


@dataclass(frozen=True)
class PostPage:
    post: Post
    comments: list[Comment]
    tweets: list[Tweet]
    links: Links

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


@dataclass(frozen=True)
class ListingPage:
    tweets: list[Tweet]
    links: Links


def read_post_page(
    page: Page, *, site_root: str, fetched_at: datetime, source: str = "live"
) -> PostPage | None:
    """Read a single post's page; None when the page holds no post."""
    post = extract_post(page, comment_count=0, fetched_at=fetched_at, source=source)
    if post is None:
        return None
    comments = extract_comments(page, post_id=post.post_id, post_url=post.url)
    return PostPage(
        post=replace(post, comment_count=len(comments)),
        comments=comments,
        tweets=extract_tweets(page),
        links=extract_links(page, site_root),
    )


def read_listing_page(page: Page, *, site_root: str) -> ListingPage:
    """Read a listing page (home, archive, tag, category): its tweets and links."""
    return ListingPage(tweets=extract_tweets(page), links=extract_links(page, site_root))
