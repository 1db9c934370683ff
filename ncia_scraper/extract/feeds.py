"""Posts and comments from WordPress's RSS 2.0 feeds.

Forms read (WordPress 6.1, `wp-includes/feed-rss2.php` and `feed-rss2-comments.php`; the
fields are the same back to WordPress 2.x):

- The posts feed, `/feed/` or `/?feed=rss2`: one `<item>` per post, newest first, as many
  a page as the "Syndication feeds show the most recent" setting says (10). `link` is the
  permalink; `guid` is `HOME/?p=N` for a post written on the site (an imported post keeps
  the guid it came with); `dc:creator` is the author's display name; `pubDate` is
  RFC 2822 in GMT; `wfw:commentRss` and `slash:comments` (the post's comment feed and
  comment count) are printed only when comments are open or the post has some.
- The comments feeds, the site-wide `/comments/feed/` and each post's `PERMALINK/feed/`:
  one `<item>` per approved comment, newest first, with `link` =
  `PERMALINK[comment-page-N/]#comment-N` and `guid` = `HOME/?p=POST_ID#comment-N`
  (or the permalink form for an imported post), `dc:creator`, `pubDate` and
  `content:encoded` (the comment as HTML, unsanitized). Since WordPress 5.x a reply's
  content starts with a paragraph of its own, `<p>In reply to <a href="PARENT_LINK">
  NAME</a>.</p>` (in the site's language), which is no part of the comment.

Older items come with `?paged=N` (`feed_page_url`); past the last page WordPress answers
404 with an empty channel. Documents are parsed by `xmlsafe.parse_untrusted_xml`: these
functions raise `XmlRejected` for anything unsafe, oversized, malformed or not an RSS 2.0
feed, so the caller can count it and go on.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit
from zoneinfo import ZoneInfo

from lxml import etree

from ncia_scraper.dates import SITE_TIMEZONE, DateValue, parse_capture_time, parse_date
from ncia_scraper.extract.xmlsafe import (
    DEFAULT_MAX_XML_BYTES,
    UnexpectedXml,
    parse_untrusted_xml,
    require_root,
)
from ncia_scraper.text import squash

__all__ = [
    "CommentsFeed",
    "FeedComment",
    "FeedPost",
    "PostsFeed",
    "feed_page_url",
    "read_comments_feed",
    "read_posts_feed",
]

_DC = "{http://purl.org/dc/elements/1.1/}"
_CONTENT = "{http://purl.org/rss/1.0/modules/content/}"
_WFW = "{http://wellformedweb.org/CommentAPI/}"
_SLASH = "{http://purl.org/rss/1.0/modules/slash/}"
_ATOM = "{http://www.w3.org/2005/Atom}"

_COMMENT_FRAGMENT = re.compile(r"#comment-(\d+)\s*$")
_COMMENT_PAGE = re.compile(r"/comment-page-\d+/?$")
# `get_comment_text` in a comment feed: sprintf(__('In reply to %s.'), link) + "\n\n",
# then wpautop makes it the first paragraph.
_REPLY_LEAD = re.compile(
    r'<p>[^<]*<a href="(?P<href>[^"]*#comment-(?P<parent>\d+))">[^<]*</a>[^<]*</p>\s*'
)


@dataclass(frozen=True)
class FeedPost:
    """One item of a posts feed."""

    url: str
    """The item's `link`: the post's permalink, as the feed gives it."""
    post_id: int | None
    """The `?p=N` of the link (plain permalinks), else of the guid. A post imported from
    another site keeps that site's guid, so a guid's ID is worth cross-checking against
    the page's shortlink; None when neither has one."""
    title: str
    """The title as plain text (the feed's entities decoded, white space squashed)."""
    author: str | None
    """`dc:creator`, the author's display name."""
    categories: tuple[str, ...]
    """Every `<category>`: the post's categories and then its tags, in one list, as
    WordPress prints them with nothing to tell the two apart (a name shared by a category
    and a tag is printed once). The page or the REST API says which is which."""
    published: DateValue
    """`pubDate` read by `dates.parse_date`: the instant in the site's timezone, with the
    RFC 2822 text as `raw`."""
    published_gmt: str | None
    """The same instant in UTC (`2014-09-03T19:31:00Z`); None unless `pubDate` is a
    complete date and time with its zone."""
    comments_feed_url: str | None
    """`wfw:commentRss`, the post's own comment feed; None when comments are closed and
    the post has none."""
    comment_count: int | None
    """`slash:comments`, the post's approved comments (pingbacks and trackbacks count
    too); None when the feed does not print it (as for `comments_feed_url`)."""


