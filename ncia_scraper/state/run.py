"""One run of a crawler: its ID, its folder, its log file, its state and its errors.

Guarantees:

- `current_run(crawler)` gives the same `Run` to every component of one crawler (writer,
  spider, summary), created on first use: run ID `YYYYmmddTHHMMSS.ffffffZ` (UTC, sortable,
  unique for runs one after another), folder `OUTPUT_DIR/runs/<run-id>/` created at
  once, and the state database opened (`STATE_PATH`, default `OUTPUT_DIR/state.sqlite`).
- Paths are built only from settings and the generated run ID, never from page data, so
  nothing a site serves can place a file outside OUTPUT_DIR; the run folder is checked by
  `ncia_scraper.state.paths` (a run ID of the generated form only, and no link out of
  OUTPUT_DIR on the way), `PathEscape` otherwise.
- `start_log()` copies every log record of the process, at the crawl's LOG_LEVEL, to
  `runs/<run-id>/crawl.log` (besides the console) until `stop_log()`, which the writer
  calls when the engine has stopped, after the summary line.
- `note_error(url, reason)` collects the failures the manifest lists with their URLs.
"""

from __future__ import annotations

import logging
import weakref
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from scrapy.crawler import Crawler

from ncia_scraper.state.paths import check_run_id, confined
from ncia_scraper.state.store import STATE_NAME, StateStore

logger = logging.getLogger(__name__)

RUNS_DIR = "runs"
LOG_NAME = "crawl.log"

_RUNS: weakref.WeakKeyDictionary[Crawler, Run] = weakref.WeakKeyDictionary()


def output_dir_of(settings: Any) -> Path:
    return Path(settings.get("OUTPUT_DIR") or "output")


def state_path_of(settings: Any) -> Path:
    configured = settings.get("STATE_PATH")
    return Path(configured) if configured else output_dir_of(settings) / STATE_NAME


@dataclass
class Run:
    run_id: str
    started: datetime
    folder: Path
    store: StateStore
    errors: list[dict[str, str]] = field(default_factory=list)
    _log_handler: logging.Handler | None = None

    def note_error(self, url: str, reason: str) -> None:
        self.errors.append({"url": url, "error": reason})

    def start_log(self, level: int | str, fmt: str, datefmt: str) -> None:
        if self._log_handler is not None:
            return
        handler = logging.FileHandler(self.folder / LOG_NAME, encoding="utf-8")
        handler.setLevel(level)
        handler.setFormatter(logging.Formatter(fmt, datefmt))
        logging.getLogger().addHandler(handler)
        self._log_handler = handler
        logger.info("Run %s: log and changes in %s", self.run_id, self.folder)

    def stop_log(self) -> None:
        if self._log_handler is not None:
            logging.getLogger().removeHandler(self._log_handler)
            self._log_handler.close()
            self._log_handler = None

    def close_store(self) -> None:
        """Close the state database, rolling back anything uncommitted."""
        self.store.close()


def current_run(crawler: Crawler) -> Run:
    """The crawler's run, created on first call (see the module docstring)."""
    run = _RUNS.get(crawler)
    if run is None:
        started = datetime.now(UTC)
        run_id = check_run_id(started.strftime("%Y%m%dT%H%M%S.%fZ"))
        folder = confined(output_dir_of(crawler.settings), RUNS_DIR, run_id)
        folder.mkdir(parents=True, exist_ok=False)
        state_path = state_path_of(crawler.settings)
        state_path.parent.mkdir(parents=True, exist_ok=True)
        run = Run(run_id, started, folder, StateStore(state_path))
        _RUNS[crawler] = run
    return run
