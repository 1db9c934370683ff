"""One crawl at a time per OUTPUT_DIR, and a killed run's lock never blocks the next.

Guarantees:

- `RunLock(path).acquire()` takes an exclusive `flock` on `path` (created if needed) or
  raises `AlreadyRunning` at once, naming the holder's PID; it never waits.
- The kernel drops a `flock` when its process dies, however it dies (kill -9 included),
  so a lock file left by a killed run is stale by construction and taken over by the
  next run without any PID guessing; the file's text (PID, start time) is only there to
  tell the user who holds a live lock.
- `release()` (or leaving the `with` block) unlocks; the file stays, empty of meaning.
- A symbolic link in the lock's place is never followed: `acquire()` raises OSError.
"""

from __future__ import annotations

import fcntl
import os
from datetime import UTC, datetime
from pathlib import Path
from types import TracebackType
from typing import IO, Self

LOCK_NAME = ".lock"


class AlreadyRunning(RuntimeError):
    """Another live process holds the lock; the message is one line for the user."""


class RunLock:
    def __init__(self, path: Path) -> None:
        self.path = path
        self._fp: IO[str] | None = None

    def acquire(self) -> None:
        """Take the lock or raise `AlreadyRunning` without waiting."""
        # O_NOFOLLOW: a link planted in OUTPUT_DIR's place of the lock is refused (OSError)
        # rather than followed, so the PID written below never lands in some other file.
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT | os.O_NOFOLLOW | os.O_CLOEXEC, 0o644)
        fp = os.fdopen(fd, "r+", encoding="utf-8")
        try:
            fcntl.flock(fp.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            fp.seek(0)
            holder = fp.read().strip() or "another process"
            fp.close()
            raise AlreadyRunning(
                f"another crawl is already writing to {self.path.parent} ({holder}); "
                "this run stops without fetching anything"
            ) from None
        # Ours now: say who holds it, for the message a second run prints.
        fp.seek(0)
        fp.truncate()
        fp.write(f"pid {os.getpid()}, started {datetime.now(UTC).isoformat(timespec='seconds')}")
        fp.flush()
        self._fp = fp

    def release(self) -> None:
        if self._fp is not None:
            fcntl.flock(self._fp.fileno(), fcntl.LOCK_UN)
            self._fp.close()
            self._fp = None

    def __enter__(self) -> Self:
        self.acquire()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.release()
