"""A single post page → one `Post` record.

WordPress core's markup first, the theme profiles (`extract.themes`) for the containers
around it (`../shared/reference/markup.md` sections 1 and 4; `docs/markup.md`, "Single
post page" and "Theme profiles"):

- post ID: `<link rel='shortlink' href='…/?p=N' />` (`wp_head`, printed on single posts
  only), else the Disqus plugin's `disqus_identifier = 'N http://…/?p=N'`, else a
  `postid-N` body class (themes calling `body_class()`; the Revolution theme doesn't),
  else the `post-N` id of the post's `article` (`post_class()` themes);
- URL: `<link rel='canonical'>` (`rel_canonical`, singular pages), else the page's URL,
  without the post page (`/N/`, `?page=N`) or comment page (`/comment-page-N/`,
  `?cpage=N`) it names (`extract.post_pagination`);
- title: `h1/h2.entry-title` (classic themes), `.wp-block-post-title` (block themes;
  not those of a list of other posts), else the unlinked `h1` of the Revolution theme's
  `div.postarea`. A password-protected post's "Protected: " prefix (core's
  `protected_title_format`, English) is not part of its title;
- dates: `<time datetime>` in the blocks around the body (the one with class `published`,
  else the first not marked `updated`; `time.updated` alone, or a modified-date block, is
  the modification date): the attribute is the value, the text the raw, and the offset
  gives the UTC instant (`extract.machine_dates`). Else `article:published_time`/
  `article:modified_time`, else `abbr.published`/`abbr.updated`, else the date line
  right after the title, "January 25, 2012 · Filed Under News, Viewpoint" (`div.date`,
  `div.postmeta`; RM's `span.time`): the text before "·", "|", "Filed Under" or "by";
- author: only where printed, `rel="author"`, a block theme's author name block,
  `.author.vcard`, a `/author/NAME/` link or "by NAME" in the date line; the 2012 NCIA
  theme prints none;
- categories and tags: `rel="category tag"` (`rel="category"` without pretty permalinks)
  and `rel="tag"` outside the body, in page order; block themes' term lists
  (`core/post-terms`) print `rel="tag"` for every taxonomy, so there the block's class
  decides (`.taxonomy-category`, `.taxonomy-post_tag`; other taxonomies are left out);
- body: the Revolution theme does not wrap it: it is the run of siblings between the date
  block and the `.postmeta`/`.postmeta2` block (the `div[style*=clear]` before it is
  layout, not content); other themes wrap it (`.entry-content`, `.entry`,
  `.wp-block-post-content`). Theme chrome and plugin blocks inside it are removed before
  cleaning (sharing buttons, `wp_link_pages()` links, any comments block);
- password-protected posts (`post-password-required` class, core's password form
  `form.post-password-form` / `wp-login.php?action=postpass`): metadata only, `protected`
  true, no content, links, images or excerpt;
- excerpt: `<meta name="description">` (SEO plugins), else the text before the more mark
  `<span id="more-N"></span>` that `the_content()` prints on single pages;
- SEO plugins' JSON-LD and Open Graph metadata (`extract.metadata`), only where the
  above give nothing: the title on a page no profile names a title of (when its body
  classes or its metadata say it is one post; the heading printing that title, if any,
  then stands for the title element), the publication date when the page prints none,
  the modification date, the author, the categories and the tags.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import datetime
from functools import lru_cache
from html import escape
from urllib.parse import parse_qsl, urlsplit

import lxml.html
from lxml.cssselect import CSSSelector
from lxml.etree import _Comment, _ProcessingInstruction

from ncia_scraper.dates import NO_DATE, DateValue, iso_utc, parse_date
from ncia_scraper.extract.html import clean_fragment, parse_fragment
from ncia_scraper.extract.machine_dates import read_machine_date
from ncia_scraper.extract.metadata import Metadata, read_metadata
from ncia_scraper.extract.page import Page, xpath
from ncia_scraper.extract.post_pagination import PostPosition, locate_post
from ncia_scraper.extract.themes import bodies_without_page_links, union
from ncia_scraper.extract.urls import UrlKind, canonical_url, classify, is_same_site
from ncia_scraper.items import Post
from ncia_scraper.text import squash

__all__ = [
    "LocatedPost",
    "extract_post",
    "is_post_page",
    "join_post_pages",
    "locate_and_extract_post",
]

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
_META_CLASSES = union("meta")
_COMMENT_CLASSES = union("comments")
# Not searched for the post's meta: comments, and lists of other posts (block themes'
# query loops print their titles, dates and terms with the same classes as the post's).
_NOT_META_CLASSES = _COMMENT_CLASSES | union("other_posts")
_AUTHOR_CLASSES = union("author")
_CATEGORY_BLOCKS = union("category_block")
_TAG_BLOCKS = union("tag_block")
_MODIFIED_BLOCKS = union("modified_date")
_MAIN_COLUMN_IDS = union("main_column")
_BODIES_WITHOUT_PAGE_LINKS = bodies_without_page_links()
_PROTECTED_CLASS = "post-password-required"
# Core's `protected_title_format` ("Protected: %s"), as an English site prints it.
_PROTECTED_PREFIX = "Protected: "


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


# Left out of the body: theme chrome and plugin blocks inside it (each profile's
# `not_body`: sharing buttons, `wp_link_pages()` links), `a.twitter-share-button`,
# `iframe.twitter-share-button`, `#follow`, and comment blocks (`#comments,
# #disqus_thread, #dsq-content, #respond, #commentblock, .comments`). Written as one XPath
# test rather than a CSS selector group: lxml runs a group as one walk of the tree per
# selector (14 walks, the slowest step of reading a post); this tests each element once,
# and only elements with a class or an id get the costlier tests.
_NOT_BODY_CLASSES = tuple(sorted(union("not_body") | {"comments"}))
_NOT_BODY_IDS = ("follow", "comments", "disqus_thread", "dsq-content", "respond", "commentblock")


_NOT_BODY = xpath(
    "descendant-or-self::*[(@class and ("
    + " or ".join(
        [
            *(_has_class(name) for name in _NOT_BODY_CLASSES),
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
    xpath(
        "(//h1 | //h2)["
        + " or ".join(_has_class(name) for name in sorted(union("title")))
        + "][not(ancestor::*["
        + " or ".join(_has_class(name) for name in sorted(union("other_posts")))
        + "])]"
    ),
    # The `h1` children of `div.postarea`, found as `h1` elements with such a parent: the
    # class test then runs on the page's few `h1` rather than on every `div`.
    xpath(f"/descendant::h1[parent::div[{_has_class('postarea')}]]"),
)
_WRAPPER_XPATH = xpath(
    "descendant::div[" + " or ".join(_has_class(name) for name in sorted(union("body"))) + "]"
)
_BODY_CLASS = xpath("//body/@class")
# `h1` before `h2`: the heading of a theme no profile names (`_metadata_title`).
_HEADINGS = (xpath("/descendant::h1"), xpath("/descendant::h2"))
_INLINE_SCRIPTS = xpath("/descendant::script[not(@src)]/text()")
_DATE_MARKS = xpath(f".//a[{_has_rel('category')}] | .//time")
_TIMES = xpath("descendant-or-self::time[@datetime]")
_PUBLISHED_ABBR = xpath(f".//abbr[@title][{_has_class('published')}]")
_MODIFIED_ABBR = xpath(f".//abbr[@title][{_has_class('updated')}]")
_AUTHOR_NAMES = xpath(
    "descendant-or-self::*["
    + " or ".join(_has_class(name) for name in sorted(_AUTHOR_CLASSES))
    + "]"
)
_POST_TERMS_BLOCKS = xpath(f"descendant-or-self::*[{_has_class('wp-block-post-terms')}]")
_IN_PROTECTED_POST = xpath(f"boolean(ancestor::*[{_has_class(_PROTECTED_CLASS)}])")
_AUTHOR_LINKS = xpath(f".//a[{_has_rel('author')}]")
_LINKS = xpath(".//a[@href]")
_REL_LINKS = xpath(".//a[@rel]")
_DISQUS_ID = re.compile(r"""disqus_identifier\s*=\s*["'](\d+)[\s"']""")
_POSTID_CLASS = re.compile(r"^postid-(\d+)$")
_ARTICLE_ID = re.compile(r"^post-(\d+)$")
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
    post title followed by a date line on a page whose canonical URL is a post permalink;
    without a title a profile knows, an SEO plugin's title on a single (see
    `_metadata_title`).
    """
    doc = page.selector.root
    classes = _body_classes(doc)
    if _post_title(doc, page.url, _head(doc), classes) is not None:
        return True
    return _metadata_title(doc, classes, read_metadata(doc))[1] is not None


def _post_title(
    doc: lxml.html.HtmlElement, page_url: str, head: _Head, classes: set[str]
) -> lxml.html.HtmlElement | None:
    """The post's title element when the page is a single post (see `is_post_page`), else
    None; shared by `is_post_page` and `extract_post` so a page is judged once."""
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


def _metadata_title(
    doc: lxml.html.HtmlElement, classes: set[str], metadata: Metadata
) -> tuple[lxml.html.HtmlElement | None, str | None]:
    """(heading, title) from an SEO plugin's metadata for a page whose title no profile
    names, else (None, None).

    Only on a single post: body classes `single`/`single-post`/`postid-N`, or an article
    in the metadata, and never with a listing's, static page's or error page's classes
    (a listing's `og:title` is the listing's). The heading is the first `h1`, else `h2`,
    printing that title: it places the body and the date line; None when there is none.
    """
    if metadata.title is None or classes & _NOT_POST_BODY:
        return None, None
    single = "single" in classes or "single-post" in classes or _postid_class(classes)
    if not single and not metadata.is_article:
        return None, None
    wanted = metadata.title.casefold()
    for headings in _HEADINGS:
        for heading in headings(doc):
            if squash(heading.text_content()).casefold() == wanted:
                return heading, metadata.title
    return None, metadata.title


def _metadata_anchor(heading: lxml.html.HtmlElement) -> tuple[lxml.html.HtmlElement, bool]:
    """(element the body follows, whether it is a meta block) for a heading found by
    `_metadata_title`: HTML5 themes put the title with its byline and date in the
    article's `<header>`, and the body after that header."""
    parent = heading.getparent()
    if parent is not None and parent.tag == "header":
        return parent, True
    return heading, False


