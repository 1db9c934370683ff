"""The Wayback Machine's CDX API: the query that lists a site's captures, and its answer.

A query covers every page under the site root in one prefix query: the archive keys
captures by SURT, which already folds `www.` and `:80`, and the `original` spellings
that still differ are folded by the caller (`canonical_url`). Only answers that were
pages (status 200) of the kinds the crawl reads (HTML, and the XML comment feeds that
date comments) are listed; `collapse=digest` drops captures identical to the one
before. A large answer comes in pages: after the rows, an empty row and then a row
holding the resume key to send back.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import UTC, datetime
from urllib.parse import urlencode, urlsplit

CDX_PATH = "/cdx/search/cdx"
FIELDS = ("urlkey", "timestamp", "original", "mimetype", "statuscode", "digest")
# HTML pages, and comment feeds (served as text/xml by WordPress 3.3) for comment dates.
MIMETYPES = r"text/html|text/xml|application/xml|application/rss\+xml|application/atom\+xml"


@dataclass(frozen=True, order=True)
class Capture:
    """One capture of one URL, as the CDX API lists it."""

    timestamp: str
    """14 digits, `yyyyMMddhhmmss`, UTC."""
    original: str
    """The URL as the archive's crawler fetched it (any `www.`/`:80`/scheme spelling)."""
    mimetype: str = "text/html"
    digest: str = ""


def cdx_url(
    base_url: str,
    site_root: str,
    *,
    date_from: str | None,
    date_to: str | None,
    limit: int,
    resume_key: str | None = None,
) -> str:
    """The CDX query for every capture under `site_root` in [date_from, date_to]."""
    root = urlsplit(site_root)
    host = (root.hostname or "").removeprefix("www.")
    params: list[tuple[str, str]] = [
        ("url", f"{host}{root.path or '/'}"),
        ("matchType", "prefix"),
        ("output", "json"),
        ("fl", ",".join(FIELDS)),
        ("filter", "statuscode:200"),
        ("filter", f"mimetype:{MIMETYPES}"),
        ("collapse", "digest"),
        ("limit", str(limit)),
        ("showResumeKey", "true"),
    ]
    if date_from:
        params.append(("from", date_from))
    if date_to:
        params.append(("to", date_to))
    if resume_key:
        params.append(("resumeKey", resume_key))
    return f"{base_url.rstrip('/')}{CDX_PATH}?{urlencode(params)}"


def parse_cdx(body: bytes) -> tuple[list[Capture], str | None]:
    """The captures of one CDX answer (JSON, header row first) and its resume key, if any.

    Raises ValueError when the answer is not the JSON table the API gives."""
    text = body.decode("utf-8").strip()
    if not text:
        return [], None  # the API answers an empty body when nothing matches
    rows = json.loads(text)
    if not isinstance(rows, list) or not rows or not isinstance(rows[0], list):
        raise ValueError("not a CDX JSON table")
    header, *rest = rows
    resume_key = None
    if len(rest) >= 2 and rest[-2] == [] and len(rest[-1]) == 1:
        resume_key = str(rest[-1][0])
        rest = rest[:-2]
    column = {name: i for i, name in enumerate(header)}
    for needed in ("timestamp", "original"):
        if needed not in column:
            raise ValueError(f"CDX answer has no {needed!r} column")
    captures = []
    for row in rest:
        if not row:
            continue
        captures.append(
            Capture(
                timestamp=str(row[column["timestamp"]]),
                original=str(row[column["original"]]),
                mimetype=str(row[column["mimetype"]]) if "mimetype" in column else "",
                digest=str(row[column["digest"]]) if "digest" in column else "",
            )
        )
    return captures, resume_key


def timestamp_time(timestamp: str) -> datetime:
    """The instant a 14-digit Wayback timestamp names (UTC)."""
    return datetime.strptime(timestamp[:14].ljust(14, "0"), "%Y%m%d%H%M%S").replace(tzinfo=UTC)


def time_timestamp(moment: datetime) -> str:
    """A moment as a 14-digit Wayback timestamp (UTC)."""
    return moment.astimezone(UTC).strftime("%Y%m%d%H%M%S")


def lower_bound(prefix: str) -> str:
    """The earliest 14-digit timestamp a prefix covers ("2011" → "20110101000000")."""
    return (prefix + "00000101000000"[len(prefix) :])[:14] if len(prefix) < 14 else prefix


def upper_bound(prefix: str) -> str:
    """A 14-digit string no less than any timestamp the prefix covers ("2012" →
    "20129999999999"): compared as text, it bounds the range from above."""
    return prefix.ljust(14, "9")
