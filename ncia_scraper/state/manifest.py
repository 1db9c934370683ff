"""`runs/<run-id>/manifest.json`: what a run did, for the people and programs reading it.

Guarantees: the file is written whole or not at all (temp file, fsync, `os.replace`), so
a manifest that exists is complete; a run folder without one belongs to a run that was
killed. Keys: `run_id`, `started`, `ended` (ISO 8601 UTC), `status`, `exit_code`,
`source`, `arguments`, `counts` (per record type: new, changed, unchanged, and the
dataset's total), `merged`, `pages_failed`, `errors` (each `{"url", "error"}`),
`problems`, `log` (the log file's name; it grows until the process ends, so it has no
checksum), `schema_version`, and `files`: for every record file of the run folder and
every dataset file the run installed, its path relative to OUTPUT_DIR, SHA-256 and line
count.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

MANIFEST_NAME = "manifest.json"
SCHEMA_VERSION = 1
"""The record schema's version (`ncia_scraper/items.py`); raised when a field changes."""


def describe_file(path: Path, relative_to: Path) -> dict[str, Any]:
    """Path (relative, POSIX), SHA-256 and number of lines of a file."""
    sha = hashlib.sha256()
    lines = 0
    with path.open("rb") as fp:
        for chunk in iter(lambda: fp.read(1 << 16), b""):
            sha.update(chunk)
            lines += chunk.count(b"\n")
    return {
        "path": path.relative_to(relative_to).as_posix(),
        "sha256": sha.hexdigest(),
        "lines": lines,
    }


def write_manifest(
    folder: Path,
    output_dir: Path,
    fields: Mapping[str, Any],
    files: Iterable[Path],
) -> Path:
    """Write `folder/manifest.json` atomically from `fields` plus the files' descriptions."""
    manifest = {
        **fields,
        "schema_version": SCHEMA_VERSION,
        "files": [describe_file(path, output_dir) for path in files],
    }
    target = folder / MANIFEST_NAME
    temp = folder / f".{MANIFEST_NAME}.tmp"
    with temp.open("w", encoding="utf-8") as fp:
        json.dump(manifest, fp, ensure_ascii=False, indent=2)
        fp.write("\n")
        fp.flush()
        os.fsync(fp.fileno())
    os.replace(temp, target)
    return target
