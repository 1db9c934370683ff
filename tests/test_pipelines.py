"""The item pipelines, driven with real Scrapy crawlers and real records.

Unit tests call one pipeline built by `from_crawler` on a real `Crawler` (real stats).
Crawl tests run the whole chain as `ncia_scraper.settings.ITEM_PIPELINES` wires it: a
spider yields records from `start()` (no network), the engine runs the pipelines, closes
the spider and sends `spider_closed`, and the writer asks the real
`ncia_scraper.outcome.evaluate`.
"""

from __future__ import annotations

import asyncio
import errno
import json
import logging
import os
import subprocess
import sys
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import asdict, fields
from pathlib import Path
from typing import Any

import jsonlines
import pytest
import scrapy
from scrapy import signals
from scrapy.crawler import Crawler
from scrapy.exceptions import CloseSpider, DropItem
from scrapy.utils.reactor import is_reactor_installed
from scrapy.utils.test import get_crawler

from ncia_scraper import outcome
from ncia_scraper import settings as project_settings
from ncia_scraper.items import PRECISIONS, RECORD_TYPES, Comment, Post, Tweet
from ncia_scraper.pipelines import write
from ncia_scraper.pipelines.deduplicate import DeduplicatePipeline
from ncia_scraper.pipelines.normalize import (
    LONG_FIELDS,
    SHORT_FIELDS,
    NormalizePipeline,
    normalize_record,
)
from ncia_scraper.pipelines.validate import ValidatePipeline, record_problems
from ncia_scraper.pipelines.write import JsonLinesWriterPipeline, OutputDirError

POST_URL = "http://independentaction.net/2012/01/25/whats-next/"
OTHER_URL = "http://independentaction.net/2012/02/14/valentine/"
CAPTURED = "2012-02-18T11:30:00+00:00"


# --- records -------------------------------------------------------------------------
# Factories, not shared instances: the pipelines change records in place.


def post(**changes: Any) -> Post:
    values: dict[str, Any] = {
        "post_id": 123,
        "url": POST_URL,
        "title": "What’s next for independent action?",
        "author": None,
        "published": "2012-01-25",
        "published_raw": "January 25, 2012",
        "published_precision": "day",
        "modified": None,
        "modified_raw": None,
        "modified_precision": None,
        "categories": ["News"],
        "tags": ["cuts", "localism"],
        "content_html": "<p>It’s time.</p>",
        "content_text": "It’s time.",
        "excerpt": None,
        "word_count": 2,
        "links": ["http://example.org/report", "mailto:info@independentaction.net"],
        "images": ["http://independentaction.net/wp-content/uploads/a.png"],
        "comment_count": 1,
        "source": "live",
        "captured_at": CAPTURED,
        "fetched_at": "2026-11-25T10:00:00+00:00",
    }
    return Post(**{**values, **changes})


def comment(**changes: Any) -> Comment:
    values: dict[str, Any] = {
        "comment_id": 7,
        "post_id": 123,
        "post_url": POST_URL,
        "parent_id": None,
        "depth": 1,
        "author": "Penny Waterhouse",
        "author_url": "http://example.org/penny",
        "published": "2012-01-28",
        "published_raw": "3 weeks ago",
        "published_precision": "week",
        "content_html": "<p>Agreed.</p>",
        "content_text": "Agreed.",
        "system": "disqus",
        "captured_at": CAPTURED,
    }
    return Comment(**{**values, **changes})


def tweet(**changes: Any) -> Tweet:
    values: dict[str, Any] = {
        "tweet_id": "170519563545763840",
        "screen_name": "NCIA_UK",
        "display_name": "NCIA",
        "text": "Voluntary action isn’t a service #bigsociety",
        "urls": [],
        "mentions": [],
        "hashtags": ["bigsociety"],
        "published": "2012-02-17",
        "published_raw": "1 day ago",
        "published_precision": "day",
        "tweet_url": "https://twitter.com/NCIA_UK/status/170519563545763840",
        "widget": "profile-widget",
        "first_seen_on": POST_URL,
        "seen_count": 1,
        "captured_at": CAPTURED,
    }
    return Tweet(**{**values, **changes})


def field_names(cls: type) -> list[str]:
    return [f.name for f in fields(cls)]


# --- crawling ------------------------------------------------------------------------


class RecordSpider(scrapy.Spider):
    """Yields the records it is given from the callback of one `data:` request (no
    network), as a real spider yields from a page; then optionally stops with a close
    reason."""

    name = "records"

    def __init__(
        self, records: Iterable[Any] = (), close_reason: str | None = None, **kwargs: Any
    ) -> None:
        super().__init__(**kwargs)
        self.records = list(records)
        self.close_reason = close_reason

    async def start(self):  # type: ignore[override]
        yield scrapy.Request("data:,page", callback=self.parse)

    def parse(self, response: scrapy.http.Response):  # type: ignore[override]
        yield from self.records
        if self.close_reason:
            raise CloseSpider(self.close_reason)


