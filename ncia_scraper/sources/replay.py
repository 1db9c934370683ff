"""The Wayback Machine's replay addresses, and undoing what replay does to a page.

The crawl asks for `/web/{timestamp}id_/{url}`: the bytes as captured, no toolbar, no
rewritten links. Where a page comes back rewritten anyway (the archive ignores `id_` on
some captures), `clean_replay` strips the injected scripts, toolbar and trailing
comment, and turns `/web/{timestamp}/{url}` links back into `{url}`, so the page reads
as the site served it (shared reference, markup.md §5).
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

REPLAY = re.compile(r"^/web/(\d{1,14})([a-z]{2}_)?/(.+)$", re.DOTALL)

_HEAD_BLOCK = re.compile(
    rb"(?:<script[^>]*>[^<]*?</script>\s*|<link[^>]*(?:banner-styles|iconochive)[^>]*>\s*)*"
    rb"<!-- End Wayback Rewrite JS Include -->\s*",
    re.IGNORECASE,
)
_TOOLBAR = re.compile(
    rb"<!-- BEGIN WAYBACK TOOLBAR INSERT -->.*?<!-- END WAYBACK TOOLBAR INSERT -->\s*",
    re.DOTALL,
)
_ARCHIVE_COMMENT = re.compile(rb"<!--\s*FILE ARCHIVED ON .*?-->\s*", re.DOTALL)
_TIMINGS_COMMENT = re.compile(rb"<!--\s*playback timings \(ms\):.*?-->\s*", re.DOTALL)
_MARKERS = (b"End Wayback Rewrite JS Include", b"WAYBACK TOOLBAR INSERT", b"FILE ARCHIVED ON")


def replay_url(base_url: str, timestamp: str, url: str, *, raw: bool = True) -> str:
    """The archive's address of `url` as captured at `timestamp` (`id_`: raw bytes)."""
    return f"{base_url.rstrip('/')}/web/{timestamp}{'id_' if raw else ''}/{url}"


def split_replay_url(url: str) -> tuple[str, str] | None:
    """(timestamp, original URL) of a replay address, or None for any other URL."""
    parts = urlsplit(url)
    target = parts.path + (f"?{parts.query}" if parts.query else "")
    match = REPLAY.match(target)
    if match is None:
        return None
    original = match.group(3)
    # Some clients collapse "http://" to "http:/" in paths; put the slash back.
    original = re.sub(r"^(https?):/(?!/)", r"\1://", original)
    return match.group(1), original


def is_rewritten(body: bytes) -> bool:
    """True when the body carries the replay's injections."""
    return any(marker in body for marker in _MARKERS)


def clean_replay(body: bytes, base_url: str) -> bytes:
    """The page without the replay's injections, its links pointing at the site again."""
    for pattern in (_HEAD_BLOCK, _TOOLBAR, _ARCHIVE_COMMENT, _TIMINGS_COMMENT):
        body = pattern.sub(b"", body)
    return _unwrap_links(body, base_url)


def _unwrap_links(body: bytes, base_url: str) -> bytes:
    host = re.escape(urlsplit(base_url).netloc.encode())
    rewritten = re.compile(
        rb"(?:https?:)?(?://(?:web\.archive\.org|" + host + rb"))?/web/\d{1,14}(?:[a-z]{2}_)?/"
        rb"(?=https?:|//)"
    )
    return rewritten.sub(b"", body)
