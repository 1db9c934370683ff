"""WARC and ARC files as a source of pages (`source=warc`): no network at all.

`WarcArchive` reads every file given (one file, or every `.warc`, `.arc`, `.warc.gz`,
`.arc.gz` in a folder), gzipped or not, with `warcio`, and files each HTTP response
record under its page's canonical URL, with its `WARC-Date` and where it sits (file and
offset), keeping no bodies in memory. A record that cannot be read is logged and counted
(`ncia/warc/corrupt`), and reading goes on at the next record.

`WarcSourceMiddleware` answers each request from the archive before any download
(returning a response from `process_request`, so nothing reaches the network, robots.txt
included); a page not in the archive is skipped (`IgnoreRequest`), so the crawl follows
links only to archived pages.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, BinaryIO

from scrapy import Request
from scrapy.crawler import Crawler
from scrapy.exceptions import IgnoreRequest
from scrapy.http import Headers, Response
from scrapy.responsetypes import responsetypes
from warcio.archiveiterator import ArchiveIterator
from warcio.recordloader import ArcWarcRecord

from ncia_scraper.extract.urls import canonical_url, classify
from ncia_scraper.sources.cdx import lower_bound, time_timestamp, upper_bound
from ncia_scraper.sources.live import (
    ARCHIVE_URL,
    CAPTURED_AT,
    FETCHED_AT,
    OLDER_CAPTURE,
    SNAPSHOT,
    SOURCE,
)
from ncia_scraper.sources.wayback import SEED_KINDS

if TYPE_CHECKING:
    from ncia_scraper.spiders.posts import PostsSpider

logger = logging.getLogger(__name__)

SUFFIXES = (".warc", ".arc", ".warc.gz", ".arc.gz")
WANTED_SNAPSHOT = "ncia_wanted_snapshot"
"""Request meta: read this capture (14-digit timestamp) rather than the newest."""
# A gzip member starts with these bytes; a plain WARC record with its version line.
_GZIP_MAGIC = b"\x1f\x8b\x08"
_WARC_START = b"WARC/1."
_ARC_START = b"\nhttp"


@dataclass(frozen=True, order=True)
class Entry:
    """One archived response: when, and where to read it again."""

    timestamp: str
    file: Path
    offset: int
    status: int = 200


class WarcArchive:
    """The response records of WARC/ARC files, by page (see the module)."""

    def __init__(
        self, path: Path, site_root: str, date_from: str | None, date_to: str | None
    ) -> None:
        self.site_root = site_root
        self.corrupt = 0
        self.records = 0
        self._low = lower_bound(date_from) if date_from else "0"
        self._high = upper_bound(date_to) if date_to else "9" * 14
        self._entries: dict[str, list[Entry]] = {}
        for file in archive_files(path):
            self._read(file)

    def pages(self) -> list[str]:
        return sorted(self._entries)

    def entries(self, url: str) -> list[Entry]:
        """Captures of the page at `url` in range, oldest first."""
        return sorted(self._entries.get(canonical_url(url, self.site_root), ()))

    def _read(self, file: Path) -> None:
        with file.open("rb") as stream:
            offset = 0
            while offset is not None:
                offset = self._read_from(file, stream, offset)

    def _read_from(self, file: Path, stream: BinaryIO, start: int) -> int | None:
        """Read records from `start`; the offset to go on from after a corrupt record,
        or None at the end of the file. Each corrupt record is counted once: when it is
        the first record of a pass, or when its own payload fails to read."""
        stream.seek(start)
        # Digests, where the record has them, catch damage warcio itself lets through
        # (it reads a damaged gzip member as a short record and only prints the error).
        archive = ArchiveIterator(stream, arc2warc=True, check_digests="raise")
        records = iter(archive)
        offset: int | None = None  # of the last record read whole in this pass
        while True:
            try:
                record = next(records)
            except StopIteration:
                return None
            except Exception as error:  # warcio raises several kinds on damaged bytes
                if offset is not None:
                    # The record after `offset` is damaged: the next pass starts on it
                    # and counts it.
                    return _next_record_start(stream, offset + 1)
                self._corrupt(file, start, error)
                return _next_record_start(stream, start + 1)
            try:
                filed = self._check(record)
            except Exception as error:
                here = _record_offset(archive, start, offset)
                self._corrupt(file, here, error)
                return _next_record_start(stream, here + 1)
            # Only now: warcio reads the record to its end to tell where it began.
            here = archive.get_record_offset()  # absolute: warcio starts at tell()
            if filed is not None:
                page, timestamp, status = filed
                self.records += 1
                self._entries.setdefault(page, []).append(Entry(timestamp, file, here, status))
            offset = here

    def _corrupt(self, file: Path, offset: int, error: Exception) -> None:
        self.corrupt += 1
        logger.warning("Skipped a corrupt record in %s at byte %d: %s", file, offset, error)

    def _check(self, record: ArcWarcRecord) -> tuple[str, str, int] | None:
        """(page, timestamp, status) of an HTTP response record in range, read whole; None for
        any other record. Raises on a damaged record."""
        if record.rec_type != "response" or record.http_headers is None:
            return None
        url = record.rec_headers.get_header("WARC-Target-URI")
        date = record.rec_headers.get_header("WARC-Date")
        if not url or not date:
            return None
        timestamp = time_timestamp(_warc_date(date))
        if not self._low <= timestamp <= self._high:
            return None
        _check_whole(record)
        status = int(record.http_headers.get_statuscode() or 0)
        return canonical_url(url, self.site_root), timestamp, status


def _check_whole(record: ArcWarcRecord) -> None:
    """Raise ValueError unless the record's payload is as long as its headers say: a
    damaged gzip member reads as a short record (warcio prints the error and goes on)."""
    payload = record.raw_stream.read()
    expected = record.length - (record.http_headers.total_len or 0)
    if record.length and len(payload) < expected:
        raise ValueError(f"record cut short: {len(payload)} of {expected} bytes")


def read_entry(entry: Entry) -> tuple[int, list[tuple[str, str]], bytes]:
    """Status, HTTP headers and body of the record at `entry`."""
    with entry.file.open("rb") as stream:
        stream.seek(entry.offset)
        record = next(iter(ArchiveIterator(stream, arc2warc=True)))
        status = int(record.http_headers.get_statuscode())
        headers = list(record.http_headers.headers)
        return status, headers, record.content_stream().read()


def archive_files(path: Path) -> list[Path]:
    """The archive files at `path`: the file itself, or a folder's, by name."""
    if path.is_file():
        return [path]
    return sorted(p for p in path.rglob("*") if p.is_file() and p.name.endswith(SUFFIXES))


