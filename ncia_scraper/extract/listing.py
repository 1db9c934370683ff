"""The links a crawler follows from any page of a WordPress site: posts, listings,
pagination, static pages.

Works on listing pages (home, `/page/N/`, date, tag, category and author archives) and
on post pages alike, in any theme: every same-site `<a>`/`<area>` link, head `<link>`
and archive dropdown `<option>` is classified by its URL (`urls.classify`), so the forms
below are found wherever a theme puts them, and off-site links never appear. What
WordPress core prints in every theme is read first, a theme's own markup second. Forms
read (`../shared/reference/markup.md` sections 1 and 4, WordPress 3.3 to 6.1 core):

- posts: any link whose URL is a post's (date-based permalinks, `?p=N`), wherever it is:
  titles, "Read more"/"Continue reading" (`PERMALINK#more-N`, `a.more-link`), comment
  links `#comments`, widgets (Recent Posts; Recent Comments, whose
  `POST/comment-page-N/#comment-M` is the post's), head `rel='prev'`/`rel='next'` on
  single posts, links in bodies. A link whose URL could be a static page's
  (`/%postname%/` permalinks) is a post when the markup says so: `rel="bookmark"`, a post
  title (`.entry-title a`, `.wp-block-post-title a`, the Latest Posts block, headings in a
  `.type-post` container), `a.more-link`, or `rel=prev/next` between single posts; theme
  profile: the Revolution theme's `div.postarea` headings;
- listings: `<link rel='archives'>` (one per month, `wp_get_archives` format=link), the
  archives widget `select[name=archive-dropdown]` options, tag cloud `a.tag-link-N` and
  `rel="tag"`, `rel="category tag"`, category lists, the home link, pagination;
- pagination of a listing, read in this order (first found wins):
  1. core's classes: `paginate_links()`/`the_posts_pagination()` print `a.next.page-numbers`
     and `a.prev.page-numbers` (Twenty Twenty-One's `.nav-links`), the Query Pagination
     block `a.wp-block-query-pagination-next`/`-previous` (block themes such as Twenty
     Twenty-Three), `the_posts_navigation()` `div.nav-previous a`/`div.nav-next a`;
  2. labels: `posts_nav_link()` ("« Previous Page — Next Page »") and `div.alignleft`/
     `div.alignright` with `next_posts_link('« Previous Entries')` /
     `previous_posts_link('Next Entries »')` (the Revolution theme);
  3. head `rel=next`/`rel=prev` (SEO plugins);
  4. page numbers (numbered navigation).
  In WordPress "next" always points to page + 1, the OLDER posts, whatever its label
  says, and "previous" to the newer ones; so a label is read as the function that prints
  it: "Next Page" and "Previous Entries" are older, "Previous Page" and "Next Entries"
  newer.
- the post's comment feed, `PERMALINK/feed/` (`feed_links_extra`, "… Comments Feed");
- static pages (`/about/`, the navbar's `wp_list_pages`), which show the sidebar too.

The page's own URL (its canonical link, self-links such as `#respond`, `?replytocom=N`
reply links) and, on a part of a post, the post itself are left out of `posts` and
`listings`: they are not new pages. So are the post's own parts, a split post's other
pages (`wp_link_pages()`, `POST/N/`, `?p=N&page=N`) and its comment pages
(`POST/comment-page-N/`, `?p=N&cpage=N`): they are read as parts of the post, by
`post_pagination` (`pages.PostPage.post_pages` and `.comment_pages`), never as posts,
listings or static pages. A part of another post (a Recent Comments widget's
`POST/comment-page-N/#comment-M`) gives that post.
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
    post_of,
    split_paged,
)
from ncia_scraper.text import squash

__all__ = ["Links", "extract_links"]


@dataclass(frozen=True)
class Links:
    """What a page links to, canonical URLs in page order without duplicates."""

    posts: list[str]
    """Single-post pages (their permalinks), other than the page's own post."""
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

# Pagination by core's classes, whatever the label's language. `paginate_links()` marks
# page + 1 `next` and page − 1 `prev` (with `page-numbers`); the Query Pagination block
# names its links; `the_posts_navigation()` puts the older posts in `div.nav-previous`.
_OLDER_CLASSES = ("wp-block-query-pagination-next",)
_NEWER_CLASSES = ("wp-block-query-pagination-previous",)
_OLDER_PARENT = "nav-previous"
_NEWER_PARENT = "nav-next"

