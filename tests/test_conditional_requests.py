"""Conditional requests: listing pages and feeds an earlier run saw with an ETag or a
Last-Modified are requested with If-None-Match/If-Modified-Since, and a 304 is read as
the stored page, so the dataset is the same as without them. Real crawls against a
replica that answers conditional requests as WordPress does for its feeds; and the
middleware alone, for what a real server rarely shows (a 5xx or a failed download
after a stored copy, a post page with an ETag, a full=true run)."""

from __future__ import annotations

import json
import re
import sqlite3
from pathlib import Path
from types import SimpleNamespace
from typing import Any

from scrapy import Request
from scrapy.http import HtmlResponse, Response
from scrapy.settings import Settings
from scrapy.statscollectors import MemoryStatsCollector

from ncia_scraper import settings as project_settings
from ncia_scraper.extract.urls import UrlKind, classify
from ncia_scraper.items import RECORD_TYPES
from ncia_scraper.middlewares.conditional import ConditionalRequests
from ncia_scraper.outcome import EXIT_COMPLETE
from tests.faults import FaultyReplica
from tests.helpers import run_crawl
from tests.site import ReplicaServer, Site, SiteConfig

# The raw variant links each post's comment feed, so feeds are fetched too.
BEFORE = SiteConfig(posts=60, variant="raw", hidden_posts=5, hidden_comments=6, conditional=True)
AFTER = SiteConfig(posts=60, variant="raw", conditional=True)
VOLATILE = {"fetched_at"}


def crawl(replica: ReplicaServer, out: Path, *extra: str, **settings: str) -> dict[str, int]:
    """A real crawl; returns its Scrapy stats (numbers only, from the run's log)."""
    replica.requests.clear()
    result = run_crawl(
        f"start_url={replica.base_url}/",
        f"captured_at={replica.config.captured_at}",
        *extra,
        output_dir=out,
        settings=settings,
    )
    assert result.returncode == EXIT_COMPLETE, result.stderr[-3000:]
    log = (sorted((out / "runs").iterdir())[-1] / "crawl.log").read_text(encoding="utf-8")
    return {name: int(n) for name, n in re.findall(r"'([a-z_/0-9]+)': (\d+),?\n", log)}


def dataset(out: Path) -> dict[str, bytes]:
    return {stem: (out / f"{stem}.jsonl").read_bytes() for stem in RECORD_TYPES}


def records(out: Path) -> dict[str, list[str]]:
    """The dataset without the one field that says when a page was downloaded, in an
    order of its own (the line order is that of the first crawl's downloads)."""
    return {
        stem: sorted(
            json.dumps({k: v for k, v in json.loads(line).items() if k not in VOLATILE})
            for line in (out / f"{stem}.jsonl").read_text(encoding="utf-8").splitlines()
        )
        for stem in RECORD_TYPES
    }


def kind(replica: ReplicaServer, path: str) -> UrlKind:
    return classify(replica.base_url + path, replica.base_url + "/")


