"""extract_comments: which form a page is read with, and what every record carries."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from ncia_scraper.extract.comments import extract_comments
from ncia_scraper.extract.page import Page

FIXTURES = Path(__file__).parent / "fixtures" / "comments"
POST_URL = "http://independentaction.net/2012/02/14/whose-big-society/"
CAPTURED = datetime(2012, 2, 18, 11, 30, tzinfo=UTC)


def fixture(name: str) -> str:
    return (FIXTURES / name).read_text(encoding="utf-8")


def read(html: str, post_id: int | None = 1203) -> list[tuple[int, str, str | None]]:
    page = Page.from_html(POST_URL, html, CAPTURED)
    comments = extract_comments(page, post_id=post_id, post_url=POST_URL)
    assert {(c.post_id, c.post_url, c.captured_at) for c in comments} <= {
        (post_id, POST_URL, "2012-02-18T11:30:00+00:00")
    }
    return [(c.comment_id, c.system, c.published_raw) for c in comments]


def test_server_list() -> None:
    assert read(fixture("disqus_server_threaded.html")) == [
        (57, "disqus", None),
        (58, "disqus", None),
        (61, "disqus", None),
        (63, "disqus", None),
        (60, "disqus", None),
        (59, "disqus", None),
        (62, "disqus", None),
        (64, "disqus", None),
    ]


def test_rendered_thread() -> None:
    assert read(fixture("disqus_rendered_seed.html"), post_id=None) == [
        (41, "disqus", "3 weeks ago")
    ]


def test_wordpress_list() -> None:
    assert [cid for cid, system, _ in read(fixture("wordpress_threaded.html"))] == [
        106,
        101,
        102,
        104,
        108,
        107,
    ]
    assert {system for _, system, _ in read(fixture("wordpress_threaded.html"))} == {"wordpress"}


def test_rendered_thread_wins_over_a_leftover_server_list() -> None:
    # Were both in one DOM, the rendered thread is what the reader saw.
    server = fixture("disqus_server_threaded.html")
    rendered = fixture("disqus_rendered_threaded.html")
    thread = rendered[rendered.index('<div id="disqus_thread">') : rendered.index("</body>")]
    html = server.replace("</body>", f'<div id="rendered">{thread}</div></body>')
    assert [cid for cid, _, _ in read(html)] == [57, 58, 61, 60, 59]
    assert {raw for _, _, raw in read(html)} == {
        "4 days ago",
        "3 days ago",
        "5 hours ago",
        "2 days ago",
        "a day ago",
    }


def test_disqus_wins_over_the_recent_comments_widget_and_wordpress() -> None:
    # A WordPress-looking `li#comment-N` elsewhere on a Disqus page is not read.
    html = fixture("disqus_server_threaded.html").replace(
        "</body>",
        '<ol class="commentlist"><li class="comment depth-1" id="comment-5">'
        '<div class="comment-body"><p>x</p></div></li></ol></body>',
    )
    assert [cid for cid, _, _ in read(html)] == [57, 58, 61, 63, 60, 59, 62, 64]


def test_page_without_comments() -> None:
    assert read("<html><body><h1>Post</h1><p>No comments yet.</p></body></html>") == []