def crawl(
    output_dir: Path,
    records: Iterable[Any],
    *,
    close_reason: str | None = None,
    on_item: Callable[[Any], None] | None = None,
    settings: dict[str, Any] | None = None,
) -> Crawler:
    """Run a real crawl of `records` through the project's pipelines; return the crawler."""
    if is_reactor_installed():
        # get_crawler then needs a running Twisted reactor, which asyncio.run is not.
        pytest.fail("a Twisted reactor was installed by an earlier test; these tests need none")
    crawler = get_crawler(
        RecordSpider,
        {
            "OUTPUT_DIR": str(output_dir),
            "ITEM_PIPELINES": project_settings.ITEM_PIPELINES,
            "DEFAULT_DROPITEM_LOG_LEVEL": "DEBUG",
            "LOG_LEVEL": "DEBUG",
            **(settings or {}),
        },
    )
    if on_item is not None:
        crawler.signals.connect(on_item, signal=signals.item_scraped, weak=False)
    run = crawler.crawl_async(records=list(records), close_reason=close_reason)
    # A crawl that never ends must fail the test, not hang the suite.
    asyncio.run(asyncio.wait_for(run, timeout=60))
    return crawler


def read_jsonl(path: Path) -> list[dict[str, Any]]:
    with jsonlines.open(path) as reader:
        return list(reader)


def temp_files(output_dir: Path) -> list[str]:
    return sorted(p.name for p in output_dir.iterdir() if p.name.endswith(".tmp"))


def previous_run(output_dir: Path) -> dict[str, bytes]:
    """Write a fake previous run's files; return their bytes."""
    output_dir.mkdir(parents=True, exist_ok=True)
    previous = {
        stem: f'{{"previous":"{stem}","note":"keep me ’"}}\n'.encode() for stem in RECORD_TYPES
    }
    for stem, data in previous.items():
        (output_dir / f"{stem}.jsonl").write_bytes(data)
    return previous


def final_bytes(output_dir: Path) -> dict[str, bytes]:
    return {stem: (output_dir / f"{stem}.jsonl").read_bytes() for stem in RECORD_TYPES}


# --- wiring ----------------------------------------------------------------------------


def test_settings_wire_the_pipelines_in_order() -> None:
    order = sorted(project_settings.ITEM_PIPELINES, key=project_settings.ITEM_PIPELINES.get)
    assert order == [
        "ncia_scraper.pipelines.normalize.NormalizePipeline",
        "ncia_scraper.pipelines.validate.ValidatePipeline",
        "ncia_scraper.pipelines.deduplicate.DeduplicatePipeline",
        "ncia_scraper.pipelines.write.JsonLinesWriterPipeline",
    ]


def test_sample_records_are_valid() -> None:
    for record in (post(), comment(), tweet()):
        assert record_problems(record) == []


# --- normalize -------------------------------------------------------------------------


def test_field_lists_name_real_text_fields() -> None:
    for cls in RECORD_TYPES.values():
        names = set(field_names(cls))
        assert SHORT_FIELDS[cls] <= names
        assert LONG_FIELDS[cls] <= names
        assert not SHORT_FIELDS[cls] & LONG_FIELDS[cls]


def test_normalize_applies_nfc_to_every_text_field() -> None:
    decomposed = unicodedata.normalize("NFD", "Café")
    assert decomposed != "Café"
    record = post(
        title=decomposed,
        content_text=decomposed,
        source=decomposed,
        categories=[decomposed],
        links=[f"http://example.org/{decomposed}"],
    )
    pipeline = NormalizePipeline.from_crawler(get_crawler())
    assert pipeline.process_item(record) is record
    assert record.title == "Café"
    assert record.content_text == "Café"
    assert record.source == "Café"
    assert record.categories == ["Café"]
    assert record.links == ["http://example.org/Café"]


def test_normalize_squashes_short_fields() -> None:
    record = normalize_record(
        post(
            title="  What’s\u00a0 next\n\tfor us?  ",
            author="   ",
            published_raw=" January\u00a025,  2012 ",
            categories=["  Local   action ", "   ", "News"],
            tags=["big\nsociety"],
        )
    )
    assert record.title == "What’s next for us?"
    assert record.author is None  # optional and empty: null, as the docstring says
    assert record.published_raw == "January 25, 2012"
    assert record.categories == ["Local action", "News"]
    assert record.tags == ["big society"]
    t = normalize_record(
        tweet(screen_name=" NCIA_UK ", display_name="  NCIA \n UK", mentions=[" a  b"])
    )
    assert (t.screen_name, t.display_name, t.mentions) == ("NCIA_UK", "NCIA UK", ["a b"])