def test_unchanged_pages_come_back_304_and_the_dataset_is_the_same(tmp_path: Path) -> None:
    out, control = tmp_path / "out", tmp_path / "control"
    with ReplicaServer(BEFORE) as replica:
        # 1. First run: nothing stored yet, so nothing conditional; listing pages and
        # feeds are stored (post pages have an ETag too, and are not).
        stats = crawl(replica, out)
        assert [s.path for s in replica.requests if s.if_none_match or s.if_modified_since] == []
        with sqlite3.connect(out / "state.pages.sqlite") as db:
            stored = {url for (url,) in db.execute("SELECT url FROM pages")}
        worth = {
            replica.base_url + s.path
            for s in replica.requests
            if s.status == 200 and kind(replica, s.path) in (UrlKind.LISTING, UrlKind.FEED)
        }
        assert stored == worth
        assert any(
            kind(replica, url.removeprefix(replica.base_url)) is UrlKind.FEED for url in stored
        )
        assert stats["ncia/conditional/stored"] == len(stored)
        first = dataset(out)

        # 2. The site has not changed: the listing the run reads comes back 304, read
        # from the stored copy; nothing changes in the dataset, byte for byte.
        stats = crawl(replica, out)
        listings = [s for s in replica.requests if s.path != "/robots.txt"]
        assert listings, "the incremental run read no listing"
        for served in listings:
            assert kind(replica, served.path) is UrlKind.LISTING
            assert served.if_none_match == replica.site.get(served.path).etag
            assert (served.status, served.body_bytes) == (304, 0)
        assert stats["ncia/conditional/sent"] == len(listings)
        assert stats["ncia/conditional/not_modified"] == len(listings)
        assert stats["ncia/pages/listing"] == len(listings)  # read all the same
        assert dataset(out) == first

        # 3. The site gains posts and comments: the home page and the feeds of the posts
        # with new comments are asked for conditionally, and are new (200).
        old_home = replica.site.get("/").etag
        replica.change(AFTER)
        stats = crawl(replica, out)
        home = next(s for s in replica.requests if s.path == "/")
        assert (home.if_none_match, home.status) == (old_home, 200)
        feeds = [s for s in replica.requests if kind(replica, s.path) is UrlKind.FEED]
        old_feeds = [s for s in feeds if replica.base_url + s.path in stored]
        assert old_feeds, "no post that the first run saw gained a comment"
        for served in old_feeds:
            assert served.if_none_match and served.if_modified_since
            assert served.status == 200
        assert stats["ncia/conditional/modified"] == len(old_feeds) + sum(
            1 for s in replica.requests if kind(replica, s.path) is UrlKind.LISTING
        )
        truth = replica.site.truth
        posts = [json.loads(line)["url"] for line in records(out)["posts"]]
        assert sorted(posts) == sorted(p.url for p in truth.posts)

        # 4. full=true trusts nothing earlier runs saw: no validators, copies refreshed.
        stats = crawl(replica, out, "full=true")
        assert [s for s in replica.requests if s.if_none_match or s.if_modified_since] == []
        assert "ncia/conditional/sent" not in stats
        assert stats["ncia/conditional/stored"] > 0
        conditional_result = records(out)

        # The same runs without conditional requests give the same dataset.
        replica.change(BEFORE)
        for step in ("first", "unchanged", "changed", "full"):
            if step == "changed":
                replica.change(AFTER)
            extra = ("full=true",) if step == "full" else ()
            crawl(replica, control, *extra, CONDITIONAL_REQUESTS="False")
            assert not any(s.if_none_match or s.if_modified_since for s in replica.requests)
        assert not (control / "state.pages.sqlite").exists()
    assert records(control) == conditional_result


def test_a_site_without_validators_leaves_no_stored_pages(tmp_path: Path) -> None:
    config = SiteConfig(posts=8)
    with FaultyReplica({}, config) as replica:  # sends neither ETag nor Last-Modified
        for _ in range(2):
            result = run_crawl(
                f"start_url={replica.base_url}/",
                f"captured_at={config.captured_at}",
                output_dir=tmp_path,
            )
            assert result.returncode == EXIT_COMPLETE, result.stderr[-2000:]
    assert not (tmp_path / "state.pages.sqlite").exists()


# --- the middleware alone ------------------------------------------------------------

SITE = "http://blog.example.org/"


def middleware(tmp_path: Path, *, full: bool = False) -> ConditionalRequests:
    settings = Settings()
    settings.setmodule(project_settings)
    settings.set("OUTPUT_DIR", str(tmp_path))
    spider = SimpleNamespace(site_root=SITE, full=full, source_name="live", name="posts")
    crawler: Any = SimpleNamespace(settings=settings, spider=spider)
    crawler.stats = MemoryStatsCollector(crawler)
    return ConditionalRequests(crawler)


def page(url: str, status: int = 200, body: bytes = b"<html>page</html>", **headers: str):
    return HtmlResponse(url, status=status, body=body, headers=headers)


def test_revalidation_step_by_step(tmp_path: Path) -> None:
    mw = middleware(tmp_path)
    stats = mw.crawler.stats
    listing = SITE + "page/2/"
    # First download: stored (an ETag and a Last-Modified to revalidate with).
    request = Request(listing)
    assert mw.process_request(request) is None
    first = page(listing, ETag='"v1"', **{"Last-Modified": "Sat, 18 Feb 2012 11:30:00 GMT"})
    assert mw.process_response(request, first) is first
    assert stats.get_value("ncia/conditional/stored") == 1
    # Next time: asked conditionally; a 304 gives the stored page.
    request = Request(listing)
    assert mw.process_request(request) is None
    assert request.headers[b"If-None-Match"] == b'"v1"'
    assert request.headers[b"If-Modified-Since"] == b"Sat, 18 Feb 2012 11:30:00 GMT"
    answer = mw.process_response(request, Response(listing, status=304))
    assert (answer.status, answer.body, "cached" in answer.flags) == (200, first.body, True)
    assert isinstance(answer, HtmlResponse)
    assert stats.get_value("ncia/conditional/not_modified") == 1
    # A server error is not turned into the stored page (Scrapy's policy would).
    request = Request(listing)
    mw.process_request(request)
    error = page(listing, status=503)
    assert mw.process_response(request, error) is error
    # Nor is a failed download (Scrapy's errorrecovery would).
    request = Request(listing)
    mw.process_request(request)
    assert mw.process_exception(request, TimeoutError()) is None
    # A changed page replaces the stored one.
    request = Request(listing)
    mw.process_request(request)
    second = page(listing, body=b"<html>new</html>", ETag='"v2"')
    assert mw.process_response(request, second) is second
    assert stats.get_value("ncia/conditional/modified") == 1
    request = Request(listing)
    mw.process_request(request)
    assert request.headers[b"If-None-Match"] == b'"v2"'
    assert b"If-Modified-Since" not in request.headers


