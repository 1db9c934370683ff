"""Links of real WordPress 6.1 pages (`ncia_scraper.extract.listing`): Twenty Twenty-One (a
classic theme) and Twenty Twenty-Three (a block theme), `/%year%/%monthnum%/%postname%/`
and plain `?p=N` permalinks, saved from the tests' WordPress by
tests/fixtures/wordpress/listings/capture.py.

Every expected link is built from the database (`database.json`, read with SQL) and
WordPress's rules (`expected.py`), not from the extractor's output.
"""

from __future__ import annotations

import re

import pytest

from ncia_scraper.extract.listing import Links, extract_links
from ncia_scraper.extract.page import Page
from ncia_scraper.extract.urls import UrlKind, classify
from tests.fixtures.wordpress.listings.expected import (
    CAPTURED,
    DATABASE,
    SavedPage,
    saved_pages,
)

PAGES = saved_pages()
LISTINGS = [page for page in PAGES if page.what["type"] != "post"]
POSTS = [page for page in PAGES if page.what["type"] == "post"]


def links_of(saved: SavedPage) -> Links:
    return extract_links(saved.page(), saved.root)


def _ids(pages: list[SavedPage]) -> list[str]:
    return [page.file.removesuffix(".html") for page in pages]


@pytest.mark.parametrize("saved", LISTINGS, ids=_ids(LISTINGS))
def test_listing_posts_are_the_loop_then_the_widgets(saved: SavedPage) -> None:
    site, what = saved.site, saved.what
    links = links_of(saved)
    loop = [
        site.post_url(post_id)
        for post_id in site.loop(what["type"], what.get("key", ""), what["page"])
    ]
    assert loop, "a listing page of the fixtures shows posts"
    # The loop in the order shown (sticky posts first on the home page, once each) ...
    assert links.posts[: len(loop)] == loop
    # ... then the sidebar's posts not in the loop, and nothing else.
    widgets = {site.post_url(post_id) for post_id in site.widget_posts()}
    assert set(links.posts[len(loop) :]) == widgets - set(loop)


@pytest.mark.parametrize("saved", LISTINGS, ids=_ids(LISTINGS))
def test_listing_pagination_next_is_older(saved: SavedPage) -> None:
    site, what = saved.site, saved.what
    kind, key, page = what["type"], what.get("key", ""), what["page"]
    links = links_of(saved)
    last = site.last_page(kind, key)
    assert links.older_page == (site.listing_url(kind, key, page + 1) if page < last else None)
    assert links.newer_page == (site.listing_url(kind, key, page - 1) if page > 1 else None)


@pytest.mark.parametrize("saved", LISTINGS, ids=_ids(LISTINGS))
def test_listing_links_only_listings_and_the_themes_static_pages(saved: SavedPage) -> None:
    site = saved.site
    links = links_of(saved)
    for url in links.listings:
        assert classify(url, saved.root) is UrlKind.LISTING, url
    # Twenty Twenty-One prints each post's categories and tags (`rel="category tag"`,
    # `rel="tag"`); Twenty Twenty-Three's listings print neither.
    what = saved.what
    shown = [
        site.post(post_id) for post_id in site.loop(what["type"], what.get("key", ""), what["page"])
    ]
    if saved.theme == "twentytwentyone":
        terms = {
            site.listing_url("category", slug) for post in shown for slug in post["categories"]
        }
        terms |= {site.listing_url("tag", slug) for post in shown for slug in post["tags"] or ()}
        # The page's own listing is not a new page.
        own = site.listing_url(what["type"], what.get("key", ""), what["page"])
        assert terms - {own} <= set(links.listings)
    # Only Twenty Twenty-Three's header lists the static pages (its Page List block).
    static = [site.static_page_url(page) for page in DATABASE["static_pages"]]
    expected_pages = static if saved.theme == "twentytwentythree" else []
    assert sorted(links.pages) == sorted(expected_pages)
    assert links.comment_feed is None