def test_normalize_keeps_required_empty_short_field_for_validation() -> None:
    record = normalize_record(comment(author=" \u00a0 "))
    assert record.author == ""
    assert "author: empty" in record_problems(record)


def test_normalize_keeps_line_structure_of_long_fields() -> None:
    text = "First para  \r\nsecond line\t\n\n  Indented para \u00a0\rlast"
    record = normalize_record(post(content_text=text, content_html="<p>a </p>  \n<p>b</p>"))
    assert record.content_text == "First para\nsecond line\n\n  Indented para\nlast"
    assert record.content_html == "<p>a </p>\n<p>b</p>"
    t = normalize_record(tweet(text="Line one   \nLine  two"))
    assert t.text == "Line one\nLine  two"  # inner spaces kept in long text


def test_normalize_does_not_touch_dates_or_numbers() -> None:
    record = normalize_record(
        comment(published_raw="  3  weeks ago ", published="2012-01-28", depth=1)
    )
    assert record.published_raw == "3 weeks ago"
    assert record.published == "2012-01-28"
    assert record.published_precision == "week"
    assert record.depth == 1


def test_normalize_passes_other_items_untouched() -> None:
    item = {"title": "  x  "}
    assert normalize_record(item) == {"title": "  x  "}


# --- validate --------------------------------------------------------------------------


@pytest.fixture
def validator() -> tuple[ValidatePipeline, Crawler]:
    crawler = get_crawler()
    pipeline = ValidatePipeline.from_crawler(crawler)
    pipeline.open_spider()
    return pipeline, crawler


VALID = [
    pytest.param(post(published="2011", published_precision="year"), id="year"),
    pytest.param(post(published="2012-01", published_precision="month"), id="month"),
    pytest.param(post(published="2012-01-23", published_precision="week"), id="week"),
    pytest.param(
        post(published="2012-01-25T14:00:00+00:00", published_precision="hour"), id="hour"
    ),
    pytest.param(
        post(published="2012-06-25T14:03:00+01:00", published_precision="minute"), id="minute"
    ),
    pytest.param(
        post(published="2012-01-25T14:03:09.5+00:00", published_precision="second"), id="second"
    ),
    pytest.param(post(published=None, published_raw=None, published_precision=None), id="no-date"),
    pytest.param(post(captured_at="2012-02-18T11:30:00Z"), id="captured-Z"),
    pytest.param(post(post_id=None, links=[], images=[], excerpt="Short."), id="nulls"),
    pytest.param(comment(parent_id=7, comment_id=8, depth=2), id="reply"),
    pytest.param(comment(author_url=None, published=None, published_precision=None), id="bare"),
    pytest.param(tweet(tweet_id=None, tweet_url=None), id="tweet-without-id"),
    pytest.param(tweet(seen_count=5, urls=["https://t.co/abc"]), id="tweet-seen"),
]


@pytest.mark.parametrize("record", VALID)
def test_valid_records_pass(validator, record) -> None:
    pipeline, crawler = validator
    assert pipeline.process_item(record) is record
    assert all(crawler.stats.get_value(f"ncia/records/{s}/invalid") == 0 for s in RECORD_TYPES)


