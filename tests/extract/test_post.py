"""Single post pages → `Post` (`ncia_scraper.extract.post`).

The main fixture reproduces the seed page (`post-2012-01-25-for-insurgency.html`, text in
`…content.txt`) in the 2012 NCIA theme's markup: unwrapped body between the date line and
`.postmeta`, sharing buttons before and after it, Disqus below."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pytest
from scrapy.http import HtmlResponse

from ncia_scraper.extract.page import Page
from ncia_scraper.extract.post import extract_post, is_post_page

PAGES = Path(__file__).parent / "fixtures" / "pages"
ROOT = "http://independentaction.net/"
CAPTURED = datetime(2012, 2, 18, 11, 30, tzinfo=UTC)
FETCHED = datetime(2026, 3, 1, 9, 0, 5, tzinfo=UTC)
PERMALINK = ROOT + "2012/01/25/for-insurgency-the-case-against-partnership/"
SEED_TEXT = (PAGES / "post-2012-01-25-for-insurgency.content.txt").read_text(encoding="utf-8")


def page(name: str, url: str) -> Page:
    return Page.from_html(url, (PAGES / name).read_text(encoding="utf-8"), CAPTURED)


def seed_post():
    post = extract_post(
        page("post-2012-01-25-for-insurgency.html", PERMALINK), comment_count=1, fetched_at=FETCHED
    )
    assert post is not None
    return post


def single(
    date_block: str, after: str = "", head: str = "", body: str = "<p>Body.</p>", sidebar: str = ""
) -> Page:
    """A Revolution single page at a permalink, with the given date line and meta."""
    html = (
        f"<html><head>{head}</head><body><div id='content'><div id='contentleft'>"
        f"<div class='postarea'><div class='breadcrumb'></div><h1>A title</h1>{date_block}"
        f"{body}<div style='clear:both;'></div>{after}</div></div>"
        f"<div id='sidebar'>{sidebar}</div></div></body></html>"
    )
    return Page.from_html(ROOT + "2011/11/30/a-title/", html, CAPTURED)


# ------------------------------------------------------------------------ the seed page


def test_seed_page_is_a_post() -> None:
    assert is_post_page(page("post-2012-01-25-for-insurgency.html", PERMALINK)) is True


def test_seed_identity_and_meta() -> None:
    post = seed_post()
    assert post.post_id == 3141  # <link rel='shortlink' href='…/?p=3141' />
    assert post.url == PERMALINK
    assert post.title == "For Insurgency: The Case against Partnership"
    assert post.author is None  # the theme prints none on single pages
    assert (post.published, post.published_raw, post.published_precision) == (
        "2012-01-25",
        "January 25, 2012",
        "day",
    )
    assert (post.modified, post.modified_raw, post.modified_precision) == (None, None, None)
    assert post.categories == ["News", "Viewpoint"]
    assert post.tags == ["partnership working"]
    assert post.comment_count == 1
    assert post.source == "live"
    assert post.captured_at == "2012-02-18T11:30:00+00:00"
    assert post.fetched_at == "2026-03-01T09:00:05+00:00"


def test_seed_body_text_is_exactly_the_seeds() -> None:
    post = seed_post()
    # Paragraphs as the seed shows them: the split sentence ("branded" / "'trouble-
    # makers'") as <p> and as <br><br>, the empty <p>&nbsp;</p> dropped, the more mark
    # (its own <p>) dropped, the <br> signature kept as lines.
    assert post.content_text == SEED_TEXT.rstrip("\n")
    assert post.content_text.endswith(
        "Jonathan S Davies\nProfessor of Critical Policy Studies\nDe Montfort University"
    )
    assert post.word_count == 1071 == len(SEED_TEXT.split())


def test_seed_sharing_buttons_are_not_content() -> None:
    post = seed_post()
    paragraphs = post.content_text.split("\n\n")
    assert paragraphs[0].startswith("For nearly two decades")
    for button in ("Tweet", "Like", "7", "Spread the word:", "Blog this!", "Tell a friend"):
        assert button not in paragraphs
    for text in ("Tweet", "Spread the word", "Bookmark in Browser", "Tags:", "Comments"):
        assert text not in post.content_text
    for markup in ("twitter-share-button", "fb-like", "shareinpost", "disqus", "Like</span>"):
        assert markup not in post.content_html


def test_seed_html_links_and_excerpt() -> None:
    post = seed_post()
    assert "<em>Howard’s End</em>" in post.content_html
    assert "Jonathan S Davies<br>\nProfessor of Critical Policy Studies<br>\nDe Montfort" in (
        post.content_html
    )
    assert post.content_html.startswith("<p>For nearly two decades")
    assert post.content_html.endswith("De Montfort University</p>")
    # In order, without duplicates (the Policy Press link appears twice).
    assert post.links == [
        "http://www.policypress.co.uk/display.asp?ISB=9781847426147",
        "http://www.independentaction.net/",
        "http://www.natcan.org.uk/",
    ]
    assert post.images == []
    # No meta description: the excerpt is the text before <span id="more-3141">.
    assert post.excerpt == SEED_TEXT.split("\n\n")[0]


# ------------------------------------------------------------ a windows-1252 page (2010)


def cp1252_post():
    url = ROOT + "2010/06/14/the-big-society-a-users-guide/"
    raw = (PAGES / "post-2010-06-14-cp1252.html").read_bytes()
    # Declared ISO-8859-1, written in windows-1252 (0x92 ’, 0x93 “, 0x96 –, 0x80 €, 0x85 …):
    # decoded as Scrapy does, by the declared charset read as its windows-1252 superset.
    response = HtmlResponse(url, body=raw)
    assert response.encoding == "cp1252"
    return extract_post(
        Page.from_html(url, response.text, CAPTURED), comment_count=0, fetched_at=FETCHED
    )


def test_windows_1252_page() -> None:
    post = cp1252_post()
    assert post is not None
    assert post.title == "The ‘Big Society’: a user’s guide"
    assert post.content_text == (
        "The Prime Minister’s “Big Society” will cost local groups £40,000 a year – or "
        "€47,000 – in lost grants.\n\nHere is our guide … in three parts.\n\n"
        "First: read the small print."
    )
    assert post.excerpt == (
        "What the Prime Minister’s ‘Big Society’ means for local groups – and what it costs them."
    )


def test_older_theme_variant_reads_ids_author_and_unwrapped_buttons() -> None:
    post = cp1252_post()
    assert post is not None
    # No shortlink before WordPress 3.0: the Disqus identifier gives the ID.
    assert post.post_id == 812
    # The canonical link's www. host folds onto the page's.
    assert post.url == ROOT + "2010/06/14/the-big-society-a-users-guide/"
    # RM's date line: <span class="time">DATE</span> by <a href="/author/rob/">…
    assert (post.published, post.published_raw) == ("2010-06-14", "June 14, 2010")
    assert post.author == "Rob Macmillan"
    assert post.categories == ["Viewpoint"]
    assert post.tags == ["big society", "hammersmith & fulham"]
    # A relative image source made absolute.
    assert post.images == [ROOT + "wp-content/uploads/2010/06/cameron-300x200.jpg"]
    # Unwrapped a.twitter-share-button and .fb-like, and .sociable after the body.
    for text in ("Tweet", "Like 12", "Share and Enjoy", "Facebook"):
        assert text not in post.content_text
    assert post.word_count == 32


# --------------------------------------------------------------- a theme that wraps it


def test_hentry_theme() -> None:
    url = ROOT + "2012/03/03/commissioning-and-the-compact/"
    post = extract_post(page("post-hentry-theme.html", url), comment_count=1, fetched_at=FETCHED)
    assert post is not None
    # The shortlink is Jetpack's wp.me form (no ?p=): the postid-N body class decides.
    assert post.post_id == 4200
    assert post.title == "Commissioning and the Compact"
    assert post.author == "Rob Macmillan"  # .author.vcard .fn
    assert (post.published, post.published_precision) == ("2012-03-03T09:15:00+00:00", "second")
    assert (post.modified, post.modified_raw) == (
        "2012-03-05T10:00:00+00:00",
        "2012-03-05T10:00:00+00:00",
    )
    assert post.categories == ["News"]
    # A rel="tag" link inside the body or a comment is not one of the post's tags.
    assert post.tags == ["cuts"]
    assert post.content_text == (
        "Commissioning was sold as a way to independence.\n\nIt turned out otherwise."
    )
    assert "Share this" not in post.content_html  # .sharedaddy inside .entry-content
    assert post.links == [ROOT + "tag/independence/"]


# ------------------------------------------------------------------- not single posts


@pytest.mark.parametrize(
    ("name", "url"),
    [
        ("page-about.html", ROOT + "about/"),
        # A 404 page at a post's URL has a title but no date line, id or canonical.
        ("page-404-at-post-url.html", ROOT + "2012/01/25/gone/"),
        ("listing-home-page-2.html", ROOT + "page/2/"),
        ("listing-home-page-1.html", ROOT),
        # One post on a listing is still a listing.
        ("listing-tag-hammersmith-fulham-page-2.html", ROOT + "tag/hammersmith-&-fulham/page/2/"),
    ],
)
def test_non_post_pages(name: str, url: str) -> None:
    p = page(name, url)
    assert is_post_page(p) is False
    assert extract_post(p, comment_count=0, fetched_at=FETCHED) is None


def test_body_classes_of_other_pages_win() -> None:
    html = (
        "<html><head><link rel='shortlink' href='http://independentaction.net/?p=9' /></head>"
        "<body class='page page-id-9'><div class='postarea'><h1>About</h1></div></body></html>"
    )
    assert is_post_page(Page.from_html(ROOT + "about/", html, CAPTURED)) is False


# ------------------------------------------------------------------ date line variants


@pytest.mark.parametrize(
    ("date_block", "after", "expected"),
    [
        # The site's own line.
        (
            "<div class='date'><p>January 25, 2012 &middot; Filed Under "
            "<a href='/category/news/' rel='category tag'>News</a></p></div>",
            "",
            ("2012-01-25", "January 25, 2012", None, ["News"]),
        ),
        # Whitespace family: "DATE | Filed Under CATS | N Comments" in .postmeta.
        (
            "<div class='postmeta'><p>November 30, 2011 | Filed Under "
            "<a href='/category/news/' rel='category tag'>News</a> | "
            "<a href='#comments'>2 Comments</a></p></div>",
            "",
            ("2011-11-30", "November 30, 2011", None, ["News"]),
        ),
        # Revolution Music: span.time, "by" author link, <br/> "Filed under".
        (
            "<div class='date'><div class='dateleft'><p><span class='time'>February 14, 2012"
            "</span> by <a href='http://independentaction.net/author/andy/'>Andy Benson</a>"
            " &nbsp;<br /> Filed under <a href='/category/news/' rel='category tag'>News</a>"
            "</p></div><div class='dateright'><p><span class='comment'>"
            "<a href='#respond'>Leave a comment</a></span></p></div></div>",
            "",
            ("2012-02-14", "February 14, 2012", "Andy Benson", ["News"]),
        ),
        # A family single: date alone on top, "Written by NAME · Filed Under" below.
        (
            "<div class='date'><p>Posted on 9 June 2009</p></div>",
            "<div class='postmeta'><p>Written by Rob &middot; Filed Under "
            "<a href='/category/news/' rel='category'>News</a>, "
            "<a href='/category/viewpoint/' rel='category'>Viewpoint</a></p></div>",
            ("2009-06-09", "9 June 2009", "Rob", ["News", "Viewpoint"]),
        ),
    ],
)
def test_date_line_forms(date_block: str, after: str, expected: tuple) -> None:
    post = extract_post(single(date_block, after), comment_count=0, fetched_at=FETCHED)
    assert post is not None
    assert (post.published, post.published_raw, post.author, post.categories) == expected
    assert post.published_precision == "day"
    assert post.content_text == "Body."


def test_rel_author_link() -> None:
    block = (
        "<div class='date'><p>January 25, 2012 by <a href='/about/rob/' rel='author'>Rob M</a>"
        "</p></div>"
    )
    post = extract_post(single(block), comment_count=0, fetched_at=FETCHED)
    assert post is not None
    assert post.author == "Rob M"


def test_no_date_line() -> None:
    # A single with a shortlink but no date block: no date, the body starts at the title.
    head = "<link rel='shortlink' href='http://independentaction.net/?p=5' />"
    post = extract_post(single("", head=head), comment_count=0, fetched_at=FETCHED)
    assert post is not None
    assert (post.published, post.published_raw, post.published_precision) == (None, None, None)
    assert post.post_id == 5
    assert post.content_text == "Body."


def test_clear_div_inside_the_body_is_kept() -> None:
    body = (
        "<p><img src='/wp-content/uploads/a.jpg' class='alignleft' />Floated.</p>"
        "<div style='clear: both'></div><p>After the float.</p>"
    )
    post = extract_post(
        single("<div class='date'><p>June 2, 2010</p></div>", body=body),
        comment_count=0,
        fetched_at=FETCHED,
    )
    assert post is not None
    assert post.content_text == "Floated.\n\nAfter the float."
    assert post.images == [ROOT + "wp-content/uploads/a.jpg"]


def test_markup_comments_and_a_sidebar_entry_div() -> None:
    # An HTML comment inside the body keeps the text after it; a widget's div.entry in
    # the sidebar is not the post's wrapper.
    post = extract_post(
        single(
            "<div class='date'><p>June 2, 2010</p></div>",
            body="<p>One.</p><!-- a note -->Loose text.<p>Two.</p><!-- end -->",
            sidebar="<ul><li class='widget'><div class='entry'><p>Widget text.</p></div></li></ul>",
        ),
        comment_count=0,
        fetched_at=FETCHED,
    )
    assert post is not None
    assert post.content_text == "One.\n\nLoose text.\n\nTwo."


# ------------------------------------------------------------------------- post ID order


def test_post_id_sources_in_order() -> None:
    block = "<div class='date'><p>June 2, 2010</p></div>"
    shortlink = "<link rel='shortlink' href='http://independentaction.net/?p=11' />"
    disqus = "<script>var disqus_identifier = '22 http://independentaction.net/?p=22';</script>"

    def post_id(head: str, after: str = "", classes: str = "") -> int | None:
        p = single(block, after=after, head=head)
        if classes:
            html = p.selector.get().replace("<body>", f"<body class='{classes}'>")
            p = Page.from_html(p.url, html, CAPTURED)
        post = extract_post(p, comment_count=0, fetched_at=FETCHED)
        assert post is not None
        return post.post_id

    assert post_id(shortlink, disqus, "single postid-33") == 11
    assert post_id("", disqus, "single postid-33") == 22
    assert post_id("", "", "single postid-33") == 33
    # A post page (date line at a permalink) that carries no ID at all.
    assert post_id("") is None


def test_fetched_at_is_written_in_utc() -> None:
    bst = timezone(timedelta(hours=1))
    post = extract_post(
        single("<div class='date'><p>June 2, 2010</p></div>"),
        comment_count=3,
        fetched_at=datetime(2026, 6, 1, 10, 0, tzinfo=bst),
        source="live",
    )
    assert post is not None
    assert post.fetched_at == "2026-06-01T09:00:00+00:00"
    assert post.comment_count == 3
    assert post.excerpt is None  # neither a meta description nor a more mark
