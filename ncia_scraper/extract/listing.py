"""The links a crawler follows from any page of the site: posts, listings, pagination.

Works on listing pages (home, `/page/N/`, date, tag, category and author archives) and
on post pages alike: every same-site `<a>`/`<area>` link, head `<link>` and archive
dropdown `<option>` is classified by its URL (`urls.classify`), so the forms below are
found wherever a theme puts them, and off-site links never appear. Forms read
(`../shared/reference/markup.md` sections 1 and 4):

- posts: titles `h1 > a[rel=bookmark]`, "Read more" links `PERMALINK#more-N`, comment
  links `#comments`, head `rel='prev'`/`rel='next'` on single posts, links in bodies;
- listings: `<link rel='archives'>` (one per month, `wp_get_archives` format=link), the
  archives widget `select[name=archive-dropdown]` options, tag cloud `a.tag-link-N` and
  `rel="tag"`, `rel="category tag"`, category lists, the home link, pagination;
- pagination, two forms: `posts_nav_link()` ("« Previous Page — Next Page »") and
  `div.alignleft`/`div.alignright` with `next_posts_link('« Previous Entries')` /
  `previous_posts_link('Next Entries »')`. In WordPress `next_posts_link` always points
  to page + 1, the OLDER posts, whatever its label says, and `previous_posts_link` to
  the newer ones; so a label is read as the function that prints it: "Next Page" and
  "Previous Entries" are older, "Previous Page" and "Next Entries" newer. Links with
  other labels (numbered navigation) are placed by their page number.
- the post's comment feed, `PERMALINK/feed/` (`feed_links_extra`, "… Comments Feed");
- static pages (`/about/`, the navbar's `wp_list_pages`), which show the sidebar too.

The page's own URL (its canonical link, self-links such as `#respond`) is left out of
`posts` and `listings`: it is not a new page.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from lxml.html import HtmlElement

from ncia_scraper.extract.page import Page, xpath
from ncia_scraper.extract.urls import (
    UrlKind,
    canonical_url,
    classify,
    is_same_site,
    is_static_page,
    split_paged,
)
from ncia_scraper.text import squash

__all__ = ["Links", "extract_links"]


@dataclass(frozen=True)
class Links:
    """What a page links to, canonical URLs in page order without duplicates."""

    posts: list[str]
    """Single-post pages."""
    listings: list[str]
    """Listing pages: home, pagination, date, tag, category and author archives."""
    older_page: str | None
    """The next page of this listing towards older posts (`next_posts_link`), or None."""
    newer_page: str | None
    """The previous page of this listing, towards newer posts (`previous_posts_link`)."""
    comment_feed: str | None
    """On a post page, the post's comment feed (`PERMALINK/feed/`), else None."""
    pages: list[str] = field(default_factory=list)
    """Static WordPress pages (`/about/`): no post, but the sidebar (`urls.is_static_page`)."""


# Labels by the WordPress function that prints them (arrows and case ignored):
# `next_posts_link` (page + 1, older) and `previous_posts_link` (page − 1, newer).
# "Next Page"/"Previous Page" are core's defaults (`posts_nav_link`); "Previous Entries"
# /"Next Entries" are the Revolution family's; "Older/Newer …" are Kubrick's and later.
_OLDER_LABELS = {
    "next page", "previous entries", "older entries", "older posts", "previous posts",
    "older", "older articles", "previous articles",
}  # fmt: skip
_NEWER_LABELS = {
    "previous page", "next entries", "newer entries", "newer posts", "next posts",
    "newer", "newer articles", "next articles",
}  # fmt: skip
_ARROWS = re.compile(r"[«»‹›←→<>]|&[lr]aquo;")

# Head links that name the page itself (`?p=N` only redirects to it).
_SELF_RELS = {"canonical", "shortlink"}
_STRING = xpath("string()")


@dataclass(frozen=True)
class _Elements:
    """What links are read from, gathered in one walk of the page.

    One `iter()` over four tag names, filtered in Python, rather than the XPath
    `//a[@href] | //area[@href] | //link[@href] | //select//option` and separate queries
    for anchors and head links: libxml2 merges a union's four node sets by sorting them,
    which took four times as long as the walk, and the other queries walked the page again.
    """

    candidates: list[tuple[str, HtmlElement]]
    """(href, node) in document order: anchors, image-map areas, head links (except those
    naming the page itself), and the options of a select that navigates (the archives
    dropdown)."""
    anchors: list[HtmlElement]
    """`//a[@href]`."""
    head_links: list[HtmlElement]
    """`//head/link[@href]`."""
    canonicals: list[str]
    """The `href`s of the head links with `rel=canonical`, in order."""


def _elements(page: Page) -> _Elements:
    candidates: list[tuple[str, HtmlElement]] = []
    anchors: list[HtmlElement] = []
    head_links: list[HtmlElement] = []
    canonicals: list[str] = []
    # Plain lxml elements: a page has hundreds of links, and wrapping each in a parsel
    # Selector cost more than everything else done with it.
    for node in page.selector.root.iter("a", "area", "link", "option"):
        tag = node.tag
        if tag == "option":
            # Option values of other selects are ids, not URLs (`wp_dropdown_categories`).
            if next(node.iterancestors("select"), None) is not None:
                value = (node.get("value") or "").strip()
                if "/" in value:
                    candidates.append((value, node))
            continue
        href = node.get("href")
        if href is None:
            continue
        if tag == "a":
            anchors.append(node)
        elif tag == "link":
            rels = _rels(node)
            parent = node.getparent()
            if parent is not None and parent.tag == "head":
                head_links.append(node)
                if "canonical" in rels:
                    canonicals.append(href)
            if rels & _SELF_RELS:
                continue
        candidates.append((href.strip(), node))
    return _Elements(candidates, anchors, head_links, canonicals)