@dataclass(frozen=True)
class LocatedPost:
    """A post and where the page it was read from sits among the post's pages."""

    post: Post
    position: PostPosition
    main_column: lxml.html.HtmlElement
    """The column holding the post and its comments (`<main>`, a profile's main column,
    else the whole page): where links to the post's other pages are."""
    unlinked_post_pages: bool
    """The theme prints no links between the pages of a split post (block themes)."""


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
    located = locate_and_extract_post(
        page, comment_count=comment_count, fetched_at=fetched_at, source=source, site_root=site_root
    )
    return located.post if located is not None else None


def locate_and_extract_post(
    page: Page,
    *,
    comment_count: int,
    fetched_at: datetime,
    source: str = "live",
    site_root: str | None = None,
) -> LocatedPost | None:
    """`extract_post`, with the page's position among the post's pages and comment pages
    (read from the same head links and body classes, so the page is searched once)."""
    doc = page.selector.root
    head = _head(doc)
    body_classes = _body_classes(doc)
    title_el = _post_title(doc, page.url, head, body_classes)
    # Read once, and only when the page's own markup leaves something unsaid.
    metadata: Metadata | None = None

    def seo() -> Metadata:
        nonlocal metadata
        if metadata is None:
            metadata = read_metadata(doc)
        return metadata

    if title_el is not None:
        title = squash(title_el.text_content())
        parts = _post_parts(title_el)
    else:
        title_el, seo_title = _metadata_title(doc, body_classes, seo())
        if seo_title is None:
            return None
        title = seo_title
        parts = _metadata_parts(title_el)
    root = site_root or _origin(page.url)
    position = locate_post(page.url, head.canonicals, body_classes, root)
    protected = _is_protected(title_el, parts, body_classes)
    if protected:
        title = title.removeprefix(_PROTECTED_PREFIX)
    # A protected post's body is the password form: nothing of it is content.
    body_html = "" if protected else _strip_blocks("".join(parts.body))
    content = clean_fragment(body_html, page.url)
    excerpt = None if protected else _excerpt(head, body_html, page.url)

    published_time, modified_time = _times(parts)
    published, published_gmt = _published(head, parts, published_time, page)
    if published == NO_DATE and seo().published:
        published, published_gmt = read_machine_date(seo().published, None, page)
    modified, modified_gmt = _modified(head, parts, modified_time, page)
    if modified == NO_DATE and seo().modified:
        modified, modified_gmt = read_machine_date(seo().modified, None, page)
    categories, tags = _terms(parts)
    author = _author(parts, root)
    if author is None:
        author = seo().author
    if not categories:
        categories = seo().categories
    if not tags:
        tags = seo().tags

    post = Post(
        post_id=(
            _shortlink_id(head)
            or _disqus_id(doc)
            or _postid_class(body_classes)
            or _article_id(title_el)
        ),
        url=position.permalink,
        title=title,
        author=author,
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
        excerpt=excerpt,
        word_count=len(content.text.split()),
        links=content.links,
        images=content.images,
        comment_count=comment_count,
        source=source,
        captured_at=iso_utc(page.captured_at),
        fetched_at=iso_utc(fetched_at),
        published_gmt=published_gmt,
        modified_gmt=modified_gmt,
        protected=protected,
    )
    # A protected post's other pages would show the password form again.
    unlinked_post_pages = (
        not protected
        and parts.wrapper is not None
        and bool(_classes(parts.wrapper) & _BODIES_WITHOUT_PAGE_LINKS)
    )
    main_column = _main_column(title_el, doc) if title_el is not None else doc
    return LocatedPost(post, position, main_column, unlinked_post_pages)


