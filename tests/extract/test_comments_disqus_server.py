"""The Disqus plugin's server-side comment list: malformed threading, the author-URL bug,
pingbacks, empty threads. Fixtures follow shared reference markup.md section 2."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from pathlib import Path

from ncia_scraper.extract.comments.disqus_server import extract_disqus_server
from ncia_scraper.extract.page import Page
from ncia_scraper.items import Comment

FIXTURES = Path(__file__).parent / "fixtures" / "comments"
POST_URL = "http://independentaction.net/2012/02/14/whose-big-society/"
CAPTURED = datetime(2012, 2, 18, 11, 30, tzinfo=UTC)

# (comment_id, parent_id, depth) in document order. The pingback between 60 and 59 is
# left out; 63 is four levels down.
THREAD = [
    (57, None, 1),
    (58, 57, 2),
    (61, 58, 3),
    (63, 61, 4),
    (60, 57, 2),
    (59, None, 1),
    (62, 59, 2),
    (64, None, 1),
]


def fixture(name: str) -> str:
    return (FIXTURES / name).read_text(encoding="utf-8")


def extract(html: str, post_id: int | None = 1203) -> list[Comment]:
    page = Page.from_html(POST_URL, html, CAPTURED)
    return extract_disqus_server(page, post_id=post_id, post_url=POST_URL)


def shape(comments: list[Comment]) -> list[tuple[int, int | None, int]]:
    return [(c.comment_id, c.parent_id, c.depth) for c in comments]


def test_the_html_parser_really_breaks_the_nesting() -> None:
    # Guards the premise of the fixture: in the parsed tree the replies are not inside
    # the comment they answer, so the tree alone would give wrong parents.
    page = Page.from_html(POST_URL, fixture("disqus_server_threaded.html"), CAPTURED)
    assert page.selector.xpath("//li[@id='dsq-comment-57']//li").getall() == []
    assert page.selector.css("li#dsq-comment-58").xpath("..").attrib["class"] == "children"


def test_malformed_threaded_list_gives_exact_parents_and_depths() -> None:
    assert shape(extract(fixture("disqus_server_threaded.html"))) == THREAD


def test_parents_and_depths_without_depth_classes() -> None:
    # Without `depth-N` classes the depth comes from the `ul.children` lists around each
    # item, which the parser still nests even though they sit outside their parent `li`.
    html = re.sub(r" depth-\d+", "", fixture("disqus_server_threaded.html"))
    assert "depth-" not in html
    assert shape(extract(html)) == THREAD


def test_author_url_printed_as_text_before_the_name() -> None:
    authors = [
        (c.comment_id, c.author, c.author_url)
        for c in extract(fixture("disqus_server_threaded.html"))
    ]
    assert authors == [
        (57, "Penny Waterhouse", "http://www.example.org/penny"),
        (58, "NCIA", None),
        (61, "Penny Waterhouse", "http://www.example.org/penny"),
        (63, "Mark W", None),
        (60, "Colin", None),
        (59, "Jo Smith", None),
        (62, "Campaign for a Fair Society", "https://campaign.example.com/"),
        (64, "Anne", None),
    ]


def test_full_records() -> None:
    comments = {c.comment_id: c for c in extract(fixture("disqus_server_threaded.html"))}
    assert comments[57] == Comment(
        comment_id=57,
        post_id=1203,
        post_url=POST_URL,
        parent_id=None,
        depth=1,
        author="Penny Waterhouse",
        author_url="http://www.example.org/penny",
        published=None,
        published_raw=None,
        published_precision=None,
        content_html=(
            "<p>Who decided that ‘big society’ means volunteers running the library?</p>\n"
            "<p>Our group was told on Friday.<br>\nNo consultation at all.</p>"
        ),
        content_text=(
            "Who decided that ‘big society’ means volunteers running the library?\n\n"
            "Our group was told on Friday.\nNo consultation at all."
        ),
        system="disqus",
        captured_at="2012-02-18T11:30:00+00:00",
    )
    # A relative link in the message is made absolute against the page.
    assert comments[58].content_html == (
        '<p>Thanks Penny – see <a href="http://independentaction.net/2012/01/25/'
        'for-insurgency-the-case-against-partnership/">our piece on partnership</a>.</p>'
    )
    assert comments[58].content_text == "Thanks Penny – see our piece on partnership."
    assert comments[63].content_text == "Same in Hammersmith & Fulham."


def test_pingbacks_are_not_comments() -> None:
    comments = extract(fixture("disqus_server_threaded.html"))
    assert len(comments) == 8
    assert not any("Pingback" in c.content_text or "Example Blog" in c.author for c in comments)


def test_the_list_has_no_dates() -> None:
    comments = extract(fixture("disqus_server_threaded.html"))
    assert {(c.published, c.published_raw, c.published_precision) for c in comments} == {
        (None, None, None)
    }


def test_post_id_and_capture_time_are_copied() -> None:
    comments = extract(fixture("disqus_server_threaded.html"), post_id=None)
    assert {(c.post_id, c.post_url, c.system, c.captured_at) for c in comments} == {
        (None, POST_URL, "disqus", "2012-02-18T11:30:00+00:00")
    }


def test_empty_thread() -> None:
    # With no comments, plugin 2.68+ prints the container and its scripts only.
    html = """<div class="comments"><h4>Comments</h4>
