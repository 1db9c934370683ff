"""kill -9 at several points of a real crawl, then run again: the rerun finishes with
every record exactly once, and the dataset files are never truncated or half-written."""

from __future__ import annotations

import json
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import jsonlines
import pytest

from ncia_scraper.items import RECORD_TYPES
from ncia_scraper.outcome import EXIT_COMPLETE
from tests.faults import FaultyReplica
from tests.helpers import FAST, PROJECT_ROOT, run_crawl
from tests.site import SiteConfig
from tests.site.site import Site

CONFIG = SiteConfig(posts=60)
BEFORE = SiteConfig(posts=60, hidden_posts=5, hidden_comments=6)


def start_crawl(replica: FaultyReplica, out: Path) -> subprocess.Popen[str]:
    command = [sys.executable, "-m", "scrapy", "crawl", "posts"]
    command += ["-a", f"start_url={replica.base_url}/"]
    command += ["-a", f"captured_at={replica.config.captured_at}"]
    for name, value in {**FAST, "OUTPUT_DIR": str(out)}.items():
        command += ["-s", f"{name}={value}"]
    return subprocess.Popen(
        command,
        cwd=PROJECT_ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        text=True,
    )


def kill_after(replica: FaultyReplica, out: Path, requests: int) -> None:
    """Start a crawl and SIGKILL it once the server has answered `requests` requests."""
    replica.seen.clear()
    process = start_crawl(replica, out)
    deadline = time.monotonic() + 60
    while len(replica.seen) < requests and process.poll() is None:
        assert time.monotonic() < deadline, "the crawl never got that far"
        time.sleep(0.005)
    process.send_signal(signal.SIGKILL)
    process.wait(timeout=10)


def whole_lines(path: Path) -> list[dict[str, Any]]:
    """Every line of a dataset file, which must be complete JSON ending in a newline."""
    raw = path.read_bytes()
    assert raw == b"" or raw.endswith(b"\n"), f"{path} ends mid-line"
    return [json.loads(line) for line in raw.decode("utf-8").splitlines()]


def keys(stem: str, record: dict[str, Any]) -> tuple[Any, ...]:
    if stem == "posts":
        return (record["url"],)
    if stem == "comments":
        return (record["post_url"], record["system"], record["comment_id"])
    return (record["tweet_id"], record["screen_name"], record["text"])


@pytest.mark.parametrize(
    "kill_points",
    [
        pytest.param([2, 40, 130], id="first-run-killed-three-times"),
        pytest.param([4], id="incremental-run-killed"),
    ],
)
def test_killed_runs_resume_and_every_record_is_there_once(tmp_path, kill_points) -> None:
    out = tmp_path / "out"
    incremental = kill_points == [4]
    with FaultyReplica({}, BEFORE if incremental else CONFIG) as replica:
        if incremental:
            # A complete run of the older site; then the site gains posts and comments.
            result = run_crawl(
                f"start_url={replica.base_url}/",
                f"captured_at={CONFIG.captured_at}",
                output_dir=out,
            )
            assert result.returncode == EXIT_COMPLETE
            replica.site = Site(CONFIG, replica.base_url)
        for point in kill_points:
            before = {
                stem: (out / f"{stem}.jsonl").read_bytes()
                for stem in RECORD_TYPES
                if (out / f"{stem}.jsonl").exists()
            }
            kill_after(replica, out, point)
            # A killed run never touches the dataset: it is as the last good run left it.
            for stem in RECORD_TYPES:
                path = out / f"{stem}.jsonl"
                assert before.get(stem) == (path.read_bytes() if path.exists() else None)
                if path.exists():
                    whole_lines(path)
        result = run_crawl(
            f"start_url={replica.base_url}/",
            f"captured_at={CONFIG.captured_at}",
            output_dir=out,
        )
        truth = replica.site.truth
    assert result.returncode == EXIT_COMPLETE, result.stderr[-2000:]
    for stem in RECORD_TYPES:
        records = whole_lines(out / f"{stem}.jsonl")
        found = [keys(stem, r) for r in records]
        assert len(found) == len(set(found)), f"a {stem} record is there twice"
    posts = {r["url"] for r in whole_lines(out / "posts.jsonl")}
    assert posts == {p.url for p in truth.posts}
    comments = {keys("comments", r) for r in whole_lines(out / "comments.jsonl")}
    assert comments == {(c.post_url, c.system, c.comment_id) for c in truth.comments}
    with jsonlines.open(out / "tweets.jsonl") as reader:
        assert len(list(reader)) == len(truth.tweets)
    # No temp file of a killed run is left beside the dataset.
    assert not list(out.glob(".*.tmp"))