def _record_offset(archive: ArchiveIterator, start: int, previous: int | None) -> int:
    """Where the damaged current record began, as well as warcio can still tell."""
    try:
        return archive.get_record_offset()
    except Exception:
        return start if previous is None else previous


def _warc_date(text: str) -> datetime:
    moment = datetime.fromisoformat(text.replace("Z", "+00:00"))
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def _next_record_start(stream: BinaryIO, start: int) -> int | None:
    """Offset of the next gzip member or WARC record after `start`, or None."""
    stream.seek(start)
    data = stream.read()
    found = [i for i in (data.find(m) for m in (_GZIP_MAGIC, _WARC_START)) if i >= 0]
    arc = data.find(_ARC_START)
    if arc >= 0:
        found.append(arc + 1)
    return start + min(found) if found else None


class WarcSource:
    """Seeds of a WARC crawl: every archived post and listing of the site."""

    name = "warc"

    def __init__(self, spider: PostsSpider) -> None:
        self.spider = spider
        assert spider.archive_path is not None  # checked with the arguments
        self.archive = WarcArchive(
            spider.archive_path, spider.site_root, spider.date_from, spider.date_to
        )
        stats = spider.crawler.stats
        stats.set_value("ncia/warc/records", self.archive.records)
        stats.set_value("ncia/warc/corrupt", self.archive.corrupt)
        logger.info(
            "WARC: %d records of %d pages, %d corrupt records skipped",
            self.archive.records,
            len(self.archive.pages()),
            self.archive.corrupt,
        )

    def snapshots_of(self, url: str) -> list[str] | None:
        """With `snapshots=all`, the timestamps of every capture of the page read."""
        if self.spider.snapshots != "all":
            return None
        return sorted({entry.timestamp for entry in self.archive.entries(url)})

    def seeds(self) -> Iterator[Request]:
        for page in self.archive.pages():
            # Pages, not redirects (a shortlink's capture): those are followed when linked.
            if not any(entry.status == 200 for entry in self.archive.entries(page)):
                continue
            if classify(page, self.spider.site_root) not in SEED_KINDS:
                continue
            yield self.spider.page_request(page)
            if self.spider.snapshots != "all":
                continue
            for entry in self.archive.entries(page)[:-1]:
                request = self.spider.page_request(page)
                request.meta[WANTED_SNAPSHOT] = entry.timestamp
                request.meta[OLDER_CAPTURE] = True
                yield request.replace(dont_filter=True)


class WarcSourceMiddleware:
    """Downloader middleware: every request answered from the archive files."""

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> WarcSourceMiddleware:
        return cls(crawler)

    def process_request(self, request: Request) -> Response | None:
        source: Any = getattr(self.crawler.spider, "source", None)
        if source is None or source.name != "warc":
            return None
        entries = source.archive.entries(request.url)
        wanted = request.meta.get(WANTED_SNAPSHOT)
        if wanted is not None:
            entries = [e for e in entries if e.timestamp == wanted]
        if not entries:
            self.crawler.stats.inc_value("ncia/warc/not_archived")
            raise IgnoreRequest(f"not in the archive: {request.url}")
        entry = entries[-1]
        status, headers, body = read_entry(entry)
        http_headers = Headers(headers)
        cls = responsetypes.from_args(headers=http_headers, url=request.url, body=body)
        request.meta[SOURCE] = "warc"
        request.meta[CAPTURED_AT] = datetime.strptime(entry.timestamp, "%Y%m%d%H%M%S").replace(
            tzinfo=UTC
        )
        request.meta[FETCHED_AT] = datetime.now(UTC)
        request.meta[SNAPSHOT] = entry.timestamp
        request.meta[ARCHIVE_URL] = f"{entry.file.name}#{entry.offset}"
        # Content-Length and Transfer-Encoding describe the original transfer, not `body`.
        for name in (b"Content-Length", b"Transfer-Encoding", b"Content-Encoding"):
            http_headers.pop(name, None)
        return cls(url=request.url, status=status, headers=http_headers, body=body, request=request)
