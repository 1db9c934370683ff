"""A single post page → one `Post` record.

Forms read, WordPress core first, theme knowledge as a small fallback
(`../shared/reference/markup.md` sections 1 and 4; `docs/markup.md`, "Single post page"):

- post ID: `<link rel='shortlink' href='…/?p=N' />` (`wp_head`, printed on single posts
  only), else the Disqus plugin's `disqus_identifier = 'N http://…/?p=N'`, else a
  `postid-N` body class (themes calling `body_class()`; the Revolution theme doesn't);
- URL: `<link rel='canonical'>` (`rel_canonical`, singular pages), else the page's URL;
- title: `h1.entry-title`/`h2.entry-title` (hAtom themes), else the unlinked `h1` of the
  Revolution theme's `div.postarea`;
- date line: the block right after the title, "January 25, 2012 · Filed Under News,
  Viewpoint" (`div.date`, `div.postmeta`; RM's `span.time`); the date is the text before
  "·", "|", "Filed Under" or "by". Machine-readable dates (`article:published_time`,
  `time[datetime]`, `abbr.published`) win where a theme prints them; the modification date
  is read only from such forms (`time.updated`, `article:modified_time`);
- author: only where printed, `rel="author"`, `.author.vcard`, a `/author/NAME/` link or
  "by NAME" in the date line; the 2012 NCIA theme prints none;
- categories and tags: `rel="category tag"` (`rel="category"` without pretty permalinks)
  and `rel="tag"` outside the body, in page order;
- body: the Revolution theme does not wrap it: it is the run of siblings between the date
  block and the `.postmeta`/`.postmeta2` block (the `div[style*=clear]` before it is
  layout, not content); themes that wrap it use `div.entry-content` or `div.entry`.
  Sharing blocks plugins add around the body are removed before cleaning
  (`.shareinpost`, `.social-buttons-top`, `.sociable`, `a.twitter-share-button`,
  `.fb-like`, `#follow`, `.sharedaddy`), as is any comments block;
- excerpt: `<meta name="description">` (SEO plugins), else the text before the more mark
  `<span id="more-N"></span>` that `the_content()` prints on single pages.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime
from functools import lru_cache
from html import escape
from urllib.parse import parse_qsl, urlsplit

import lxml.html
from lxml import etree
from lxml.cssselect import CSSSelector
from lxml.etree import _Comment, _ProcessingInstruction

from ncia_scraper.dates import NO_DATE, DateValue, iso_utc, parse_date
from ncia_scraper.extract.html import clean_fragment, parse_fragment
from ncia_scraper.extract.page import Page, xpath
from ncia_scraper.extract.urls import UrlKind, canonical_url, classify, is_same_site
from ncia_scraper.items import Post
from ncia_scraper.text import squash

__all__ = ["extract_post", "is_post_page"]

# Body classes of pages that are not a single post (WP33 `get_body_class`); "page" is a
# static page, not "paged".
_NOT_POST_BODY = {"home", "blog", "archive", "search", "search-results", "error404", "page"}
# Blocks after the body in the Revolution family (`.postmeta` on singles, `.postmeta2` on
# listings) and their equivalents in later themes.
_AFTER_BODY_CLASSES = {
    "postmeta", "postmeta2", "postmetadata", "entry-utility", "entry-meta", "post-footer",
    "comments", "adsense-post", "navigation",
}  # fmt: skip
_AFTER_BODY_IDS = {"comments", "disqus_thread", "respond", "commentblock"}
_META_CLASSES = {
    "date", "postmeta", "postmeta2", "postmetadata", "post-info", "postinfo", "entry-meta",
    "byline", "meta", "entry-utility", "post-footer",
}  # fmt: skip


def _has_class(name: str) -> str:
    """XPath test for one class token, the way CSS `.name` matches it.

    The plain `contains(@class, …)` first is implied by the token test and cheap: most
    elements are rejected without building the normalized string (as lxml's CSS
    translation does it)."""
    return (
        f"(contains(@class, '{name}')"
        f" and contains(concat(' ', normalize-space(@class), ' '), ' {name} '))"
    )


def _has_rel(name: str) -> str:
    """XPath test for one space-separated `rel` token (with the cheap `contains` first, as
    in `_has_class`)."""
    return f"(contains(@rel, '{name}') and contains(concat(' ', @rel, ' '), ' {name} '))"


# Left out of the body: the sharing blocks plugins add around it (`.shareinpost,
# .social-buttons-top, .sociable, a.twitter-share-button, iframe.twitter-share-button,
# .fb-like, #follow, .sharedaddy`) and comment blocks (`#comments, #disqus_thread,
# #dsq-content, #respond, #commentblock, .comments`). Written as one XPath test rather
# than that CSS selector group: lxml runs a group as one walk of the tree per selector
# (14 walks, the slowest step of reading a post); this tests each element once, and only
# elements with a class or an id get the costlier tests.
_NOT_BODY_CLASSES = ("shareinpost", "social-buttons-top", "sociable", "fb-like", "sharedaddy")
_NOT_BODY_IDS = ("follow", "comments", "disqus_thread", "dsq-content", "respond", "commentblock")


_NOT_BODY = xpath(
    "descendant-or-self::*[(@class and ("
    + " or ".join(
        [
            *(_has_class(name) for name in (*_NOT_BODY_CLASSES, "comments")),
            f"((self::a or self::iframe) and {_has_class('twitter-share-button')})",
        ]
    )
    + ")) or (@id and ("
    + " or ".join(f"@id = '{name}'" for name in _NOT_BODY_IDS)
    + "))]"
)
_TITLE_XPATHS = (
    # The union of two name tests, rather than `//*[self::h1 or self::h2]`: libxml2 finds
    # elements by name much faster than it tests every element's name (the same nodes, in
    # document order).
    xpath(f"(//h1 | //h2)[{_has_class('entry-title')}]"),
    # The `h1` children of `div.postarea`, found as `h1` elements with such a parent: the
    # class test then runs on the page's few `h1` rather than on every `div`.
    xpath(f"/descendant::h1[parent::div[{_has_class('postarea')}]]"),
)
_WRAPPER_XPATH = xpath(f"descendant::div[{_has_class('entry-content')} or {_has_class('entry')}]")
_BODY_CLASS = xpath("//body/@class")
_INLINE_SCRIPTS = xpath("/descendant::script[not(@src)]/text()")
_DATE_MARKS = xpath(f".//a[{_has_rel('category')}] | .//time")
_PUBLISHED_TIME = xpath(".//time[@datetime][not(contains(@class, 'updated'))]/@datetime")
_PUBLISHED_ABBR = xpath(".//abbr[contains(@class, 'published')]/@title")
_MODIFIED_TIME = xpath(".//time[contains(@class, 'updated')]/@datetime")
_MODIFIED_ABBR = xpath(".//abbr[contains(@class, 'updated')]/@title")
_AUTHOR_LINKS = xpath(f".//a[{_has_rel('author')}]")
_LINKS = xpath(".//a[@href]")
_REL_LINKS = xpath(".//a[@rel]")
_DISQUS_ID = re.compile(r"""disqus_identifier\s*=\s*["'](\d+)[\s"']""")
_POSTID_CLASS = re.compile(r"^postid-(\d+)$")
# Where the date stops in a date line: "DATE · Filed Under …", "DATE | …", "DATE by X".
_DATE_END = re.compile(r"\s*(?:·|\||\n|\bfiled\s+(?:under|in)\b|\bby\b)\s*", re.I)
_DATE_PREFIX = re.compile(r"^(?:posted|published|written|date)(?:\s+on)?\s*:?\s*", re.I)
_BY_NAME = re.compile(r"\bby\s+(.+?)\s*(?:·|\||\n|\bfiled\b|$)", re.I)
_MORE_SPAN = re.compile(r"<span\b[^>]*\bid=[\"']more-\d+[\"'][^>]*>\s*</span>")


# `translate(@name, 'DESCRIPTION', 'description')`, the XPath way of ignoring case.
_DESCRIPTION_CASE = str.maketrans("DESCRIPTION", "description")


# Candidates for `_Head`, cheap to find: the tests in `_head` imply these. (One search
# for both would test every element of the page; a search by tag name tests only those.)
_HEAD_LINKS = xpath(
    "/descendant::link[contains(@rel, 'shortlink') or contains(@rel, 'canonical')][@href]"
)
_METAS = xpath("/descendant::meta[@content]")


@dataclass(frozen=True)
class _Head:
    """What the page's `<link>` and `<meta>` elements say.

    Five XPath searches (`//link[…shortlink…]/@href`, `…canonical…`, and the three `<meta>`
    below) walked the whole page once each. Here two cheap searches find the few
    candidates, and the tests below are those XPath tests in Python, string for string.
    """

    shortlinks: list[str]
    """`//link[contains(concat(' ', @rel, ' '), ' shortlink ')]/@href`"""
    canonicals: list[str]
    """`//link[contains(concat(' ', @rel, ' '), ' canonical ')]/@href`"""
    published: str | None
    """The first `//meta[@property='article:published_time']/@content`."""
    modified: str | None
    """The first `//meta[@property='article:modified_time']/@content`."""
    description: str | None
    """The first `//meta[translate(@name, …)='description']/@content`."""


def _head(doc: lxml.html.HtmlElement) -> _Head:
    shortlinks: list[str] = []
    canonicals: list[str] = []
    for link in _HEAD_LINKS(doc):
        rel = f" {link.get('rel', '')} "
        if " shortlink " in rel:
            shortlinks.append(link.get("href"))
        if " canonical " in rel:
            canonicals.append(link.get("href"))
    metas: dict[str, str] = {}
    for meta in _METAS(doc):
        content = meta.get("content")
        prop = meta.get("property")
        if prop in ("article:published_time", "article:modified_time"):
            metas.setdefault(prop, content)
        name = meta.get("name")
        if name is not None and name.translate(_DESCRIPTION_CASE) == "description":
            metas.setdefault("description", content)
    return _Head(
        shortlinks,
        canonicals,
        metas.get("article:published_time"),
        metas.get("article:modified_time"),
        metas.get("description"),
    )


def is_post_page(page: Page) -> bool:
    """True when `page` is a single blog post (not a listing, static page or error page).

    Signals, strongest first: a `?p=N` shortlink or a Disqus identifier (WordPress and
    the plugin print them only on singles), `single`/`postid-N` body classes, else one
    post title followed by a date line on a page whose canonical URL is a post permalink.
    """
    doc = page.selector.root
    return _post_title(doc, page.url, _head(doc)) is not None


def _post_title(
    doc: lxml.html.HtmlElement, page_url: str, head: _Head
) -> lxml.html.HtmlElement | None:
    """The post's title element when the page is a single post (see `is_post_page`), else
    None; shared by `is_post_page` and `extract_post` so a page is judged once."""
    classes = _body_classes(doc)
    if classes & _NOT_POST_BODY:
        return None
    titles = _title_candidates(doc)
    if not titles:
        return None
    if _shortlink_id(head) is not None or _disqus_id(doc) is not None:
        return titles[0]
    if "single" in classes or any(_POSTID_CLASS.match(name) for name in classes):
        return titles[0]
    if len(titles) > 1:
        return None
    # Theme fallback: one title with a date line under it, at a permalink. A 404 page
    # at a post's URL ("Not Found, Error 404") has the title but no date line.
    root = _origin(page_url)
    if classify(_permalink(head, page_url, root), root) is not UrlKind.POST:
        return None
    return titles[0] if _post_parts(titles[0]).date_block is not None else None


def extract_post(
    page: Page,
    *,
    comment_count: int,
    fetched_at: datetime,
    source: str = "live",
    site_root: str | None = None,
) -> Post | None:
    """Read the post on `page`; None when the page is not a single post.

    `site_root` (default: the page's scheme and host) is the root URLs are folded onto,
    as in `urls.canonical_url`.
    """
    doc = page.selector.root
    head = _head(doc)
    title_el = _post_title(doc, page.url, head)
    if title_el is None:
        return None
    root = site_root or _origin(page.url)
    parts = _post_parts(title_el)

    body_html = _strip_blocks("".join(parts.body))
    content = clean_fragment(body_html, page.url)
    url = _permalink(head, page.url, root)

    published = _published(head, parts, page)
    modified = _modified(head, parts, page)
    categories, tags = _terms(parts)

    return Post(
        post_id=_shortlink_id(head) or _disqus_id(doc) or _postid_class(doc),
        url=url,
        title=squash(title_el.text_content()),
        author=_author(parts, root),
        published=published.value,
        published_raw=published.raw,
        published_precision=published.precision,
        modified=modified.value,
        modified_raw=modified.raw,
        modified_precision=modified.precision,
        categories=categories,
        tags=tags,
        content_html=content.html,
        content_text=content.text,
        excerpt=_excerpt(head, body_html, page.url),
        word_count=len(content.text.split()),
        links=content.links,
        images=content.images,
        comment_count=comment_count,
        source=source,
        captured_at=iso_utc(page.captured_at),
        fetched_at=iso_utc(fetched_at),
    )


class _Parts:
    """The pieces of a post's markup: body (serialized HTML) and the meta blocks around
    it (date line, tags block), where categories, tags, author and date are read."""

    def __init__(self, body: list[str], meta: list[lxml.html.HtmlElement], date_block):
        self.body = body
        self.meta = meta
        self.date_block = date_block


def _post_parts(title: lxml.html.HtmlElement) -> _Parts:
    wrapper, container = _wrapper(title)
    if wrapper is not None:
        body = [escape(wrapper.text or "", quote=False)]
        body += [_outer(child) for child in wrapper]
        meta = [
            el
            for el in container.iter()
            if el is not wrapper
            and isinstance(el.tag, str)
            and _classes(el) & _META_CLASSES
            and not _inside(el, wrapper)
            and not _inside_comments(el)
        ]
        date_block = next((el for el in meta if _is_date_block(el)), None)
        return _Parts(body, meta, date_block)

    # Revolution: h1, div.date, body…, div[style*=clear], div.postmeta, comments.
    siblings = list(title.itersiblings())
    elements = [el for el in siblings if not _is_markup_comment(el)]
    date_block = elements[0] if elements and _is_date_block(elements[0]) else None
    start = date_block if date_block is not None else title
    run: list[lxml.html.HtmlElement] = []
    after: list[lxml.html.HtmlElement] = []
    for el in siblings[siblings.index(start) + 1 if start is not title else 0 :]:
        if after or _is_after_body(el):
            after.append(el)
        else:
            run.append(el)
    # The clear div closing the floats sits between body and `.postmeta`: layout only.
    # One inside the body (after a floated image) is kept with its neighbours.
    while run and (_is_clear_div(run[-1]) or _is_blank_comment(run[-1])):
        run.pop()
    body = [escape(start.tail or "", quote=False)]
    body += [_outer(el) for el in run]
    meta = [el for el in after if _classes(el) & _META_CLASSES and not _inside_comments(el)]
    if date_block is not None:
        meta.insert(0, date_block)
    return _Parts(body, meta, date_block)


def _wrapper(title: lxml.html.HtmlElement):
    """(wrapper, container) for themes that wrap the body, else (None, None).

    The wrapper is looked for in the title's post block: its parent (`div.post`) or
    grandparent (`article` around `header.entry-header`), never as far as a sidebar.
    """
    for depth, ancestor in enumerate(title.iterancestors()):
        if depth > 1 or ancestor.tag in ("body", "html"):
            break
        found = _WRAPPER_XPATH(ancestor)
        if found:
            return found[0], ancestor
    return None, None


def _is_date_block(el: lxml.html.HtmlElement) -> bool:
    if not isinstance(el.tag, str):
        return False
    if _classes(el) & _META_CLASSES:
        return True
    return bool(_DATE_MARKS(el))


def _is_after_body(el: lxml.html.HtmlElement) -> bool:
    if _is_markup_comment(el):
        return False
    return bool(_classes(el) & _AFTER_BODY_CLASSES) or el.get("id", "") in _AFTER_BODY_IDS


def _is_clear_div(el: lxml.html.HtmlElement) -> bool:
    if el.tag != "div":
        return False
    style = (el.get("style") or "").replace(" ", "").lower()
    return (
        "clear:" in style and not squash(el.text_content()) and not len(el) and not squash(el.tail)
    )


def _is_markup_comment(el) -> bool:
    return isinstance(el, _Comment | _ProcessingInstruction)


def _is_blank_comment(el) -> bool:
    return _is_markup_comment(el) and not squash(el.tail)


def _inside(el: lxml.html.HtmlElement, ancestor: lxml.html.HtmlElement) -> bool:
    return any(parent is ancestor for parent in el.iterancestors())


def _inside_comments(el: lxml.html.HtmlElement) -> bool:
    for node in (el, *el.iterancestors()):
        if node.get("id", "") in _AFTER_BODY_IDS or "comments" in _classes(node):
            return True
    return False


def _outer(el: lxml.html.HtmlElement) -> str:
    if _is_markup_comment(el):
        return escape(el.tail or "", quote=False)
    return lxml.html.tostring(el, encoding="unicode", with_tail=False) + escape(
        el.tail or "", quote=False
    )


@lru_cache(maxsize=64)
def _css(selector: str) -> CSSSelector:
    # Compiling a CSS selector to XPath costs more than running it; compile each once.
    return CSSSelector(selector, translator="html")


def _strip_blocks(html: str) -> str:
    """`html` without sharing and comment blocks (`_NOT_BODY`; their tail text stays)."""
    if not html.strip():
        return ""
    tree = parse_fragment(html)
    for el in _NOT_BODY(tree):
        if el.getparent() is not None:
            el.drop_tree()
    return escape(tree.text or "", quote=False) + "".join(
        lxml.html.tostring(child, encoding="unicode") for child in tree
    )


# ---------------------------------------------------------------- dates, author, terms


def _published(head: _Head, parts: _Parts, page: Page) -> DateValue:
    machine = head.published or _in_meta(parts, _PUBLISHED_TIME) or _in_meta(parts, _PUBLISHED_ABBR)
    if machine:
        value = parse_date(machine, captured_at=page.captured_at, timezone=page.timezone)
        if value.value is not None:
            return value
    blocks = [parts.date_block] if parts.date_block is not None else []
    blocks += [el for el in parts.meta if el is not parts.date_block]
    first_raw: DateValue | None = None
    for block in blocks:
        timed = _css("span.time")(block)
        text = _text_with_breaks(timed[0] if timed else block)
        raw = _DATE_PREFIX.sub("", _DATE_END.split(text.strip(), maxsplit=1)[0])
        if not raw:
            continue
        value = parse_date(raw, captured_at=page.captured_at, timezone=page.timezone)
        if value.value is not None:
            return value
        first_raw = first_raw or value
    # A date line was there but said no date: keep what it said.
    return first_raw if first_raw is not None and parts.date_block is not None else NO_DATE


def _modified(head: _Head, parts: _Parts, page: Page) -> DateValue:
    machine = head.modified or _in_meta(parts, _MODIFIED_TIME) or _in_meta(parts, _MODIFIED_ABBR)
    if not machine:
        return NO_DATE
    return parse_date(machine, captured_at=page.captured_at, timezone=page.timezone)


def _in_meta(parts: _Parts, expression: etree.XPath) -> str | None:
    for block in parts.meta:
        found = expression(block)
        if found:
            return str(found[0])
    return None


def _first(values: list[str]) -> str | None:
    """The first result of a string XPath, or None (parsel's `.get()`)."""
    return values[0] if values else None


def _author(parts: _Parts, root: str) -> str | None:
    for block in parts.meta:
        for anchor in _AUTHOR_LINKS(block):
            if name := squash(anchor.text_content()):
                return name
    for block in parts.meta:
        for card in _css(".author.vcard")(block):
            named = _css(".fn")(card)
            if name := squash((named[0] if named else card).text_content()):
                return name
    for block in parts.meta:
        for anchor in _LINKS(block):
            href = anchor.get("href")
            name = squash(anchor.text_content())
            if name and is_same_site(href, root) and _is_author_url(href, root):
                return name
    # "Written by NAME · Filed Under …" with no link (a Revolution-family single).
    for block in parts.meta:
        match = _BY_NAME.search(_text_with_breaks(block))
        if match and squash(match.group(1)):
            return squash(match.group(1))
    return None


# Meta blocks link the same categories and tags on page after page of a crawl.
@lru_cache(maxsize=4096)
def _is_author_url(href: str, root: str) -> bool:
    url = canonical_url(href, root)
    rel = urlsplit(url).path[len(urlsplit(root).path.rstrip("/")) :]
    query = dict(parse_qsl(urlsplit(url).query))
    return rel.startswith("/author/") or "author" in query or "author_name" in query


def _terms(parts: _Parts) -> tuple[list[str], list[str]]:
    categories: dict[str, None] = {}
    tags: dict[str, None] = {}
    for block in parts.meta:
        for anchor in _REL_LINKS(block):
            rels = set(anchor.get("rel", "").lower().split())
            name = squash(anchor.text_content())
            if not name:
                continue
            if "category" in rels:
                categories.setdefault(name)
            elif "tag" in rels:
                tags.setdefault(name)
    return list(categories), list(tags)


def _excerpt(head: _Head, body_html: str, base_url: str) -> str | None:
    described = head.description
    if squash(described):
        return squash(described)
    pieces = _MORE_SPAN.split(body_html, maxsplit=1)
    if len(pieces) == 1:
        return None
    return clean_fragment(pieces[0], base_url).text or None


# ---------------------------------------------------------------- ids, urls, helpers


def _shortlink_id(head: _Head) -> int | None:
    for href in head.shortlinks:
        value = dict(parse_qsl(urlsplit(href).query)).get("p", "")
        if value.isdigit():
            return int(value)
    return None


def _disqus_id(doc: lxml.html.HtmlElement) -> int | None:
    for script in _INLINE_SCRIPTS(doc):
        match = _DISQUS_ID.search(script)
        if match:
            return int(match.group(1))
    return None


def _postid_class(doc: lxml.html.HtmlElement) -> int | None:
    for name in _body_classes(doc):
        match = _POSTID_CLASS.match(name)
        if match:
            return int(match.group(1))
    return None


def _permalink(head: _Head, page_url: str, root: str) -> str:
    for href in head.canonicals:
        if is_same_site(href, root):
            return canonical_url(href, root)
    return canonical_url(page_url, root)


def _title_candidates(doc: lxml.html.HtmlElement) -> list[lxml.html.HtmlElement]:
    for titles in _TITLE_XPATHS:
        # `text_content()` is XPath `string()`, as the parsel form read it.
        found = [node for node in titles(doc) if squash(node.text_content())]
        if found:
            return found
    return []


def _body_classes(doc: lxml.html.HtmlElement) -> set[str]:
    return set((_first(_BODY_CLASS(doc)) or "").split())


def _classes(el) -> set[str]:
    return set((el.get("class") or "").split()) if isinstance(el.tag, str) else set()


def _origin(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}/"


def _text_with_breaks(el: lxml.html.HtmlElement) -> str:
    """The element's text with `<br>` as a newline and other whitespace squashed."""
    pieces: list[str] = []

    def walk(node) -> None:
        if node.tag == "br":
            pieces.append("\n")
        elif isinstance(node.tag, str) and node.text:
            pieces.append(node.text)
        for child in node:
            walk(child)
            if child.tail:
                pieces.append(child.tail)

    walk(el)
    return "\n".join(squash(line) for line in "".join(pieces).split("\n"))
