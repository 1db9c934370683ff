"""The pieces behind theme-independent post pages, on small pages written for one rule
each: where a page sits among its post's pages (`extract.post_pagination`), joining a
split post (`post.join_post_pages`), merging comment pages (`comments.paged`), and the
markup forms the saved WordPress pages do not show (a separate modification date, other
taxonomies, lists of other posts, older password forms).
"""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime

import pytest

from ncia_scraper.extract.comments.paged import merge_comment_pages
from ncia_scraper.extract.machine_dates import read_machine_date
from ncia_scraper.extract.page import Page
from ncia_scraper.extract.post import extract_post, join_post_pages
from ncia_scraper.extract.post_pagination import comment_page_url, locate_post, post_page_url
from ncia_scraper.items import Comment, Post

ROOT = "http://blog.example/"
CAPTURED = datetime(2013, 1, 1, 12, 0, tzinfo=UTC)


def _post(**fields) -> Post:
    base = Post(
        post_id=5, url=ROOT + "2012/07/a-post/", title="A post", author=None,
        published=None, published_raw=None, published_precision=None,
        modified=None, modified_raw=None, modified_precision=None,
        categories=[], tags=[], content_html="", content_text="", excerpt=None,
        word_count=0, links=[], images=[], comment_count=0, source="live",
        captured_at="2013-01-01T12:00:00+00:00", fetched_at="2013-01-01T12:00:00+00:00",
    )  # fmt: skip
    return replace(base, **fields)


def _comment(comment_id: int, depth: int, parent_id: int | None = None) -> Comment:
    return Comment(
        comment_id=comment_id, post_id=5, post_url=ROOT + "2012/07/a-post/",
        parent_id=parent_id, depth=depth, author="A", author_url=None, published=None,
        published_raw=None, published_precision=None, content_html="<p>x</p>",
        content_text="x", system="wordpress", captured_at="2013-01-01T12:00:00+00:00",
    )  # fmt: skip


def _page(url: str, body: str, body_class: str = "single single-post postid-5") -> Page:
    html = f"<html><head></head><body class='{body_class}'>{body}</body></html>"
    return Page.from_html(url, html, CAPTURED)


def _read(page: Page) -> Post:
    post = extract_post(page, comment_count=0, fetched_at=CAPTURED)
    assert post is not None
    return post


# ------------------------------------------------------------------- joining a split post


def test_join_post_pages_in_page_order() -> None:
    pages = [
        _post(
            content_html="<p>One two.</p>",
            content_text="One two.",
            word_count=2,
            links=["http://a.example/", "http://b.example/"],
            images=["http://blog.example/1.jpg"],
            excerpt="One",
        ),
        _post(
            content_html="<p>Three.</p>",
            content_text="Three.",
            word_count=1,
            links=["http://b.example/", "http://c.example/"],
        ),
        _post(content_html="<p>Four five six.</p>", content_text="Four five six.", word_count=3),
    ]
    joined = join_post_pages(pages)
    assert joined.content_text == "One two.\n\nThree.\n\nFour five six."
    assert joined.content_html == "<p>One two.</p>\n<p>Three.</p>\n<p>Four five six.</p>"
    assert joined.word_count == 6
    assert joined.links == ["http://a.example/", "http://b.example/", "http://c.example/"]
    assert joined.images == ["http://blog.example/1.jpg"]
    assert (joined.page_count, joined.excerpt) == (3, "One")


def test_join_one_page_and_none() -> None:
    only = _post(content_text="x")
    assert join_post_pages([only]) is only
    with pytest.raises(ValueError):
        join_post_pages([])


# ------------------------------------------------------------------ merging comment pages


def test_a_reply_whose_parent_is_on_an_earlier_page() -> None:
    # Page 2 ends inside a thread (1 > 2); page 3 goes on with a reply to 2 (depth 3) and
    # a reply to 1 (depth 2): their pages did not show the parents.
    page_2 = [_comment(1, 1), _comment(2, 2, parent_id=1)]
    page_3 = [_comment(3, 3), _comment(4, 2), _comment(5, 1)]
    merged = merge_comment_pages([page_2, page_3])
    assert [(c.comment_id, c.parent_id, c.depth) for c in merged] == [
        (1, None, 1),
        (2, 1, 2),
        (3, 2, 3),
        (4, 1, 2),
        (5, None, 1),
    ]


def test_comments_on_two_pages_are_kept_once_where_first_seen() -> None:
    newest = [_comment(7, 1), _comment(8, 2, parent_id=7)]
    merged = merge_comment_pages([[_comment(6, 1)], newest, newest])
    assert [comment.comment_id for comment in merged] == [6, 7, 8]


