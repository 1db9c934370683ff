"""How a run ended, decided in one place from the crawl's stats.

The writer uses it to decide whether the new files replace the previous run's, the
summary line reports it, and the `crawl` command turns it into the exit status, so the
three always agree.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from ncia_scraper.items import RECORD_TYPES

EXIT_COMPLETE = 0
EXIT_PARTIAL = 1
EXIT_USAGE = 2
EXIT_FAILED = 3
EXIT_ALREADY_RUNNING = 4
"""Another crawl holds OUTPUT_DIR's lock; this one fetched nothing."""


@dataclass(frozen=True)
class Outcome:
    status: str
    """`complete`, `partial` (some pages failed or could not be read) or `failed`."""
    exit_code: int
    keep_output: bool
    """Whether this run is merged into the state and the dataset files. A partial run is:
    merging only adds and updates records, so what it could not fetch stays as it was."""
    problems: list[str] = field(default_factory=list)


def evaluate(reason: str, stats: Mapping[str, Any]) -> Outcome:
    """Judge a run from Scrapy's close `reason` and the `ncia/...` stats."""
    problems = []
    not_wordpress = stats.get("ncia/not_wordpress")
    if not_wordpress:
        problems.append(not_wordpress)
    if reason != "finished":
        problems.append(f"the crawl stopped before the end ({reason})")
    # Posts this run read, or kept from earlier runs without fetching them again.
    posts_written = stats.get("ncia/records/posts/written", 0) + stats.get(
        "ncia/records/posts/unchanged", 0
    )
    posts_written += stats.get("ncia/state/posts_known", 0)
    if posts_written == 0:
        problems.append("no posts were written")
    failed = stats.get("ncia/pages/failed", 0)
    if failed:
        problems.append(f"{failed} page(s) still failed after retries")
    nothing_read = failed and not (
        stats.get("ncia/pages/listing", 0) or stats.get("ncia/pages/post", 0)
    )
    if nothing_read:
        problems.append("no page could be read")
    unparsed = stats.get("ncia/pages/unparsed", 0)
    if unparsed:
        problems.append(f"{unparsed} page(s) could not be parsed")
    invalid = sum(stats.get(f"ncia/records/{stem}/invalid", 0) for stem in RECORD_TYPES)
    if invalid:
        problems.append(f"{invalid} record(s) failed validation")
    output_error = stats.get("ncia/output/error")
    if output_error:
        problems.append(f"the output could not be written: {output_error}")

    if reason != "finished" or posts_written == 0 or nothing_read or output_error:
        return Outcome("failed", EXIT_FAILED, keep_output=False, problems=problems)
    if problems:
        return Outcome("partial", EXIT_PARTIAL, keep_output=True, problems=problems)
    return Outcome("complete", EXIT_COMPLETE, keep_output=True)
