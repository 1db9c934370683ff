"""`runs/<run-id>/manifest.json`: what a run did, for the people and programs reading it.

Guarantees: the file is written whole or not at all (temp file, fsync, `os.replace`), so
a manifest that exists is complete. Keys: `run_id`, `started`, `ended` (ISO 8601 UTC),
`status`, `exit_code`, `source`, `arguments`, `counts` (per record type: new, changed,
unchanged, and the dataset's total), `merged`, `pages_failed`, `errors` (each
`{"url", "error"}`), `problems`, `log` (the log file's name; it grows until the process
ends, so it has no checksum), `schema_version`, and `files`: for every record file of the
run folder and every dataset file the run installed, its path relative to OUTPUT_DIR,
SHA-256 and line count. A manifest completed by a later run (below) also has
`recovered_by`, that run's ID.

A run that merges writes its manifest *before* it merges, as `PENDING_NAME` beside the
final name, and renames it to `manifest.json` once the dataset files are installed. So a
kill at any moment leaves its folder in one of three states, all told apart by the next
run (`recover_runs`, before it crawls):

- `manifest.json`: finished; nothing to do.
- no manifest, and the state's `runs` table lacks the run: nothing of it was merged
  (killed before its commit, or it never got that far). Its manifest is written with
  `status` `interrupted`, `merged` false, `exit_code` null and no `files`: its record
  files are not a delta to apply, and the next run redoes its work.
- no manifest, and the state has the run: it merged, then was killed before its
  dataset files and manifest were in place. The pending manifest becomes `manifest.json`
  (a run merged by an older version, without one, gets one from the state's `runs` row
  and the folder's files), and the caller re-exports the dataset files from the state.

So every run folder but the running one's ends up with a manifest, and `merged` in it is
what the state says.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from ncia_scraper.state.paths import RUN_ID, confined

logger = logging.getLogger(__name__)

MANIFEST_NAME = "manifest.json"
PENDING_NAME = ".manifest.json.pending"
"""The manifest of a run that is merging: renamed to MANIFEST_NAME once it has."""
SCHEMA_VERSION = 1
"""The record schema's version (`ncia_scraper/items.py`); raised when a field changes."""

FileEntry = Path | tuple[Path, Path]
"""A file to describe: its path, or (where to read it now, where it will be)."""


def describe_file(path: Path, relative_to: Path, shown_as: Path | None = None) -> dict[str, Any]:
    """Path (relative, POSIX; `shown_as`'s if given), SHA-256 and number of lines."""
    sha = hashlib.sha256()
    lines = 0
    with path.open("rb") as fp:
        for chunk in iter(lambda: fp.read(1 << 16), b""):
            sha.update(chunk)
            lines += chunk.count(b"\n")
    return {
        "path": (shown_as or path).relative_to(relative_to).as_posix(),
        "sha256": sha.hexdigest(),
        "lines": lines,
    }


def _describe(entry: FileEntry, relative_to: Path) -> dict[str, Any]:
    if isinstance(entry, tuple):
        return describe_file(entry[0], relative_to, shown_as=entry[1])
    return describe_file(entry, relative_to)


def _write_json(target: Path, data: Mapping[str, Any]) -> None:
    temp = target.with_name(f".{target.name}.tmp")
    with temp.open("w", encoding="utf-8") as fp:
        json.dump(data, fp, ensure_ascii=False, indent=2)
        fp.write("\n")
        fp.flush()
        os.fsync(fp.fileno())
    os.replace(temp, target)


def fsync_dir(path: Path) -> None:
    """Make the renames in `path` durable, not just the files' contents."""
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def write_manifest(
    folder: Path,
    output_dir: Path,
    fields: Mapping[str, Any],
    files: Iterable[FileEntry],
    *,
    name: str = MANIFEST_NAME,
) -> Path:
    """Write `folder/<name>` atomically from `fields` plus the files' descriptions."""
    manifest = {
        **fields,
        "schema_version": SCHEMA_VERSION,
        "files": [_describe(entry, output_dir) for entry in files],
    }
    target = confined(folder, name)
    _write_json(target, manifest)
    if name == MANIFEST_NAME:
        confined(folder, PENDING_NAME).unlink(missing_ok=True)
    return target


def finish_manifest(folder: Path) -> Path:
    """The pending manifest becomes `manifest.json` (the run is merged and installed)."""
    target = confined(folder, MANIFEST_NAME)
    os.replace(confined(folder, PENDING_NAME), target)
    fsync_dir(folder)
    return target


@dataclass(frozen=True)
class Recovered:
    run_id: str
    merged: bool


def _started(run_id: str) -> str:
    moment = datetime.strptime(run_id, "%Y%m%dT%H%M%S.%fZ").replace(tzinfo=UTC)
    return moment.isoformat(timespec="seconds")


def recover_runs(
    output_dir: Path, runs_dir: Path, merged_runs: Mapping[str, Mapping[str, str]], current: str
) -> list[Recovered]:
    """Give every run folder without a manifest (but `current`'s) its manifest, as the
    module docstring says. `merged_runs`: the state's `runs` rows by run ID (`started`,
    `ended`, `status`). Returns what it did, oldest run first."""
    if not runs_dir.is_dir():
        return []
    done = []
    for folder in sorted(runs_dir.iterdir()):
        run_id = folder.name
        if run_id == current or not RUN_ID.fullmatch(run_id) or not folder.is_dir():
            continue
        if (folder / MANIFEST_NAME).exists():
            continue
        folder = confined(runs_dir, run_id)
        pending_path = confined(folder, PENDING_NAME)
        try:
            pending = json.loads(pending_path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            pending = None  # killed before it was whole, or never written
        row = merged_runs.get(run_id)
        if row is not None:
            if pending is not None:
                manifest = {**pending, "recovered_by": current}
            else:  # merged by a version that wrote no pending manifest
                files = [folder / f for f in ("posts.jsonl", "comments.jsonl", "tweets.jsonl")]
                manifest = {
                    "run_id": run_id,
                    "started": row["started"],
                    "ended": row["ended"],
                    "status": row["status"],
                    "exit_code": None,
                    "merged": True,
                    "problems": ["the run was killed after it merged; its manifest was "
                                 "rebuilt from the state"],
                    "log": "crawl.log",
                    "recovered_by": current,
                    "schema_version": SCHEMA_VERSION,
                    "files": [describe_file(f, output_dir) for f in files if f.exists()],
                }  # fmt: skip
            _write_json(confined(folder, MANIFEST_NAME), manifest)
        else:
            base = pending or {
                "run_id": run_id,
                "started": _started(run_id),
                "source": None,
                "arguments": None,
                "counts": None,
                "pages_failed": None,
                "errors": [],
                "log": "crawl.log",
            }
            manifest = {
                **base,
                "ended": None,
                "status": "interrupted",
                "exit_code": None,
                "merged": False,
                "problems": [
                    "the run ended without finishing its manifest (killed, or stopped "
                    "before it could); nothing of it was merged, and a later run redid "
                    "its work"
                ],
                "recovered_by": current,
                "schema_version": SCHEMA_VERSION,
                "files": [],
            }
            _write_json(confined(folder, MANIFEST_NAME), manifest)
        pending_path.unlink(missing_ok=True)
        fsync_dir(folder)
        done.append(Recovered(run_id, merged=row is not None))
    return done
