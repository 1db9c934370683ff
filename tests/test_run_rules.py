"""Unit tests for the run's rules: spider arguments, outcome, backoff, capture time."""

from __future__ import annotations

import time
from datetime import UTC, datetime

import pytest
from scrapy import Request
from scrapy.http import HtmlResponse, Response
from scrapy.utils.test import get_crawler

from ncia_scraper.extensions.backoff import Backoff, pause_slot, retry_after_seconds
from ncia_scraper.outcome import evaluate
from ncia_scraper.sources.live import CAPTURED_AT, FETCHED_AT, LiveSourceMiddleware
from ncia_scraper.spiders.arguments import ArgumentError, parse_arguments
from ncia_scraper.spiders.posts import PostsSpider


class TestArguments:
    def test_defaults(self):
        arguments = parse_arguments({})
        assert arguments.start_url == "https://independentaction.net/"
        assert arguments.captured_at is None

    def test_start_url_is_normalized_to_a_root_with_slash(self):
        assert parse_arguments({"start_url": "HTTP://Example.ORG"}).start_url == (
            "http://example.org/"
        )
        assert parse_arguments({"start_url": "http://127.0.0.1:8090/blog"}).start_url == (
            "http://127.0.0.1:8090/blog/"
        )

    def test_captured_at_is_utc(self):
        arguments = parse_arguments({"captured_at": "2012-02-18T12:30:00+01:00"})
        assert arguments.captured_at == datetime(2012, 2, 18, 11, 30, tzinfo=UTC)

    @pytest.mark.parametrize(
        "raw",
        [{"start_url": "example.org"}, {"captured_at": "soon"}, {"pages": "3"}],
    )
    def test_mistakes_raise_argument_error(self, raw):
        with pytest.raises(ArgumentError):
            parse_arguments(raw)

    def test_spider_refuses_bad_arguments_when_built_directly(self):
        with pytest.raises(ArgumentError):
            PostsSpider(start_url="nonsense")

    def test_spider_stays_on_the_start_host(self):
        spider = PostsSpider(start_url="https://www.independentaction.net/")
        assert spider.allowed_domains == ["independentaction.net"]


GOOD_RUN = {"ncia/records/posts/written": 60, "ncia/pages/listing": 6, "ncia/pages/post": 60}


class TestOutcome:
    def test_complete(self):
        outcome = evaluate("finished", GOOD_RUN)
        assert (outcome.status, outcome.exit_code, outcome.keep_output) == ("complete", 0, True)
        assert outcome.problems == []

    @pytest.mark.parametrize(
        ("extra", "problem"),
        [
            ({"ncia/pages/failed": 2}, "2 page(s) still failed after retries"),
            ({"ncia/pages/unparsed": 1}, "1 page(s) could not be parsed"),
            ({"ncia/records/comments/invalid": 3}, "3 record(s) failed validation"),
        ],
    )
    def test_partial_is_merged_as_it_loses_nothing(self, extra, problem):
        outcome = evaluate("finished", {**GOOD_RUN, **extra})
        assert (outcome.status, outcome.exit_code, outcome.keep_output) == ("partial", 1, True)
        assert outcome.problems == [problem]

    def test_an_output_error_is_a_failure(self):
        outcome = evaluate("finished", {**GOOD_RUN, "ncia/output/error": "disk full"})
        assert (outcome.status, outcome.exit_code, outcome.keep_output) == ("failed", 3, False)
        assert outcome.problems == ["the output could not be written: disk full"]

    def test_no_posts_is_a_failure(self):
        outcome = evaluate("finished", {})
        assert (outcome.status, outcome.exit_code) == ("failed", 3)
        assert outcome.problems == ["no posts were written"]

    def test_posts_kept_from_earlier_runs_count_as_written(self):
        outcome = evaluate("finished", {"ncia/state/posts_known": 60, "ncia/pages/listing": 1})
        assert (outcome.status, outcome.exit_code, outcome.keep_output) == ("complete", 0, True)

    def test_a_run_that_read_no_page_is_a_failure_even_with_known_posts(self):
        outcome = evaluate("finished", {"ncia/state/posts_known": 60, "ncia/pages/failed": 1})
        assert (outcome.status, outcome.exit_code, outcome.keep_output) == ("failed", 3, False)
        assert "no page could be read" in outcome.problems

    def test_a_stopped_crawl_is_a_failure_even_with_posts(self):
        outcome = evaluate("shutdown", GOOD_RUN)
        assert (outcome.status, outcome.exit_code, outcome.keep_output) == ("failed", 3, False)
        assert outcome.problems == ["the crawl stopped before the end (shutdown)"]


