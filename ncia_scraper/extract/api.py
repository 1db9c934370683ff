"""The WordPress REST API (`wp/v2`, WordPress 4.7 and later) → `Post` and `Comment` records.

Pure functions: the spider fetches, these read. What they read:

- the API root, which WordPress advertises on every page as
  `<link rel="https://api.w.org/" href="…">` in the head and as the header
  `Link: <…>; rel="https://api.w.org/"`: `http://host/wp-json/` with pretty permalinks,
  `http://host/index.php?rest_route=/` (older versions `http://host/?rest_route=/`) with
  plain ones. Routes go after the path of the first, into the `rest_route` parameter of
  the second (`endpoint_url`);
- `X-WP-TotalPages`, the number of pages of a collection at the `per_page` asked for;
- one collection page each of `wp/v2/users`, `categories`, `tags`, `posts` and
  `comments`, as a JSON array of objects in the `view` context (the shapes are in
  `tests/fixtures/api/`). What an anonymous visitor is given is public: published posts
  (password-protected ones with empty content), approved comments, the authors of
  published posts.

WordPress stores names (users' display names, term names, commenters' names) with `&`,
`<` and `>` escaped, and the API returns them that way ("Tom &amp; Jerry"); pages show
them unescaped, so they are unescaped here. Titles and contents come rendered, as
`the_title` and `the_content` print them on the page (texturized: "&#8217;"), and go
through the same cleaning as the page's, so a post read here and from its page agree.

A body that is not JSON, an error object (`{"code": "rest_no_route", …}`) or anything but
an array raises `ApiError`: the spider then falls back to the HTML. One bad entry in an
otherwise good array is skipped and logged, and the rest is read.
"""

from __future__ import annotations

import json
import logging
import re
import unicodedata
from collections.abc import Callable, Iterable, Mapping
from dataclasses import replace
from datetime import datetime
from html import unescape
from typing import Any, TypeVar
from urllib.parse import parse_qsl, urlencode, urljoin, urlsplit, urlunsplit
from zoneinfo import ZoneInfo

from ncia_scraper.dates import SITE_TIMEZONE, iso_utc, parse_local_and_gmt
from ncia_scraper.extract.comments._common import safe_url
from ncia_scraper.extract.html import Fragment, clean_fragment, parse_fragment
from ncia_scraper.extract.page import Page, xpath
from ncia_scraper.extract.urls import canonical_url
from ncia_scraper.items import Comment, Post
from ncia_scraper.text import squash

__all__ = [
    "ApiError",
    "api_root_from_html",
    "api_root_from_link_header",
    "endpoint_url",
    "fill_depths",
    "read_comments",
    "read_posts",
    "read_terms",
    "read_users",
    "total_pages",
]

_log = logging.getLogger(__name__)

API_REL = "https://api.w.org/"
FOUND_BY = "api"
COMMENT_SYSTEM = "wordpress"

_API_LINKS = xpath(
    f"/descendant::link[@href][contains(concat(' ', normalize-space(@rel), ' '), ' {API_REL} ')]"
    "/@href"
)
# One link-value of a Link header (RFC 8288): `<target>` and its `; name=value` parameters.
_LINK_VALUE = re.compile(r'<([^>]*)>((?:\s*;\s*[^;,=\s]+(?:\s*=\s*(?:"[^"]*"|[^;,\s]*))?)*)')
_LINK_PARAM = re.compile(r'([^;,=\s]+)(?:\s*=\s*(?:"([^"]*)"|([^;,\s]*)))?')
# The page break, with the paragraph `wpautop` wraps it in when the post is not made of
# blocks ("<p><!--nextpage--></p>"): pages are split before `wpautop` runs, so no page
# shows that paragraph.
_NEXTPAGE = re.compile(r"(?:<p>\s*)?<!--nextpage-->(?:\s*</p>)?")
# The "more" mark, "<!--more-->" or "<!--more Read on…-->" (`get_the_content`'s pattern).
_MORE = re.compile(r"<!--more.*?-->")
# Comment types that are not comments: the HTML extractors leave them out too.
_NOT_COMMENTS = {"pingback", "trackback"}

_Record = TypeVar("_Record")


