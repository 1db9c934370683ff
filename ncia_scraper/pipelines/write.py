"""Last pipeline: the run merged into the dataset, and the run's own changes beside it.

Guarantees:

- Dataset: `OUTPUT_DIR/posts.jsonl`, `comments.jsonl` and `tweets.jsonl` (all three, empty
  or not) hold every record the merged runs have kept, latest version, in the state's
  stable order (`ncia_scraper.state.store`), UTF-8 with real characters (no `\\u2019`
  escapes), one compact JSON object a line, keys in dataclass field order.
- Run folder `OUTPUT_DIR/runs/<run-id>/` (`ncia_scraper.state.run`): `crawl.log` from the
  start; at the end the run's new and changed records (`<stem>.jsonl`, same format) and
  `manifest.json` (`ncia_scraper.state.manifest`).
- Each record is classified against the state as it arrives: `ncia/records/<stem>/new`,
  `changed` or `unchanged`. New and changed ones go to temp files beside the output
  (`OUTPUT_DIR/.<stem>.jsonl.<pid>.tmp`, same filesystem), so the previous files stay
  untouched. Posts and comments are streamed (flushed after each line); tweets are
  buffered and stored when the spider closes, because their `seen_count` (merged by the
  deduplicating pipeline into the very objects buffered here) is final only then.
- `ncia/records/<stem>/written` counts what reached the temp files; tweets are counted
  when flushed in `close_spider`, which Scrapy runs before the `spider_closed` signal.
- On `spider_closed` (it carries the close reason, `close_spider` doesn't),
  `ncia_scraper.outcome.evaluate(reason, stats)` decides. When it says keep (a complete
  or partial run: merging only adds and updates, so a partial run loses nothing), the
  temp files become the run folder's files, the dataset is exported from the state to
  temp files, the manifest is written as pending (`state/manifest.py`), the state's
  transaction commits, the dataset files are `os.replace`d into place, and the manifest
  is renamed to `manifest.json`. Otherwise, or when writing failed before the commit, the
  state rolls back, the run's files go to `OUTPUT_DIR/incomplete/<stem>.jsonl`
  (replacing an older incomplete set), the dataset stays byte for byte, one line says
  so, and the manifest (`merged` false) is written last. The stat
  `ncia/output/committed` records which happened.
- A killed run (kill -9 at any moment) either merged nothing (its transaction is rolled
  back when the state is next opened, and the next run repeats what it had done) or was
  killed after its commit. Either way the dataset files are whole (only ever replaced by
  rename), and the next run, before it crawls, gives the killed run's folder its
  manifest (`recover_runs`: `interrupted`, or the pending one) and, after a merged run,
  exports the dataset files again; `ncia/runs/recovered` counts such folders.
- At start OUTPUT_DIR is created if needed and temp files left by dead runs (a killed
  crawl) are removed; those of live processes are left alone. An unwritable OUTPUT_DIR
  stops the crawl with one line naming the directory and the reason (`OutputDirError`).
- A write error during the crawl (disk full, …) is logged once, recorded as the stat
  `ncia/output/error`, and closes the spider with reason `output_error`.
- Every file it writes lies inside OUTPUT_DIR (`ncia_scraper.state.paths.confined`):
  names are its own, never a page's, and a link planted in OUTPUT_DIR that leads out of
  it is refused rather than written through: at start (`OutputDirError`), or at the end
  (the run is not merged, or its files stay as temp files, with one line saying why).
"""

from __future__ import annotations

import json
import logging
import os
import re
import shutil
import sqlite3
from datetime import UTC, datetime
from pathlib import Path
from typing import IO, Any, Self

import jsonlines
from itemadapter import ItemAdapter
from scrapy import signals
from scrapy.crawler import Crawler
from scrapy.utils.defer import deferred_from_coro

from ncia_scraper import outcome
from ncia_scraper.items import RECORD_TYPES
from ncia_scraper.pipelines._records import record_stem, stat_key
from ncia_scraper.pipelines.deduplicate import record_key
from ncia_scraper.state.manifest import (
    PENDING_NAME,
    FileEntry,
    finish_manifest,
    fsync_dir,
    recover_runs,
    write_manifest,
)
from ncia_scraper.state.paths import PathEscape, confined
from ncia_scraper.state.run import LOG_NAME, RUNS_DIR, Run, current_run

