"""The date pair the WordPress REST API gives (`ncia_scraper.dates.parse_local_and_gmt`)."""

from __future__ import annotations

from zoneinfo import ZoneInfo

import pytest

from ncia_scraper.dates import NO_DATE, DateValue, parse_local_and_gmt

# ---------------------------------------------------------------- the date pair

LONDON = ZoneInfo("Europe/London")


@pytest.mark.parametrize(
    ("local", "gmt", "offset"),
    [
        # Winter in London: the two are equal.
        ("2012-03-01T10:05:09", "2012-03-01T10:05:09", "+00:00"),
        # British Summer Time.
        ("2012-07-10T23:30:00", "2012-07-10T22:30:00", "+01:00"),
        # Local midnight is the day before in UTC: the local date stays.
        ("2012-07-11T00:10:00", "2012-07-10T23:10:00", "+01:00"),
        # Sites elsewhere: quarter and half hours, west of Greenwich, the date line.
        ("2012-07-11T05:55:00", "2012-07-11T00:10:00", "+05:45"),
        ("2012-07-10T20:40:00", "2012-07-11T00:10:00", "-03:30"),
        ("2012-07-11T14:10:00", "2012-07-11T00:10:00", "+14:00"),
    ],
)
def test_date_pair_gives_the_offset_the_site_saved(local, gmt, offset):
    assert parse_local_and_gmt(local, gmt) == (
        DateValue(local + offset, local, "second"),
        gmt + "Z",
    )


def test_date_pair_needs_no_timezone_rules():
    # A site that moved from London to New York: the offset of an old post is the one
    # WordPress saved, whatever timezone the reader assumes now.
    new_york = ZoneInfo("America/New_York")
    value, _gmt = parse_local_and_gmt(
        "2012-07-10T23:30:00", "2012-07-10T22:30:00", timezone=new_york
    )
    assert value.value == "2012-07-10T23:30:00+01:00"


@pytest.mark.parametrize(
    "gmt",
    [
        None,
        "0000-00-00T00:00:00",  # WordPress's zero date
        "-0001-11-30T00:00:00",  # the zero date as PHP formats it
        "2012-07-11T20:00:00",  # local minus this is -20:30, no WordPress offset
        "2012-07-10T22:29:30",  # an offset with seconds
        "2012-07-10 22:30:00",  # not the API's form
    ],
)
def test_date_pair_without_a_usable_gmt_places_the_local_time_in_the_timezone(gmt):
    value, gmt_value = parse_local_and_gmt("2012-07-10T23:30:00", gmt, timezone=LONDON)
    assert value == DateValue("2012-07-10T23:30:00+01:00", "2012-07-10T23:30:00", "second")
    assert gmt_value is None


def test_date_pair_with_an_unreadable_local_time_keeps_the_text():
    assert parse_local_and_gmt("2012-02-30T10:00:00", "2012-02-29T10:00:00") == (
        DateValue(None, "2012-02-30T10:00:00", None),
        "2012-02-29T10:00:00Z",
    )
    assert parse_local_and_gmt(None, None) == (NO_DATE, None)
    assert parse_local_and_gmt("", None) == (NO_DATE, None)
