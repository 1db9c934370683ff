"""The `posts` spider's arguments, checked before the first request.

Every mistake gives one line that says what was wrong and what is expected, so a
researcher or a cron log sees the cause at once instead of a traceback.
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

from ncia_scraper.dates import parse_capture_time
from ncia_scraper.extract.merge import DOORS
from ncia_scraper.sources.cdx import lower_bound, upper_bound

DEFAULT_START_URL = "https://independentaction.net/"
SOURCES = ("live", "wayback", "warc", "auto")
SNAPSHOT_MODES = ("latest", "all")


class ArgumentError(ValueError):
    """A spider argument is missing, unknown or malformed."""


@dataclass(frozen=True)
class PostsArguments:
    start_url: str
    """The blog's root, normalized to end with "/"."""
    captured_at: datetime | None
    """When the pages were captured, if the user knows it (UTC)."""
    full: bool = False
    """Fetch every page, whatever earlier runs saw (see `ncia_scraper.state.plan`)."""
    source: str = "live"
    """Where pages come from: one of SOURCES."""
    date_from: str | None = None
    """Earliest capture wanted, as a 1–14 digit Wayback timestamp prefix (inclusive)."""
    date_to: str | None = None
    """Latest capture wanted, as a 1–14 digit Wayback timestamp prefix (inclusive)."""
    snapshots: str = "latest"
    """`latest`: one capture per page; `all`: every distinct capture."""
    path: Path | None = None
    """The WARC/ARC file or folder (source=warc only)."""
    discover: frozenset[str] = frozenset(DOORS)
    """The doors the crawl finds posts through (see `ncia_scraper.extract.merge.DOORS`):
    every one the site offers by default; only `links` for archived sources, whose
    captures hold pages rather than the site's API or feeds."""


ARGUMENT_HELP = {
    "start_url": "the blog's address, e.g. https://independentaction.net/",
    "captured_at": (
        "when the pages were captured, ISO 8601 with timezone, e.g. 2012-02-18T11:30:00Z"
    ),
    "source": "where pages come from: live, wayback, warc or auto",
    "from": "earliest capture, 1–14 digits or a date, e.g. 2011 or 2011-06-01",
    "to": "latest capture, 1–14 digits or a date, e.g. 2012-06",
    "snapshots": "latest (one capture per page) or all (every distinct capture)",
    "path": "the WARC/ARC file or folder to read (source=warc)",
    "full": "true to fetch every page, whatever earlier runs saw (default false)",
    "discover": (
        "how to find posts, a comma-separated choice of links, api, feeds, sitemaps "
        "(default: all the site offers)"
    ),
}


def parse_arguments(raw: Mapping[str, str]) -> PostsArguments:
    """Validate `-a name=value` arguments; raise ArgumentError with a one-line message."""
    unknown = sorted(set(raw) - set(ARGUMENT_HELP))
    if unknown:
        known = ", ".join(ARGUMENT_HELP)
        raise ArgumentError(f"unknown argument {unknown[0]!r}; the posts spider takes: {known}")
    start_url = _site_root(raw.get("start_url", DEFAULT_START_URL))
    captured_at = None
    if raw.get("captured_at") is not None:
        try:
            captured_at = parse_capture_time(raw["captured_at"])
        except ValueError as error:
            raise ArgumentError(f"captured_at: {error}") from None
    source = raw.get("source", "live")
    if source not in SOURCES:
        raise ArgumentError(f"source must be one of {', '.join(SOURCES)}, got {source!r}")
    snapshots = raw.get("snapshots", "latest")
    if snapshots not in SNAPSHOT_MODES:
        raise ArgumentError(
            f"snapshots must be one of {', '.join(SNAPSHOT_MODES)}, got {snapshots!r}"
        )
    date_from = _timestamp_prefix("from", raw.get("from"))
    date_to = _timestamp_prefix("to", raw.get("to"))
    if date_from and date_to and lower_bound(date_from) > upper_bound(date_to):
        raise ArgumentError(f"from ({raw['from']}) is after to ({raw['to']})")
    if source == "live":
        archive_only = [name for name in ("from", "to", "snapshots") if name in raw]
        if archive_only:
            raise ArgumentError(
                f"{archive_only[0]} chooses archived captures: use it with source=wayback or warc"
            )
    path = _archive_path(raw.get("path"), source)
    discover = _doors(raw.get("discover"), source)
    return PostsArguments(
        start_url=start_url,
        captured_at=captured_at,
        source=source,
        date_from=date_from,
        date_to=date_to,
        snapshots=snapshots,
        path=path,
        full=_flag("full", raw),
        discover=discover,
    )


def _doors(value: str | None, source: str) -> frozenset[str]:
    if value is None:
        return frozenset(DOORS) if source == "live" else frozenset({"links"})
    doors = [door.strip() for door in value.split(",") if door.strip()]
    unknown = [door for door in doors if door not in DOORS]
    if unknown or not doors:
        raise ArgumentError(
            f"discover takes a comma-separated choice of {', '.join(DOORS)}, got {value!r}"
        )
    if source not in ("live", "auto") and set(doors) != {"links"}:
        raise ArgumentError(f"source={source} is read through its links only: use discover=links")
    return frozenset(doors)


_DIGITS = re.compile(r"\d{1,14}")
_DATE = re.compile(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?")


def _timestamp_prefix(name: str, value: str | None) -> str | None:
    """A `from`/`to` value as the digits of a Wayback timestamp (what CDX takes)."""
    if value is None:
        return None
    text = value.strip()
    if _DIGITS.fullmatch(text):
        digits = text
    elif match := _DATE.fullmatch(text):
        digits = "".join(part for part in match.groups() if part)
    else:
        raise ArgumentError(
            f"{name} must be 1–14 digits (yyyyMMddhhmmss) or a date like 2012-06-01, got {value!r}"
        )
    try:  # month 13 or day 32 is a typo, not a range
        datetime.strptime(lower_bound(digits), "%Y%m%d%H%M%S")
    except ValueError:
        raise ArgumentError(f"{name} is not a valid date or timestamp: {value!r}") from None
    return digits


def _archive_path(value: str | None, source: str) -> Path | None:
    if source != "warc":
        if value is not None:
            raise ArgumentError("path is read only with source=warc")
        return None
    if not value:
        raise ArgumentError("source=warc needs path=<WARC/ARC file or folder>")
    path = Path(value).expanduser()
    if not path.exists():
        raise ArgumentError(f"path does not exist: {value}")
    if path.is_file() and not os.access(path, os.R_OK):
        raise ArgumentError(f"path is not readable: {value}")
    if path.is_dir() and not os.access(path, os.R_OK | os.X_OK):
        raise ArgumentError(f"path is a folder that cannot be read: {value}")
    return path


def _flag(name: str, raw: Mapping[str, str]) -> bool:
    """A true/false argument; absent is false."""
    value = raw.get(name, "false").strip().lower()
    if value not in ("true", "false"):
        raise ArgumentError(f"{name} must be true or false, got {raw[name]!r}")
    return value == "true"


def _site_root(url: str) -> str:
    parts = urlsplit(url.strip())
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise ArgumentError(
            f"start_url must be an http(s) address such as {DEFAULT_START_URL}, got {url!r}"
        )
    try:
        parts.port  # noqa: B018 - raises ValueError on a malformed port
    except ValueError:
        raise ArgumentError(f"start_url has a malformed port: {url!r}") from None
    path = parts.path if parts.path.endswith("/") else parts.path + "/"
    return urlunsplit((parts.scheme, parts.netloc.lower(), path, "", ""))
