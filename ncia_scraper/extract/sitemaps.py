"""Sitemaps: the URLs a WordPress site lists in them, and which sitemaps can list posts.

Forms read (sitemaps.org protocol 0.9): a sitemap index, `<sitemapindex>` of
`<sitemap><loc>[<lastmod>]`, or a URL set, `<urlset>` of `<url><loc>[<lastmod>]` (Yoast
adds `<image:image>` to each `<url>`), in the protocol's namespace or none, plain or
gzipped (`sitemap.xml.gz`). Where a WordPress site keeps them:

- core WordPress (5.5 and later): `/wp-sitemap.xml`, an index of
  `wp-sitemap-posts-post-N.xml`, `wp-sitemap-posts-page-N.xml` (one per post type),
  `wp-sitemap-taxonomies-category-N.xml`, `…-post_tag-N.xml` (one per taxonomy) and
  `wp-sitemap-users-N.xml`; without pretty permalinks the same with
  `?sitemap=index|posts|taxonomies|users&sitemap-subtype=…&paged=N`. Core prints no
  `<lastmod>` before WordPress 6.5.
- Yoast SEO (Rank Math and All in One SEO use the same names): `/sitemap_index.xml`, an
  index of `post-sitemap.xml`, `post-sitemap2.xml`, `page-sitemap.xml`,
  `category-sitemap.xml`, `post_tag-sitemap.xml`, `author-sitemap.xml`, …, with
  `<lastmod>`.
- Google XML Sitemaps (the common plugin of the 2010s): `/sitemap.xml`, an index of
  `sitemap-pt-post-2012-02.xml` (a month of posts), `sitemap-pt-page-….xml`,
  `sitemap-tax-category.xml`, `sitemap-authors.xml`, `sitemap-misc.xml` (home page),
  `sitemap-archives.xml`.
- robots.txt: core adds `Sitemap: HOME/wp-sitemap.xml`, Yoast its index.

URLs are returned as the document gives them: keeping the site's own is the caller's job
(`urls.is_same_site`), as for any link.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum
from urllib.parse import parse_qsl, urlsplit

from lxml import etree

from ncia_scraper.extract.xmlsafe import (
    DEFAULT_MAX_XML_BYTES,
    GZIP_MAGIC,
    gunzip_capped,
    local_name,
    parse_untrusted_xml,
    require_root,
)

__all__ = [
    "Sitemap",
    "SitemapEntry",
    "SitemapKind",
    "may_hold_posts",
    "read_sitemap",
    "sitemap_kind",
    "sitemaps_from_robots",
]


class SitemapKind(StrEnum):
    """What a sitemap lists, as far as its URL tells."""

    POSTS = "posts"
    """Blog posts."""
    PAGES = "pages"
    """Static pages."""
    TAXONOMY = "taxonomy"
    """Category, tag and other term archives."""
    USERS = "users"
    """Author archives."""
    OTHER = "other"
    """No posts: another post type's entries (attachments, products), or the home page
    and date archives."""
    UNKNOWN = "unknown"
    """An index, a mixed sitemap, or a name not recognised: it may list posts."""


@dataclass(frozen=True)
class SitemapEntry:
    """One `<sitemap>` of an index or `<url>` of a URL set."""

    url: str
    """`<loc>`."""
    lastmod: str | None
    """`<lastmod>` as given (W3C datetime: `2022-11-30T09:12:44+00:00`, or a date), or None
    where the entry has none; `dates.parse_date` reads it."""


@dataclass(frozen=True)
class Sitemap:
    """What one sitemap document lists: an index lists sitemaps, a URL set pages."""

    sitemaps: tuple[SitemapEntry, ...]
    """Child sitemaps, in document order (empty for a URL set)."""
    pages: tuple[SitemapEntry, ...]
    """Page URLs, in document order (empty for an index)."""


# Core WordPress, pretty form: the last path segment.
_CORE_POSTS = re.compile(r"^wp-sitemap-posts-(.+)-\d+\.xml$")
_CORE_TAXONOMIES = re.compile(r"^wp-sitemap-taxonomies-.+-\d+\.xml$")
_CORE_USERS = re.compile(r"^wp-sitemap-users-\d+\.xml$")
_CORE_QUERY_KINDS = {
    "taxonomies": SitemapKind.TAXONOMY,
    "users": SitemapKind.USERS,
}
# Google XML Sitemaps; the month or page suffix varies between its versions.
_GOOGLE_PLUGIN = (
    (re.compile(r"^sitemap-pt-post-"), SitemapKind.POSTS),
    (re.compile(r"^sitemap-pt-page-"), SitemapKind.PAGES),
    (re.compile(r"^sitemap-pt-"), SitemapKind.OTHER),
    (re.compile(r"^sitemap-tax-"), SitemapKind.TAXONOMY),
    (re.compile(r"^sitemap-authors\."), SitemapKind.USERS),
    (re.compile(r"^sitemap-(?:misc|archives)\."), SitemapKind.OTHER),
)
# Yoast and the plugins that copy it: `{post type or taxonomy}-sitemap[N].xml`.
_YOAST = re.compile(r"^(.+)-sitemap\d*\.xml$")
_YOAST_KINDS = {
    "post": SitemapKind.POSTS,
    "page": SitemapKind.PAGES,
    "category": SitemapKind.TAXONOMY,
    "post_tag": SitemapKind.TAXONOMY,
    "post_format": SitemapKind.TAXONOMY,
    "author": SitemapKind.USERS,
    "attachment": SitemapKind.OTHER,
}
# Post types whose sitemaps hold blog posts or pages, whatever the plugin.
_POST_TYPE_KINDS = {"post": SitemapKind.POSTS, "page": SitemapKind.PAGES}

_ROBOTS_SITEMAP = re.compile(r"^\s*sitemap\s*:\s*(\S+)", re.IGNORECASE)


def read_sitemap(data: bytes | str, *, max_bytes: int = DEFAULT_MAX_XML_BYTES) -> Sitemap:
    """The entries of a sitemap index or URL set (see the module docstring).

    Gzipped bytes are inflated first, to at most `max_bytes`. Entries without a `<loc>`
    are left out. Raises `XmlRejected` for anything unsafe, oversized, malformed or not a
    sitemap (see `xmlsafe`).
    """
    if isinstance(data, bytes) and data.startswith(GZIP_MAGIC):
        data = gunzip_capped(data, max_bytes=max_bytes)
    root = parse_untrusted_xml(data, max_bytes=max_bytes)
    kind = require_root(root, {"sitemapindex", "urlset"}, "a sitemap")
    entries = tuple(
        entry
        for element in root
        if local_name(element) in ("sitemap", "url") and (entry := _entry(element)) is not None
    )
    if kind == "sitemapindex":
        return Sitemap(sitemaps=entries, pages=())
    return Sitemap(sitemaps=(), pages=entries)


def sitemap_kind(url: str) -> SitemapKind:
    """What the sitemap at `url` lists, judged by the names core WordPress, Yoast (and its
    imitators) and Google XML Sitemaps give their sitemaps."""
    parts = urlsplit(url.strip())
    query = dict(parse_qsl(parts.query))
    if "sitemap" in query:
        return _core_query_kind(query["sitemap"], query.get("sitemap-subtype", ""))
    name = parts.path.rsplit("/", 1)[-1].lower().removesuffix(".gz")
    if match := _CORE_POSTS.match(name):
        return _POST_TYPE_KINDS.get(match[1], SitemapKind.OTHER)
    if _CORE_TAXONOMIES.match(name):
        return SitemapKind.TAXONOMY
    if _CORE_USERS.match(name):
        return SitemapKind.USERS
    for pattern, kind in _GOOGLE_PLUGIN:
        if pattern.match(name):
            return kind
    if match := _YOAST.match(name):
        return _YOAST_KINDS.get(match[1], SitemapKind.UNKNOWN)
    return SitemapKind.UNKNOWN


def may_hold_posts(url: str) -> bool:
    """False for a sitemap that by its name lists only pages, terms, users or other post
    types: one a crawl for posts can skip."""
    return sitemap_kind(url) in (SitemapKind.POSTS, SitemapKind.UNKNOWN)


def sitemaps_from_robots(text: str) -> list[str]:
    """The http(s) URLs of the `Sitemap:` lines of a robots.txt (the field name in any
    case), in order, each once. Comments (`#` to the end of the line) are ignored, and so
    are relative URLs, which the protocol does not allow."""
    found: list[str] = []
    for line in text.removeprefix("\ufeff").splitlines():
        match = _ROBOTS_SITEMAP.match(line.split("#", 1)[0])
        if match is None:
            continue
        url = match[1]
        if urlsplit(url).scheme.lower() in ("http", "https") and url not in found:
            found.append(url)
    return found


def _core_query_kind(sitemap: str, subtype: str) -> SitemapKind:
    if sitemap == "posts":
        return _POST_TYPE_KINDS.get(subtype, SitemapKind.OTHER)
    return _CORE_QUERY_KINDS.get(sitemap, SitemapKind.UNKNOWN)


def _entry(element: etree._Element) -> SitemapEntry | None:
    url = _child_text(element, "loc")
    if not url:
        return None
    return SitemapEntry(url=url, lastmod=_child_text(element, "lastmod") or None)


def _child_text(element: etree._Element, name: str) -> str:
    # By local name: the protocol's namespace is often missing or misspelt.
    return next(((child.text or "").strip() for child in element if local_name(child) == name), "")
