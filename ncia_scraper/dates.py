"""The only place that turns a date text into a value.

`parse_date(text, captured_at=..., timezone=...)` returns a `DateValue`: the ISO 8601
value, the text it was read from, and its precision. The rules every record follows:

- Values with a time of day are instants, written in the site's timezone with their UTC
  offset ("2012-02-14T15:10:00+00:00"; "+01:00" in British Summer Time).
- Date-only values stay dates ("2012-01-25"; "2012-01" for a month; "2011" for a year).
  They are never converted between timezones: "January 25, 2012" is that day in London,
  and turning it into UTC midnight would move it to the 24th in summer.
- Relative texts ("3 weeks ago", "about 4 days ago", "yesterday") are resolved against
  `captured_at`, the moment the page was captured, never against the crawl's clock, and
  keep the unit they were given in as their precision.

The forms the site really prints take fast paths (see `bench/bench_dates.py`);
`dateparser` handles the rest, with day-first order as a UK site writes it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from datetime import timezone as dt_timezone
from email.utils import parsedate_to_datetime
from functools import lru_cache
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from ncia_scraper.text import squash

if TYPE_CHECKING:
    from dateparser.date import DateDataParser

SITE_TIMEZONE = ZoneInfo("Europe/London")


@dataclass(frozen=True)
class DateValue:
    """A date as a record stores it: `value` (ISO 8601), `raw` (the text), `precision`."""

    value: str | None
    raw: str | None
    precision: str | None


NO_DATE = DateValue(None, None, None)

_MONTHS = {
    name: number
    for number, names in enumerate(
        (
            ("january", "jan"),
            ("february", "feb"),
            ("march", "mar"),
            ("april", "apr"),
            ("may",),
            ("june", "jun"),
            ("july", "jul"),
            ("august", "aug"),
            ("september", "sep", "sept"),
            ("october", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        ),
        start=1,
    )
    for name in names
}
_MONTH = r"(?P<month>[a-z]{3,9})\.?"
_TIME = (
    r"(?:(?:,|\s+at|\s+@)?\s+(?P<hour>\d{1,2})[:.](?P<minute>\d{2})(?::(?P<second>\d{2}))?"
    r"\s*(?P<ampm>[ap])?\.?(?:m\.?)?)?"
)
# "January 25, 2012", "Jan 25 2012", "February 14, 2012 at 3:10 pm" (WordPress's defaults).
_MONTH_FIRST = re.compile(
    rf"^(?:[a-z]+,?\s+)?{_MONTH}\s+(?P<day>\d{{1,2}})(?:st|nd|rd|th)?,?\s+(?P<year>\d{{4}}){_TIME}$",
    re.I,
)
# "25 January 2012", "25th Jan 2012 14:03" (British order).
_DAY_FIRST = re.compile(
    rf"^(?:[a-z]+,?\s+)?(?P<day>\d{{1,2}})(?:st|nd|rd|th)?\s+{_MONTH},?\s+(?P<year>\d{{4}}){_TIME}$",
    re.I,
)
# Twitter API created_at, as the profile widget's `time` attribute holds it.
_TWITTER = re.compile(r"^[A-Z][a-z]{2} [A-Z][a-z]{2} \d{2} \d{2}:\d{2}:\d{2} [+-]\d{4} \d{4}$")
_ISO = re.compile(
    r"^\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?(?:Z|[+-]\d{2}:?\d{2})?$"
)
_RFC2822 = re.compile(r"^(?:[A-Z][a-z]{2}, )?\d{1,2} [A-Z][a-z]{2} \d{4} \d{2}:\d{2}(?::\d{2})? ")
_RELATIVE = re.compile(
    r"^(?:about|around|almost|over|nearly)?\s*(?P<count>\d+|an?|one)\s+"
    r"(?P<unit>second|sec|minute|min|hour|hr|day|week|month|year)s?\s+ago$",
    re.I,
)
_UNIT_PRECISION = {
    "second": "second",
    "sec": "second",
    "minute": "minute",
    "min": "minute",
    "hour": "hour",
    "hr": "hour",
    "day": "day",
    "week": "week",
    "month": "month",
    "year": "year",
}
_NOW_WORDS = {"just now": "minute", "now": "minute", "less than a minute ago": "minute"}
_DAY_WORDS = {"today": 0, "yesterday": 1}


def parse_date(
    text: str | None, *, captured_at: datetime, timezone: ZoneInfo = SITE_TIMEZONE
) -> DateValue:
    """Read one date text; see the module docstring for the rules.

    `captured_at` must be timezone-aware. Text that holds no date gives a value of None
    with the text kept in `raw`, so a reader can see what the page said.
    """
    if captured_at.tzinfo is None:
        raise ValueError("captured_at must be timezone-aware")
    raw = squash(text)
    if not raw:
        return NO_DATE
    value, precision = _parse_cached(raw, captured_at, timezone)
    return DateValue(value, raw, precision if value is not None else None)


def iso_utc(moment: datetime) -> str:
    """An aware datetime as ISO 8601 in UTC, to the second: '2012-02-18T11:30:00+00:00'."""
    return moment.astimezone(UTC).isoformat(timespec="seconds")


def parse_capture_time(text: str) -> datetime:
    """Read a capture time given by a user or a server, returning an aware UTC datetime.

    Accepts ISO 8601 with a timezone ("2012-02-18T11:30:00Z"), a 14-digit Wayback
    timestamp (UTC by definition) or an HTTP date ("Sat, 18 Feb 2012 11:30:00 GMT").
    A time without a timezone is refused rather than guessed.
    """
    text = text.strip()
    try:
        if re.fullmatch(r"\d{14}", text):
            return datetime.strptime(text, "%Y%m%d%H%M%S").replace(tzinfo=UTC)
        moment = _from_rfc2822(text) if _RFC2822.match(text) else datetime.fromisoformat(text)
    except (TypeError, ValueError):
        raise ValueError(
            f"{text!r} is not a date and time; use ISO 8601 with a timezone, "
            "e.g. 2012-02-18T11:30:00Z"
        ) from None
    if moment.tzinfo is None:
        raise ValueError(f"{text!r} has no timezone; add one, e.g. 2012-02-18T11:30:00Z")
    return moment.astimezone(UTC)


@lru_cache(maxsize=8192)
def _parse_cached(raw: str, captured_at: datetime, timezone: ZoneInfo) -> tuple[str | None, str]:
    # Sidebars repeat the same texts on every page, and a crawl has few capture times,
    # so a small cache removes most of the parsing work.
    for parse in (_parse_relative, _parse_absolute_fast):
        result = parse(raw, captured_at, timezone)
        if result is not None:
            return result
    return _parse_with_dateparser(raw, captured_at, timezone)


def _parse_relative(raw: str, captured_at: datetime, tz: ZoneInfo) -> tuple[str, str] | None:
    lowered = raw.lower()
    local_now = captured_at.astimezone(tz)
    if lowered in _NOW_WORDS:
        return _instant(local_now, tz), _NOW_WORDS[lowered]
    if lowered in _DAY_WORDS:
        return (local_now.date() - timedelta(days=_DAY_WORDS[lowered])).isoformat(), "day"
    match = _RELATIVE.match(lowered)
    if match is None:
        return None
    count_text = match["count"]
    count = int(count_text) if count_text.isdigit() else 1
    precision = _UNIT_PRECISION[match["unit"]]
    if precision in ("second", "minute", "hour"):
        # Elapsed time, so subtract in UTC: arithmetic on a zoneinfo datetime is wall-clock
        # arithmetic and would be an hour out across a clock change.
        delta = timedelta(**{f"{precision}s": count})
        return _instant(captured_at.astimezone(UTC) - delta, tz), precision
    today = local_now.date()
    if precision == "day":
        return (today - timedelta(days=count)).isoformat(), precision
    if precision == "week":
        return (today - timedelta(weeks=count)).isoformat(), precision
    if precision == "month":
        year, month = divmod(today.year * 12 + today.month - 1 - count, 12)
        return f"{year:04d}-{month + 1:02d}", precision
    return f"{today.year - count:04d}", precision


def _parse_absolute_fast(raw: str, captured_at: datetime, tz: ZoneInfo) -> tuple[str, str] | None:
    match = _MONTH_FIRST.match(raw) or _DAY_FIRST.match(raw)
    if match is not None:
        return _from_calendar_match(match, tz)
    if _TWITTER.match(raw):
        return _instant(datetime.strptime(raw, "%a %b %d %H:%M:%S %z %Y"), tz), "second"
    if _RFC2822.match(raw):
        try:
            moment = _from_rfc2822(raw)
        except (TypeError, ValueError):
            return None
        if moment.tzinfo is None:
            moment = moment.replace(tzinfo=tz)
        return _instant(moment, tz), "second"
    if _ISO.match(raw):
        return _from_iso(raw, tz)
    return None


def _from_rfc2822(text: str) -> datetime:
    """`parsedate_to_datetime`, reading the zone "-0000" as UTC (RFC 5322, section 3.3).

    Python returns a naive datetime for "-0000" as for a missing or unknown zone, but
    "-0000" states UTC and only withholds the writer's local zone.
    """
    moment = parsedate_to_datetime(text)
    if moment.tzinfo is None and text.endswith("-0000"):
        moment = moment.replace(tzinfo=UTC)
    return moment


def _from_calendar_match(match: re.Match[str], tz: ZoneInfo) -> tuple[str, str] | None:
    month = _MONTHS.get(match["month"].lower())
    if month is None:
        return None
    try:
        day = date(int(match["year"]), month, int(match["day"]))
    except ValueError:
        return None
    if match["hour"] is None:
        return day.isoformat(), "day"
    hour = int(match["hour"])
    if match["ampm"]:
        if not 1 <= hour <= 12:
            return None
        hour = hour % 12 + (12 if match["ampm"].lower() == "p" else 0)
    second = int(match["second"] or 0)
    try:
        moment = datetime(
            day.year, day.month, day.day, hour, int(match["minute"]), second, tzinfo=tz
        )
    except ValueError:
        return None
    return _instant(moment, tz), "second" if match["second"] else "minute"


def _from_iso(raw: str, tz: ZoneInfo) -> tuple[str, str] | None:
    try:
        if len(raw) == 10:
            return date.fromisoformat(raw).isoformat(), "day"
        moment = datetime.fromisoformat(raw)
    except ValueError:
        return None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=tz)
    time_part = raw[11:]
    has_seconds = len(time_part) >= 8 and time_part[5] == ":"
    return _instant(moment, tz), "second" if has_seconds else "minute"


def _parse_with_dateparser(raw: str, captured_at: datetime, tz: ZoneInfo) -> tuple[str | None, str]:
    # RELATIVE_BASE must be naive local time: dateparser applies TIMEZONE to it.
    base = captured_at.astimezone(tz).replace(tzinfo=None)
    data = _dateparser(tz.key, base).get_date_data(raw)
    moment, period = data.date_obj, data.period
    if moment is None:
        return None, "day"
    if period == "year":
        return f"{moment.year:04d}", "year"
    if period == "month":
        return f"{moment.year:04d}-{moment.month:02d}", "month"
    if period in ("day", "week"):
        # Date-only: take the calendar date as written, no timezone conversion.
        return moment.date().isoformat(), period
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=tz)
    return _instant(moment, tz), "second" if moment.second else "minute"


@lru_cache(maxsize=32)
def _dateparser(timezone_name: str, relative_base: datetime) -> DateDataParser:
    # Settings are fixed when a parser is built, and the base of relative dates is one of
    # them; a crawl has few capture times, so a parser per capture time is cheap.
    # Imported here: dateparser takes a noticeable time to import and most crawls never
    # need it.
    from dateparser.date import DateDataParser

    return DateDataParser(
        languages=["en"],
        settings={
            "DATE_ORDER": "DMY",
            "TIMEZONE": timezone_name,
            "RETURN_AS_TIMEZONE_AWARE": True,
            "PREFER_DATES_FROM": "past",
            # Without it dateparser reports "day" even when the text has a time of day.
            "RETURN_TIME_AS_PERIOD": True,
            "RELATIVE_BASE": relative_base,
        },
    )


def _instant(moment: datetime, tz: ZoneInfo) -> str:
    # Through UTC: a wall-clock time inside the spring-forward gap ("1:30 am" on the day
    # the clocks change) then gets the offset that was really in force at that instant.
    return moment.astimezone(UTC).astimezone(tz).isoformat(timespec="seconds")


# WordPress's own datetime form: the REST API's `date` and `date_gmt` ("2012-07-10T23:30:00").
_WORDPRESS_DATETIME = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}$")
# The UTC offsets a WordPress site can be set to (Settings → General: UTC-12 to UTC+14).
_WORDPRESS_UTC_OFFSETS = (timedelta(hours=-12), timedelta(hours=14))


def parse_local_and_gmt(
    local: str | None, gmt: str | None, *, timezone: ZoneInfo = SITE_TIMEZONE
) -> tuple[DateValue, str | None]:
    """A time WordPress gives twice, as the site's wall-clock time (`local`, the REST API's
    `date`) and in UTC (`gmt`, its `date_gmt`): the value a record stores, and the UTC
    instant as ISO 8601 with `Z` (or None).

    ("2012-07-10T23:30:00", "2012-07-10T22:30:00") gives
    `DateValue("2012-07-10T23:30:00+01:00", "2012-07-10T23:30:00", "second")` and
    "2012-07-10T22:30:00Z". The offset is the difference of the two, which WordPress
    fixed when the post or comment was saved: exact without a timezone database, and
    right even when the site's timezone setting has changed since.

    When `gmt` is missing, unreadable (a zero date, which some imported comments carry)
    or gives an offset no WordPress setting can, the local time is placed in `timezone`,
    as every other date text is, and the UTC form is None: the site did not state it. An
    unreadable `local` gives a value of None with the text kept in `raw`, as `parse_date`
    does.
    """
    local_time = _wordpress_datetime(local)
    gmt_time = _wordpress_datetime(gmt)
    gmt_text = f"{gmt_time.isoformat()}Z" if gmt_time is not None else None
    if local_time is None:
        raw = local if local and local.strip() else None
        return (DateValue(None, raw, None) if raw else NO_DATE), gmt_text
    offset = local_time - gmt_time if gmt_time is not None else None
    if (
        offset is None
        or offset % timedelta(minutes=1)
        or not _WORDPRESS_UTC_OFFSETS[0] <= offset <= _WORDPRESS_UTC_OFFSETS[1]
    ):
        value = _instant(local_time.replace(tzinfo=timezone), timezone)
        return DateValue(value, local, "second"), None
    value = local_time.replace(tzinfo=dt_timezone(offset)).isoformat(timespec="seconds")
    return DateValue(value, local, "second"), gmt_text


def _wordpress_datetime(text: str | None) -> datetime | None:
    """`text` as a naive datetime when it is WordPress's form and a real time, else None."""
    if not isinstance(text, str) or not _WORDPRESS_DATETIME.match(text):
        return None
    try:
        return datetime.fromisoformat(text)
    except ValueError:
        return None