@pytest.mark.parametrize("saved", PAGES, ids=_ids(PAGES))
def test_nothing_private_nothing_that_is_not_a_page(saved: SavedPage) -> None:
    site = saved.site
    links = links_of(saved)
    public = {site.post_url(post["id"]) for post in DATABASE["posts"]}
    assert set(links.posts) <= public
    hidden_slugs = {post["slug"] for post in DATABASE["hidden_posts"] if post["slug"]}
    hidden_ids = {f"p={post['id']}" for post in DATABASE["hidden_posts"]}
    followed = [*links.posts, *links.listings]
    for url in followed:
        assert not any(slug in url for slug in hidden_slugs), url
        assert not any(url.endswith(post_id) for post_id in hidden_ids), url
        for part in ("replytocom", "feed", "wp-json", "rest_route", "wp-admin", "wp-login",
                     "xmlrpc", "wp-content", "wp-includes", "#"):  # fmt: skip
            assert part not in url, url
    assert len(followed) == len(set(followed))
    # No part of a post (a split post's page, a comment page, this post's or another's) is
    # a post, a listing or a static page: the post's own are read as its parts, another's
    # give that post.
    for url in [*followed, *links.pages]:
        assert classify(url, saved.root) not in (UrlKind.POST_PAGE, UrlKind.COMMENT_PAGE), url


def test_walking_the_home_listing_reaches_every_public_post() -> None:
    """Twenty Twenty-Three with plain permalinks, every page saved: from the home page,
    the older pages one after the other reach each public post, and then end."""
    by_url = {
        page.url: page for page in PAGES if page.theme == "twentytwentythree" and not page.pretty
    }
    home = next(page for page in by_url.values() if page.what == {"type": "home", "page": 1})
    site = home.site
    found: list[str] = []
    visited: list[str] = []
    url: str | None = home.url
    while url is not None:
        visited.append(url)
        links = links_of(by_url[url])
        found.extend(links.posts)
        url = links.older_page
    assert visited == [site.listing_url("home", page=page) for page in range(1, 18)]
    assert set(found) == {site.post_url(post["id"]) for post in DATABASE["posts"]}
    # Sticky posts are on page 1 and again in their place: twice, as WordPress lists them.
    assert len(found) == len(DATABASE["posts"]) + len(DATABASE["sticky"])


@pytest.mark.parametrize("saved", POSTS, ids=_ids(POSTS))
def test_post_page_links(saved: SavedPage) -> None:
    site, what = saved.site, saved.what
    post_id = what["id"]
    links = links_of(saved)
    own = site.post_url(post_id)
    expected = site.widget_posts() + (
        site.adjacent(post_id) if saved.theme == "twentytwentyone" else []
    )
    assert set(links.posts) == {site.post_url(other) for other in expected} - {own}
    assert links.older_page is None and links.newer_page is None
    assert links.comment_feed == site.comment_feed(post_id)
    # The post's own parts (its other pages, its comment pages) are read as parts of it
    # (`extract.post_pagination`), never followed as pages of their own.
    parts = {site.post_url(post_id, page=n) for n in range(2, site.post(post_id)["pages"] + 1)}
    parts |= {site.post_url(post_id, cpage=n) for n in range(1, site.comment_pages(post_id) + 1)}
    assert not parts & {*links.posts, *links.listings, *links.pages}


def test_the_traps_are_in_the_saved_pages() -> None:
    """The forms the tests above prove harmless are really there."""
    post = next(page for page in POSTS if page.file == "tt1-pretty-post-37.html")
    html = post.html()
    assert "?replytocom=" in html
    # The Latest Comments block links other posts' comment pages, to a comment.
    other = post.site.post_url(DATABASE["recent_comment_posts"][0])
    assert f'href="{other}comment-page-1/#comment-' in html
    home = next(page for page in LISTINGS if page.file == "tt1-pretty-home.html")
    assert "sticky" in home.html()


_LATEST_POSTS = re.compile(r'<ul class="wp-block-latest-posts__list.*?</ul>', re.DOTALL)


@pytest.mark.parametrize("file", ["tt1-pretty-post-37.html", "tt1-plain-post-37.html"])
def test_recent_comments_give_their_posts(file: str) -> None:
    """The Latest Comments block links other posts only by a comment page of theirs
    (`POST/comment-page-N/#comment-M`, `?p=N&cpage=N#comment-M`): that post, read whole,
    is a post to follow, its comment page is not. Without the Recent Posts block, which
    links some of them by their permalinks too."""
    saved = _saved(file)
    site = saved.site
    html, removed = _LATEST_POSTS.subn("", saved.html())
    assert removed == 1
    links = extract_links(Page.from_html(saved.url, html, CAPTURED), saved.root)
    others = {site.post_url(post_id) for post_id in DATABASE["recent_comment_posts"]}
    linked = {href.replace("&#038;", "&") for href in re.findall(r'href="([^"]+)"', html)}
    assert not others & linked  # only a comment page of each
    assert others <= set(links.posts)
    for url in [*links.posts, *links.listings, *links.pages]:
        assert classify(url, saved.root) is not UrlKind.COMMENT_PAGE, url