<div id="disqus_thread">
</div>
<script type="text/javascript">var disqus_identifier = '1203 http://independentaction.net/?p=1203';</script>
</div>"""
    assert extract(html) == []


def test_flat_list_and_a_pingback_reply_chain() -> None:
    # Threading off: every item is depth-1, and a pingback sits between two comments.
    html = """<ul id="dsq-comments">
    <li class="comment even thread-even depth-1" id="dsq-comment-5">
        <div id="dsq-comment-header-5" class="dsq-comment-header"><cite id="dsq-cite-5">
                <span id="dsq-author-user-5">A</span></cite></div>
        <div id="dsq-comment-body-5" class="dsq-comment-body">
            <div id="dsq-comment-message-5" class="dsq-comment-message"><p>one</p></div></div>
    </li>
</li>
    <li class="post pingback">
        <p>Pingback: <a href='http://blog.example.net/' rel='external nofollow'
         class='url'>B</a></p>
    </li>
</li>
    <li class="comment odd alt thread-odd thread-alt depth-1" id="dsq-comment-7">
        <div id="dsq-comment-header-7" class="dsq-comment-header"><cite id="dsq-cite-7">
                <span id="dsq-author-user-7">C</span></cite></div>
        <div id="dsq-comment-body-7" class="dsq-comment-body">
            <div id="dsq-comment-message-7" class="dsq-comment-message"><p>two</p></div></div>
    </li>
</li>
</ul>"""
    comments = extract(html)
    assert shape(comments) == [(5, None, 1), (7, None, 1)]
    assert [(c.author, c.content_text) for c in comments] == [("A", "one"), ("C", "two")]


def test_author_as_link_after_the_plugin_fix() -> None:
    # Later plugin versions print the link branch the 2012 ones never reached.
    html = """<ul id="dsq-comments"><li class="comment depth-1" id="dsq-comment-9">
<cite id="dsq-cite-9"><a id="dsq-author-user-9" href="http://example.org/" target="_blank"
 rel="nofollow">Name</a></cite>
<div id="dsq-comment-message-9" class="dsq-comment-message"><p>x</p></div></li></ul>"""
    [comment] = extract(html)
    assert (comment.author, comment.author_url) == ("Name", "http://example.org/")


def test_text_before_the_name_that_is_no_url_is_ignored() -> None:
    html = """<ul id="dsq-comments"><li class="comment depth-1" id="dsq-comment-9">
<cite id="dsq-cite-9">javascript:alert(1) <span id="dsq-author-user-9">Name</span></cite>
<div id="dsq-comment-message-9" class="dsq-comment-message"><p>x</p></div></li></ul>"""
    [comment] = extract(html)
    assert (comment.author, comment.author_url) == ("Name", None)


def test_rendered_thread_items_are_left_to_their_own_extractor() -> None:
    assert extract(fixture("disqus_rendered_threaded.html")) == []
