"""The WordPress REST API → records (`ncia_scraper.extract.api`) and the date pair it
gives (`ncia_scraper.dates.parse_local_and_gmt`).

The fixtures (`fixtures/api/`) are WordPress 6.1 answers as `wp_json_encode` writes them
(slashes and non-ASCII escaped) for a site in Europe/London: four posts (three pages
joined by `<!--nextpage-->`, a password-protected one, one with unicode, a relative link,
a `javascript:` link and an unknown category, one by an author the users list lacks),
their users and terms (an ampersand, quotes, an accent, mixed case), and seven comments
over two pages of `wp/v2/comments`, newest first as the API orders them: a thread four
deep whose top half is on the second page, an empty `author_url`, a comment on a static
page and a reply to a comment held for moderation.

`real-posts-6.1.json` and `real-post-29.html` are verbatim answers of a real WordPress
6.1.9 (Twenty Twenty-One, pretty permalinks) on loopback: a post with a "more" mark, one
split into three pages and a protected one, written by the classic editor (`wpautop`
wraps the marks in paragraphs), and the first post's page.
"""

from __future__ import annotations

import json
import logging
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from scrapy.http.headers import Headers

from ncia_scraper.dates import NO_DATE, DateValue, parse_local_and_gmt
from ncia_scraper.extract.api import (
    ApiError,
    api_root_from_html,
    api_root_from_link_header,
    endpoint_url,
    fill_depths,
    read_comments,
    read_posts,
    read_terms,
    read_users,
    total_pages,
)
from ncia_scraper.extract.page import Page
from ncia_scraper.extract.post import extract_post
from ncia_scraper.items import Comment, Post
from ncia_scraper.pipelines.validate import record_problems

FIXTURES = Path(__file__).parent / "fixtures" / "api"
SITE = "http://blog.example.org/"
CAPTURED = datetime(2012, 7, 12, 9, 0, tzinfo=UTC)
FETCHED = datetime(2012, 7, 12, 9, 0, 3, tzinfo=UTC)
P12 = SITE + "2011/11/05/independence-in-leeds/"
P47 = SITE + "2012/03/01/cuts-and-the-big-society/"
P52 = SITE + "2012/03/20/members-briefing/"
P58 = SITE + "2012/07/10/a-long-read/"


def fixture(name: str) -> bytes:
    return (FIXTURES / name).read_bytes()


def entries(name: str) -> list[dict]:
    return json.loads(fixture(name))


def body(data: object) -> str:
    return json.dumps(data)


def posts(data: bytes | str | None = None) -> list[Post]:
    return read_posts(
        fixture("posts.json") if data is None else data,
        users=read_users(fixture("users.json")),
        categories=read_terms(fixture("categories.json")),
        tags=read_terms(fixture("tags.json")),
        fetched_at=FETCHED,
        captured_at=CAPTURED,
    )


def post_urls() -> dict[int, str]:
    return {post.post_id: post.url for post in posts()}


def comments(name: str) -> list[Comment]:
    return read_comments(fixture(name), post_urls=post_urls(), captured_at=CAPTURED)


def all_comments() -> dict[int, Comment]:
    threaded = fill_depths(comments("comments-page-1.json") + comments("comments-page-2.json"))
    return {comment.comment_id: comment for comment in threaded}


def by_id(records: list[Post]) -> dict[int, Post]:
    return {record.post_id: record for record in records}


# ---------------------------------------------------------------- the date pair

LONDON = ZoneInfo("Europe/London")


@pytest.mark.parametrize(
    ("local", "gmt", "offset"),
    [
        # Winter in London: the two are equal.
        ("2012-03-01T10:05:09", "2012-03-01T10:05:09", "+00:00"),
        # British Summer Time.
        ("2012-07-10T23:30:00", "2012-07-10T22:30:00", "+01:00"),
        # Local midnight is the day before in UTC: the local date stays.
        ("2012-07-11T00:10:00", "2012-07-10T23:10:00", "+01:00"),
        # Sites elsewhere: quarter and half hours, west of Greenwich, the date line.
        ("2012-07-11T05:55:00", "2012-07-11T00:10:00", "+05:45"),
        ("2012-07-10T20:40:00", "2012-07-11T00:10:00", "-03:30"),
        ("2012-07-11T14:10:00", "2012-07-11T00:10:00", "+14:00"),
    ],
)
def test_date_pair_gives_the_offset_the_site_saved(local, gmt, offset):
    assert parse_local_and_gmt(local, gmt) == (
        DateValue(local + offset, local, "second"),
        gmt + "Z",
    )


