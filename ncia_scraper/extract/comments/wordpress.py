"""Comments from WordPress's own list, as `wp_list_comments()` prints it (WordPress 3.3
to 6.1) and as block themes' `core/comments` block prints it (WordPress 6.1).

Forms read (shared reference `markup.md`, section 2, "WordPress 3.3 default
`wp_list_comments()`"; `docs/markup.md`, "Theme profiles"): `li.comment#comment-N` inside
the theme's `ol/ul.commentlist` (`ol.comment-list` in later themes, block themes'
`ol.wp-block-comment-template`: the wrapper is the theme's, so `li#comment-N` with a
`comment` class is enough), holding

- classic: `div#div-comment-N.comment-body` (an `article` since HTML5 themes) with
  `div.comment-author cite.fn` (`b.fn` later; an `a.url` inside when the commenter gave
  a website) followed by `<span class="says">says:</span>`, `div.comment-meta`
  (`.comment-metadata` later) whose link's text is the date ("February 14, 2012 at 3:10
  pm", site time) and, since WordPress 4.x, wraps `<time datetime="…+01:00">`, the text
  itself (`div.comment-content` in later themes) and `div.reply`;
- blocks: `.wp-block-comment-author-name` (a link when the commenter gave a website),
  `.wp-block-comment-date time[datetime]` (its text the date only), `.wp-block-comment-content`,
  `.wp-block-comment-reply-link`.

A `<time datetime>` gives the date (its text kept as the raw) and, with its offset, the
UTC instant. Replies sit in `ul.children`/`ol.children` (a bare `ol` in block themes)
inside their parent. Pingbacks and trackbacks carry those words as class instead of
`comment` and are not comments. Reply links (`?replytocom=N`) are never read.

Parents come from the `depth-N` classes in document order, as for the Disqus server list:
a theme's own callback can leave the same malformed nesting the Disqus plugin does.
"""

from __future__ import annotations

import re

from lxml import etree

from ncia_scraper.dates import NO_DATE, DateValue, parse_date
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
from ncia_scraper.extract.machine_dates import read_machine_date
from ncia_scraper.extract.page import Page, xpath
from ncia_scraper.items import Comment

SYSTEM = "wordpress"

_COMMENT_ID = re.compile(r"comment-(\d+)")
_NOT_COMMENTS = {"pingback", "trackback"}
_ITEMS = xpath("/descendant::li[starts-with(@id, 'comment-')]")
_IN_COMMENT_LIST = xpath(f"ancestor::*[{CLASS_TEST.format('commentlist')}]")
_CHILD_LISTS = xpath(
    f"count(ancestor::*[self::ul or self::ol or self::div][{CLASS_TEST.format('children')}])"
)

# What the comment body holds besides the comment: author line, "says:", date line, the
# moderation notice (and the <br /> WordPress prints after it), Reply/Edit links, replies.
_NOT_CONTENT = xpath(
    " | ".join(
        [
            *(
                f".//*[{CLASS_TEST.format(name)}]"
                for name in (
                    "comment-author",
                    "vcard",
                    "says",
                    "comment-meta",
                    "commentmetadata",
                    "comment-metadata",
                    "comment-awaiting-moderation",
                    "reply",
                    "comment-reply-link",
                    "comment-edit-link",
                    "avatar",
                    "wp-block-comment-author-name",
                    "wp-block-comment-date",
                    "wp-block-comment-edit-link",
                    "wp-block-comment-reply-link",
                    "wp-block-avatar",
                )
            ),
            f".//br[preceding-sibling::*[1][{CLASS_TEST.format('comment-awaiting-moderation')}]]",
            f".//*[self::ul or self::ol or self::div][{CLASS_TEST.format('children')}]",
            ".//li[starts-with(@id, 'comment-')]",
        ]
    )
)


def _own_xpath(*predicates: str) -> tuple[etree.XPath, ...]:
    """For each predicate, the elements matching it that belong to an item (`$item_id`),
    not to a reply nested in it; `_own` takes the first that finds one."""
    return tuple(
        xpath(
            f"descendant::*[{predicate}]"
            "[ancestor::li[starts-with(@id, 'comment-')][1]/@id = $item_id]"
        )
        for predicate in predicates
    )


