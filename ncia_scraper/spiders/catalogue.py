"""What the doors have said so far about each post, until its page is read.

The REST API, the feeds, the sitemaps and the site's own links each lead to posts; a post
is known by its canonical URL and, once some door gives it, its WordPress ID. The spider
records each lead here and, when it reads the post's page, takes the lead back to merge
(`ncia_scraper.extract.merge`).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ncia_scraper.extract.feeds import FeedComment, FeedPost
from ncia_scraper.items import Comment, Post


@dataclass
class Lead:
    url: str
    doors: set[str] = field(default_factory=set)
    api_post: Post | None = None
    api_comments: list[Comment] = field(default_factory=list)
    feed_post: FeedPost | None = None
    """The post's item in the posts feed, where a feed page listed it."""
    feed_comments: list[FeedComment] = field(default_factory=list)
    """The post's comments the site-wide comments feed listed."""
    read: bool = False
    """Whether the post's page was read and its records written."""


class Catalogue:
    def __init__(self) -> None:
        self._by_url: dict[str, Lead] = {}
        self._by_id: dict[int, Lead] = {}

    def found(self, url: str, door: str, post_id: int | None = None) -> Lead:
        """Note that `door` leads to the post at `url` (with `post_id`, where known)."""
        lead = self._by_id.get(post_id) if post_id is not None else None
        lead = lead or self._by_url.get(url)
        if lead is None:
            lead = self._by_url[url] = Lead(url)
        if post_id is not None:
            self._by_id.setdefault(post_id, lead)
        lead.doors.add(door)
        return lead

    def lead_for(self, post: Post, *urls: str) -> Lead | None:
        """The lead of a post read from its page: by ID, else by any of its URLs."""
        if post.post_id is not None and post.post_id in self._by_id:
            return self._by_id[post.post_id]
        for url in (post.url, *urls):
            if url in self._by_url:
                return self._by_url[url]
        return None

    def lead_for_url(self, url: str) -> Lead | None:
        return self._by_url.get(url)
