"""A post read from several pages: its `<!--nextpage-->` pages and its comment pages.

The spider reads the post's page, then each other page it links (and those pages link:
a theme may show only the nearest comment pages), one after the other, and writes the
post once with every page's content and every comment. Pure bookkeeping; the joining
itself is `PostPage.with_post_pages` and `.with_comment_pages`.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ncia_scraper.extract.pages import PostPage
from ncia_scraper.extract.post_pagination import comment_page_url


@dataclass
class PostAssembly:
    first: PostPage
    """The page the post's URL showed."""
    asked: str
    """The URL the crawl asked for it by (before redirects), to find its doors' lead."""
    pending: list[str] = field(default_factory=list)
    """Pages still to read, in order."""
    seen: set[str] = field(default_factory=set)
    """Every page of the post requested so far, so that none is read twice."""
    parts: list[PostPage] = field(default_factory=list)
    """The other pages read."""
    probes: bool = False
    """Whether to probe for pages the theme does not link (`PostPage.probe_post_page`:
    block themes print no links to a split post's other pages)."""
    probing: set[str] = field(default_factory=set)
    """Probes queued: a redirect there means the post has no such page."""

    @classmethod
    def start(cls, first: PostPage, asked: str, url: str, *, probes: bool) -> PostAssembly:
        seen = {url, asked}
        if first.comment_page is not None:
            # The post's own URL shows one of its comment pages: that one is read.
            seen.add(comment_page_url(first.post.url, first.comment_page))
        assembly = cls(first=first, asked=asked, seen=seen, probes=probes)
        assembly.discover(first)
        return assembly

    def discover(self, page: PostPage) -> None:
        """Queue the pages `page` links (or, probing, may hide) not queued yet."""
        for url in [*page.post_pages, *page.comment_pages]:
            self._queue(url)
        probe = page.probe_post_page
        if self.probes and probe is not None and self._queue(probe):
            self.probing.add(probe)

    def _queue(self, url: str) -> bool:
        if url in self.seen:
            return False
        self.seen.add(url)
        self.pending.append(url)
        return True

    def next_page(self) -> str | None:
        return self.pending.pop(0) if self.pending else None

    def assembled(self) -> PostPage:
        """The first page with the other pages' content and comments joined in."""
        post_pages = [part for part in self.parts if part.post_page != 1]
        comment_pages = [
            part
            for part in self.parts
            if part.comment_page is not None and part.comment_page != self.first.comment_page
        ]
        return self.first.with_post_pages(post_pages).with_comment_pages(comment_pages)
