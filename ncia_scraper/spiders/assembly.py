"""A post read from several pages: its `<!--nextpage-->` pages and its comment pages.

The spider reads the post's page, then each other page it links (and those pages link:
a theme may show only the nearest comment pages), one after the other, and writes the
post once with every page's content and every comment. Pure bookkeeping; the joining
itself is `PostPage.with_post_pages` and `.with_comment_pages`.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ncia_scraper.extract.pages import PostPage


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
    failed: list[str] = field(default_factory=list)
    """The other pages that could not be read."""

    @classmethod
    def start(cls, first: PostPage, asked: str, url: str) -> PostAssembly:
        assembly = cls(first=first, asked=asked, seen={url, asked})
        assembly.discover(first)
        return assembly

    def discover(self, page: PostPage) -> None:
        """Queue the pages `page` links that were not queued yet."""
        for url in [*page.post_pages, *page.comment_pages]:
            if url not in self.seen:
                self.seen.add(url)
                self.pending.append(url)

    def next_page(self) -> str | None:
        return self.pending.pop(0) if self.pending else None

    def assembled(self) -> PostPage:
        """The first page with the other pages' content and comments joined in."""
        post_pages = [part for part in self.parts if part.post_page != 1]
        comment_pages = [part for part in self.parts if part.comment_page is not None]
        return self.first.with_post_pages(post_pages).with_comment_pages(comment_pages)
