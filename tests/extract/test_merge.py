"""One record per post and comment from the page, the REST API and the posts feed
(`ncia_scraper.extract.merge`): which values win, what is cross-checked, what is logged."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from ncia_scraper.dates import DateValue
from ncia_scraper.extract.feeds import FeedComment, FeedPost
from ncia_scraper.extract.merge import merge_comments, merge_post
from ncia_scraper.items import Comment, Post

URL = "http://blog.example/2010/03/campaigning-without-a-grant-34/"


def post(**changes: Any) -> Post:
    values: dict[str, Any] = {
        "post_id": 37,
        "url": URL,
        "title": "Campaigning without a grant (34)",
        "author": "Ada Okafor",
        "published": "2010-03-10T11:02:00+00:00",
        "published_raw": "March 10, 2010",
        "published_precision": "second",
        "modified": None,
        "modified_raw": None,
        "modified_precision": None,
        "categories": ["Community Action", "Uncategorized"],
        "tags": ["big society", "cuts"],
        "content_html": "<p>Solidarity council local.</p>",
        "content_text": "Solidarity council local.",
        "excerpt": None,
        "word_count": 3,
        "links": [],
        "images": [],
        "comment_count": 0,
        "source": "live",
        "captured_at": "2026-11-25T12:00:00+00:00",
        "fetched_at": "2026-11-25T12:00:01+00:00",
        "published_gmt": "2010-03-10T11:02:00Z",
    }
    values.update(changes)
    return Post(**values)


def comment(comment_id: int, **changes: Any) -> Comment:
    values: dict[str, Any] = {
        "comment_id": comment_id,
        "post_id": 37,
        "post_url": URL,
        "parent_id": None,
        "depth": 1,
        "author": "James Derounian",
        "author_url": "http://www.example.org/james",
        "published": "2010-04-09T15:50:00+01:00",
        "published_raw": "April 9, 2010 at 3:50 pm",
        "published_precision": "minute",
        "content_html": "<p>Local council advice.</p>",
        "content_text": "Local council advice.",
        "system": "wordpress",
        "captured_at": "2026-11-25T12:00:00+00:00",
        "published_gmt": "2010-04-09T14:50:00Z",
    }
    values.update(changes)
    return Comment(**values)


def feed_item(**changes: Any) -> FeedPost:
    values: dict[str, Any] = {
        "url": URL,
        "post_id": 37,
        "title": "Campaigning without a grant (34)",
        "author": "Ada Okafor",
        "categories": ("Community Action",),
        "published": DateValue(
            "2010-03-10T11:02:00+00:00", "Wed, 10 Mar 2010 11:02:00 +0000", "second"
        ),
        "published_gmt": "2010-03-10T11:02:00Z",
        "comments_feed_url": URL + "feed/",
        "comment_count": 2,
    }
    values.update(changes)
    return FeedPost(**values)


def test_the_api_values_win_and_the_page_adds_what_only_it_shows() -> None:
    page = post(excerpt="The text before the more mark.", page_count=1, published_raw="March 10")
    api = post(
        published_raw="2010-03-10T11:02:00",
        modified="2010-04-19T11:02:00+01:00",
        modified_raw="2010-04-19T11:02:00",
        modified_precision="second",
        excerpt=None,
        fetched_at="2026-11-25T11:59:00+00:00",
    )
    merged, disagreements = merge_post(page, api, found_by={"api", "links"}, comment_count=5)
    assert disagreements == []
    assert merged.modified == "2010-04-19T11:02:00+01:00"
    assert merged.published_raw == "2010-03-10T11:02:00"
    assert merged.excerpt == "The text before the more mark."
    assert merged.fetched_at == page.fetched_at  # when the page itself was read
    assert merged.comment_count == 5
    assert merged.found_by == ["links", "api"]  # in DOORS order, not the set's


def test_every_disagreement_is_reported_not_silently_resolved() -> None:
    page = post(
        title="Campaigning without grants",
        published_gmt="2010-03-10T12:02:00Z",
        tags=["cuts"],
        content_text="Something else entirely.",
    )
    merged, disagreements = merge_post(page, post(), found_by={"api"}, comment_count=0)
    assert merged.title == "Campaigning without a grant (34)"
    assert len(disagreements) == 4
    assert any("title" in line and "Campaigning without grants" in line for line in disagreements)
    assert any("published_gmt" in line for line in disagreements)
    assert any("tags" in line for line in disagreements)
    assert any("content_text" in line for line in disagreements)


def test_curly_quotes_in_a_theme_are_no_disagreement() -> None:
    # Block themes curl the apostrophe in what they print; the API's name keeps it straight.
    page = post(author="Tom O’Brien")
    api = post(author="Tom O'Brien")
    merged, disagreements = merge_post(page, api, found_by={"api"}, comment_count=0)
    assert disagreements == []
    assert merged.author == "Tom O'Brien"


def test_a_closed_users_endpoint_leaves_the_author_to_the_page() -> None:
    merged, _ = merge_post(post(), post(author=None), found_by={"api"}, comment_count=0)
    assert merged.author == "Ada Okafor"


def test_the_feed_gives_the_exact_time_where_the_page_shows_only_the_day() -> None:
    page = post(
        published="2010-03-10",
        published_raw="March 10, 2010",
        published_precision="day",
        published_gmt=None,
    )
    merged, disagreements = merge_post(
        page, None, found_by={"links", "feeds"}, comment_count=0, feed=feed_item()
    )
    assert disagreements == []
    assert merged.published == "2010-03-10T11:02:00+00:00"
    assert merged.published_raw == "Wed, 10 Mar 2010 11:02:00 +0000"
    assert merged.published_precision == "second"
    assert merged.published_gmt == "2010-03-10T11:02:00Z"


def test_a_feed_that_contradicts_the_page_is_reported_and_not_taken() -> None:
    day_only = post(published="2010-03-11", published_precision="day", published_gmt=None)
    merged, disagreements = merge_post(
        day_only, None, found_by={"feeds"}, comment_count=0, feed=feed_item(author="Someone")
    )
    assert merged.published == "2010-03-11"
    assert [line.split(":")[0] for line in disagreements] == [
        "post 37 author",
        "post 37 published",
    ]
    exact = post(published_gmt="2010-03-10T11:03:00Z")
    _, disagreements = merge_post(
        exact, None, found_by={"feeds"}, comment_count=0, feed=feed_item()
    )
    assert disagreements == [
        "post 37 published_gmt: the feed says 2010-03-10T11:02:00Z, not 2010-03-10T11:03:00Z"
    ]


def test_a_post_only_the_api_gave_is_written_from_it() -> None:
    merged, disagreements = merge_post(None, post(), found_by={"api"}, comment_count=2)
    assert (merged.post_id, merged.comment_count, merged.found_by) == (37, 2, ["api"])
    assert disagreements == []


def test_comments_each_once_in_thread_order_with_the_api_values() -> None:
    on_page = [
        comment(172),
        comment(175, parent_id=172, depth=2, author="Penny Waterhouse"),
        comment(172),  # shown again on another comment page
    ]
    from_api = [
        comment(175, parent_id=172, depth=2, author="Penny Waterhouse", published_raw="x"),
        comment(172, published_raw="2010-04-09T15:50:00"),
        comment(180, parent_id=175, depth=3),  # not on the pages read
    ]
    merged, disagreements = merge_comments(on_page, from_api, post_label="post 37")
    assert disagreements == []
    assert [c.comment_id for c in merged] == [172, 175, 180]
    assert merged[0].published_raw == "2010-04-09T15:50:00"
    assert [c.found_by for c in merged] == [["links", "api"], ["links", "api"], ["api"]]


def test_a_comment_the_api_and_page_disagree_on_is_reported() -> None:
    page = [comment(172, parent_id=None, author_url=None)]
    api = [replace(comment(172), parent_id=171, depth=2)]
    merged, disagreements = merge_comments(page, api, post_label="post 37")
    assert merged[0].parent_id == 171
    # A page that shows no commenter's website (author_url null) is no disagreement.
    assert disagreements == ["post 37 comment 172 parent_id: the API says 171, the page None"]


def test_page_only_comments_keep_their_values() -> None:
    merged, _ = merge_comments([comment(9, system="disqus")], [], post_label="post 1")
    assert merged == [replace(comment(9, system="disqus"), found_by=["links"])]


def feed_comment(comment_id: int, **changes: Any) -> FeedComment:
    values: dict[str, Any] = {
        "comment_id": comment_id,
        "post_url": URL,
        "post_id": 37,
        "parent_id": None,
        "author": "James Derounian",
        "published": DateValue(
            "2010-04-09T15:50:31+01:00", "Fri, 09 Apr 2010 14:50:31 +0000", "second"
        ),
        "published_gmt": "2010-04-09T14:50:31Z",
        "content_html": "<p>Local council advice.</p>",
    }
    values.update(changes)
    return FeedComment(**values)


def test_the_comments_feed_dates_what_the_page_leaves_undated_or_rough() -> None:
    undated = comment(
        172, published=None, published_raw=None, published_precision=None, published_gmt=None
    )
    weeks = comment(
        173,
        published="2010-04-05",
        published_raw="3 weeks ago",
        published_precision="week",
        published_gmt=None,
    )
    merged, disagreements = merge_comments(
        [undated, weeks],
        [],
        post_label="post 37",
        feed=[feed_comment(172), feed_comment(173)],
    )
    assert disagreements == []
    assert [(c.published, c.published_precision, c.published_gmt) for c in merged] == [
        ("2010-04-09T15:50:31+01:00", "second", "2010-04-09T14:50:31Z")
    ] * 2
    assert [c.found_by for c in merged] == [["links", "feeds"]] * 2


def test_the_comments_feed_is_checked_not_trusted_over_the_page() -> None:
    shown = comment(172)  # minute precision with its offset: already exact
    merged, disagreements = merge_comments(
        [shown],
        [],
        post_label="post 37",
        feed=[feed_comment(172, author="Someone Else", parent_id=170)],
    )
    assert merged[0].published == shown.published
    assert disagreements == [
        "post 37 comment 172 author: the feed says 'Someone Else'",
        "post 37 comment 172 parent_id: the feed says 170",
        "post 37 comment 172 published_gmt: the feed says 2010-04-09T14:50:31Z",
    ]
