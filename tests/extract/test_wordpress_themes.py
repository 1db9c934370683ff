"""Post pages of a real WordPress 6.1 (`extract.pages.read_post_page`): Twenty Twenty-One
(a classic theme) and Twenty Twenty-Three (a block theme), `/%year%/%monthnum%/%postname%/`
and plain `?p=N` permalinks, saved by tests/fixtures/wordpress/posts/capture.py.

Expected values come from the database, never from the extractor: the post fields are
written out below as SQL gave them (and checked against `database.json`, the SQL read
at capture time); texts and comment threads are built from `database.json` by WordPress's
rules (paragraphs, UTC offsets, date formats).
"""

from __future__ import annotations

import html
import json
import re
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import cache
from pathlib import Path
from typing import Any

import pytest

from ncia_scraper.extract.page import Page
from ncia_scraper.extract.pages import PostPage, read_post_page
from ncia_scraper.items import Comment

FIXTURES = Path(__file__).parents[1] / "fixtures" / "wordpress" / "posts"
MANIFEST: list[dict[str, Any]] = json.loads((FIXTURES / "manifest.json").read_text("utf-8"))
DATABASE: dict[str, Any] = json.loads((FIXTURES / "database.json").read_text("utf-8"))
# The pages hold no relative dates; any capture time reads them the same.
CAPTURED = datetime(2026, 11, 25, 12, 0, tzinfo=UTC)
FETCHED = datetime(2026, 11, 25, 12, 0, 5, tzinfo=UTC)


@dataclass(frozen=True)
class TruePost:
    title: str
    author: str
    published: str
    published_raw: str
    published_gmt: str
    categories: list[str]
    tags: list[str]
    path: str
    """The permalink below the root, pretty permalinks."""


# SELECT ID, post_title, post_name, post_date, post_date_gmt, display_name, term names
# (see capture.py); the offset is post_date − post_date_gmt, the raw the theme's date
# format "F j, Y"; terms in the order the themes print them (by name).
POSTS = {
    9: TruePost(
        "A letter to our members (6)", "Tom O'Brien",
        "2009-03-11T17:57:00+00:00", "March 11, 2009", "2009-03-11T17:57:00Z",
        ["Policy & Funding", "Uncategorized"], [], "2009/03/a-letter-to-our-members-6/",
    ),
    14: TruePost(
        "Why local groups matter (11)", "Siân Price-Jones",
        "2009-05-15T19:59:00+01:00", "May 15, 2009", "2009-05-15T18:59:00Z",
        ["Events"], ["arts & culture"], "2009/05/why-local-groups-matter-11/",
    ),
    16: TruePost(
        "Notes from the regional meeting (13)", "Ada Okafor",
        "2009-06-10T20:38:00+01:00", "June 10, 2009", "2009-06-10T19:38:00Z",
        ["Policy & Funding"], [], "2009/06/notes-from-the-regional-meeting-13/",
    ),
    29: TruePost(
        "A letter to our members (26)", "Siân Price-Jones",
        "2009-11-26T10:51:00+00:00", "November 26, 2009", "2009-11-26T10:51:00Z",
        ["Policy & Funding", "Uncategorized"], [], "2009/11/a-letter-to-our-members-26/",
    ),
    37: TruePost(
        "Campaigning without a grant (34)", "Ada Okafor",
        "2010-03-10T11:02:00+00:00", "March 10, 2010", "2010-03-10T11:02:00Z",
        ["Community Action", "Uncategorized"], ["big society", "cuts", "independence"],
        "2010/03/campaigning-without-a-grant-34/",
    ),
    54: TruePost(
        "Why local groups matter (51)", "Tom O'Brien",
        "2010-10-17T21:51:00+01:00", "October 17, 2010", "2010-10-17T20:51:00Z",
        ["Policy & Funding"], ["big society", "co-production"],
        "2010/10/why-local-groups-matter-51/",
    ),
    64: TruePost(
        "Why local groups matter (61)", "Ada Okafor",
        "2011-02-24T11:58:00+00:00", "February 24, 2011", "2011-02-24T11:58:00Z",
        ["Events"], ["big society", "localism"], "2011/02/why-local-groups-matter-61/",
    ),
    74: TruePost(
        "Why local groups matter (71)", "Siân Price-Jones",
        "2011-07-04T19:37:00+01:00", "July 4, 2011", "2011-07-04T18:37:00Z",
        ["Uncategorized"], ["cuts"], "2011/07/why-local-groups-matter-71/",
    ),
    94: TruePost(
        "Notes from the regional meeting", "Ada Okafor",
        "2012-03-20T21:29:00+00:00", "March 20, 2012", "2012-03-20T21:29:00Z",
        ["Voices from the Network"], ["arts & culture", "health & care", "independence"],
        "2012/03/notes-from-the-regional-meeting-2/",
    ),
}  # fmt: skip
PROTECTED_ID = 74  # SELECT ID FROM wp_posts WHERE post_password != ''


