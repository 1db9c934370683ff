"""Dates a page states for machines: `<time datetime="…">`, `article:published_time`.

WordPress themes print `<time datetime="2010-03-10T11:02:00+00:00">March 10, 2010</time>`
(`get_the_date('c')`: the site's wall-clock time with the site's UTC offset, to the
second). The attribute is the value; the text is what a reader saw, kept as `*_raw`.

The offset WordPress printed is kept as it is rather than recomputed in the crawl's
timezone: it is the site's own, right even when the crawl was told another timezone, and
it is what the REST API's `date`/`date_gmt` pair gives for the same post. With the offset
known, the instant in UTC is known too (`*_gmt`, with `Z`); a value without an offset is
placed in the page's timezone like any other date text, and has no `*_gmt`.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime

from ncia_scraper.dates import DateValue, parse_date
from ncia_scraper.extract.page import Page
from ncia_scraper.text import squash

__all__ = ["read_machine_date"]

# ISO 8601 as `c` and the meta tags print it: a date, a time with minutes, an offset.
_WITH_OFFSET = re.compile(
    r"^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(?P<seconds>:\d{2}(?:\.\d+)?)?(?P<offset>[+-]\d{2}:?\d{2})$"
)


def read_machine_date(
    machine: str | None, shown: str | None, page: Page
) -> tuple[DateValue, str | None]:
    """(value, UTC instant) of a machine-readable date, with `shown` (the element's text)
    as the raw text, or the machine value itself when the page shows no text.

    The UTC instant is ISO 8601 with `Z` ("2010-04-09T14:50:00Z") when `machine` has an
    offset, else None. A `machine` that is no date gives a value of None.
    """
    machine = squash(machine)
    raw = squash(shown) or machine or None
    if not machine:
        return DateValue(None, raw, None), None
    match = _WITH_OFFSET.match(machine)
    if match is not None:
        try:
            moment = datetime.fromisoformat(machine.replace(" ", "T"))
        except ValueError:
            return DateValue(None, raw, None), None
        precision = "second" if match["seconds"] else "minute"
        value = moment.isoformat(timespec="seconds")
        gmt = moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
        return DateValue(value, raw, precision), gmt
    # "Z", no offset, or a date alone: the general parser places it in the page's zone.
    parsed = parse_date(machine, captured_at=page.captured_at, timezone=page.timezone)
    gmt = None
    if machine.endswith(("Z", "z")) and parsed.value is not None:
        gmt = datetime.fromisoformat(parsed.value).astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    return DateValue(parsed.value, raw, parsed.precision), gmt
