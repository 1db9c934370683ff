"""`source=auto`: the live site first; a page that fails there is taken from its newest
capture in the Wayback Machine (a stand-in on loopback) and says so."""

from __future__ import annotations

import socket

from tests.faults import Answer, FaultyReplica, always
from tests.helpers import run_crawl
from tests.site import SiteConfig
from tests.wayback.crawls import FAST_ARCHIVE, assert_matches_truth, written
from tests.wayback.standin import StandIn, timestamp

CONFIG = SiteConfig(posts=10)


def test_failed_live_pages_come_from_their_newest_capture(tmp_path):
    gone = FaultyReplica({}, CONFIG)
    posts = gone.site.post_paths()
    listing = next(p for p in gone.site.listing_paths() if p.startswith("/2011/"))
    gone.faults = {
        posts[1]: always(Answer(404)),
        posts[4]: always(Answer(410)),
        posts[6]: always(Answer(503)),
        listing: always(Answer(500)),
    }
    with gone:
        standin = StandIn(
            CONFIG, [CONFIG.capture_time], site_url=gone.base_url, www_first=False
        ).start()
        try:
            result = run_crawl(
                "source=auto",
                f"start_url={gone.base_url}/",
                f"captured_at={CONFIG.captured_at}",
                output_dir=tmp_path,
                settings={
                    "WAYBACK_BASE_URL": standin.base_url,
                    "RETRY_TIMES": "1",
                    "BACKOFF_MIN_DELAY": "0.1",
                    **FAST_ARCHIVE,
                },
            )
        finally:
            standin.stop()
    crawl = written(result, tmp_path)
    assert result.returncode == 0, result.stderr[-3000:]
    # Every record as the replica's truth has it; where it came from is checked below.
    snapshot = timestamp(CONFIG.capture_time)
    from_archive = {gone.site.url(p) for p in (posts[1], posts[4], posts[6])}
    by_url = {r["url"]: r for r in crawl.posts}
    for url, record in by_url.items():
        if url in from_archive:
            assert (record["source"], record["snapshot"]) == ("wayback", snapshot)
            assert record["archive_url"] == f"{standin.base_url}/web/{snapshot}/{url}"
        else:
            assert (record["source"], record["snapshot"]) == ("live", None)
    for record in crawl.posts + crawl.comments + crawl.tweets:
        record.update(source="wayback", snapshot=snapshot)
    for record in crawl.tweets:
        record.update(first_seen_snapshot=snapshot, last_seen_snapshot=snapshot)
    for record in crawl.posts:
        record["snapshots"] = [snapshot]
    assert_matches_truth(crawl, gone.site, "wayback")
    # The archive was asked only for the pages that failed, never for the others.
    asked = {s.path.split("/", 3)[3] for s in standin.seen if s.path.startswith("/web/")}
    assert {gone.site.url(listing), *from_archive} <= asked
    assert len(asked) == 4


def test_a_site_that_refuses_connections_is_read_from_the_archive(tmp_path):
    # A port nothing listens on: every live request fails to connect, so every page
    # comes from the archive, and the crawl is complete.
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        dead = f"http://127.0.0.1:{probe.getsockname()[1]}"
    standin = StandIn(
        CONFIG, [CONFIG.capture_time], site_url=dead, www_first=False, unlimited=True
    ).start()
    try:
        result = run_crawl(
            "source=auto",
            f"start_url={dead}/",
            output_dir=tmp_path,
            settings={"WAYBACK_BASE_URL": standin.base_url, "RETRY_TIMES": "0", **FAST_ARCHIVE},
        )
    finally:
        standin.stop()
    assert result.returncode == 0, result.stderr[-3000:]
    crawl = written(result, tmp_path)
    site = standin.newest
    assert_matches_truth(crawl, site, "wayback")
    assert "Live page failed (DownloadConnectionRefusedError" in result.stderr
