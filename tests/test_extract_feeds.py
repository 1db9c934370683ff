"""RSS2 posts and comments feeds (extract/feeds.py), read from feeds a WordPress 6.1 served.

The expected values were checked against the same site's REST API (IDs, parents, GMT
dates) when the fixtures were saved; see tests/fixtures/xml/README.md.
"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from ncia_scraper.dates import DateValue
from ncia_scraper.extract.feeds import (
    CommentsFeed,
    FeedComment,
    FeedPost,
    PostsFeed,
    feed_page_url,
    read_comments_feed,
    read_posts_feed,
)
from ncia_scraper.extract.xmlsafe import MalformedXml, OversizedXml, UnexpectedXml, UnsafeXml

FIXTURES = Path(__file__).parent / "fixtures" / "xml"
CAPTURED = datetime(2026, 11, 25, 12, 0, tzinfo=UTC)
BLOG = "http://blog.example.org"


def fixture(name: str) -> bytes:
    return (FIXTURES / name).read_bytes()


def posts_feed(data: bytes | str, **options: int) -> PostsFeed:
    return read_posts_feed(data, captured_at=CAPTURED, **options)


def comments_feed(data: bytes | str) -> CommentsFeed:
    return read_comments_feed(data, captured_at=CAPTURED)


def rss(items: str, channel_extra: str = "") -> str:
    """A feed with WordPress's namespaces around `items`."""
    return (
        '<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"'
        ' xmlns:content="http://purl.org/rss/1.0/modules/content/"'
        ' xmlns:wfw="http://wellformedweb.org/CommentAPI/"'
        ' xmlns:dc="http://purl.org/dc/elements/1.1/"'
        ' xmlns:atom="http://www.w3.org/2005/Atom"'
        ' xmlns:slash="http://purl.org/rss/1.0/modules/slash/">'
        f"<channel><title>Blog</title>{channel_extra}{items}</channel></rss>"
    )


def gmt_date(raw: str, value: str) -> DateValue:
    return DateValue(value, raw, "second")


# --- the posts feed ----------------------------------------------------------------------


def test_real_posts_feed_first_items() -> None:
    feed = posts_feed(fixture("wp61_feed.xml"))
    assert feed.next_page_url is None
    assert feed.posts[:3] == (
        FeedPost(
            url=f"{BLOG}/2026/11/hello-world/",
            post_id=1,  # guid http://wordpress.test/?p=1: the ID survives a change of host
            title="Hello world!",
            author="admin",
            categories=("Uncategorized",),
            published=gmt_date("Wed, 25 Nov 2026 11:57:58 +0000", "2026-11-25T11:57:58+00:00"),
            published_gmt="2026-11-25T11:57:58Z",
            comments_feed_url=f"{BLOG}/2026/11/hello-world/feed/",
            comment_count=1,
        ),
        FeedPost(
            url=f"{BLOG}/2014/09/independence-accountability-160/",
            post_id=None,  # its guid is a permalink, as for imported posts
            title="Independence & accountability (160)",  # printed "&#038;"
            author="Ada Okafor",
            # One category, then two tags ("arts & culture" from CDATA), not told apart.
            categories=("Voices from the Network", "arts & culture", "co-production"),
            # GMT 19:31 is 20:31 in London in September.
            published=gmt_date("Wed, 03 Sep 2014 19:31:00 +0000", "2014-09-03T20:31:00+01:00"),
            published_gmt="2014-09-03T19:31:00Z",
            comments_feed_url=f"{BLOG}/2014/09/independence-accountability-160/feed/",
            comment_count=1,
        ),
        FeedPost(
            url=f"{BLOG}/2014/08/tenants-organise-159/",
            post_id=None,
            title="Tenants organise (159)",
            author="Tom O'Brien",
            categories=("Voices from the Network",),
            published=gmt_date("Thu, 21 Aug 2014 11:32:00 +0000", "2014-08-21T12:32:00+01:00"),
            published_gmt="2014-08-21T11:32:00Z",
            comments_feed_url=f"{BLOG}/2014/08/tenants-organise-159/feed/",
            comment_count=6,
        ),
    )


