"""The state merges each run into the dataset: nothing lost, nothing twice, stable order,
the run's own changes and manifest beside it. Real crawls through the project's
pipelines (`tests.test_pipelines.crawl`)."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

from ncia_scraper.items import RECORD_TYPES
from ncia_scraper.state.run import LOG_NAME, RUNS_DIR
from tests.test_pipelines import CAPTURED, OTHER_URL, comment, crawl, post, read_jsonl, tweet

LATER = "2012-03-01T09:00:00+00:00"


def run_folders(out: Path) -> list[Path]:
    return sorted((out / RUNS_DIR).iterdir())


def manifest(folder: Path) -> dict[str, Any]:
    return json.loads((folder / "manifest.json").read_text(encoding="utf-8"))


def test_a_second_run_adds_and_updates_and_loses_nothing(tmp_path: Path) -> None:
    out = tmp_path / "out"
    crawl(out, [post(), comment(), post(url=OTHER_URL, title="Valentine"), tweet()])
    first_posts = (out / "posts.jsonl").read_bytes()

    # Run 2 reads one post again, changed; finds a new comment; skips the other post.
    second = crawl(
        out,
        [
            post(title="What’s next, revised", captured_at=LATER),
            comment(captured_at=LATER),
            comment(comment_id=8, parent_id=7, depth=2),
            tweet(captured_at=LATER, seen_count=1),
        ],
    )
    stats = second.stats.get_stats()
    assert (stats["ncia/records/posts/changed"], stats["ncia/records/posts/new"]) == (1, 0)
    assert (stats["ncia/records/comments/new"], stats["ncia/records/comments/unchanged"]) == (1, 1)
    assert stats["ncia/records/tweets/unchanged"] == 1

    posts = read_jsonl(out / "posts.jsonl")
    assert [p["title"] for p in posts] == ["What’s next, revised", "Valentine"]  # stable order
    assert posts[0]["captured_at"] == LATER
    assert [c["comment_id"] for c in read_jsonl(out / "comments.jsonl")] == [7, 8]
    # An unchanged record keeps its stored line: the first capture, not this run's.
    assert read_jsonl(out / "comments.jsonl")[0]["captured_at"] == CAPTURED
    assert read_jsonl(out / "tweets.jsonl")[0]["captured_at"] == CAPTURED
    assert first_posts != (out / "posts.jsonl").read_bytes()

    first_run, second_run = run_folders(out)
    assert len(read_jsonl(first_run / "posts.jsonl")) == 2
    assert [p["title"] for p in read_jsonl(second_run / "posts.jsonl")] == ["What’s next, revised"]
    assert [c["comment_id"] for c in read_jsonl(second_run / "comments.jsonl")] == [8]
    assert read_jsonl(second_run / "tweets.jsonl") == []


def test_an_unchanged_rerun_changes_no_dataset_byte(tmp_path: Path) -> None:
    out = tmp_path / "out"
    records = [post(), comment(), tweet()]
    crawl(out, records)
    before = {stem: (out / f"{stem}.jsonl").read_bytes() for stem in RECORD_TYPES}
    crawl(out, [post(captured_at=LATER, fetched_at=LATER), comment(), tweet()])
    assert {stem: (out / f"{stem}.jsonl").read_bytes() for stem in RECORD_TYPES} == before
    latest = run_folders(out)[-1]
    assert manifest(latest)["counts"]["posts"] == {
        "new": 0,
        "changed": 0,
        "unchanged": 1,
        "dataset": 1,
    }


def test_the_manifest_describes_the_run_and_every_file(tmp_path: Path) -> None:
    out = tmp_path / "out"
    crawler = crawl(out, [post(), comment(), tweet()])
    (folder,) = run_folders(out)
    data = manifest(folder)
    assert data["run_id"] == folder.name == crawler.stats.get_value("ncia/run_id")
    assert (data["status"], data["exit_code"], data["merged"]) == ("complete", 0, True)
    assert data["schema_version"] == 1
    assert data["errors"] == [] and data["pages_failed"] == 0
    assert data["started"] <= data["ended"]
    described = {entry["path"]: entry for entry in data["files"]}
    expected = [f"runs/{folder.name}/{stem}.jsonl" for stem in RECORD_TYPES]
    expected += [f"{stem}.jsonl" for stem in RECORD_TYPES]
    assert sorted(described) == sorted(expected)
    for path, entry in described.items():
        raw = (out / path).read_bytes()
        assert entry["sha256"] == hashlib.sha256(raw).hexdigest()
        assert entry["lines"] == raw.count(b"\n")
    assert described["posts.jsonl"]["lines"] == 1
    assert data["log"] == LOG_NAME and (folder / LOG_NAME).exists()


def test_a_failed_run_merges_nothing_and_says_so(tmp_path: Path) -> None:
    out = tmp_path / "out"
    crawl(out, [post()])
    before = (out / "posts.jsonl").read_bytes()
    crawl(out, [post(url=OTHER_URL, title="Valentine")], close_reason="shutdown")
    assert (out / "posts.jsonl").read_bytes() == before
    latest = run_folders(out)[-1]
    data = manifest(latest)
    assert (data["status"], data["exit_code"], data["merged"]) == ("failed", 3, False)
    assert "the crawl stopped before the end (shutdown)" in data["problems"]
    # Not in the state either: a third run finds the post new.
    third = crawl(out, [post(url=OTHER_URL, title="Valentine")])
    assert third.stats.get_value("ncia/records/posts/new") == 1
    assert len(read_jsonl(out / "posts.jsonl")) == 2


def test_a_partial_run_is_merged_and_reports_partial(tmp_path: Path) -> None:
    out = tmp_path / "out"
    crawl(out, [post(), post(url=OTHER_URL, title="")])  # the second fails validation
    assert [p["url"] for p in read_jsonl(out / "posts.jsonl")] == [post().url]
    data = manifest(run_folders(out)[-1])
    assert (data["status"], data["exit_code"], data["merged"]) == ("partial", 1, True)