def test_date_pair_needs_no_timezone_rules():
    # A site that moved from London to New York: the offset of an old post is the one
    # WordPress saved, whatever timezone the reader assumes now.
    new_york = ZoneInfo("America/New_York")
    value, _gmt = parse_local_and_gmt(
        "2012-07-10T23:30:00", "2012-07-10T22:30:00", timezone=new_york
    )
    assert value.value == "2012-07-10T23:30:00+01:00"


@pytest.mark.parametrize(
    "gmt",
    [
        None,
        "0000-00-00T00:00:00",  # WordPress's zero date
        "-0001-11-30T00:00:00",  # the zero date as PHP formats it
        "2012-07-11T20:00:00",  # local minus this is -20:30, no WordPress offset
        "2012-07-10T22:29:30",  # an offset with seconds
        "2012-07-10 22:30:00",  # not the API's form
    ],
)
def test_date_pair_without_a_usable_gmt_places_the_local_time_in_the_timezone(gmt):
    value, gmt_value = parse_local_and_gmt("2012-07-10T23:30:00", gmt, timezone=LONDON)
    assert value == DateValue("2012-07-10T23:30:00+01:00", "2012-07-10T23:30:00", "second")
    assert gmt_value is None


def test_date_pair_with_an_unreadable_local_time_keeps_the_text():
    assert parse_local_and_gmt("2012-02-30T10:00:00", "2012-02-29T10:00:00") == (
        DateValue(None, "2012-02-30T10:00:00", None),
        "2012-02-29T10:00:00Z",
    )
    assert parse_local_and_gmt(None, None) == (NO_DATE, None)
    assert parse_local_and_gmt("", None) == (NO_DATE, None)


# ---------------------------------------------------------------- finding the API


def test_api_root_from_the_head_with_pretty_permalinks():
    page = Page.from_html(P47, fixture("home-pretty.html").decode(), CAPTURED)
    assert api_root_from_html(page) == "http://blog.example.org/wp-json/"


def test_api_root_from_the_head_with_plain_permalinks():
    page = Page.from_html(SITE, fixture("home-plain.html").decode(), CAPTURED)
    assert api_root_from_html(page) == "http://blog.example.org/index.php?rest_route=/"


API_LINK = '<link rel="https://api.w.org/" href="{}" />'


@pytest.mark.parametrize(
    ("head", "root"),
    [
        (API_LINK.format("/blog/wp-json/"), "http://h.example/blog/wp-json/"),
        (API_LINK.format("http://h.example/?rest_route=/"), "http://h.example/?rest_route=/"),
        # Single quotes, and `&` as `esc_url` writes it.
        (
            "<link rel='https://api.w.org/' href='http://h.example/?lang=en&#038;rest_route=/' />",
            "http://h.example/?lang=en&rest_route=/",
        ),
        ('<link rel="alternate" href="http://h.example/wp-json/wp/v2/posts/1" />', None),
        (API_LINK.format("javascript:alert(1)"), None),
        (API_LINK.format("http://[oops/wp-json/"), None),
        ("", None),
    ],
)
def test_api_root_from_the_head_forms(head, root):
    page = Page.from_html("http://h.example/2012/01/25/post/", f"<head>{head}</head>", CAPTURED)
    assert api_root_from_html(page) == root


ROOT_HEADER = '<http://h.example/wp-json/>; rel="https://api.w.org/"'
ROOT = "http://h.example/wp-json/"


