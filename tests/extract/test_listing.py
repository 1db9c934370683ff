"""Links from listing and post pages (`ncia_scraper.extract.listing`), on fixtures in the
Revolution theme's markup (posts as siblings in `.postarea`, both pagination forms) and
WordPress 3.3 core's (rel values, archives links and dropdown, tag cloud)."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from ncia_scraper.extract.listing import Links, extract_links
from ncia_scraper.extract.page import Page

PAGES = Path(__file__).parent / "fixtures" / "pages"
ROOT = "http://independentaction.net/"
CAPTURED = datetime(2012, 2, 18, 11, 30, tzinfo=UTC)
PERMALINK = ROOT + "2012/01/25/for-insurgency-the-case-against-partnership/"


def page(name: str, url: str) -> Page:
    return Page.from_html(url, (PAGES / name).read_text(encoding="utf-8"), CAPTURED)


def inline(url: str, body: str, head: str = "") -> Page:
    html = f"<html><head>{head}</head><body><div id='content'>{body}</div></body></html>"
    return Page.from_html(url, html, CAPTURED)


def test_home_page_2_posts_nav_link_both_ways() -> None:
    links = extract_links(page("listing-home-page-2.html", ROOT + "page/2/"), ROOT)
    # Title links, "Read more" (#more-N), comment links and a www. link in a body all
    # name three posts, once each, in page order.
    assert links.posts == [
        ROOT + "2011/12/19/the-compact-is-dead/",
        ROOT + "2011/12/08/hammersmith-fulham-cuts/",
        ROOT + "2011/11/30/n30-strike/",
    ]
    # posts_nav_link: "« Previous Page" is previous_posts_link (newer, here page 1 = the
    # home URL); "Next Page »" is next_posts_link (older).
    assert links.older_page == ROOT + "page/3/"
    assert links.newer_page == ROOT
    assert links.listings == [
        ROOT + "2012/02/",  # <link rel='archives'>
        ROOT + "2012/01/",
        ROOT + "2011/12/",
        ROOT,  # header logo
        ROOT + "author/andy/",  # "by Andy Benson" in the date line
        ROOT + "category/news/",  # rel="category tag"
        ROOT + "tag/compact/",  # rel="tag"
        ROOT + "tag/independence/",
        ROOT + "category/local-campaigns/",
        ROOT + "tag/cuts/",
        ROOT + "tag/hammersmith-&-fulham/",
        ROOT + "page/3/",  # pagination
        ROOT + "tag/older/",  # tag cloud (a tag called "older" is not pagination)
        ROOT + "category/local-campaigns/london/",  # category list, child category
    ]
    assert links.comment_feed is None


def test_tag_page_previous_entries_is_older() -> None:
    url = ROOT + "tag/hammersmith-&-fulham/page/2/"
    links = extract_links(page("listing-tag-hammersmith-fulham-page-2.html", url), ROOT)
    # alignleft: next_posts_link('« Previous Entries') → page 3, OLDER posts.
    # alignright: previous_posts_link('Next Entries »') → page 1, newer posts.
    assert links.older_page == ROOT + "tag/hammersmith-&-fulham/page/3/"
    assert links.newer_page == ROOT + "tag/hammersmith-&-fulham/"
    assert links.posts == [
        ROOT + "2010/06/30/fulham-advice-centre-closes/",
        ROOT + "2010/06/02/h-and-f-consultation/",
    ]
    assert links.listings == [
        ROOT + "2011/12/",
        ROOT + "2010/06/",
        ROOT,
        ROOT + "category/local-campaigns/london/",
        ROOT + "tag/hammersmith-&-fulham/",
        ROOT + "tag/consultation/",
        ROOT + "tag/hammersmith-&-fulham/page/3/",
    ]


def test_home_page_1_points_to_page_2_and_folds_www_and_https() -> None:
    # Fetched as https://www.…: every same-site link lands on the root's http host.
    links = extract_links(
        page("listing-home-page-1.html", "https://www.independentaction.net/"), ROOT
    )
    assert links.older_page == ROOT + "page/2/"
    assert links.newer_page is None
    assert links.posts == [ROOT + "2012/02/14/5000-fewer-managers-4000-more-doctors/", PERMALINK]
    # The logo links the page itself: not listed.
    assert links.listings == [
        ROOT + "2012/02/",
        ROOT + "2012/01/",
        ROOT + "category/news/",
        ROOT + "tag/health/",
        ROOT + "category/viewpoint/",
        ROOT + "tag/partnership-working/",
        ROOT + "page/2/",
    ]


def test_post_page_links_archives_tags_categories_and_adjacent_posts() -> None:
    links = extract_links(page("post-2012-01-25-for-insurgency.html", PERMALINK), ROOT)
    # Head rel='prev'/'next' (adjacent posts); the page's own canonical, its `?p=3141`
    # shortlink and its #comments/#respond self-links are not new pages.
    assert links.posts == [
        ROOT + "2012/01/19/cuts-who-decides-in-lewisham/",
        ROOT + "2012/02/14/5000-fewer-managers-4000-more-doctors/",
    ]
    assert links.listings == [
        ROOT + "2012/02/",
        ROOT + "2012/01/",
        ROOT + "2011/12/",
        ROOT + "2011/11/",
        ROOT,
        ROOT + "category/news/",
        ROOT + "category/viewpoint/",
        ROOT + "tag/partnership-working/",
        ROOT + "tag/2009/",
        ROOT + "tag/adur/",
        ROOT + "tag/cuts/",
        ROOT + "tag/hammersmith-&-fulham/",
        ROOT + "tag/learning-disabilities/",
        # Two tags named "learning disabilities": two slugs, two listings.
        ROOT + "tag/learning-disabilities-2/",
        ROOT + "tag/third-sector/",
        # Only in the archives dropdown (not in the head links).
        ROOT + "2010/06/",
    ]
    assert links.older_page is None
    assert links.newer_page is None
    assert links.comment_feed == PERMALINK + "feed/"
    # The navbar's static pages; wp-login.php, xmlrpc.php and uploads are not pages.
    assert links.pages == [ROOT + "about/", ROOT + "inquiry/"]


def test_off_site_links_never_appear() -> None:
    pages = [
        page("post-2012-01-25-for-insurgency.html", PERMALINK),
        page("listing-home-page-2.html", ROOT + "page/2/"),
    ]
    for links in (extract_links(p, ROOT) for p in pages):
        for url in [*links.posts, *links.listings]:
            assert url.startswith(ROOT), url
    # A look-alike domain's post-shaped URL is not the site's post.
    links = extract_links(page("listing-home-page-2.html", ROOT + "page/2/"), ROOT)
    assert "http://www.independentaction.org.uk/2011/12/19/not-ours/" not in links.posts


def test_numbered_pagination_is_placed_by_page_number() -> None:
    body = (
        "<div class='wp-pagenavi'><a href='/category/news/' class='first'>1</a>"
        "<span class='current'>2</span><a href='/category/news/page/3/' class='page'>3</a>"
        "<a href='/category/news/page/4/' class='page'>4</a>"
        "<a href='/category/news/page/4/' class='last'>Last</a></div>"
        "<a href='/category/viewpoint/page/3/'>3</a>"
    )
    links = extract_links(inline(ROOT + "category/news/page/2/", body), ROOT)
    assert links.older_page == ROOT + "category/news/page/3/"
    assert links.newer_page == ROOT + "category/news/"


def test_last_page_has_no_older_page_even_with_an_older_tag() -> None:
    body = (
        "<p><a href='http://independentaction.net/page/8/' >&laquo; Previous Page</a></p>"
        "<div class='tagcloud'><a href='http://independentaction.net/tag/older/'"
        " class='tag-link-95'>older</a></div>"
    )
    links = extract_links(inline(ROOT + "page/9/", body), ROOT)
    assert links.older_page is None
    assert links.newer_page == ROOT + "page/8/"


def test_labels_are_read_by_the_function_that_prints_them() -> None:
    # A page whose own URL says nothing about its page number (a front controller):
    # the labels alone decide. "Next Page" and "Previous Entries" come from
    # next_posts_link (older); "Previous Page" and "Next Entries" from
    # previous_posts_link (newer), whatever "next" and "previous" suggest.
    url = ROOT + "index.php"
    for older_label, newer_label in [
        ("Next Page &raquo;", "&laquo; Previous Page"),
        ("&laquo; Previous Entries", "Next Entries &raquo;"),
        ("&laquo; Older Entries", "Newer Entries &raquo;"),
    ]:
        body = (
            f"<div class='alignleft'><a href='/page/5/' >{older_label}</a></div>"
            f"<div class='alignright'><a href='/page/3/' >{newer_label}</a></div>"
        )
        links = extract_links(inline(url, body), ROOT)
        assert (links.older_page, links.newer_page) == (ROOT + "page/5/", ROOT + "page/3/")
        # Swapped positions: still decided by the label.
        body = (
            f"<div class='alignleft'><a href='/page/3/' >{newer_label}</a></div>"
            f"<div class='alignright'><a href='/page/5/' >{older_label}</a></div>"
        )
        links = extract_links(inline(url, body), ROOT)
        assert (links.older_page, links.newer_page) == (ROOT + "page/5/", ROOT + "page/3/")


def test_head_rel_next_and_prev_on_a_paged_listing() -> None:
    head = (
        "<link rel='prev' href='http://independentaction.net/2012/01/' />"
        "<link rel='next' href='http://independentaction.net/2012/01/page/3/' />"
    )
    links = extract_links(inline(ROOT + "2012/01/page/2/", "<p>No visible links.</p>", head), ROOT)
    assert links.older_page == ROOT + "2012/01/page/3/"
    assert links.newer_page == ROOT + "2012/01/"


def test_archive_dropdown_options_and_not_other_selects() -> None:
    body = (
        "<select name='archive-dropdown' onchange='document.location.href=this.options"
        "[this.selectedIndex].value;'> <option value=''>Select Month</option>"
        "<option value='http://www.independentaction.net/2011/10/'> October 2011 &nbsp;(3)"
        "</option></select>"
        # wp_dropdown_categories: option values are category ids, not URLs.
        "<select name='cat' id='cat' class='postform'><option value='-1'>Select Category"
        "</option><option class='level-0' value='4'>News</option></select>"
    )
    links = extract_links(inline(ROOT + "about/", body), ROOT)
    assert links.listings == [ROOT + "2011/10/"]
    assert links.posts == []


def test_comment_feed_from_the_link_or_derived() -> None:
    # Without pretty permalinks the post is `?p=N` and its comment feed `?feed=rss2&p=N`.
    links = extract_links(inline(ROOT + "?p=42", "<h1>Post</h1>"), ROOT)
    assert links.comment_feed == ROOT + "?feed=rss2&p=42"
    # feed_links_extra's "… Comments Feed" link wins over the derived form.
    head = (
        "<link rel='canonical' href='http://independentaction.net/2012/02/14/x/' />"
        "<link rel='alternate' type='application/rss+xml' title='NCIA &raquo; X Comments"
        " Feed' href='http://independentaction.net/?feed=rss2&amp;p=3190' />"
    )
    links = extract_links(inline("http://independentaction.net/?p=3190", "", head), ROOT)
    assert links.comment_feed == ROOT + "?feed=rss2&p=3190"
    # A listing has none.
    assert extract_links(inline(ROOT + "tag/cuts/", ""), ROOT).comment_feed is None


def test_links_type() -> None:
    links = extract_links(inline(ROOT + "about/", ""), ROOT)
    assert links == Links(
        posts=[], listings=[], older_page=None, newer_page=None, comment_feed=None
    )