logger = logging.getLogger(__name__)

DEFAULT_OUTPUT_DIR = "output"
INCOMPLETE_DIR = "incomplete"
STREAMED = ("posts", "comments")
BUFFERED = ("tweets",)

_TEMP_NAME = re.compile(r"\.(?P<stem>[a-z]+)\.jsonl\.(?P<pid>\d+)\.tmp")

# Temp files open in this process: a second writer in the same process (tests, several
# crawlers in one CrawlerProcess) must neither clobber nor delete them.
_OPEN_HERE: set[Path] = set()


class OutputDirError(RuntimeError):
    """OUTPUT_DIR cannot be created or written; the message is one line for the user."""


def temp_path(output_dir: Path, stem: str, pid: int | None = None) -> Path:
    """Where this process writes `<stem>.jsonl` while the crawl runs."""
    return confined(output_dir, f".{stem}.jsonl.{os.getpid() if pid is None else pid}.tmp")


def pid_alive(pid: int) -> bool:
    """Whether a process with this PID exists (signal 0 checks without sending)."""
    if pid <= 0:
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # exists, owned by someone else
    return True


def remove_stale_temp_files(output_dir: Path) -> list[Path]:
    """Delete temp files in `output_dir` left by runs whose process is gone; return them.

    Files of live processes stay. So do this process's own files that a writer here
    still has open; its other files are leftovers of an earlier crawl in this process.
    """
    removed = []
    for path in output_dir.iterdir():
        match = _TEMP_NAME.fullmatch(path.name)
        if match is None or match["stem"] not in RECORD_TYPES or not path.is_file():
            continue
        pid = int(match["pid"])
        stale = path not in _OPEN_HERE if pid == os.getpid() else not pid_alive(pid)
        if stale:
            path.unlink(missing_ok=True)
            removed.append(path)
    return removed


def _describe(exc: OSError) -> str:
    return exc.strerror or str(exc)


def _iso(moment: datetime) -> str:
    return moment.isoformat(timespec="seconds")


