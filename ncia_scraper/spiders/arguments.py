"""The `posts` spider's arguments, checked before the first request.

Every mistake gives one line that says what was wrong and what is expected, so a
researcher or a cron log sees the cause at once instead of a traceback.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from urllib.parse import urlsplit, urlunsplit

from ncia_scraper.dates import parse_capture_time

DEFAULT_START_URL = "https://independentaction.net/"


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


ARGUMENT_HELP = {
    "start_url": "the blog's address, e.g. https://independentaction.net/",
    "captured_at": (
        "when the pages were captured, ISO 8601 with timezone, e.g. 2012-02-18T11:30:00Z"
    ),
    "full": "true to fetch every page, whatever earlier runs saw (default false)",
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
    return PostsArguments(start_url=start_url, captured_at=captured_at, full=_flag("full", raw))


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
