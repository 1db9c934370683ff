"""What SEO plugins say about a page in its head: JSON-LD and Open Graph.

Yoast SEO and Rank Math print a JSON-LD `@graph` (`<script type="application/ld+json">`)
whose `Article`/`BlogPosting` node names the post (`headline`, `datePublished`,
`dateModified`, `author`, `articleSection`, `keywords`), with the author either inline
(`{"name": …}`) or as a reference (`{"@id": …}`) to a `Person` node of the same graph.
Both, and many other plugins, also print Open Graph tags (`og:type`, `og:title`,
`og:url`, `og:site_name`) and Facebook's `article:*` tags (`article:published_time`,
`article:modified_time`, `article:author`, `article:section`, one `article:tag` per tag).

`extract.post` reads these only where the page's own markup says nothing
(`docs/markup.md`, "SEO plugin metadata"). Only the `<head>` is read, where the plugins
print them; malformed JSON-LD is skipped, never an error.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from html import unescape

import lxml.html

from ncia_scraper.extract.page import xpath
from ncia_scraper.text import squash

__all__ = ["Metadata", "read_metadata"]

# The plugins print both in `<head>` (`wp_head`): looking at the head's children only
# keeps this from walking the whole page, which a post page read costs too much.
_JSON_LD = xpath("/html/head/script[contains(@type, 'ld+json')]/text()")
_PROPERTY_METAS = xpath("/html/head/meta[@property][@content]")
_ARTICLE_TYPES = {"Article", "BlogPosting", "NewsArticle", "TechArticle", "Report"}
# Between a post's title and the site name in an SEO title ("Title - Site", "Title | Site").
_SEPARATORS = "-–—|·•»:~"


@dataclass(frozen=True)
class Metadata:
    """A page's SEO metadata; each field None (or empty) where the page gives none."""

    is_article: bool = False
    """A JSON-LD article node, or `og:type` "article": the page is one post."""
    title: str | None = None
    """The article's `headline`, else `og:title`, without a trailing " - SITE NAME"."""
    url: str | None = None
    """`og:url`."""
    published: str | None = None
    """`datePublished`, else `article:published_time` (ISO 8601 as printed)."""
    modified: str | None = None
    """`dateModified`, else `article:modified_time`."""
    author: str | None = None
    """The article's author's name (inline, or its `Person` node's), else an
    `article:author` that is a name rather than a profile URL."""
    categories: list[str] = field(default_factory=list)
    """`articleSection`, else the `article:section` tags."""
    tags: list[str] = field(default_factory=list)
    """The `article:tag` tags, else a JSON-LD `keywords` list (see `_tags`)."""


def read_metadata(doc: lxml.html.HtmlElement) -> Metadata:
    """The JSON-LD and Open Graph metadata in the `<head>` of the parsed page `doc`."""
    metas: dict[str, list[str]] = {}
    for meta in _PROPERTY_METAS(doc):
        if content := squash(meta.get("content")):
            metas.setdefault(meta.get("property").strip().lower(), []).append(content)
    nodes = [node for text in _JSON_LD(doc) for node in _nodes(text)]
    article = next((node for node in nodes if _types(node) & _ARTICLE_TYPES), None)
    # The `WebPage` node carries the dates too (Yoast prints it on every page).
    webpage = next((node for node in nodes if "WebPage" in _types(node)), None)
    dated = [node for node in (article, webpage) if node is not None]

    def first_meta(name: str) -> str | None:
        return metas.get(name, [None])[0]

    title = _string(article.get("headline")) if article is not None else None
    return Metadata(
        is_article=article is not None or first_meta("og:type") == "article",
        title=_without_site_name(title or first_meta("og:title"), first_meta("og:site_name")),
        url=first_meta("og:url"),
        published=_first_date(dated, "datePublished") or first_meta("article:published_time"),
        modified=_first_date(dated, "dateModified") or first_meta("article:modified_time"),
        author=(_author(article, nodes) if article is not None else None)
        or _named_author(metas.get("article:author", [])),
        categories=_list(article.get("articleSection") if article is not None else None)
        or metas.get("article:section", []),
        tags=metas.get("article:tag") or _tags(article),
    )


def _nodes(text: str) -> list[dict]:
    """The objects of one JSON-LD script: the top object, its `@graph`, or a list's."""
    try:
        data = json.loads(text)
    except ValueError:
        return []
    items = data if isinstance(data, list) else [data]
    nodes: list[dict] = []
    for item in items:
        if not isinstance(item, dict):
            continue
        graph = item.get("@graph")
        if isinstance(graph, list):
            nodes += [node for node in graph if isinstance(node, dict)]
        else:
            nodes.append(item)
    return nodes


def _types(node: dict) -> set[str]:
    kind = node.get("@type")
    if isinstance(kind, str):
        return {kind}
    return {k for k in kind if isinstance(k, str)} if isinstance(kind, list) else set()


def _string(value: object) -> str | None:
    # Plugins encode the post's title as WordPress stored it, entities included ("&amp;").
    return (squash(unescape(value)) or None) if isinstance(value, str) else None


def _first_date(nodes: list[dict], key: str) -> str | None:
    for node in nodes:
        if value := _string(node.get(key)):
            return value
    return None


def _list(value: object) -> list[str]:
    """A JSON-LD text list: an array (Yoast), or names joined by commas (Rank Math)."""
    if isinstance(value, str):
        value = value.split(",")
    if not isinstance(value, list):
        return []
    return list(dict.fromkeys(name for item in value if (name := _string(item))))


def _tags(article: dict | None) -> list[str]:
    # Yoast's `keywords` is the post's tags, as an array; Rank Math's is a string of the
    # post's focus keywords (no tags: those are its `article:tag` metas). Only the array
    # form is read as tags.
    keywords = article.get("keywords") if article is not None else None
    return _list(keywords) if isinstance(keywords, list) else []


def _author(article: dict, nodes: list[dict]) -> str | None:
    authors = article.get("author")
    author = authors[0] if isinstance(authors, list) and authors else authors
    if isinstance(author, str):
        return _string(author)
    if not isinstance(author, dict):
        return None
    if name := _string(author.get("name")):
        return name
    # A reference to the graph's `Person` node.
    ref = author.get("@id")
    for node in nodes:
        if ref and node.get("@id") == ref:
            return _string(node.get("name"))
    return None


def _named_author(values: list[str]) -> str | None:
    # Facebook's tag is meant to hold the author's profile URL (what Yoast and Rank Math
    # print); some plugins print the name there instead.
    return next((value for value in values if "://" not in value), None)


def _without_site_name(title: str | None, site_name: str | None) -> str | None:
    """`title` less a trailing separator and `site_name`: SEO titles (`og:title`, Rank
    Math's `headline`) are "Post title - Site name" by default."""
    if not title or not site_name:
        return title
    match = re.fullmatch(
        rf"(?P<title>.+?)\s*[{re.escape(_SEPARATORS)}]\s*{re.escape(site_name)}", title
    )
    return match["title"] if match else title
