"""Untrusted XML (extract/xmlsafe.py): what is parsed, and everything that is refused.

Fixtures in tests/fixtures/xml/ (see its README): `wp61_*` were served by WordPress 6.1 on
loopback; the attacks wrap the real feed's start tag.
"""

from __future__ import annotations

import ctypes
import gzip
import os
import socket
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from lxml import etree

from ncia_scraper.extract.xmlsafe import (
    DEFAULT_MAX_XML_BYTES,
    MalformedXml,
    OversizedXml,
    UnexpectedXml,
    UnsafeXml,
    XmlRejected,
    gunzip_capped,
    local_name,
    parse_untrusted_xml,
    require_root,
)

FIXTURES = Path(__file__).parent / "fixtures" / "xml"


def fixture(name: str) -> bytes:
    return (FIXTURES / name).read_bytes()


def rejection(data: bytes | str, **options: int) -> XmlRejected:
    with pytest.raises(XmlRejected) as caught:
        parse_untrusted_xml(data, **options)
    message = str(caught.value)
    assert message and "\n" not in message
    return caught.value


def feed_with_doctype(doctype: str, title: str = "Tenants organise (159)") -> str:
    return (
        f'<?xml version="1.0" encoding="UTF-8"?>{doctype}<rss version="2.0"><channel>'
        f"<item><title>{title}</title></item></channel></rss>"
    )


# --- accepted ----------------------------------------------------------------------------


def test_a_real_wordpress_feed_parses() -> None:
    root = parse_untrusted_xml(fixture("wp61_feed.xml"))
    assert root.tag == "rss"
    assert len(root.findall("channel/item")) == 10


def test_text_is_parsed_as_the_text_it_is_whatever_the_declaration_says() -> None:
    text = '<?xml version="1.0" encoding="ISO-8859-1"?><rss><title>Siân</title></rss>'
    assert parse_untrusted_xml(text).findtext("title") == "Siân"
    assert parse_untrusted_xml(text.encode("iso-8859-1")).findtext("title") == "Siân"


def test_utf16_documents_parse() -> None:
    text = '<?xml version="1.0" encoding="UTF-16"?><rss><title>Siân</title></rss>'
    assert parse_untrusted_xml(text.encode("utf-16")).findtext("title") == "Siân"


def test_comments_and_processing_instructions_are_dropped() -> None:
    # Yoast ends its sitemaps with a comment and starts them with a stylesheet.
    root = parse_untrusted_xml(fixture("yoast_sitemap_index.xml"))
    assert [local_name(child) for child in root] == ["sitemap"] * 6
    assert root.getprevious() is None and root.getnext() is None


def test_require_root() -> None:
    root = parse_untrusted_xml(fixture("wp61_sitemap_error.xml"))
    assert require_root(root, {"error"}, "an error") == "error"
    with pytest.raises(UnexpectedXml, match=r"^not a sitemap: the root element is <error>$"):
        require_root(root, {"urlset", "sitemapindex"}, "a sitemap")


# --- size ------------------------------------------------------------------------------


def test_the_size_cap_counts_bytes() -> None:
    feed = fixture("wp61_feed.xml")
    assert parse_untrusted_xml(feed, max_bytes=len(feed)) is not None
    error = rejection(feed, max_bytes=len(feed) - 1)
    assert isinstance(error, OversizedXml) and error.reason == "oversized"
    assert str(error) == f"XML body of {len(feed)} bytes is over the cap of {len(feed) - 1} bytes"
    # Text is measured as UTF-8, the bytes it is parsed as: "â" is two.
    text = "<a>Siân</a>"
    assert isinstance(rejection(text, max_bytes=len(text)), OversizedXml)


def test_a_body_over_the_default_cap_is_refused_before_parsing() -> None:
    body = b"<rss>" + b" " * DEFAULT_MAX_XML_BYTES + b"</rss>"
    started = time.perf_counter()
    assert isinstance(rejection(body), OversizedXml)
    assert time.perf_counter() - started < 0.5


# --- DOCTYPEs: entity bombs, external entities, external DTDs ----------------------------


def test_billion_laughs_is_refused_at_once() -> None:
    started = time.perf_counter()
    error = rejection(fixture("billion_laughs.xml"))
    assert time.perf_counter() - started < 0.5
    assert isinstance(error, UnsafeXml) and error.reason == "unsafe"
    assert str(error) == (
        "unsafe XML: a DOCTYPE ('rss') is refused; entity declarations and external DTDs "
        "are what XML attacks use, and WordPress sends none"
    )


