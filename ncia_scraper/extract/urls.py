"""URLs of a WordPress site: one spelling per page, and what kind of page it is.

Pure functions over strings; no network. The URL shapes are WordPress core's rewrite rules
(`wp-includes/rewrite.php`, bases `page`, `feed`, `comments`, `tag`, `category`,
`author`, `type`), for the date-based permalink structures (`/%year%/%monthnum%/%day%/
%postname%/`, as on the 2012 NCIA site, `/%year%/%monthnum%/%postname%/`,
`/%year%/%postname%/`) and the numeric one (`/archives/%post_id%/`), and their query-string
equivalents for a site without pretty permalinks (`?p=N`, `?paged=N`, `?m=201201`,
`?feed=rss2`). Permalinks of other structures (`/%postname%/`) look like static pages:
only a page's markup tells them apart (`listing.extract_links`). See
`../shared/reference/markup.md` section 4 ("URLs") and section 5 (Wayback's
`:80`/`www.`/scheme variants).

Forms read:
- posts `/YYYY/MM/DD/slug/`, `/YYYY/MM/slug/`, `/YYYY/slug/`, `/archives/N/`, `?p=N`;
- a split post's further pages (`<!--nextpage-->`): `POST/N/`, `?p=N&page=N` (POST_PAGE;
  page 1 is the post itself);
- a post's comment pages: `POST/comment-page-N/`, `?p=N&cpage=N` (COMMENT_PAGE);
- listings: home, `/page/N/`, `/YYYY/`, `/YYYY/MM/`, `/YYYY/MM/DD/`, `/tag/SLUG/`,
  `/category/SLUG[/SUB…]/`, `/author/NAME/`, `/type/FORMAT/`, each optionally followed by
  `page/N/` (and `?paged=N`, `?m=`, `?cat=`, `?tag=`, `?author=`, …);
- feeds: any path ending in `feed/` or `feed/(rss|rss2|atom|rdf)/`, the old `wp-rss2.php`
  style files, and `?feed=`;
- everything else (static pages, wp-admin, wp-login, wp-content, the REST API under
  `/wp-json/` or `?rest_route=`, sitemaps, embeds, attachments, trackbacks, search, other
  sites) is OTHER.
"""

from __future__ import annotations

import re
from enum import StrEnum
from functools import lru_cache
from urllib.parse import parse_qsl, quote, urlencode, urljoin, urlsplit, urlunsplit

# Every page repeats the site's few thousand links (sidebar, archives, tag cloud), so these
# pure functions see the same (url, site_root) pairs again and again: caching them takes
# most of the work out of reading a page's links. Bounded, for very large sites.
_CACHE_SIZE = 32768

__all__ = [
    "UrlKind",
    "canonical_url",
    "classify",
    "is_same_site",
    "is_static_page",
    "post_of",
    "split_paged",
]


class UrlKind(StrEnum):
    """What a URL of the site points to, as far as a crawler cares."""

    POST = "post"
    POST_PAGE = "post_page"
    """Page 2, 3, … of a post split with `<!--nextpage-->`: part of the post, not a post."""
    COMMENT_PAGE = "comment_page"
    """One page of a post's paginated comments: the post's comments, not a new post."""
    LISTING = "listing"
    FEED = "feed"
    OTHER = "other"


_DEFAULT_PORTS = {"http": 80, "https": 443}

# WordPress's public query variables (WP33 `class-wp.php` `$public_query_vars`) that change
# which page is served; any other parameter (utm_*, replytocom, share=…) is noise.
_WP_QUERY_VARS = {
    "p", "page_id", "attachment_id", "preview", "name", "pagename", "paged", "page",
    "m", "w", "year", "monthnum", "day", "hour", "minute", "second",
    "cat", "category_name", "tag", "tag_id", "author", "author_name",
    "feed", "withcomments", "withoutcomments", "s", "cpage", "post_format",
}  # fmt: skip
_QUERY_POST = {"p", "name"}
# On a post, only these say which page it is: `page` a part of a split post, `cpage` a
# comment page. Any other variable beside `p` is ignored by WordPress or redirected away.
_QUERY_POST_KEEP = {"p", "name", "page", "cpage"}
_QUERY_OTHER = {"page_id", "pagename", "attachment_id", "preview", "s"}
_QUERY_LISTING = {
    "paged", "m", "w", "year", "monthnum", "day", "cat", "category_name", "tag", "tag_id",
    "author", "author_name", "post_format",
}  # fmt: skip
# Query variables that turn any URL into something other than an HTML page of the site:
# the REST API without pretty permalinks, core sitemaps (WP 5.5+), oEmbed iframes.
_QUERY_NOT_PAGE = {"rest_route", "sitemap", "sitemap-stylesheet", "embed"}

