"""Sitemaps and robots.txt (extract/sitemaps.py): core WordPress, Yoast, Google XML
Sitemaps; telling a sitemap that can list posts by its URL; refusing what is not one."""

from __future__ import annotations

import gzip
from pathlib import Path

import pytest

from ncia_scraper.extract.sitemaps import (
    Sitemap,
    SitemapEntry,
    SitemapKind,
    may_hold_posts,
    read_sitemap,
    sitemap_kind,
    sitemaps_from_robots,
)
from ncia_scraper.extract.xmlsafe import (
    DEFAULT_MAX_XML_BYTES,
    MalformedXml,
    OversizedXml,
    UnexpectedXml,
    UnsafeXml,
)

FIXTURES = Path(__file__).parent / "fixtures" / "xml"
BLOG = "http://blog.example.org"


def fixture(name: str) -> bytes:
    return (FIXTURES / name).read_bytes()


def entries(*urls: str, lastmod: str | None = None) -> tuple[SitemapEntry, ...]:
    return tuple(SitemapEntry(f"{BLOG}{url}", lastmod) for url in urls)


# --- core WordPress ------------------------------------------------------------------


def test_core_index() -> None:
    sitemap = read_sitemap(fixture("core_wp_sitemap.xml"))
    assert sitemap == Sitemap(
        sitemaps=entries(
            "/wp-sitemap-posts-post-1.xml",
            "/wp-sitemap-posts-page-1.xml",
            "/wp-sitemap-taxonomies-category-1.xml",
            "/wp-sitemap-taxonomies-post_tag-1.xml",
            "/wp-sitemap-users-1.xml",
        ),
        pages=(),
    )
    assert [sitemap_kind(entry.url) for entry in sitemap.sitemaps] == [
        SitemapKind.POSTS,
        SitemapKind.PAGES,
        SitemapKind.TAXONOMY,
        SitemapKind.TAXONOMY,
        SitemapKind.USERS,
    ]
    assert [entry.url for entry in sitemap.sitemaps if may_hold_posts(entry.url)] == [
        f"{BLOG}/wp-sitemap-posts-post-1.xml"
    ]


def test_core_posts_and_users_sitemaps() -> None:
    # WordPress 6.1 prints no <lastmod> (6.5 added it).
    assert read_sitemap(fixture("core_wp_sitemap_posts_post_1.xml")) == Sitemap(
        sitemaps=(),
        pages=entries(
            "/2026/11/hello-world/",
            "/2014/09/independence-accountability-160/",
            "/2014/08/tenants-organise-159/",
            "/2014/08/evidence-from-the-front-line-158/",
            "/2014/07/closing-the-library-157/",
            "/2014/07/a-letter-to-our-members-156/",
        ),
    )
    assert read_sitemap(fixture("core_wp_sitemap_users_1.xml")).pages == entries(
        "/author/ada/", "/author/admin/", "/author/sian/", "/author/tom/"
    )


# --- Yoast -------------------------------------------------------------------------------


def test_yoast_index() -> None:
    sitemap = read_sitemap(fixture("yoast_sitemap_index.xml"))
    assert sitemap.pages == ()
    assert [(entry.url.removeprefix(BLOG), entry.lastmod) for entry in sitemap.sitemaps] == [
        ("/post-sitemap.xml", "2026-11-25T11:57:58+00:00"),
        ("/post-sitemap2.xml", "2011-03-02T10:15:00+00:00"),
        ("/page-sitemap.xml", "2026-11-25T11:57:59+00:00"),
        ("/category-sitemap.xml", "2026-11-25T11:57:58+00:00"),
        ("/post_tag-sitemap.xml", "2014-09-03T19:31:00+00:00"),
        ("/author-sitemap.xml", "2026-11-25T11:57:58+00:00"),
    ]
    assert [entry.url for entry in sitemap.sitemaps if may_hold_posts(entry.url)] == [
        f"{BLOG}/post-sitemap.xml",
        f"{BLOG}/post-sitemap2.xml",
    ]


