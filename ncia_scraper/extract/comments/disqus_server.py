"""Comments from the Disqus plugin's server-side list (plugin 2.68–2.7x, 2011–2012).

Form read (shared reference `markup.md`, section 2, "Server-rendered markup"):
`ul#dsq-comments > li#dsq-comment-N` with WordPress's `comment_class()` classes
(`depth-N` among them), the name in `cite#dsq-cite-N > span#dsq-author-user-N` and the
text in `div#dsq-comment-message-N.dsq-comment-message`. Pingbacks are `li.post.pingback`
without an id, and are not comments.

Two quirks of that plugin shape this module:
- Threaded output is malformed: the plugin's callback closes its own `</li>` and
  WordPress's walker adds another, so `<ul class='children'>` follows the parent's `li`
  instead of sitting inside it. An HTML parser then builds a tree where replies are not
  descendants of what they reply to. Parents are therefore worked out from the `depth-N`
  classes in document order, not from the tree.
- The author-URL bug: `comment_author_url()` echoes the URL instead of returning it, so a
  commenter's website is printed as bare text inside `<cite>`, before the name span, and
  the link branch never runs.

The list carries no dates (Disqus's JavaScript draws "3 weeks ago" in a browser), so
`published` stays null here; the post's comment feed can fill it (see `feed.py`).
"""

from __future__ import annotations

import re

from lxml import etree

from ncia_scraper.extract.comments._common import (
    CLASS_TEST,
    Entry,
    build_comments,
    class_tokens,
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

# Every `li` of the list in document order: comments (with an id) and pingbacks (without).
# `li.dsq-comment` belongs to the rendered thread (`disqus_rendered.py`), not to this form.
# (Written as the `li` elements inside `#dsq-comments`, the same nodes as
# `//*[@id='dsq-comments']//li[…]`: a search by tag name tests the page's few `li`
# elements, where `//*[…]` tested every element of the page.)
_ITEMS = xpath(
    "/descendant::li["
    f"(starts-with(@id, 'dsq-comment-') or {CLASS_TEST.format('pingback')}"
    f" or {CLASS_TEST.format('trackback')}) and not({CLASS_TEST.format('dsq-comment')})]"
    "[ancestor::*[@id='dsq-comments']]"
)

# Depth when the `depth-N` class is missing: one more than the number of `children` lists
# around the item. In the malformed output those lists still nest inside each other even
# though they no longer sit inside their parent `li`, so the count stays right.
_CHILD_LISTS = xpath(f"count(ancestor::*[self::ul or self::ol][{CLASS_TEST.format('children')}])")
_MESSAGE_BY_ID = xpath(".//*[@id=concat('dsq-comment-message-', $comment_id)]")
_MESSAGE = xpath(f".//*[{CLASS_TEST.format('dsq-comment-message')}]")
_CITE_BY_ID = xpath(".//cite[@id=concat('dsq-cite-', $comment_id)]")
_CITES = xpath(".//cite")
_NAME_BY_ID = xpath(".//*[@id=concat('dsq-author-user-', $comment_id)]")
# The cite's own text before the name span: where the plugin's bug prints the website.
_TEXT_BEFORE_NAME = xpath(
    "./text()[following-sibling::*[@id=concat('dsq-author-user-', $comment_id)]]"
)


def extract_disqus_server(page: Page, *, post_id: int | None, post_url: str) -> list[Comment]:
    """Comments of the plugin's server-side list, in document order ([] when absent)."""
    entries = [_read_item(item) for item in _ITEMS(page.selector.root)]
    return build_comments(entries, page=page, post_id=post_id, post_url=post_url, system=SYSTEM)


def _read_item(item: etree._Element) -> Entry:
    depth = depth_from_class(item, "depth-") or xpath_count(item, _CHILD_LISTS) + 1
    match = _COMMENT_ID.fullmatch(item.get("id", ""))
    tokens = class_tokens(item)
    if match is None or "pingback" in tokens or "trackback" in tokens:
        # Kept for threading only: a reply to a pingback must not be hung elsewhere.
        comment_id = int(match[1]) if match else None
        return Entry(comment_id=comment_id, depth=depth, emit=False)
    comment_id = int(match[1])
    author, author_url = _read_author(item, comment_id)
    message = _MESSAGE_BY_ID(item, comment_id=str(comment_id))
    if not message:
        message = _MESSAGE(item)
    body_html = inner_html(message[0]) if message else ""
    return Entry(
        comment_id=comment_id,
        depth=depth,
        author=author,
        author_url=author_url,
        body_html=body_html,
    )


def _read_author(item: etree._Element, comment_id: int) -> tuple[str, str | None]:
    """(name, website) from the `<cite>`, working around the author-URL bug."""
    cite = _CITE_BY_ID(item, comment_id=str(comment_id)) or _CITES(item)
    name_node = _NAME_BY_ID(item, comment_id=str(comment_id))
    if name_node:
        name = squash(texts(name_node[0]))
        if name_node[0].tag == "a":
            # The link branch the plugin meant to print (fixed in later versions).
            return name, safe_url(name_node[0].get("href"))
        before = _TEXT_BEFORE_NAME(cite[0], comment_id=str(comment_id)) if cite else []
        return name, safe_url(squash(" ".join(before)))
    if not cite:
        return "", None
    # No name span: the cite holds "[URL] Name".
    words = squash(texts(cite[0])).split(" ")
    url = safe_url(words[0]) if words else None
    if url is not None:
        words = words[1:]
    return " ".join(words), url