class ApiError(Exception):
    """A response the API gave instead of the collection asked for: not JSON, an error
    object, or another shape. The message is one line."""


class _BadEntry(Exception):
    """One entry of a collection that cannot be read; it is skipped, the rest are read."""


# ---------------------------------------------------------------- finding the API


def api_root_from_html(page: Page) -> str | None:
    """The API root the page's head advertises, made absolute; None when there is none
    (WordPress before 4.4, or a site that removed the link, which does not always mean
    the API is off)."""
    for href in _API_LINKS(page.selector.root):
        try:
            root = _http_url(urljoin(page.url, href.strip()))
        except ValueError:  # an href urljoin cannot read, "http://[oops/"
            continue
        if root is not None:
            return root
    return None


def api_root_from_link_header(value: str | None) -> str | None:
    """The API root a `Link` header advertises, or None.

    `value` is the header's value; a response with several `Link` headers (WordPress
    sends one per relation) gives the same meaning joined with ", " (RFC 9110, 5.3).
    WordPress writes the target absolute; any other target is ignored.
    """
    for match in _LINK_VALUE.finditer(value or ""):
        target, params = match.groups()
        for name, quoted, bare in _LINK_PARAM.findall(params):
            rel = quoted if quoted else bare
            if name.lower() == "rel" and API_REL in rel.split():
                root = _http_url(target.strip())
                if root is not None:
                    return root
    return None


def endpoint_url(api_root: str, route: str, **params: object) -> str:
    """The URL of `route` ("wp/v2/posts") under `api_root`, with `params` in the order
    given after any the root carries.

    `http://h/wp-json/` + ("wp/v2/posts", per_page=100, page=2) →
    `http://h/wp-json/wp/v2/posts?per_page=100&page=2`; `http://h/?rest_route=/` →
    `http://h/?rest_route=/wp/v2/posts&per_page=100&page=2`. The order is fixed so that
    the same request always has the same URL (Scrapy's duplicate filter, the logs).
    """
    parts = urlsplit(api_root)
    route = route.strip("/")
    pairs = parse_qsl(parts.query, keep_blank_values=True)
    path = parts.path
    if any(name == "rest_route" for name, _value in pairs):
        pairs = [
            (name, f"{value.rstrip('/')}/{route}" if name == "rest_route" else value)
            for name, value in pairs
        ]
    else:
        path = f"{path.rstrip('/')}/{route}"
    pairs += [(name, str(value)) for name, value in params.items()]
    # "/" left as it is: WordPress reads `rest_route=/wp/v2/posts` either way, and the
    # URL stays the one a person would type.
    return urlunsplit((parts.scheme, parts.netloc, path, urlencode(pairs, safe="/"), ""))


def total_pages(headers: Mapping[Any, Any]) -> int:
    """The `X-WP-TotalPages` header as a number of pages, at least 1 (the page in hand).

    `headers` is Scrapy's `Headers` (bytes, a list of values per name) or any mapping of
    names to values; names compare case-insensitively. Absent or not a number gives 1,
    as does 0, which WordPress sends for an empty collection.
    """
    for name, value in headers.items():
        if _text(name).lower() != "x-wp-totalpages":
            continue
        if isinstance(value, list | tuple):
            value = value[-1] if value else ""
        text = _text(value).strip()
        # Bounded: a server's number, however long, must not cost a huge conversion.
        return max(int(text), 1) if re.fullmatch(r"[0-9]{1,9}", text) else 1
    return 1


# ---------------------------------------------------------------- users and terms


def read_users(body: bytes | str) -> dict[int, str]:
    """User ID → display name, from one page of `wp/v2/users`.

    Anonymous visitors are shown the authors of published posts only, which are the
    ones posts name.
    """
    return dict(_read_each(_collection(body, "users"), "users", _read_name))


def read_terms(body: bytes | str) -> dict[int, str]:
    """Term ID → name, from one page of `wp/v2/categories` or `wp/v2/tags`."""
    return dict(_read_each(_collection(body, "terms"), "terms", _read_name))


def _read_name(entry: Mapping[str, Any]) -> tuple[int, str]:
    return _int(entry, "id"), squash(unescape(_str(entry, "name")))


# ---------------------------------------------------------------- posts