def test_only_the_sites_listings_and_feeds_with_validators_are_stored(tmp_path: Path) -> None:
    mw = middleware(tmp_path)
    for url, response_headers in [
        (SITE + "2012/01/25/whats-next/", {"ETag": '"post"'}),  # a post page
        (SITE + "robots.txt", {"ETag": '"robots"'}),
        ("http://elsewhere.example.net/page/2/", {"ETag": '"other-site"'}),
        (SITE + "page/3/", {}),  # no validator
        (SITE + "page/4/", {"ETag": '"x"', "Cache-Control": "no-store"}),
    ]:
        request = Request(url)
        mw.process_request(request)
        mw.process_response(request, page(url, **response_headers))
    for url in (SITE + "2012/01/25/whats-next/feed/", SITE + "tag/funding/"):
        request = Request(url)
        mw.process_request(request)
        mw.process_response(request, page(url, ETag='"kept"'))
    mw.spider_closed(mw.crawler.spider)
    with sqlite3.connect(tmp_path / "state.pages.sqlite") as db:
        stored = sorted(url for (url,) in db.execute("SELECT url FROM pages"))
    assert stored == [SITE + "2012/01/25/whats-next/feed/", SITE + "tag/funding/"]


def test_a_full_run_sends_no_validators_and_refreshes_the_copy(tmp_path: Path) -> None:
    listing = SITE + "page/2/"
    mw = middleware(tmp_path)
    request = Request(listing)
    mw.process_request(request)
    mw.process_response(request, page(listing, ETag='"old"'))
    mw.spider_closed(mw.crawler.spider)

    full = middleware(tmp_path, full=True)
    request = Request(listing, headers={"If-None-Match": '"copied by a redirect"'})
    assert full.process_request(request) is None
    assert b"If-None-Match" not in request.headers
    fresh = page(listing, body=b"<html>fresh</html>", ETag='"new"')
    assert full.process_response(request, fresh) is fresh
    full.spider_closed(full.crawler.spider)

    again = middleware(tmp_path)
    request = Request(listing)
    again.process_request(request)
    assert request.headers[b"If-None-Match"] == b'"new"'


def test_the_replica_answers_conditional_requests_as_wordpress_does_for_feeds() -> None:
    site = Site(SiteConfig(posts=8, variant="raw", conditional=True), "http://127.0.0.1:1")
    feed = site.get(site.feed_paths()[0])
    assert feed.etag and feed.last_modified
    assert feed.not_modified(feed.etag, None)
    assert feed.not_modified(f'"other", {feed.etag}', None)
    assert feed.not_modified(None, feed.last_modified)
    assert not feed.not_modified(None, "Sat, 01 Jan 2000 00:00:00 GMT")
    assert not feed.not_modified('"other"', feed.last_modified)  # If-None-Match decides
    home = site.get("/")
    assert home.etag and home.last_modified is None and home.not_modified(home.etag, None)
    assert site.get("/no-such-page/").etag is None
    plain = Site(SiteConfig(posts=8, variant="raw"), "http://127.0.0.1:1").get("/")
    assert plain.etag is None and not plain.not_modified("*", None)


def test_a_store_that_cannot_be_written_costs_a_download_not_the_page(tmp_path: Path) -> None:
    (tmp_path / "state.pages.sqlite").write_bytes(b"not a database, " * 100)
    mw = middleware(tmp_path)
    listing = SITE + "page/2/"
    request = Request(listing)
    assert mw.process_request(request) is None  # unreadable: a miss
    assert b"If-None-Match" not in request.headers
    fresh = page(listing, ETag='"v1"')
    assert mw.process_response(request, fresh) is fresh
    assert mw.crawler.stats.get_value("ncia/conditional/store_error") == 1
