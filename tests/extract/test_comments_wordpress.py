"""WordPress 3.3's own comment list (shared reference markup.md section 2): threading with
`ol.children`, dates in British Summer Time, pingbacks, and what is not content."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from pathlib import Path

from ncia_scraper.extract.comments.wordpress import extract_wordpress
from ncia_scraper.extract.page import Page
from ncia_scraper.items import Comment

FIXTURES = Path(__file__).parent / "fixtures" / "comments"
POST_URL = "http://independentaction.net/2012/03/20/localism-act-who-holds-the-power/"
CAPTURED = datetime(2012, 7, 10, 9, 0, tzinfo=UTC)

THREAD = [
    # id, parent, depth, author, author_url, published, raw
    (106, None, 1, "Rob", None, "2012-03-24T23:58:00+00:00", "March 24, 2012 at 11:58 pm"),
    (
        101,
        None,
        1,
        "Helen Carr",
        "http://helencarr.example.org/",
        "2012-06-14T15:10:00+01:00",
        "June 14, 2012 at 3:10 pm",
    ),
    (
        102,
        101,
        2,
        "NCIA",
        "http://independentaction.net",
        "2012-06-14T17:45:00+01:00",
        "June 14, 2012 at 5:45 pm",
    ),
    (
        104,
        102,
        3,
        "Helen Carr",
        "http://helencarr.example.org/",
        "2012-06-15T09:02:00+01:00",
        "June 15, 2012 at 9:02 am",
    ),
    # A reply to the pingback (105): the pingback is not emitted, but stays the parent.
    (
        108,
        105,
        2,
        "Helen Carr",
        "http://helencarr.example.org/",
        "2012-06-20T10:15:00+01:00",
        "June 20, 2012 at 10:15 am",
    ),
    # Five past midnight in summer time is still the 1st of July in UTC.
    (
        107,
        None,
        1,
        "Jo Smith",
        "http://www.example.com/jo",
        "2012-07-02T00:05:00+01:00",
        "July 2, 2012 at 12:05 am",
    ),
]


def fixture(name: str) -> str:
    return (FIXTURES / name).read_text(encoding="utf-8")


def extract(html: str, post_id: int | None = 1250) -> list[Comment]:
    page = Page.from_html(POST_URL, html, CAPTURED)
    return extract_wordpress(page, post_id=post_id, post_url=POST_URL)


def summary(comments: list[Comment]) -> list[tuple]:
    return [
        (c.comment_id, c.parent_id, c.depth, c.author, c.author_url, c.published, c.published_raw)
        for c in comments
    ]


def test_threaded_list_with_ol_children_and_summer_time() -> None:
    comments = extract(fixture("wordpress_threaded.html"))
    assert summary(comments) == THREAD
    assert {(c.published_precision, c.system) for c in comments} == {("minute", "wordpress")}


def test_ul_children_without_depth_classes() -> None:
    # The default `style=ul`, and a theme whose list lost the depth classes.
    html = fixture("wordpress_threaded.html").replace(
        "<ol class='children'>", "<ul class='children'>"
    )
    html = re.sub(r"</ol>(\s*</li>)", r"</ul>\1", html)
    html = re.sub(r" depth-\d+", "", html)
    assert "depth-" not in html
    assert "<ol class='children'>" not in html
    assert summary(extract(html)) == THREAD


def test_full_record_without_says_reply_or_avatar() -> None:
    comments = {c.comment_id: c for c in extract(fixture("wordpress_threaded.html"))}
    assert comments[101] == Comment(
        comment_id=101,
        post_id=1250,
        post_url=POST_URL,
        parent_id=None,
        depth=1,
        author="Helen Carr",
        author_url="http://helencarr.example.org/",
        published="2012-06-14T15:10:00+01:00",
        published_raw="June 14, 2012 at 3:10 pm",
        published_precision="minute",
        content_html=(
            "<p>The “community right to challenge” is a right for contractors.</p>\n"
            '<p>See <a href="http://www.legislation.gov.uk/ukpga/2011/20/contents">the Act</a>,'
            " part 5.</p>"
        ),
        content_text=(
            "The “community right to challenge” is a right for contractors.\n\nSee the Act, part 5."
        ),
        system="wordpress",
        captured_at="2012-07-10T09:00:00+00:00",
    )


def test_edit_link_is_neither_date_nor_content() -> None:
    comments = {c.comment_id: c for c in extract(fixture("wordpress_threaded.html"))}
    assert comments[102].published_raw == "June 14, 2012 at 5:45 pm"
    assert comments[102].content_html == (
        "<p>Agreed – and the bids are due in <strong>September</strong>.</p>"
    )


def test_moderation_notice_is_not_content() -> None:
    comments = {c.comment_id: c for c in extract(fixture("wordpress_threaded.html"))}
    assert (comments[106].content_html, comments[106].content_text) == ("<p>First!</p>", "First!")


def test_line_breaks_and_relative_links() -> None:
    comments = {c.comment_id: c for c in extract(fixture("wordpress_threaded.html"))}
    assert comments[104].content_text == "Thanks.\nHelen"
    assert comments[107].content_html == (
        '<p>Late to this, but: <a href="http://independentaction.net/2012/02/14/'
        'whose-big-society/">see also</a>.</p>'
    )


def test_pingbacks_and_recent_comments_widget_are_not_comments() -> None:
    ids = [c.comment_id for c in extract(fixture("wordpress_threaded.html"))]
    assert ids == [106, 101, 102, 104, 108, 107]


def test_theme_list_without_the_comment_class() -> None:
    # An older theme's own list: `li.alt#comment-N` inside `ol.commentlist`, no classes
    # from comment_class(); an `li` with a comment-like id outside any list is ignored.
    html = """<ol class="commentlist">
<li class="alt" id="comment-3"><cite>Sam</cite> on
<div class="commentmetadata"><a href="#comment-3">March 1, 2012 at 10:00 am</a></div>
<div class="commenttext"><p>Hello.</p></div></li>
</ol>
<ul><li id="comment-4">not a comment</li></ul>"""
    comments = extract(html)
    assert [
        (c.comment_id, c.parent_id, c.depth, c.author, c.published, c.content_text)
        for c in comments
    ] == [(3, None, 1, "Sam", "2012-03-01T10:00:00+00:00", "Hello.")]


def test_empty_list() -> None:
    assert extract('<h3 id="comments">No Responses</h3><ol class="commentlist"></ol>') == []
