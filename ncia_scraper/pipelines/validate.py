"""Second pipeline: only records that keep the schema's promises go further.

`record_problems(item)` lists every way a record breaks its dataclass's contract;
`ValidatePipeline` drops a record with any problem. A dropped record is never written:
it is counted in the stats as `ncia/records/<stem>/invalid` and logged in one WARNING
line naming the record type, the problems and the page it came from.

What is checked (the field docstrings in `ncia_scraper.items` are the contract):

- Types: each field holds its annotated type (`str`, `bool`, `int` but not `bool`, `list[str]`,
  or None where the annotation allows it); every string is encodable as UTF-8.
- Required text is not empty or blank: a post's `title` and `source`, a comment's
  `author` and `system`, a tweet's `screen_name`, `text` and `widget`.
- Dates: each `X_precision` is one of `PRECISIONS` or null, null exactly when `X` is;
  `X` has the shape its precision promises (`YYYY` year, `YYYY-MM` month, `YYYY-MM-DD`
  day and week, an ISO 8601 date-time with a UTC offset for hour, minute and second)
  and is a real date (parsed to be sure). `captured_at` and `fetched_at` are ISO 8601
  date-times in UTC.
- URLs are absolute `http`/`https` URLs with a host and no whitespace: `url`,
  `post_url`, `author_url`, `tweet_url`, `first_seen_on`, and each of `images` and a
  tweet's `urls`; a post's `links` may also hold `mailto:` links, as its HTML may. A
  post's `url` has no fragment, and no query but a plain-permalink site's `?p=N`.
- Numbers: IDs are positive, `depth >= 1`, `parent_id` is null exactly when
  `depth == 1` and differs from `comment_id`, `seen_count >= 1`, `word_count` and
  `comment_count >= 0`; a `tweet_id` is a string of digits.
"""

from __future__ import annotations

import logging
import re
import types
from datetime import date, datetime, timedelta
from typing import Any, Self, get_args, get_origin
from urllib.parse import urlsplit

from itemadapter import ItemAdapter
from scrapy.crawler import Crawler
from scrapy.exceptions import DropItem

from ncia_scraper.items import PRECISIONS, RECORD_TYPES, Comment, Post, Tweet
from ncia_scraper.pipelines._records import field_types, page_url, record_stem, stat_key

logger = logging.getLogger(__name__)

NON_EMPTY: dict[type, tuple[str, ...]] = {
    Post: ("title", "source"),
    Comment: ("author", "system"),
    Tweet: ("screen_name", "text", "widget"),
}
"""String fields that must hold more than whitespace, per record class."""

HTTP_URL_FIELDS: dict[type, tuple[str, ...]] = {
    Post: ("url", "images"),
    Comment: ("post_url", "author_url"),
    Tweet: ("tweet_url", "first_seen_on", "urls"),
}
"""Fields (scalar or list) holding absolute http(s) URLs, per record class."""

LINK_FIELDS: dict[type, tuple[str, ...]] = {Post: ("links",)}
"""Fields holding absolute http(s) or mailto URLs, per record class."""

UTC_TIME_FIELDS: dict[type, tuple[str, ...]] = {
    Post: ("captured_at", "fetched_at"),
    Comment: ("captured_at",),
    Tweet: ("captured_at",),
}
"""Fields holding an ISO 8601 date-time in UTC, per record class."""

_DATETIME_SHAPE = r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,6})?)?(?:Z|[+-]\d{2}:\d{2})"
_DATE_SHAPES: dict[str, re.Pattern[str]] = {
    "year": re.compile(r"\d{4}"),
    "month": re.compile(r"\d{4}-\d{2}"),
    "week": re.compile(r"\d{4}-\d{2}-\d{2}"),
    "day": re.compile(r"\d{4}-\d{2}-\d{2}"),
    "hour": re.compile(_DATETIME_SHAPE),
    "minute": re.compile(_DATETIME_SHAPE),
    "second": re.compile(_DATETIME_SHAPE),
}
_DATETIME = re.compile(_DATETIME_SHAPE)