def test_real_posts_feed_every_item() -> None:
    posts = posts_feed(fixture("wp61_feed.xml")).posts
    assert [(post.title, post.author, post.comment_count) for post in posts] == [
        ("Hello world!", "admin", 1),
        ("Independence & accountability (160)", "Ada Okafor", 1),
        ("Tenants organise (159)", "Tom O'Brien", 6),
        ("Evidence from the front line (158)", "Siân Price-Jones", 1),
        ("Closing the library (157)", "Ada Okafor", 5),
        ("A letter to our members (156)", "Tom O'Brien", 4),
        ("What “partnership” really means (155)", "Siân Price-Jones", 7),
        ("Campaigning without a grant (154)", "Ada Okafor", 3),
        ("Notes from the regional meeting (153)", "Tom O'Brien", 6),
        ("The council’s new funding rules (152)", "Siân Price-Jones", 2),
    ]
    assert posts[4].categories == ("Policy & Funding", "big society", "Q&A")
    assert posts[9].published_gmt == "2014-05-22T11:08:00Z"
    assert all(post.comments_feed_url == post.url + "feed/" for post in posts)


def test_text_input_reads_like_bytes() -> None:
    data = fixture("wp61_feed.xml")
    assert posts_feed(data.decode("utf-8")) == posts_feed(data)


def test_plain_permalinks_closed_comments_and_odd_items() -> None:
    items = (
        # Plain permalinks: the link's ?p=N wins over an imported guid's.
        "<item><title>Cuts &amp; closures: Siân’s report</title>"
        f"<link>{BLOG}/?p=171</link>"
        "<dc:creator><![CDATA[Siân Price-Jones]]></dc:creator>"
        "<pubDate>Sun, 01 Jul 2012 23:05:00 +0000</pubDate>"
        "<category><![CDATA[News]]></category><category>  </category>"
        '<guid isPermaLink="false">http://old.example.net/?p=12</guid></item>'
        # Comments closed and none: no wfw:commentRss or slash:comments at all.
        f"<item><title>Closed</title><link>{BLOG}/2012/06/closed/</link>"
        "<pubDate>Fri, 15 Jun 2012 08:02:00 -0000</pubDate></item>"
        # No link: nothing to crawl.
        "<item><title>No link</title></item>"
        # A date that is no date, and one without its zone.
        f"<item><title/><link>{BLOG}/a/</link><pubDate>sometime</pubDate>"
        "<slash:comments>many</slash:comments></item>"
        f"<item><link>{BLOG}/b/</link><pubDate>Fri, 15 Jun 2012 08:02:00</pubDate></item>"
    )
    posts = posts_feed(rss(items)).posts
    assert [post.url for post in posts] == [
        f"{BLOG}/?p=171",
        f"{BLOG}/2012/06/closed/",
        f"{BLOG}/a/",
        f"{BLOG}/b/",
    ]
    first, closed, undated, zoneless = posts
    assert (first.post_id, first.title, first.author, first.categories) == (
        171,
        "Cuts & closures: Siân’s report",
        "Siân Price-Jones",
        ("News",),
    )
    assert (first.published.value, first.published_gmt) == (
        "2012-07-02T00:05:00+01:00",
        "2012-07-01T23:05:00Z",
    )
    assert (closed.comments_feed_url, closed.comment_count, closed.author) == (None, None, None)
    assert closed.published_gmt == "2012-06-15T08:02:00Z"  # "-0000" is UTC too
    assert (undated.title, undated.published, undated.published_gmt) == (
        "",
        DateValue(None, "sometime", None),
        None,
    )
    assert undated.comment_count is None
    # parse_date takes a zoneless time as the site's; the GMT field takes nothing on trust.
    assert zoneless.published.value == "2012-06-15T08:02:00+01:00"
    assert zoneless.published_gmt is None


def test_next_page_hint() -> None:
    links = (
        f'<atom:link href="{BLOG}/feed/" rel="self" type="application/rss+xml" />'
        f'<atom:link href="{BLOG}/feed/?paged=2" rel="next" />'
    )
    assert posts_feed(rss("", links)).next_page_url == f"{BLOG}/feed/?paged=2"
    assert posts_feed(rss("", links.replace('rel="next"', 'rel="prev"'))).next_page_url is None


def test_the_page_past_the_last_is_an_empty_feed() -> None:
    # WordPress serves it with status 404; the body is a well-formed, empty channel.
    assert posts_feed(fixture("wp61_feed_past_last_page.xml")) == PostsFeed((), None)
    assert comments_feed(fixture("wp61_feed_past_last_page.xml")) == CommentsFeed((), None)


# --- the comments feeds ------------------------------------------------------------------


