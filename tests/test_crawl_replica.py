"""The real `scrapy crawl posts` over real HTTP against the replica, every record and
field compared with the replica's ground truth (tests/site/truth.py)."""

from __future__ import annotations

from dataclasses import asdict, dataclass, fields
from datetime import UTC, datetime
from pathlib import Path
from subprocess import CompletedProcess
from typing import Any

import jsonlines
import pytest

from ncia_scraper.extract.html import clean_fragment
from ncia_scraper.items import Comment, Post, Tweet
from tests.helpers import run_crawl
from tests.site import ReplicaServer
from tests.site.truth import CRAWL_DEPENDENT, LOOSE

CONFIGS = {
    "rendered-disqus-profile": {"variant": "rendered"},
    "raw-disqus-profile": {"variant": "raw"},
    "rendered-wordpress-pro": {
        "variant": "rendered",
        "comment_system": "wordpress",
        "twitter_widget": "pro",
    },
    "raw-wordpress-jetpack": {
        "variant": "raw",
        "comment_system": "wordpress",
        "twitter_widget": "jetpack",
    },
}


@dataclass
class Crawl:
    server: ReplicaServer
    result: CompletedProcess[str]
    started: datetime
    finished: datetime
    posts: list[dict[str, Any]]
    comments: list[dict[str, Any]]
    tweets: list[dict[str, Any]]


def read_jsonl(path: Path) -> list[dict[str, Any]]:
    with jsonlines.open(path) as reader:
        return list(reader)


@pytest.fixture(scope="module", params=list(CONFIGS), ids=list(CONFIGS))
def crawl(request, replica, tmp_path_factory) -> Crawl:
    server = replica(**CONFIGS[request.param])
    output = tmp_path_factory.mktemp(request.param)
    started = datetime.now(UTC).replace(microsecond=0)
    result = run_crawl(
        f"start_url={server.base_url}/",
        f"captured_at={server.config.captured_at}",
        output_dir=output,
    )
    finished = datetime.now(UTC)
    return Crawl(
        server=server,
        result=result,
        started=started,
        finished=finished,
        posts=read_jsonl(output / "posts.jsonl"),
        comments=read_jsonl(output / "comments.jsonl"),
        tweets=read_jsonl(output / "tweets.jsonl"),
    )


def assert_same_fields(record: dict[str, Any], expected: Any, skip: tuple[str, ...]) -> None:
    """Every field of `expected` (a dataclass record) equals the written record's."""
    wanted = asdict(expected)
    assert list(record) == list(wanted), "fields missing, extra or out of order"
    differences = {
        name: (record[name], wanted[name])
        for name in wanted
        if name not in skip and record[name] != wanted[name]
    }
    assert differences == {}, f"{type(expected).__name__} differs (got, expected): {differences}"


def assert_sanitized_and_consistent(record: dict[str, Any], text_field: str) -> None:
    html = record["content_html"]
    for forbidden in ("<script", "<style", "<iframe", " onclick=", "javascript:"):
        assert forbidden not in html.lower()
    assert clean_fragment(html, "http://unused.example/").text == record[text_field]


def test_the_crawl_completes_and_says_so(crawl: Crawl):
    assert crawl.result.returncode == 0, crawl.result.stderr[-3000:]
    summary = crawl.result.stdout.strip().splitlines()[-1]
    site = crawl.server.site
    truth = crawl.server.truth
    pages = len(site.listing_paths()) + len(site.post_paths())
    assert summary.startswith(
        f"ncia-scraper complete: {pages} pages ({len(site.listing_paths())} listing, "
        f"{len(site.post_paths())} post), {len(truth.posts)} posts, "
        f"{len(truth.comments)} comments, {len(truth.tweets)} tweets, 0 errors"
    )
    assert "ERROR" not in crawl.result.stderr


def test_every_post_every_field(crawl: Crawl):
    truth = crawl.server.truth
    written = {record["url"]: record for record in crawl.posts}
    assert len(written) == len(crawl.posts), "a post was written twice"
    assert sorted(written) == sorted(post.url for post in truth.posts)
    skip = CRAWL_DEPENDENT["posts"] + LOOSE["posts"]
    for expected in truth.posts:
        record = written[expected.url]
        assert_same_fields(record, expected, skip)
        assert_sanitized_and_consistent(record, "content_text")
        fetched_at = datetime.fromisoformat(record["fetched_at"])
        assert crawl.started <= fetched_at <= crawl.finished


def test_every_comment_every_field_with_its_parent(crawl: Crawl):
    truth = crawl.server.truth
    key = ("post_url", "system", "comment_id")
    written = {tuple(record[k] for k in key): record for record in crawl.comments}
    assert len(written) == len(crawl.comments), "a comment was written twice"
    expected_by_key = {tuple(getattr(c, k) for k in key): c for c in truth.comments}
    assert sorted(written) == sorted(expected_by_key)
    skip = CRAWL_DEPENDENT["comments"] + LOOSE["comments"]
    for identity, expected in expected_by_key.items():
        assert_same_fields(written[identity], expected, skip)
        assert_sanitized_and_consistent(written[identity], "content_text")
    # Threads hold together: every parent is a written comment of the same post.
    for record in crawl.comments:
        if record["parent_id"] is not None:
            parent = written[(record["post_url"], record["system"], record["parent_id"])]
            assert parent["depth"] == record["depth"] - 1


def test_every_tweet_once_with_where_and_how_often_it_was_seen(crawl: Crawl):
    truth = crawl.server.truth

    def identity(record: dict[str, Any]) -> tuple:
        return (
            (record["tweet_id"],) if record["tweet_id"] else (record["screen_name"], record["text"])
        )

    written = {identity(record): record for record in crawl.tweets}
    assert len(written) == len(crawl.tweets), "a tweet was written twice"
    expected_by_key = {identity(asdict(t.record)): t for t in truth.tweets}
    assert sorted(written, key=str) == sorted(expected_by_key, key=str)
    for key, expected in expected_by_key.items():
        record = written[key]
        assert_same_fields(record, expected.record, CRAWL_DEPENDENT["tweets"])
        assert record["first_seen_on"] in expected.pages
        assert record["seen_count"] == len(expected.pages)


def test_records_match_their_dataclasses(crawl: Crawl):
    for records, cls in ((crawl.posts, Post), (crawl.comments, Comment), (crawl.tweets, Tweet)):
        names = [f.name for f in fields(cls)]
        assert all(list(record) == names for record in records)