@pytest.mark.parametrize(
    ("value", "root"),
    [
        (ROOT_HEADER, ROOT),
        (
            '<http://h.example/index.php?rest_route=/>; rel="https://api.w.org/"',
            "http://h.example/index.php?rest_route=/",
        ),
        # Several Link headers joined, in WordPress's order on a single post.
        (
            f"{ROOT_HEADER}, "
            '<http://h.example/wp-json/wp/v2/posts/1>; rel="alternate"; type="application/json", '
            "<http://h.example/?p=1>; rel=shortlink",
            ROOT,
        ),
        (f"<http://h.example/?p=1>; rel=shortlink, {ROOT_HEADER}", ROOT),
        (f'<{ROOT}>; title="a, b; c"; rel="preload https://api.w.org/"', ROOT),
        ("<http://h.example/?p=1>; rel=shortlink", None),
        ('</wp-json/>; rel="https://api.w.org/"', None),
        ('<http://[oops/wp-json/>; rel="https://api.w.org/"', None),
        ("", None),
        (None, None),
    ],
)
def test_api_root_from_the_link_header(value, root):
    assert api_root_from_link_header(value) == root


@pytest.mark.parametrize(
    ("root", "url"),
    [
        ("http://h/wp-json/", "http://h/wp-json/wp/v2/posts?per_page=100&page=2"),
        ("http://h/wp-json", "http://h/wp-json/wp/v2/posts?per_page=100&page=2"),
        (
            "http://h/blog/index.php/wp-json/",
            "http://h/blog/index.php/wp-json/wp/v2/posts?per_page=100&page=2",
        ),
        ("http://h/?rest_route=/", "http://h/?rest_route=/wp/v2/posts&per_page=100&page=2"),
        (
            "http://h/index.php?rest_route=/",
            "http://h/index.php?rest_route=/wp/v2/posts&per_page=100&page=2",
        ),
        (
            "http://h/?lang=en&rest_route=/",
            "http://h/?lang=en&rest_route=/wp/v2/posts&per_page=100&page=2",
        ),
    ],
)
def test_endpoint_url(root, url):
    assert endpoint_url(root, "wp/v2/posts", per_page=100, page=2) == url
    assert endpoint_url(root, "/wp/v2/posts", per_page=100, page=2) == url


def test_endpoint_url_keeps_the_order_given_and_escapes_values():
    assert (
        endpoint_url("http://h/wp-json/", "wp/v2/comments", page=1, per_page=100, search="a&b c")
        == "http://h/wp-json/wp/v2/comments?page=1&per_page=100&search=a%26b+c"
    )
    assert endpoint_url("http://h/wp-json/", "wp/v2/users") == "http://h/wp-json/wp/v2/users"


@pytest.mark.parametrize(
    ("headers", "pages"),
    [
        (Headers({"X-WP-Total": "7", "X-WP-TotalPages": "2"}), 2),
        ({"x-wp-totalpages": "12"}, 12),
        ({b"X-WP-TotalPages": [b"3"]}, 3),
        ({"X-WP-TotalPages": "0"}, 1),  # an empty collection
        ({"X-WP-TotalPages": " 4 "}, 4),
        ({"X-WP-TotalPages": "lots"}, 1),
        ({"X-WP-TotalPages": "-2"}, 1),
        ({"X-WP-TotalPages": "9" * 5000}, 1),
        ({"X-WP-TotalPages": []}, 1),
        (Headers({"Content-Type": "application/json"}), 1),
        ({}, 1),
    ],
)
def test_total_pages(headers, pages):
    assert total_pages(headers) == pages


# ---------------------------------------------------------------- users and terms


def test_users_and_terms_come_unescaped():
    assert read_users(fixture("users.json")) == {
        1: "Jo Bloggs",
        2: "Siân O'Neill",
        4: "Tom & Jerry Collective",
    }
    assert read_terms(fixture("categories.json")) == {
        4: "Campaigns",
        8: "Éducation",
        3: "News & Views",
        1: "Uncategorized",
    }
    assert read_terms(fixture("tags.json")) == {
        6: "big society",
        7: 'councils\' "consultation"',
        5: "Cuts",
    }


# ---------------------------------------------------------------- posts