def test_real_site_wide_comments_feed() -> None:
    feed = comments_feed(fixture("wp61_comments_feed.xml"))
    assert feed.next_page_url is None
    assert [
        (c.comment_id, c.post_url.removeprefix(BLOG), c.post_id, c.parent_id, c.author)
        for c in feed.comments
    ] == [
        (1, "/2026/11/hello-world/", 1, None, "A WordPress Commenter"),
        (634, "/2014/09/independence-accountability-160/", None, None, "Andy Benson"),
        (633, "/2014/08/tenants-organise-159/", None, None, "Siobhán Ní Bhriain"),
        (632, "/2014/08/tenants-organise-159/", None, 628, "James Derounian"),
        (631, "/2014/08/tenants-organise-159/", None, 628, "Andy Benson"),
        (630, "/2014/08/tenants-organise-159/", None, 628, "Siobhán Ní Bhriain"),
        (629, "/2014/08/tenants-organise-159/", None, 628, "A Local Resident"),
        (628, "/2014/08/tenants-organise-159/", None, None, "James Derounian"),
        (627, "/2014/08/evidence-from-the-front-line-158/", None, None, "Andy Benson"),
        (626, "/2014/07/closing-the-library-157/", None, 623, "James Derounian"),
    ]
    reply = feed.comments[5]
    assert reply == FeedComment(
        comment_id=630,
        post_url=f"{BLOG}/2014/08/tenants-organise-159/",
        post_id=None,
        parent_id=628,
        author="Siobhán Ní Bhriain",
        published=gmt_date("Sat, 23 Aug 2014 15:46:00 +0000", "2014-08-23T16:46:00+01:00"),
        published_gmt="2014-08-23T15:46:00Z",
        # Without "In reply to …": the same HTML as the REST API's content.rendered.
        content_html=(
            "<p>Library council neighbourhood report closure report evidence local meeting "
            "contracts evidence meeting community. Evidence charity campaign network advice "
            "charity solidarity tenants council. Advice members network austerity contracts "
            "evidence members charity grants meeting contracts charity.</p>\n"
            '<p>Second thought: see <a href="https://example.org/evidence" rel="nofollow ugc">'
            "https://example.org/evidence</a> &#038; the report.</p>"
        ),
    )
    assert feed.comments[0].content_html.startswith("<p>Hi, this is a comment.<br />\n")


def test_real_post_comments_feed() -> None:
    comments = comments_feed(fixture("wp61_post_comments_feed.xml")).comments
    assert [comment.comment_id for comment in comments] == [633, 632, 631, 630, 629, 628]
    assert {comment.post_url for comment in comments} == {f"{BLOG}/2014/08/tenants-organise-159/"}
    assert [comment.published_gmt for comment in comments][-1] == "2014-08-22T15:26:00Z"


@pytest.mark.parametrize(
    ("link", "guid", "comment_id", "post_url", "post_id"),
    [
        (f"{BLOG}/2014/08/slug/comment-page-2/#comment-57", "", 57, f"{BLOG}/2014/08/slug/", None),
        (f"{BLOG}/2014/08/slug/comment-page-12#comment-57", "", 57, f"{BLOG}/2014/08/slug/", None),
        (f"{BLOG}/?p=12&cpage=2#comment-57", "", 57, f"{BLOG}/?p=12", 12),
        (f"{BLOG}/?cpage=2&p=12#comment-57", f"{BLOG}/?p=12#comment-57", 57, f"{BLOG}/?p=12", 12),
        # The ID from the guid when the link lacks the fragment.
        (f"{BLOG}/2012/post/", f"{BLOG}/?p=9#comment-7", 7, f"{BLOG}/2012/post/", 9),
        ("", f"{BLOG}/?p=9#comment-7", 7, f"{BLOG}/?p=9", 9),
    ],
    ids=["comment-page", "no-slash", "cpage", "cpage-first", "guid-id", "guid-only"],
)
def test_comment_links(
    link: str, guid: str, comment_id: int, post_url: str, post_id: int | None
) -> None:
    item = f"<item><link>{link.replace('&', '&amp;')}</link><guid>{guid}</guid></item>"
    (comment,) = comments_feed(rss(item)).comments
    assert (comment.comment_id, comment.post_url, comment.post_id) == (
        comment_id,
        post_url,
        post_id,
    )
    assert comment.published == DateValue(None, None, None)
    assert (comment.author, comment.parent_id, comment.content_html) == (None, None, "")


