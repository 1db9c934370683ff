"""URL folding and classification (`ncia_scraper.extract.urls`) on a real WordPress 6.1:
every public post, static page, category, tag, author and month of the tests' database
(`tests/fixtures/wordpress/listings/database.json`, read with SQL), with
`/%year%/%monthnum%/%postname%/` and plain `?p=N` permalinks, and every link of the pages
saved from it."""

from __future__ import annotations

import re

import pytest

from ncia_scraper.extract.urls import (
    UrlKind,
    canonical_url,
    classify,
    is_static_page,
    post_of,
    split_paged,
)
from tests.fixtures.wordpress.listings.expected import DATABASE, Site, saved_pages

ROOT = "http://127.0.0.1:8081/"
PRETTY = Site(ROOT, pretty=True, theme="twentytwentyone")
PLAIN = Site(ROOT, pretty=False, theme="twentytwentyone")
SITES = pytest.mark.parametrize("site", [PRETTY, PLAIN], ids=["pretty", "plain"])
POST_IDS = [post["id"] for post in DATABASE["posts"]]


@SITES
def test_every_public_post_is_a_post_whatever_decorates_its_link(site: Site) -> None:
    for post_id in POST_IDS:
        url = site.post_url(post_id)
        assert classify(url, ROOT) is UrlKind.POST, url
        assert canonical_url(url, ROOT) == url
        assert post_of(url, ROOT) == url
        assert not is_static_page(url, ROOT)
        joiner = "&" if "?" in url else "?"
        # Fragments, reply links and tracking fold into the permalink: with plain
        # permalinks `?p=N` is the permalink, and the only query kept.
        for variant in (
            url + "#comment-12",
            url + "#respond",
            url + f"{joiner}replytocom=12#respond",
            url + f"{joiner}utm_source=feed&utm_medium=rss",
            site.post_url(post_id, page=1) + "#more-5",
        ):
            assert canonical_url(variant, ROOT) == url, variant
            assert classify(variant, ROOT) is UrlKind.POST, variant


@SITES
def test_a_posts_comment_pages_and_split_pages_are_parts_of_the_post(site: Site) -> None:
    for post_id in POST_IDS:
        url = site.post_url(post_id)
        comment_page = site.post_url(post_id, cpage=2)
        part = site.post_url(post_id, page=2)
        assert classify(comment_page, ROOT) is UrlKind.COMMENT_PAGE, comment_page
        assert classify(part, ROOT) is UrlKind.POST_PAGE, part
        for variant, canonical in (
            # The Latest Comments block's link, and reply links on a comment page.
            (comment_page + "#comment-634", comment_page),
            (_with_query(comment_page, "replytocom=634") + "#respond", comment_page),
            (part + "#content", part),
        ):
            assert canonical_url(variant, ROOT) == canonical, variant
        assert post_of(comment_page, ROOT) == post_of(part, ROOT) == url
        assert split_paged(comment_page, ROOT) == (url, 2)
        assert split_paged(part, ROOT) == (url, 2)
        assert not is_static_page(comment_page, ROOT)
        assert not is_static_page(part, ROOT)


def test_page_one_of_a_split_post_is_the_post() -> None:
    for post_id in POST_IDS[:20]:
        assert canonical_url(PRETTY.post_url(post_id) + "1/", ROOT) == PRETTY.post_url(post_id)
        assert canonical_url(PLAIN.post_url(post_id) + "&page=1", ROOT) == PLAIN.post_url(post_id)


@SITES
def test_listings_of_the_database(site: Site) -> None:
    months = {post["date"][:4] + post["date"][5:7] for post in DATABASE["posts"]}
    listings = [
        *[site.listing_url("home", page=page) for page in range(1, 18)],
        *[site.listing_url("month", month) for month in months],
        *[site.listing_url("category", row["slug"], 2) for row in DATABASE["categories"]],
        *[site.listing_url("category", row["slug"]) for row in DATABASE["categories"]],
        *[site.listing_url("author", row["slug"]) for row in DATABASE["authors"]],
        *{site.listing_url("tag", tag) for post in DATABASE["posts"] for tag in post["tags"] or ()},
    ]
    for url in listings:
        assert classify(url, ROOT) is UrlKind.LISTING, url
        assert canonical_url(url, ROOT) == url
        assert post_of(url, ROOT) is None
        assert not is_static_page(url, ROOT)


def test_page_one_of_a_listing_answers_200_and_is_the_listing() -> None:
    assert canonical_url(ROOT + "page/1/", ROOT) == ROOT
    assert canonical_url(ROOT + "?paged=1", ROOT) == ROOT
    assert canonical_url(ROOT + "tag/arts-culture/page/1/", ROOT) == ROOT + "tag/arts-culture/"
    assert canonical_url(ROOT + "?paged=1&tag=arts-culture", ROOT) == ROOT + "?tag=arts-culture"
    assert split_paged(ROOT + "?paged=3&cat=4", ROOT) == (ROOT + "?cat=4", 3)