def test_yoast_post_sitemap() -> None:
    # The home page comes first in Yoast's post sitemap: entries still need classifying.
    # Image entries are not pages; "&amp;" is decoded; escapes in a URL are kept.
    assert read_sitemap(fixture("yoast_post_sitemap.xml")).pages == (
        SitemapEntry(f"{BLOG}/", "2026-11-25T11:57:58+00:00"),
        SitemapEntry(f"{BLOG}/2026/11/hello-world/", "2026-11-25T11:57:58+00:00"),
        *entries("/2014/09/independence-accountability-160/", lastmod="2014-09-03T19:31:00+00:00"),
        SitemapEntry(f"{BLOG}/?p=171&lang=cy", "2014-08-21T11:32:00+00:00"),
        SitemapEntry(f"{BLOG}/2014/08/caf%c3%a9-society/", "2014-08-08T11:54:00+00:00"),
    )


# --- other forms -------------------------------------------------------------------------


def test_google_xml_sitemaps_single_file() -> None:
    # The 2012 plugin's output: comments before the root, changefreq, priority, dates.
    assert read_sitemap(fixture("google_xml_sitemaps_sitemap.xml")).pages == (
        SitemapEntry(f"{BLOG}/", "2012-02-17T20:11:58+00:00"),
        SitemapEntry(f"{BLOG}/2012/02/14/whose-big-society/", "2012-02-17T20:11:58+00:00"),
        SitemapEntry(f"{BLOG}/2012/01/25/the-cuts-and-us/", "2012-01-25"),
    )


@pytest.mark.parametrize(
    "namespace",
    ["", ' xmlns="http://www.google.com/schemas/sitemap/0.84"'],
    ids=["none", "old-google"],
)
def test_any_namespace_and_entries_without_loc(namespace: str) -> None:
    xml = (
        f"<urlset{namespace}><url><loc> {BLOG}/a/ </loc><lastmod> </lastmod></url>"
        "<url><lastmod>2012-01-25</lastmod></url><url><loc/></url>"
        f"<other><loc>{BLOG}/b/</loc></other></urlset>"
    )
    assert read_sitemap(xml) == Sitemap(sitemaps=(), pages=entries("/a/"))


def test_gzipped_sitemap() -> None:
    plain = fixture("yoast_post_sitemap.xml")
    assert read_sitemap(gzip.compress(plain)) == read_sitemap(plain)