INVALID = [
    # types
    (post(post_id="123"), "post_id: expected int | None, got str"),
    (post(title=5), "title: expected str, got int"),
    (post(categories=["News", 3]), "categories: expected list[str]"),
    (post(tags="cuts"), "tags: expected list[str], got str"),
    (post(word_count=True), "word_count: expected int, got bool"),
    (comment(depth=None), "depth: expected int, got NoneType"),
    (tweet(seen_count=1.0), "seen_count: expected int, got float"),
    (post(content_text="broken \udcff"), "content_text: contains a lone surrogate"),
    # required text
    (post(title="   "), "title: empty"),
    (post(source=""), "source: empty"),
    (comment(author=""), "author: empty"),
    (comment(system=" "), "system: empty"),
    (tweet(screen_name=""), "screen_name: empty"),
    (tweet(text="\n"), "text: empty"),
    (tweet(widget=""), "widget: empty"),
    # precision and dates
    (post(published_precision="fortnight"), "'fortnight' is not one of second"),
    (post(published=None), "published_precision: must be null exactly when published is"),
    (post(published_precision=None), "published_precision: must be null exactly when"),
    (post(modified="2012-02-01", modified_precision=None), "modified_precision: must be null"),
    (post(published="2012-01", published_precision="day"), "not the form day precision"),
    (post(published="2012-01-25", published_precision="month"), "not the form month"),
    (post(published="2012-13", published_precision="month"), "not a real date"),
    (post(published="2012-02-30"), "not a real date"),
    (post(published="12", published_precision="year"), "not the form year"),
    (post(published="2012-01-25T14:03:00", published_precision="minute"), "not the form minute"),
    (post(published="2012-01-25 14:03:00+00:00", published_precision="second"), "not the form"),
    (post(published="2012-01-25T25:03:00+00:00", published_precision="hour"), "not a real date"),
    (post(published="2012-01-25T14:03:00+00:00"), "not the form day precision"),
    (comment(published="25 January 2012", published_precision="day"), "not the form day"),
    (post(captured_at="2012-02-18T12:30:00+01:00"), "captured_at: '2012-02-18T12:30:00+01:00' is"),
    (post(fetched_at="yesterday"), "fetched_at: 'yesterday' is not an ISO 8601 date-time"),
    (tweet(captured_at="2012-02-18"), "captured_at: '2012-02-18' is not an ISO 8601"),
    # URLs
    (post(url="/2012/01/25/whats-next/"), "url: '/2012/01/25/whats-next/' is not an absolute"),
    (post(url="ftp://independentaction.net/x"), "is not an absolute http/https URL"),
    (post(url="http:///2012/01/"), "has no host"),
    (post(url=POST_URL + "?replytocom=4"), "has a query (other than ?p=N) or a fragment"),
    (post(url=POST_URL + "#comments"), "has a query (other than ?p=N) or a fragment"),
    (post(url="http://blog.example/?p=12#comments"), "has a query (other than ?p=N) or a fragment"),
    (post(url="http://blog.example/?p=12&page=2"), "has a query (other than ?p=N) or a fragment"),
    (post(url="http://independentaction.net/a b/"), "contains whitespace"),
    (post(images=["//independentaction.net/a.png"]), "images: '//independentaction.net/a.png'"),
    (post(links=["javascript:alert(1)"]), "links: 'javascript:alert(1)' is not an absolute"),
    (post(links=["mailto:"]), "has no address"),
    (comment(post_url="independentaction.net/2012/01/"), "post_url:"),
    (comment(author_url="www.example.org"), "author_url: 'www.example.org'"),
    (tweet(tweet_url="twitter.com/NCIA_UK/status/1"), "tweet_url:"),
    (tweet(first_seen_on="/"), "first_seen_on: '/'"),
    (tweet(urls=["t.co/abc"]), "urls: 't.co/abc'"),
    # numbers and threading
    (post(post_id=0), "post_id: 0 is not positive"),
    (post(word_count=-1), "word_count: -1 is negative"),
    (post(comment_count=-2), "comment_count: -2 is negative"),
    (comment(comment_id=0), "comment_id: 0 is not positive"),
    (comment(depth=0), "depth: 0 is below 1"),
    (comment(depth=1, parent_id=3), "parent_id: must be null exactly when depth is 1"),
    (comment(depth=2, parent_id=None), "parent_id: must be null exactly when depth is 1"),
    (comment(depth=2, parent_id=7), "parent_id: a comment cannot reply to itself"),
    (tweet(seen_count=0), "seen_count: 0 is below 1"),
    (tweet(tweet_id="17051956x"), "tweet_id: '17051956x' is not a string of digits"),
    (tweet(tweet_id=""), "tweet_id: '' is not a string of digits"),
]


@pytest.mark.parametrize(
    ("record", "reason"), INVALID, ids=[f"{r.__class__.__name__}-{m[:40]}" for r, m in INVALID]
)
def test_invalid_records_are_dropped_counted_and_logged(validator, caplog, record, reason) -> None:
    pipeline, crawler = validator
    stem = {Post: "posts", Comment: "comments", Tweet: "tweets"}[type(record)]
    kind = stem.removesuffix("s")
    with caplog.at_level(logging.DEBUG), pytest.raises(DropItem) as dropped:
        pipeline.process_item(record)
    assert reason in str(dropped.value)
    # One WARNING line of ours; Scrapy's own "Dropped:" dump of the record goes to DEBUG.
    assert dropped.value.log_level == "DEBUG"
    warnings = [r for r in caplog.records if r.levelno >= logging.WARNING]
    assert len(warnings) == 1
    line = warnings[0].getMessage()
    assert "\n" not in line
    assert line.startswith(f"Invalid {kind} dropped: ")
    assert reason in line
    page = {"posts": "url", "comments": "post_url", "tweets": "first_seen_on"}[stem]
    assert f"(page {getattr(record, page)})" in line
    assert crawler.stats.get_value(f"ncia/records/{stem}/invalid") == 1
    others = [s for s in RECORD_TYPES if s != stem]
    assert all(crawler.stats.get_value(f"ncia/records/{s}/invalid") == 0 for s in others)


