"""One record per post and per comment, from everything the site's doors said about it.

A post can be read from its page (the `links` door), from the REST API and, in part, from
the feeds and sitemaps. The API's values are exact (IDs, GMT dates, parents, modified
times), so they win; the page adds what only it shows (the excerpt, the number of pages)
and is compared with the API field by field. The posts feed's item is compared too, and
gives the exact publication time where the page showed only the day. A disagreement is
never resolved silently: it is returned as a line for the log.

Pure functions: no network, no Scrapy engine.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field, replace

from ncia_scraper.extract.feeds import FeedComment, FeedPost
from ncia_scraper.items import Comment, Post

DOORS = ("links", "api", "feeds", "sitemaps")
"""Every door, in the order `found_by` lists them."""


def door_order(doors: set[str] | list[str]) -> list[str]:
    return [door for door in DOORS if door in doors]


@dataclass
class Merged:
    posts: list[Post] = field(default_factory=list)
    comments: list[Comment] = field(default_factory=list)
    disagreements: list[str] = field(default_factory=list)


# Fields the API and the page both give, compared when both have a value.
_POST_FIELDS = ("post_id", "url", "title", "author", "published_gmt", "protected")
_POST_SETS = ("categories", "tags")
_COMMENT_FIELDS = ("post_id", "parent_id", "author", "author_url", "published_gmt")
# Fields whose null means something (a top-level comment), compared even when null.
_NULL_MEANS_SOMETHING = frozenset({"parent_id"})


def merge_post(
    page: Post | None,
    api: Post | None,
    *,
    found_by: set[str],
    comment_count: int,
    feed: FeedPost | None = None,
) -> tuple[Post, list[str]]:
    """The post's record and the disagreements between its page, the API and its item
    in the posts feed."""
    if page is None and api is None:
        raise ValueError("merge_post needs the page or the API record")
    disagreements: list[str] = []
    if api is None:
        merged = page
    elif page is None:
        merged = api
    else:
        disagreements = _compare(f"post {api.post_id}", api, page, _POST_FIELDS, _POST_SETS)
        if not api.protected and _words(api.content_text) != _words(page.content_text):
            disagreements.append(f"post {api.post_id} content_text: the API and the page differ")
        # The API's values; the page's for what the API does not give.
        merged = replace(
            api,
            # Sites often close the API's `users`: then the page names the author.
            author=api.author or page.author,
            excerpt=page.excerpt,
            page_count=page.page_count,
            source=page.source,
            captured_at=page.captured_at,
            fetched_at=page.fetched_at,
            snapshot=page.snapshot,
            archive_url=page.archive_url,
        )
    assert merged is not None
    if feed is not None:
        merged, feed_disagreements = _with_feed(merged, feed)
        disagreements += feed_disagreements
    return (
        replace(merged, comment_count=comment_count, found_by=door_order(found_by)),
        disagreements,
    )


def _with_feed(post: Post, feed: FeedPost) -> tuple[Post, list[str]]:
    """The post checked against its feed item; where the page showed only the day (older
    themes print no time), the feed's `pubDate` gives the exact moment."""
    label = f"post {post.post_id}"
    disagreements = []
    if feed.post_id is not None and post.post_id is not None and feed.post_id != post.post_id:
        # An imported post keeps its old site's guid: worth a line, not a correction.
        disagreements.append(f"{label} post_id: the feed says {feed.post_id}")
    if feed.author and post.author and not _same(feed.author, post.author):
        disagreements.append(f"{label} author: the feed says {feed.author!r}, not {post.author!r}")
    if feed.published_gmt is None:
        return post, disagreements
    if post.published_gmt is not None:
        if post.published_gmt != feed.published_gmt:
            disagreements.append(
                f"{label} published_gmt: the feed says {feed.published_gmt}, "
                f"not {post.published_gmt}"
            )
        return post, disagreements
    value = feed.published.value
    if post.published is not None and value is not None and value[:10] != post.published[:10]:
        disagreements.append(f"{label} published: the feed says {value}, the page {post.published}")
        return post, disagreements
    exact = replace(
        post,
        published=value,
        published_raw=feed.published.raw,
        published_precision=feed.published.precision,
        published_gmt=feed.published_gmt,
    )
    return exact, disagreements


