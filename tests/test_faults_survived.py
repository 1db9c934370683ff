"""Faults survived, each on a real crawl of a fault-injecting loopback server: the crawl
finishes, retries, records every post that can be fetched, names each page it could not
read (with its URL) in the manifest, and exits with status 1 (partial) or, when a retry
recovered, 0. The README's table of faults and outcomes is this file."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import jsonlines
import pytest

from ncia_scraper.outcome import EXIT_COMPLETE, EXIT_PARTIAL
from tests.faults import Answer, Fault, FaultyReplica, always, first
from tests.helpers import run_crawl
from tests.site import SiteConfig

CONFIG = SiteConfig(posts=30)
QUICK = {
    "BACKOFF_MIN_DELAY": "0.2",
    "BACKOFF_MAX_DELAY": "1",
    "RETRY_TIMES": "2",
    "DOWNLOAD_TIMEOUT": "2",
}
MAXSIZE = 200_000


def page(replica: FaultyReplica, path: str) -> Answer:
    served = replica.site.get(path)
    return Answer(served.status, served.body, {}, served.content_type)


def reset(_replica: FaultyReplica, _path: str) -> Fault:
    return always(Answer(200, misbehave="reset"))


def stall(_replica: FaultyReplica, _path: str) -> Fault:
    return always(Answer(200, misbehave="stall", stall_seconds=3))


def truncate(replica: FaultyReplica, path: str) -> Fault:
    whole = page(replica, path)
    return always(Answer(200, whole.body, misbehave="truncate"))


def oversized(replica: FaultyReplica, path: str) -> Fault:
    whole = page(replica, path)
    padding = b"<!-- " + b"x" * (MAXSIZE * 2) + b" -->"
    return always(Answer(200, whole.body.replace(b"</body>", padding + b"</body>")))


def redirect_loop(replica: FaultyReplica, path: str) -> Fault:
    return always(Answer(301, headers={"Location": replica.base_url + path}))


def redirect_chain(replica: FaultyReplica, path: str) -> Fault:
    """Each hop to a new URL, longer than Scrapy's REDIRECT_MAX_TIMES (20)."""
    for hop in range(1, 30):
        target = f"{replica.base_url}{path}?hop={hop + 1}"
        replica.faults[f"{path}?hop={hop}"] = always(Answer(302, headers={"Location": target}))
    return always(Answer(302, headers={"Location": f"{replica.base_url}{path}?hop=1"}))


def server_error(_replica: FaultyReplica, _path: str) -> Fault:
    return always(Answer(502, b"<html><body>Bad gateway</body></html>"))


Case = tuple[str, Callable[[FaultyReplica, str], Fault], str]

LOST_POST: list[Case] = [
    ("5xx after retries", server_error, "HTTP 502"),
    ("timeout", stall, "TimeoutError"),
    ("connection reset", reset, "Error"),
    ("truncated body", truncate, "Error"),
    ("redirect loop", redirect_loop, "redirect"),
    ("endless redirects", redirect_chain, "redirect"),
    ("oversized response", oversized, "Error"),
]


def crawl(replica: FaultyReplica, out: Path) -> Any:
    return run_crawl(
        f"start_url={replica.base_url}/",
        f"captured_at={CONFIG.captured_at}",
        output_dir=out,
        settings={**QUICK, "DOWNLOAD_MAXSIZE": str(MAXSIZE), "DOWNLOAD_WARNSIZE": "0"},
    )


def posts_written(out: Path) -> set[str]:
    with jsonlines.open(out / "posts.jsonl") as reader:
        return {record["url"] for record in reader}


def manifest(out: Path) -> dict[str, Any]:
    (path,) = (out / "runs").glob("*/manifest.json")
    return json.loads(path.read_text(encoding="utf-8"))


@pytest.mark.parametrize(("name", "make", "reason"), LOST_POST, ids=[c[0] for c in LOST_POST])
def test_a_post_that_cannot_be_fetched_is_named_and_the_rest_is_kept(
    tmp_path: Path, name: str, make: Callable[[FaultyReplica, str], Fault], reason: str
) -> None:
    with FaultyReplica({}, CONFIG) as replica:
        broken = replica.site.post_paths()[7]
        replica.faults[broken] = make(replica, broken)
        result = crawl(replica, tmp_path)
        truth = {post.url for post in replica.site.truth.posts}
    url = replica.base_url + broken
    assert result.returncode == EXIT_PARTIAL, result.stdout[-500:]
    assert posts_written(tmp_path) == truth - {url}
    data = manifest(tmp_path)
    assert data["status"] == "partial" and data["merged"] is True
    assert [error["url"] for error in data["errors"]] == [url]
    assert reason.lower() in data["errors"][0]["error"].lower()


