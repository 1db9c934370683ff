"""How fast `parse_date` reads the site's date forms, against plain `dateparser.parse`.

Run: .venv/bin/python bench/bench_dates.py [--n 2000] [--dateparser-n 200] [--repeat 3]

For each form it times three things over the same strings:
- cold: `parse_date` with its cache cleared, every string different (a crawl's many
  post and comment dates);
- warm: `parse_date` again over strings it has just seen (sidebars repeat the same
  texts on every page);
- dateparser: `dateparser.parse(text)` with its default settings, the generic way to do it
  (on the first `--dateparser-n` strings only, as it is slow).
A last row repeats a page's sidebar strings many times. Figures are strings per second,
best of `--repeat` runs; they depend on the machine and are not checked by anything.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

CAPTURED_AT = datetime(2012, 2, 18, 11, 30, tzinfo=UTC)
START = datetime(2010, 1, 1, 9, 0, tzinfo=UTC)

# What one page's sidebars hold: recent posts, recent comments, the Twitter widget.
SIDEBAR = [
    "January 25, 2012",
    "February 14, 2012 at 3:10 pm",
    "February 16, 2012",
    "February 17, 2012 at 9:42 am",
    "about 4 days ago",
    "7 hours ago",
    "an hour ago",
    "3 weeks ago",
    "yesterday",
    "less than a minute ago",
    "2 months ago",
    "Tue Feb 14 15:10:00 +0000 2012",
]


def moments(n: int) -> list[datetime]:
    """n moments on n different days, from 2010 on, with varying times of day."""
    return [START + i * timedelta(days=1, hours=7, minutes=13) for i in range(n)]


def _wordpress_day(m: datetime) -> str:
    return f"{m:%B} {m.day}, {m.year}"


def _wordpress_minute(m: datetime) -> str:
    return (
        f"{m:%B} {m.day}, {m.year} at {m.hour % 12 or 12}:{m:%M} {'pm' if m.hour >= 12 else 'am'}"
    )


def _relative(i: int) -> str:
    # Counts run far past what a page shows, only to keep every string different.
    units = ["minute", "hour", "day", "week", "month"]
    count = 2 + i // len(units)
    return f"about {count} {units[i % len(units)]}s ago"


FORMS: dict[str, Callable[[int, datetime], str]] = {
    "WordPress date": lambda i, m: _wordpress_day(m),
    "WordPress date + time": lambda i, m: _wordpress_minute(m),
    "RSS pubDate (RFC 2822)": lambda i, m: m.strftime("%a, %d %b %Y %H:%M:%S +0000"),
    "Twitter created_at": lambda i, m: m.strftime("%a %b %d %H:%M:%S +0000 %Y"),
    "ISO 8601": lambda i, m: m.isoformat(),
    "relative": lambda i, m: _relative(i),
    "other (dateparser path)": lambda i, m: m.strftime("%d/%m/%Y %H:%M"),
}


def rate(run: Callable[[], object], count: int, repeat: int, before=None) -> float:
    """Best strings/s of `repeat` runs; `before` (untimed) runs ahead of each."""
    best = float("inf")
    for _ in range(repeat):
        if before is not None:
            before()
        start = time.perf_counter()
        run()
        best = min(best, time.perf_counter() - start)
    return count / best


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--n", type=int, default=2000, help="strings per form (max 8000)")
    parser.add_argument("--dateparser-n", type=int, default=200, help="strings per form")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    n = min(args.n, 8000)  # within parse_date's cache, so that "warm" is warm
    dp_n = min(args.dateparser_n, n)

    # Runnable from a checkout without installing the package.
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
    import dateparser

    from ncia_scraper import dates

    def parse_all(texts: list[str]) -> Callable[[], None]:
        def run() -> None:
            for text in texts:
                dates.parse_date(text, captured_at=CAPTURED_AT)

        return run

    def dateparser_all(texts: list[str]) -> Callable[[], None]:
        def run() -> None:
            for text in texts:
                dateparser.parse(text)

        return run

    # Pay the one-off costs (dateparser's import and language data, the DateDataParser
    # parse_date builds per capture time) before timing anything.
    dateparser.parse("March 2012")
    dates.parse_date("March 2012", captured_at=CAPTURED_AT)

    rows = []
    all_moments = moments(n)
    for form, make in FORMS.items():
        texts = [make(i, m) for i, m in enumerate(all_moments)]
        unique = len(set(texts))
        cold = rate(
            parse_all(texts), len(texts), args.repeat, before=dates._parse_cached.cache_clear
        )
        warm = rate(parse_all(texts), len(texts), args.repeat)  # the cold run filled the cache
        plain = rate(dateparser_all(texts[:dp_n]), dp_n, args.repeat)
        rows.append((form, texts[1], unique, cold, warm, plain))

    sidebar_texts = SIDEBAR * max(1, n // len(SIDEBAR))
    dates._parse_cached.cache_clear()
    sidebar_cold = rate(
        parse_all(SIDEBAR), len(SIDEBAR), args.repeat, before=dates._parse_cached.cache_clear
    )
    sidebar_warm = rate(parse_all(sidebar_texts), len(sidebar_texts), args.repeat)
    sidebar_few = SIDEBAR * max(1, dp_n // len(SIDEBAR))
    sidebar_plain = rate(dateparser_all(sidebar_few), len(sidebar_few), args.repeat)
    rows.append(
        ("sidebar, repeated", SIDEBAR[1], len(SIDEBAR), sidebar_cold, sidebar_warm, sidebar_plain)
    )

    python = sys.version.split()[0]
    print(f"parse_date vs dateparser.parse, strings/s (best of {args.repeat}; Python {python})")
    print(f"parse_date: {n} strings per form; dateparser.parse: first {dp_n} of them\n")
    print(_line(("form", "example", "unique", "cold", "warm", "dateparser", "cold/dp")))
    print(_line(tuple("-" * width for width in _WIDTHS)))
    for form, example, unique, cold, warm, plain in rows:
        numbers = (f"{cold:,.0f}", f"{warm:,.0f}", f"{plain:,.0f}", f"{cold / plain:.0f}x")
        print(_line((form, example, str(unique), *numbers)))


_WIDTHS = (24, 34, 6, 10, 10, 10, 7)


def _line(cells: tuple[str, ...]) -> str:
    """Text columns left-aligned, numbers right-aligned."""
    return "  ".join(
        cell.ljust(width) if i < 2 else cell.rjust(width)
        for i, (cell, width) in enumerate(zip(cells, _WIDTHS, strict=True))
    )


if __name__ == "__main__":
    main()
