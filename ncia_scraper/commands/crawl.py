"""`scrapy crawl`, with arguments checked up front and an exit status cron can use.

Scrapy's own command validates nothing before the crawl starts and exits 0 whatever the
crawl found. This one (installed through the COMMANDS_MODULE setting) checks the spider's
arguments and the project's settings before any request, answering a mistake with one
line and exit status 2, and afterwards exits with the run's outcome: 0 complete,
1 partial, 3 failed (see `ncia_scraper.outcome`). While the crawl runs it holds
OUTPUT_DIR's lock (`ncia_scraper.state.lock`): a second run on the same OUTPUT_DIR
exits at once with status 4 and one line naming the holder.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path
from typing import NoReturn
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from scrapy.commands.crawl import Command as ScrapyCrawlCommand
from scrapy.exceptions import UsageError
from scrapy.settings import BaseSettings
from scrapy.spiderloader import get_spider_loader

from ncia_scraper.extensions.contact import check_contact_url
from ncia_scraper.extensions.summary import EXIT_CODE_STAT
from ncia_scraper.middlewares.conditional import pages_path_of
from ncia_scraper.outcome import EXIT_ALREADY_RUNNING, EXIT_FAILED, EXIT_USAGE
from ncia_scraper.pipelines.write import INCOMPLETE_DIR
from ncia_scraper.state.lock import LOCK_NAME, AlreadyRunning, RunLock
from ncia_scraper.state.paths import PathEscape, confined
from ncia_scraper.state.run import RUNS_DIR, state_path_of


class SettingsError(ValueError):
    """A setting cannot work; the message says which and why."""


class Command(ScrapyCrawlCommand):
    def process_options(self, args: list[str], opts: argparse.Namespace) -> None:
        # Scrapy calls this before it sets up logging and the crawler process, so a
        # mistake found here is reported alone, without the startup log around it.
        super().process_options(args, opts)
        if len(args) != 1:
            raise UsageError("name exactly one spider, e.g. 'scrapy crawl posts'")
        assert self.settings is not None
        try:
            spider_class = get_spider_loader(self.settings).load(args[0])
        except KeyError:
            self._exit_with(f"no spider named {args[0]!r}; this project has: posts")
        try:
            validate = getattr(spider_class, "validate_arguments", None)
            if validate is not None:
                validate(opts.spargs)
            check_settings(self.settings)
        except ValueError as error:
            self._exit_with(str(error))

    def run(self, args: list[str], opts: argparse.Namespace) -> None:
        assert self.crawler_process and self.settings is not None
        lock = RunLock(Path(self.settings.get("OUTPUT_DIR") or "output") / LOCK_NAME)
        try:
            lock.acquire()
        except AlreadyRunning as error:
            print(f"error: {error}", file=sys.stderr)
            self.exitcode = EXIT_ALREADY_RUNNING
            return
        except OSError as error:  # e.g. a link in the lock's place (state/lock.py)
            print(f"error: cannot take the lock {lock.path}: {error.strerror}", file=sys.stderr)
            self.exitcode = EXIT_FAILED
            return
        try:
            self._crawl(args, opts)
        finally:
            lock.release()

    def _crawl(self, args: list[str], opts: argparse.Namespace) -> None:
        assert self.crawler_process
        crawler = self._create_crawler(args[0])
        self.crawler_process.crawl(crawler, **opts.spargs)
        self.crawler_process.start()
        if self.crawler_process.bootstrap_failed:
            self.exitcode = EXIT_FAILED
        else:
            self.exitcode = crawler.stats.get_value(EXIT_CODE_STAT, EXIT_FAILED)

    @staticmethod
    def _exit_with(message: str) -> NoReturn:
        print(f"error: {message}", file=sys.stderr)
        sys.exit(EXIT_USAGE)


def check_settings(settings: BaseSettings) -> None:
    """Raise SettingsError for a setting the crawl could only fail on later."""
    # First: checking it changes nothing on disk.
    try:
        check_contact_url(settings.get("CONTACT_URL"))
    except ValueError as error:
        raise SettingsError(str(error)) from None
    output_dir = Path(settings.get("OUTPUT_DIR") or "output")
    try:
        output_dir.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise SettingsError(
            f"OUTPUT_DIR {str(output_dir)!r} cannot be created: {error.strerror}"
        ) from None
    if not output_dir.is_dir() or not os.access(output_dir, os.W_OK | os.X_OK):
        raise SettingsError(f"OUTPUT_DIR {str(output_dir)!r} is not a writable folder")
    # What the run writes in OUTPUT_DIR must stay there: no link out (state/paths.py).
    for name in (LOCK_NAME, RUNS_DIR, INCOMPLETE_DIR):
        try:
            confined(output_dir, name)
        except PathEscape as error:
            raise SettingsError(f"OUTPUT_DIR {str(output_dir)!r}: {error}") from None
    # And beside the state: SQLite's companions and the stored pages, and the state
    # itself where the user did not name it (a STATE_PATH given is theirs to place).
    state = state_path_of(settings)
    try:
        pages = pages_path_of(settings)
        names = [state.name] if not settings.get("STATE_PATH") else []
        for base in (state.name, pages.name):
            names += [f"{base}-wal", f"{base}-shm", f"{base}-journal"]
        for name in names:
            confined(state.parent, name)
    except PathEscape as error:
        raise SettingsError(f"STATE_PATH {str(state)!r}: {error}") from None
    try:
        ZoneInfo(settings.get("SITE_TIMEZONE"))
    except (ZoneInfoNotFoundError, ValueError, TypeError):
        raise SettingsError(
            f"SITE_TIMEZONE {settings.get('SITE_TIMEZONE')!r} is not a timezone name "
            "such as Europe/London"
        ) from None