def _saved(file: str) -> SavedPage:
    return next(page for page in PAGES if page.file == file)


@pytest.mark.parametrize(
    ("file", "older_label", "newer_label"),
    [
        # Twenty Twenty-One: `the_posts_pagination()`, a.next/a.prev.page-numbers.
        ("tt1-pretty-home-page-2.html", "Older <span class=\"nav-short\">posts</span>",
         "Newer <span class=\"nav-short\">posts</span>"),
        # Twenty Twenty-Three: the Query Pagination Next/Previous blocks.
        ("tt3-pretty-home-page-2.html", "Older Posts", "Newer Posts"),
    ],
)  # fmt: skip
def test_pagination_by_cores_classes_in_any_language(
    file: str, older_label: str, newer_label: str
) -> None:
    """The same page in a French site, read at an address that gives no page number (a
    front controller, an archive's copy): neither the labels nor the numbers say which way
    a link goes, the classes core prints still do."""
    saved = _saved(file)
    site = saved.site
    html = saved.html()
    assert older_label in html and newer_label in html
    html = html.replace(older_label, "Articles plus anciens")
    html = html.replace(newer_label, "Articles plus récents")
    page = Page.from_html(saved.root + "index.php", html, CAPTURED)
    links = extract_links(page, saved.root)
    assert links.older_page == site.listing_url("home", page=3)
    assert links.newer_page == site.listing_url("home", page=1)


_DATE_PREFIX = re.compile(r"(http://127\.0\.0\.1:\d+/)\d{4}/\d{2}/(?=[^/\"'\s]+/)")


def _postname_permalinks(saved: SavedPage) -> Page:
    """The saved page as WordPress prints it with `/%postname%/` permalinks: each post's
    URL loses its date, so only the markup tells a post from a static page."""
    html = _DATE_PREFIX.sub(r"\1", saved.html())
    url = _DATE_PREFIX.sub(r"\1", saved.url)
    return Page.from_html(url, html, CAPTURED)


def _postname_url(site_url: str) -> str:
    return _DATE_PREFIX.sub(r"\1", site_url)


@pytest.mark.parametrize("file", ["tt1-pretty-home.html", "tt3-pretty-home.html"])
def test_postname_permalinks_posts_by_their_title_markup(file: str) -> None:
    saved = _saved(file)
    site = saved.site
    links = extract_links(_postname_permalinks(saved), saved.root)
    loop = [_postname_url(site.post_url(post_id)) for post_id in site.loop("home")]
    assert all(classify(url, saved.root) is UrlKind.OTHER for url in loop)
    assert links.posts[: len(loop)] == loop
    static = {site.static_page_url(page) for page in DATABASE["static_pages"]}
    assert set(links.pages) == (static if saved.theme == "twentytwentythree" else set())
    assert not set(links.posts) & static


def test_postname_permalinks_single_post_by_its_body_class() -> None:
    saved = _saved("tt1-pretty-post-37.html")
    site = saved.site
    links = extract_links(_postname_permalinks(saved), saved.root)
    own = _postname_url(site.post_url(37))
    # `the_post_navigation()`: rel=prev/rel=next between single posts.
    adjacent = [_postname_url(site.post_url(post_id)) for post_id in site.adjacent(37)]
    assert set(adjacent) <= set(links.posts)
    assert own not in links.posts
    assert links.comment_feed == own + "feed/"
    assert links.older_page is None and links.newer_page is None


@pytest.mark.parametrize("file", ["tt1-pretty-post-37.html", "tt1-pretty-post-64.html"])
def test_postname_permalinks_own_parts_are_not_pages(file: str) -> None:
    """A split post's pages (`POST/2/`) look like static pages by their URL here, and its
    comment pages (`POST/comment-page-N/`) like nothing known: on the post's own pages
    they are its parts (read by `extract.post_pagination`), never posts, listings or
    static pages to follow."""
    saved = _saved(file)
    page = _postname_permalinks(saved)
    own = _postname_url(saved.site.post_url(saved.what["id"]))
    # The page links its parts: post 37 its comment pages, post 64 its other pages.
    html = _DATE_PREFIX.sub(r"\1", saved.html())
    parts = re.findall(rf'href="{re.escape(own)}((?:[2-9]|comment-page-\d)/)', html)
    assert len(set(parts)) == 2, parts
    links = extract_links(page, saved.root)
    assert not any(url.startswith(own) for url in [*links.posts, *links.listings, *links.pages])