def test_depth_follows_a_known_parent() -> None:
    # A page that printed the reply at the top level while naming its parent.
    merged = merge_comment_pages([[_comment(1, 1), _comment(2, 2, 1)], [_comment(3, 1, 2)]])
    assert [(c.comment_id, c.parent_id, c.depth) for c in merged][-1] == (3, 2, 3)


def test_parents_the_page_knew_are_kept() -> None:
    # 11 replies to a pingback (not a comment, so not in the list): its parent stays.
    merged = merge_comment_pages([[_comment(10, 1)], [_comment(11, 2, parent_id=9)]])
    assert [(c.comment_id, c.parent_id, c.depth) for c in merged] == [(10, None, 1), (11, 9, 2)]


def test_a_first_page_starting_inside_a_thread_has_no_parent_to_give() -> None:
    merged = merge_comment_pages([[_comment(3, 2), _comment(4, 1)]])
    assert [(c.comment_id, c.parent_id) for c in merged] == [(3, None), (4, None)]


# ------------------------------------------------------------------ URLs of a post's pages


@pytest.mark.parametrize(
    ("permalink", "number", "page", "comment_page"),
    [
        (ROOT + "2012/07/a-post/", 2, ROOT + "2012/07/a-post/2/",
         ROOT + "2012/07/a-post/comment-page-2/"),
        # A structure without the trailing slash gives pages without one.
        (ROOT + "a-post.html", 3, ROOT + "a-post.html/3", ROOT + "a-post.html/comment-page-3"),
        (ROOT + "?p=5", 2, ROOT + "?p=5&page=2", ROOT + "?cpage=2&p=5"),
        (ROOT + "2012/07/a-post/", 1, ROOT + "2012/07/a-post/",
         ROOT + "2012/07/a-post/comment-page-1/"),
    ],
)  # fmt: skip
def test_page_urls(permalink: str, number: int, page: str, comment_page: str) -> None:
    assert post_page_url(permalink, number) == page
    assert comment_page_url(permalink, number) == comment_page


def test_locate_post_pages_by_the_body_class() -> None:
    # `/archives/%post_id%/`: a permalink that ends in a number is not a post page ...
    position = locate_post(ROOT + "archives/5/", [], {"single", "postid-5"}, ROOT)
    assert (position.permalink, position.post_page) == (ROOT + "archives/5/", 1)
    # ... page 2 of it is, and the body class says so.
    position = locate_post(ROOT + "archives/5/2/", [], {"single", "single-paged-2"}, ROOT)
    assert (position.permalink, position.post_page) == (ROOT + "archives/5/", 2)


def test_locate_post_comment_page_from_the_url_or_the_canonical_link() -> None:
    url = ROOT + "2012/07/a-post/comment-page-3/"
    canonical = [ROOT + "2012/07/a-post/comment-page-3/#comments"]
    for canonicals in ([], canonical, [ROOT + "2012/07/a-post/"]):
        position = locate_post(url, canonicals, {"single"}, ROOT)
        assert (position.permalink, position.comment_page) == (ROOT + "2012/07/a-post/", 3)
    position = locate_post(ROOT + "?p=5&cpage=2&page=3", [], {"single-paged-3"}, ROOT)
    assert (position.permalink, position.post_page, position.comment_page) == (
        ROOT + "?p=5",
        3,
        2,
    )


# ------------------------------------------------------------------------ machine dates


@pytest.mark.parametrize(
    ("machine", "shown", "value", "precision", "gmt"),
    [
        ("2012-07-10T23:30:00+01:00", "July 10, 2012", "2012-07-10T23:30:00+01:00", "second",
         "2012-07-10T22:30:00Z"),
        # The offset as printed, even where the crawl's timezone would say another.
        ("2012-01-10T23:30:00-05:00", "", "2012-01-10T23:30:00-05:00", "second",
         "2012-01-11T04:30:00Z"),
        ("2012-07-10T23:30+01:00", "late", "2012-07-10T23:30:00+01:00", "minute",
         "2012-07-10T22:30:00Z"),
        # UTC: placed in the site's timezone (London, summer), the instant kept.
        ("2012-07-10T22:30:00Z", "x", "2012-07-10T23:30:00+01:00", "second",
         "2012-07-10T22:30:00Z"),
        # No offset: the site's timezone places it, and the instant is not stated.
        ("2012-07-10T23:30:00", "x", "2012-07-10T23:30:00+01:00", "second", None),
        ("2012-07-10", "July 10, 2012", "2012-07-10", "day", None),
    ],
)  # fmt: skip
def test_read_machine_date(
    machine: str, shown: str, value: str, precision: str, gmt: str | None
) -> None:
    page = _page(ROOT, "")
    date, instant = read_machine_date(machine, shown, page)
    assert (date.value, date.precision, instant) == (value, precision, gmt)
    assert date.raw == (shown or machine)