# A post's title in core markup: the `entry-title` of `post_class()` themes (hAtom; the
# Twenty-* classic themes), the Post Title block, the Latest Posts block's items.
_TITLE_CLASSES = {"entry-title", "wp-block-post-title", "wp-block-latest-posts__post-title"}
# The container `post_class()` prints around each post (`post-N type-post …`), and the
# same for a static page (search results list both).
_POST_CONTAINER = "type-post"
_PAGE_CONTAINER = "type-page"
# Theme profiles, read after core's: a container whose headings are post titles.
# Revolution (NCIA 2012): `div.postarea > h1 > a`.
_THEME_POST_CONTAINERS = {"postarea"}
_HEADINGS = {"h1", "h2", "h3", "h4", "h5", "h6"}
_TITLE_DEPTH = 5

# Head links that name the page itself (`?p=N` only redirects to it).
_SELF_RELS = {"canonical", "shortlink"}
_STRING = xpath("string()")
_OWN_PART = re.compile(r"^(?:(?P<page>\d+)|comment-page-(?P<cpage>\d+))/$")


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
    own_post = _own_post(page, site_root, elements)
    self_urls = _self_urls(page, site_root, elements)
    if own_post is not None:
        self_urls.add(own_post)
    # A post only its markup revealed (`/%postname%/`): its parts' URLs say nothing either.
    unrecognised_post = (
        own_post if own_post and classify(own_post, site_root) is UrlKind.OTHER else None
    )
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
        elif kind is UrlKind.POST_PAGE or kind is UrlKind.COMMENT_PAGE:
            # Another post's part (a Recent Comments widget): that post, read whole. The
            # page's own post's parts are `post_pagination`'s.
            post = post_of(url, site_root)
            if post is not None and post not in self_urls:
                posts.setdefault(post)
        elif unrecognised_post and _is_own_part(url, unrecognised_post):
            continue  # read by `post_pagination`, as above
        elif is_static_page(url, site_root):
            if node.tag == "a" and _names_a_post(node, own_post is not None):
                posts.setdefault(url)
            else:
                static.setdefault(url)

    older, newer = (None, None) if own_post is not None else _pagination(page, site_root, elements)
    return Links(
        posts=list(posts),
        listings=list(listings),
        older_page=older,
        newer_page=newer,
        comment_feed=_comment_feed(own_post, feeds),
        # A title link elsewhere on the page says what a navbar link to it could not.
        pages=[url for url in static if url not in posts],
    )


def _self_urls(page: Page, site_root: str, elements: _Elements) -> set[str]:
    urls = {canonical_url(page.url, site_root)}
    for href in elements.canonicals:
        if is_same_site(href, site_root):
            urls.add(canonical_url(href, site_root))
    return urls


def _own_post(page: Page, site_root: str, elements: _Elements) -> str | None:
    """The permalink of the post this page shows (or shows a part of), else None.

    By URL: the canonical link's, else the page's own (a post, a page of it, one of its
    comment pages). Where the URL cannot say (`/%postname%/`), by the `single-post` class
    that core's `body_class()` prints on a single post.
    """
    same_site = [href for href in elements.canonicals if is_same_site(href, site_root)]
    for href in [*same_site, page.url]:
        post = post_of(href, site_root)
        if post is not None:
            return post
    body = page.selector.root.find("body")
    if body is not None and "single-post" in (body.get("class") or "").split():
        return canonical_url(same_site[0] if same_site else page.url, site_root)
    return None


def _is_own_part(url: str, own_post: str) -> bool:
    """Whether `url` is a path below the post's own permalink naming one of its parts
    (`POST/2/`, `POST/comment-page-2/`), whatever the permalink structure."""
    if not url.startswith(own_post) or not own_post.endswith("/"):
        return False
    match = _OWN_PART.match(url[len(own_post) :])
    if match is None:
        return False
    return match["cpage"] is not None or int(match["page"]) > 1