def test_gzip_bomb_and_damaged_gzip() -> None:
    bomb = gzip.compress(b"<urlset>" + b" " * DEFAULT_MAX_XML_BYTES + b"</urlset>")
    with pytest.raises(OversizedXml):
        read_sitemap(bomb)
    packed = gzip.compress(fixture("yoast_post_sitemap.xml"))
    with pytest.raises(OversizedXml):
        read_sitemap(packed, max_bytes=1000)
    with pytest.raises(MalformedXml, match=r"^truncated gzip file$"):
        read_sitemap(packed[: len(packed) // 2])


# --- refused -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "error"),
    [
        # Core WordPress without PHP's SimpleXML answers its sitemaps with this (HTTP 501).
        ("wp61_sitemap_error.xml", UnexpectedXml),
        ("wp61_feed.xml", UnexpectedXml),
        ("wp61_html_404_page.html", MalformedXml),
        ("wp61_feed_truncated.xml", MalformedXml),
        ("billion_laughs.xml", UnsafeXml),
        ("xxe_file_entity.xml", UnsafeXml),
    ],
)
def test_refused_documents(name: str, error: type) -> None:
    with pytest.raises(error):
        read_sitemap(fixture(name))


def test_unexpected_root_message() -> None:
    with pytest.raises(UnexpectedXml, match=r"^not a sitemap: the root element is <error>$"):
        read_sitemap(fixture("wp61_sitemap_error.xml"))


def test_a_sitemap_over_the_cap() -> None:
    data = fixture("core_wp_sitemap.xml")
    with pytest.raises(OversizedXml):
        read_sitemap(data, max_bytes=len(data) - 1)


# --- kinds by URL ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("path", "kind"),
    [
        # core, pretty
        ("/wp-sitemap.xml", SitemapKind.UNKNOWN),
        ("/wp-sitemap-posts-post-1.xml", SitemapKind.POSTS),
        ("/wp-sitemap-posts-post-12.xml", SitemapKind.POSTS),
        ("/wp-sitemap-posts-page-1.xml", SitemapKind.PAGES),
        ("/wp-sitemap-posts-wp-block-1.xml", SitemapKind.OTHER),
        ("/wp-sitemap-posts-product-1.xml", SitemapKind.OTHER),
        ("/wp-sitemap-taxonomies-category-1.xml", SitemapKind.TAXONOMY),
        ("/wp-sitemap-taxonomies-post_tag-2.xml", SitemapKind.TAXONOMY),
        ("/wp-sitemap-users-1.xml", SitemapKind.USERS),
        ("/blog/wp-sitemap-posts-post-1.xml", SitemapKind.POSTS),
        # core, plain permalinks
        ("/?sitemap=index", SitemapKind.UNKNOWN),
        ("/?sitemap=posts&sitemap-subtype=post&paged=2", SitemapKind.POSTS),
        ("/?sitemap=posts&sitemap-subtype=page&paged=1", SitemapKind.PAGES),
        ("/?sitemap=posts&sitemap-subtype=product&paged=1", SitemapKind.OTHER),
        ("/?sitemap=taxonomies&sitemap-subtype=category&paged=1", SitemapKind.TAXONOMY),
        ("/?sitemap=users&paged=1", SitemapKind.USERS),
        # Yoast, Rank Math, All in One SEO
        ("/sitemap_index.xml", SitemapKind.UNKNOWN),
        ("/post-sitemap.xml", SitemapKind.POSTS),
        ("/post-sitemap3.xml", SitemapKind.POSTS),
        ("/page-sitemap.xml", SitemapKind.PAGES),
        ("/category-sitemap.xml", SitemapKind.TAXONOMY),
        ("/post_tag-sitemap.xml", SitemapKind.TAXONOMY),
        ("/post_format-sitemap.xml", SitemapKind.TAXONOMY),
        ("/author-sitemap.xml", SitemapKind.USERS),
        ("/attachment-sitemap.xml", SitemapKind.OTHER),
        ("/product-sitemap.xml", SitemapKind.UNKNOWN),
        ("/news-sitemap.xml", SitemapKind.UNKNOWN),
        # Google XML Sitemaps
        ("/sitemap.xml", SitemapKind.UNKNOWN),
        ("/sitemap.xml.gz", SitemapKind.UNKNOWN),
        ("/sitemap-pt-post-2012-02.xml", SitemapKind.POSTS),
        ("/sitemap-pt-post-2012-02.xml.gz", SitemapKind.POSTS),
        ("/sitemap-pt-page-2011-11.xml", SitemapKind.PAGES),
        ("/sitemap-pt-event-2011-11.xml", SitemapKind.OTHER),
        ("/sitemap-tax-category.xml", SitemapKind.TAXONOMY),
        ("/sitemap-authors.xml", SitemapKind.USERS),
        ("/sitemap-misc.xml", SitemapKind.OTHER),
        ("/sitemap-archives.xml", SitemapKind.OTHER),
        # others
        ("/sitemap-1.xml", SitemapKind.UNKNOWN),
        ("/image-sitemap-1.xml", SitemapKind.UNKNOWN),
        ("/POST-SITEMAP.XML", SitemapKind.POSTS),
    ],
)
def test_sitemap_kind(path: str, kind: SitemapKind) -> None:
    assert sitemap_kind(BLOG + path) == kind
    assert may_hold_posts(BLOG + path) is (kind in (SitemapKind.POSTS, SitemapKind.UNKNOWN))


# --- robots.txt --------------------------------------------------------------------------


def test_core_robots_txt() -> None:
    text = fixture("wp61_robots.txt").decode("utf-8")
    assert sitemaps_from_robots(text) == [f"{BLOG}/wp-sitemap.xml"]


def test_robots_txt_with_a_yoast_block_and_oddities() -> None:
    # Any case, a space before the colon, trailing comments; commented-out lines, relative
    # and non-web URLs, repeats and look-alike fields are not sitemaps.
    text = fixture("yoast_robots.txt").decode("utf-8")
    assert sitemaps_from_robots(text) == [
        f"{BLOG}/sitemap_index.xml",
        f"{BLOG}/wp-sitemap.xml",
        f"{BLOG}/sitemap-news.xml",
    ]


def test_robots_txt_line_ends_and_byte_order_mark() -> None:
    text = "\ufeffSitemap: http://a.example/s.xml\r\nUser-agent: *\rsitemap:http://a.example/t.xml"
    assert sitemaps_from_robots(text) == ["http://a.example/s.xml", "http://a.example/t.xml"]
    assert sitemaps_from_robots("") == []
    assert sitemaps_from_robots("User-agent: *\nDisallow: /\n") == []
