"""Comments of a post page, whichever form printed them.

A page shows one of three forms (shared reference `markup.md`, section 2, and
`docs/markup.md`): the Disqus thread a browser rendered (`disqus_rendered`), the Disqus
plugin's server-side list (`disqus_server`), or WordPress's own list (`wordpress`). Once
Disqus's JavaScript has run, the rendered thread replaces the server list, so it is tried
first. Dates missing from the page can be filled from the post's comment feed (`feed`),
and the comments of a post's other comment pages merged in (`paged`).
"""

from __future__ import annotations

from collections.abc import Callable

from ncia_scraper.extract.comments.disqus_rendered import extract_disqus_rendered
from ncia_scraper.extract.comments.disqus_server import extract_disqus_server
from ncia_scraper.extract.comments.feed import apply_feed_dates, parse_comment_feed
from ncia_scraper.extract.comments.paged import merge_comment_pages
from ncia_scraper.extract.comments.wordpress import extract_wordpress
from ncia_scraper.extract.page import Page
from ncia_scraper.items import Comment

__all__ = [
    "apply_feed_dates",
    "extract_comments",
    "extract_disqus_rendered",
    "extract_disqus_server",
    "extract_wordpress",
    "merge_comment_pages",
    "parse_comment_feed",
]

FORMS: tuple[Callable[..., list[Comment]], ...] = (
    extract_disqus_rendered,
    extract_disqus_server,
    extract_wordpress,
)
"""The forms in the order they are tried; the first that finds comments wins."""


def extract_comments(page: Page, *, post_id: int | None, post_url: str) -> list[Comment]:
    """The page's comments in document order, pingbacks and trackbacks left out.

    `post_id` and `post_url` identify the post the page shows; they are copied into every
    record. `[]` when the page shows no comments.
    """
    for extract in FORMS:
        comments = extract(page, post_id=post_id, post_url=post_url)
        if comments:
            return comments
    return []