def test_billion_laughs_in_an_attribute_is_refused() -> None:
    # libxml2 expands entities in attribute values even when told not to substitute them.
    levels = "".join(f'<!ENTITY l{n} "{f"&l{n - 1};" * 10 if n else "lol"}">' for n in range(10))
    doc = f'<!DOCTYPE rss [{levels}]><rss version="&l9;"/>'
    assert isinstance(rejection(doc), UnsafeXml)


def test_the_committed_xxe_fixture_is_refused_without_the_file() -> None:
    error = rejection(fixture("xxe_file_entity.xml"))
    assert isinstance(error, UnsafeXml)
    assert "root:" not in str(error)


def test_an_external_dtd_or_parameter_entity_is_not_fetched() -> None:
    with socket.socket() as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen()
        listener.settimeout(0.2)
        port = listener.getsockname()[1]
        for doctype in (
            f'<!DOCTYPE rss SYSTEM "http://127.0.0.1:{port}/rss.dtd">',
            f'<!DOCTYPE rss [<!ENTITY % remote SYSTEM "http://127.0.0.1:{port}/x.dtd"> %remote;]>',
            f'<!DOCTYPE rss PUBLIC "-//X//DTD RSS//EN" "http://127.0.0.1:{port}/rss.dtd">',
        ):
            assert isinstance(rejection(feed_with_doctype(doctype)), UnsafeXml)
        with pytest.raises(TimeoutError):
            listener.accept()
    assert isinstance(rejection(fixture("xxe_external_dtd.xml")), UnsafeXml)


def test_a_harmless_doctype_is_refused_too() -> None:
    # WordPress never prints one; whatever a DOCTYPE brings is not worth the risk.
    assert isinstance(rejection(feed_with_doctype("<!DOCTYPE rss>")), UnsafeXml)
    assert parse_untrusted_xml(feed_with_doctype("")) is not None


@pytest.mark.parametrize(
    "prolog",
    [
        "",
        '<?xml version="1.0"?>\n',
        "\ufeff",
        '<?xml version="1.0"?><!-- a <!DOCTYPE in a comment --><?pi x?>\n\t ',
    ],
    ids=["bare", "declaration", "bom", "comments-and-pis"],
)
def test_a_doctype_is_found_behind_whatever_may_precede_it(prolog: str) -> None:
    doc = prolog + '<!DOCTYPE rss [<!ENTITY a "b">]><rss>&a;</rss>'
    assert isinstance(rejection(doc.encode("utf-8")), UnsafeXml)


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le", "utf-16-be", "utf-32"])
def test_a_doctype_in_a_wide_encoding_is_refused(encoding: str) -> None:
    doc = '<?xml version="1.0" encoding="UTF-16"?><!DOCTYPE rss [<!ENTITY a "b">]><rss>&a;</rss>'
    if encoding == "utf-32":
        doc = doc.replace("UTF-16", "UTF-32")
    assert isinstance(rejection(doc.encode(encoding)), UnsafeXml)


def test_a_doctype_smuggled_in_utf7_is_refused_after_parsing() -> None:
    # No "<!DOCTYPE" in the bytes ("+ADw-" is "<" in UTF-7): the parser meets it, keeps
    # the entity unexpanded, and the document is refused once parsed.
    data = fixture("xxe_utf7_smuggled.xml")
    assert b"<!DOCTYPE" not in data
    error = rejection(data)
    assert isinstance(error, UnsafeXml)
    assert "root:" not in str(error)


def test_an_html_page_is_malformed_not_an_attack() -> None:
    error = rejection(fixture("wp61_html_404_page.html"))
    assert isinstance(error, MalformedXml) and error.reason == "malformed"
    assert str(error) == "not XML: an HTML page (<!DOCTYPE html>)"


# --- proof that an external entity's file is never opened --------------------------------


