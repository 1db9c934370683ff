"""Which captures of which page an archived crawl reads.

Captures are filed under the page's canonical URL (`canonical_url`), so the archive's
`www.`, `:80` and scheme spellings of one page are one page. `latest` mode reads the
newest capture in range of each page; `all` mode every one of them.
"""

from __future__ import annotations

from collections.abc import Iterable

from ncia_scraper.extract.urls import canonical_url
from ncia_scraper.sources.cdx import Capture, lower_bound, upper_bound


class CaptureIndex:
    """Captures per page, kept in the [date_from, date_to] range."""

    def __init__(self, site_root: str, date_from: str | None, date_to: str | None) -> None:
        self.site_root = site_root
        self._low = lower_bound(date_from) if date_from else "0"
        self._high = upper_bound(date_to) if date_to else "9" * 14
        self._captures: dict[str, set[Capture]] = {}

    def add(self, captures: Iterable[Capture]) -> int:
        """File the captures in range; returns how many were new."""
        added = 0
        for capture in captures:
            if not self._low <= capture.timestamp <= self._high:
                continue
            page = canonical_url(capture.original, self.site_root)
            known = self._captures.setdefault(page, set())
            if capture not in known:
                known.add(capture)
                added += 1
        return added

    def pages(self) -> list[str]:
        """Every page with a capture, in URL order."""
        return sorted(self._captures)

    def latest(self, url: str) -> Capture | None:
        """The newest capture of the page at `url` (any spelling), or None."""
        captures = self._captures.get(canonical_url(url, self.site_root))
        return max(captures) if captures else None

    def captures(self, url: str) -> list[Capture]:
        """Every capture of the page, oldest first, one per timestamp."""
        by_time = {
            c.timestamp: c for c in self._captures.get(canonical_url(url, self.site_root), ())
        }
        return [by_time[t] for t in sorted(by_time)]

    def __len__(self) -> int:
        return len(self._captures)