def join_post_pages(pages: Sequence[Post]) -> Post:
    """One post from the pages of a post split by `<!--nextpage-->`, given in page order.

    The first page gives the metadata (every page repeats it) and the excerpt; the
    content fields join every page's, in order: `content_html` and `content_text` (pages
    separated as paragraphs are), `word_count`, `links` and `images` (without
    duplicates); `page_count` is the number of pages.
    """
    if not pages:
        raise ValueError("join_post_pages needs at least one page")
    first = pages[0]
    if len(pages) == 1:
        return first
    text = "\n\n".join(page.content_text for page in pages if page.content_text)
    return replace(
        first,
        content_html="\n".join(page.content_html for page in pages if page.content_html),
        content_text=text,
        word_count=len(text.split()),
        links=list(dict.fromkeys(link for page in pages for link in page.links)),
        images=list(dict.fromkeys(image for page in pages for image in page.images)),
        page_count=len(pages),
    )


class _Parts:
    """The pieces of a post's markup: body (serialized HTML), the element wrapping it
    (None for the Revolution theme's unwrapped body) and the meta blocks around it (date
    line, tags block), where categories, tags, author and date are read."""

    def __init__(
        self,
        body: list[str],
        meta: list[lxml.html.HtmlElement],
        date_block,
        wrapper: lxml.html.HtmlElement | None = None,
    ):
        self.body = body
        self.meta = meta
        self.date_block = date_block
        self.wrapper = wrapper