def test_every_precision_has_a_date_rule() -> None:
    values = {
        "year": "2012",
        "month": "2012-01",
        "week": "2012-01-23",
        "day": "2012-01-25",
        "hour": "2012-01-25T14:00:00+00:00",
        "minute": "2012-01-25T14:03:00+00:00",
        "second": "2012-01-25T14:03:09+00:00",
    }
    assert set(values) == set(PRECISIONS)
    for precision, value in values.items():
        record = comment(published=value, published_precision=precision)
        assert record_problems(record) == [], precision


def test_items_that_are_not_records_are_dropped(validator) -> None:
    pipeline, crawler = validator
    with pytest.raises(DropItem):
        pipeline.process_item({"url": POST_URL})
    assert crawler.stats.get_value("ncia/records/other/invalid") == 1


# --- deduplicate -----------------------------------------------------------------------


@pytest.fixture
def dedup() -> tuple[DeduplicatePipeline, Crawler]:
    crawler = get_crawler()
    pipeline = DeduplicatePipeline.from_crawler(crawler)
    pipeline.open_spider()
    return pipeline, crawler


def test_posts_are_deduplicated_by_url(dedup) -> None:
    pipeline, crawler = dedup
    first = post()
    assert pipeline.process_item(first) is first
    assert pipeline.process_item(post(url=OTHER_URL)) is not None
    with pytest.raises(DropItem) as dropped:
        pipeline.process_item(post(title="Another title, same page"))
    assert dropped.value.log_level == "DEBUG"
    assert crawler.stats.get_value("ncia/records/posts/duplicate") == 1
    assert crawler.stats.get_value("ncia/records/comments/duplicate") == 0


def test_comments_are_deduplicated_by_post_system_and_id(dedup) -> None:
    pipeline, crawler = dedup
    pipeline.process_item(comment())
    pipeline.process_item(comment(system="wordpress"))  # same ID, other system
    pipeline.process_item(comment(post_url=OTHER_URL))  # same ID, other post
    pipeline.process_item(comment(comment_id=8))
    with pytest.raises(DropItem) as dropped:
        pipeline.process_item(comment(content_text="edited"))
    assert dropped.value.log_level == "DEBUG"
    assert crawler.stats.get_value("ncia/records/comments/duplicate") == 1


def test_duplicate_tweets_merge_into_the_first_record(dedup) -> None:
    pipeline, crawler = dedup
    first = tweet(first_seen_on=POST_URL, captured_at=CAPTURED)
    assert pipeline.process_item(first) is first
    for page, captured in [
        (OTHER_URL, "2012-03-01T00:00:00+00:00"),
        ("http://independentaction.net/", "2012-03-02T00:00:00+00:00"),
        (POST_URL, CAPTURED),  # the first page again: not another page
    ]:
        with pytest.raises(DropItem) as dropped:
            pipeline.process_item(tweet(first_seen_on=page, captured_at=captured))
        assert dropped.value.log_level == "DEBUG"
    assert first.seen_count == 3
    assert first.first_seen_on == POST_URL
    assert first.captured_at == CAPTURED
    assert crawler.stats.get_value("ncia/records/tweets/duplicate") == 3


def test_tweets_without_id_are_deduplicated_by_screen_name_and_text(dedup) -> None:
    pipeline, crawler = dedup
    first = tweet(tweet_id=None, tweet_url=None)
    pipeline.process_item(first)
    # Same text from another account, and the same tweet with an ID, are other records.
    pipeline.process_item(tweet(tweet_id=None, tweet_url=None, screen_name="someone"))
    pipeline.process_item(tweet(first_seen_on=OTHER_URL))
    with pytest.raises(DropItem):
        pipeline.process_item(tweet(tweet_id=None, tweet_url=None, first_seen_on=OTHER_URL))
    assert first.seen_count == 2
    assert crawler.stats.get_value("ncia/records/tweets/duplicate") == 1


# --- write: whole crawls -----------------------------------------------------------------