# A permalink: no fragment, and no query unless the site's plain permalinks (`/?p=N`).
_PERMALINK = re.compile(r"[^?#]*(?:\?p=\d+)?")


def _type_ok(value: Any, hint: Any) -> bool:
    if isinstance(hint, types.UnionType):
        return any(_type_ok(value, arg) for arg in get_args(hint))
    if hint is type(None):
        return value is None
    if hint is int:
        # bool is an int subclass, but True is not an ID or a count.
        return isinstance(value, int) and not isinstance(value, bool)
    if hint is str:
        return isinstance(value, str)
    if hint is bool:
        return isinstance(value, bool)
    if get_origin(hint) is list:
        (arg,) = get_args(hint)
        return isinstance(value, list) and all(_type_ok(v, arg) for v in value)
    # A new kind of annotation must get a rule here rather than pass unchecked.
    raise TypeError(f"validate.py has no rule for the annotation {hint!r}")


def _hint_text(hint: Any) -> str:
    if isinstance(hint, type) and get_origin(hint) is None:
        return hint.__name__
    return str(hint).replace("NoneType", "None")


def _strings(value: Any) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, list):
        return [v for v in value if isinstance(v, str)]
    return []


def _utf8_ok(text: str) -> bool:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:  # lone surrogates
        return False
    return True


def date_problem(value: str, precision: str) -> str | None:
    """Why `value` is not a date of `precision` (one of `PRECISIONS`), or None if it is."""
    shape = _DATE_SHAPES[precision]
    if not shape.fullmatch(value):
        return f"{value!r} is not the form {precision} precision takes"
    try:
        if precision == "year":
            date(int(value), 1, 1)
        elif precision == "month":
            date.fromisoformat(f"{value}-01")
        elif precision in ("day", "week"):
            date.fromisoformat(value)
        else:
            datetime.fromisoformat(value)
    except ValueError as exc:
        return f"{value!r} is not a real date ({exc})"
    return None


def utc_time_problem(value: str) -> str | None:
    """Why `value` is not an ISO 8601 date-time in UTC, or None if it is."""
    if not _DATETIME.fullmatch(value):
        return f"{value!r} is not an ISO 8601 date-time with a UTC offset"
    try:
        moment = datetime.fromisoformat(value)
    except ValueError as exc:
        return f"{value!r} is not a real date-time ({exc})"
    if moment.utcoffset() != timedelta(0):
        return f"{value!r} is not in UTC"
    return None


def url_problem(url: str, schemes: tuple[str, ...] = ("http", "https")) -> str | None:
    """Why `url` is not an absolute URL with one of `schemes`, or None if it is."""
    if any(c.isspace() for c in url):
        return f"{url!r} contains whitespace"
    try:
        parts = urlsplit(url)
        host = parts.hostname
    except ValueError as exc:
        return f"{url!r} is not a URL ({exc})"
    if parts.scheme not in schemes:
        return f"{url!r} is not an absolute {'/'.join(schemes)} URL"
    if parts.scheme == "mailto":
        return None if parts.path else f"{url!r} has no address"
    if not host:
        return f"{url!r} has no host"
    return None


def record_problems(item: Any) -> list[str]:
    """Every way `item` breaks its record class's contract (see the module docstring),
    as short phrases naming the field; empty when the record is valid."""
    cls = type(item)
    if cls not in RECORD_TYPES.values():
        return [f"{cls.__name__} is not a record class"]
    adapter = ItemAdapter(item)
    hints = field_types(cls)
    problems = [
        f"{name}: expected {_hint_text(hint)}, got {type(adapter.get(name)).__name__}"
        for name, hint in hints.items()
        if not _type_ok(adapter.get(name), hint)
    ]
    if problems:
        # The value checks below assume the types are right.
        return problems
    record = adapter.asdict()
    for name, value in record.items():
        if not all(_utf8_ok(s) for s in _strings(value)):
            problems.append(f"{name}: contains a lone surrogate, not encodable as UTF-8")
    problems += [f"{name}: empty" for name in NON_EMPTY.get(cls, ()) if not record[name].strip()]
    problems += _date_problems(record)
    for name in UTC_TIME_FIELDS.get(cls, ()):
        if (problem := utc_time_problem(record[name])) is not None:
            problems.append(f"{name}: {problem}")
    for fields_, schemes in (
        (HTTP_URL_FIELDS.get(cls, ()), ("http", "https")),
        (LINK_FIELDS.get(cls, ()), ("http", "https", "mailto")),
    ):
        for name in fields_:
            for url in _strings(record[name]):
                if (problem := url_problem(url, schemes)) is not None:
                    problems.append(f"{name}: {problem}")
    if cls is Post and url_problem(item.url) is None and not _PERMALINK.fullmatch(item.url):
        problems.append(f"url: {item.url!r} has a query (other than ?p=N) or a fragment")
    problems += _number_problems(item)
    return problems