@dataclass(frozen=True)
class PostsFeed:
    """A page of a posts feed."""

    posts: tuple[FeedPost, ...]
    """Its items with a `link`, in feed order (newest first)."""
    next_page_url: str | None
    """The channel's `<atom:link rel="next">` (RFC 5005 paging, which some plugins add);
    core WordPress prints none: walk `feed_page_url(feed_url, n)` until an empty page or
    a 404 instead."""


@dataclass(frozen=True)
class FeedComment:
    """One item of a comments feed."""

    comment_id: int
    """From the `#comment-N` of the link, else of the guid."""
    post_url: str
    """The post's permalink: the link without its fragment, its `comment-page-N/` segment
    or its `cpage` parameter."""
    post_id: int | None
    """The `?p=N` of the guid (or the link), where it has one; see `FeedPost.post_id`."""
    parent_id: int | None
    """The comment replied to, from the "In reply to" paragraph WordPress puts first in a
    reply; None for a top-level comment (or a feed from before WordPress 5.x, which has
    no such paragraph)."""
    author: str | None
    """`dc:creator`, the commenter's name as shown."""
    published: DateValue
    """`pubDate` read by `dates.parse_date` (see `FeedPost.published`)."""
    published_gmt: str | None
    """The same instant in UTC (see `FeedPost.published_gmt`)."""
    content_html: str
    """`content:encoded` without the "In reply to" paragraph: the comment as the site
    renders it, NOT sanitized; clean it as any comment before it goes into a record."""


@dataclass(frozen=True)
class CommentsFeed:
    """A page of a comments feed."""

    comments: tuple[FeedComment, ...]
    """Its items with a comment ID, in feed order (newest first)."""
    next_page_url: str | None
    """As `PostsFeed.next_page_url`."""


def read_posts_feed(
    xml: bytes | str,
    *,
    captured_at: datetime,
    timezone: ZoneInfo = SITE_TIMEZONE,
    max_bytes: int = DEFAULT_MAX_XML_BYTES,
) -> PostsFeed:
    """The posts of an RSS 2.0 posts feed (see the module docstring).

    `captured_at` (timezone-aware) is what `dates.parse_date` wants; feed dates are
    absolute, so it changes nothing. Raises `XmlRejected` (see `xmlsafe`).
    """
    channel = _channel(xml, max_bytes)
    posts = []
    for item in channel.iterfind("item"):
        url = squash(item.findtext("link"))
        if not url:
            continue
        published, published_gmt = _pub_date(item, captured_at, timezone)
        posts.append(
            FeedPost(
                url=url,
                post_id=_post_id(url) or _post_id(item.findtext("guid")),
                title=squash(item.findtext("title")),
                author=squash(item.findtext(f"{_DC}creator")) or None,
                categories=tuple(
                    name
                    for name in (squash(category.text) for category in item.iterfind("category"))
                    if name
                ),
                published=published,
                published_gmt=published_gmt,
                comments_feed_url=squash(item.findtext(f"{_WFW}commentRss")) or None,
                comment_count=_count(item.findtext(f"{_SLASH}comments")),
            )
        )
    return PostsFeed(posts=tuple(posts), next_page_url=_next_page_url(channel))