def test_successful_crawl_writes_json_lines_in_field_order(tmp_path: Path) -> None:
    out = tmp_path / "out"
    records = [
        post(),
        comment(),
        comment(comment_id=8, parent_id=7, depth=2),
        tweet(),
        tweet(first_seen_on=OTHER_URL),  # merged into the first
        tweet(tweet_id="170000000000000001", text="Another one"),
    ]
    crawler = crawl(out, records)
    assert crawler.stats.get_value("finish_reason") == "finished"
    assert sorted(p.name for p in out.iterdir()) == [
        "comments.jsonl",
        "posts.jsonl",
        "runs",
        "state.sqlite",
        "tweets.jsonl",
    ]
    for stem, cls in RECORD_TYPES.items():
        raw = (out / f"{stem}.jsonl").read_bytes()
        assert raw.endswith(b"\n")
        for line in raw.decode("utf-8").splitlines():
            obj = json.loads(line)
            assert list(obj) == field_names(cls)
            assert line == json.dumps(obj, ensure_ascii=False, separators=(",", ":"))
    posts = (out / "posts.jsonl").read_bytes()
    assert "What’s next".encode() in posts
    assert b"\\u2019" not in posts
    assert read_jsonl(out / "posts.jsonl") == [asdict(post())]
    assert [c["comment_id"] for c in read_jsonl(out / "comments.jsonl")] == [7, 8]
    tweets = read_jsonl(out / "tweets.jsonl")
    assert [(t["tweet_id"], t["seen_count"]) for t in tweets] == [
        ("170519563545763840", 2),
        ("170000000000000001", 1),
    ]
    assert tweets[0]["first_seen_on"] == POST_URL
    stats = crawler.stats.get_stats()
    assert stats["ncia/records/posts/written"] == 1
    assert stats["ncia/records/comments/written"] == 2
    assert stats["ncia/records/tweets/written"] == 2
    assert stats["ncia/records/tweets/duplicate"] == 1
    assert stats["ncia/output/committed"] is True


def test_previous_files_stay_untouched_until_a_successful_close(tmp_path: Path) -> None:
    out = tmp_path / "out"
    previous = previous_run(out)
    during: list[tuple[dict[str, bytes], list[str]]] = []

    def snapshot(item: Any) -> None:
        during.append((final_bytes(out), temp_files(out)))

    crawl(out, [post(), comment(), tweet()], on_item=snapshot)
    assert len(during) == 3
    pid = os.getpid()
    for files, temps in during:
        assert files == previous
        assert temps == sorted(f".{stem}.jsonl.{pid}.tmp" for stem in RECORD_TYPES)
    assert final_bytes(out) != previous
    assert temp_files(out) == []
    assert read_jsonl(out / "posts.jsonl")[0]["url"] == POST_URL


def test_a_complete_run_clears_an_older_incomplete_set(tmp_path: Path) -> None:
    out = tmp_path / "out"
    (out / "incomplete").mkdir(parents=True)
    (out / "incomplete" / "posts.jsonl").write_text("from a failed run\n", encoding="utf-8")
    crawl(out, [post()])
    assert not (out / "incomplete").exists()
    assert read_jsonl(out / "posts.jsonl")[0]["url"] == POST_URL


def test_empty_record_types_still_get_a_file(tmp_path: Path) -> None:
    out = tmp_path / "out"
    previous_run(out)
    crawl(out, [post()])
    assert final_bytes(out)["comments"] == b""
    assert final_bytes(out)["tweets"] == b""


def test_streamed_records_reach_the_temp_file_during_the_crawl(tmp_path: Path) -> None:
    out = tmp_path / "out"
    seen: list[tuple[int, int]] = []
    pid = os.getpid()

    def snapshot(item: Any) -> None:
        lines = {
            stem: len(temp_path.read_bytes().splitlines())
            for stem in ("posts", "tweets")
            if (temp_path := out / f".{stem}.jsonl.{pid}.tmp").exists()
        }
        seen.append((lines["posts"], lines["tweets"]))

    crawl(out, [post(), tweet(), post(url=OTHER_URL)], on_item=snapshot)
    # Posts are on disk (flushed) while the crawl runs; tweets wait for the close, when
    # their seen_count is final.
    assert len(seen) == 3
    assert seen[-1] == (2, 0)
    assert all(posts >= 1 and tweets == 0 for posts, tweets in seen)


@pytest.mark.parametrize(
    ("records", "close_reason", "problem"),
    [
        pytest.param(
            [post(), tweet()], "shutdown", "stopped before the end (shutdown)", id="shutdown"
        ),
        pytest.param([comment(), tweet()], None, "no posts were written", id="no-posts"),
    ],
)
def test_failed_run_keeps_previous_files_and_sets_new_ones_aside(
    tmp_path: Path, caplog, records, close_reason, problem
) -> None:
    out = tmp_path / "out"
    previous = previous_run(out)
    old_incomplete = out / "incomplete"
    old_incomplete.mkdir()
    (old_incomplete / "posts.jsonl").write_text("older incomplete\n", encoding="utf-8")
    with caplog.at_level(logging.INFO, logger="ncia_scraper"):
        crawler = crawl(out, records, close_reason=close_reason)
    assert final_bytes(out) == previous
    assert temp_files(out) == []
    assert sorted(p.name for p in old_incomplete.iterdir()) == [
        "comments.jsonl",
        "posts.jsonl",
        "tweets.jsonl",
    ]
    assert b"older incomplete" not in (old_incomplete / "posts.jsonl").read_bytes()
    n_posts = sum(1 for r in records if isinstance(r, Post) and r.title)
    assert len(read_jsonl(old_incomplete / "posts.jsonl")) == n_posts
    n_tweets = sum(1 for r in records if isinstance(r, Tweet))
    assert len(read_jsonl(old_incomplete / "tweets.jsonl")) == n_tweets
    assert crawler.stats.get_value("ncia/output/committed") is False
    lines = [r.getMessage() for r in caplog.records if r.name == "ncia_scraper.pipelines.write"]
    assert len(lines) == 1
    assert "previous files in" in lines[0] and str(old_incomplete) in lines[0]
    assert problem in lines[0]


