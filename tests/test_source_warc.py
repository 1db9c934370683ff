"""`source=warc`: the real `scrapy crawl posts` reading WARC files written from the
replica (tests/wayback/warcs.py), with the network off, every record compared field by
field with the replica's ground truth for the capture read."""

from __future__ import annotations

import subprocess
import sys
from dataclasses import replace
from datetime import UTC, datetime

import pytest

from ncia_scraper.outcome import EXIT_FAILED
from tests.helpers import PROJECT_ROOT
from tests.site import SiteConfig
from tests.site.site import Site
from tests.wayback.crawls import Written, assert_matches_truth, crawl_warc, network_off_prefix
from tests.wayback.standin import SITE_ROOT
from tests.wayback.warcs import corrupt_record, write_arc, write_warc

EARLY = datetime(2012, 3, 20, 9, 0, tzinfo=UTC)
LATE = datetime(2012, 6, 1, 12, 0, tzinfo=UTC)
CONFIG = SiteConfig(posts=12, comment_system="wordpress", twitter_widget="pro")


def site_at(moment: datetime) -> Site:
    return Site(replace(CONFIG, capture_time=moment), SITE_ROOT.rstrip("/"))


@pytest.fixture(scope="module")
def folder(tmp_path_factory):
    """Two captures: an early plain WARC and a late gzipped one, in one folder."""
    folder = tmp_path_factory.mktemp("warcs")
    write_warc(folder / "early.warc", site_at(EARLY), EARLY, gzip=False)
    write_warc(folder / "late.warc.gz", site_at(LATE), LATE)
    return folder


@pytest.fixture(scope="module")
def latest(folder, tmp_path_factory) -> Written:
    return crawl_warc(folder, tmp_path_factory.mktemp("out"))


def test_every_record_from_the_newest_capture_with_the_network_off(latest):
    assert latest.result.returncode == 0, latest.result.stderr[-3000:]
    assert "ERROR" not in latest.result.stderr
    assert_matches_truth(latest, site_at(LATE), "warc")
    assert all(r["archive_url"].startswith("late.warc.gz#") for r in latest.posts)
    # Nothing went to a downloader: every response came out of the files.
    assert "downloader/request_count" not in latest.result.stderr


def test_the_same_command_line_reaches_no_server_at_all(rendered_replica, tmp_path):
    # What "network off" means above: in that sandbox a live crawl of a server on this
    # very machine fails, so the WARC crawl's records came out of the file alone.
    prefix = network_off_prefix()
    if not prefix:
        pytest.skip("this system cannot start a process without network")
    command = [*prefix, sys.executable, "-m", "scrapy", "crawl", "posts"]
    command += ["-a", f"start_url={rendered_replica.base_url}/", "-s", f"OUTPUT_DIR={tmp_path}"]
    command += ["-s", "RETRY_TIMES=0"]
    result = subprocess.run(
        command, cwd=PROJECT_ROOT, capture_output=True, text=True, timeout=120, check=False
    )
    assert result.returncode == EXIT_FAILED, result.stderr[-2000:]
    assert "ncia/pages/post" not in result.stderr


def test_to_picks_the_capture_in_range_and_its_relative_dates(folder, tmp_path):
    crawl = crawl_warc(folder, tmp_path, "to=2012-04")
    assert crawl.result.returncode == 0, crawl.result.stderr[-3000:]
    assert_matches_truth(crawl, site_at(EARLY), "warc")
    assert {r["captured_at"] for r in crawl.posts} == {EARLY.isoformat()}


def test_a_corrupt_record_is_logged_counted_and_skipped(tmp_path):
    site = site_at(LATE)
    path = write_warc(tmp_path / "one.warc.gz", site, LATE)
    damaged = site.url(site.post_paths()[3])
    corrupt_record(path, damaged)
    crawl = crawl_warc(path, tmp_path / "out")
    assert crawl.result.returncode == 0, crawl.result.stderr[-3000:]
    assert "Skipped a corrupt record in" in crawl.result.stderr
    assert "'ncia/warc/corrupt': 1" in crawl.result.stderr
    # Every other post is read; the damaged one is simply not in the archive.
    assert {r["url"] for r in crawl.posts} == {site.url(p) for p in site.post_paths()} - {damaged}


@pytest.mark.parametrize("gzip", [False, True], ids=["arc", "arc.gz"])
def test_arc_files_too(gzip, tmp_path):
    name = "early.arc.gz" if gzip else "early.arc"
    path = write_arc(tmp_path / name, site_at(EARLY), EARLY, gzip=gzip)
    crawl = crawl_warc(path, tmp_path / "out")
    assert crawl.result.returncode == 0, crawl.result.stderr[-3000:]
    assert_matches_truth(crawl, site_at(EARLY), "warc")


def test_all_snapshots_of_the_files_merge_into_one_record_per_post(folder, tmp_path):
    crawl = crawl_warc(folder, tmp_path, "snapshots=all")
    assert crawl.result.returncode == 0, crawl.result.stderr[-3000:]
    every = [EARLY.strftime("%Y%m%d%H%M%S"), LATE.strftime("%Y%m%d%H%M%S")]
    truth = site_at(LATE).truth
    assert sorted(r["url"] for r in crawl.posts) == sorted(p.url for p in truth.posts)
    assert all(r["snapshots"] == every and r["snapshot"] == every[-1] for r in crawl.posts)
    assert len(crawl.tweets) == len(truth.tweets)
    assert {(r["first_seen_snapshot"], r["last_seen_snapshot"]) for r in crawl.tweets} == {
        tuple(every)
    }
