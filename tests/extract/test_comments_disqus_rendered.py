"""The Disqus thread as a browser rendered it (docs/markup.md), including the seed page's
one comment, with relative times resolved against the capture time."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from pathlib import Path

from ncia_scraper.extract.comments.disqus_rendered import extract_disqus_rendered
from ncia_scraper.extract.page import Page
from ncia_scraper.items import Comment

FIXTURES = Path(__file__).parent / "fixtures" / "comments"
SEED_URL = "http://independentaction.net/2012/01/25/for-insurgency-the-case-against-partnership/"
POST_URL = "http://independentaction.net/2012/02/14/whose-big-society/"
CAPTURED = datetime(2012, 2, 18, 11, 30, tzinfo=UTC)

# The comment's paragraphs exactly as the seed page's text shows them.
SEED_TEXT = "\n\n".join(
    [
        "Interesting article - thanks.",
        'Some argue that partnerships try "to change the behaviour and attitudes of community'
        ' representatives" .....surely this also happens in the other direction -'
        " 'professionals' changing due to exposure to community views?",
        'You make/report a BIG claim: "partnerships seem more effective at controlling and'
        ' manipulating communities than in giving them an authentic political voice"'
        ' ....PROOF!?! But on this point recommend "9 Plagues & 12 Commandments" by SA'
        " academics Botes & Van Rensburg.",
        '"what about the position of campaigning organisations, which see their aim as'
        " organizing and representing disadvantaged groups and fighting for social justice?"
        " Here I am totally with you - and find it ironic that Gov't has reacted so badly to"
        " the Occupy Mov't, which - to all intents and purposes - exemplifies Big Society,"
        " participation, action etc.",
        "James",
        "from a brightening Cheltenham",
        "GL50 4AZ",
    ]
)


def fixture(name: str) -> str:
    return (FIXTURES / name).read_text(encoding="utf-8")


def extract(
    html: str, url: str = POST_URL, captured_at: datetime = CAPTURED, post_id: int | None = 1203
) -> list[Comment]:
    page = Page.from_html(url, html, captured_at)
    return extract_disqus_rendered(page, post_id=post_id, post_url=url)


def test_seed_comment_james_derounian() -> None:
    [comment] = extract(fixture("disqus_rendered_seed.html"), url=SEED_URL, post_id=1187)
    assert comment == Comment(
        comment_id=41,
        post_id=1187,
        post_url=SEED_URL,
        parent_id=None,
        depth=1,
        author="James Derounian",
        author_url="http://commenter.example/",
        published="2012-01-28",
        published_raw="3 weeks ago",
        published_precision="week",
        content_html="\n".join(f"<p>{p}</p>" for p in SEED_TEXT.split("\n\n")).replace(
            " & ", " &amp; "
        ),
        content_text=SEED_TEXT,
        system="disqus",
        captured_at="2012-02-18T11:30:00+00:00",
    )


def test_seed_comment_leaves_out_the_thread_chrome() -> None:
    # "Showing 1 comment", "Like", "Reply", "Subscribe by email" are Disqus's, not the
    # commenter's.
    [comment] = extract(fixture("disqus_rendered_seed.html"), url=SEED_URL)
    for chrome in ("Showing", "Like", "Reply", "Subscribe", "3 weeks ago"):
        assert chrome not in comment.content_text


THREAD = [
    # id, parent, depth, author, author_url, published, raw, precision
    (
        57,
        None,
        1,
        "Penny Waterhouse",
        "http://www.example.org/penny",
        "2012-02-14",
        "4 days ago",
        "day",
    ),
    (58, 57, 2, "NCIA", None, "2012-02-15", "3 days ago", "day"),
    (61, 58, 3, "Mark W", None, "2012-02-18T06:30:00+00:00", "5 hours ago", "hour"),
    (60, 57, 2, "Colin", None, "2012-02-16", "2 days ago", "day"),
    (59, None, 1, "Jo Smith", None, "2012-02-17", "a day ago", "day"),
]


def summary(comments: list[Comment]) -> list[tuple]:
    return [
        (
            c.comment_id,
            c.parent_id,
            c.depth,
            c.author,
            c.author_url,
            c.published,
            c.published_raw,
            c.published_precision,
        )
        for c in comments
    ]


def test_threaded_rendered_thread() -> None:
    # 58's name links to a Disqus profile, which is not a website the commenter gave.
    assert summary(extract(fixture("disqus_rendered_threaded.html"))) == THREAD


def test_threaded_rendered_thread_without_depth_classes() -> None:
    html = re.sub(r" dsq-comment-depth-\d+", "", fixture("disqus_rendered_threaded.html"))
    assert "depth" not in html
    assert summary(extract(html)) == THREAD


def test_each_comment_keeps_only_its_own_message() -> None:
    texts = [c.content_text for c in extract(fixture("disqus_rendered_threaded.html"))]
    assert texts == [
        "Who decided that ‘big society’ means volunteers running the library?",
        "Thanks Penny.",
        "Same in Hammersmith & Fulham.",
        "It’s happening everywhere.",
        "Is there a template letter?",
    ]


def test_relative_time_in_summer_time() -> None:
    html = """<ul id="dsq-comments"><li class="dsq-comment dsq-comment-depth-1" id="dsq-comment-9">
<cite class="dsq-comment-cite"><span class="dsq-commenter-name">A</span></cite>
<div class="dsq-comment-message"><p>x</p></div>
<div class="dsq-comment-footer"><span class="dsq-comment-time">5 hours ago</span></div>
</li></ul>"""
    [comment] = extract(html, captured_at=datetime(2012, 7, 10, 11, 30, tzinfo=UTC))
    assert (comment.published, comment.published_raw, comment.published_precision) == (
        "2012-07-10T07:30:00+01:00",
        "5 hours ago",
        "hour",
    )


def test_missing_time_gives_no_date() -> None:
    html = """<ul id="dsq-comments"><li class="dsq-comment dsq-comment-depth-1" id="dsq-comment-9">
<cite class="dsq-comment-cite"><span class="dsq-commenter-name">A</span></cite>
<div class="dsq-comment-message"><p>x</p></div></li></ul>"""
    [comment] = extract(html)
    assert (comment.published, comment.published_raw, comment.published_precision) == (
        None,
        None,
        None,
    )


def test_empty_rendered_thread() -> None:
    html = """<div id="disqus_thread"><div id="dsq-content">
<h3 id="dsq-comments-count">Showing 0 comments</h3>
<ul id="dsq-comments"></ul></div></div>"""
    assert extract(html) == []


def test_server_list_is_left_to_its_own_extractor() -> None:
    assert extract(fixture("disqus_server_threaded.html")) == []