# Patterns are matched against the path below the site root, without its leading slash.
# A listing may end with its slash, `page/N/`, or nothing (WordPress redirects to the slash).
_TAIL = r"(?:/(?:page/\d+/?)?)?$"
_FEED = re.compile(r"^(?:.*/)?feed(?:/(?:feed|rss|rss2|atom|rdf))?/?$")
_FEED_FILES = re.compile(r"^wp-(?:rss|rss2|atom|rdf|commentsrss2)\.php$")
# A post's path (group `post`), then optionally a page of a split post or a comment page.
# Date-based structures: a slug right after the month or year cannot be a one- or
# two-digit number (`wp_unique_post_slug` suffixes those: they would be day or month
# archives) nor `page`; after a day it can be anything but `page`.
_POST = re.compile(
    r"^(?P<post>\d{4}/\d{2}/\d{2}/(?!page(?:/|$))[^/]+"
    r"|\d{4}/\d{2}/(?!(?:\d{1,2}|page)(?:/|$))[^/]+"
    r"|\d{4}/(?!(?:\d{1,2}|page)(?:/|$))[^/]+"
    r"|archives/\d+)"
    r"(?:/(?:(?P<page>\d+)|comment-page-(?P<cpage>\d+)))?/?$"
)
_LISTINGS = (
    re.compile(r"^(?:page/\d+/?)?$"),
    re.compile(r"^\d{4}(?:/\d{2}){0,2}" + _TAIL),
    re.compile(r"^tag/[^/]+" + _TAIL),
    # Category URLs nest child slugs; a last `page/N/` is pagination, not a child.
    re.compile(r"^category/[^/]+(?:/(?!page/\d+/?$)[^/]+)*" + _TAIL),
    re.compile(r"^author/[^/]+" + _TAIL),
    re.compile(r"^type/[^/]+" + _TAIL),
)
# Path segments no WordPress page has: core directories and files, rewrite endpoints.
_NOT_PAGE_SEGMENT = re.compile(
    r"^(?:wp-.*|.*\..*|feed|trackback|attachment|embed|comment-page-\d+|page|cgi-bin|"
    r"tag|category|author|search|comments)$"
)
_PAGED_SUFFIX = re.compile(r"(?:^|/)page/(\d+)/?$")
# The query variable holding the page number, by the kind of page it numbers.
_QUERY_PAGE_NUMBER = {
    UrlKind.LISTING: "paged",
    UrlKind.POST_PAGE: "page",
    UrlKind.COMMENT_PAGE: "cpage",
}
# Characters a URL may carry unescaped (RFC 3986 reserved + unreserved, and "%" so that
# existing escapes are kept as they are).
_SAFE_PATH = "/%:@!$&'()*+,;=-._~"
_SAFE_QUERY = _SAFE_PATH + "?"


@lru_cache(maxsize=_CACHE_SIZE)
def is_same_site(url: str, site_root: str) -> bool:
    """True when `url` (absolute, or relative to the root) is on the site's host.

    Hosts compare case-insensitively and without a leading `www.`; a port counts only
    when it is not the scheme's default, so http/https, `:80` and `www.` variants of the
    site (as the Wayback Machine records them) are all the same site.
    """
    parts = urlsplit(urljoin(site_root, url.strip()))
    root = urlsplit(site_root)
    if parts.scheme.lower() not in _DEFAULT_PORTS:
        return False
    key = _host_key(parts)
    return key is not None and key == _host_key(root)


@lru_cache(maxsize=_CACHE_SIZE)
def canonical_url(url: str, site_root: str) -> str:
    """One spelling per page: absolute, no fragment, same-site URLs on the root's host.

    Same-site URLs take the site root's scheme and host (so `www.`, `:80` and http/https
    variants fold together). Pretty permalinks, listings and feeds lose their query
    string (WordPress ignores it there: `?replytocom=5`, `?utm_source=…`) and get the
    trailing slash WordPress redirects to; page 1 folds into what it is a page of
    (`page/1/` and `?paged=1` into the listing, `POST/1/` and `?p=N&page=1` into the post).
    On the query-string forms only WordPress's own query variables are kept, sorted; on a
    post, only those naming a page of it (`?p=N` is the post's own permalink there).
    Off-site URLs keep their path and query; only the fragment goes.
    """
    absolute = urljoin(site_root, url.strip())
    parts = urlsplit(absolute)
    scheme = parts.scheme.lower()
    if scheme not in _DEFAULT_PORTS:
        return urlunsplit(parts._replace(fragment=""))
    path = quote(parts.path, safe=_SAFE_PATH) or "/"
    query = quote(parts.query, safe=_SAFE_QUERY)
    if not is_same_site(absolute, site_root):
        return urlunsplit((scheme, _netloc(parts, scheme), path, query, ""))

    root = urlsplit(site_root)
    root_path = _root_path(root.path)
    kind, keep, rel = _analyse(path, query, root_path)
    if rel is not None and kind is not UrlKind.OTHER and keep is None:
        # A pretty URL: WordPress answers with the trailing slash; page 1 is the listing,
        # or the post (WordPress redirects `POST/1/` there).
        if kind is UrlKind.LISTING:
            rel = _PAGED_SUFFIX.sub(_drop_first_page, rel)
        elif kind is UrlKind.POST and (post := _POST.match(rel)) is not None:
            rel = post.group("post")
        if rel and not rel.endswith("/") and not _FEED_FILES.match(rel):
            rel += "/"
        path, query = root_path + rel, ""
    elif keep is not None:
        query = urlencode(keep)
    return urlunsplit((root.scheme.lower(), _netloc(root, root.scheme.lower()), path, query, ""))


