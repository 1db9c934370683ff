"""`scrapy crawl`, with arguments checked up front and an exit status cron can use.

Scrapy's own command validates nothing before the crawl starts and exits 0 whatever the
crawl found. This one (installed through the COMMANDS_MODULE setting) checks the spider's
arguments and the project's settings before any request, answering a mistake with one
line and exit status 2, and afterwards exits with the run's outcome: 0 complete,
1 partial, 3 failed (see `ncia_scraper.outcome`).
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from scrapy.commands.crawl import Command as ScrapyCrawlCommand
from scrapy.exceptions import UsageError
from scrapy.settings import BaseSettings

from ncia_scraper.extensions.summary import EXIT_CODE_STAT
from ncia_scraper.outcome import EXIT_FAILED, EXIT_USAGE


class SettingsError(ValueError):
    """A setting cannot work; the message says which and why."""


class Command(ScrapyCrawlCommand):
    def run(self, args: list[str], opts: argparse.Namespace) -> None:
        if len(args) != 1:
            raise UsageError("name exactly one spider, e.g. 'scrapy crawl posts'")
        assert self.crawler_process
        try:
            spider_class = self.crawler_process.spider_loader.load(args[0])
        except KeyError:
            self._fail(f"no spider named {args[0]!r}; this project has: posts")
            return
        try:
            validate = getattr(spider_class, "validate_arguments", None)
            if validate is not None:
                validate(opts.spargs)
            check_settings(self.settings)
        except ValueError as error:
            self._fail(str(error))
            return
        crawler = self._create_crawler(args[0])
        self.crawler_process.crawl(crawler, **opts.spargs)
        self.crawler_process.start()
        if self.crawler_process.bootstrap_failed:
            self.exitcode = EXIT_FAILED
        else:
            self.exitcode = crawler.stats.get_value(EXIT_CODE_STAT, EXIT_FAILED)

    def _fail(self, message: str) -> None:
        print(f"error: {message}", file=sys.stderr)
        self.exitcode = EXIT_USAGE


def check_settings(settings: BaseSettings) -> None:
    """Raise SettingsError for a setting the crawl could only fail on later."""
    output_dir = Path(settings.get("OUTPUT_DIR") or "output")
    try:
        output_dir.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise SettingsError(
            f"OUTPUT_DIR {str(output_dir)!r} cannot be created: {error.strerror}"
        ) from None
    if not output_dir.is_dir() or not os.access(output_dir, os.W_OK | os.X_OK):
        raise SettingsError(f"OUTPUT_DIR {str(output_dir)!r} is not a writable folder")
    try:
        ZoneInfo(settings.get("SITE_TIMEZONE"))
    except (ZoneInfoNotFoundError, ValueError, TypeError):
        raise SettingsError(
            f"SITE_TIMEZONE {settings.get('SITE_TIMEZONE')!r} is not a timezone name "
            "such as Europe/London"
        ) from None
