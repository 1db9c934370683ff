"""SEO plugins' JSON-LD and Open Graph metadata (`ncia_scraper.extract.metadata`), and
`extract.post` reading it where the page's own markup gives nothing.

Fixtures (`tests/fixtures/metadata/`): a Yoast SEO 20.x-style head, a Rank Math-style
head, a head with Open Graph tags only, and a post page of a theme no profile names."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import lxml.html
import pytest

from ncia_scraper.extract.metadata import Metadata, read_metadata
from ncia_scraper.extract.page import Page
from ncia_scraper.extract.post import extract_post, is_post_page

FIXTURES = Path(__file__).parents[1] / "fixtures" / "metadata"
CAPTURED = datetime(2024, 1, 10, 12, 0, tzinfo=UTC)
FETCHED = datetime(2024, 1, 10, 12, 0, 5, tzinfo=UTC)
POST_URL = "https://voices.example.org/2023/03/cuts-and-the-compact/"


def head(name: str) -> str:
    return (FIXTURES / name).read_text(encoding="utf-8")


def metadata_of(head_html: str) -> Metadata:
    return read_metadata(lxml.html.document_fromstring(f"<html><head>{head_html}</head></html>"))


def test_yoast_graph() -> None:
    meta = metadata_of(head("yoast-head.html"))
    assert meta == Metadata(
        is_article=True,
        # The Article's headline is the post title; the entity Yoast leaves is decoded.
        title="Cuts & the Compact: a year on",
        url=POST_URL,
        published="2023-03-14T09:30:00+00:00",
        modified="2023-04-02T16:05:11+00:00",
        author="Jane O'Brien",
        categories=["News", "Viewpoint"],
        tags=["local groups", "Compact & commissioning"],
    )


def test_author_by_reference_to_person_node() -> None:
    # Yoast before 17 gave the Article's author as a bare reference.
    html = head("yoast-head.html").replace(
        '"author":{"name":"Jane O\'Brien","@id"', '"author":{"@id"'
    )
    assert '"author":{"@id"' in html
    assert metadata_of(html).author == "Jane O'Brien"


def test_rank_math_graph() -> None:
    meta = metadata_of(head("rankmath-head.html"))
    # The headline is the SEO title: the site name after the separator is not the post's.
    assert meta.title == "Why we said no to the contract"
    assert meta.is_article
    assert meta.published == "2022-11-18T17:45:00+00:00"
    assert meta.modified == "2022-11-20T08:00:00+00:00"
    assert meta.author == "Sam Patel"
    assert meta.categories == ["Campaigns"]
    # Tags from `article:tag`; the `keywords` string is the focus keyword, not a tag.
    assert meta.tags == ["contracts", "local authority"]


def test_open_graph_only() -> None:
    meta = metadata_of(head("og-only-head.html"))
    assert meta == Metadata(
        is_article=True,
        title="Notes from the spring gathering",
        url="https://voices.example.org/2021/05/spring-gathering/",
        published="2021-05-03T12:00:00+01:00",
        modified="2021-05-04T09:12:30+01:00",
        # `article:author` is a profile URL here, not a name.
        author=None,
        categories=["Events"],
        tags=["gatherings"],
    )


@pytest.mark.parametrize(
    "script",
    [
        '{"@context":"https://schema.org","@graph":[{"@type":"Article","headline":"Bro',
        "not json at all",
        '["just", "strings"]',
        '{"@graph": "not a list", "@type": 7}',
        '{"@type":"Article","headline":{"x":1},"author":[42],"articleSection":7}',
        "",
    ],
)
def test_malformed_json_ld_is_skipped(script: str) -> None:
    og = '<meta property="og:title" content="From OG" />'
    meta = metadata_of(f'<script type="application/ld+json">{script}</script>{og}')
    assert meta.title == "From OG"
    assert meta.author is None
    assert meta.categories == []


def test_a_good_script_after_a_broken_one_is_read() -> None:
    broken = '<script type="application/ld+json">{"@graph": [</script>'
    meta = metadata_of(broken + head("yoast-head.html"))
    assert meta.title == "Cuts & the Compact: a year on"


def test_unknown_theme_post_read_completely() -> None:
    page = Page.from_html(POST_URL, head("post-unknown-theme.html"), CAPTURED)
    assert is_post_page(page)
    post = extract_post(page, comment_count=0, fetched_at=FETCHED)
    assert post is not None
    assert post.post_id == 812
    assert post.url == POST_URL
    assert post.title == "Cuts & the Compact: a year on"
    # The page's own <time> first; the modification date only the metadata gives.
    assert (post.published, post.published_raw, post.published_gmt) == (
        "2023-03-14T09:30:00+00:00",
        "14 March 2023",
        "2023-03-14T09:30:00Z",
    )
    assert (post.modified, post.modified_gmt) == (
        "2023-04-02T16:05:11+00:00",
        "2023-04-02T16:05:11Z",
    )
    assert post.author == "Jane O'Brien"
    assert post.categories == ["News"]
    assert post.tags == ["local groups"]
    assert post.content_text == (
        "A year after the Compact was refreshed, local groups count the cost.\n\n"
        "Read the full report."
    )
    assert post.links == ["https://voices.example.org/report/"]
    assert "Filed in" not in post.content_html and "Older post" not in post.content_text


def _page(body_class: str, body: str, head_html: str, url: str = POST_URL) -> Page:
    html = f"<html><head>{head_html}</head><body class='{body_class}'>{body}</body></html>"
    return Page.from_html(url, html, CAPTURED)


def test_listing_with_seo_title_is_not_a_post() -> None:
    # Yoast on the blog's home: the listing's own `og:title`, `og:type` website.
    listing_head = (
        '<meta property="og:type" content="website" />'
        '<meta property="og:title" content="Community Voices" />'
    )
    body = "<h2 class='teaser'>Community Voices</h2><h2 class='teaser'>Another post</h2>"
    for classes in ("home blog", "archive category category-news", "page-id-4 page"):
        assert (
            extract_post(_page(classes, body, listing_head), comment_count=0, fetched_at=FETCHED)
            is None
        )
    assert extract_post(_page("", body, listing_head), comment_count=0, fetched_at=FETCHED) is None
    # An article's metadata on a listing's body classes is still not a post.
    article_head = head("yoast-head.html")
    assert (
        extract_post(_page("home blog", body, article_head), comment_count=0, fetched_at=FETCHED)
        is None
    )


def test_single_without_any_heading_gets_the_seo_title() -> None:
    page = _page(
        "single single-post postid-90",
        "<div class='x'><p>Text.</p></div>",
        head("og-only-head.html"),
    )
    post = extract_post(page, comment_count=0, fetched_at=FETCHED)
    assert post is not None
    assert (post.post_id, post.title) == (90, "Notes from the spring gathering")
    assert (post.published, post.published_gmt) == (
        "2021-05-03T12:00:00+01:00",
        "2021-05-03T11:00:00Z",
    )
    assert (post.categories, post.tags) == (["Events"], ["gatherings"])


def _classic(head_html: str, meta: str) -> Page:
    body = (
        "<main><article id='post-7' class='post-7 post hentry'>"
        "<header class='entry-header'><h1 class='entry-title'>Page title</h1></header>"
        f"<div class='entry-content'><p>Body.</p></div><footer class='entry-footer'>{meta}</footer>"
        "</article></main>"
    )
    return _page("single single-post postid-7", body, head_html)


def test_page_markup_comes_before_metadata() -> None:
    meta = (
        "<span class='posted-on'><time class='entry-date published'"
        " datetime='2020-01-02T03:04:05+00:00'>January 2, 2020</time>"
        "<time class='updated' datetime='2020-02-02T03:04:05+00:00'>February 2, 2020</time>"
        "</span><span class='byline'><a rel='author' href='/author/x/'>X</a></span>"
        "<span class='cat-links'><a rel='category tag' href='/category/own/'>Own</a></span>"
    )
    post = extract_post(
        _classic(head("yoast-head.html"), meta), comment_count=0, fetched_at=FETCHED
    )
    assert post is not None
    assert post.title == "Page title"
    assert (post.published, post.modified) == (
        "2020-01-02T03:04:05+00:00",
        "2020-02-02T03:04:05+00:00",
    )
    assert (post.author, post.categories) == ("X", ["Own"])
    # No tags on the page: the metadata's.
    assert post.tags == ["local groups", "Compact & commissioning"]


def test_modified_from_metadata_where_the_page_prints_none() -> None:
    # Twenty Twenty-One prints one `time.published.updated`: no modification date.
    meta = (
        "<span class='posted-on'><time class='entry-date published updated' "
        "datetime='2023-03-14T09:30:00+00:00'>March 14, 2023</time></span>"
    )
    yoast = head("yoast-head.html").replace(
        '<meta property="article:modified_time" content="2023-04-02T16:05:11+00:00" />', ""
    )
    post = extract_post(_classic(yoast, meta), comment_count=0, fetched_at=FETCHED)
    assert post is not None
    assert (post.modified, post.modified_raw, post.modified_gmt) == (
        "2023-04-02T16:05:11+00:00",
        "2023-04-02T16:05:11+00:00",
        "2023-04-02T16:05:11Z",
    )


def test_no_metadata_changes_nothing() -> None:
    post = extract_post(_classic("", ""), comment_count=0, fetched_at=FETCHED)
    assert post is not None
    assert (post.published, post.modified, post.author, post.categories, post.tags) == (
        None,
        None,
        None,
        [],
        [],
    )