@lru_cache(maxsize=_CACHE_SIZE)
def classify(url: str, site_root: str) -> UrlKind:
    """The kind of page a URL is (see the module docstring); off-site URLs are OTHER."""
    absolute = urljoin(site_root, url.strip())
    if not is_same_site(absolute, site_root):
        return UrlKind.OTHER
    parts = urlsplit(absolute)
    root_path = _root_path(urlsplit(site_root).path)
    return _analyse(parts.path or "/", parts.query, root_path)[0]


@lru_cache(maxsize=_CACHE_SIZE)
def is_static_page(url: str, site_root: str) -> bool:
    """True for what can only be a WordPress page (`/about/`, `/about/history/`,
    `?page_id=N`): a same-site OTHER URL that is no file, feed, admin, login, upload,
    search, trackback, attachment or comment page, and no part of a post's URL.

    Static pages carry the sidebar (tweets) but no post; they are OTHER for `classify`.
    A site whose permalinks are `/%postname%/` gives its posts URLs of this shape too.
    """
    absolute = urljoin(site_root, url.strip())
    if not is_same_site(absolute, site_root) or classify(absolute, site_root) is not UrlKind.OTHER:
        return False
    parts = urlsplit(canonical_url(absolute, site_root))
    root_path = _root_path(urlsplit(site_root).path)
    if not parts.path.startswith(root_path):
        return False
    rel = parts.path[len(root_path) :]
    if parts.query:
        keys = {key for key, _value in parse_qsl(parts.query, keep_blank_values=True)}
        return rel in ("", "index.php") and keys <= {"page_id", "cpage"} and "page_id" in keys
    segments = [segment for segment in rel.split("/") if segment]
    return (
        bool(segments)
        and not any(_NOT_PAGE_SEGMENT.match(segment) for segment in segments)
        and not re.match(r"^\d{4}(?:/|$)", rel)
    )


@lru_cache(maxsize=_CACHE_SIZE)
def split_paged(url: str, site_root: str) -> tuple[str, int]:
    """A paged URL as (canonical URL without its page number, page number).

    Listings: `/tag/cuts/page/3/` → (`…/tag/cuts/`, 3); `/?paged=2` → (`…/`, 2). This is
    what `next_posts_link` (page + 1) and `previous_posts_link` (page − 1) change,
    whatever their labels say. A POST_PAGE or COMMENT_PAGE gives its post and its page
    or comment-page number: `POST/2/` → (POST, 2), `?cpage=3&p=7` → (`?p=7`, 3). Any
    URL without a page number is page 1 of itself.
    """
    canonical = canonical_url(url, site_root)
    parts = urlsplit(canonical)
    kind = classify(canonical, site_root)
    if parts.query:
        pairs = parse_qsl(parts.query, keep_blank_values=True)
        name = _QUERY_PAGE_NUMBER.get(kind, "paged")
        numbers = [value for key, value in pairs if key == name]
        if numbers and numbers[0].isdigit():
            rest = urlencode([(key, value) for key, value in pairs if key != name])
            return urlunsplit(parts._replace(query=rest)), max(int(numbers[0]), 1)
        return canonical, 1
    root_path = _root_path(urlsplit(site_root).path)
    if not parts.path.startswith(root_path):
        return canonical, 1
    rel = parts.path[len(root_path) :]
    if kind is UrlKind.LISTING:
        match = _PAGED_SUFFIX.search(rel)
        if match:
            base = root_path + rel[: match.start()] + ("/" if match.start() else "")
            return urlunsplit(parts._replace(path=base)), int(match.group(1))
    elif kind is UrlKind.POST_PAGE or kind is UrlKind.COMMENT_PAGE:
        post = _POST.match(rel)
        if post is not None:
            number = post.group("page") or post.group("cpage")
            base = root_path + post.group("post") + "/"
            return urlunsplit(parts._replace(path=base)), int(number)
    return canonical, 1