@dataclass(frozen=True)
class Saved:
    file: str
    url: str
    root: str
    theme: str
    pretty: bool
    post_id: int
    page: int
    cpage: int | None

    def permalink(self, post_id: int | None = None) -> str:
        post_id = post_id or self.post_id
        return self.root + (POSTS[post_id].path if self.pretty else f"?p={post_id}")

    def read(self) -> PostPage:
        return _read(self.file)


SAVED = [
    Saved(
        entry["file"],
        entry["url"],
        entry["root"],
        entry["theme"],
        entry["pretty"],
        entry["post"],
        entry["page"],
        entry["cpage"],
    )
    for entry in MANIFEST
]


def saved(name: str) -> Saved:
    return next(entry for entry in SAVED if entry.file == name)


@cache
def _read(name: str) -> PostPage:
    entry = saved(name)
    page = Page.from_html(entry.url, (FIXTURES / name).read_text("utf-8"), CAPTURED)
    post_page = read_post_page(page, site_root=entry.root, fetched_at=FETCHED)
    assert post_page is not None, name
    return post_page


def _ids(entries: list[Saved]) -> list[str]:
    return [entry.file.removesuffix(".html") for entry in entries]


def _db_post(post_id: int) -> dict[str, Any]:
    return next(post for post in DATABASE["posts"] if post["id"] == post_id)


def _db_comments(post_id: int) -> list[dict[str, Any]]:
    """The comments a visitor sees: approved, of type comment (no pingbacks)."""
    return [
        comment
        for comment in DATABASE["comments"]
        if comment["post"] == post_id
        and comment["approved"] == "1"
        and comment["type"] == "comment"
    ]


def _paragraphs(content: str) -> str:
    """The text WordPress shows for stored content: blocks' delimiters and the more and
    nextpage marks dropped, one paragraph per blank-line-separated run, tags stripped."""
    content = re.sub(r"<!--.*?-->", "", content, flags=re.S)
    texts = [html.unescape(re.sub(r"<[^>]+>", "", part)).strip() for part in content.split("\n\n")]
    return "\n\n".join(text for text in texts if text)


def _offset_iso(local: str, gmt: str) -> str:
    """A WordPress (local, GMT) pair as ISO 8601 with the offset WordPress stored."""
    offset = datetime.fromisoformat(local) - datetime.fromisoformat(gmt)
    minutes = int(offset.total_seconds()) // 60
    sign = "+" if minutes >= 0 else "-"
    return f"{local.replace(' ', 'T')}{sign}{abs(minutes) // 60:02d}:{abs(minutes) % 60:02d}"


def _as_printed_author(name: str, theme: str) -> str:
    """The author's name as a theme prints it: Twenty Twenty-Three's `core/post-author`
    runs it through wptexturize ("O'Brien" → "O’Brien"); Twenty Twenty-One escapes it."""
    return name.replace("'", "\u2019") if theme == "twentytwentythree" else name


def _comment_date_text(local: str, theme: str) -> str:
    """The date a theme prints for a comment: Twenty Twenty-One "F j, Y at g:i a",
    Twenty Twenty-Three's comment date block "F j, Y"."""
    moment = datetime.fromisoformat(local)
    day = f"{moment:%B} {moment.day}, {moment.year}"
    if theme == "twentytwentythree":
        return day
    hour = moment.hour % 12 or 12
    return f"{day} at {hour}:{moment:%M} {'pm' if moment.hour >= 12 else 'am'}"


