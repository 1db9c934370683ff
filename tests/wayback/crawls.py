"""Crawling the stand-in Wayback Machine and archive files, and reading what was
written, for the source tests."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Callable
from dataclasses import asdict, dataclass
from pathlib import Path
from subprocess import CompletedProcess
from typing import Any

import jsonlines

from tests.helpers import FAST, PROJECT_ROOT, run_crawl
from tests.site import CRAWL_DEPENDENT, LOOSE
from tests.site.site import Site
from tests.test_crawl_replica import assert_same_fields
from tests.wayback.standin import SITE_ROOT, StandIn, timestamp

# Fast enough for tests against an unlimited stand-in; the politeness test uses defaults.
FAST_ARCHIVE = {
    "WAYBACK_CDX_PER_MINUTE": "6000",
    "WAYBACK_CAPTURES_PER_SECOND": "1000",
    "WAYBACK_CONCURRENCY": "8",
}
ARCHIVE_FIELDS = (
    "source",
    "snapshot",
    "archive_url",
    "snapshots",
    "first_seen_snapshot",
    "last_seen_snapshot",
)
"""Fields a live crawl's truth cannot give for an archived crawl; checked on their own."""


@dataclass
class Written:
    result: CompletedProcess[str]
    posts: list[dict[str, Any]]
    comments: list[dict[str, Any]]
    tweets: list[dict[str, Any]]


def read_jsonl(path: Path) -> list[dict[str, Any]]:
    if not path.exists():
        return []
    with jsonlines.open(path) as reader:
        return list(reader)


def crawl_standin(
    standin: StandIn,
    output: Path,
    *args: str,
    settings: dict[str, str] | None = None,
) -> Written:
    result = run_crawl(
        "source=wayback",
        f"start_url={SITE_ROOT}",
        *args,
        output_dir=output,
        settings={
            "WAYBACK_BASE_URL": standin.base_url,
            **(FAST_ARCHIVE if settings is None else settings),
        },
    )
    return written(result, output)


def written(result: CompletedProcess[str], output: Path) -> Written:
    return Written(
        result=result,
        posts=read_jsonl(output / "posts.jsonl"),
        comments=read_jsonl(output / "comments.jsonl"),
        tweets=read_jsonl(output / "tweets.jsonl"),
    )


def tweet_identity(record: dict[str, Any]) -> tuple:
    if record["tweet_id"]:
        return (record["tweet_id"],)
    return (record["screen_name"], record["text"])


def assert_matches_truth(
    crawl: Written,
    site: Site,
    source: str,
    archive_url: Callable[[str, str], str] | None = None,
) -> None:
    """Every post, comment and tweet of `site` (the capture read), every field as a live
    crawl of it gives, with the archive's stamps on each: `source`, the capture's
    `snapshot`, and (when given) `archive_url(snapshot, post_url)` on posts."""
    truth = site.truth
    snapshot = timestamp(site.config.capture_time)
    posts = {record["url"]: record for record in crawl.posts}
    assert sorted(posts) == sorted(post.url for post in truth.posts)
    for expected in truth.posts:
        record = posts[expected.url]
        skip = CRAWL_DEPENDENT["posts"] + LOOSE["posts"] + ARCHIVE_FIELDS
        assert_same_fields(record, expected, skip)
        assert (record["source"], record["snapshot"]) == (source, snapshot)
        assert record["snapshots"] == [snapshot]
        if archive_url is not None:
            assert record["archive_url"] == archive_url(snapshot, expected.url)
    key = ("post_url", "system", "comment_id")
    comments = {tuple(r[k] for k in key): r for r in crawl.comments}
    assert len(comments) == len(crawl.comments)
    expected_comments = {tuple(getattr(c, k) for k in key): c for c in truth.comments}
    assert sorted(comments) == sorted(expected_comments)
    for identity, expected in expected_comments.items():
        record = comments[identity]
        assert_same_fields(record, expected, LOOSE["comments"] + ARCHIVE_FIELDS)
        assert (record["source"], record["snapshot"]) == (source, snapshot)
    tweets = {tweet_identity(r): r for r in crawl.tweets}
    assert len(tweets) == len(crawl.tweets), "a tweet was written twice"
    expected_tweets = {tweet_identity(asdict(t.record)): t for t in truth.tweets}
    assert sorted(tweets, key=str) == sorted(expected_tweets, key=str)
    for identity, expected in expected_tweets.items():
        record = tweets[identity]
        assert_same_fields(record, expected.record, CRAWL_DEPENDENT["tweets"] + ARCHIVE_FIELDS)
        assert record["first_seen_on"] in expected.pages
        assert record["seen_count"] == len(expected.pages)
        assert (record["source"], record["snapshot"]) == (source, snapshot)
        span = (record["first_seen_snapshot"], record["last_seen_snapshot"])
        assert span == (snapshot, snapshot)


def network_off_prefix() -> list[str]:
    """A command prefix that runs a process with no network at all (a new network
    namespace where not even loopback is up), or [] where the system allows none."""
    try:
        probe = subprocess.run(["unshare", "-rn", "true"], capture_output=True, timeout=10)
    except (OSError, subprocess.SubprocessError):
        return []
    return ["unshare", "-rn"] if probe.returncode == 0 else []


def crawl_warc(path: Path, output: Path, *args: str, offline: bool = True) -> Written:
    """`scrapy crawl posts -a source=warc -a path=...`, with the network off if possible."""
    command = [*(network_off_prefix() if offline else []), sys.executable, "-m", "scrapy"]
    command += ["crawl", "posts", "-a", "source=warc", "-a", f"path={path}"]
    command += ["-a", f"start_url={SITE_ROOT}"]
    for argument in args:
        command += ["-a", argument]
    for name, value in {**FAST, "OUTPUT_DIR": str(output)}.items():
        command += ["-s", f"{name}={value}"]
    result = subprocess.run(
        command, cwd=PROJECT_ROOT, capture_output=True, text=True, timeout=300, check=False
    )
    return written(result, output)
