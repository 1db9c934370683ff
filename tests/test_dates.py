"""Exact values for every date form the site prints (see the rules in ncia_scraper.dates).

London is UTC+00:00 in winter (GMT) and UTC+01:00 in British Summer Time; in 2012 BST ran
from 25 March 01:00 UTC to 28 October 01:00 UTC.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest

from ncia_scraper import dates
from ncia_scraper.dates import DateValue, iso_utc, parse_capture_time, parse_date
from ncia_scraper.items import PRECISIONS

LONDON = ZoneInfo("Europe/London")

# A winter capture: London time equals UTC.
WINTER = datetime(2012, 2, 18, 11, 30, tzinfo=UTC)
# A summer capture just after local midnight: 00:30 BST on 16 July is 23:30 UTC on 15 July,
# so the London date and the UTC date differ.
SUMMER_NIGHT = datetime(2012, 7, 15, 23, 30, tzinfo=UTC)


def parse(text: str | None, captured_at: datetime = WINTER) -> DateValue:
    return parse_date(text, captured_at=captured_at)


# --- absolute forms -------------------------------------------------------------------

ABSOLUTE = [
    # WordPress's default date format, as the post header prints it.
    ("January 25, 2012", "2012-01-25", "day"),
    ("Jan 25 2012", "2012-01-25", "day"),
    ("Wednesday, January 25, 2012", "2012-01-25", "day"),
    ("Sept 5, 2012", "2012-09-05", "day"),
    # British order.
    ("25 January 2012", "2012-01-25", "day"),
    ("25th Jan 2012", "2012-01-25", "day"),
    # A summer date without a time stays that day: London midnight is 23:00 UTC the day
    # before, and the value must not move there.
    ("July 10, 2012", "2012-07-10", "day"),
    ("1 June 2012", "2012-06-01", "day"),
    # Comment dates with a time of day: instants in London time with the offset.
    ("February 14, 2012 at 3:10 pm", "2012-02-14T15:10:00+00:00", "minute"),
    ("February 14, 2012 at 3:10 p.m.", "2012-02-14T15:10:00+00:00", "minute"),
    ("February 14, 2012 at 3:10:05 pm", "2012-02-14T15:10:05+00:00", "second"),
    ("February 14, 2012 at 12:10 am", "2012-02-14T00:10:00+00:00", "minute"),
    ("February 14, 2012 at 12:10 pm", "2012-02-14T12:10:00+00:00", "minute"),
    ("25th Jan 2012 14:03", "2012-01-25T14:03:00+00:00", "minute"),
    ("July 10, 2012 at 11:30 pm", "2012-07-10T23:30:00+01:00", "minute"),
    # 00:30 BST is 23:30 UTC on the 9th; the value keeps the London wall time and date.
    ("July 10, 2012 at 12:30 am", "2012-07-10T00:30:00+01:00", "minute"),
    # RSS pubDate (RFC 2822), converted to London time.
    ("Tue, 14 Feb 2012 15:10:00 +0000", "2012-02-14T15:10:00+00:00", "second"),
    ("Tue, 10 Jul 2012 22:30:00 +0000", "2012-07-10T23:30:00+01:00", "second"),
    ("Tue, 10 Jul 2012 23:30:00 GMT", "2012-07-11T00:30:00+01:00", "second"),
    ("Tue, 10 Jul 2012 18:30:00 -0400", "2012-07-10T23:30:00+01:00", "second"),
    ("10 Jul 2012 22:30 +0000", "2012-07-10T23:30:00+01:00", "second"),
    # RFC 5322 section 3.3: "-0000" is UTC with no word on the writer's local zone.
    ("Tue, 10 Jul 2012 22:30:00 -0000", "2012-07-10T23:30:00+01:00", "second"),
    # Twitter API created_at (the profile widget's `time` attribute).
    ("Tue Feb 14 15:10:00 +0000 2012", "2012-02-14T15:10:00+00:00", "second"),
    ("Tue Jul 10 23:30:00 +0000 2012", "2012-07-11T00:30:00+01:00", "second"),
    # ISO 8601: with an offset converted to London; without one read as London time.
    ("2012-02-14T15:10:00Z", "2012-02-14T15:10:00+00:00", "second"),
    ("2012-02-14T15:10Z", "2012-02-14T15:10:00+00:00", "minute"),
    ("2012-07-10T22:30:00+00:00", "2012-07-10T23:30:00+01:00", "second"),
    ("2012-07-10T22:30+00:00", "2012-07-10T23:30:00+01:00", "minute"),
    ("2012-07-10T22:30+0100", "2012-07-10T22:30:00+01:00", "minute"),
    ("2012-01-10T22:30:00-05:00", "2012-01-11T03:30:00+00:00", "second"),
    ("2012-07-10T22:30:00.123+01:00", "2012-07-10T22:30:00+01:00", "second"),
    ("2012-07-10T22:30:00", "2012-07-10T22:30:00+01:00", "second"),
    ("2012-07-10T22:30", "2012-07-10T22:30:00+01:00", "minute"),
    ("2012-02-14 15:10:05", "2012-02-14T15:10:05+00:00", "second"),
    ("2012-07-10", "2012-07-10", "day"),
    # dateparser's forms: day first, as a UK site writes it.
    ("03/04/2012", "2012-04-03", "day"),
    ("03/07/2012", "2012-07-03", "day"),
    ("03/07/2012 14:05", "2012-07-03T14:05:00+01:00", "minute"),
    ("March 2012", "2012-03", "month"),
    ("Jul 2012", "2012-07", "month"),
    ("2012", "2012", "year"),
]


@pytest.mark.parametrize(("text", "value", "precision"), ABSOLUTE)
def test_absolute_forms(text, value, precision):
    assert parse(text) == DateValue(value, text, precision)


@pytest.mark.parametrize(("text", "value", "precision"), ABSOLUTE)
def test_absolute_forms_do_not_depend_on_capture_time(text, value, precision):
    assert parse(text, captured_at=SUMMER_NIGHT) == DateValue(value, text, precision)


@pytest.mark.parametrize(
    "captured_at",
    [
        datetime(2012, 1, 31, 12, tzinfo=UTC),  # before the month, on a day February lacks
        datetime(2012, 3, 31, 12, tzinfo=UTC),
    ],
)
def test_month_value_ignores_the_capture_day(captured_at):
    # dateparser fills a missing day with the base's day; only the month must come out.
    assert parse("February 2012", captured_at) == DateValue("2012-02", "February 2012", "month")


def test_every_precision_is_a_documented_one():
    precisions = {parse(text).precision for text, _, _ in ABSOLUTE}
    assert precisions <= set(PRECISIONS)


# --- relative forms -------------------------------------------------------------------

RELATIVE = [
    # Captured in winter, 11:30 GMT on Saturday 18 February 2012.
    ("4 days ago", WINTER, "2012-02-14", "day"),
    ("about 4 days ago", WINTER, "2012-02-14", "day"),
    ("a day ago", WINTER, "2012-02-17", "day"),
    ("7 hours ago", WINTER, "2012-02-18T04:30:00+00:00", "hour"),
    ("an hour ago", WINTER, "2012-02-18T10:30:00+00:00", "hour"),
    ("about an hour ago", WINTER, "2012-02-18T10:30:00+00:00", "hour"),
    ("2 hrs ago", WINTER, "2012-02-18T09:30:00+00:00", "hour"),
    ("1 minute ago", WINTER, "2012-02-18T11:29:00+00:00", "minute"),
    ("10 mins ago", WINTER, "2012-02-18T11:20:00+00:00", "minute"),
    ("30 seconds ago", WINTER, "2012-02-18T11:29:30+00:00", "second"),
    ("less than a minute ago", WINTER, "2012-02-18T11:30:00+00:00", "minute"),
    ("just now", WINTER, "2012-02-18T11:30:00+00:00", "minute"),
    ("3 weeks ago", WINTER, "2012-01-28", "week"),
    ("one week ago", WINTER, "2012-02-11", "week"),
    # Across a year boundary.
    ("2 months ago", WINTER, "2011-12", "month"),
    ("2 months ago", datetime(2012, 1, 10, 12, tzinfo=UTC), "2011-11", "month"),
    ("3 years ago", WINTER, "2009", "year"),
    ("yesterday", WINTER, "2012-02-17", "day"),
    ("Yesterday", WINTER, "2012-02-17", "day"),
    ("today", WINTER, "2012-02-18", "day"),
    # Captured at 00:30 BST on 16 July (23:30 UTC on the 15th): days count from the
    # London date, instants carry +01:00.
    ("today", SUMMER_NIGHT, "2012-07-16", "day"),
    ("yesterday", SUMMER_NIGHT, "2012-07-15", "day"),
    ("4 days ago", SUMMER_NIGHT, "2012-07-12", "day"),
    ("3 weeks ago", SUMMER_NIGHT, "2012-06-25", "week"),
    ("7 hours ago", SUMMER_NIGHT, "2012-07-15T17:30:00+01:00", "hour"),
    ("an hour ago", SUMMER_NIGHT, "2012-07-15T23:30:00+01:00", "hour"),
    ("less than a minute ago", SUMMER_NIGHT, "2012-07-16T00:30:00+01:00", "minute"),
    # Across the clock changes: hours are real elapsed time, not wall-clock time.
    # 06:00 BST on 25 March (05:00 UTC) minus 7 h is 22:00 UTC = 22:00 GMT on the 24th.
    ("7 hours ago", datetime(2012, 3, 25, 5, tzinfo=UTC), "2012-03-24T22:00:00+00:00", "hour"),
    # 03:00 GMT on 28 October minus 2 h is 01:00 UTC, the moment BST ended: 01:00 GMT.
    ("2 hours ago", datetime(2012, 10, 28, 3, tzinfo=UTC), "2012-10-28T01:00:00+00:00", "hour"),
    ("3 hours ago", datetime(2012, 10, 28, 3, tzinfo=UTC), "2012-10-28T01:00:00+01:00", "hour"),
]


@pytest.mark.parametrize(("text", "captured_at", "value", "precision"), RELATIVE)
def test_relative_forms(text, captured_at, value, precision):
    assert parse(text, captured_at) == DateValue(value, text, precision)


def test_no_break_spaces_are_spaces():
    assert parse("4\u00a0days\u00a0ago") == DateValue("2012-02-14", "4 days ago", "day")


def test_raw_is_the_text_with_whitespace_squashed():
    assert parse("  January\n 25,  2012 ") == DateValue("2012-01-25", "January 25, 2012", "day")


@pytest.mark.parametrize(
    "captured_at",
    [
        datetime(2012, 3, 25, 6, tzinfo=LONDON),  # 05:00 UTC, given in London time
        datetime(2012, 3, 25, 8, tzinfo=timezone(timedelta(hours=3))),
        datetime(2012, 3, 25, 5, tzinfo=UTC),
    ],
)
def test_relative_dates_depend_on_the_capture_instant_not_its_zone(captured_at):
    assert parse("7 hours ago", captured_at) == DateValue(
        "2012-03-24T22:00:00+00:00", "7 hours ago", "hour"
    )


def test_same_relative_text_against_two_capture_times():
    # The cache must key on captured_at: a warm entry for one capture time must not
    # answer for another.
    first = datetime(2012, 2, 18, 11, 30, tzinfo=UTC)
    second = datetime(2012, 5, 2, 9, 0, tzinfo=UTC)
    results = [parse("about 4 days ago", moment).value for moment in (first, second, first)]
    assert results == ["2012-02-14", "2012-04-28", "2012-02-14"]
    results = [parse("7 hours ago", moment).value for moment in (first, second, first)]
    assert results == [
        "2012-02-18T04:30:00+00:00",
        "2012-05-02T03:00:00+01:00",
        "2012-02-18T04:30:00+00:00",
    ]


def test_repeated_text_is_served_from_the_cache():
    dates._parse_cached.cache_clear()
    first = parse("about 4 days ago")
    hits = dates._parse_cached.cache_info().hits
    assert parse("about 4 days ago") == first
    assert dates._parse_cached.cache_info().hits == hits + 1


def test_timezone_argument_decides_the_local_date():
    # 02:30 UTC on 16 July is 03:30 in London but still 22:30 on the 15th in New York.
    captured_at = datetime(2012, 7, 16, 2, 30, tzinfo=UTC)
    new_york = ZoneInfo("America/New_York")
    assert parse_date("today", captured_at=captured_at).value == "2012-07-16"
    assert parse_date("today", captured_at=captured_at, timezone=new_york).value == "2012-07-15"
    assert (
        parse_date("2012-07-10T22:30:00Z", captured_at=captured_at, timezone=new_york).value
        == "2012-07-10T18:30:00-04:00"
    )


# --- no date ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    ["not a date", "Posted by admin", "Leave a comment", "No Comments", "February 30, 2012"],
)
def test_unparseable_text_keeps_raw(text):
    assert parse(text) == DateValue(None, text, None)


@pytest.mark.parametrize("text", [None, "", "   ", "\u00a0\n\t"])
def test_empty_text_gives_no_date(text):
    assert parse(text) == DateValue(None, None, None)


def test_naive_capture_time_is_rejected():
    with pytest.raises(ValueError, match="captured_at must be timezone-aware"):
        parse_date("4 days ago", captured_at=datetime(2012, 2, 18, 11, 30))


# --- iso_utc and parse_capture_time -------------------------------------------------------


def test_naive_capture_time_is_rejected_even_for_empty_text():
    with pytest.raises(ValueError, match="timezone-aware"):
        parse_date("", captured_at=datetime(2012, 2, 18, 11, 30))


def test_time_in_the_spring_forward_gap_gets_the_offset_in_force():
    # 25 March 2012: London's clocks jumped from 01:00 GMT to 02:00 BST; "1:30 am" never
    # existed on the wall, and the instant it names is 02:30 BST.
    value = parse_date("March 25, 2012 at 1:30 am", captured_at=datetime(2012, 4, 1, tzinfo=UTC))
    assert value == DateValue("2012-03-25T02:30:00+01:00", "March 25, 2012 at 1:30 am", "minute")


def test_iso_utc():
    moment = datetime(2012, 7, 10, 23, 30, 15, 500, tzinfo=LONDON)
    assert iso_utc(moment) == "2012-07-10T22:30:15+00:00"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2012-02-18T11:30:00Z", datetime(2012, 2, 18, 11, 30, tzinfo=UTC)),
        ("2012-02-18T11:30:00+00:00", datetime(2012, 2, 18, 11, 30, tzinfo=UTC)),
        ("2012-07-18T12:30:00+01:00", datetime(2012, 7, 18, 11, 30, tzinfo=UTC)),
        ("2012-07-18T07:30:00-04:00", datetime(2012, 7, 18, 11, 30, tzinfo=UTC)),
        (" 2012-02-18T11:30:00Z\n", datetime(2012, 2, 18, 11, 30, tzinfo=UTC)),
        # Wayback timestamps are UTC.
        ("20120718113000", datetime(2012, 7, 18, 11, 30, tzinfo=UTC)),
        # HTTP Date headers.
        ("Sat, 18 Feb 2012 11:30:00 GMT", datetime(2012, 2, 18, 11, 30, tzinfo=UTC)),
        ("Wed, 18 Jul 2012 11:30:00 GMT", datetime(2012, 7, 18, 11, 30, tzinfo=UTC)),
        ("Wed, 18 Jul 2012 12:30:00 +0100", datetime(2012, 7, 18, 11, 30, tzinfo=UTC)),
        ("Wed, 18 Jul 2012 11:30:00 -0000", datetime(2012, 7, 18, 11, 30, tzinfo=UTC)),
    ],
)
def test_parse_capture_time(text, expected):
    result = parse_capture_time(text)
    assert result == expected
    assert result.tzinfo is UTC


@pytest.mark.parametrize(
    "text", ["2012-02-18T11:30:00", "2012-02-18 11:30", "2012-02-18", "20120218"]
)
def test_parse_capture_time_refuses_naive_text(text):
    with pytest.raises(ValueError, match=re.escape(f"{text!r} has no timezone")):
        parse_capture_time(text)


@pytest.mark.parametrize(
    "text",
    [
        "",
        "yesterday",
        "2012-02-30T11:30:00Z",
        "Sat, 18 Feb 2012 11:30:00",
        # Look like a Wayback timestamp or an HTTP date but hold no real date.
        "20121318113000",
        "20120230113000",
        "Sat, 32 Feb 2012 11:30:00 GMT",
        "Sat, 18 Foo 2012 11:30:00 GMT",
    ],
)
def test_parse_capture_time_refuses_malformed_text_clearly(text):
    # A clear message names the text and shows a form that works.
    with pytest.raises(ValueError) as raised:
        parse_capture_time(text)
    message = str(raised.value)
    assert message.startswith(repr(text))
    assert "2012-02-18T11:30:00Z" in message