@SITES
def test_static_pages_are_not_posts(site: Site) -> None:
    for page in DATABASE["static_pages"]:
        url = site.static_page_url(page)
        assert classify(url, ROOT) is UrlKind.OTHER, url
        assert is_static_page(url, ROOT), url
        assert post_of(url, ROOT) is None


@pytest.mark.parametrize(
    "path",
    [
        "feed/",
        "comments/feed/",
        "?feed=rss2",
        "?feed=comments-rss2",
        "tag/arts-culture/feed/",
        "2010/03/campaigning-without-a-grant-34/feed/",
        "?feed=rss2&p=37",
    ],
)
def test_feeds(path: str) -> None:
    assert classify(ROOT + path, ROOT) is UrlKind.FEED


@pytest.mark.parametrize(
    "path",
    [
        "wp-json/",
        "wp-json/wp/v2/posts/37",
        "?rest_route=/",
        "?rest_route=/wp/v2/posts&per_page=100",
        "index.php?rest_route=/wp/v2/posts/37",
        "wp-json/oembed/1.0/embed?url=http%3A%2F%2F127.0.0.1%2F%3Fp%3D37",
        "?p=37&embed=true",
        "2010/03/campaigning-without-a-grant-34/embed/",
        "2010/03/campaigning-without-a-grant-34/trackback/",
        "wp-admin/",
        "wp-admin/admin-ajax.php",
        "wp-login.php",
        "wp-login.php?action=lostpassword",
        "xmlrpc.php",
        "xmlrpc.php?rsd",
        "wp-content/themes/twentytwentyone/style.css?ver=1.7",
        "wp-includes/wlwmanifest.xml",
        "wp-sitemap.xml",
        "?sitemap=posts&sitemap-subtype=post&paged=1",
        "?s=funding",
        "page/2/?s=funding",
    ],
)
def test_not_pages_to_crawl(path: str) -> None:
    url = ROOT + path
    assert classify(url, ROOT) is UrlKind.OTHER, url
    assert not is_static_page(url, ROOT), url


_HREF = re.compile(r"""href=["']([^"']+)["']""")


def test_every_link_of_the_saved_pages() -> None:
    """Each same-site link of the pages saved from the real WordPress lands where the
    database says: a public post's permalink, or a part of one, or a listing, a feed, a
    static page, or something that is no page of the blog."""
    for saved in saved_pages():
        site = saved.site
        posts = {site.post_url(post_id) for post_id in POST_IDS}
        # The shortlink (`<link rel=shortlink>`) is `?p=N` whatever the permalinks.
        posts |= {f"{saved.root}?p={post_id}" for post_id in POST_IDS}
        statics = {site.static_page_url(page) for page in DATABASE["static_pages"]}
        listings = _every_listing(site)
        for raw in _HREF.findall(saved.html()):
            href = raw.replace("&#038;", "&").replace("&amp;", "&")
            if not href.startswith(saved.root):
                continue
            kind = classify(href, saved.root)
            url = canonical_url(href, saved.root)
            assert "replytocom" not in url and "#" not in url, href
            if kind in (UrlKind.POST, UrlKind.POST_PAGE, UrlKind.COMMENT_PAGE):
                assert post_of(href, saved.root) in posts, href
            elif kind is UrlKind.LISTING:
                assert url in listings, href
            elif kind is UrlKind.OTHER and is_static_page(href, saved.root):
                assert url in statics, href
            elif kind is UrlKind.OTHER:
                assert _not_a_page(url, saved.root), href


def _every_listing(site: Site) -> set[str]:
    """Every page of every listing the database has: home, months, categories, tags and
    authors."""
    keys = [
        ("home", ""),
        *[("month", post["date"][:4] + post["date"][5:7]) for post in DATABASE["posts"]],
        *[("category", row["slug"]) for row in DATABASE["categories"]],
        *[("author", row["slug"]) for row in DATABASE["authors"]],
        *[("tag", tag) for post in DATABASE["posts"] for tag in post["tags"] or ()],
    ]
    return {
        site.listing_url(kind, key, page)
        for kind, key in set(keys)
        for page in range(1, site.last_page(kind, key) + 1)
    }


def _not_a_page(url: str, root: str) -> bool:
    rest = url.removeprefix(root)
    return rest.startswith(("wp-", "xmlrpc.php", "index.php?rest_route=", "?rest_route="))


def _with_query(url: str, query: str) -> str:
    return url + ("&" if "?" in url else "?") + query
