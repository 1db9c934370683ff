"""Date texts as 2012 components printed them, and their expected values.

Printing (what the page says):
- WordPress 3.3 `F j, Y` ("January 25, 2012") and comment "DATE at g:i a" (WP33
  `Walker_Comment::start_el`, shared reference §2); RSS `pubDate` in GMT (§4).
- Twitter API `created_at` ("Sat Nov 05 06:17:36 +0000 2011", shared reference §3).
- Relative texts, with floor rounding: the profile widget (minutes, hours, then days
  without bound, forms as in the seed: "7 hours ago", "4 days ago") and the rendered
  Disqus thread (minutes, hours, days under a week, then weeks without bound: "3 weeks
  ago"); WordPress's `human_time_diff` (rounding, "mins"), used by Twitter Widget Pro
  ("about 4 days ago") and Jetpack ("4&nbsp;days&nbsp;ago").

Expected values (what a correct crawl must produce), by plain arithmetic, never through
`ncia_scraper.dates`: see `resolve_relative`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Literal

from tests.site.model import LONDON

MONTHS = (
    "January", "February", "March", "April", "May", "June", "July", "August",
    "September", "October", "November", "December",
)  # fmt: skip
DAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")

Unit = Literal["minute", "hour", "day", "week"]


@dataclass(frozen=True)
class Relative:
    """A relative time as printed: `n` units before the capture time."""

    n: int
    unit: Unit
    text: str


@dataclass(frozen=True)
class Expected:
    """The expected (value, raw, precision) of one date field."""

    value: str | None
    raw: str | None
    precision: str | None


NO_DATE = Expected(None, None, None)


def wp_date(d: datetime | date) -> str:
    """WordPress `F j, Y`: "January 25, 2012" (no leading zero)."""
    return f"{MONTHS[d.month - 1]} {d.day}, {d.year}"


def wp_time(dt: datetime) -> str:
    """WordPress `g:i a`: "3:10 pm"."""
    hour = dt.hour % 12 or 12
    return f"{hour}:{dt.minute:02d} {'am' if dt.hour < 12 else 'pm'}"


def rfc2822(dt: datetime) -> str:
    """RSS pubDate as WordPress prints it: GMT, "+0000"."""
    u = dt.astimezone(UTC)
    return f"{DAYS[u.weekday()]}, {u.day:02d} {MONTHS[u.month - 1][:3]} {u.year} {u:%H:%M:%S} +0000"


def twitter_created_at(dt: datetime) -> str:
    """Twitter API v1 `created_at`: "Sat Nov 05 06:17:36 +0000 2011"."""
    u = dt.astimezone(UTC)
    return f"{DAYS[u.weekday()]} {MONTHS[u.month - 1][:3]} {u.day:02d} {u:%H:%M:%S} +0000 {u.year}"


def _delta_seconds(then: datetime, now: datetime) -> int:
    seconds = int((now - then).total_seconds())
    if seconds < 0:
        raise ValueError(f"{then.isoformat()} is after the capture time {now.isoformat()}")
    return seconds


def _plural(n: int, word: str) -> str:
    return f"{n} {word}" if n == 1 else f"{n} {word}s"


def twitter_relative(then: datetime, now: datetime) -> Relative:
    """Profile widget (widget.js v2) text, floor rounding, forms as in the seed."""
    s = _delta_seconds(then, now)
    if s < 3600:
        n, unit = max(1, s // 60), "minute"
    elif s < 86400:
        n, unit = s // 3600, "hour"
    else:
        n, unit = s // 86400, "day"
    return Relative(n, unit, _plural(n, unit) + " ago")


def disqus_relative(then: datetime, now: datetime) -> Relative:
    """Rendered Disqus thread text (docs/markup.md), floor rounding; weeks have no cap
    (this replica never prints months or years, whose resolution nobody agreed on)."""
    s = _delta_seconds(then, now)
    if s < 3600:
        n, unit = max(1, s // 60), "minute"
    elif s < 86400:
        n, unit = s // 3600, "hour"
    elif s < 7 * 86400:
        n, unit = s // 86400, "day"
    else:
        n, unit = s // (7 * 86400), "week"
    return Relative(n, unit, _plural(n, unit) + " ago")


def human_time_diff(then: datetime, now: datetime) -> tuple[int, Unit, str]:
    """WordPress 3.3 `human_time_diff`: round(), "1 min"/"N mins", hours, days."""
    s = _delta_seconds(then, now)
    if s <= 3600:
        n = max(1, _round(s / 60))
        return n, "minute", "1 min" if n == 1 else f"{n} mins"
    if s <= 86400:
        n = max(1, _round(s / 3600))
        return n, "hour", _plural(n, "hour")
    n = max(1, _round(s / 86400))
    return n, "day", _plural(n, "day")


def _round(x: float) -> int:
    # PHP round(): half away from zero (Python's round() is half to even).
    return int(x + 0.5)


def pro_relative(then: datetime, now: datetime) -> Relative:
    """Twitter Widget Pro: "about %s ago" (shared reference §3)."""
    n, unit, since = human_time_diff(then, now)
    return Relative(n, unit, f"about {since} ago")


def jetpack_relative(then: datetime, now: datetime) -> Relative:
    """Jetpack: "%s ago" with spaces as `&nbsp;` (docs/markup.md); `text` is the
    unescaped text with U+00A0."""
    n, unit, since = human_time_diff(then, now)
    return Relative(n, unit, f"{since} ago".replace(" ", "\u00a0"))


def squash(text: str) -> str:
    """Whitespace squashed, nbsp as a space: the `_raw` convention."""
    return " ".join(text.replace("\u00a0", " ").split())


def iso_london(dt: datetime) -> str:
    """ISO 8601 in Europe/London with its offset."""
    return dt.astimezone(LONDON).isoformat(timespec="seconds")


def resolve_relative(rel: Relative, captured_at: datetime) -> Expected:
    """The expected value of a relative text (the lead's date rules):
    days → capture date in London minus N days (day); weeks → minus 7N days (week);
    hours/minutes → capture instant minus N units, London time (hour/minute)."""
    raw = squash(rel.text)
    if rel.unit in ("day", "week"):
        days = rel.n * (7 if rel.unit == "week" else 1)
        local_date = captured_at.astimezone(LONDON).date() - timedelta(days=days)
        return Expected(local_date.isoformat(), raw, rel.unit)
    delta = timedelta(hours=rel.n) if rel.unit == "hour" else timedelta(minutes=rel.n)
    return Expected(iso_london(captured_at.astimezone(UTC) - delta), raw, rel.unit)
