"""One crawl per OUTPUT_DIR: a second run exits at once with status 4; a killed run's
lock is taken over. Real `scrapy crawl` processes, real file locks."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

from ncia_scraper.outcome import EXIT_ALREADY_RUNNING
from ncia_scraper.state.lock import LOCK_NAME, AlreadyRunning, RunLock
from tests.helpers import run_crawl

# Holds the lock from another process until killed, as a crawl in progress would.
HOLDER = textwrap.dedent(
    """
    import sys, time
    from pathlib import Path
    from ncia_scraper.state.lock import RunLock
    lock = RunLock(Path(sys.argv[1]))
    lock.acquire()
    print("locked", flush=True)
    time.sleep(120)
    """
)


def hold_lock(output_dir: Path) -> subprocess.Popen[str]:
    output_dir.mkdir(parents=True, exist_ok=True)
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLDER, str(output_dir / LOCK_NAME)],
        stdout=subprocess.PIPE,
        text=True,
        cwd=Path(__file__).resolve().parent.parent,
    )
    assert holder.stdout is not None
    assert holder.stdout.readline().strip() == "locked"
    return holder


def test_a_second_run_exits_at_once_with_status_4(tmp_path, rendered_replica):
    out = tmp_path / "out"
    holder = hold_lock(out)
    try:
        result = run_crawl(f"start_url={rendered_replica.base_url}/", output_dir=out, timeout=60)
    finally:
        holder.kill()
        holder.wait()
    assert result.returncode == EXIT_ALREADY_RUNNING
    assert "already writing to" in result.stderr
    assert f"pid {holder.pid}" in result.stderr
    assert not (out / "posts.jsonl").exists()


def test_a_killed_runs_lock_is_taken_over(tmp_path):
    out = tmp_path / "out"
    holder = hold_lock(out)
    os.kill(holder.pid, signal.SIGKILL)
    holder.wait()
    assert (out / LOCK_NAME).read_text(encoding="utf-8").startswith(f"pid {holder.pid}")
    with RunLock(out / LOCK_NAME):
        assert (out / LOCK_NAME).read_text(encoding="utf-8").startswith(f"pid {os.getpid()}")


def test_the_lock_is_exclusive_within_a_process_too(tmp_path):
    first = RunLock(tmp_path / LOCK_NAME)
    first.acquire()
    try:
        second = RunLock(tmp_path / LOCK_NAME)
        try:
            second.acquire()
        except AlreadyRunning as error:
            assert f"pid {os.getpid()}" in str(error)
        else:
            raise AssertionError("a second lock was granted")
    finally:
        first.release()
    with RunLock(tmp_path / LOCK_NAME):
        pass