def test_posts_every_field():
    read = by_id(posts())
    assert list(read) == [58, 52, 47, 12]  # the API's order
    assert read[47] == Post(
        post_id=47,
        url=P47,
        title="Cuts & the “Big Society” – what now?",
        author="Tom & Jerry Collective",
        published="2012-03-01T10:05:09+00:00",
        published_raw="2012-03-01T10:05:09",
        published_precision="second",
        # Modified in British Summer Time: its own offset.
        modified="2012-04-02T12:00:00+01:00",
        modified_raw="2012-04-02T12:00:00",
        modified_precision="second",
        # By name, ignoring case and accents; category 99 is unknown and left out.
        categories=["Éducation", "News & Views", "Uncategorized"],
        tags=["big society", "Cuts"],
        content_html=(
            "<p>Zoë asked whether “localism” means anything when the money has gone – the "
            "answer, for £&nbsp;3m of cuts, is no.</p>\n\n\n\n"
            '<figure><img width="640" height="480" '
            'src="http://blog.example.org/wp-content/uploads/2012/03/march.jpg" '
            'alt="March in Trafalgar Square"></figure>\n\n\n\n'
            '<p>Read <a href="http://blog.example.org/about/">about us</a>, write to '
            '<a href="mailto:info@example.org">info@example.org</a> or '
            "<a>don’t click</a>.</p>\n\n\n\n"
            "<p>Café meeting, naïve hopes 🙂</p>"
        ),
        content_text=(
            "Zoë asked whether “localism” means anything when the money has gone – the "
            "answer, for £ 3m of cuts, is no.\n\n"
            "Read about us, write to info@example.org or don’t click.\n\n"
            "Café meeting, naïve hopes 🙂"
        ),
        excerpt=None,
        word_count=35,
        links=["http://blog.example.org/about/"],
        images=["http://blog.example.org/wp-content/uploads/2012/03/march.jpg"],
        comment_count=0,
        source="live",
        captured_at="2012-07-12T09:00:00+00:00",
        fetched_at="2012-07-12T09:00:03+00:00",
        published_gmt="2012-03-01T10:05:09Z",
        modified_gmt="2012-04-02T11:00:00Z",
        protected=False,
        page_count=1,
        found_by=["api"],
    )


def test_posts_are_valid_records():
    for record in posts():
        assert record_problems(record) == [], record.post_id


def test_post_split_into_pages_is_read_whole():
    post = by_id(posts())[58]
    assert post.page_count == 3
    assert post.content_text == (
        "Page one: the coalition’s case, in brief.\n\n"
        "Page two: the report.\n\n"
        "Page three: what to do next."
    )
    assert "nextpage" not in post.content_html
    assert post.links == ["https://www.example.net/report.pdf"]
    assert (post.published, post.published_gmt) == (
        "2012-07-10T23:30:00+01:00",
        "2012-07-10T22:30:00Z",
    )
    assert post.tags == ['councils\' "consultation"', "Cuts"]


@pytest.mark.parametrize(
    ("rendered", "pages"),
    [
        ("<p>One.</p>", 1),
        ("<p>One.</p><!--nextpage--><p>Two.</p>", 2),
        # WordPress opens no page for a marker before any content.
        ("\n<!--nextpage-->\n<p>One.</p><!--nextpage--><p>Two.</p>", 2),
        # A marker at the end opens an empty last page, as WordPress counts it.
        ("<p>One.</p><!--nextpage-->", 2),
        # The classic editor's form: `wpautop` wraps the marker in a paragraph.
        ("<p>One.</p>\n<p><!--nextpage--></p>\n<p>Two.</p>\n", 2),
    ],
)
def test_page_count(rendered, pages):
    entry = entries("posts.json")[3]
    entry["content"]["rendered"] = rendered
    assert posts(body([entry]))[0].page_count == pages