@pytest.mark.parametrize(
    ("name", "answer"),
    [
        ("5xx burst", Answer(503)),
        ("429 without Retry-After", Answer(429)),
        ("429 with Retry-After", Answer(429, headers={"Retry-After": "1"})),
        ("connection reset", Answer(200, misbehave="reset")),
    ],
)
def test_a_passing_fault_is_retried_and_the_run_is_complete(
    tmp_path: Path, name: str, answer: Answer
) -> None:
    with FaultyReplica({}, CONFIG) as replica:
        flaky = replica.site.post_paths()[3]
        replica.faults[flaky] = first(2, answer)
        result = crawl(replica, tmp_path)
        truth = {post.url for post in replica.site.truth.posts}
        asked = [seen.path for seen in replica.seen].count(flaky)
    assert result.returncode == EXIT_COMPLETE, result.stdout[-500:]
    assert asked == 3
    assert posts_written(tmp_path) == truth
    assert manifest(tmp_path)["errors"] == []


def test_a_listing_that_vanishes_mid_crawl(tmp_path: Path) -> None:
    with FaultyReplica({}, CONFIG) as replica:
        # Page 2 answers once (so page 3 is known), then is gone.
        replica.faults["/page/2/"] = lambda count: Answer(404) if count > 1 else None
        replica.faults["/page/3/"] = always(Answer(404, b"<html><body>Gone</body></html>"))
        result = crawl(replica, tmp_path)
        truth = {post.url for post in replica.site.truth.posts}
    assert result.returncode == EXIT_PARTIAL
    # Its posts are linked from the monthly archives too.
    assert posts_written(tmp_path) == truth
    assert [e["url"] for e in manifest(tmp_path)["errors"]] == [replica.base_url + "/page/3/"]


CP1252_META = b'content="text/html; charset=windows-1252"'


@pytest.mark.parametrize(
    ("header", "meta"),
    [
        ("text/html; charset=windows-1252", CP1252_META),
        ("text/html", CP1252_META),
        ("text/html", b'content="text/html"'),
        ("text/html; charset=ISO-8859-1", b'content="text/html; charset=ISO-8859-1"'),
        ("text/html", b'content="text/html; charset=iso-8859-1"'),
    ],
    ids=[
        "cp1252-declared",
        "cp1252-in-meta-only",
        "cp1252-undeclared",
        "iso-8859-1-declared",
        "iso-8859-1-in-meta-only",
    ],
)
def test_single_byte_charsets_declared_or_not(tmp_path: Path, header: str, meta: bytes) -> None:
    with FaultyReplica({}, CONFIG) as replica:
        (post,) = [p for p in replica.site.posts if p.charset == "windows-1252"]
        served = replica.site.get(post.path).body
        assert CP1252_META in served and "’".encode("cp1252") in served
        variant = served.replace(CP1252_META, meta)
        replica.faults[post.path] = always(Answer(200, variant, {}, header))
        result = crawl(replica, tmp_path)
        truth = {p.url: p for p in replica.site.truth.posts}
    assert result.returncode == EXIT_COMPLETE, result.stdout[-500:]
    with jsonlines.open(tmp_path / "posts.jsonl") as reader:
        written = {record["url"]: record for record in reader}
    url = replica.base_url + post.path
    assert written[url]["title"] == truth[url].title
    assert written[url]["content_text"] == truth[url].content_text


def test_malformed_deeply_nested_html_ends_in_a_record_or_a_named_failure(tmp_path: Path) -> None:
    with FaultyReplica({}, CONFIG) as replica:
        broken = replica.site.post_paths()[5]
        body = replica.site.get(broken).body
        nest = b"<div><span><p <b>>" * 5000 + b"</td></tr></table>" * 50
        replica.faults[broken] = always(Answer(200, body.replace(b"<body", nest + b"<body", 1)))
        result = crawl(replica, tmp_path)
        truth = {post.url for post in replica.site.truth.posts}
    url = replica.base_url + broken
    assert result.returncode in (EXIT_COMPLETE, EXIT_PARTIAL)
    written = posts_written(tmp_path)
    assert written >= truth - {url}
    errors = [e["url"] for e in manifest(tmp_path)["errors"]]
    assert errors == ([] if url in written else [url])