def _post_parts(title: lxml.html.HtmlElement) -> _Parts:
    wrapper, container = _wrapper(title)
    if wrapper is not None:
        body = [escape(wrapper.text or "", quote=False)]
        body += [_outer(child) for child in wrapper]
        meta = _meta_blocks(container, wrapper)
        date_block = next((el for el in meta if _is_date_block(el)), None)
        return _Parts(body, meta, date_block, wrapper)

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


def _metadata_parts(heading: lxml.html.HtmlElement | None) -> _Parts:
    """`_post_parts` for a page of a theme no profile names, from the heading printing
    the SEO plugin's title (None: no body or meta blocks).

    A body wrapper a profile knows is used as `_post_parts` finds it. Else the body is
    the run of siblings after the heading's `<header>` (which holds the date line), or
    after the heading and a date block right below it, up to the article's `<footer>` or
    a block known to follow bodies; that footer, and meta blocks after it, hold terms."""
    if heading is None:
        return _Parts([], [], None)
    anchor, in_header = _metadata_anchor(heading)
    known = _post_parts(anchor)
    head_meta = [anchor] if in_header else []
    if known.wrapper is not None:
        meta = head_meta + known.meta
        date_block = next((el for el in meta if _is_date_block(el)), None)
        return _Parts(known.body, meta, date_block, known.wrapper)
    siblings = list(anchor.itersiblings())
    elements = [el for el in siblings if not _is_markup_comment(el)]
    if not in_header and elements and _is_date_block(elements[0]):
        head_meta = [elements[0]]
        siblings = siblings[siblings.index(elements[0]) + 1 :]
    body = [escape((head_meta[-1] if head_meta else anchor).tail or "", quote=False)]
    after: list[lxml.html.HtmlElement] = []
    for el in siblings:
        if after or el.tag == "footer" or _is_after_body(el):
            after.append(el)
        else:
            body.append(_outer(el))
    meta = head_meta + [
        el
        for el in after
        if (el.tag == "footer" or _classes(el) & _META_CLASSES) and not _inside_comments(el)
    ]
    date_block = next((el for el in meta if _is_date_block(el)), None)
    return _Parts(body, meta, date_block)


