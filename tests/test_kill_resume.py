"""kill -9 at several points of a real crawl, then run again: the rerun finishes with
every record exactly once, and the dataset files are never truncated or half-written."""

from __future__ import annotations

import hashlib
import json
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import jsonlines
import pytest

from ncia_scraper.items import RECORD_TYPES
from ncia_scraper.outcome import EXIT_COMPLETE, EXIT_FAILED
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
    # Every killed run's folder got its manifest from the run after it: nothing merged.
    statuses = [manifest["status"] if manifest else None for _, manifest in manifests(out)]
    assert statuses.count("interrupted") == len(kill_points), statuses
    assert statuses[-1] == "complete" and None not in statuses


# --- a kill at the merge itself --------------------------------------------------------

# Runs the real `scrapy crawl` in this interpreter, with the state's commit wrapped so
# that the process SIGKILLs itself just before or just after the merge commits: the two
# moments a run folder could be left without its manifest.
KILLED_AT_COMMIT = """
import os, signal, sys
from ncia_scraper.state.store import StateStore
from scrapy.cmdline import execute

when, argv = sys.argv[1], sys.argv[2:]
commit = StateStore.commit

def dying_commit(self):
    if when == "after":
        commit(self)
    os.kill(os.getpid(), signal.SIGKILL)

StateStore.commit = dying_commit
execute(["scrapy", *argv])
"""


def crawl_killed_at_commit(replica: FaultyReplica, out: Path, when: str) -> None:
    command = [sys.executable, "-c", KILLED_AT_COMMIT, when, "crawl", "posts"]
    command += ["-a", f"start_url={replica.base_url}/", "-a", f"captured_at={CONFIG.captured_at}"]
    for name, value in {**FAST, "OUTPUT_DIR": str(out)}.items():
        command += ["-s", f"{name}={value}"]
    result = subprocess.run(command, cwd=PROJECT_ROOT, capture_output=True, timeout=300)
    assert result.returncode == -signal.SIGKILL, result.stderr[-2000:]


def manifests(out: Path) -> list[tuple[Path, dict[str, Any] | None]]:
    return [
        (
            folder,
            json.loads(p.read_text("utf-8")) if (p := folder / "manifest.json").exists() else None,
        )
        for folder in sorted((out / "runs").iterdir())
    ]


def replay_deltas(out: Path) -> dict[str, dict[tuple[Any, ...], dict[str, Any]]]:
    """What a data team rebuilds from the run folders alone, as the README says: the
    folders in order whose manifest says merged, each record upserted by its identity."""
    rebuilt: dict[str, dict[tuple[Any, ...], dict[str, Any]]] = {s: {} for s in RECORD_TYPES}
    for folder, manifest in manifests(out):
        assert manifest is not None, f"{folder.name} has no manifest"
        if not manifest["merged"]:
            continue
        for stem in RECORD_TYPES:
            for record in whole_lines(folder / f"{stem}.jsonl"):
                rebuilt[stem][keys(stem, record)] = record
    return rebuilt


def unreachable() -> str:
    with socket.socket() as probe:  # a port nobody listens on
        probe.bind(("127.0.0.1", 0))
        return f"http://127.0.0.1:{probe.getsockname()[1]}/"


@pytest.mark.parametrize("when", ["before", "after"])
def test_a_kill_at_the_merge_leaves_no_run_folder_without_its_manifest(tmp_path, when) -> None:
    out = tmp_path / "out"
    with FaultyReplica({}, BEFORE) as replica:
        first = run_crawl(
            f"start_url={replica.base_url}/", f"captured_at={CONFIG.captured_at}", output_dir=out
        )
        assert first.returncode == EXIT_COMPLETE, first.stderr[-2000:]
        dataset = {stem: (out / f"{stem}.jsonl").read_bytes() for stem in RECORD_TYPES}
        # The site gains five posts and six comments; the run that reads them is killed
        # at its merge.
        replica.site = Site(CONFIG, replica.base_url)
        crawl_killed_at_commit(replica, out, when)
        (_, done), (killed, pending) = manifests(out)
        assert done is not None and done["merged"] and pending is None
        assert (killed / ".manifest.json.pending").exists()
        # The dataset files are still those of the first run, whole.
        assert {s: (out / f"{s}.jsonl").read_bytes() for s in RECORD_TYPES} == dataset

        # The next run, even one that fails (nothing reachable), completes the folder
        # first: its manifest says what the state says.
        failed = run_crawl(f"start_url={unreachable()}", output_dir=out)
        assert failed.returncode == EXIT_FAILED, failed.stderr[-2000:]
        recovered = dict(manifests(out))[killed]
        assert recovered is not None
        assert not (killed / ".manifest.json.pending").exists()
        failed_id = manifests(out)[-1][0].name
        assert recovered["recovered_by"] == failed_id
        if when == "after":
            # Merged before the kill: the delta stands, and the dataset files now hold it.
            assert recovered["merged"] is True and recovered["status"] == "complete"
            assert recovered["counts"]["posts"]["new"] == 5
            for entry in recovered["files"]:
                data = (out / entry["path"]).read_bytes()
                assert hashlib.sha256(data).hexdigest() == entry["sha256"], entry["path"]
            posts = {r["url"] for r in whole_lines(out / "posts.jsonl")}
            assert posts == {p.url for p in replica.site.truth.posts}
        else:
            # Nothing merged: the folder is marked, its files are no delta to apply.
            assert recovered["merged"] is False and recovered["status"] == "interrupted"
            assert recovered["exit_code"] is None and recovered["files"] == []
            assert {s: (out / f"{s}.jsonl").read_bytes() for s in RECORD_TYPES} == dataset

        result = run_crawl(
            f"start_url={replica.base_url}/", f"captured_at={CONFIG.captured_at}", output_dir=out
        )
        truth = replica.site.truth
    assert result.returncode == EXIT_COMPLETE, result.stderr[-2000:]
    assert all(manifest is not None for _, manifest in manifests(out))
    # The deltas of the merged runs, replayed, are the dataset: nothing lost, nothing twice.
    rebuilt = replay_deltas(out)
    for stem in RECORD_TYPES:
        records = whole_lines(out / f"{stem}.jsonl")
        assert {keys(stem, r): r for r in records} == rebuilt[stem], stem
    assert set(rebuilt["posts"]) == {(p.url,) for p in truth.posts}
    assert set(rebuilt["comments"]) == {
        (c.post_url, c.system, c.comment_id) for c in truth.comments
    }