def test_read_machine_date_that_is_no_date() -> None:
    date, instant = read_machine_date("soon", "Coming soon", _page(ROOT, ""))
    assert (date.value, date.raw, date.precision, instant) == (None, "Coming soon", None, None)


# --------------------------------------------------------- markup the saved pages lack


def test_classic_theme_that_prints_the_modification_date() -> None:
    # Twenty Nineteen's `twentynineteen_posted_on()` for an edited post (post 9's dates).
    body = (
        "<article id='post-5' class='post-5 post hentry'><header class='entry-header'>"
        "<h1 class='entry-title'>A post</h1></header>"
        "<div class='entry-content'><p>Text.</p></div>"
        "<footer class='entry-footer'><span class='posted-on'><a href='/x/' rel='bookmark'>"
        "<time class='entry-date published' datetime='2009-03-11T17:57:00+00:00'>"
        "March 11, 2009</time><time class='updated' datetime='2009-04-20T18:57:00+01:00'>"
        "April 20, 2009</time></a></span></footer></article>"
    )
    post = _read(_page(ROOT + "2009/03/a-post/", body))
    assert (post.published, post.published_raw, post.published_gmt) == (
        "2009-03-11T17:57:00+00:00",
        "March 11, 2009",
        "2009-03-11T17:57:00Z",
    )
    assert (post.modified, post.modified_raw, post.modified_precision, post.modified_gmt) == (
        "2009-04-20T18:57:00+01:00",
        "April 20, 2009",
        "second",
        "2009-04-20T17:57:00Z",
    )
    assert post.post_id == 5


def test_block_theme_modified_date_block_and_other_taxonomies() -> None:
    # WordPress 6.2's post date block set to the modification date; a custom taxonomy's
    # terms block (`rel="tag"` like every core/post-terms); a query loop of other posts.
    body = (
        "<main><h1 class='wp-block-post-title'>A post</h1>"
        "<div class='entry-content wp-block-post-content'><p>Text.</p></div>"
        "<div class='wp-block-post-date'><time datetime='2012-07-10T23:30:00+01:00'>"
        "July 10, 2012</time></div>"
        "<div class='wp-block-post-date__modified-date wp-block-post-date'>"
        "<time datetime='2012-08-01T09:00:00+01:00'>August 1, 2012</time></div>"
        "<div class='taxonomy-category wp-block-post-terms'>"
        "<a href='/category/news/' rel='tag'>News</a></div>"
        "<div class='taxonomy-region wp-block-post-terms'>"
        "<a href='/region/north/' rel='tag'>North</a></div>"
        "<div class='taxonomy-post_tag wp-block-post-terms'>"
        "<a href='/tag/cuts/' rel='tag'>cuts</a></div>"
        "<div class='wp-block-post-author-name'>Ada Okafor</div>"
        "<div class='wp-block-query'><ul class='wp-block-post-template'><li class='wp-block-post'>"
        "<h2 class='wp-block-post-title'><a href='/other/'>Another post</a></h2>"
        "<div class='wp-block-post-date'><time datetime='2011-01-01T10:00:00+00:00'>"
        "January 1, 2011</time></div><div class='taxonomy-post_tag wp-block-post-terms'>"
        "<a href='/tag/other/' rel='tag'>other</a></div></li></ul></div></main>"
    )
    post = _read(_page(ROOT + "2012/07/a-post/", body))
    assert post.title == "A post"
    assert (post.published, post.modified) == (
        "2012-07-10T23:30:00+01:00",
        "2012-08-01T09:00:00+01:00",
    )
    assert (post.categories, post.tags) == (["News"], ["cuts"])
    assert post.author == "Ada Okafor"
    assert post.content_text == "Text."


def test_older_password_form_in_an_unwrapped_body() -> None:
    # WordPress before 3.4 posted the password to wp-pass.php; the Revolution theme does
    # not wrap the body, so the form is a sibling of the title.
    body = (
        "<div id='content'><div id='contentleft'><div class='postarea'>"
        "<h1>Protected: Members' news</h1><div class='date'><p>June 2, 2010</p></div>"
        "<form action='http://blog.example/wp-pass.php' method='post'>"
        "<p>This post is password protected. To view it please enter your password below:"
        "</p><p><input name='post_password' type='password' /></p></form>"
        "<div class='postmeta'><p>Tags: <a href='/tag/x/' rel='tag'>x</a></p></div>"
        "</div></div></div>"
    )
    post = _read(_page(ROOT + "2010/06/02/members-news/", body, "single postid-8"))
    assert post.protected is True
    assert post.title == "Members' news"
    assert (post.content_text, post.content_html, post.word_count) == ("", "", 0)
    assert (post.published, post.tags) == ("2010-06-02", ["x"])
