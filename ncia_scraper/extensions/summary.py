"""The run's one-line summary, and the exit status the `crawl` command returns.

It runs when the engine has stopped, after the writer has committed (or kept aside) the
files, so the counts it prints are the final ones.
"""

from __future__ import annotations

import logging

from scrapy import signals
from scrapy.crawler import Crawler

from ncia_scraper.items import RECORD_TYPES
from ncia_scraper.outcome import evaluate

logger = logging.getLogger(__name__)

EXIT_CODE_STAT = "ncia/exit_code"


class RunSummary:
    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler
        crawler.signals.connect(self.engine_stopped, signal=signals.engine_stopped)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> RunSummary:
        return cls(crawler)

    def engine_stopped(self) -> None:
        stats = self.crawler.stats.get_stats()
        outcome = evaluate(stats.get("finish_reason", "unknown"), stats)
        self.crawler.stats.set_value(EXIT_CODE_STAT, outcome.exit_code)
        line = summary_line(outcome.status, stats, self.crawler.settings["OUTPUT_DIR"])
        if outcome.problems:
            line += ": " + "; ".join(outcome.problems)
        # A plain print as well as the log: the summary must reach a cron mail or a
        # terminal whatever LOG_LEVEL the user chose.
        print(line, flush=True)
        logger.info(line)


def summary_line(status: str, stats: dict, output_dir: str) -> str:
    """`ncia-scraper <status>: pages read, the dataset's records (this run's, when it was
    not merged), errors; what this run added, changed and skipped; where the files are`."""
    listing = stats.get("ncia/pages/listing", 0)
    post_pages = stats.get("ncia/pages/post", 0)
    errors = stats.get("ncia/pages/failed", 0) + stats.get("ncia/pages/unparsed", 0)
    records = ", ".join(
        f"{stats.get(f'ncia/dataset/{stem}', stats.get(f'ncia/records/{stem}/written', 0))} {stem}"
        for stem in RECORD_TYPES
    )
    changes = [
        sum(stats.get(f"ncia/records/{stem}/{counter}", 0) for stem in RECORD_TYPES)
        for counter in ("new", "changed", "unchanged")
    ]
    return (
        f"ncia-scraper {status}: {listing + post_pages} pages ({listing} listing, "
        f"{post_pages} post), {records}, {errors} errors; "
        f"{stats.get('ncia/crawl_mode', 'full')} run: {changes[0]} new, {changes[1]} changed, "
        f"{changes[2]} unchanged records, {stats.get('ncia/posts/skipped', 0)} posts not "
        f"fetched; files in {output_dir}, run {stats.get('ncia/run_id', '-')}"
    )
