"""The ground truth of the test WordPress, read from its database (not from its pages).

What is public is decided here by WordPress's own rules, written as SQL: published posts
of type `post`; approved comments of type `comment` on them, except on password-protected
posts (WordPress shows those comments to no one without the password). Everything else
(drafts, private and scheduled posts, pending and spam comments, pingbacks, the content
of protected posts) must never reach the crawl's output.
"""

from __future__ import annotations

import html
import json
from dataclasses import dataclass
from datetime import datetime

from tests.wordpress.instance import WordPress

# Strings populate.php puts only into private material.
PRIVATE_MARKERS = (
    "DRAFT-MUST-NOT-LEAK",
    "PRIVATE-MUST-NOT-LEAK",
    "FUTURE-MUST-NOT-LEAK",
    "PROTECTED-CONTENT-MUST-NOT-LEAK",
    "PENDING-MUST-NOT-LEAK",
    "SPAM-MUST-NOT-LEAK",
)


@dataclass(frozen=True)
class TruePost:
    post_id: int
    slug: str
    title: str
    content: str
    published_local: str
    published_gmt: str
    modified_local: str
    modified_gmt: str
    author: str
    categories: frozenset[str]
    tags: frozenset[str]
    protected: bool

    def url(self, root: str, *, permalinks: str) -> str:
        """The permalink, in one of `instance.PERMALINKS`' structures (by name)."""
        if permalinks == "plain":
            return f"{root}?p={self.post_id}"
        if permalinks == "postname":
            return f"{root}{self.slug}/"
        year, month = self.published_local[:4], self.published_local[5:7]
        return f"{root}{year}/{month}/{self.slug}/"


@dataclass(frozen=True)
class TrueComment:
    comment_id: int
    post_id: int
    parent_id: int | None
    author: str
    author_url: str | None
    published_local: str
    published_gmt: str
    content: str


@dataclass(frozen=True)
class Truth:
    posts: dict[int, TruePost]
    comments: dict[int, TrueComment]

    def comment_count(self, post_id: int) -> int:
        return sum(1 for comment in self.comments.values() if comment.post_id == post_id)

    def depth(self, comment_id: int) -> int:
        depth, comment = 1, self.comments[comment_id]
        while comment.parent_id is not None:
            depth, comment = depth + 1, self.comments[comment.parent_id]
        return depth


_POSTS = """
SELECT JSON_OBJECT(
  'id', p.ID, 'slug', p.post_name, 'title', p.post_title, 'content', p.post_content,
  'date', p.post_date, 'date_gmt', p.post_date_gmt,
  'modified', p.post_modified, 'modified_gmt', p.post_modified_gmt,
  'author', u.display_name, 'protected', p.post_password <> '',
  'categories', (SELECT JSON_ARRAYAGG(t.name) FROM wp_term_relationships r
      JOIN wp_term_taxonomy tt ON tt.term_taxonomy_id = r.term_taxonomy_id
      JOIN wp_terms t ON t.term_id = tt.term_id
      WHERE r.object_id = p.ID AND tt.taxonomy = 'category'),
  'tags', (SELECT JSON_ARRAYAGG(t.name) FROM wp_term_relationships r
      JOIN wp_term_taxonomy tt ON tt.term_taxonomy_id = r.term_taxonomy_id
      JOIN wp_terms t ON t.term_id = tt.term_id
      WHERE r.object_id = p.ID AND tt.taxonomy = 'post_tag'))
FROM wp_posts p JOIN wp_users u ON u.ID = p.post_author
WHERE p.post_type = 'post' AND p.post_status = 'publish'
"""

_COMMENTS = """
SELECT JSON_OBJECT(
  'id', c.comment_ID, 'post', c.comment_post_ID, 'parent', c.comment_parent,
  'author', c.comment_author, 'url', c.comment_author_url,
  'date', c.comment_date, 'date_gmt', c.comment_date_gmt, 'content', c.comment_content)
FROM wp_comments c JOIN wp_posts p ON p.ID = c.comment_post_ID
WHERE c.comment_approved = '1' AND c.comment_type IN ('comment', '')
  AND p.post_type = 'post' AND p.post_status = 'publish' AND p.post_password = ''
"""


def read_truth(wordpress: WordPress) -> Truth:
    posts = {}
    for line in wordpress.sql(_POSTS):
        row = json.loads(line)
        posts[row["id"]] = TruePost(
            post_id=row["id"],
            slug=row["slug"],
            # WordPress stores titles and names entity-escaped ("&amp;"); pages show them
            # unescaped.
            title=html.unescape(row["title"]),
            content=row["content"],
            published_local=row["date"],
            published_gmt=row["date_gmt"],
            modified_local=row["modified"],
            modified_gmt=row["modified_gmt"],
            author=html.unescape(row["author"]),
            categories=frozenset(html.unescape(name) for name in row["categories"] or ()),
            tags=frozenset(html.unescape(name) for name in row["tags"] or ()),
            protected=bool(row["protected"]),
        )
    comments = {}
    for line in wordpress.sql(_COMMENTS):
        row = json.loads(line)
        comments[row["id"]] = TrueComment(
            comment_id=row["id"],
            post_id=row["post"],
            parent_id=row["parent"] or None,
            author=html.unescape(row["author"]),
            author_url=row["url"] or None,
            published_local=row["date"],
            published_gmt=row["date_gmt"],
            content=row["content"],
        )
    return Truth(posts=posts, comments=comments)


def local_iso(local: str, gmt: str) -> str:
    """The site-local time with its UTC offset, as the records give it: the offset is the
    difference WordPress itself stored between the local and the GMT column."""
    local_time = datetime.fromisoformat(local)
    offset = local_time - datetime.fromisoformat(gmt)
    minutes = int(offset.total_seconds() // 60)
    sign = "+" if minutes >= 0 else "-"
    hours, minutes = divmod(abs(minutes), 60)
    return f"{local_time.isoformat()}{sign}{hours:02d}:{minutes:02d}"


def gmt_iso(gmt: str) -> str:
    return datetime.fromisoformat(gmt).isoformat() + "Z"
