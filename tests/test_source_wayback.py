"""`source=wayback`: the real `scrapy crawl posts` against a stand-in Wayback Machine on
loopback (tests/wayback/standin.py) that serves the replica as captured at three times.
Every record is compared field by field with the replica's ground truth for the capture
read."""

from __future__ import annotations

from dataclasses import asdict, replace
from datetime import UTC, datetime
from typing import Any

import pytest

from tests.site import CRAWL_DEPENDENT, LOOSE, SiteConfig
from tests.site.site import Site
from tests.test_crawl_replica import assert_same_fields
from tests.wayback.crawls import ARCHIVE_FIELDS, Written, crawl_standin
from tests.wayback.standin import SITE_ROOT, StandIn, timestamp

TIMES = [
    datetime(2012, 2, 18, 11, 30, tzinfo=UTC),
    datetime(2012, 3, 20, 9, 0, tzinfo=UTC),
    datetime(2012, 6, 1, 12, 0, tzinfo=UTC),
]
CONFIG = SiteConfig(posts=12)


@pytest.fixture(scope="module")
def standin():
    server = StandIn(CONFIG, TIMES, unlimited=True).start()
    yield server
    server.stop()


@pytest.fixture(scope="module")
def latest(standin, tmp_path_factory) -> Written:
    return crawl_standin(standin, tmp_path_factory.mktemp("latest"))


def tweet_identity(record: dict[str, Any]) -> tuple:
    if record["tweet_id"]:
        return (record["tweet_id"],)
    return (record["screen_name"], record["text"])


def assert_matches_truth(crawl: Written, site: Site, base_url: str) -> None:
    """Every post, comment and tweet of `site` (the capture read), every field, with the
    archive's stamps on each."""
    truth = site.truth
    snapshot = timestamp(site.config.capture_time)
    posts = {record["url"]: record for record in crawl.posts}
    assert sorted(posts) == sorted(post.url for post in truth.posts)
    for expected in truth.posts:
        record = posts[expected.url]
        skip = CRAWL_DEPENDENT["posts"] + LOOSE["posts"] + ARCHIVE_FIELDS
        assert_same_fields(record, expected, skip)
        assert record["source"] == "wayback"
        assert record["snapshot"] == snapshot
        assert record["snapshots"] == [snapshot]
        assert record["archive_url"] == f"{base_url}/web/{snapshot}/{expected.url}"
    key = ("post_url", "system", "comment_id")
    comments = {tuple(r[k] for k in key): r for r in crawl.comments}
    assert len(comments) == len(crawl.comments)
    expected_comments = {tuple(getattr(c, k) for k in key): c for c in truth.comments}
    assert sorted(comments) == sorted(expected_comments)
    for identity, expected in expected_comments.items():
        record = comments[identity]
        assert_same_fields(record, expected, LOOSE["comments"] + ARCHIVE_FIELDS)
        assert (record["source"], record["snapshot"]) == ("wayback", snapshot)
    tweets = {tweet_identity(r): r for r in crawl.tweets}
    assert len(tweets) == len(crawl.tweets), "a tweet was written twice"
    expected_tweets = {tweet_identity(asdict(t.record)): t for t in truth.tweets}
    assert sorted(tweets, key=str) == sorted(expected_tweets, key=str)
    for identity, expected in expected_tweets.items():
        record = tweets[identity]
        assert_same_fields(record, expected.record, CRAWL_DEPENDENT["tweets"] + ARCHIVE_FIELDS)
        assert record["first_seen_on"] in expected.pages
        assert record["seen_count"] == len(expected.pages)
        assert (record["source"], record["snapshot"]) == ("wayback", snapshot)


def test_every_post_comment_and_tweet_from_the_newest_captures(standin, latest):
    assert latest.result.returncode == 0, latest.result.stderr[-3000:]
    assert "ERROR" not in latest.result.stderr
    assert_matches_truth(latest, standin.newest, standin.base_url)


def test_discovery_is_one_prefix_query_for_pages_and_feeds_of_status_200(standin, latest):
    (query,) = standin.cdx_queries[-1:]
    assert query["url"] == ["independentaction.net/"]
    assert query["matchType"] == ["prefix"]
    assert query["output"] == ["json"]
    assert "statuscode:200" in query["filter"]
    assert query["showResumeKey"] == ["true"]
    # Raw bytes only: every capture asked for with id_, none of the redirect captures.
    pages = [s.path for s in standin.seen if s.path.startswith("/web/")]
    assert pages and all(p.split("/")[2].endswith("id_") for p in pages)
    assert not any("?p=" in p for p in pages)


def test_relative_dates_resolve_against_the_capture_read(standin, tmp_path):
    # to= the middle capture: every page is read as captured then, "3 weeks ago" and all.
    middle = TIMES[1]
    crawl = crawl_standin(standin, tmp_path, f"to={middle:%Y-%m-%d}")
    assert crawl.result.returncode == 0, crawl.result.stderr[-3000:]
    site = Site(replace(CONFIG, capture_time=middle), SITE_ROOT.rstrip("/"))
    assert_matches_truth(crawl, site, standin.base_url)
    assert {r["captured_at"] for r in crawl.posts} == {middle.isoformat()}