@contextmanager
def opens_of(path: Path) -> Iterator[list[int]]:
    """Yields a list that holds, after the block, how many times `path` was opened
    (Linux inotify: libxml2 opens files in C, out of Python's sight)."""
    if not sys.platform.startswith("linux"):
        pytest.skip("inotify is Linux's")
    libc = ctypes.CDLL(None, use_errno=True)
    in_open, event_size = 0x20, 16  # IN_OPEN; struct inotify_event without a name
    watcher = libc.inotify_init1(os.O_NONBLOCK)
    if watcher < 0 or libc.inotify_add_watch(watcher, bytes(path), in_open) < 0:
        pytest.skip("inotify unavailable")
    count: list[int] = []
    try:
        yield count
        try:
            count.append(len(os.read(watcher, 4096)) // event_size)
        except BlockingIOError:
            count.append(0)
    finally:
        os.close(watcher)


def test_an_external_file_entity_is_never_opened(tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP-SECRET-1234", encoding="utf-8")
    doctype = f'<!DOCTYPE rss [<!ENTITY xxe SYSTEM "{secret.as_uri()}">]>'
    doc = feed_with_doctype(doctype, title="&xxe;").encode()
    # The control: an XML parser left to its defaults does read the file.
    with opens_of(secret) as opened:
        naive = etree.fromstring(doc, etree.XMLParser(resolve_entities=True))
    assert naive.findtext("channel/item/title") == "TOP-SECRET-1234" and opened[0] >= 1

    with opens_of(secret) as opened:
        error = rejection(doc)
    assert isinstance(error, UnsafeXml) and "TOP-SECRET" not in str(error)
    assert opened == [0]

    # Past the DOCTYPE check (UTF-7), the parser itself does not open it either.
    smuggled = fixture("xxe_utf7_smuggled.xml").replace(
        b"file:///etc/passwd", secret.as_uri().encode()
    )
    with opens_of(secret) as opened:
        assert isinstance(rejection(smuggled), UnsafeXml)
    assert opened == [0]


# --- malformed ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "malformed XML: Document is empty, line 1, column 1"),
        (b"   \n", None),
        (b"not xml at all", "malformed XML: Start tag expected, '<' not found, line 1, column 1"),
        (b"<rss><channel></rss>", None),
        (b"<rss>" + b"<x>" * 5000 + b"</x>" * 5000 + b"</rss>", None),
        (b"<html><body><p>&nbsp;</p></body></html>", None),
        (b'<?xml version="1.0" encoding="x-unknown"?><rss/>', None),
    ],
    ids=["empty", "blank", "text", "mismatched", "too-deep", "html-entity", "bad-encoding"],
)
def test_malformed_documents_are_refused(data: bytes, message: str | None) -> None:
    error = rejection(data)
    assert isinstance(error, MalformedXml)
    if message is not None:
        assert str(error) == message


def test_a_truncated_feed_is_refused_not_recovered() -> None:
    # Recovery would hand back the first items as if they were the whole page.
    error = rejection(fixture("wp61_feed_truncated.xml"))
    assert isinstance(error, MalformedXml)
    assert str(error).startswith("malformed XML: ")


# --- gzip ------------------------------------------------------------------------------


def test_gunzip_capped() -> None:
    sitemap = fixture("yoast_post_sitemap.xml")
    packed = gzip.compress(sitemap)
    assert gunzip_capped(packed) == sitemap
    assert gunzip_capped(packed, max_bytes=len(sitemap)) == sitemap
    with pytest.raises(OversizedXml, match=r"^gzip file inflates past the cap of 100 bytes$"):
        gunzip_capped(packed, max_bytes=100)


def test_a_gzip_bomb_stops_at_the_cap() -> None:
    bomb = gzip.compress(b"\0" * (DEFAULT_MAX_XML_BYTES + 1), compresslevel=9)
    assert len(bomb) < DEFAULT_MAX_XML_BYTES // 500
    with pytest.raises(OversizedXml):
        gunzip_capped(bomb)


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (gzip.compress(b"<urlset/>")[:-12], r"^truncated gzip file$"),
        (b"\x1f\x8b not gzip at all", r"^damaged gzip file: "),
    ],
    ids=["truncated", "damaged"],
)
def test_damaged_gzip_is_malformed(data: bytes, message: str) -> None:
    with pytest.raises(MalformedXml, match=message):
        gunzip_capped(data)


def test_a_bare_ampersand_in_a_wordpress_comments_feed_title_is_read() -> None:
    # WordPress 6.1 prints the commenter's name raw in the item title; CDATA keeps its "&".
    feed = (
        b"<rss><channel><item><title>Comment on Closing the library by Dr. K. Mensah & "
        b"Partners</title><dc:creator xmlns:dc='http://purl.org/dc/elements/1.1/'>"
        b"<![CDATA[Dr. K. Mensah & Partners]]></dc:creator><link>a?b=1&amp;c=2</link>"
        b"</item></channel></rss>"
    )
    item = parse_untrusted_xml(feed).find("channel/item")
    assert item.findtext("title") == "Comment on Closing the library by Dr. K. Mensah & Partners"
    assert item.findtext("{http://purl.org/dc/elements/1.1/}creator") == (
        "Dr. K. Mensah & Partners"
    )
    assert item.findtext("link") == "a?b=1&c=2"


def test_an_undefined_entity_is_still_malformed() -> None:
    with pytest.raises(MalformedXml):
        parse_untrusted_xml(b"<rss><title>&nbsp;</title></rss>")