def merge_comments(
    page: list[Comment],
    api: list[Comment],
    *,
    post_label: str,
    feed: Iterable[FeedComment] = (),
) -> tuple[list[Comment], list[str]]:
    """Comments of one post from its page(s) and the API: each once, in the page's order
    (thread order), API-only comments after them in ID order. The site-wide comments
    feed's items for the post are compared with them and date those the page leaves
    undated or dates only roughly ("3 weeks ago")."""
    merged, disagreements = _merge_page_and_api(page, api, post_label=post_label)
    by_id_feed = {item.comment_id: item for item in feed}
    if not by_id_feed:
        return merged, disagreements
    checked = []
    for comment in merged:
        item = by_id_feed.get(comment.comment_id)
        if item is None:
            checked.append(comment)
            continue
        comment, found = _with_feed_comment(comment, item, f"{post_label} comment")
        disagreements += found
        checked.append(comment)
    return checked, disagreements


# Precisions a feed's exact time improves on.
_ROUGH = frozenset({"hour", "day", "week", "month", "year"})


def _with_feed_comment(
    comment: Comment, item: FeedComment, label: str
) -> tuple[Comment, list[str]]:
    label = f"{label} {comment.comment_id}"
    disagreements = []
    if item.author and not _same(item.author, comment.author):
        disagreements.append(f"{label} author: the feed says {item.author!r}")
    # Feeds before WordPress 5 print no parent: only a parent given is compared.
    if item.parent_id is not None and item.parent_id != comment.parent_id:
        disagreements.append(f"{label} parent_id: the feed says {item.parent_id}")
    feed_gmt = item.published_gmt
    if comment.published_gmt is not None and feed_gmt is not None:
        if comment.published_gmt != feed_gmt:
            disagreements.append(f"{label} published_gmt: the feed says {feed_gmt}")
    elif feed_gmt is not None and (
        comment.published is None or comment.published_precision in _ROUGH
    ):
        day_shown = comment.published_precision == "day" and comment.published
        if day_shown and item.published.value and item.published.value[:10] != day_shown:
            disagreements.append(f"{label} published: the feed says {item.published.value}")
        else:
            comment = replace(
                comment,
                published=item.published.value,
                published_raw=item.published.raw,
                published_precision=item.published.precision,
                published_gmt=feed_gmt,
            )
    found_by = door_order({"feeds", *comment.found_by})
    return replace(comment, found_by=found_by), disagreements


def _merge_page_and_api(
    page: list[Comment], api: list[Comment], *, post_label: str
) -> tuple[list[Comment], list[str]]:
    by_id_api = {comment.comment_id: comment for comment in api}
    merged: list[Comment] = []
    disagreements: list[str] = []
    seen: set[int] = set()
    for comment in page:
        if comment.comment_id in seen:
            continue
        seen.add(comment.comment_id)
        from_api = by_id_api.get(comment.comment_id)
        if from_api is None:
            merged.append(replace(comment, found_by=door_order({"links", *comment.found_by})))
            continue
        label = f"{post_label} comment {comment.comment_id}"
        disagreements += _compare(label, from_api, comment, _COMMENT_FIELDS, ())
        if _words(from_api.content_text) != _words(comment.content_text):
            disagreements.append(f"{label} content_text: the API and the page differ")
        merged.append(
            replace(
                from_api,
                system=comment.system,
                captured_at=comment.captured_at,
                source=comment.source,
                snapshot=comment.snapshot,
                archive_url=comment.archive_url,
                found_by=door_order({"links", "api"}),
            )
        )
    for comment_id in sorted(set(by_id_api) - seen):
        comment = by_id_api[comment_id]
        merged.append(replace(comment, found_by=door_order({"api", *comment.found_by})))
    return merged, disagreements


# WordPress curls quotes and lengthens dashes in what themes print (wptexturize), not in
# what the API's names give: the same name either way.
_TYPOGRAPHY = str.maketrans({"‘": "'", "’": "'", "“": '"', "”": '"', "–": "-", "—": "-"})


def _same(want: object, got: object) -> bool:
    if isinstance(want, str) and isinstance(got, str):
        return want.translate(_TYPOGRAPHY) == got.translate(_TYPOGRAPHY)
    return want == got


def _compare(
    label: str, exact: object, shown: object, fields: tuple[str, ...], sets: tuple[str, ...]
) -> list[str]:
    found = []
    for name in fields:
        want, got = getattr(exact, name), getattr(shown, name)
        both_given = want is not None and got is not None
        if (both_given or name in _NULL_MEANS_SOMETHING) and not _same(want, got):
            found.append(f"{label} {name}: the API says {want!r}, the page {got!r}")
    for name in sets:
        want, got = set(getattr(exact, name)), set(getattr(shown, name))
        if want != got:
            found.append(f"{label} {name}: the API says {sorted(want)}, the page {sorted(got)}")
    return found


def _words(text: str) -> list[str]:
    return text.split()
