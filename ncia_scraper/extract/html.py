"""From a piece of a page to the four things a record keeps of it: sanitized HTML, plain
text, link targets and image sources.

Sanitizing is done by nh3 (Rust's ammonia), an allow-list sanitizer: whatever it does not
know is dropped, which is safer than listing what to remove. Links are made absolute
before it runs, since nh3 cannot rewrite relative URLs against a base. Text, links and
images are read from the sanitized tree, so they never mention anything `html` lacks.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from html import escape
from urllib.parse import urljoin

import lxml.html
import nh3
from lxml import etree
from parsel import Selector, SelectorList

from ncia_scraper.extract.page import xpath
from ncia_scraper.text import squash

__all__ = ["Fragment", "clean_fragment", "parse_fragment", "squash"]

# Dropped together with everything inside them: their content is code or widgets, not text.
_DROP_WITH_CONTENT = {"script", "style", "iframe", "object", "embed", "noscript", "form"}
_ALLOWED_TAGS = (set(nh3.ALLOWED_TAGS) | {"video", "audio", "source"}) - _DROP_WITH_CONTENT
_ALLOWED_ATTRIBUTES = {
    **{tag: set(attrs) for tag, attrs in nh3.ALLOWED_ATTRIBUTES.items()},
    "a": {"href", "hreflang", "title"},
    "img": {"alt", "height", "src", "width", "title"},
    "source": {"src", "type"},
    # No "poster": lxml does not treat it as a link, so it would stay relative.
    "video": {"src", "controls"},
    "audio": {"src", "controls"},
}
_URL_SCHEMES = {"http", "https", "mailto"}
# Built once: `nh3.clean(html, **options)` builds the same sanitizer on every call, which
# took three times as long as the sanitizing itself.
_CLEANER = nh3.Cleaner(
    tags=_ALLOWED_TAGS,
    clean_content_tags=_DROP_WITH_CONTENT,
    attributes=_ALLOWED_ATTRIBUTES,
    url_schemes=_URL_SCHEMES,
    link_rel=None,
    strip_comments=True,
)

# Elements that start and end a paragraph of the plain text.
_BLOCKS = {
    "address", "article", "aside", "blockquote", "dd", "details", "div", "dl", "dt",
    "figcaption", "figure", "footer", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hr",
    "li", "nav", "ol", "p", "pre", "section", "summary", "table", "tbody", "td", "th",
    "thead", "tr", "ul",
}  # fmt: skip

# What `lxml.html.fragment_fromstring` takes for a whole document (it then parses it as is).
_FULL_HTML = re.compile(r"^\s*<(?:html|!doctype)", re.I)
_LINK_TARGETS = xpath(".//a/@href")
_IMAGE_SOURCES = xpath(".//img/@src")

Nodes = Selector | SelectorList | list[Selector] | str


@dataclass(frozen=True)
class Fragment:
    """A cleaned piece of a page."""

    html: str
    """Sanitized HTML with absolute URLs."""
    text: str
    """Plain text: paragraphs separated by one blank line, `<br>` kept as a newline."""
    links: list[str]
    """Absolute http(s) link targets, in order, without duplicates."""
    images: list[str]
    """Absolute image sources, in order, without duplicates."""


def clean_fragment(nodes: Nodes, base_url: str) -> Fragment:
    """Sanitize `nodes` (their outer HTML, concatenated) and read text, links and images."""
    markup = nodes if isinstance(nodes, str) else "".join(node.get() for node in nodes_list(nodes))
    if not markup.strip():
        return Fragment("", "", [], [])
    tree = parse_fragment(markup)
    # Not make_links_absolute: it calls rewrite_links with resolve_base_href left on, so a
    # <base href> inside the fragment would redirect relative links; and an href urljoin
    # cannot read ("http://[oops/") would raise and lose the whole fragment.
    tree.rewrite_links(lambda href: _absolute(base_url, href), resolve_base_href=False)
    sanitized = _CLEANER.clean(_inner_html(tree)).strip()
    if not sanitized:
        return Fragment("", "", [], [])
    clean_tree = parse_fragment(sanitized)
    links = _unique(
        href for href in _LINK_TARGETS(clean_tree) if href.startswith(("http://", "https://"))
    )
    images = _unique(_IMAGE_SOURCES(clean_tree))
    return Fragment(sanitized, _plain_text(clean_tree), links, images)


def parse_fragment(markup: str) -> lxml.html.HtmlElement:
    """`markup` parsed inside a `<div>`, as `lxml.html.fragment_fromstring(markup,
    create_parent="div")` gives it: the same element tree, text and exceptions.

    lxml parses `<html><body>markup</body></html>` and then moves the body's children
    into a new `<div>` of a new document, a walk over the whole fragment that took as long
    as the parse. Here the parsed body itself becomes the `<div>` (a root with neither
    attributes nor tail, its leading text kept only when it is more than whitespace, as
    lxml does); it keeps its parent in the parsed document, which nothing here looks at.
    Markup lxml would not wrap, and any document not shaped as expected, goes to lxml.
    """
    if _FULL_HTML.match(markup):
        return lxml.html.fragment_fromstring(markup, create_parent="div")
    doc = etree.fromstring(f"<html><body>{markup}</body></html>", lxml.html.html_parser)
    bodies = [child for child in doc if child.tag == "body"] if doc is not None else []
    if doc is None or doc.tag != "html" or len(bodies) != 1:
        return lxml.html.fragment_fromstring(markup, create_parent="div")
    body = bodies[0]
    body.tag = "div"
    body.attrib.clear()
    body.tail = None
    text = body.text
    # Assigned again when kept: lxml checks the text it is given (a control character
    # raises ValueError), as it does when it sets the new div's text.
    body.text = text if text and text.strip() else None
    return body


def nodes_list(nodes: Selector | SelectorList | list[Selector]) -> list[Selector]:
    """One selector or many, as a list."""
    return [nodes] if isinstance(nodes, Selector) else list(nodes)


def _absolute(base_url: str, href: str) -> str | None:
    """`href` made absolute, or None (the attribute is dropped) when it is no URL."""
    try:
        return urljoin(base_url, href)
    except ValueError:
        return None


def _inner_html(element: lxml.html.HtmlElement) -> str:
    parts = [escape(element.text or "", quote=False)]
    parts.extend(lxml.html.tostring(child, encoding="unicode") for child in element)
    return "".join(parts)


def _plain_text(root: lxml.html.HtmlElement) -> str:
    paragraphs: list[str] = []
    # Runs of text between block boundaries; "\n" marks a <br>.
    pending: list[str] = []

    def flush() -> None:
        if not pending:
            return  # nothing since the last boundary (blocks open and close one)
        lines = [squash(line) for line in "".join(pending).split("\n")]
        pending.clear()
        paragraph: list[str] = []
        # An empty line inside a run (<br><br>) reads as a paragraph break.
        for line in [*lines, ""]:
            if line:
                paragraph.append(line)
            elif paragraph:
                paragraphs.append("\n".join(paragraph))
                paragraph = []

    def walk(element: lxml.html.HtmlElement) -> None:
        tag = element.tag if isinstance(element.tag, str) else ""
        if tag == "br":
            pending.append("\n")
        is_block = tag in _BLOCKS
        if is_block:
            flush()
        if element.text and tag:
            pending.append(_spaces(element.text))
        for child in element:
            walk(child)
            if child.tail:
                pending.append(_spaces(child.tail))
        if is_block:
            flush()

    walk(root)
    flush()
    return "\n\n".join(paragraphs)


def _spaces(text: str) -> str:
    # Source line breaks are only spacing; real line breaks come from <br> alone. Other
    # whitespace is left as it is: `flush` squashes every line (faster than a regular
    # expression run on every piece of text, with the same result).
    return text.replace("\n", " ")


def _unique(values) -> list[str]:
    return list(dict.fromkeys(value.strip() for value in values if value.strip()))