def _meta_blocks(
    container: lxml.html.HtmlElement, wrapper: lxml.html.HtmlElement
) -> list[lxml.html.HtmlElement]:
    """The outermost meta blocks of `container`, in document order, outside the body,
    the comments and any list of other posts.

    One walk that does not enter those (a thread of comments is most of a page's
    elements), and stops at a meta block: what is inside it is searched from it.
    """
    blocks: list[lxml.html.HtmlElement] = []
    pending = list(reversed(container))
    while pending:
        el = pending.pop()
        if el is wrapper or not isinstance(el.tag, str):
            continue
        classes = _classes(el)
        if classes & _NOT_META_CLASSES or el.get("id", "") in _AFTER_BODY_IDS:
            continue
        if classes & _META_CLASSES:
            blocks.append(el)
            continue
        pending.extend(reversed(el))
    return blocks


def _is_protected(
    title: lxml.html.HtmlElement | None, parts: _Parts, body_classes: set[str]
) -> bool:
    """A password-protected post shown without its password: core's class on the body or
    the post (`post_class()`), or its password form where the body would be (the form is
    all `the_content()` prints: a child of the body's wrapper, or of the Revolution
    theme's post area). Without a title element (`_metadata_title`), the body's class."""
    if _PROTECTED_CLASS in body_classes:
        return True
    if title is None:
        return False
    if _IN_PROTECTED_POST(title):
        return True
    scope = parts.wrapper if parts.wrapper is not None else title.getparent()
    return scope is not None and any(_is_password_form(form) for form in scope.iterchildren("form"))


def _is_password_form(form: lxml.html.HtmlElement) -> bool:
    # `wp-login.php?action=postpass` since WordPress 3.4, `wp-pass.php` before it.
    action = form.get("action") or ""
    return (
        "post-password-form" in _classes(form)
        or "action=postpass" in action
        or "wp-pass.php" in action
    )


def _main_column(title: lxml.html.HtmlElement, doc: lxml.html.HtmlElement) -> lxml.html.HtmlElement:
    """The nearest ancestor of the title that is the page's main column (see
    `LocatedPost.main_column`), else `doc`."""
    for ancestor in title.iterancestors():
        if (
            ancestor.tag == "main"
            or ancestor.get("role") == "main"
            or ancestor.get("id") in _MAIN_COLUMN_IDS
        ):
            return ancestor
    return doc


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


def _inside_comments(el: lxml.html.HtmlElement) -> bool:
    for node in (el, *el.iterancestors()):
        if node.get("id", "") in _AFTER_BODY_IDS or _classes(node) & _COMMENT_CLASSES:
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


def _published(
    head: _Head, parts: _Parts, shown: lxml.html.HtmlElement | None, page: Page
) -> tuple[DateValue, str | None]:
    """(publication date, its UTC instant or None); `shown` is the publication `<time>`."""
    if shown is not None:
        value, gmt = read_machine_date(shown.get("datetime"), shown.text_content(), page)
        # A `<time>` that gives less than the head's meta (no offset) gives way to it.
        if value.value is not None and (gmt is not None or not head.published):
            return value, gmt
    if head.published:
        value, gmt = read_machine_date(head.published, None, page)
        if value.value is not None:
            return value, gmt
    for block in parts.meta:
        for abbr in _PUBLISHED_ABBR(block):
            value, gmt = read_machine_date(abbr.get("title"), abbr.text_content(), page)
            if value.value is not None:
                return value, gmt
    return _published_text(parts, page), None


def _published_text(parts: _Parts, page: Page) -> DateValue:
    """The date printed as text in the date line (themes without machine dates)."""
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


