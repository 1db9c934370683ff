"""Crawling the stand-in Wayback Machine and archive files, and reading what was
written, for the source tests."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from subprocess import CompletedProcess
from typing import Any

import jsonlines

from tests.helpers import run_crawl
from tests.wayback.standin import SITE_ROOT, StandIn

# Fast enough for tests against an unlimited stand-in; the politeness test uses defaults.
FAST_ARCHIVE = {
    "WAYBACK_CDX_PER_MINUTE": "6000",
    "WAYBACK_CAPTURES_PER_SECOND": "1000",
    "WAYBACK_CONCURRENCY": "8",
}
ARCHIVE_FIELDS = ("source", "snapshot", "archive_url", "snapshots")
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
        settings={"WAYBACK_BASE_URL": standin.base_url, **(settings or FAST_ARCHIVE)},
    )
    return written(result, output)


def written(result: CompletedProcess[str], output: Path) -> Written:
    return Written(
        result=result,
        posts=read_jsonl(output / "posts.jsonl"),
        comments=read_jsonl(output / "comments.jsonl"),
        tweets=read_jsonl(output / "tweets.jsonl"),
    )
