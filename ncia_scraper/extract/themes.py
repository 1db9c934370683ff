"""Theme profiles: the class names each family of themes gives the parts of a post page.

What WordPress core prints in every theme (`rel` values, `postid-N` and `post-N` classes,
the shortlink, canonical link, `<time datetime>`, `li#comment-N`, the password form) is
read by the extractors directly. These profiles only name the containers a theme puts
around those, so that the extractors know where the title, the body and the date line
are. The extractors use the union of all profiles: a page is never asked which theme it
is, and a class one theme gives the body never means something else in another.

See `docs/markup.md`, "Theme profiles", for the markup each one was read from.
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["PROFILES", "Profile", "bodies_without_page_links", "union"]


@dataclass(frozen=True)
class Profile:
    name: str
    title: frozenset[str] = frozenset()
    """Classes of the post's title element (an `h1` or `h2`)."""
    body: frozenset[str] = frozenset()
    """Classes of the element wrapping the post body (`the_content()`)."""
    meta: frozenset[str] = frozenset()
    """Classes of the blocks around the body that hold the date, author and terms."""
    author: frozenset[str] = frozenset()
    """Classes of an element whose text is the author's name (no link needed)."""
    category_block: frozenset[str] = frozenset()
    """Classes of a term list block (`core/post-terms`) whose links are categories,
    whatever their `rel` says."""
    tag_block: frozenset[str] = frozenset()
    """Classes of a term list block whose links are tags, whatever their `rel` says."""
    modified_date: frozenset[str] = frozenset()
    """Classes of a block holding the modification date rather than the publication date."""
    not_body: frozenset[str] = frozenset()
    """Classes of theme chrome printed inside the body wrapper (page links, sharing)."""
    comments: frozenset[str] = frozenset()
    """Classes of the comments block (never part of the post's meta)."""
    other_posts: frozenset[str] = frozenset()
    """Classes of blocks listing other posts (their titles, dates and terms are not ours)."""
    main_column: frozenset[str] = frozenset()
    """Ids of the column holding the post and its comments, without the sidebars (besides
    HTML5's `<main>` and `role="main"`, which need no profile)."""
    unlinked_post_pages: bool = False
    """True when the body wrapper comes without links to the other pages of a post split
    by `<!--nextpage-->`: its first page cannot tell that there are more."""


BLOCK = Profile(
    # WordPress core's blocks, as every block theme prints them (Twenty Twenty-Three,
    # WordPress 6.1: `core/post-title`, `core/post-content`, `core/post-date`,
    # `core/post-terms`, `core/post-author`, `core/comments`, `core/query`).
    name="block",
    title=frozenset({"wp-block-post-title"}),
    body=frozenset({"wp-block-post-content"}),
    meta=frozenset(
        {
            "wp-block-post-date",
            "wp-block-post-terms",
            "wp-block-post-author",
            "wp-block-post-author-name",
        }
    ),
    author=frozenset({"wp-block-post-author__name", "wp-block-post-author-name"}),
    # `core/post-terms` prints rel="tag" for every taxonomy; the block's class says which.
    category_block=frozenset({"taxonomy-category"}),
    tag_block=frozenset({"taxonomy-post_tag"}),
    # WordPress 6.2's "display last modified date" option of `core/post-date`.
    modified_date=frozenset({"wp-block-post-date__modified-date"}),
    comments=frozenset({"wp-block-comments"}),
    other_posts=frozenset({"wp-block-query", "wp-block-post-template"}),
    # WordPress 6.1's `core/post-content` calls no `wp_link_pages()`.
    unlinked_post_pages=True,
)

_CLASSIC_META = frozenset({
    "entry-meta", "entry-utility", "entry-footer", "post-footer", "posted-on", "posted-by",
    "byline", "post-taxonomies", "cat-links", "tags-links", "post-info", "postinfo", "meta",
})  # fmt: skip

CLASSIC = Profile(
    # The hAtom classes of the Twenty-* default themes (Twenty Ten to Twenty Twenty-One)
    # and the themes built on Underscores (`entry-title`, `entry-content`, `entry-meta`,
    # `entry-footer`, `posted-on`, `byline`, `cat-links`, `tags-links`).
    name="classic",
    title=frozenset({"entry-title"}),
    body=frozenset({"entry-content", "entry"}),
    meta=_CLASSIC_META,
    # `wp_link_pages()` inside the body: core's `.post-nav-links`, Twenty Twenty-One's
    # `nav.page-links`; Jetpack's sharing buttons.
    not_body=frozenset({"page-links", "post-nav-links", "sharedaddy"}),
    comments=frozenset({"comments-area", "comments"}),
    main_column=frozenset({"main", "primary", "content", "site-content"}),
)

REVOLUTION = Profile(
    # The 2012 NCIA site (Revolution Blog theme, StudioPress) and its family: an unwrapped
    # body under `div.postarea > h1`, `div.date` and `div.postmeta`; the sharing plugins
    # it ran. The title and body rules are structural (see `extract.post`).
    name="revolution",
    meta=frozenset({"date", "postmeta", "postmeta2", "postmetadata"}),
    not_body=frozenset({"shareinpost", "social-buttons-top", "sociable", "fb-like"}),
    comments=frozenset({"comments"}),
    # `div#content` holds the sidebar too; `div#contentleft` is the post's column.
    main_column=frozenset({"contentleft"}),
)

PROFILES: tuple[Profile, ...] = (BLOCK, CLASSIC, REVOLUTION)


def bodies_without_page_links() -> frozenset[str]:
    """Body wrapper classes of the profiles whose split posts' pages are not linked."""
    return frozenset().union(*(p.body for p in PROFILES if p.unlinked_post_pages))


def union(field_name: str) -> frozenset[str]:
    """One field of every profile, merged: the class names the extractors test for."""
    merged: set[str] = set()
    for profile in PROFILES:
        merged |= getattr(profile, field_name)
    return frozenset(merged)
