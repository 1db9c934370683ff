"""Comment counts read from listing pages (`ncia_scraper.extract.comment_counts`): the
label forms WordPress and Disqus print, what is left out, and a real replica listing
against its ground truth."""

from __future__ import annotations

import urllib.request
from datetime import UTC, datetime

import pytest

from ncia_scraper.extract.comment_counts import comment_counts
from ncia_scraper.extract.page import Page

ROOT = "http://independentaction.net/"
POST = ROOT + "2012/01/25/whats-next/"
OTHER = ROOT + "2012/02/14/valentine/"
CAPTURED = datetime(2012, 2, 18, 11, 30, tzinfo=UTC)


def listing(body: str) -> Page:
    return Page.from_html(ROOT, f"<html><body>{body}</body></html>", CAPTURED)


@pytest.mark.parametrize(
    ("link", "count"),
    [
        (f'<a href="{POST}#comments">No Comments »</a>', 0),
        (f'<a href="{POST}#comments">1 Comment »</a>', 1),
        (f'<a href="{POST}#comments">One Comment</a>', 1),
        (f'<a href="{POST}#comments">12&nbsp;Comments</a>', 12),
        (f'<a href="{POST}#disqus_thread"><span class="dsq-postid">0 Comments</span></a>', 0),
        (f'<a href="{POST}#comments"><span class="dsq-postid">3 Comments</span></a>', 3),
        ('<a href="/2012/01/25/whats-next/#comments">4 Comments</a>', 4),
    ],
)
def test_label_forms(link: str, count: int) -> None:
    assert comment_counts(listing(link), ROOT) == {POST: count}


@pytest.mark.parametrize(
    "link",
    [
        f'<a href="{POST}#respond">Leave a comment</a>',
        f'<a href="{POST}#comments">Comments Off</a>',
        f'<a href="{POST}">5 Comments</a>',  # not a comment link
        '<a href="http://evil.example/2012/01/25/whats-next/#comments">5 Comments</a>',
        f'<a href="{ROOT}tag/cuts/#comments">5 Comments</a>',  # not a post
    ],
)
def test_links_without_a_readable_count_are_left_out(link: str) -> None:
    assert comment_counts(listing(link), ROOT) == {}


def test_the_first_count_of_a_post_wins_and_posts_are_kept_apart() -> None:
    page = listing(
        f'<a href="{POST}#comments">2 Comments</a><a href="{OTHER}#comments">No Comments</a>'
        f'<a href="{POST}#comments">9 Comments</a>'
    )
    assert comment_counts(page, ROOT) == {POST: 2, OTHER: 0}


@pytest.mark.parametrize(
    "options",
    [
        {},
        {"variant": "raw"},
        {"comment_system": "wordpress"},
    ],
    ids=["rendered-disqus", "raw-disqus", "wordpress"],
)
def test_every_post_on_a_replica_home_page_has_its_count(replica, options) -> None:
    site = replica(**options)
    root = site.base_url + "/"
    with urllib.request.urlopen(root, timeout=10) as response:
        html = response.read().decode("utf-8")
    counts = comment_counts(Page.from_html(root, html, CAPTURED), root)
    assert len(counts) >= 5
    truth = {post.url: post for post in site.truth.posts}
    for url, count in counts.items():
        assert url in truth
        # The label counts what the theme counts: pingbacks too, except rendered Disqus.
        assert count >= truth[url].comment_count