def _depths(comments: list[dict[str, Any]]) -> dict[int, int]:
    parents = {comment["id"]: comment["parent"] for comment in comments}
    depths: dict[int, int] = {}
    for comment_id in parents:
        depth, parent = 1, parents[comment_id]
        while parent:
            depth, parent = depth + 1, parents[parent]
        depths[comment_id] = depth
    return depths


# ------------------------------------------------------------- the truth is the database's


def test_the_written_out_posts_are_what_the_database_says() -> None:
    for post_id, truth in POSTS.items():
        row = _db_post(post_id)
        assert row["title"] == truth.title
        assert row["author"] == truth.author
        assert _offset_iso(row["date"], row["date_gmt"]) == truth.published
        assert row["date_gmt"].replace(" ", "T") + "Z" == truth.published_gmt
        assert truth.path == f"{row['date'][:4]}/{row['date'][5:7]}/{row['slug']}/"
        # Term names are stored HTML-escaped ("Policy &amp; Funding").
        assert sorted(truth.categories) == sorted(html.unescape(n) for n in row["categories"])
        assert sorted(truth.tags) == sorted(html.unescape(n) for n in row["tags"] or [])
        assert bool(row["password"]) == (post_id == PROTECTED_ID)


# ------------------------------------------------------------------------ post metadata


@pytest.mark.parametrize("entry", SAVED, ids=_ids(SAVED))
def test_post_fields(entry: Saved) -> None:
    post = entry.read().post
    truth = POSTS[entry.post_id]
    assert post.post_id == entry.post_id
    assert post.url == entry.permalink()  # never the /N/ or /comment-page-N/ it was read at
    assert post.title == truth.title  # "Protected: " is WordPress's, not the title
    assert post.author == _as_printed_author(truth.author, entry.theme)
    assert (post.published, post.published_raw, post.published_precision) == (
        truth.published,
        truth.published_raw,
        "second",
    )
    assert post.published_gmt == truth.published_gmt
    # Neither theme prints the modification date (9 and 54 were edited: see
    # test_modified_date_where_a_theme_prints_it).
    assert (post.modified, post.modified_raw, post.modified_gmt) == (None, None, None)
    assert post.categories == truth.categories
    assert post.tags == truth.tags
    assert post.protected is (entry.post_id == PROTECTED_ID)
    assert post.page_count == 1
    assert post.source == "live"


@pytest.mark.parametrize(
    "entry",
    [entry for entry in SAVED if entry.post_id not in (PROTECTED_ID, 64)],
    ids=_ids([entry for entry in SAVED if entry.post_id not in (PROTECTED_ID, 64)]),
)
def test_post_content_is_the_stored_content(entry: Saved) -> None:
    post = entry.read().post
    expected = _paragraphs(_db_post(entry.post_id)["content"])
    assert post.content_text == expected
    assert post.word_count == len(expected.split())
    # The only link any of these posts has (populate.php: every seventh post, index 10).
    assert post.links == (["https://example.org/report-10.pdf"] if entry.post_id == 14 else [])
    assert post.images == []
    # Theme chrome is not content: no date line, author, terms or comment form.
    for chrome in ("Published", "Categorized", "Posted", "Leave a", "Comment"):
        assert chrome not in post.content_text


@pytest.mark.parametrize(
    "entry", [e for e in SAVED if e.post_id == 29], ids=_ids([e for e in SAVED if e.post_id == 29])
)
def test_excerpt_is_the_text_before_the_more_mark(entry: Saved) -> None:
    content = _db_post(29)["content"]
    assert entry.read().post.excerpt == _paragraphs(content.split("<!--more-->")[0])


def test_no_excerpt_without_a_more_mark() -> None:
    assert _read("tt1-pretty-post-37.html").post.excerpt is None
    assert _read("tt3-plain-post-94.html").post.excerpt is None


# -------------------------------------------------------------------------- protected


