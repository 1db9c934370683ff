"""Where a page sits in its post: which page of a post split by `<!--nextpage-->`, which
page of its comments, and the addresses of the others.

WordPress core's forms (`wp-includes/post-template.php` `_wp_link_page`,
`wp-includes/link-template.php` `get_comments_pagenum_link`, `rel_canonical`):

- post pages: `PERMALINK/N/` with pretty permalinks, `?p=ID&page=N` without; page 1 is
  the permalink itself. The body class `single-paged-N` names the page shown (N ≥ 2).
  Classic themes link the pages (`wp_link_pages()`: `.post-nav-links`, Twenty Twenty-One's
  `nav.page-links`, each link `a.post-page-numbers`); block themes of WordPress 6.1 print
  no such links, so their page 1 does not show that more pages exist.
- comment pages: `PERMALINK/comment-page-N/`, or `?p=ID&cpage=N`; pagination in
  `.comment-navigation`/`.comments-pagination` (classic) or `.wp-block-comments-pagination`
  (blocks), and every comment's permalink (`get_comment_link`) points at the comment page
  that shows it. Reply links (`?replytocom=N`) are not pages.
- `<link rel="canonical">` carries the comment page (`…/comment-page-2/#comments`, which
  block themes print even on the post's own URL) and, in classic themes, the post page.

Pure functions over strings and the parsed page; URLs come out in `urls.canonical_url`
form, so a crawler can compare them with the URLs it has fetched.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from urllib.parse import parse_qsl, urlencode, urljoin, urlsplit, urlunsplit

import lxml.html

from ncia_scraper.extract.page import xpath
from ncia_scraper.extract.urls import canonical_url, is_same_site

__all__ = [
    "PostPagination",
    "PostPosition",
    "comment_page_url",
    "find_pagination",
    "locate_post",
    "post_page_url",
]

_COMMENT_PAGE_TAIL = re.compile(r"/comment-page-(\d+)/?$")
_NUMBER_TAIL = re.compile(r"/(\d+)/?$")
_SINGLE_PAGED = re.compile(r"^single-paged-(\d+)$")
_PAGE_QUERY_KEYS = ("page", "cpage")
_HREFS_NAMING = xpath("descendant::a/@href[contains(., $marker)]")


@dataclass(frozen=True)
class PostPosition:
    """The post a page shows, and which of the post's pages it is."""

    permalink: str
    """The post's own URL: no post page, no comment page (`urls.canonical_url` form)."""
    post_page: int
    """1 for the post's first (or only) page; N for `PERMALINK/N/` or `?page=N`."""
    comment_page: int | None
    """The comment page the URL or the canonical link names, else None."""


@dataclass(frozen=True)
class PostPagination:
    """The page's place among the post's pages and comment pages, and the other pages'
    URLs (`urls.canonical_url` form), in page order."""

    post_page: int
    post_pages: list[str]
    """The post's other pages (`<!--nextpage-->`), every number from 1 to the highest
    linked, this one left out; [] for a post on one page."""
    comment_page: int | None
    """The comment page shown: named by the URL or canonical link, else the one most of
    the comments' own permalinks point at; None without paged comments."""
    comment_pages: list[str]
    """The other pages of the post's comments, every number from 1 to the highest linked,
    this one left out (all of them when `comment_page` is unknown)."""
    probe_post_page: str | None = None
    """Where the theme links no post pages (block themes): the URL of the next post page,
    which WordPress serves if the post has one and redirects to the permalink if not."""


def locate_post(
    page_url: str, canonicals: list[str], body_classes: set[str], site_root: str
) -> PostPosition:
    """The post's permalink and the page numbers, from the canonical link (a same-site
    one), else the page's URL.

    A trailing `/N/` is read as post page N only when the body class `single-paged-N`
    says so: permalinks may end in a number of their own (`/archives/%post_id%/`)."""
    post_page = 1
    for name in body_classes:
        match = _SINGLE_PAGED.match(name)
        if match:
            post_page = int(match[1])
    address = next((href for href in canonicals if is_same_site(href, site_root)), page_url)
    permalink, query_page, comment_page = _split(canonical_url(address, site_root))
    if post_page > 1 and query_page is None:
        permalink = _without_page_tail(permalink, post_page)
    if comment_page is None and address != page_url:
        # A canonical link without the comment page (classic themes on the post's URL):
        # the URL asked for may still name one.
        comment_page = _split(canonical_url(page_url, site_root))[2]
    return PostPosition(permalink, query_page or post_page, comment_page)