def test_evaluate_sees_final_counts_including_buffered_tweets(tmp_path: Path, monkeypatch) -> None:
    seen: list[tuple[str, dict[str, Any], bool]] = []
    real_evaluate = outcome.evaluate

    def spy(reason: str, stats: Any) -> outcome.Outcome:
        out_dir = tmp_path / "out"
        seen.append((reason, dict(stats), (out_dir / "tweets.jsonl").exists()))
        return real_evaluate(reason, stats)

    monkeypatch.setattr(outcome, "evaluate", spy)
    crawl(tmp_path / "out", [post(), tweet(), tweet(tweet_id="1", text="two")])
    assert len(seen) == 1
    reason, stats, committed_before = seen[0]
    assert reason == "finished"
    assert stats["ncia/records/tweets/written"] == 2
    assert stats["ncia/records/posts/written"] == 1
    assert committed_before is False
    assert len(read_jsonl(tmp_path / "out" / "tweets.jsonl")) == 2


def test_write_error_stops_the_crawl_and_keeps_previous_files(
    tmp_path: Path, monkeypatch, caplog
) -> None:
    out = tmp_path / "out"
    previous = previous_run(out)
    real_write = jsonlines.Writer.write

    def failing_write(self: jsonlines.Writer, obj: Any) -> int:
        if ".comments." in self._fp.name:
            raise OSError(errno.ENOSPC, "No space left on device")
        return real_write(self, obj)

    monkeypatch.setattr(jsonlines.Writer, "write", failing_write)
    with caplog.at_level(logging.ERROR, logger="ncia_scraper"):
        crawler = crawl(out, [post(), comment(), comment(comment_id=9), post(url=OTHER_URL)])
    assert crawler.stats.get_value("finish_reason") == "output_error"
    assert "No space left on device" in crawler.stats.get_value("ncia/output/error")
    assert final_bytes(out) == previous
    assert (out / "incomplete" / "posts.jsonl").exists()
    errors = [r.getMessage() for r in caplog.records if r.name.startswith("ncia_scraper")]
    assert len(errors) == 1 and "No space left on device" in errors[0]


# --- write: start-up -------------------------------------------------------------------


def dead_pid() -> int:
    child = subprocess.Popen([sys.executable, "-c", "pass"])
    child.wait()
    return child.pid


