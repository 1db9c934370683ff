"""Every file a run writes stays inside the folders the user configured.

The user chooses two places: OUTPUT_DIR (the dataset, `runs/`, `incomplete/`, the lock)
and STATE_PATH (the state database; files beside it, such as SQLite's `-wal` and the
stored pages of `ncia_scraper.middlewares.conditional`, go in its folder). Everything
below them is named by this program; nothing a site serves or an argument says becomes
part of a path. This module makes that a checked rule rather than a habit.

Guarantees:

- `confined(base, *names)` returns `base / name / ...` only when every name is one plain
  path component (not empty, `.` or `..`; no `/`, `\\` or NUL; not absolute) and the
  result, with symbolic links resolved, still lies inside `base` (also resolved). So a
  name like `../x` or `/etc/passwd`, and a link planted inside OUTPUT_DIR that points
  elsewhere (`runs -> /tmp/elsewhere`), raise `PathEscape` instead of being written
  through. `base` itself may be a link: it is what the user configured.
- `check_run_id(value)` accepts only the generated form `YYYYmmddTHHMMSS.ffffffZ`
  (`PathEscape` otherwise), so a run ID can only ever name one folder inside `runs/`.
- `PathEscape` is a `ValueError` whose message is one line for the user.
"""

from __future__ import annotations

import re
from pathlib import Path

RUN_ID = re.compile(r"\d{8}T\d{6}\.\d{6}Z")


class PathEscape(ValueError):
    """A path would leave its configured folder; the message says which and where."""


def check_run_id(value: str) -> str:
    if not isinstance(value, str) or not RUN_ID.fullmatch(value):
        raise PathEscape(f"refusing run ID {value!r}: not of the form YYYYmmddTHHMMSS.ffffffZ")
    return value


def _plain(name: str) -> bool:
    return (
        isinstance(name, str)
        and name not in ("", ".", "..")
        and not any(char in name for char in "/\\\0")
    )


def confined(base: Path, *names: str) -> Path:
    """`base / names...`, or `PathEscape` if that would leave `base` (see the module)."""
    for name in names:
        if not _plain(name):
            raise PathEscape(f"refusing to write {name!r} in {base}: not a plain file name")
    path = base.joinpath(*names)
    root = base.resolve()
    real = path.resolve()
    if real != root and root not in real.parents:
        raise PathEscape(f"refusing to write {path}: it leads to {real}, outside {base}")
    return path