def _names_a_post(anchor: HtmlElement, on_single_post: bool) -> bool:
    """Whether the markup around a link says it is a post's permalink (see the module
    docstring): core's forms first, then the theme profiles'."""
    rels = _rels(anchor)
    if "bookmark" in rels:
        return True
    if on_single_post and rels & {"prev", "next"}:  # previous_post_link, next_post_link
        return True
    classes = set((anchor.get("class") or "").split())
    if "more-link" in classes or classes & _TITLE_CLASSES:
        return True
    in_heading = in_title = False
    # Titles sit a few levels inside their post's container (`article > header > h2 > a`);
    # a link deeper than that in one is in the post's body, so the walk stops there.
    for depth, ancestor in enumerate(anchor.iterancestors()):
        if depth == _TITLE_DEPTH:
            break
        if ancestor.tag in _HEADINGS:
            in_heading = True
        class_names = ancestor.get("class")
        if not class_names:
            continue
        ancestor_classes = set(class_names.split())
        if ancestor_classes & _TITLE_CLASSES:
            in_title = True
        if _PAGE_CONTAINER in ancestor_classes:
            return False
        if _POST_CONTAINER in ancestor_classes:
            return in_title or in_heading
        if ancestor_classes & _THEME_POST_CONTAINERS:
            return in_heading
    return in_title


def _pagination(page: Page, site_root: str, elements: _Elements) -> tuple[str | None, str | None]:
    """(older, newer) of a page that is not a post: by core's classes first, then labels,
    then head `rel=next/prev`, then page numbers.

    On a listing, only links to another page of the same listing count (a tag named
    "older" is not pagination). A page whose own URL says nothing (neither) is read by
    its classes and labels alone.
    """
    own_kind = classify(page.url, site_root)
    base, number = split_paged(page.url, site_root)
    by_class: dict[str, str] = {}
    by_label: dict[str, str] = {}
    numbered: list[str] = []
    for anchor in elements.anchors:
        target = _target(anchor.attrib["href"].strip(), site_root)
        if target is None or target[1] is not UrlKind.LISTING:
            continue
        if _rels(anchor) & {"tag", "category"}:
            continue
        url = target[0]
        if own_kind is UrlKind.LISTING and split_paged(url, site_root)[0] != base:
            continue
        direction = _direction_by_class(anchor)
        if direction is not None:
            by_class.setdefault(direction, url)
            continue
        label = squash(_ARROWS.sub(" ", squash(_STRING(anchor)))).lower()
        if label in _OLDER_LABELS:
            by_label.setdefault("older", url)
        elif label in _NEWER_LABELS:
            by_label.setdefault("newer", url)
        else:
            numbered.append(url)
    older = by_class.get("older") or by_label.get("older")
    newer = by_class.get("newer") or by_label.get("newer")

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


def _direction_by_class(anchor: HtmlElement) -> str | None:
    """The direction ("older" or "newer") core's pagination classes give a link, or None."""
    classes = (anchor.get("class") or "").split()
    if "page-numbers" in classes:
        if "next" in classes:
            return "older"
        if "prev" in classes:
            return "newer"
    if any(name in classes for name in _OLDER_CLASSES):
        return "older"
    if any(name in classes for name in _NEWER_CLASSES):
        return "newer"
    parent = anchor.getparent()
    parent_classes = (parent.get("class") or "").split() if parent is not None else ()
    if _OLDER_PARENT in parent_classes:
        return "older"
    if _NEWER_PARENT in parent_classes:
        return "newer"
    return None


def _comment_feed(permalink: str | None, feeds: list[tuple[str, str]]) -> str | None:
    """The post's comment feed: the linked one, else derived from the permalink."""
    if permalink is None:
        return None
    derived = _feed_of(permalink)
    for url, _title in feeds:
        if url == derived:
            return url
    # `feed_links_extra` titles it "SITE » TITLE Comments Feed"; the site-wide
    # comments feed (`/comments/feed/`, `?feed=comments-rss2`) is not the post's.
    for url, title in feeds:
        if title.endswith("Comments Feed") and not _site_comments_feed(url):
            return url
    return derived


def _site_comments_feed(url: str) -> bool:
    parts = urlsplit(url)
    return parts.path.endswith("/comments/feed/") or "feed=comments-" in parts.query


def _feed_of(permalink: str) -> str:
    parts = urlsplit(permalink)
    if parts.query:  # `?p=N` → `?feed=rss2&p=N` (no pretty permalinks)
        pairs = [*parse_qsl(parts.query), ("feed", "rss2")]
        return urlunsplit(parts._replace(query=urlencode(sorted(pairs))))
    return permalink + "feed/"


def _rels(node: HtmlElement) -> set[str]:
    return set((node.attrib.get("rel") or "").lower().split())