def test_items_without_a_comment_id_are_left_out() -> None:
    items = f"<item><link>{BLOG}/post/</link></item><item><link>{BLOG}/p/#comment-x</link></item>"
    assert comments_feed(rss(items)).comments == ()


def test_reply_lead_in_another_language_and_links_that_are_not_one() -> None:
    def content(html: str) -> tuple[int | None, str]:
        item = (
            f"<item><link>{BLOG}/2012/post/#comment-9</link>"
            f"<content:encoded><![CDATA[{html}]]></content:encoded></item>"
        )
        (comment,) = comments_feed(rss(item)).comments
        return comment.parent_id, comment.content_html

    french = f'<p>En réponse à <a href="{BLOG}/2012/post/#comment-4">Zoé</a>.</p>\n<p>Oui.</p>'
    assert content(french) == (4, "<p>Oui.</p>")
    # A commenter's own link to a comment is the comment's text.
    other = f'<p>See <a href="{BLOG}/2011/other/#comment-4">this</a>.</p>\n<p>Yes.</p>'
    assert content(other) == (None, other)
    own = f'<p>See <a href="{BLOG}/2012/post/#comment-4" rel="nofollow ugc">this</a>.</p>'
    assert content(own) == (None, own)
    # Only a first paragraph counts.
    later = f'<p>Yes.</p>\n<p>In reply to <a href="{BLOG}/2012/post/#comment-4">Zoé</a>.</p>'
    assert content(later) == (None, later)


# --- refused -----------------------------------------------------------------------------


@pytest.mark.parametrize("read", [posts_feed, comments_feed], ids=["posts", "comments"])
@pytest.mark.parametrize(
    ("name", "error"),
    [
        ("wp61_feed_truncated.xml", MalformedXml),
        ("wp61_html_404_page.html", MalformedXml),
        ("billion_laughs.xml", UnsafeXml),
        ("xxe_file_entity.xml", UnsafeXml),
        ("xxe_external_dtd.xml", UnsafeXml),
        ("xxe_utf7_smuggled.xml", UnsafeXml),
        ("wp61_sitemap_error.xml", UnexpectedXml),
        ("yoast_sitemap_index.xml", UnexpectedXml),
    ],
)
def test_refused_documents(read, name: str, error: type) -> None:
    with pytest.raises(error) as caught:
        read(fixture(name))
    assert "root:" not in str(caught.value)


def test_not_an_rss2_feed() -> None:
    atom = '<feed xmlns="http://www.w3.org/2005/Atom"><title>Blog</title></feed>'
    with pytest.raises(UnexpectedXml, match=r"^not an RSS 2.0 feed: the root element is <feed>$"):
        posts_feed(atom)
    with pytest.raises(UnexpectedXml, match=r"^not an RSS 2.0 feed: <rss> has no <channel>$"):
        posts_feed('<rss version="2.0"/>')
    with pytest.raises(MalformedXml):
        posts_feed(b"")


def test_a_feed_over_the_cap() -> None:
    data = fixture("wp61_feed.xml")
    assert len(posts_feed(data, max_bytes=len(data)).posts) == 10
    with pytest.raises(OversizedXml):
        posts_feed(data, max_bytes=len(data) - 1)


# --- paging ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("feed_url", "page", "expected"),
    [
        (f"{BLOG}/feed/", 2, f"{BLOG}/feed/?paged=2"),
        (f"{BLOG}/feed/", 1, f"{BLOG}/feed/"),
        (f"{BLOG}/feed/?paged=4", 1, f"{BLOG}/feed/"),
        (f"{BLOG}/feed/?paged=4", 5, f"{BLOG}/feed/?paged=5"),
        (f"{BLOG}/?feed=rss2", 3, f"{BLOG}/?feed=rss2&paged=3"),
        (f"{BLOG}/comments/feed/#top", 2, f"{BLOG}/comments/feed/?paged=2"),
        (f"{BLOG}/2014/08/slug/feed/", 2, f"{BLOG}/2014/08/slug/feed/?paged=2"),
    ],
)
def test_feed_page_url(feed_url: str, page: int, expected: str) -> None:
    assert feed_page_url(feed_url, page) == expected


def test_feed_pages_start_at_one() -> None:
    with pytest.raises(ValueError, match=r"^feed pages start at 1, got 0$"):
        feed_page_url(f"{BLOG}/feed/", 0)
