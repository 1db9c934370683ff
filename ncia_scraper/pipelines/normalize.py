"""First pipeline: one Unicode form and tidy whitespace in every record's text.

Guarantees, for `Post`, `Comment` and `Tweet` records (other items pass untouched):

- Every string, including each string in a list, is in Unicode NFC, so the same text
  typed on different pages compares equal (deduplication relies on it) and researchers'
  searches match.
- Short text fields (`SHORT_FIELDS`: titles, names, categories, tags, screen names,
  mentions, hashtags, the `*_raw` date texts) have each run of whitespace, no-break
  spaces included, collapsed to one space and no leading or trailing space. An optional
  short field that is left empty becomes null; empty strings are removed from short
  list fields.
- Long text fields (`LONG_FIELDS`: `content_html`, `content_text`, `excerpt`, a tweet's
  `text`) keep their line structure: line ends become `\\n` and trailing whitespace is
  trimmed from each line, nothing else.
- Nothing else changes: no date parsing (the extractors resolved dates with
  `ncia_scraper.dates`), no HTML rewriting, no reordering. The record object is changed
  in place and returned, so later pipelines see the same object.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Any, Self

from itemadapter import ItemAdapter
from scrapy.crawler import Crawler

from ncia_scraper.items import Comment, Post, Tweet
from ncia_scraper.pipelines._records import optional_fields
from ncia_scraper.text import squash

SHORT_FIELDS: dict[type, frozenset[str]] = {
    Post: frozenset({"title", "author", "published_raw", "modified_raw", "categories", "tags"}),
    Comment: frozenset({"author", "published_raw"}),
    Tweet: frozenset({"screen_name", "display_name", "published_raw", "mentions", "hashtags"}),
}
"""Fields whose whitespace is squashed, per record class."""

LONG_FIELDS: dict[type, frozenset[str]] = {
    Post: frozenset({"content_html", "content_text", "excerpt"}),
    Comment: frozenset({"content_html", "content_text"}),
    Tweet: frozenset({"text"}),
}
"""Fields whose lines are kept, only trailing whitespace on each line trimmed."""

_LINE_END = re.compile(r"\r\n?")


def nfc(text: str) -> str:
    """`text` in Unicode normalization form C."""
    # The quick check makes the common case (already NFC) cheap.
    return text if unicodedata.is_normalized("NFC", text) else unicodedata.normalize("NFC", text)


def tidy_lines(text: str) -> str:
    """`text` with `\\r\\n`/`\\r` line ends as `\\n` and trailing whitespace cut from each
    line; blank lines, indentation and everything else kept."""
    return "\n".join(line.rstrip() for line in _LINE_END.sub("\n", text).split("\n"))


def _short(value: Any) -> Any:
    if isinstance(value, str):
        return squash(nfc(value)) or None
    if isinstance(value, list):
        squashed = [squash(nfc(v)) if isinstance(v, str) else v for v in value]
        return [v for v in squashed if v != ""]
    return value


def _long(value: Any) -> Any:
    return tidy_lines(nfc(value)) if isinstance(value, str) else value


def _plain(value: Any) -> Any:
    if isinstance(value, str):
        return nfc(value)
    if isinstance(value, list):
        return [nfc(v) if isinstance(v, str) else v for v in value]
    return value


def normalize_record(item: Any) -> Any:
    """Normalize one record in place (see the module docstring) and return it."""
    cls = type(item)
    if cls not in SHORT_FIELDS:
        return item
    short, long_ = SHORT_FIELDS[cls], LONG_FIELDS[cls]
    optional = optional_fields(cls)
    adapter = ItemAdapter(item)
    for name in adapter.field_names():
        value = adapter.get(name)
        if name in short:
            new = _short(value)
            # A required short field left empty stays "", so validation reports it.
            if new is None and isinstance(value, str) and name not in optional:
                new = ""
        elif name in long_:
            new = _long(value)
        else:
            new = _plain(value)
        if new is not value:
            adapter[name] = new
    return item


class NormalizePipeline:
    """Item pipeline wrapping `normalize_record`. Never drops an item."""

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        return cls()

    def process_item(self, item: Any) -> Any:
        return normalize_record(item)