PROTECTED = [entry for entry in SAVED if entry.post_id == PROTECTED_ID]


@pytest.mark.parametrize("entry", PROTECTED, ids=_ids(PROTECTED))
def test_protected_post_is_metadata_only(entry: Saved) -> None:
    post_page = entry.read()
    post = post_page.post
    assert post.protected is True
    assert (post.content_html, post.content_text, post.word_count) == ("", "", 0)
    assert (post.links, post.images, post.excerpt) == ([], [], None)
    # WordPress shows no comments without the password (and 74 has none).
    assert post_page.comments == []
    assert post.comment_count == 0
    record = json.dumps(post.__dict__)
    assert "PROTECTED-CONTENT-MUST-NOT-LEAK" not in record
    assert "password" not in record.lower()


# ----------------------------------------------------------------------------- comments

WITH_COMMENTS = [entry for entry in SAVED if _db_comments(entry.post_id)]


@pytest.mark.parametrize("entry", WITH_COMMENTS, ids=_ids(WITH_COMMENTS))
def test_comment_fields(entry: Saved) -> None:
    post_page = entry.read()
    truth = {comment["id"]: comment for comment in _db_comments(entry.post_id)}
    depths = _depths(list(truth.values()))
    assert post_page.comments, "every page of these posts shows comments"
    assert post_page.post.comment_count == len(post_page.comments)
    for comment in post_page.comments:
        row = truth[comment.comment_id]  # a public comment of this post, never a pingback
        assert comment.post_id == entry.post_id
        assert comment.post_url == entry.permalink()
        assert comment.parent_id == (row["parent"] or None)
        assert comment.depth == depths[row["id"]]
        assert comment.author == row["author"]
        assert comment.author_url == (row["author_url"] or None)
        assert comment.published == _offset_iso(row["date"], row["date_gmt"])
        assert comment.published_raw == _comment_date_text(row["date"], entry.theme)
        assert comment.published_precision == "second"
        assert comment.published_gmt == row["date_gmt"].replace(" ", "T") + "Z"
        assert comment.content_text == _paragraphs(row["content"])
        assert comment.system == "wordpress"


def test_pingbacks_are_not_comments() -> None:
    # SELECT comment_ID FROM wp_comments WHERE comment_type = 'pingback' → 651, on post 14.
    for name in ("tt1-pretty-post-14.html", "tt3-pretty-post-14.html", "tt3-plain-post-14.html"):
        ids = [comment.comment_id for comment in _read(name).comments]
        assert ids == [39, 43, 40, 44, 41, 42]  # threads in document order, no 651


THREADED = [entry for entry in SAVED if entry.post_id == 37 and entry.cpage is None]


@pytest.mark.parametrize("entry", THREADED, ids=_ids(THREADED))
def test_comment_pages_merge_into_the_whole_thread(entry: Saved) -> None:
    """The post's URL shows its newest comment page (default_comments_page = newest);
    with page 1 merged in, every public comment is there once, threaded as stored."""
    first = next(e for e in SAVED if e.post_id == 37 and e.cpage == 1 and e.root == entry.root)
    merged = entry.read().with_comment_pages([first.read()])
    truth = _db_comments(37)
    depths = _depths(truth)
    assert sorted(comment.comment_id for comment in merged.comments) == sorted(
        row["id"] for row in truth
    )
    assert len(merged.comments) == 64
    assert merged.post.comment_count == 64
    assert {c.comment_id: (c.parent_id, c.depth) for c in merged.comments} == {
        row["id"]: (row["parent"] or None, depths[row["id"]]) for row in truth
    }
    # Page order: page 1's threads first.
    assert merged.comments[0].comment_id == first.read().comments[0].comment_id


# --------------------------------------------------------------- pages of post and comments


def _comment_page(entry: Saved, number: int) -> str:
    if entry.pretty:
        return entry.permalink() + f"comment-page-{number}/"
    return f"{entry.root}?cpage={number}&p={entry.post_id}"


def _post_page(entry: Saved, number: int) -> str:
    if number == 1:
        return entry.permalink()
    if entry.pretty:
        return entry.permalink() + f"{number}/"
    return f"{entry.root}?p={entry.post_id}&page={number}"