def test_stale_temp_files_of_dead_runs_are_removed(tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    dead = dead_pid()
    live = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    try:
        stale = out / f".posts.jsonl.{dead}.tmp"
        stale_tweets = out / f".tweets.jsonl.{dead}.tmp"
        mine_leftover = out / f".comments.jsonl.{os.getpid()}.tmp"
        alive = out / f".posts.jsonl.{live.pid}.tmp"
        unrelated = [out / ".posts.jsonl.abc.tmp", out / f".notes.jsonl.{dead}.tmp", out / "x"]
        for path in [stale, stale_tweets, mine_leftover, alive, *unrelated]:
            path.write_text("partial\n", encoding="utf-8")
        crawl(out, [post()])
        assert not stale.exists()
        assert not stale_tweets.exists()
        assert alive.read_text(encoding="utf-8") == "partial\n"
        assert all(p.exists() for p in unrelated)
        # The leftover of an earlier crawl in this process made room for this run's file.
        assert read_jsonl(out / "comments.jsonl") == []
    finally:
        live.kill()
        live.wait()


def test_a_second_writer_in_the_same_process_is_refused(tmp_path: Path) -> None:
    out = tmp_path / "out"
    first = JsonLinesWriterPipeline.from_crawler(get_crawler(settings_dict={"OUTPUT_DIR": out}))
    first.open_spider()
    second = JsonLinesWriterPipeline.from_crawler(get_crawler(settings_dict={"OUTPUT_DIR": out}))
    with pytest.raises(OutputDirError, match="in use by another crawl in this process"):
        second.open_spider()
    # The refusal removed nothing of the first writer's.
    assert len(temp_files(out)) == 3
    first.process_item(post())
    first.close_spider()
    assert len(read_jsonl(out / f".posts.jsonl.{os.getpid()}.tmp")) == 1
    first.spider_closed(reason="shutdown")
    assert len(read_jsonl(out / "incomplete" / "posts.jsonl")) == 1
    assert temp_files(out) == []


def test_output_dir_is_created(tmp_path: Path) -> None:
    out = tmp_path / "a" / "b"
    crawl(out, [post()])
    assert read_jsonl(out / "posts.jsonl")[0]["url"] == POST_URL


@pytest.mark.parametrize("shape", ["a-file", "under-a-file", "read-only"])
def test_unwritable_output_dir_gives_one_clear_line(tmp_path: Path, caplog, shape) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("", encoding="utf-8")
    if shape == "a-file":
        out, expected = blocker, "is not a folder"
    elif shape == "under-a-file":
        out, expected = blocker / "out", "is not writable: Not a directory"
    else:
        if os.geteuid() == 0:
            pytest.skip("root can write into a read-only folder")
        out, expected = tmp_path / "ro", "is not writable: Permission denied"
        out.mkdir()
        out.chmod(0o500)
    pipeline = JsonLinesWriterPipeline.from_crawler(get_crawler(settings_dict={"OUTPUT_DIR": out}))
    with caplog.at_level(logging.ERROR), pytest.raises(OutputDirError) as raised:
        pipeline.open_spider()
    message = str(raised.value)
    assert message == f"OUTPUT_DIR {out} {expected}"
    assert "\n" not in message
    assert [r.getMessage() for r in caplog.records if r.levelno >= logging.ERROR] == [message]
    if shape == "read-only":
        out.chmod(0o700)
    assert not write._OPEN_HERE


def test_failed_tweet_flush_at_close_keeps_previous_files(
    tmp_path: Path, monkeypatch, caplog
) -> None:
    # The crawl itself finishes and posts were written; the failed write alone must make
    # the run fail, and the writer must refuse to install a tweets file it could not write.
    out = tmp_path / "out"
    previous = previous_run(out)
    real_write = jsonlines.Writer.write

    def failing_write(self: jsonlines.Writer, obj: Any) -> int:
        if ".tweets." in self._fp.name:
            raise OSError(errno.ENOSPC, "No space left on device")
        return real_write(self, obj)

    monkeypatch.setattr(jsonlines.Writer, "write", failing_write)
    crawler = crawl(out, [post(), tweet()])
    assert crawler.stats.get_value("finish_reason") == "finished"
    verdict = outcome.evaluate("finished", crawler.stats.get_stats())
    assert (verdict.status, verdict.keep_output) == ("failed", False)
    assert final_bytes(out) == previous
    assert crawler.stats.get_value("ncia/output/committed") is False
    assert len(read_jsonl(out / "incomplete" / "posts.jsonl")) == 1


def test_spider_closed_without_close_spider_still_counts_before_evaluating(
    tmp_path: Path, monkeypatch
) -> None:
    seen: list[dict[str, Any]] = []
    real_evaluate = outcome.evaluate

    def spy(reason: str, stats: Any) -> outcome.Outcome:
        seen.append(dict(stats))
        return real_evaluate(reason, stats)

    monkeypatch.setattr(outcome, "evaluate", spy)
    out = tmp_path / "out"
    crawler = get_crawler(settings_dict={"OUTPUT_DIR": out})
    pipeline = JsonLinesWriterPipeline.from_crawler(crawler)
    pipeline.open_spider()
    pipeline.process_item(post())
    pipeline.process_item(tweet())
    pipeline.spider_closed(reason="finished")
    assert seen[0]["ncia/records/tweets/written"] == 1
    assert len(read_jsonl(out / "tweets.jsonl")) == 1


def test_a_failure_while_opening_leaves_no_temp_files_behind(tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    # A folder where the tweets temp file should go: posts and comments open, tweets fail.
    blocker = out / f".tweets.jsonl.{os.getpid()}.tmp"
    blocker.mkdir()
    pipeline = JsonLinesWriterPipeline.from_crawler(get_crawler(settings_dict={"OUTPUT_DIR": out}))
    with pytest.raises(OutputDirError):
        pipeline.open_spider()
    assert temp_files(out) == [blocker.name]
    assert not write._OPEN_HERE


def test_a_plain_permalink_is_a_valid_post_url() -> None:
    # Sites with plain permalinks have no other address for a post than `/?p=N`.
    assert record_problems(post(url="http://blog.example/?p=12")) == []
