"""Third pipeline: each post, comment and tweet goes to the writer once.

Identity of a record:

- a post: its `url`;
- a comment: (`post_url`, `system`, `comment_id`): the same ID printed by the WordPress
  list and by Disqus names two records, one per system;
- a tweet: its `tweet_id`; when the widget showed no status link (`tweet_id` null), its
  (`screen_name`, `text`), compared only with other tweets without an ID.

The first record with an identity passes; later ones are dropped (`DropItem` at DEBUG,
counted as `ncia/records/<stem>/duplicate`). For tweets the first record, which is the
very object the writer buffers, absorbs the sightings: its `seen_count` grows by the
duplicate's `seen_count` once per page not yet counted (a page showing a tweet twice, in
the sidebar and in the post, is one page). `first_seen_on` and `captured_at` stay those of
the first sighting. A page is a URL and its capture: the same page captured at two
times is two sightings, and the first record's `first_seen_snapshot` and
`last_seen_snapshot` widen to span every capture it was seen in.

It runs after validation, so a broken record never claims an identity that a good one
with the same identity would then lose to.
"""

from __future__ import annotations

from collections.abc import Hashable
from typing import Any, Self

from scrapy.crawler import Crawler
from scrapy.exceptions import DropItem

from ncia_scraper.items import RECORD_TYPES, Comment, Post, Tweet
from ncia_scraper.pipelines._records import record_stem, stat_key


def record_key(item: Any) -> Hashable | None:
    """The identity of a record (see the module docstring); None for other items."""
    if isinstance(item, Post):
        return ("post", item.url)
    if isinstance(item, Comment):
        return ("comment", item.post_url, item.system, item.comment_id)
    if isinstance(item, Tweet):
        if item.tweet_id is not None:
            return ("tweet", item.tweet_id)
        return ("tweet-without-id", item.screen_name, item.text)
    return None


class DeduplicatePipeline:
    """Item pipeline: passes the first record of each identity, drops the rest, and merges
    tweet sightings into the first tweet record. Items that are not records pass."""

    def __init__(self, stats: Any) -> None:
        self.stats = stats
        self._first: dict[Hashable, Any] = {}
        # Pages each tweet was counted on, so one page never counts twice.
        self._tweet_pages: dict[Hashable, set[tuple[str, str | None]]] = {}

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        return cls(crawler.stats)

    def open_spider(self) -> None:
        for stem in RECORD_TYPES:
            self.stats.set_value(stat_key(stem, "duplicate"), 0)

    def process_item(self, item: Any) -> Any:
        key = record_key(item)
        if key is None:
            return item
        first = self._first.get(key)
        if first is None:
            self._first[key] = item
            if isinstance(item, Tweet):
                self._tweet_pages[key] = {(item.first_seen_on, item.snapshot)}
            return item
        if isinstance(item, Tweet):
            pages = self._tweet_pages[key]
            if (item.first_seen_on, item.snapshot) not in pages:
                pages.add((item.first_seen_on, item.snapshot))
                first.seen_count += item.seen_count
            _widen_span(first, item)
        stem = record_stem(item)
        assert stem is not None  # record_key only knows record classes
        self.stats.inc_value(stat_key(stem, "duplicate"))
        raise DropItem(f"duplicate {stem.removesuffix('s')}: {key[1:]!r}", log_level="DEBUG")


def _widen_span(first: Tweet, other: Tweet) -> None:
    """`first`'s capture span, widened to cover `other`'s (14-digit timestamps compare
    as text)."""
    for name, pick in (("first_seen_snapshot", min), ("last_seen_snapshot", max)):
        values = [v for v in (getattr(first, name), getattr(other, name)) if v is not None]
        if values:
            setattr(first, name, pick(values))
