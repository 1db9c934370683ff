"""Compare a crawl's output with the database's truth, field by field.

Used by the real-WordPress tests (which demand every field right) and by
`bench/bench_wordpress.py` (which prints the recall and field-accuracy table).

Texts are compared as words: the database holds what the author typed, the page shows it
after WordPress's formatting (paragraphs added, quotes curled, dashes lengthened,
block-editor comments removed). Those typographic substitutions are undone on both sides
and nothing else is forgiven.
"""

from __future__ import annotations

import html
import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any, TypeVar

from tests.wordpress.truth import Truth, gmt_iso, local_iso

T = TypeVar("T")

_TYPOGRAPHY = str.maketrans(
    {"‘": "'", "’": "'", "“": '"', "”": '"', "–": "-", "—": "-", "…": "..."}
)
_TAG = re.compile(r"<[^>]+>|<!--.*?-->", re.S)


def words(text: str) -> str:
    """Text as a single-spaced run of words, with WordPress's typography undone."""
    # Tags go without a space: an inline link ends mid-sentence ("<a>Gravatar</a>.");
    # blocks are separated by newlines in the database as on the page.
    text = html.unescape(_TAG.sub("", text)).translate(_TYPOGRAPHY)
    return " ".join(text.split())


@dataclass
class Score:
    """Per field: how many records were compared and how many matched."""

    expected: int = 0
    found: int = 0
    extra: list[Any] = field(default_factory=list)
    compared: Counter[str] = field(default_factory=Counter)
    matched: Counter[str] = field(default_factory=Counter)
    mismatches: list[str] = field(default_factory=list)

    def check(self, record_key: Any, name: str, got: Any, want: Any) -> None:
        self.compared[name] += 1
        if got == want:
            self.matched[name] += 1
        elif len(self.mismatches) < 50:
            self.mismatches.append(f"{record_key} {name}: got {got!r}, want {want!r}")

    @property
    def recall(self) -> float:
        return self.found / self.expected if self.expected else 1.0

    def accuracy(self) -> float:
        compared = sum(self.compared.values())
        return sum(self.matched.values()) / compared if compared else 1.0


def _pairs(
    score: Score, records: list[dict[str, Any]], truths: dict[int, T], id_field: str, kind: str
) -> Iterator[tuple[int, str, T, dict[str, Any]]]:
    """Each true record with the crawl's record of the same ID; counts what is found,
    missing, or in the crawl only."""
    score.expected = len(truths)
    by_id = {record[id_field]: record for record in records}
    score.extra = sorted(set(by_id) - set(truths), key=str)
    for record_id, true in truths.items():
        record = by_id.get(record_id)
        if record is None:
            score.mismatches.append(f"{kind} {record_id} missing")
            continue
        score.found += 1
        yield record_id, f"{kind} {record_id}", true, record


def score_posts(
    records: list[dict[str, Any]],
    truth: Truth,
    *,
    root: str,
    permalinks: str,
    modified: bool,
) -> Score:
    """`modified`: whether this configuration publishes modification dates (the REST API
    does; the themes' pages do not): compared with the database's, or required null."""
    score = Score()
    for post_id, key, true, record in _pairs(score, records, truth.posts, "post_id", "post"):
        score.check(key, "url", record["url"], true.url(root, permalinks=permalinks))
        score.check(key, "title", words(record["title"]), words(true.title))
        score.check(
            key,
            "published",
            record["published"],
            local_iso(true.published_local, true.published_gmt),
        )
        score.check(key, "published_gmt", record["published_gmt"], gmt_iso(true.published_gmt))
        want_modified = local_iso(true.modified_local, true.modified_gmt) if modified else None
        score.check(key, "modified", record["modified"], want_modified)
        # As shown: block themes curl the quotes in names too.
        score.check(key, "author", words(record["author"] or ""), words(true.author))
        score.check(key, "categories", sorted(record["categories"]), sorted(true.categories))
        score.check(key, "tags", sorted(record["tags"]), sorted(true.tags))
        score.check(key, "protected", record["protected"], true.protected)
        want_text = "" if true.protected else words(true.content)
        score.check(key, "content_text", words(record["content_text"]), want_text)
        score.check(key, "comment_count", record["comment_count"], truth.comment_count(post_id))
    return score


def score_comments(
    records: list[dict[str, Any]], truth: Truth, *, root: str, permalinks: str
) -> Score:
    score = Score()
    for comment_id, key, true, record in _pairs(
        score, records, truth.comments, "comment_id", "comment"
    ):
        post = truth.posts[true.post_id]
        score.check(key, "post_id", record["post_id"], true.post_id)
        score.check(key, "post_url", record["post_url"], post.url(root, permalinks=permalinks))
        score.check(key, "parent_id", record["parent_id"], true.parent_id)
        score.check(key, "depth", record["depth"], truth.depth(comment_id))
        score.check(key, "author", words(record["author"]), words(true.author))
        score.check(key, "author_url", record["author_url"], true.author_url)
        score.check(
            key,
            "published",
            record["published"],
            local_iso(true.published_local, true.published_gmt),
        )
        score.check(key, "published_gmt", record["published_gmt"], gmt_iso(true.published_gmt))
        score.check(key, "content_text", words(record["content_text"]), words(true.content))
    return score


def table_row(name: str, posts: Score, comments: Score) -> str:
    """One Markdown table row: recall and field accuracy of posts and comments."""
    return (
        f"| {name} | {posts.found}/{posts.expected} ({posts.recall:.1%}) "
        f"| {posts.accuracy():.2%} | {comments.found}/{comments.expected} "
        f"({comments.recall:.1%}) | {comments.accuracy():.2%} "
        f"| {len(posts.extra) + len(comments.extra)} |"
    )


TABLE_HEADER = (
    "| configuration | posts found | post fields right | comments found "
    "| comment fields right | records not in the database |\n"
    "| --- | --- | --- | --- | --- | --- |"
)
