"""The state database: every record the runs have kept, and what the next run may skip.

An embedded SQLite file (default `OUTPUT_DIR/state.sqlite`, setting `STATE_PATH`).

Guarantees:

- One row per record identity (`deduplicate.record_key`), holding the latest version as
  the JSON line the dataset files carry, and an insertion sequence: `export` writes every
  record of a type in that order, so a record keeps its line position run after run and
  new records come after the old ones (a stable order for diffs).
- `classify_and_store` says whether a record is `new`, `changed` or `unchanged` against
  the stored version. Fields that only say when or where a record was seen
  (`VOLATILE_FIELDS`: capture and fetch times, a tweet's sightings) do not make a record
  changed; an unchanged record keeps its stored line, so a run that skips pages never
  lowers a tweet's `seen_count`.
- Everything a run stores is one transaction, opened by the first write and ended by
  `commit()` (the run's outcome allows merging) or by `rollback()`/`close()`. A killed
  process leaves no half-merged run: SQLite rolls the transaction back at the next open,
  and the next run starts from the last merged state.
- `listing_counts()` holds, per post URL, the comment count its listing showed when the
  post page was last read; `note_listing_count` stages a new one in the same transaction.
- `runs` rows say when each merged run started and ended and how; `last_status()` tells
  the spider whether the previous merged run was complete (see `spiders/posts.py`).
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any, Literal

Change = Literal["new", "changed", "unchanged"]

STATE_NAME = "state.sqlite"

VOLATILE_FIELDS: dict[str, frozenset[str]] = {
    # `found_by` says how this run found a record, which depends on the doors a run
    # walks (an incremental run walks fewer), not on the record.
    "posts": frozenset({"captured_at", "fetched_at", "found_by"}),
    "comments": frozenset({"captured_at", "found_by"}),
    "tweets": frozenset({"captured_at", "first_seen_on", "seen_count"}),
}

_SCHEMA = """
CREATE TABLE IF NOT EXISTS records (
    stem TEXT NOT NULL,
    key TEXT NOT NULL,
    seq INTEGER NOT NULL,
    line TEXT NOT NULL,
    digest TEXT NOT NULL,
    run_id TEXT NOT NULL,
    PRIMARY KEY (stem, key)
);
CREATE INDEX IF NOT EXISTS records_order ON records (stem, seq);
CREATE TABLE IF NOT EXISTS listing_counts (
    url TEXT PRIMARY KEY,
    count INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS runs (
    run_id TEXT PRIMARY KEY,
    started TEXT NOT NULL,
    ended TEXT NOT NULL,
    status TEXT NOT NULL
);
"""


def encode_line(record: Mapping[str, Any]) -> str:
    """The record's line in the dataset files: compact JSON, real characters."""
    return json.dumps(record, ensure_ascii=False, separators=(",", ":"))


def digest(stem: str, record: Mapping[str, Any]) -> str:
    """SHA-256 of the record without its volatile fields: equal digests, same content."""
    volatile = VOLATILE_FIELDS.get(stem, frozenset())
    content = {name: value for name, value in record.items() if name not in volatile}
    return hashlib.sha256(encode_line(content).encode("utf-8")).hexdigest()


class StateStore:
    """Open (creating if needed) the state database at `path`."""

    def __init__(self, path: Path) -> None:
        self.path = path
        # isolation_level=None: transactions are begun and ended here, explicitly.
        self._db = sqlite3.connect(path, isolation_level=None)
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.execute("PRAGMA synchronous=FULL")
        self._db.executescript(_SCHEMA)
        self._in_transaction = False

    # --- reading ---------------------------------------------------------------------

    def count(self, stem: str) -> int:
        (n,) = self._db.execute("SELECT COUNT(*) FROM records WHERE stem = ?", (stem,)).fetchone()
        return int(n)

    def post_urls(self) -> list[str]:
        """URLs of the stored posts (a post's key is `["post", url]`)."""
        rows = self._db.execute("SELECT key FROM records WHERE stem = 'posts'")
        return [json.loads(key)[1] for (key,) in rows]

    def post_versions(self) -> dict[str, tuple[int, str | None]]:
        """Stored post URL → (its `comment_count`, its `modified`): what an API listing
        is compared with to tell which posts changed."""
        versions = {}
        for (line,) in self._db.execute("SELECT line FROM records WHERE stem = 'posts'"):
            record = json.loads(line)
            versions[record["url"]] = (record["comment_count"], record["modified"])
        return versions

    def listing_counts(self) -> dict[str, int]:
        return dict(self._db.execute("SELECT url, count FROM listing_counts"))

    def last_status(self) -> str | None:
        """The status of the latest merged run, or None before the first."""
        row = self._db.execute("SELECT status FROM runs ORDER BY ended DESC LIMIT 1").fetchone()
        return None if row is None else str(row[0])

    def merged_runs(self) -> dict[str, dict[str, str]]:
        """Every merged run's `started`, `ended` and `status`, by run ID."""
        rows = self._db.execute("SELECT run_id, started, ended, status FROM runs")
        return {
            run_id: {"started": started, "ended": ended, "status": status}
            for run_id, started, ended, status in rows
        }

    def lines(self, stem: str) -> Iterator[str]:
        """Every stored record of a type, as dataset lines, in stable order."""
        for (line,) in self._db.execute(
            "SELECT line FROM records WHERE stem = ? ORDER BY seq", (stem,)
        ):
            yield line

    # --- writing (one transaction per run) -------------------------------------------

    def _begin(self) -> None:
        if not self._in_transaction:
            self._db.execute("BEGIN IMMEDIATE")
            self._in_transaction = True

    def classify_and_store(
        self, stem: str, key: str, record: Mapping[str, Any], run_id: str
    ) -> tuple[Change, str]:
        """Store `record` unless unchanged; return the change and the line to publish."""
        self._begin()
        new_digest = digest(stem, record)
        row = self._db.execute(
            "SELECT digest, line FROM records WHERE stem = ? AND key = ?", (stem, key)
        ).fetchone()
        if row is not None and row[0] == new_digest:
            return "unchanged", str(row[1])
        line = encode_line(record)
        if row is None:
            self._db.execute(
                "INSERT INTO records (stem, key, seq, line, digest, run_id) VALUES "
                "(?, ?, (SELECT COALESCE(MAX(seq), 0) + 1 FROM records), ?, ?, ?)",
                (stem, key, line, new_digest, run_id),
            )
            return "new", line
        self._db.execute(
            "UPDATE records SET line = ?, digest = ?, run_id = ? WHERE stem = ? AND key = ?",
            (line, new_digest, run_id, stem, key),
        )
        return "changed", line

    def note_listing_count(self, url: str, count: int) -> None:
        self._begin()
        self._db.execute(
            "INSERT INTO listing_counts (url, count) VALUES (?, ?) "
            "ON CONFLICT (url) DO UPDATE SET count = excluded.count",
            (url, count),
        )

    def record_run(self, run_id: str, started: str, ended: str, status: str) -> None:
        self._begin()
        self._db.execute(
            "INSERT OR REPLACE INTO runs (run_id, started, ended, status) VALUES (?, ?, ?, ?)",
            (run_id, started, ended, status),
        )

    def commit(self) -> None:
        """Make the run's records durable, all at once."""
        if self._in_transaction:
            self._db.execute("COMMIT")
            self._in_transaction = False

    def rollback(self) -> None:
        """Forget everything stored since the last commit."""
        if self._in_transaction:
            self._db.execute("ROLLBACK")
            self._in_transaction = False

    def close(self) -> None:
        self.rollback()
        self._db.close()
