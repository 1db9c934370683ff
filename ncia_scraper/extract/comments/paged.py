"""One thread from a post's comment pages (`/comment-page-N/`, `?cpage=N`).

WordPress splits a long thread into pages of top-level comments (Settings → Discussion,
"Break comments into pages"), each page printed depth-first like a whole thread. Read in
page order, the pages are the whole thread depth-first; so a reply that a page shows
without its parent (a page that starts inside a thread) hangs on the closest comment one
level up before it, on an earlier page, as `_common.assign_parents` does within a page.

Pure functions: the spider fetches the pages, the extractors read them, this joins them.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import replace

from ncia_scraper.items import Comment

__all__ = ["merge_comment_pages"]


def merge_comment_pages(pages: Sequence[Iterable[Comment]]) -> list[Comment]:
    """The comments of every page, in comment page order (`pages[0]` is page 1), each once.

    A comment seen on several pages (the post's own URL shows one of its comment pages)
    is kept where it was first seen. A reply whose parent its page did not show gets the
    closest earlier comment one level up, from an earlier page; a reply whose parent is
    known gets that parent's depth plus one, so depths stay consistent across pages.
    """
    merged: dict[int, Comment] = {}
    # The open thread: the last comment seen at each depth, across page boundaries.
    open_thread: list[Comment] = []
    for comments in pages:
        for comment in comments:
            if comment.comment_id in merged:
                continue
            while open_thread and open_thread[-1].depth >= comment.depth:
                open_thread.pop()
            if (
                comment.parent_id is None
                and comment.depth > 1
                and open_thread
                and open_thread[-1].depth == comment.depth - 1
            ):
                comment = replace(comment, parent_id=open_thread[-1].comment_id)
            parent = merged.get(comment.parent_id) if comment.parent_id is not None else None
            if parent is not None and comment.depth != parent.depth + 1:
                comment = replace(comment, depth=parent.depth + 1)
            merged[comment.comment_id] = comment
            open_thread.append(comment)
    return list(merged.values())
