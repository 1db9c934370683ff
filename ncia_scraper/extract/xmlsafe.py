"""Parsing XML that comes from outside: feeds and sitemaps.

WordPress prints no DOCTYPE in its feeds or sitemaps, and a DOCTYPE is where the XML
attacks live: entity expansion ("billion laughs"), external entities that read local files
or URLs (XXE), external DTDs fetched over the network. So a document that declares one is
refused before the parser reads it, and the parser is set up so that nothing could come of
one anyway: no entity substitution, no DTD loading, no network, and libxml2's default
limits on depth and text size (no `huge_tree`). A body over a size cap is refused unread.
Malformed XML is refused, not repaired (`recover=False`): a truncated feed "recovered" is
a feed with items silently missing.

Every refusal is an `XmlRejected` with a one-line message; its subclass (and `reason`)
says why, so a crawl can count refusals by kind and go on.
"""

from __future__ import annotations

import codecs
import re
import zlib
from collections.abc import Collection
from typing import ClassVar

from lxml import etree

__all__ = [
    "DEFAULT_MAX_XML_BYTES",
    "GZIP_MAGIC",
    "MalformedXml",
    "OversizedXml",
    "UnexpectedXml",
    "UnsafeXml",
    "XmlRejected",
    "gunzip_capped",
    "local_name",
    "parse_untrusted_xml",
    "require_root",
]

# Scrapy's DOWNLOAD_MAXSIZE in this project; the largest real sitemap (50,000 URLs) is
# about 10 MB, a feed far less.
DEFAULT_MAX_XML_BYTES = 20 * 1024 * 1024

GZIP_MAGIC = b"\x1f\x8b"


class XmlRejected(ValueError):
    """An XML document refused unread or unparsed; the message is one line."""

    reason: ClassVar[str] = "rejected"


class OversizedXml(XmlRejected):
    """The body (or what it decompresses to) is over the size cap."""

    reason = "oversized"


class UnsafeXml(XmlRejected):
    """The document has a DOCTYPE: entity declarations or an external DTD."""

    reason = "unsafe"


class MalformedXml(XmlRejected):
    """Not well-formed XML: empty, truncated, an HTML page, bad gzip."""

    reason = "malformed"


class UnexpectedXml(XmlRejected):
    """Well-formed XML, but not the kind of document asked for (its root element)."""

    reason = "unexpected"


# What may come before the root element besides a DOCTYPE: white space, the XML
# declaration and other processing instructions (a sitemap's stylesheet), comments.
_PROLOG_ITEM = re.compile(rb"\s+|<\?.*?\?>|<!--.*?-->", re.DOTALL)
_DOCTYPE = re.compile(rb"<!DOCTYPE\s*([^\s\[>]*)", re.IGNORECASE)
# Encodings whose markup is not ASCII bytes, told apart as XML 1.0 appendix F does: by a
# byte order mark, else by how the first "<" is spelled. UTF-32's marks come first, as
# UTF-32-LE's starts with UTF-16-LE's.
_WIDE_ENCODINGS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
    (b"<\x00\x00\x00", "utf-32-le"),
    (b"\x00\x00\x00<", "utf-32-be"),
    (b"<\x00", "utf-16-le"),
    (b"\x00<", "utf-16-be"),
)


def parse_untrusted_xml(
    data: bytes | str, *, max_bytes: int = DEFAULT_MAX_XML_BYTES
) -> etree._Element:
    """The root element of `data`, parsed safely (see the module docstring).

    Bytes are decoded as the document declares (UTF-8 by default); text is parsed as the
    text it already is, whatever its XML declaration says. Comments and processing
    instructions are dropped. Raises `OversizedXml` when the body is over `max_bytes`,
    `UnsafeXml` when it has a DOCTYPE, `MalformedXml` when it is not well-formed.
    """
    if isinstance(data, str):
        body, encoding = data.encode("utf-8"), "utf-8"
    else:
        body, encoding = data, None
    if len(body) > max_bytes:
        raise OversizedXml(f"XML body of {len(body)} bytes is over the cap of {max_bytes} bytes")
    _refuse_doctype(body if encoding else _ascii_view(body))
    parser = etree.XMLParser(
        resolve_entities=False,
        load_dtd=False,
        dtd_validation=False,
        attribute_defaults=False,
        no_network=True,
        huge_tree=False,
        recover=False,
        remove_comments=True,
        remove_pis=True,
        encoding=encoding,
    )
    try:
        root = etree.fromstring(body, parser)
    except etree.XMLSyntaxError as error:
        if "EntityRef" not in error.msg:
            raise MalformedXml(f"malformed XML: {_one_line(error.msg)}") from error
        # WordPress prints some names raw in its feeds ("Comment on X by Tom & Jerry"):
        # a bare "&" is escaped, outside CDATA sections, and the document read once more.
        try:
            root = etree.fromstring(_escape_bare_ampersands(body), parser)
        except etree.XMLSyntaxError:
            raise MalformedXml(f"malformed XML: {_one_line(error.msg)}") from error
    docinfo = root.getroottree().docinfo
    if docinfo.doctype or docinfo.internalDTD is not None or docinfo.externalDTD is not None:
        # Only an encoding in which "<!DOCTYPE" is not ASCII (UTF-7, ISO-2022-JP) gets a
        # DOCTYPE past `_refuse_doctype`; the parser has expanded and fetched nothing.
        raise UnsafeXml(_doctype_message(docinfo.root_name or ""))
    return root