def find_pagination(
    scope: lxml.html.HtmlElement,
    position: PostPosition,
    page_url: str,
    *,
    unlinked_post_pages: bool = False,
) -> PostPagination:
    """The other post pages and comment pages that `scope` (the page at `page_url`, or
    the column of it that holds the post and its comments) links to (see the module
    docstring); links to other posts' pages are ignored. URLs are folded onto the
    permalink's scheme and host, as the permalink was. `unlinked_post_pages` says the
    theme prints no post page links, so that the next page must be asked for."""
    permalink = position.permalink
    parts = urlsplit(permalink)
    site_root = f"{parts.scheme}://{parts.netloc}/"
    # Only hrefs naming the post can be its pages; most links name other pages (sidebar,
    # archives, other posts), and the XPath string test leaves those in libxml2.
    marker = parts.query if parts.query else parts.path
    post_pages: set[int] = set()
    comment_pages: set[int] = set()
    comment_links: Counter[int] = Counter()
    read: dict[str, tuple[int | None, int | None] | None] = {}
    for href in _HREFS_NAMING(scope, marker=marker):
        if "replytocom=" in href:
            continue
        address, _hash, fragment = href.partition("#")
        if address not in read:
            read[address] = _pages_of_link(address, page_url, permalink, site_root)
        numbers = read[address]
        if numbers is None:
            continue
        post_page, comment_page = numbers
        if comment_page is not None:
            comment_pages.add(comment_page)
            if fragment.startswith("comment-"):
                comment_links[comment_page] += 1
        elif post_page is not None:
            post_pages.add(post_page)

    probe = None
    if unlinked_post_pages and max(post_pages, default=0) <= position.post_page:
        probe = post_page_url(permalink, position.post_page + 1)
    current_comment_page = position.comment_page
    if current_comment_page is None and comment_links:
        current_comment_page = comment_links.most_common(1)[0][0]
    return PostPagination(
        post_page=position.post_page,
        post_pages=[
            post_page_url(permalink, number)
            for number in _numbers(post_pages, position.post_page)
            if number != position.post_page
        ],
        comment_page=current_comment_page,
        comment_pages=[
            comment_page_url(permalink, number)
            for number in _numbers(comment_pages, current_comment_page)
            if number != current_comment_page
        ],
        probe_post_page=probe,
    )


def post_page_url(permalink: str, number: int) -> str:
    """Page `number` of a post split by `<!--nextpage-->` (page 1 is the permalink)."""
    if number <= 1:
        return permalink
    return _numbered(permalink, number, query_key="page", path_segment=str(number))


def comment_page_url(permalink: str, number: int) -> str:
    """Comment page `number` of the post at `permalink`."""
    return _numbered(permalink, number, query_key="cpage", path_segment=f"comment-page-{number}")


def _numbered(permalink: str, number: int, *, query_key: str, path_segment: str) -> str:
    """`permalink` with `query_key=number` (plain permalinks, pairs sorted as in
    `urls.canonical_url`) or with `path_segment` appended (pretty ones)."""
    parts = urlsplit(permalink)
    if parts.query:
        pairs = sorted([*parse_qsl(parts.query, keep_blank_values=True), (query_key, str(number))])
        return urlunsplit(parts._replace(query=urlencode(pairs)))
    # WordPress ends the segment with a slash only when the permalink structure does.
    slash = "/" if parts.path.endswith("/") else ""
    return urlunsplit(parts._replace(path=f"{parts.path.rstrip('/')}/{path_segment}{slash}"))


def _numbers(linked: set[int], current: int | None) -> list[int]:
    """1 … the highest page known: WordPress numbers pages without gaps, and its numbered
    links leave out the middle of a long run ("1 2 … 9")."""
    highest = max(linked | {current or 1})
    return list(range(1, highest + 1)) if highest > 1 else []


def _pages_of_link(
    address: str, page_url: str, permalink: str, site_root: str
) -> tuple[int | None, int | None] | None:
    """(post page, comment page) a link to the post names; None for a link elsewhere.

    A link to post page 1 is the permalink, which so many links name (the title, "cancel
    reply") that it says nothing: only N ≥ 2 counts."""
    absolute = urljoin(page_url, address)
    if not is_same_site(absolute, site_root):
        return None
    base, query_page, comment_page = _split(canonical_url(absolute, site_root))
    if base == permalink:
        if comment_page is not None:
            return None, comment_page
        return (query_page, None) if query_page and query_page >= 2 else None
    # `PERMALINK/N/`: the base ends with the number.
    match = _NUMBER_TAIL.search(urlsplit(base).path)
    if match is None or comment_page is not None or int(match[1]) < 2:
        return None
    if _without_page_tail(base, int(match[1])) != permalink:
        return None
    return int(match[1]), None


def _split(url: str) -> tuple[str, int | None, int | None]:
    """(URL without page numbers, `page=N` of a plain URL, comment page) of a post URL.
    The post page of a pretty URL (`/N/`) is left in: only the caller can tell it from
    a permalink ending in a number."""
    parts = urlsplit(url)
    if parts.query:
        pairs = parse_qsl(parts.query, keep_blank_values=True)
        numbers = {key: value for key, value in pairs if key in _PAGE_QUERY_KEYS}
        rest = [(key, value) for key, value in pairs if key not in _PAGE_QUERY_KEYS]
        base = urlunsplit(parts._replace(query=urlencode(rest), fragment=""))
        return base, _positive(numbers.get("page")), _positive(numbers.get("cpage"))
    path = parts.path
    comment_page = None
    match = _COMMENT_PAGE_TAIL.search(path)
    if match:
        comment_page = int(match[1])
        path = _cut(path, match)
    return urlunsplit(parts._replace(path=path, fragment="")), None, comment_page


def _without_page_tail(url: str, number: int) -> str:
    """`url` without a trailing `/number/` (a pretty post page's URL → the permalink)."""
    parts = urlsplit(url)
    match = _NUMBER_TAIL.search(parts.path)
    if match is None or int(match[1]) != number:
        return url
    return urlunsplit(parts._replace(path=_cut(parts.path, match)))


def _cut(path: str, tail: re.Match[str]) -> str:
    """`path` without the matched tail, keeping the trailing slash the tail had: WordPress
    adds one to `/comment-page-N` and `/N` only when the permalink has one."""
    return path[: tail.start()] + ("/" if tail.group(0).endswith("/") else "")


def _positive(value: str | None) -> int | None:
    return int(value) if value and value.isdigit() and int(value) >= 1 else None