def read_posts(
    body: bytes | str,
    *,
    users: Mapping[int, str],
    categories: Mapping[int, str],
    tags: Mapping[int, str],
    fetched_at: datetime,
    captured_at: datetime,
    source: str = "live",
    site_root: str | None = None,
    timezone: ZoneInfo = SITE_TIMEZONE,
) -> list[Post]:
    """The posts of one page of `wp/v2/posts`, in the API's order.

    `users`, `categories` and `tags` map IDs to names (`read_users`, `read_terms`); an
    ID missing from them is left out (author None). `site_root` (default: the scheme and
    host of each post's link) is the root URLs are folded onto, as in
    `urls.canonical_url` and `extract_post`. `timezone` places a date only when the API
    gives no usable `date_gmt` (see `dates.parse_local_and_gmt`).

    The excerpt is None and the comment count 0: the post's page is the authority for
    the first (the API invents one from the content when the author wrote none), and the
    spider counts the comments it reads.
    """
    captured = iso_utc(captured_at)
    fetched = iso_utc(fetched_at)

    def read(entry: Mapping[str, Any]) -> Post:
        post_id = _int(entry, "id")
        status = entry.get("status", "publish")
        if status != "publish":
            raise _BadEntry(f"status {status!r} is not public")
        link = _http_url(_str(entry, "link"))
        if link is None:
            raise _BadEntry("link is not an http(s) URL")
        url = canonical_url(link, site_root or _origin(link))
        content = _dict(entry, "content")
        protected = content.get("protected", False) is True
        # Protected content is never recorded, whatever the API sent.
        pages = [] if protected else _pages(_str(content, "rendered"), post_id)
        body = _clean("\n".join(pages), url)
        published, published_gmt = parse_local_and_gmt(
            _optional_str(entry, "date"), _optional_str(entry, "date_gmt"), timezone=timezone
        )
        modified, modified_gmt = parse_local_and_gmt(
            _optional_str(entry, "modified"),
            _optional_str(entry, "modified_gmt"),
            timezone=timezone,
        )
        author_id = entry.get("author")
        return Post(
            post_id=post_id,
            url=url,
            title=_plain_text(_str(_dict(entry, "title"), "rendered")),
            author=users.get(author_id) if type(author_id) is int else None,
            published=published.value,
            published_raw=published.raw,
            published_precision=published.precision,
            modified=modified.value,
            modified_raw=modified.raw,
            modified_precision=modified.precision,
            categories=_term_names(entry, "categories", categories),
            tags=_term_names(entry, "tags", tags),
            content_html=body.html,
            content_text=body.text,
            excerpt=None,
            word_count=len(body.text.split()),
            links=body.links,
            images=body.images,
            comment_count=0,
            source=source,
            captured_at=captured,
            fetched_at=fetched,
            published_gmt=published_gmt,
            modified_gmt=modified_gmt,
            protected=protected,
            page_count=max(len(pages), 1),
            found_by=[FOUND_BY],
        )

    return _read_each(_collection(body, "posts"), "posts", read)


def _term_names(entry: Mapping[str, Any], field: str, names: Mapping[int, str]) -> list[str]:
    """Names of the post's terms in `field`, in the order themes print them.

    `get_the_terms` asks the database for them ordered by name, in a case- and
    accent-insensitive collation; folding case and dropping accents comes close.
    """
    ids = entry.get(field, [])
    if not isinstance(ids, list):
        raise _BadEntry(f"{field} is not a list")
    known = {names[term_id] for term_id in ids if type(term_id) is int and term_id in names}
    return sorted(known, key=lambda name: (_collation_key(name), name))


def _collation_key(name: str) -> str:
    decomposed = unicodedata.normalize("NFKD", name.casefold())
    return "".join(char for char in decomposed if not unicodedata.combining(char))


def _pages(rendered: str, post_id: int) -> list[str]:
    """The content as the post's pages show it, one string per page.

    The API renders `post_content` whole; a single post page renders one page of it
    (`WP_Query::generate_postdata` splits at each `<!--nextpage-->`, ignoring one before
    any content) and turns the first "more" mark into the anchor `<span id="more-N">`
    (`get_the_content`). Done here too, the content reads as the pages do.
    """
    rendered = _MORE.sub(f'<span id="more-{post_id}"></span>', rendered, count=1)
    pages = _NEXTPAGE.split(rendered)
    if len(pages) > 1 and not pages[0].strip():
        pages = pages[1:]
    return pages