@lru_cache(maxsize=_CACHE_SIZE)
def post_of(url: str, site_root: str) -> str | None:
    """The canonical URL of the post a POST, POST_PAGE or COMMENT_PAGE URL belongs to
    (`POST/2/`, `POST/comment-page-3/#comment-9` → POST); None for any other URL."""
    kind = classify(url, site_root)
    if kind is UrlKind.POST:
        return canonical_url(url, site_root)
    if kind is UrlKind.POST_PAGE or kind is UrlKind.COMMENT_PAGE:
        return split_paged(url, site_root)[0]
    return None


def _analyse(
    path: str, query: str, root_path: str
) -> tuple[UrlKind, list[tuple[str, str]] | None, str | None]:
    """(kind, WordPress query pairs to keep or None, path below the root or None)."""
    rel = path[len(root_path) :] if path.startswith(root_path) else None
    if rel is None and path + "/" == root_path:
        rel = ""
    if rel is None:
        return UrlKind.OTHER, None, None
    all_pairs = parse_qsl(query, keep_blank_values=True)
    if any(key in _QUERY_NOT_PAGE for key, _value in all_pairs):
        return UrlKind.OTHER, None, rel
    pairs = [(key, value) for key, value in all_pairs if key in _WP_QUERY_VARS]
    keys = {key for key, _value in pairs}
    if keys:
        keep = sorted(pairs)
        if "feed" in keys:
            return UrlKind.FEED, keep, rel
        if "s" in keys:
            # Search results, even on a pretty `page/N/` path: not a listing worth crawling.
            return UrlKind.OTHER, keep, rel
        if rel in ("", "index.php"):
            if keys & _QUERY_OTHER:
                return UrlKind.OTHER, keep, rel
            if keys & _QUERY_POST:
                return _query_post(keep), _without_first_page(keep, _QUERY_POST_KEEP), rel
            if keys & _QUERY_LISTING:
                return UrlKind.LISTING, _without_first_page(keep, _QUERY_LISTING), rel
    return _classify_path(rel), None, rel


def _query_post(pairs: list[tuple[str, str]]) -> UrlKind:
    numbers = dict(pairs)
    if _page_number(numbers.get("cpage")) is not None:
        return UrlKind.COMMENT_PAGE
    page = _page_number(numbers.get("page"))
    return UrlKind.POST_PAGE if page is not None and page > 1 else UrlKind.POST


def _without_first_page(pairs: list[tuple[str, str]], kept: set[str]) -> list[tuple[str, str]]:
    """The pairs among `kept`, less a `page` or `paged` that says page 1 (or nothing)."""
    return [
        (key, value)
        for key, value in pairs
        if key in kept
        and not (key in ("page", "paged") and (_page_number(value) or 1) == 1)
        and not (key == "cpage" and _page_number(value) is None)
    ]


def _page_number(value: str | None) -> int | None:
    return int(value) if value is not None and value.isdigit() else None


def _classify_path(rel: str) -> UrlKind:
    if _FEED.match(rel) or _FEED_FILES.match(rel):
        return UrlKind.FEED
    post = _POST.match(rel)
    if post is not None:
        if post.group("cpage") is not None:
            return UrlKind.COMMENT_PAGE
        page = post.group("page")
        return UrlKind.POST_PAGE if page is not None and int(page) > 1 else UrlKind.POST
    if any(pattern.match(rel) for pattern in _LISTINGS):
        return UrlKind.LISTING
    return UrlKind.OTHER


def _drop_first_page(match: re.Match[str]) -> str:
    if match.group(1) != "1":
        return match.group(0)
    return "/" if match.group(0).startswith("/") else ""


def _root_path(path: str) -> str:
    return path if path.endswith("/") else path + "/"


def _host_key(parts) -> tuple[str, int | None] | None:
    host = (parts.hostname or "").lower()
    if not host:
        return None
    host = host.removeprefix("www.")
    try:
        port = parts.port
    except ValueError:
        return None
    if port == _DEFAULT_PORTS.get(parts.scheme.lower()):
        port = None
    return host, port


def _netloc(parts, scheme: str) -> str:
    host = (parts.hostname or "").lower()
    if ":" in host:  # an IPv6 literal keeps its brackets
        host = f"[{host}]"
    try:
        port = parts.port
    except ValueError:
        port = None
    if port is not None and port != _DEFAULT_PORTS.get(scheme):
        host = f"{host}:{port}"
    return host