def test_real_wordpress_posts():
    read = by_id(
        read_posts(
            fixture("real-posts-6.1.json"),
            users={2: "Ada Okafor", 3: "Siân Price-Jones"},
            categories={1: "Uncategorized", 3: "Policy & Funding", 4: "Events"},
            tags={10: "big society", 13: "cuts", 14: "localism"},
            fetched_at=FETCHED,
            captured_at=CAPTURED,
        )
    )
    assert list(read) == [29, 64, 74]
    split = read[64]
    assert (split.page_count, split.categories, split.tags) == (
        3,
        ["Events"],
        ["big society", "localism"],
    )
    assert split.content_text.startswith("Page one of a long report.")
    assert "Page two of the report." in split.content_text
    assert split.content_text.split("\n\n")[-1].startswith("Page three, the conclusions.")
    # No empty paragraph where the page breaks were.
    assert "<p></p>" not in split.content_html
    protected = read[74]
    assert (protected.protected, protected.content_html, protected.word_count) == (True, "", 0)
    assert (protected.published, protected.published_gmt) == (
        "2011-07-04T19:37:00+01:00",
        "2011-07-04T18:37:00Z",
    )
    assert [record_problems(post) for post in read.values()] == [[], [], []]


def test_real_wordpress_post_reads_the_same_from_the_api_and_from_its_page():
    api = read_posts(
        fixture("real-posts-6.1.json"),
        users={},
        categories={},
        tags={},
        fetched_at=FETCHED,
        captured_at=CAPTURED,
    )[0]
    html = fixture("real-post-29.html").decode()
    page = extract_post(
        Page.from_html(api.url, html, CAPTURED), comment_count=0, fetched_at=FETCHED
    )
    assert page is not None
    for field in ("post_id", "url", "title", "content_html", "content_text", "links", "images"):
        assert getattr(api, field) == getattr(page, field), field


def test_protected_post_has_its_metadata_and_no_content():
    post = by_id(posts())[52]
    assert post.protected is True
    # The API gives the title without the "Protected: " the page prints before it.
    assert (post.url, post.title, post.author) == (P52, "Members’ briefing", "Jo Bloggs")
    assert post.published == "2012-03-20T18:00:00+00:00"
    assert post.categories == ["Uncategorized"]
    assert (post.content_html, post.content_text, post.word_count) == ("", "", 0)
    assert (post.links, post.images, post.excerpt, post.page_count) == ([], [], None, 1)


def test_protected_post_content_is_dropped_even_when_sent():
    # The API sends it to a client that gave the password; the crawl never records it.
    entry = entries("posts.json")[1]
    entry["content"]["rendered"] = '<p>Secret <a href="http://x.example/">plan</a>.</p>'
    post = posts(body([entry]))[0]
    assert (post.content_html, post.content_text, post.links, post.protected) == ("", "", [], True)


def test_post_by_an_unknown_author_and_with_classic_content():
    post = by_id(posts())[12]
    assert post.author is None
    # The "more" mark becomes the anchor the single page prints (its id sanitized away).
    assert post.content_html == (
        "<p>Voluntary groups met in Leeds to talk about independence.<br>\n"
        "Notes follow.</p>\n<p><span></span></p>\n<p>More soon.</p>"
    )
    assert post.content_text == (
        "Voluntary groups met in Leeds to talk about independence.\nNotes follow.\n\nMore soon."
    )
    assert (post.modified, post.modified_gmt) == (
        "2012-06-18T09:00:00+01:00",
        "2012-06-18T08:00:00Z",
    )


def test_post_urls_are_canonical():
    entry = entries("posts.json")[3]
    entry["link"] = "http://www.blog.example.org:80/2011/11/05/independence-in-leeds"

    def url(site_root: str | None) -> str:
        [post] = read_posts(
            body([entry]),
            users={},
            categories={},
            tags={},
            fetched_at=FETCHED,
            captured_at=CAPTURED,
            site_root=site_root,
        )
        return post.url

    # Folded onto the site root given, as extract_post folds a page's canonical link.
    assert url(SITE) == P12
    # Without one, onto the link's own host.
    assert url(None) == "http://www.blog.example.org/2011/11/05/independence-in-leeds/"
    entry["link"] = "http://blog.example.org/?p=12&utm_source=feed"
    assert url(SITE) == "http://blog.example.org/?p=12"