# ---------------------------------------------------------------- comments


def read_comments(
    body: bytes | str,
    *,
    post_urls: Mapping[int, str],
    captured_at: datetime,
    timezone: ZoneInfo = SITE_TIMEZONE,
) -> list[Comment]:
    """The comments of one page of `wp/v2/comments`, in the API's order.

    `post_urls` maps post IDs to the posts' canonical URLs; comments on any other post
    (static pages, attachments, posts the crawl has not read) are left out and counted in
    one log line. Pingbacks and trackbacks are not comments and are left out too.

    `depth` is worked out from the parents on this page alone; a collection spread over
    several pages needs `fill_depths` over all of them once every page is read.
    """
    captured = iso_utc(captured_at)
    elsewhere: dict[int, int] = {}

    def read(entry: Mapping[str, Any]) -> Comment | None:
        comment_id = _int(entry, "id")
        if entry.get("type", "comment") in _NOT_COMMENTS:
            return None
        post_id = _int(entry, "post")
        status = entry.get("status", "approved")
        if status != "approved":
            raise _BadEntry(f"status {status!r} is not public")
        if post_id not in post_urls:
            elsewhere[post_id] = elsewhere.get(post_id, 0) + 1
            return None
        post_url = post_urls[post_id]
        parent = _int(entry, "parent")
        published, published_gmt = parse_local_and_gmt(
            _optional_str(entry, "date"), _optional_str(entry, "date_gmt"), timezone=timezone
        )
        body = _clean(_str(_dict(entry, "content"), "rendered"), post_url)
        return Comment(
            comment_id=comment_id,
            post_id=post_id,
            post_url=post_url,
            parent_id=parent or None,
            depth=1,
            author=squash(unescape(_str(entry, "author_name"))),
            author_url=safe_url(_optional_str(entry, "author_url")),
            published=published.value,
            published_raw=published.raw,
            published_precision=published.precision,
            content_html=body.html,
            content_text=body.text,
            system=COMMENT_SYSTEM,
            captured_at=captured,
            published_gmt=published_gmt,
            found_by=[FOUND_BY],
        )

    comments = _read_each(_collection(body, "comments"), "comments", read)
    if elsewhere:
        _log.info(
            "WordPress API: %d comment(s) left out, on posts not read from the API (post IDs %s)",
            sum(elsewhere.values()),
            ", ".join(str(post_id) for post_id in sorted(elsewhere)),
        )
    depths, _orphans = _thread_depths(comments)
    return [replace(comment, depth=depths[comment.comment_id]) for comment in comments]


def fill_depths(comments: Iterable[Comment]) -> list[Comment]:
    """`comments` (all those read from the API, every page) with `depth` worked out from
    the chains of parents, in the same order.

    A top-level comment (`parent_id` None) has depth 1, a reply one more than its parent.
    A reply whose parent is not among them (the parent is held for moderation, spam or
    deleted; the API shows approved comments only) or is on another post counts its
    missing parent as top-level, the least its depth can be; such replies are logged.
    """
    comments = list(comments)
    depths, orphans = _thread_depths(comments)
    if orphans:
        _log.info(
            "WordPress API: %d repl(ies) to comments the API did not give (comment IDs %s); "
            "their missing parents count as top-level",
            len(orphans),
            ", ".join(str(comment_id) for comment_id in orphans),
        )
    return [replace(comment, depth=depths[comment.comment_id]) for comment in comments]


def _thread_depths(comments: list[Comment]) -> tuple[dict[int, int], list[int]]:
    """(comment ID → depth, IDs of replies whose parent is missing), walking each chain
    of parents once. A chain that loops (which only a damaged database can hold) is cut
    where it meets itself, and the comment there counts as a reply to a missing parent.
    """
    by_id = {comment.comment_id: comment for comment in comments}
    depths: dict[int, int] = {}
    orphans: list[int] = []
    for comment in comments:
        chain: list[int] = []
        current = comment
        while current.comment_id not in depths:
            chain.append(current.comment_id)
            if current.parent_id is None:
                base = 0
                break
            parent = by_id.get(current.parent_id)
            if parent is None or parent.post_id != current.post_id or parent.comment_id in chain:
                orphans.append(current.comment_id)
                base = 1
                break
            current = parent
        else:
            base = depths[current.comment_id]
        for level, comment_id in enumerate(reversed(chain), start=1):
            depths[comment_id] = base + level
    return depths, orphans