def _date_problems(record: dict[str, Any]) -> list[str]:
    problems = []
    for name in record:
        if not name.endswith("_precision"):
            continue
        base = name.removesuffix("_precision")
        value, precision = record.get(base), record[name]
        if precision is not None and precision not in PRECISIONS:
            problems.append(f"{name}: {precision!r} is not one of {', '.join(PRECISIONS)}")
        elif (value is None) != (precision is None):
            problems.append(f"{name}: must be null exactly when {base} is null")
        elif value is not None and (problem := date_problem(value, precision)) is not None:
            problems.append(f"{base}: {problem}")
    return problems


def _number_problems(item: Any) -> list[str]:
    problems = []
    if isinstance(item, Post):
        if item.post_id is not None and item.post_id < 1:
            problems.append(f"post_id: {item.post_id} is not positive")
        if item.word_count < 0:
            problems.append(f"word_count: {item.word_count} is negative")
        if item.comment_count < 0:
            problems.append(f"comment_count: {item.comment_count} is negative")
    elif isinstance(item, Comment):
        for name in ("comment_id", "post_id", "parent_id"):
            value = getattr(item, name)
            if value is not None and value < 1:
                problems.append(f"{name}: {value} is not positive")
        if item.depth < 1:
            problems.append(f"depth: {item.depth} is below 1")
        elif (item.parent_id is None) != (item.depth == 1):
            problems.append(
                f"parent_id: must be null exactly when depth is 1 (depth {item.depth},"
                f" parent_id {item.parent_id})"
            )
        if item.parent_id is not None and item.parent_id == item.comment_id:
            problems.append("parent_id: a comment cannot reply to itself")
    elif isinstance(item, Tweet):
        if item.seen_count < 1:
            problems.append(f"seen_count: {item.seen_count} is below 1")
        if item.tweet_id is not None and not (item.tweet_id.isascii() and item.tweet_id.isdigit()):
            problems.append(f"tweet_id: {item.tweet_id!r} is not a string of digits")
    return problems


class ValidatePipeline:
    """Item pipeline: passes valid records on unchanged; drops, counts and logs the rest.

    Items that are not records are dropped too, counted as `ncia/records/other/invalid`.
    """

    def __init__(self, stats: Any) -> None:
        self.stats = stats

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        return cls(crawler.stats)

    def open_spider(self) -> None:
        # Zero counters show in the stats dump that validation ran and found nothing.
        for stem in RECORD_TYPES:
            self.stats.set_value(stat_key(stem, "invalid"), 0)

    def process_item(self, item: Any) -> Any:
        problems = record_problems(item)
        if not problems:
            return item
        stem = record_stem(item) or "other"
        kind = stem.removesuffix("s") if stem != "other" else "item"
        reason = "; ".join(problems)
        self.stats.inc_value(stat_key(stem, "invalid"))
        logger.warning("Invalid %s dropped: %s (page %s)", kind, reason, page_url(item))
        # Our WARNING line above is the report; Scrapy's own "Dropped:" line would repeat
        # it with the whole record, so it goes to DEBUG.
        raise DropItem(f"invalid {kind}: {reason}", log_level="DEBUG")
