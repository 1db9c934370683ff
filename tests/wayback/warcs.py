"""WARC files written from the replica, as a researcher's own captures would be."""

from __future__ import annotations

import gzip as gzip_module
from datetime import datetime
from io import BytesIO
from pathlib import Path

from warcio.archiveiterator import ArchiveIterator
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from tests.site.site import Site

REASONS = {200: "OK", 301: "Moved Permanently", 404: "Not Found"}


def site_paths(site: Site) -> list[str]:
    """What a capture of the site holds: pages, comment feeds, static pages, robots.txt,
    and the shortlinks of three posts (redirects)."""
    shortlinks = [f"/?p={post.post_id}" for post in site.posts[:3]]
    return [
        *site.crawled_paths(),
        *site.feed_paths(),
        *site.static_paths(),
        "/robots.txt",
        *shortlinks,
    ]


def write_warc(
    path: Path,
    site: Site,
    captured: datetime,
    *,
    gzip: bool = True,
    omit: frozenset[str] = frozenset(),
) -> Path:
    """Write every page of `site` as captured at `captured` into a WARC file."""
    with path.open("wb") as stream:
        writer = WARCWriter(stream, gzip=gzip)
        for target in site_paths(site):
            if target in omit:
                continue
            answer = site.get(target)
            headers = [("Content-Type", answer.content_type)]
            headers.append(("Content-Length", str(len(answer.body))))
            if answer.location:
                headers.append(("Location", answer.location))
            status = f"{answer.status} {REASONS.get(answer.status, 'Other')}"
            record = writer.create_warc_record(
                site.url(target),
                "response",
                payload=BytesIO(answer.body),
                http_headers=StatusAndHeaders(status, headers, protocol="HTTP/1.1"),
                warc_headers_dict={"WARC-Date": captured.strftime("%Y-%m-%dT%H:%M:%SZ")},
            )
            writer.write_record(record)
    return path


def corrupt_record(path: Path, url: str) -> None:
    """Damage the compressed bytes of the record of `url` (a gzipped WARC), keeping the
    file's other records intact."""
    data = bytearray(path.read_bytes())
    members = [i for i in range(len(data)) if data.startswith(b"\x1f\x8b\x08", i)]
    with path.open("rb") as stream:
        archive = ArchiveIterator(stream)
        for record in archive:
            if record.rec_headers.get_header("WARC-Target-URI") == url:
                start = archive.get_record_offset()
                break
        else:
            raise ValueError(f"no record of {url}")
    end = min((m for m in members if m > start), default=len(data))
    middle = (start + end) // 2
    data[middle : middle + 16] = b"\x00" * 16
    path.write_bytes(bytes(data))


def write_arc(path: Path, site: Site, captured: datetime, *, gzip: bool = False) -> Path:
    """Write every page of `site` into an ARC (version 1) file, the Internet Archive's
    format before WARC: a `filedesc` record, then one record a response, each a header
    line (URL, IP, date, content type, length) and the HTTP response as sent."""
    date = captured.strftime("%Y%m%d%H%M%S")
    version = b"1 0 InternetArchive\nURL IP-address Archive-date Content-type Archive-length\n"
    records = [(f"filedesc://{path.name} 0.0.0.0 {date} text/plain", version)]
    for target in site_paths(site):
        answer = site.get(target)
        head = [f"HTTP/1.1 {answer.status} {REASONS.get(answer.status, 'Other')}"]
        head.append(f"Content-Type: {answer.content_type}")
        head.append(f"Content-Length: {len(answer.body)}")
        if answer.location:
            head.append(f"Location: {answer.location}")
        response = ("\r\n".join(head) + "\r\n\r\n").encode() + answer.body
        mimetype = answer.content_type.split(";")[0]
        records.append((f"{site.url(target)} 127.0.0.1 {date} {mimetype}", response))
    with path.open("wb") as stream:
        for header, content in records:
            data = f"{header} {len(content)}\n".encode() + content + b"\n"
            stream.write(gzip_module.compress(data) if gzip else data)
    return path
