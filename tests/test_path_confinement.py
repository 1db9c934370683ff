"""What a run writes stays inside OUTPUT_DIR and STATE_PATH's folder, however it is
tempted out: names with `..` or absolute paths, a run ID that is not one, links planted
inside OUTPUT_DIR that point elsewhere (before the run or while it runs), and a site
whose links carry path traversal. Real crawls, real HTTP, for the last three."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from ncia_scraper.outcome import EXIT_FAILED, EXIT_USAGE
from ncia_scraper.state.paths import PathEscape, check_run_id, confined
from tests.faults import Answer, FaultyReplica, always
from tests.helpers import FAST, PROJECT_ROOT, run_crawl
from tests.site import SiteConfig

CONFIG = SiteConfig(posts=8)


def files_under(root: Path) -> set[Path]:
    return {path for path in root.rglob("*") if not path.is_dir()}


# --- the rule ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "names",
    [
        ("..",),
        ("../outside.jsonl",),
        ("runs", "../../outside"),
        ("/etc/passwd",),
        ("runs", "/tmp/x"),
        ("a/b",),
        ("a\\..\\b",),
        ("",),
        (".",),
        ("x\0y",),
    ],
)
def test_names_that_are_not_plain_file_names_are_refused(tmp_path: Path, names) -> None:
    with pytest.raises(PathEscape, match="refusing to write"):
        confined(tmp_path / "out", *names)


def test_a_link_out_of_the_folder_is_refused_and_a_linked_folder_itself_is_fine(
    tmp_path: Path,
) -> None:
    out, elsewhere = tmp_path / "out", tmp_path / "elsewhere"
    out.mkdir()
    elsewhere.mkdir()
    (out / "runs").symlink_to(elsewhere)
    with pytest.raises(PathEscape, match="outside"):
        confined(out, "runs", "20261125T101500.123456Z")
    (out / "posts.jsonl").symlink_to(elsewhere / "posts.jsonl")
    with pytest.raises(PathEscape, match="outside"):
        confined(out, "posts.jsonl")
    # OUTPUT_DIR may itself be a link: that is where the user sent it.
    linked = tmp_path / "linked-out"
    linked.symlink_to(elsewhere)
    assert confined(linked, "posts.jsonl") == linked / "posts.jsonl"
    assert confined(out, "incomplete", "posts.jsonl") == out / "incomplete" / "posts.jsonl"


@pytest.mark.parametrize(
    "value", ["../../etc", "20261125T101500.123456Z/../..", "/tmp/x", "", "20261125T101500Z"]
)
def test_a_run_id_is_only_ever_the_generated_form(value: str) -> None:
    with pytest.raises(PathEscape):
        check_run_id(value)
    assert check_run_id("20261125T101500.123456Z") == "20261125T101500.123456Z"


# --- real crawls ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "setting"),
    [
        ("runs", "OUTPUT_DIR"),
        ("incomplete", "OUTPUT_DIR"),
        (".lock", "OUTPUT_DIR"),
        ("state.sqlite", "STATE_PATH"),
        ("state.sqlite-wal", "STATE_PATH"),
        ("state.pages.sqlite", "STATE_PATH"),
    ],
)
def test_a_link_planted_in_output_dir_stops_the_run_before_anything_is_written(
    tmp_path: Path, name: str, setting: str
) -> None:
    out, elsewhere = tmp_path / "out", tmp_path / "elsewhere"
    out.mkdir()
    elsewhere.mkdir()
    victim = elsewhere / "victim.txt"
    victim.write_text("keep me\n", encoding="utf-8")
    (out / name).symlink_to(elsewhere if name in ("runs", "incomplete") else victim)
    with FaultyReplica({}, CONFIG) as replica:
        result = run_crawl(f"start_url={replica.base_url}/", output_dir=out)
        asked = list(replica.seen)
    assert result.returncode == EXIT_USAGE, result.stderr[-2000:]
    line = result.stderr.strip()
    configured = out if setting == "OUTPUT_DIR" else out / "state.sqlite"
    assert line.startswith(f"error: {setting} {str(configured)!r}: refusing to write {out / name}")
    assert "outside" in line and "\n" not in line
    assert asked == []
    assert files_under(elsewhere) == {victim}
    assert victim.read_text(encoding="utf-8") == "keep me\n"


def test_a_link_planted_while_the_run_runs_is_not_written_through(tmp_path: Path) -> None:
    """The home page stalls and then fails, so the run fails and sets its files aside in
    `incomplete/`; meanwhile `incomplete` became a link out of OUTPUT_DIR."""
    out, elsewhere = tmp_path / "out", tmp_path / "elsewhere"
    elsewhere.mkdir()
    stall = Answer(200, misbehave="stall", stall_seconds=3.0)
    with FaultyReplica({"/": always(stall)}, CONFIG) as replica:
        command = [sys.executable, "-m", "scrapy", "crawl", "posts"]
        command += ["-a", f"start_url={replica.base_url}/"]
        settings = {**FAST, "OUTPUT_DIR": str(out), "RETRY_TIMES": "0"}
        for setting, value in settings.items():
            command += ["-s", f"{setting}={value}"]
        process = subprocess.Popen(
            command, cwd=PROJECT_ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
        )
        try:
            deadline = time.monotonic() + 30
            while not any(seen.path == "/" for seen in replica.seen):
                assert process.poll() is None and time.monotonic() < deadline, "no request"
                time.sleep(0.01)
            (out / "incomplete").symlink_to(elsewhere)
            _, stderr = process.communicate(timeout=60)
        finally:
            if process.poll() is None:
                os.kill(process.pid, signal.SIGKILL)
    assert process.returncode == EXIT_FAILED, stderr[-2000:]
    assert files_under(elsewhere) == set()
    assert f"refusing to write {out / 'incomplete'}" in stderr
    # The run's files stay beside the dataset, where the next run clears them.
    assert {p.name for p in out.glob(".*.tmp")} == {
        f".{stem}.jsonl.{process.pid}.tmp" for stem in ("posts", "comments", "tweets")
    }


def test_a_site_full_of_path_traversal_writes_only_where_configured(tmp_path: Path) -> None:
    out, state = tmp_path / "out", tmp_path / "state"
    traps = (
        '<a href="/tag/..%2F..%2F..%2Fescape/" rel="tag">escape</a>'
        '<a href="/category/../../../../tmp/escape/">up</a>'
        '<a href="/2012/01/01/..%2F..%2F..%2Fetc%2Fpasswd/">post?</a>'
        '<a href="/2012/01/01/%2e%2e/">dots</a>'
    )
    with FaultyReplica({}, CONFIG) as replica:
        home = replica.site.get("/").body.decode("utf-8")
        hostile = home.replace("</body>", traps + "</body>")
        replica.faults["/"] = always(Answer(200, hostile.encode("utf-8")))
        for _ in range(2):  # a full run, then an incremental one
            result = run_crawl(
                f"start_url={replica.base_url}/",
                f"captured_at={CONFIG.captured_at}",
                output_dir=out,
                settings={"STATE_PATH": str(state / "crawl-state.sqlite")},
            )
            assert result.returncode in (0, 1), result.stderr[-2000:]
    written = files_under(tmp_path)
    assert written, "the crawl wrote nothing"
    outside = {path for path in written if out not in path.parents and state not in path.parents}
    assert outside == set()
    assert {p.name for p in files_under(state)} <= {
        "crawl-state.sqlite",
        "crawl-state.sqlite-wal",
        "crawl-state.sqlite-shm",
        "crawl-state.pages.sqlite",
        "crawl-state.pages.sqlite-wal",
        "crawl-state.pages.sqlite-shm",
    }
    assert not (out / "state.sqlite").exists()
    assert not any(".." in p.parts or "escape" in p.name for p in written)
