"""A misbehaving server: the crawl goes on past a bad page, says which pages failed, and
merges what it read, backs off when asked to, obeys robots.txt and names itself."""

from __future__ import annotations

import json
from pathlib import Path

import jsonlines

from ncia_scraper.outcome import EXIT_COMPLETE, EXIT_PARTIAL
from tests.faults import Answer, FaultyReplica, always, first
from tests.helpers import run_crawl

# Politeness delays scaled down so the tests stay quick; their logic is the same.
QUICK_BACKOFF = {"BACKOFF_MIN_DELAY": "0.2", "RETRY_TIMES": "2"}
# What WordPress prints when its database is down, served with a 200 by a broken cache.
NOT_A_POST = Answer(
    200,
    b"<html><head><title>Database Error</title></head><body>"
    b"<h1>Error establishing a database connection</h1></body></html>",
)


def crawl(replica: FaultyReplica, output: Path, settings: dict[str, str] | None = None):
    return run_crawl(
        f"start_url={replica.base_url}/",
        f"captured_at={replica.config.captured_at}",
        output_dir=output,
        settings=settings,
    )


def read_urls(path: Path) -> set[str]:
    with jsonlines.open(path) as reader:
        return {record["url"] for record in reader}


def test_an_unreadable_post_is_counted_named_and_the_crawl_goes_on(tmp_path):
    probe = FaultyReplica({})
    broken = probe.site.post_paths()[4]
    with FaultyReplica({broken: always(NOT_A_POST)}) as replica:
        result = crawl(replica, tmp_path)

    assert result.returncode == EXIT_PARTIAL
    summary = result.stdout.strip().splitlines()[-1]
    assert summary.startswith("ncia-scraper partial:")
    assert summary.endswith("1 page(s) could not be parsed")
    assert f"Could not read {replica.base_url}{broken}: no post found on the page" in (
        result.stderr
    )
    # Every other post was read and merged (a partial run loses nothing); the manifest
    # names the page.
    expected = {post.url for post in replica.site.truth.posts} - {replica.base_url + broken}
    assert read_urls(tmp_path / "posts.jsonl") == expected
    (manifest,) = (tmp_path / "runs").glob("*/manifest.json")
    errors = json.loads(manifest.read_text(encoding="utf-8"))["errors"]
    assert errors == [{"url": replica.base_url + broken, "error": "no post found on the page"}]


def test_a_listing_that_keeps_failing_is_reported_after_retries(tmp_path):
    with FaultyReplica({"/page/3/": always(Answer(500))}) as replica:
        result = crawl(replica, tmp_path, QUICK_BACKOFF)

    assert result.returncode == EXIT_PARTIAL
    assert result.stdout.strip().endswith("1 page(s) still failed after retries")
    assert f"Failed {replica.base_url}/page/3/: HTTP 500" in result.stderr
    assert [seen.path for seen in replica.seen].count("/page/3/") == 3  # 1 + RETRY_TIMES
    # Its posts are reachable through the archives, so none is missing.
    truth = {post.url for post in replica.site.truth.posts}
    assert read_urls(tmp_path / "posts.jsonl") == truth
    (manifest,) = (tmp_path / "runs").glob("*/manifest.json")
    data = json.loads(manifest.read_text(encoding="utf-8"))
    assert data["errors"] == [{"url": f"{replica.base_url}/page/3/", "error": "HTTP 500"}]
    assert (data["status"], data["exit_code"]) == ("partial", EXIT_PARTIAL)


def test_a_429_with_retry_after_slows_every_request_to_the_server(tmp_path):
    too_many = Answer(429, b"slow down", {"Retry-After": "2"})
    with FaultyReplica({"/page/2/": first(1, too_many)}) as replica:
        # AutoThrottle on, as by default: it brings the delay back down after the pause.
        # One request at a time, so that no other request is already on its way when
        # the 429 arrives, however loaded the machine is.
        result = crawl(
            replica,
            tmp_path,
            {
                **QUICK_BACKOFF,
                "AUTOTHROTTLE_ENABLED": "True",
                "AUTOTHROTTLE_START_DELAY": "0",
                "CONCURRENT_REQUESTS_PER_DOMAIN": "1",
            },
        )

    assert result.returncode == EXIT_COMPLETE, result.stdout
    refused_at = next(seen.at for seen in replica.seen if seen.path == "/page/2/")
    retried_at = [seen.at for seen in replica.seen if seen.path == "/page/2/"][1]
    assert retried_at - refused_at >= 2.0
    # Not only the retry waits: nothing at all reaches the server during the pause.
    assert [s.path for s in replica.seen if refused_at < s.at < refused_at + 2.0] == []
    assert read_urls(tmp_path / "posts.jsonl") == {p.url for p in replica.site.truth.posts}


def test_robots_txt_is_obeyed_and_the_user_agent_names_the_project(tmp_path):
    robots = Answer(200, b"User-agent: *\nDisallow: /tag/\n", content_type="text/plain")
    with FaultyReplica({"/robots.txt": always(robots)}) as replica:
        result = crawl(replica, tmp_path)

    assert result.returncode == EXIT_COMPLETE, result.stdout
    paths = [seen.path for seen in replica.seen]
    assert paths[0] == "/robots.txt"
    assert not [path for path in paths if path.startswith("/tag/")]
    assert {seen.user_agent.split(" ")[0] for seen in replica.seen} == {"ncia-scraper/0.1"}
