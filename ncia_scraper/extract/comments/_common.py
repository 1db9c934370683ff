"""Pieces every comment form shares: reading class tokens, threading, body markup, records.

Each form module reads its own markup into `Entry` values (one per `li`, in document
order); `build_comments` turns them into `Comment` records, working out `parent_id` from
the depths so that no form has to trust the parsed tree's nesting.

The forms work on the page's lxml elements (`page.selector.root`) with XPath expressions
compiled once (`page.xpath`): parsel's `.xpath()` wraps every result in a new Selector,
and on a page with a long thread that cost more than reading the comments.
"""

from __future__ import annotations

import copy
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from html import escape
from urllib.parse import urlsplit

import lxml.html
from lxml import etree

from ncia_scraper.dates import NO_DATE, DateValue, iso_utc
from ncia_scraper.extract.html import clean_fragment
from ncia_scraper.extract.page import Page, xpath
from ncia_scraper.items import Comment

# XPath test for one class token, the way CSS `.name` matches it. The plain `contains` first
# is implied by the token test and cheap: most elements are rejected without building the
# normalized string.
CLASS_TEST = (
    "(contains(@class, '{0}') and contains(concat(' ', normalize-space(@class), ' '), ' {0} '))"
)


_TEXTS = xpath(".//text()")


def texts(node: etree._Element) -> str:
    """The text nodes inside `node`, joined by spaces (for `squash`)."""
    return " ".join(_TEXTS(node))


def class_tokens(node: etree._Element) -> list[str]:
    """The element's class attribute split into tokens."""
    return (node.get("class") or "").split()


@lru_cache(maxsize=16)
def _depth_pattern(prefix: str) -> re.Pattern[str]:
    return re.compile(rf"{re.escape(prefix)}(\d+)")


def depth_from_class(node: etree._Element, prefix: str) -> int | None:
    """N from a class token `{prefix}N` (`depth-3`, `dsq-comment-depth-3`), else None."""
    pattern = _depth_pattern(prefix)
    for token in class_tokens(node):
        match = pattern.fullmatch(token)
        if match and int(match[1]) >= 1:
            return int(match[1])
    return None


def xpath_count(node: etree._Element, expression: etree.XPath) -> int:
    """The value of an XPath `count(...)` expression (lxml returns it as a float)."""
    return int(float(expression(node)))


def safe_url(url: str | None) -> str | None:
    """`url` stripped when it is an absolute http(s) URL with a host, else None.

    Commenters' websites end up in the data as bare strings; anything else (`#`,
    `javascript:`, a relative path) is not a website the commenter gave.
    """
    if not url:
        return None
    url = url.strip()
    if re.search(r"\s", url):
        return None
    parts = urlsplit(url)
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
        return None
    return url


def inner_html(node: etree._Element, drop_xpath: etree.XPath | None = None) -> str:
    """The markup inside `node`, without `node`'s own tag.

    `drop_xpath` (relative to `node`) names descendants to leave out, such as the
    author line or the nested replies; their tail text is kept, since it belongs to the
    surrounding content.
    """
    root = node
    if not isinstance(root, lxml.html.HtmlElement):
        return ""
    if drop_xpath is not None:
        # Work on a copy: the page's tree is shared with the other extractors.
        root = copy.deepcopy(root)
        for element in drop_xpath(root):
            if element is not root and element.getparent() is not None:
                element.drop_tree()
    parts = [escape(root.text or "", quote=False)]
    parts.extend(lxml.html.tostring(child, encoding="unicode") for child in root)
    return "".join(parts)


@dataclass(frozen=True)
class Entry:
    """One `li` of a comment list as a form read it, before threading.

    `emit` is False for items that take part in the threading but are not comments
    (pingbacks and trackbacks): a reply to one must not be hung on the comment before it.
    """

    comment_id: int | None
    depth: int
    author: str = ""
    author_url: str | None = None
    date: DateValue = NO_DATE
    body_html: str = ""
    emit: bool = True
    published_gmt: str | None = None
    """The UTC instant of `date` where the page states its offset (`<time datetime>`)."""


def assign_parents(entries: Sequence[Entry]) -> list[int | None]:
    """Parent comment ID of each entry, from depths alone, in document order.

    The lists are printed depth-first, so an entry's parent is the closest earlier entry
    one level up. A depth that jumps by more than one level has no known parent (None)
    rather than a guessed one.
    """
    parents: list[int | None] = []
    stack: list[Entry] = []
    for entry in entries:
        while stack and stack[-1].depth >= entry.depth:
            stack.pop()
        if stack and stack[-1].depth == entry.depth - 1:
            parents.append(stack[-1].comment_id)
        else:
            parents.append(None)
        stack.append(entry)
    return parents


def build_comments(
    entries: Iterable[Entry],
    *,
    page: Page,
    post_id: int | None,
    post_url: str,
    system: str,
) -> list[Comment]:
    """Comment records for the entries meant to be emitted, in document order."""
    entries = list(entries)
    captured_at = iso_utc(page.captured_at)
    comments: list[Comment] = []
    for entry, parent_id in zip(entries, assign_parents(entries), strict=True):
        if not entry.emit or entry.comment_id is None:
            continue
        body = clean_fragment(entry.body_html, page.url)
        comments.append(
            Comment(
                comment_id=entry.comment_id,
                post_id=post_id,
                post_url=post_url,
                parent_id=parent_id,
                depth=entry.depth,
                author=entry.author,
                author_url=entry.author_url,
                published=entry.date.value,
                published_raw=entry.date.raw,
                published_precision=entry.date.precision,
                content_html=body.html,
                content_text=body.text,
                system=system,
                captured_at=captured_at,
                published_gmt=entry.published_gmt,
            )
        )
    return comments