def _modified(
    head: _Head, parts: _Parts, shown: lxml.html.HtmlElement | None, page: Page
) -> tuple[DateValue, str | None]:
    """(modification date, its UTC instant), only where the page shows one apart from the
    publication date (Twenty Twenty-One's `time.published.updated` is one date); `shown`
    is the modification `<time>`."""
    if shown is not None:
        value, gmt = read_machine_date(shown.get("datetime"), shown.text_content(), page)
        if value.value is not None:
            return value, gmt
    if head.modified:
        return read_machine_date(head.modified, None, page)
    for block in parts.meta:
        for abbr in _MODIFIED_ABBR(block):
            if "published" not in _classes(abbr):
                return read_machine_date(abbr.get("title"), abbr.text_content(), page)
    return NO_DATE, None


def _times(
    parts: _Parts,
) -> tuple[lxml.html.HtmlElement | None, lxml.html.HtmlElement | None]:
    """(publication, modification) `<time datetime>` elements of the meta blocks.

    Publication: the one with class `published`, else the first neither marked `updated`
    nor in a modified-date block. Modification: one marked `updated` but not `published`
    (classic themes print both classes on one element when the post was never edited),
    or in a modified-date block."""
    published = modified = first_plain = None
    for block in parts.meta:
        for time in _TIMES(block):
            classes = _classes(time)
            if "published" in classes:
                if published is None:
                    published = time
            elif "updated" in classes or _in_modified_block(time):
                if modified is None:
                    modified = time
            elif first_plain is None:
                first_plain = time
    return (published if published is not None else first_plain), modified


def _in_modified_block(time: lxml.html.HtmlElement) -> bool:
    # The block is the `<time>`'s parent (`core/post-date`), or its grandparent.
    for depth, ancestor in enumerate(time.iterancestors()):
        if depth > 1:
            return False
        if _classes(ancestor) & _MODIFIED_BLOCKS:
            return True
    return False


def _first(values: list[str]) -> str | None:
    """The first result of a string XPath, or None (parsel's `.get()`)."""
    return values[0] if values else None


def _author(parts: _Parts, root: str) -> str | None:
    for block in parts.meta:
        for anchor in _AUTHOR_LINKS(block):
            if name := squash(anchor.text_content()):
                return name
    # Block themes print the name without a link (`core/post-author`).
    for block in parts.meta:
        for named in _AUTHOR_NAMES(block):
            if name := squash(named.text_content()):
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
        for name, kind in _term_links(block):
            if kind == "category":
                categories.setdefault(name)
            elif kind == "tag":
                tags.setdefault(name)
    return list(categories), list(tags)


def _term_links(block: lxml.html.HtmlElement) -> list[tuple[str, str | None]]:
    """(name, "category"/"tag"/None) of the term links in a meta block, in order.

    Core's term lists say which taxonomy in `rel`: `category tag` (or `category` without
    pretty permalinks) for categories, `tag` for tags. Block themes' `core/post-terms`
    prints `rel="tag"` for every taxonomy; its block's class says which (and links of
    other taxonomies are neither)."""
    terms_blocks = _POST_TERMS_BLOCKS(block)
    if terms_blocks:
        return [
            (name, kind)
            for terms_block in terms_blocks
            if (kind := _terms_block_kind(terms_block)) is not None
            for anchor in _REL_LINKS(terms_block)
            if (name := squash(anchor.text_content()))
        ]
    links: list[tuple[str, str | None]] = []
    for anchor in _REL_LINKS(block):
        name = squash(anchor.text_content())
        rels = set(anchor.get("rel", "").lower().split())
        kind = "category" if "category" in rels else "tag" if "tag" in rels else None
        if name:
            links.append((name, kind))
    return links


def _terms_block_kind(terms_block: lxml.html.HtmlElement) -> str | None:
    classes = _classes(terms_block)
    if classes & _CATEGORY_BLOCKS:
        return "category"
    return "tag" if classes & _TAG_BLOCKS else None


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


def _postid_class(body_classes: set[str]) -> int | None:
    for name in body_classes:
        match = _POSTID_CLASS.match(name)
        if match:
            return int(match.group(1))
    return None


def _article_id(title: lxml.html.HtmlElement) -> int | None:
    """N of the `id="post-N"` that `post_class()` themes give the post's element."""
    for ancestor in title.iterancestors():
        match = _ARTICLE_ID.match(ancestor.get("id", ""))
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