@pytest.mark.parametrize("entry", SAVED, ids=_ids(SAVED))
def test_comment_pages(entry: Saved) -> None:
    post_page = entry.read()
    if entry.post_id != 37:
        # One comment page: nothing to fetch (page 1, when its comments link to it).
        assert post_page.comment_pages == []
        return
    # 32 top-level comments, 20 a page (wp_options comments_per_page): pages 1 and 2; the
    # post's own URL shows page 2.
    shown = entry.cpage or 2
    other = 1 if shown == 2 else 2
    assert post_page.comment_page == shown
    assert post_page.comment_pages == [_comment_page(entry, other)]


@pytest.mark.parametrize("entry", SAVED, ids=_ids(SAVED))
def test_post_pages(entry: Saved) -> None:
    post_page = entry.read()
    assert post_page.post_page == entry.page
    if entry.post_id != 64:
        assert post_page.post_pages == []
    elif entry.theme == "twentytwentyone":
        # wp_link_pages(): every page linked from every page.
        assert post_page.post_pages == [_post_page(entry, n) for n in (1, 2, 3) if n != entry.page]
    else:
        # Twenty Twenty-Three prints no page links: a page knows of the pages before it
        # (its number says they exist), never of those after it.
        assert post_page.post_pages == [_post_page(entry, n) for n in range(1, entry.page)]
    if entry.theme == "twentytwentyone" or entry.post_id == PROTECTED_ID:
        assert post_page.probe_post_page is None
    else:
        # So the next page must be asked for (WordPress redirects when there is none).
        assert post_page.probe_post_page == _post_page(entry, entry.page + 1)


@pytest.mark.parametrize("root_file", ["tt1-pretty-post-64.html", "tt3-pretty-post-64.html"])
def test_post_pages_join_into_one_post(root_file: str) -> None:
    first = _read(root_file)
    prefix = root_file.removesuffix(".html")
    others = [_read(f"{prefix}-page-{n}.html") for n in (3, 2)]  # any order
    joined = first.with_post_pages(others).post
    expected = _paragraphs(_db_post(64)["content"])
    assert expected.startswith("Page one of a long report.")
    assert "Page three, the conclusions." in expected
    assert joined.content_text == expected
    assert joined.word_count == len(expected.split())
    assert joined.page_count == 3
    assert joined.content_html.count("<p>") == 3
    assert joined.comment_count == first.post.comment_count == 6
    assert (joined.post_id, joined.url, joined.title) == (64, first.post.url, POSTS[64].title)


def test_each_post_page_holds_its_part() -> None:
    pages = _paragraphs(_db_post(64)["content"]).split("\n\n")
    for n, text in enumerate(pages, start=1):
        name = "tt1-pretty-post-64.html" if n == 1 else f"tt1-pretty-post-64-page-{n}.html"
        assert _read(name).post.content_text == text


def test_links_elsewhere_are_not_pages_of_the_post() -> None:
    # Twenty Twenty-One's Latest Comments widget links other posts' comment pages, and
    # every comment has a `?replytocom=N` reply link to this page.
    post_page = _read("tt1-pretty-post-37.html")
    assert all("replytocom" not in url for url in post_page.comment_pages)
    assert all(url.startswith(post_page.post.url) for url in post_page.comment_pages)


def test_two_posts_with_one_title_are_two_posts() -> None:
    # SELECT ID FROM wp_posts WHERE post_title = 'Notes from the regional meeting' → 44, 94.
    pretty = _read("tt1-pretty-post-94.html").post
    plain = _read("tt3-plain-post-94.html").post
    assert (pretty.post_id, pretty.title) == (plain.post_id, plain.title) == (94, POSTS[94].title)
    assert pretty.url.endswith("/notes-from-the-regional-meeting-2/")


def test_comment_records_of_a_page_say_where_they_come_from() -> None:
    comment: Comment = _read("tt3-plain-post-37-comment-page-1.html").comments[0]
    assert comment.captured_at == "2026-11-25T12:00:00+00:00"
    assert comment.source == "live"
