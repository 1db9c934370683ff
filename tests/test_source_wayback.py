"""`source=wayback`: the real `scrapy crawl posts` against a stand-in Wayback Machine on
loopback (tests/wayback/standin.py) that serves the replica as captured at three times.
Every record is compared field by field with the replica's ground truth for the capture
read."""

from __future__ import annotations

from dataclasses import asdict, replace
from datetime import UTC, datetime

import pytest

from tests.site import SiteConfig
from tests.site.site import Site
from tests.test_crawl_replica import assert_same_fields
from tests.wayback.crawls import (
    FAST_ARCHIVE,
    Written,
    assert_matches_truth,
    crawl_standin,
    tweet_identity,
)
from tests.wayback.standin import SITE_ROOT, StandIn, timestamp

TIMES = [
    datetime(2012, 2, 18, 11, 30, tzinfo=UTC),
    datetime(2012, 3, 20, 9, 0, tzinfo=UTC),
    datetime(2012, 6, 1, 12, 0, tzinfo=UTC),
]
CONFIG = SiteConfig(posts=12)


@pytest.fixture(scope="module")
def standin():
    # The home page and one post come back rewritten even though `id_` was asked for.
    rewritten = frozenset({"/", Site(CONFIG, SITE_ROOT.rstrip("/")).post_paths()[1]})
    server = StandIn(CONFIG, TIMES, rewritten_paths=rewritten, unlimited=True).start()
    yield server
    server.stop()


def wayback_address(standin: StandIn):
    return lambda snapshot, url: f"{standin.base_url}/web/{snapshot}/{url}"


@pytest.fixture(scope="module")
def latest(standin, tmp_path_factory) -> Written:
    return crawl_standin(standin, tmp_path_factory.mktemp("latest"))


def test_every_post_comment_and_tweet_from_the_newest_captures(standin, latest):
    assert latest.result.returncode == 0, latest.result.stderr[-3000:]
    assert "ERROR" not in latest.result.stderr
    assert_matches_truth(latest, standin.newest, "wayback", wayback_address(standin))
    # The rewritten pages read as the site served them.
    assert "'ncia/wayback/rewritten': 2" in latest.result.stderr


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
    assert_matches_truth(crawl, site, "wayback", wayback_address(standin))
    assert {r["captured_at"] for r in crawl.posts} == {middle.isoformat()}


def test_default_pace_provokes_no_429_and_uncaptured_pages_are_skipped(tmp_path):
    # The stand-in enforces the archive's limits (30 CDX a minute, 10 captures a second)
    # and this crawl runs at the project's default pace: the archive must never say 429.
    site = Site(replace(CONFIG, posts=8), SITE_ROOT.rstrip("/"))
    missing = site.post_paths()[2]
    server = StandIn(replace(CONFIG, posts=8), TIMES[-1:], omitted_paths=frozenset({missing}))
    server.start()
    try:
        crawl = crawl_standin(server, tmp_path, settings={})
    finally:
        server.stop()
    assert crawl.result.returncode == 0, crawl.result.stderr[-3000:]
    assert server.count(429) == 0
    urls = {record["url"] for record in crawl.posts}
    assert urls == {SITE_ROOT.rstrip("/") + path for path in site.post_paths() if path != missing}
    # A gap in the archive is a skip, not an error, and never a fetch of the live site.
    assert f"Skipped {SITE_ROOT.rstrip('/')}{missing}: not archived" in crawl.result.stderr
    assert "ERROR" not in crawl.result.stderr


def test_a_429_pauses_the_archive_and_the_crawl_still_completes(tmp_path):
    # A stand-in that allows 6 captures a second, a crawl that asks for far more: the
    # archive answers 429 without Retry-After; the crawl pauses for the configured
    # WAYBACK_BACKOFF_DELAY, retries, and still reads every post.
    config = replace(CONFIG, posts=8)
    server = StandIn(config, TIMES[-1:], replays_per_second=6).start()
    try:
        crawl = crawl_standin(
            server,
            tmp_path,
            settings={**FAST_ARCHIVE, "WAYBACK_BACKOFF_DELAY": "0.3", "RETRY_TIMES": "10"},
        )
    finally:
        server.stop()
    assert crawl.result.returncode == 0, crawl.result.stderr[-3000:]
    assert server.count(429) > 0
    assert "wayback-replay answered 429: pausing requests to it for 0.3 s" in crawl.result.stderr
    paths = Site(config, SITE_ROOT.rstrip("/")).post_paths()
    assert {r["url"] for r in crawl.posts} == {SITE_ROOT.rstrip("/") + path for path in paths}


def test_every_capture_merged_one_post_comments_once_tweets_on_a_timeline(standin, tmp_path):
    crawl = crawl_standin(standin, tmp_path, "snapshots=all")
    assert crawl.result.returncode == 0, crawl.result.stderr[-3000:]
    every = [timestamp(t) for t in TIMES]
    truth = standin.newest.truth
    # Each post once, as its newest capture shows it, listing every capture read.
    posts = {record["url"]: record for record in crawl.posts}
    assert len(posts) == len(crawl.posts) == len(truth.posts)
    for expected in truth.posts:
        record = posts[expected.url]
        skip = ("fetched_at", "content_html", "source", "snapshot", "snapshots", "archive_url")
        assert_same_fields(record, expected, skip)
        assert (record["snapshot"], record["snapshots"]) == (every[-1], every)
    # Comments: the union over the captures, each once.
    key = ("post_url", "system", "comment_id")
    comments = [tuple(r[k] for k in key) for r in crawl.comments]
    assert sorted(comments) == sorted(tuple(getattr(c, k) for k in key) for c in truth.comments)
    # Tweets: each once, seen on every page of every capture, spanning the captures.
    tweets = {tweet_identity(r): r for r in crawl.tweets}
    assert len(tweets) == len(crawl.tweets) == len(truth.tweets)
    for expected in truth.tweets:
        record = tweets[tweet_identity(asdict(expected.record))]
        assert record["seen_count"] == len(TIMES) * len(expected.pages)
        assert (record["first_seen_snapshot"], record["last_seen_snapshot"]) == (
            every[0],
            every[-1],
        )


def test_a_long_cdx_answer_is_read_page_by_page_with_resume_keys(standin, tmp_path):
    queries_before = len(standin.cdx_queries)
    crawl = crawl_standin(
        standin, tmp_path, settings={**FAST_ARCHIVE, "WAYBACK_CDX_PAGE_SIZE": "40"}
    )
    assert crawl.result.returncode == 0, crawl.result.stderr[-3000:]
    queries = standin.cdx_queries[queries_before:]
    assert len(queries) > 2
    assert "resumeKey" not in queries[0]
    assert all("resumeKey" in query for query in queries[1:])
    assert_matches_truth(crawl, standin.newest, "wayback", wayback_address(standin))