@lru_cache(maxsize=32768)
def _target(href: str, site_root: str) -> tuple[str, UrlKind] | None:
    """(canonical URL, kind) of a same-site link target, None for the rest. One cached call
    per link instead of four: every page repeats the site's sidebar links."""
    if not href or href.startswith(("#", "javascript:", "mailto:")):
        return None
    if not is_same_site(href, site_root):
        return None
    url = canonical_url(href, site_root)
    return url, classify(url, site_root)


def extract_links(page: Page, site_root: str) -> Links:
    """Classify every same-site link of `page`; see the module docstring for the forms."""
    elements = _elements(page)
    self_urls = _self_urls(page, site_root, elements)
    posts: dict[str, None] = {}
    listings: dict[str, None] = {}
    static: dict[str, None] = {}
    feeds: list[tuple[str, str]] = []

    for href, node in elements.candidates:
        target = _target(href, site_root)
        if target is None:
            continue
        url, kind = target
        if kind is UrlKind.FEED:
            feeds.append((url, squash(node.attrib.get("title"))))
        if url in self_urls:
            continue
        if kind is UrlKind.POST:
            posts.setdefault(url)
        elif kind is UrlKind.LISTING:
            listings.setdefault(url)
        elif is_static_page(url, site_root):
            static.setdefault(url)

    older, newer = _pagination(page, site_root, elements)
    return Links(
        posts=list(posts),
        listings=list(listings),
        older_page=older,
        newer_page=newer,
        comment_feed=_comment_feed(page, site_root, elements, feeds),
        pages=list(static),
    )


def _self_urls(page: Page, site_root: str, elements: _Elements) -> set[str]:
    urls = {canonical_url(page.url, site_root)}
    for href in elements.canonicals:
        if is_same_site(href, site_root):
            urls.add(canonical_url(href, site_root))
    return urls


def _pagination(page: Page, site_root: str, elements: _Elements) -> tuple[str | None, str | None]:
    """(older, newer): by label first, then head `rel=next/prev`, then page numbers.

    On a listing, only links to another page of the same listing count (a tag named
    "older" is not pagination); a single post has no listing pagination at all. A page
    whose own URL says nothing (neither) is read by its labels alone.
    """
    own_kind = classify(page.url, site_root)
    if own_kind is UrlKind.POST:
        return None, None
    base, number = split_paged(page.url, site_root)
    older: str | None = None
    newer: str | None = None
    numbered: list[str] = []
    for anchor in elements.anchors:
        href = anchor.attrib["href"].strip()
        if not href or href.startswith("#") or not is_same_site(href, site_root):
            continue
        if _rels(anchor) & {"tag", "category"}:
            continue
        url = canonical_url(href, site_root)
        if classify(url, site_root) is not UrlKind.LISTING:
            continue
        if own_kind is UrlKind.LISTING and split_paged(url, site_root)[0] != base:
            continue
        label = squash(_ARROWS.sub(" ", squash(_STRING(anchor)))).lower()
        if label in _OLDER_LABELS:
            older = older or url
        elif label in _NEWER_LABELS:
            newer = newer or url
        else:
            numbered.append(url)

    # SEO plugins print rel=next (page + 1) and rel=prev on paged listings.
    for link in elements.head_links:
        rels = _rels(link)
        href = link.attrib["href"]
        if not is_same_site(href, site_root):
            continue
        url = canonical_url(href, site_root)
        if classify(url, site_root) is not UrlKind.LISTING:
            continue
        if own_kind is UrlKind.LISTING and split_paged(url, site_root)[0] != base:
            continue
        if "next" in rels:
            older = older or url
        elif "prev" in rels or "previous" in rels:
            newer = newer or url

    if own_kind is UrlKind.LISTING and (older is None or newer is None):
        for url in numbered:
            other_base, other_number = split_paged(url, site_root)
            if other_base != base:
                continue
            if other_number == number + 1:
                older = older or url
            elif other_number == number - 1:
                newer = newer or url
    return older, newer


def _comment_feed(
    page: Page, site_root: str, elements: _Elements, feeds: list[tuple[str, str]]
) -> str | None:
    """The post's comment feed: the linked one, else derived from the permalink."""
    permalink = _permalink(page, site_root, elements)
    if permalink is None:
        return None
    derived = _feed_of(permalink)
    for url, _title in feeds:
        if url == derived:
            return url
    # `feed_links_extra` titles it "SITE » TITLE Comments Feed"; the site-wide
    # comments feed (`/comments/feed/`) is not the post's.
    for url, title in feeds:
        if title.endswith("Comments Feed") and not urlsplit(url).path.endswith("/comments/feed/"):
            return url
    return derived


def _permalink(page: Page, site_root: str, elements: _Elements) -> str | None:
    for href in elements.canonicals:
        if is_same_site(href, site_root):
            url = canonical_url(href, site_root)
            if classify(url, site_root) is UrlKind.POST:
                return url
    url = canonical_url(page.url, site_root)
    return url if classify(url, site_root) is UrlKind.POST else None


def _feed_of(permalink: str) -> str:
    parts = urlsplit(permalink)
    if parts.query:  # `?p=N` → `?feed=rss2&p=N` (no pretty permalinks)
        pairs = [*parse_qsl(parts.query), ("feed", "rss2")]
        return urlunsplit(parts._replace(query=urlencode(sorted(pairs))))
    return permalink + "feed/"


def _rels(node: HtmlElement) -> set[str]:
    return set((node.attrib.get("rel") or "").lower().split())