class TestBackoff:
    def test_retry_after_forms(self):
        now = datetime(2012, 2, 18, 11, 30, tzinfo=UTC)
        assert retry_after_seconds(b"120") == 120.0
        assert retry_after_seconds(b"Sat, 18 Feb 2012 11:31:00 GMT", now=now) == 60.0
        assert retry_after_seconds(b"Sat, 18 Feb 2012 11:00:00 GMT", now=now) == 0.0
        assert retry_after_seconds(b"soon") is None
        assert retry_after_seconds(None) is None

    def _middleware_and_slot(self, delay: float):
        crawler = get_crawler(
            PostsSpider, {"BACKOFF_HTTP_CODES": [429, 503], "BACKOFF_MIN_DELAY": 5.0}
        )
        slot = type("Slot", (), {"delay": delay, "jitter": 0.5, "lastseen": 0.0})()
        downloader = type(
            "Downloader",
            (),
            {"slots": {"example.org": slot}, "get_slot_key": lambda self, request: "example.org"},
        )()
        crawler.engine = type("Engine", (), {"downloader": downloader})()
        return Backoff.from_crawler(crawler), slot

    def _respond(self, middleware, status: int, headers=None) -> None:
        request = Request("http://example.org/", meta={"download_slot": "example.org"})
        response = Response(request.url, status=status, headers=headers or {}, request=request)
        middleware.response_downloaded(response, request)

    def test_retry_after_sets_the_slot_delay(self):
        middleware, slot = self._middleware_and_slot(delay=1.0)
        self._respond(middleware, 429, {"Retry-After": "60"})
        assert slot.delay == 60.0

    def test_without_retry_after_the_delay_doubles_from_a_floor(self):
        middleware, slot = self._middleware_and_slot(delay=1.0)
        self._respond(middleware, 503)
        assert slot.delay == 5.0
        self._respond(middleware, 503)
        assert slot.delay == 10.0

    def test_the_delay_is_capped_and_never_lowered(self):
        middleware, slot = self._middleware_and_slot(delay=250.0)
        self._respond(middleware, 429, {"Retry-After": "86400"})
        assert slot.delay == 300.0
        self._respond(middleware, 429, {"Retry-After": "1"})
        assert slot.delay == 300.0

    def test_even_the_shortest_jittered_delay_ends_after_the_pause(self):
        middleware, slot = self._middleware_and_slot(delay=0.0)
        before = time.monotonic()
        self._respond(middleware, 429, {"Retry-After": "60"})
        # Scrapy's downloader sends the next request at lastseen + delay * (1 ± jitter).
        earliest_next = slot.lastseen + slot.delay * (1 - slot.jitter)
        assert earliest_next >= before + 60

    def test_a_shorter_pause_never_shortens_a_longer_one(self):
        slot = type("Slot", (), {"delay": 0.0, "jitter": 0.5, "lastseen": 0.0})()
        pause_slot(slot, 100, now=1000.0)
        pause_slot(slot, 5, now=1001.0)
        assert slot.lastseen + slot.delay * (1 - slot.jitter) == 1100.0

    def test_other_answers_change_nothing(self):
        middleware, slot = self._middleware_and_slot(delay=1.0)
        self._respond(middleware, 200)
        self._respond(middleware, 404)
        assert slot.delay == 1.0


class TestCaptureTime:
    def _stamp(self, captured_at, headers):
        crawler = get_crawler(PostsSpider)
        crawler.spider = type("Spider", (), {"captured_at": captured_at})()
        request = Request("http://example.org/")
        # As in the downloader: the response is not yet tied to its request.
        response = HtmlResponse(request.url, headers=headers, body=b"<html/>")
        LiveSourceMiddleware.from_crawler(crawler).process_response(request, response)
        return request

    def test_the_argument_wins(self):
        given = datetime(2012, 2, 18, 11, 30, tzinfo=UTC)
        response = self._stamp(given, {"Date": "Wed, 25 Nov 2026 09:00:00 GMT"})
        assert response.meta[CAPTURED_AT] == given

    def test_then_the_date_header(self):
        response = self._stamp(None, {"Date": "Wed, 25 Nov 2026 09:00:00 GMT"})
        assert response.meta[CAPTURED_AT] == datetime(2026, 11, 25, 9, 0, tzinfo=UTC)

    def test_then_the_fetch_time(self):
        response = self._stamp(None, {})
        assert response.meta[CAPTURED_AT] == response.meta[FETCHED_AT]