_CDATA = re.compile(rb"(<!\[CDATA\[.*?\]\]>)", re.DOTALL)
_BARE_AMPERSAND = re.compile(rb"&(?!(?:[A-Za-z_][\w.-]*|#[0-9]+|#x[0-9A-Fa-f]+);)")


def _escape_bare_ampersands(body: bytes) -> bytes:
    parts = _CDATA.split(body)
    # Odd parts are the CDATA sections themselves, where "&" is plain text.
    return b"".join(
        part if index % 2 else _BARE_AMPERSAND.sub(b"&amp;", part)
        for index, part in enumerate(parts)
    )


def gunzip_capped(data: bytes, *, max_bytes: int = DEFAULT_MAX_XML_BYTES) -> bytes:
    """The decompressed content of a gzip file (`sitemap.xml.gz`), never more than
    `max_bytes` of it: a few kilobytes can inflate to gigabytes.

    Raises `OversizedXml` past the cap and `MalformedXml` for a damaged or truncated file.
    """
    decompressor = zlib.decompressobj(wbits=16 + zlib.MAX_WBITS)
    try:
        content = decompressor.decompress(data, max_bytes + 1)
    except zlib.error as error:
        raise MalformedXml(f"damaged gzip file: {_one_line(str(error))}") from error
    if len(content) > max_bytes:
        raise OversizedXml(f"gzip file inflates past the cap of {max_bytes} bytes")
    if not decompressor.eof:
        raise MalformedXml("truncated gzip file")
    return content


def local_name(element: etree._Element) -> str:
    """The element's tag without its namespace: sitemaps come with and without theirs."""
    return etree.QName(element).localname


def require_root(root: etree._Element, names: Collection[str], expected: str) -> str:
    """The root's local name when it is one of `names`; else `UnexpectedXml` saying that
    the document is not `expected` (e.g. "an RSS 2.0 feed")."""
    name = local_name(root)
    if name not in names:
        raise UnexpectedXml(f"not {expected}: the root element is <{name[:40]}>")
    return name


def _ascii_view(body: bytes) -> bytes:
    """`body` with its markup as ASCII bytes, enough to find a DOCTYPE in it."""
    for mark, encoding in _WIDE_ENCODINGS:
        if body.startswith(mark):
            return body.decode(encoding, errors="replace").encode("utf-8")
    return body.removeprefix(codecs.BOM_UTF8)


def _refuse_doctype(view: bytes) -> None:
    position = 0
    while (item := _PROLOG_ITEM.match(view, position)) is not None:
        position = item.end()
    doctype = _DOCTYPE.match(view, position)
    if doctype is None:
        return
    name = doctype[1].decode("ascii", errors="replace")
    if name.lower() == "html":
        # An error page or a theme's page served where a feed was expected: not an attack,
        # and worth telling apart in the counts.
        raise MalformedXml("not XML: an HTML page (<!DOCTYPE html>)")
    raise UnsafeXml(_doctype_message(name))


def _doctype_message(name: str) -> str:
    return (
        f"unsafe XML: a DOCTYPE ({_one_line(name)[:40]!r}) is refused; entity declarations "
        "and external DTDs are what XML attacks use, and WordPress sends none"
    )


def _one_line(text: str) -> str:
    return " ".join(text.split())
