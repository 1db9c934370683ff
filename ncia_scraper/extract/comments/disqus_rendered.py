"""Comments from the Disqus thread as a browser rendered it (early 2012).

Form read (`docs/markup.md`, "Disqus thread as a browser rendered it"; it replaces the
plugin's server list of shared reference `markup.md` section 2 once Disqus's JavaScript
has run): `ul#dsq-comments > li.dsq-comment.dsq-comment-depth-N#dsq-comment-N`, the name
in `.dsq-commenter-name` (an `<a href>` when the commenter gave a website, else a
`<span>`), the text in `.dsq-comment-message`, the time in `span.dsq-comment-time` as
relative text ("3 weeks ago"), replies in `ul.dsq-comment-children` inside their parent.

A browser builds this DOM, so nesting is well formed; parents are still worked out from
depths in document order, the same way as for the server list, with the tree only as a
fallback for a missing depth class. Relative times are resolved against the page's
capture time by `ncia_scraper.dates.parse_date`.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from lxml import etree

from ncia_scraper.dates import NO_DATE, parse_date
from ncia_scraper.extract.comments._common import (
    CLASS_TEST,
    Entry,
    build_comments,
    depth_from_class,
    inner_html,
    safe_url,
    texts,
    xpath_count,
)
from ncia_scraper.extract.html import squash
from ncia_scraper.extract.page import Page, xpath
from ncia_scraper.items import Comment

SYSTEM = "disqus"

_COMMENT_ID = re.compile(r"dsq-comment-(\d+)")
_ITEMS = xpath(
    f"/descendant::li[{CLASS_TEST.format('dsq-comment')}][starts-with(@id, 'dsq-comment-')]"
)
_DEPTH_FALLBACK = xpath(f"count(ancestor::li[{CLASS_TEST.format('dsq-comment')}])")


# The parts of an item read here, by class name.
_NAME = "dsq-commenter-name"
_CITE = "dsq-comment-cite"
_TIME = "dsq-comment-time"
_MESSAGE = "dsq-comment-message"
_PARTS = (_NAME, _CITE, _TIME, _MESSAGE)
# Elements with any of those classes inside an item (`$item_id`), not inside a reply in
# it: one walk of the item for the four (a walk each cost most of reading a comment).
_OWN_PARTS = xpath(
    f"descendant::*[{' or '.join(CLASS_TEST.format(name) for name in _PARTS)}]"
    f"[ancestor::li[{CLASS_TEST.format('dsq-comment')}][1]/@id = $item_id]"
)
# XPath's class test splits the attribute at XML whitespace only (`normalize-space`), so
# the names are read back the same way.
_XML_SPACE = re.compile(r"[ \t\n\r]+")


def extract_disqus_rendered(page: Page, *, post_id: int | None, post_url: str) -> list[Comment]:
    """Comments of the rendered Disqus thread, in document order ([] when absent)."""
    entries = []
    for item in _ITEMS(page.selector.root):
        match = _COMMENT_ID.fullmatch(item.get("id", ""))
        if match is None:
            continue
        entries.append(_read_item(page, item, int(match[1])))
    return build_comments(entries, page=page, post_id=post_id, post_url=post_url, system=SYSTEM)


def _own_parts(item: etree._Element) -> dict[str, etree._Element]:
    """For each of `_PARTS`, the first element with that class that belongs to `item` and
    not to a reply in it (document order)."""
    first: dict[str, etree._Element] = {}
    for element in _OWN_PARTS(item, item_id=item.get("id")):
        for name in _XML_SPACE.split(element.get("class") or ""):
            if name in _PARTS:
                first.setdefault(name, element)
    return first


def _read_item(page: Page, item: etree._Element, comment_id: int) -> Entry:
    depth = depth_from_class(item, "dsq-comment-depth-")
    if depth is None:
        depth = xpath_count(item, _DEPTH_FALLBACK) + 1
    parts = _own_parts(item)
    name_node = parts.get(_NAME)
    if name_node is None:
        name_node = parts.get(_CITE)
    author, author_url = "", None
    if name_node is not None:
        author = squash(texts(name_node))
        if name_node.tag == "a":
            author_url = _website(name_node.get("href"))
    time_node = parts.get(_TIME)
    date = NO_DATE
    if time_node is not None:
        date = parse_date(texts(time_node), captured_at=page.captured_at, timezone=page.timezone)
    message = parts.get(_MESSAGE)
    return Entry(
        comment_id=comment_id,
        depth=depth,
        author=author,
        author_url=author_url,
        date=date,
        body_html=inner_html(message) if message is not None else "",
    )


def _website(href: str | None) -> str | None:
    # A name linked to the commenter's Disqus profile is not a website they gave.
    url = safe_url(href)
    if url is None:
        return None
    host = (urlsplit(url).hostname or "").lower()
    if host == "disqus.com" or host.endswith(".disqus.com"):
        return None
    return url