class JsonLinesWriterPipeline:
    """Item pipeline writing records to JSON Lines; see the module docstring."""

    def __init__(self, crawler: Crawler, output_dir: Path) -> None:
        self.crawler = crawler
        self.stats = crawler.stats
        self.output_dir = output_dir
        self._files: dict[str, IO[bytes]] = {}
        self._writers: dict[str, jsonlines.Writer] = {}
        self._buffer: dict[str, list[Any]] = {stem: [] for stem in BUFFERED}
        self._created: list[Path] = []
        self._files_closed = False
        self._spider_closing = False
        self._finished = False
        self._error: str | None = None
        self._closing: Any = None  # the Deferred of a close this pipeline asked for
        self._run: Run | None = None

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        output_dir = Path(crawler.settings.get("OUTPUT_DIR") or DEFAULT_OUTPUT_DIR)
        pipeline = cls(crawler, output_dir)
        crawler.signals.connect(pipeline.spider_closed, signal=signals.spider_closed)
        # Connected after the RunSummary extension's, so the summary reaches the log.
        crawler.signals.connect(pipeline.engine_stopped, signal=signals.engine_stopped)
        return pipeline

    # --- start -----------------------------------------------------------------------

    def open_spider(self) -> None:
        """Create OUTPUT_DIR, clear dead runs' temp files, open this run's temp files.

        Raises `OutputDirError` (one line, also logged) when that is impossible."""
        for stem in RECORD_TYPES:
            for counter in ("written", "new", "changed", "unchanged"):
                self.stats.set_value(stat_key(stem, counter), 0)
        try:
            self.output_dir.mkdir(parents=True, exist_ok=True)
            self._open_run()
            for path in remove_stale_temp_files(self.output_dir):
                logger.info("Removed %s, left by a run that no longer exists", path)
            self._recover()
            for stem in RECORD_TYPES:
                path = temp_path(self.output_dir, stem)
                # "x": never write into a file another writer in this process holds.
                fp = path.open("xb")
                _OPEN_HERE.add(path)
                self._created.append(path)
                self._files[stem] = fp
                self._writers[stem] = jsonlines.Writer(fp, compact=True, flush=stem in STREAMED)
        except sqlite3.Error as exc:
            self._abandon()
            message = f"the state database cannot be used: {exc}"
            logger.error(message)
            raise OutputDirError(message) from None
        except PathEscape as exc:
            self._abandon()
            logger.error(str(exc))
            raise OutputDirError(str(exc)) from None
        except OSError as exc:
            self._abandon()
            if self.output_dir.exists() and not self.output_dir.is_dir():
                message = f"OUTPUT_DIR {self.output_dir} is not a folder"
            elif isinstance(exc, FileExistsError):
                message = f"OUTPUT_DIR {self.output_dir} is in use by another crawl in this process"
            else:
                message = f"OUTPUT_DIR {self.output_dir} is not writable: {_describe(exc)}"
            logger.error(message)
            raise OutputDirError(message) from None

    def _open_run(self) -> None:
        run = current_run(self.crawler)
        self._run = run
        settings = self.crawler.settings
        run.start_log(settings["LOG_LEVEL"], settings["LOG_FORMAT"], settings["LOG_DATEFORMAT"])
        self.stats.set_value("ncia/run_id", run.run_id)
        # The outcome counts these as posts the run kept, with or without fetching them.
        self.stats.set_value("ncia/state/posts_known", run.store.count("posts"))

    def _recover(self) -> None:
        """Finish the folders of runs killed before their manifest (state/manifest.py);
        after one that had merged, export the dataset files from the state again."""
        assert self._run is not None
        run = self._run
        runs_dir = confined(self.output_dir, RUNS_DIR)
        recovered = recover_runs(self.output_dir, runs_dir, run.store.merged_runs(), run.run_id)
        for item in recovered:
            if item.merged:
                logger.warning(
                    "Run %s was stopped after it merged: its manifest is finished, and the "
                    "dataset files are exported again from the state",
                    item.run_id,
                )
            else:
                logger.warning(
                    "Run %s was stopped before it merged anything: its manifest says "
                    "interrupted; this run does its work again",
                    item.run_id,
                )
        self.stats.set_value("ncia/runs/recovered", len(recovered))
        if any(item.merged for item in recovered):
            for stem in RECORD_TYPES:
                path = temp_path(self.output_dir, stem)
                self._export(stem, path, count=False)
                os.replace(path, confined(self.output_dir, f"{stem}.jsonl"))
            fsync_dir(self.output_dir)

    def _abandon(self) -> None:
        if self._run is not None:
            self._run.close_store()
            self._run.stop_log()
        self._close_files()
        for path in self._created:
            _OPEN_HERE.discard(path)
            path.unlink(missing_ok=True)
        self._created.clear()
        self._files.clear()
        self._writers.clear()

    # --- during the crawl ------------------------------------------------------------

    def process_item(self, item: Any) -> Any:
        stem = record_stem(item)
        if stem is None:
            raise TypeError(f"WritePipeline got {type(item).__name__}, not a record")
        if stem in BUFFERED:
            self._buffer[stem].append(item)
        elif self._error is None:
            self._store(stem, item)
        return item

    def _store(self, stem: str, item: Any) -> None:
        """Classify against the state; new and changed records go to the run's files."""
        assert self._run is not None
        record = ItemAdapter(item).asdict()
        key = json.dumps(record_key(item), ensure_ascii=False)
        try:
            change, _ = self._run.store.classify_and_store(stem, key, record, self._run.run_id)
        except sqlite3.Error as exc:
            self._fail(f"cannot update the state database {self._run.store.path}: {exc}")
            return
        self.stats.inc_value(stat_key(stem, change))
        if change != "unchanged":
            self._write(stem, item)

    def _write(self, stem: str, item: Any) -> None:
        try:
            self._writers[stem].write(ItemAdapter(item).asdict())
        except OSError as exc:
            self._fail(f"cannot write {temp_path(self.output_dir, stem)}: {_describe(exc)}")
            return
        self.stats.inc_value(stat_key(stem, "written"))

    def _fail(self, message: str) -> None:
        if self._error is not None:
            return
        self._error = message
        self.stats.set_value("ncia/output/error", message)
        logger.error("Output failed, closing the spider: %s", message)
        try:
            engine = self.crawler.engine
        except RuntimeError:  # not crawling (yet): nothing to close
            return
        if engine is not None and engine.spider is not None and not self._spider_closing:
            # Keep the Deferred referenced; its failure, if any, is logged by Scrapy.
            self._closing = deferred_from_coro(engine.close_spider_async(reason="output_error"))

    # --- end -------------------------------------------------------------------------

    def close_spider(self) -> None:
        """Write the buffered tweets and close the temp files (counts become final)."""
        self._spider_closing = True
        self._flush_and_close()

    def _flush_and_close(self) -> None:
        if self._files_closed:
            return
        for stem, items in self._buffer.items():
            if stem in self._writers:
                for item in items:
                    if self._error is not None:
                        break
                    self._store(stem, item)
            items.clear()
        for stem, fp in self._files.items():
            try:
                fp.flush()
                os.fsync(fp.fileno())
            except OSError as exc:
                self._fail(f"cannot write {temp_path(self.output_dir, stem)}: {_describe(exc)}")
        self._close_files()

    def _close_files(self) -> None:
        for fp in self._files.values():
            try:
                fp.close()
            except OSError as exc:
                self._fail(f"cannot close {fp.name}: {_describe(exc)}")
        self._files_closed = True

    def spider_closed(self, reason: str) -> None:
        """Decide with `outcome.evaluate` and move the temp files where they belong."""
        if self._finished or not self._files:
            return
        self._finished = True
        self._spider_closing = True
        # Normally close_spider has run already; this keeps the order (count, then
        # evaluate) even if it did not.
        self._flush_and_close()
        verdict = outcome.evaluate(reason, self.stats.get_stats())
        keep = verdict.keep_output and self._error is None
        assert self._run is not None
        try:
            if keep:
                self._commit(verdict)
            else:
                self._run.store.rollback()
                self._set_aside(verdict)
            if not self.stats.get_value("ncia/output/committed"):
                self._write_manifest(verdict)
        finally:
            for path in self._created:
                _OPEN_HERE.discard(path)
            self._run.close_store()

    def engine_stopped(self) -> None:
        if self._run is not None:
            self._run.stop_log()

    def _commit(self, verdict: outcome.Outcome) -> None:
        assert self._run is not None
        run, store = self._run, self._run.store
        merged = False
        try:
            dataset = {stem: confined(self.output_dir, f"{stem}.jsonl") for stem in RECORD_TYPES}
            # 1. The run's changes into its folder.
            for stem in RECORD_TYPES:
                os.replace(temp_path(self.output_dir, stem), run.folder / f"{stem}.jsonl")
            fsync_dir(run.folder)
            # 2. The merged dataset, exported from the state (in its open transaction).
            for stem in RECORD_TYPES:
                self._export(stem, temp_path(self.output_dir, stem))
            # 3. The manifest, pending: written before the merge, so that a kill between
            # the merge and the end leaves what the next run needs to finish the folder
            # (state/manifest.py, recover_runs).
            self.stats.set_value("ncia/output/committed", True)
            files: list[FileEntry] = [run.folder / f"{stem}.jsonl" for stem in RECORD_TYPES]
            files += [(temp_path(self.output_dir, stem), dataset[stem]) for stem in RECORD_TYPES]
            fields = self._manifest_fields(verdict)
            write_manifest(run.folder, self.output_dir, fields, files, name=PENDING_NAME)
            # 4. Merge for good.
            store.record_run(run.run_id, _iso(run.started), _iso(datetime.now(UTC)), verdict.status)
            store.commit()
            merged = True
            # 5. Install the dataset; 6. the manifest becomes final. A kill before 6
            # leaves the older dataset whole and the manifest pending: the next run
            # exports the dataset again and finishes the manifest.
            for stem in RECORD_TYPES:
                os.replace(temp_path(self.output_dir, stem), dataset[stem])
            fsync_dir(self.output_dir)
            finish_manifest(run.folder)
        except (OSError, sqlite3.Error, PathEscape) as exc:
            detail = _describe(exc) if isinstance(exc, OSError) else str(exc)
            self._error = message = f"cannot move the new files into {self.output_dir}: {detail}"
            self.stats.set_value("ncia/output/error", message)
            if merged:
                # The state has the run: it stays merged, and the next run installs the
                # dataset and finishes the manifest, as after a kill.
                logger.error("Output failed after the merge (next run completes it): %s", message)
                return
            store.rollback()
            for stem in RECORD_TYPES:
                temp_path(self.output_dir, stem).unlink(missing_ok=True)
            self.stats.set_value("ncia/output/committed", False)
            logger.error("Output failed: %s", message)
            return
        # A failed run's files are there to inspect until a complete run supersedes them.
        shutil.rmtree(self.output_dir / INCOMPLETE_DIR, ignore_errors=True)
        counts = ", ".join(
            f"{self.stats.get_value(f'ncia/dataset/{stem}', 0)} {stem}" for stem in RECORD_TYPES
        )
        logger.info(
            "Dataset in %s: %s; this run's changes in %s", self.output_dir, counts, run.folder
        )

    def _export(self, stem: str, path: Path, *, count: bool = True) -> None:
        assert self._run is not None
        lines = 0
        with path.open("w", encoding="utf-8", newline="\n") as fp:
            for line in self._run.store.lines(stem):
                fp.write(line + "\n")
                lines += 1
            fp.flush()
            os.fsync(fp.fileno())
        if count:
            self.stats.set_value(f"ncia/dataset/{stem}", lines)

    def _manifest_fields(self, verdict: outcome.Outcome) -> dict[str, Any]:
        assert self._run is not None
        run = self._run
        stats = self.stats.get_stats()
        spider = getattr(self.crawler, "spider", None)
        return {
            "run_id": run.run_id,
            "started": _iso(run.started),
            "ended": _iso(datetime.now(UTC)),
            "status": "failed" if self._error else verdict.status,
            "exit_code": outcome.EXIT_FAILED if self._error else verdict.exit_code,
            "source": getattr(spider, "source_name", "live"),
            "arguments": dict(getattr(spider, "raw_arguments", {})),
            "merged": bool(stats.get("ncia/output/committed")),
            "counts": {
                stem: {
                    counter: stats.get(stat_key(stem, counter), 0)
                    for counter in ("new", "changed", "unchanged")
                }
                | {"dataset": stats.get(f"ncia/dataset/{stem}")}
                for stem in RECORD_TYPES
            },
            "pages_failed": stats.get("ncia/pages/failed", 0) + stats.get("ncia/pages/unparsed", 0),
            "errors": run.errors,
            "problems": verdict.problems,
            "log": LOG_NAME,
        }

    def _write_manifest(self, verdict: outcome.Outcome) -> None:
        """The manifest of a run that did not merge, last: after it, the folder is final."""
        assert self._run is not None
        try:
            write_manifest(self._run.folder, self.output_dir, self._manifest_fields(verdict), [])
        except (OSError, PathEscape) as exc:
            detail = _describe(exc) if isinstance(exc, OSError) else str(exc)
            logger.error("Cannot write the manifest in %s: %s", self._run.folder, detail)

    def _set_aside(self, verdict: Any) -> None:
        self.stats.set_value("ncia/output/committed", False)
        target = self.output_dir / INCOMPLETE_DIR
        # A write error overrides a verdict that only saw the crawl's stats.
        status = "failed" if self._error else verdict.status
        why = self._error or "; ".join(verdict.problems) or f"status {status}"
        try:
            # Not through a link planted in OUTPUT_DIR (see ncia_scraper.state.paths).
            confined(self.output_dir, INCOMPLETE_DIR)
            target.mkdir(exist_ok=True)
            for stem in RECORD_TYPES:
                os.replace(temp_path(self.output_dir, stem), confined(target, f"{stem}.jsonl"))
            fsync_dir(target)
        except (OSError, PathEscape) as exc:
            logger.error(
                "Run %s (%s): previous files in %s kept; this run's files could not be"
                " moved to %s (%s) and are left as %s",
                status,
                why,
                self.output_dir,
                target,
                _describe(exc) if isinstance(exc, OSError) else str(exc),
                self.output_dir / ".<stem>.jsonl.<pid>.tmp",
            )
            return
        logger.warning(
            "Run %s (%s): previous files in %s kept; this run's files are in %s",
            status,
            why,
            self.output_dir,
            target,
        )