_AUTHOR = _own_xpath(
    f"self::cite and {CLASS_TEST.format('fn')}",
    CLASS_TEST.format("fn"),
    CLASS_TEST.format("wp-block-comment-author-name"),
    CLASS_TEST.format("comment-author"),
    "self::cite",
)
_META = _own_xpath(
    " or ".join(
        CLASS_TEST.format(name)
        for name in (
            "comment-meta",
            "commentmetadata",
            "comment-metadata",
            "wp-block-comment-date",
        )
    )
)
# `$comment_id` is the item's number: `div#div-comment-N` holds its body.
_BODY = _own_xpath(
    CLASS_TEST.format("comment-content"),
    CLASS_TEST.format("wp-block-comment-content"),
    CLASS_TEST.format("commenttext"),
    "@id = concat('div-comment-', $comment_id)",
    CLASS_TEST.format("comment-body"),
)
_NAME_TEXTS = xpath(f".//text()[not(ancestor::*[{CLASS_TEST.format('says')}])]")
_LINK_TARGETS = xpath(".//a/@href")
_PERMALINKS = xpath(".//a[contains(@href, '#comment-')]")
_ANCHORS = xpath(".//a")
_TIMES = xpath(".//time[@datetime]")


def extract_wordpress(page: Page, *, post_id: int | None, post_url: str) -> list[Comment]:
    """Comments of WordPress's own comment list, in document order ([] when absent)."""
    entries = []
    for item in _ITEMS(page.selector.root):
        match = _COMMENT_ID.fullmatch(item.get("id", ""))
        if match is None:
            continue
        tokens = set(class_tokens(item))
        if tokens & _NOT_COMMENTS:
            # Kept for threading only, so that a reply to a pingback keeps its parent.
            entries.append(Entry(comment_id=int(match[1]), depth=_depth(item), emit=False))
        elif "comment" in tokens or _IN_COMMENT_LIST(item):
            entries.append(_read_item(page, item, int(match[1])))
    return build_comments(entries, page=page, post_id=post_id, post_url=post_url, system=SYSTEM)


def _depth(item: etree._Element) -> int:
    depth = depth_from_class(item, "depth-")
    return depth if depth is not None else xpath_count(item, _CHILD_LISTS) + 1


def _own(
    item: etree._Element, expressions: tuple[etree.XPath, ...], **variables: str
) -> etree._Element | None:
    """The first element found by the first of `expressions` (see `_own_xpath`) that
    finds one for `item`."""
    for expression in expressions:
        nodes = expression(item, item_id=item.get("id"), **variables)
        if nodes:
            return nodes[0]
    return None


def _read_item(page: Page, item: etree._Element, comment_id: int) -> Entry:
    author, author_url = _read_author(item)
    date, published_gmt = _read_date(page, item)
    return Entry(
        comment_id=comment_id,
        depth=_depth(item),
        author=author,
        author_url=author_url,
        date=date,
        body_html=_read_body(item, comment_id),
        published_gmt=published_gmt,
    )


def _read_author(item: etree._Element) -> tuple[str, str | None]:
    name_node = _own(item, _AUTHOR)
    if name_node is None:
        return "", None
    # "says:" is printed next to the name, inside `.comment-author`.
    name = squash(" ".join(_NAME_TEXTS(name_node)))
    links = _LINK_TARGETS(name_node)
    if name_node.tag == "a":
        links.insert(0, name_node.get("href", ""))
    return name, safe_url(links[0]) if links else None


def _read_date(page: Page, item: etree._Element) -> tuple[DateValue, str | None]:
    """(date, UTC instant or None): the `<time datetime>` where the theme prints one,
    else the date text."""
    meta = _own(item, _META)
    if meta is None:
        return NO_DATE, None
    for time in _TIMES(meta):
        date, published_gmt = read_machine_date(time.get("datetime"), texts(time), page)
        if date.value is not None:
            return date, published_gmt
    # The permalink's text is the date; the "(Edit)" link that may follow is not.
    link = _PERMALINKS(meta) or _ANCHORS(meta)
    node = link[0] if link else meta
    date = parse_date(texts(node), captured_at=page.captured_at, timezone=page.timezone)
    return date, None


def _read_body(item: etree._Element, comment_id: int) -> str:
    container = _own(item, _BODY, comment_id=str(comment_id))
    return inner_html(container if container is not None else item, _NOT_CONTENT)