def test_post_read_from_the_api_equals_the_post_read_from_its_page():
    # The theme prints `the_content` and `the_title` as the API renders them, inside a
    # Twenty Twenty-One single post, but for the "more" mark, which the single page
    # turns into an anchor; both readers must make the same of them.
    for entry in entries("posts.json")[2:]:
        anchor = f'<span id="more-{entry["id"]}"></span>'
        content = entry["content"]["rendered"].replace("<!--more-->", anchor, 1)
        html = f"""<!doctype html><html><head>
<link rel="canonical" href="{entry["link"]}" />
<link rel='shortlink' href='http://blog.example.org/?p={entry["id"]}' />
</head><body class="post-template-default single single-post postid-{entry["id"]}">
<article id="post-{entry["id"]}" class="post-{entry["id"]} post type-post hentry">
<header class="entry-header alignwide"><h1 class="entry-title">{entry["title"]["rendered"]}</h1>
</header><div class="entry-content">{content}</div>
</article></body></html>"""
        page = extract_post(
            Page.from_html(entry["link"], html, CAPTURED), comment_count=0, fetched_at=FETCHED
        )
        api = by_id(posts())[entry["id"]]
        assert page is not None
        for field in ("post_id", "url", "title", "content_html", "content_text", "word_count"):
            assert getattr(api, field) == getattr(page, field), (entry["id"], field)
        assert (api.links, api.images) == (page.links, page.images)


# ---------------------------------------------------------------- comments


def test_comments_every_field():
    comment = all_comments()[102]
    assert comment == Comment(
        comment_id=102,
        post_id=47,
        post_url=P47,
        parent_id=101,
        depth=2,
        author="Tom & Jerry",
        author_url="http://tomandjerry.example.net/",
        published="2012-03-02T10:30:00+00:00",
        published_raw="2012-03-02T10:30:00",
        published_precision="second",
        content_html='<p>Second level, with a <a href="http://tomandjerry.example.net/cuts">link</a>.</p>',
        content_text="Second level, with a link.",
        system="wordpress",
        captured_at="2012-07-12T09:00:00+00:00",
        published_gmt="2012-03-02T10:30:00Z",
        found_by=["api"],
    )


def test_comments_thread_to_depth_four_across_pages():
    threaded = all_comments()
    assert {cid: (c.parent_id, c.depth) for cid, c in threaded.items()} == {
        107: (100, 2),  # its parent is held for moderation: counted as top-level
        105: (None, 1),
        104: (103, 4),
        103: (102, 3),
        102: (101, 2),
        101: (None, 1),
    }
    # The first page alone does not know 103's parent yet.
    first_page = {c.comment_id: c.depth for c in comments("comments-page-1.json")}
    assert first_page == {107: 2, 105: 1, 104: 3, 103: 2}


def test_comments_are_valid_records():
    for comment in all_comments().values():
        assert record_problems(comment) == [], comment.comment_id


def test_comment_quirks():
    threaded = all_comments()
    # An empty author_url is no website; unicode names and texturized text come through.
    assert (threaded[101].author, threaded[101].author_url) == ("Zoë Ó Briain", None)
    assert threaded[101].content_text == "Thanks – this is spot on. “Localism” isn’t a plan."
    assert threaded[103].content_text == "Third level.\nOn two lines."
    # Posted just after midnight in summer: the previous day in UTC.
    assert (threaded[105].published, threaded[105].published_gmt) == (
        "2012-07-11T00:10:00+01:00",
        "2012-07-10T23:10:00Z",
    )
    assert threaded[105].author_url == "https://campaigner.example.org"
    assert threaded[105].post_url == P58


def test_comments_on_posts_not_in_the_map_are_left_out_and_logged(caplog):
    with caplog.at_level(logging.INFO, logger="ncia_scraper.extract.api"):
        read = comments("comments-page-1.json")
    assert 106 not in {comment.comment_id for comment in read}
    assert "1 comment(s) left out, on posts not read from the API (post IDs 2)" in caplog.text


def test_pingbacks_are_not_comments():
    entry = entries("comments-page-2.json")[1]
    entry["type"] = "pingback"
    assert read_comments(body([entry]), post_urls=post_urls(), captured_at=CAPTURED) == []