# ---------------------------------------------------------------- reading bodies


def _collection(body: bytes | str, what: str) -> list[Any]:
    """The JSON array `body` holds; `ApiError` for anything else."""
    try:
        # A byte-order mark before the JSON is a known WordPress fault (a theme or plugin
        # file saved with one); the data after it is good.
        text = body.decode("utf-8-sig") if isinstance(body, bytes) else body.lstrip("\ufeff")
        data = json.loads(text)
    except (UnicodeDecodeError, ValueError, RecursionError) as error:
        raise ApiError(f"{what}: the answer is not JSON ({_one_line(error)})") from None
    if isinstance(data, dict) and "code" in data:
        message = data.get("message")
        detail = f": {_one_line(message)}" if isinstance(message, str) and message else ""
        raise ApiError(f"{what}: the API answered with an error, {data['code']}{detail}")
    if not isinstance(data, list):
        raise ApiError(f"{what}: expected a JSON array, got {type(data).__name__}")
    return data


def _read_each(
    entries: list[Any], what: str, read: Callable[[Mapping[str, Any]], _Record | None]
) -> list[_Record]:
    """`read` applied to each entry; an entry it cannot read is logged and skipped, and
    one it returns None for is left out."""
    records: list[_Record] = []
    for index, entry in enumerate(entries):
        try:
            if not isinstance(entry, dict):
                raise _BadEntry(f"not an object but {type(entry).__name__}")
            record = read(entry)
        except _BadEntry as problem:
            entry_id = entry.get("id") if isinstance(entry, dict) else None
            named = f" (ID {entry_id})" if type(entry_id) is int else ""
            _log.warning("WordPress API: %s entry %d%s skipped: %s", what, index, named, problem)
            continue
        if record is not None:
            records.append(record)
    return records


def _int(entry: Mapping[str, Any], name: str) -> int:
    value = entry.get(name)
    # bool is an int in Python, but `true` is no ID.
    if not isinstance(value, int) or isinstance(value, bool) or value < 0:
        raise _BadEntry(f"{name} is not a whole number")
    return value


def _str(entry: Mapping[str, Any], name: str) -> str:
    value = entry.get(name)
    if not isinstance(value, str):
        raise _BadEntry(f"{name} is not a string")
    return value


def _optional_str(entry: Mapping[str, Any], name: str) -> str | None:
    value = entry.get(name)
    if value is not None and not isinstance(value, str):
        raise _BadEntry(f"{name} is not a string")
    return value


def _dict(entry: Mapping[str, Any], name: str) -> Mapping[str, Any]:
    value = entry.get(name)
    if not isinstance(value, dict):
        raise _BadEntry(f"{name} is not an object")
    return value


def _clean(markup: str, base_url: str) -> Fragment:
    """`clean_fragment`, the cleaning every extractor applies to a body."""
    try:
        return clean_fragment(markup, base_url)
    except ValueError as error:  # lxml refuses NUL and other control characters
        raise _BadEntry(f"content is not readable HTML ({_one_line(error)})") from None


def _plain_text(markup: str) -> str:
    """The text of rendered HTML, entities resolved, as the page's title reads."""
    if not markup.strip():
        return ""
    try:
        return squash(parse_fragment(markup).text_content())
    except ValueError as error:
        raise _BadEntry(f"title is not readable HTML ({_one_line(error)})") from None


def _http_url(url: str) -> str | None:
    """`url` when it is an absolute http(s) URL with a host, else None."""
    try:
        parts = urlsplit(url)
    except ValueError:  # "http://[oops/"
        return None
    return url if parts.scheme in ("http", "https") and parts.hostname else None


def _origin(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}/"


def _text(value: object) -> str:
    return value.decode("latin-1") if isinstance(value, bytes) else str(value)


def _one_line(value: object) -> str:
    return squash(str(value))