def read_comments_feed(
    xml: bytes | str,
    *,
    captured_at: datetime,
    timezone: ZoneInfo = SITE_TIMEZONE,
    max_bytes: int = DEFAULT_MAX_XML_BYTES,
) -> CommentsFeed:
    """The comments of a comments feed, site-wide or a post's (see the module docstring).

    Items without a comment ID are left out. Raises `XmlRejected` (see `xmlsafe`).
    """
    channel = _channel(xml, max_bytes)
    comments = []
    for item in channel.iterfind("item"):
        link = squash(item.findtext("link"))
        guid = squash(item.findtext("guid"))
        comment_id = _comment_id(link) or _comment_id(guid)
        if comment_id is None:
            continue
        published, published_gmt = _pub_date(item, captured_at, timezone)
        post_url = _post_url(link or guid)
        parent_id, content_html = _reply_lead(item.findtext(f"{_CONTENT}encoded"), post_url)
        comments.append(
            FeedComment(
                comment_id=comment_id,
                post_url=post_url,
                post_id=_post_id(guid) or _post_id(link),
                parent_id=parent_id,
                author=squash(item.findtext(f"{_DC}creator")) or None,
                published=published,
                published_gmt=published_gmt,
                content_html=content_html,
            )
        )
    return CommentsFeed(comments=tuple(comments), next_page_url=_next_page_url(channel))


def feed_page_url(feed_url: str, page: int) -> str:
    """Page `page` of a feed: `feed_url` with `paged=N` (WordPress reads it on every feed,
    pretty or not); page 1 is the feed without it. Other query parameters are kept."""
    if page < 1:
        raise ValueError(f"feed pages start at 1, got {page}")
    parts = urlsplit(feed_url)
    pairs = parse_qsl(parts.query, keep_blank_values=True)
    pairs = [(key, value) for key, value in pairs if key != "paged"]
    if page > 1:
        pairs.append(("paged", str(page)))
    return urlunsplit(parts._replace(query=urlencode(pairs), fragment=""))


def _channel(xml: bytes | str, max_bytes: int) -> etree._Element:
    root = parse_untrusted_xml(xml, max_bytes=max_bytes)
    require_root(root, {"rss"}, "an RSS 2.0 feed")
    channel = root.find("channel")
    if channel is None:
        raise UnexpectedXml("not an RSS 2.0 feed: <rss> has no <channel>")
    return channel


def _pub_date(
    item: etree._Element, captured_at: datetime, timezone: ZoneInfo
) -> tuple[DateValue, str | None]:
    raw = squash(item.findtext("pubDate"))
    published = parse_date(raw, captured_at=captured_at, timezone=timezone)
    try:
        # Strict: an instant with its zone, or nothing (parse_date would also guess).
        moment = parse_capture_time(raw) if raw else None
    except ValueError:
        moment = None
    return published, moment.strftime("%Y-%m-%dT%H:%M:%SZ") if moment else None


def _post_id(url: str | None) -> int | None:
    if not url:
        return None
    for key, value in parse_qsl(urlsplit(url).query):
        if key == "p" and value.isascii() and value.isdigit():
            return int(value)
    return None


def _comment_id(url: str) -> int | None:
    match = _COMMENT_FRAGMENT.search(url)
    return int(match[1]) if match else None


def _post_url(comment_url: str) -> str:
    parts = urlsplit(comment_url)
    query = parts.query
    pairs = parse_qsl(query, keep_blank_values=True)
    if any(key == "cpage" for key, _value in pairs):
        # Rebuilt only when needed: urlencode may spell the other parameters differently.
        query = urlencode([(key, value) for key, value in pairs if key != "cpage"])
    path = _COMMENT_PAGE.sub("/", parts.path)
    return urlunsplit(parts._replace(path=path, query=query, fragment=""))


def _reply_lead(content: str | None, post_url: str) -> tuple[int | None, str]:
    """(parent ID, content without the lead) for a reply; (None, content) otherwise."""
    content = (content or "").strip()
    lead = _REPLY_LEAD.match(content)
    # The words are translated, the shape is not. A commenter's own link is not taken for
    # the lead: WordPress gives those a rel="nofollow" (which the pattern does not allow),
    # and one to another post's comment cannot be the parent.
    if lead is None or _post_url(lead["href"]) != post_url:
        return None, content
    return int(lead["parent"]), content[lead.end() :]


def _count(text: str | None) -> int | None:
    text = squash(text)
    return int(text) if text.isascii() and text.isdigit() else None


def _next_page_url(channel: etree._Element) -> str | None:
    for link in channel.iterfind(f"{_ATOM}link"):
        if link.get("rel") == "next" and squash(link.get("href")):
            return squash(link.get("href"))
    return None