def test_fill_depths_logs_missing_parents_and_survives_a_loop(caplog):
    base = all_comments()[101]
    loop = [
        replace(base, comment_id=1, parent_id=2),
        replace(base, comment_id=2, parent_id=1),
        replace(base, comment_id=3, parent_id=2),
        # A parent on another post is no parent.
        replace(base, comment_id=4, parent_id=101, post_id=58),
        base,
    ]
    with caplog.at_level(logging.INFO, logger="ncia_scraper.extract.api"):
        depths = {c.comment_id: c.depth for c in fill_depths(loop)}
    assert depths == {1: 3, 2: 2, 3: 3, 4: 2, 101: 1}
    assert "(comment IDs 2, 4)" in caplog.text


# ---------------------------------------------------------------- bad answers


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("malformed-truncated.json", "posts: the answer is not JSON (Unterminated string"),
        ("malformed-php-notice.json", "posts: the answer is not JSON (Expecting value: line 1"),
        (
            "error-no-route.json",
            "posts: the API answered with an error, rest_no_route: No route was found",
        ),
        ("error-disabled.json", "posts: the API answered with an error, rest_disabled: The REST"),
        (
            "error-page-number.json",
            "posts: the API answered with an error, rest_post_invalid_page_number: The page",
        ),
    ],
)
def test_bad_bodies_raise_api_error(name, message):
    with pytest.raises(ApiError) as raised:
        posts(fixture(name))
    assert str(raised.value).startswith(message)
    assert "\n" not in str(raised.value)


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ('{"id": 1}', "users: expected a JSON array, got dict"),
        ("null", "users: expected a JSON array, got NoneType"),
        ("", "users: the answer is not JSON"),
        (b"\xff\xfe[]", "users: the answer is not JSON"),
        ("[" * 100_000 + "]" * 100_000, "users: the answer is not JSON"),
    ],
)
def test_unexpected_shapes_raise_api_error(data, message):
    with pytest.raises(ApiError, match=message):
        read_users(data)


def test_a_byte_order_mark_before_the_json_is_tolerated():
    assert read_users(b"\xef\xbb\xbf" + fixture("users.json"))[1] == "Jo Bloggs"
    assert read_users("\ufeff" + fixture("users.json").decode())[1] == "Jo Bloggs"


def test_one_bad_entry_is_skipped_and_logged_and_the_rest_read(caplog):
    good = entries("posts.json")
    bad = [
        "not an object",
        {**good[0], "id": "58"},
        {**good[0], "id": True},
        {**good[0], "link": "javascript:alert(1)"},
        {**good[0], "title": "A long read"},
        # Leading text with a control character, which lxml refuses.
        {**good[0], "content": {"rendered": "Lead \x0b text<p>x</p>", "protected": False}},
        {**good[0], "categories": "3"},
        {**good[0], "date": 20120710},
        {**good[0], "status": "private"},
    ]
    with caplog.at_level(logging.WARNING, logger="ncia_scraper.extract.api"):
        read = posts(body([*bad, *good]))
    assert [post.post_id for post in read] == [58, 52, 47, 12]
    warnings = [record.getMessage() for record in caplog.records]
    assert len(warnings) == len(bad)
    assert warnings[0] == "WordPress API: posts entry 0 skipped: not an object but str"
    assert warnings[3] == "WordPress API: posts entry 3 (ID 58) skipped: link is not an http(s) URL"
    assert warnings[8].endswith("entry 8 (ID 58) skipped: status 'private' is not public")


def test_a_bad_comment_or_user_is_skipped_too(caplog):
    good = entries("comments-page-2.json")
    pending = {**good[0], "id": 90, "status": "hold"}
    no_parent = {**good[0], "id": 91, "parent": None}
    with caplog.at_level(logging.WARNING, logger="ncia_scraper.extract.api"):
        read = read_comments(
            body([pending, no_parent, *good]), post_urls=post_urls(), captured_at=CAPTURED
        )
        users = read_users(body([{"id": 5}, *entries("users.json")]))
    assert [comment.comment_id for comment in read] == [102, 101]
    assert sorted(users) == [1, 2, 4]
    assert len(caplog.records) == 3
