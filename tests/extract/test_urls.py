"""URL folding and classification (`ncia_scraper.extract.urls`), on the URL shapes of
WordPress 3.3 with `/%year%/%monthnum%/%day%/%postname%/` permalinks."""

from __future__ import annotations

import pytest

from ncia_scraper.extract.urls import (
    UrlKind,
    canonical_url,
    classify,
    is_same_site,
    is_static_page,
    split_paged,
)

ROOT = "http://independentaction.net/"
REPLICA = "http://127.0.0.1:8090/"
POST = "http://independentaction.net/2012/01/25/for-insurgency-the-case-against-partnership/"


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        # www., https, :80 and fragment variants of one post fold into its permalink.
        (
            "https://www.independentaction.net/2012/01/25/for-insurgency-the-case-against-partnership/",
            POST,
        ),
        (
            "http://WWW.IndependentAction.net:80/2012/01/25/for-insurgency-the-case-against-partnership/#comments",
            POST,
        ),
        (
            "https://independentaction.net:443/2012/01/25/for-insurgency-the-case-against-partnership#respond",
            POST,
        ),
        # WordPress ignores the query on a pretty permalink: reply links, tracking.
        (POST + "?replytocom=57#respond", POST),
        (POST + "?utm_source=twitter&utm_medium=social", POST),
        ("/2012/01/25/for-insurgency-the-case-against-partnership/", POST),
        # Listings get their trailing slash; page 1 is the listing itself.
        ("http://independentaction.net", ROOT),
        ("https://www.independentaction.net/page/2", ROOT + "page/2/"),
        ("/page/1/", ROOT),
        ("/tag/cuts/page/1/", ROOT + "tag/cuts/"),
        ("/2012/01", ROOT + "2012/01/"),
        # An ampersand in a slug is part of the path, not a query separator.
        ("/tag/hammersmith-&-fulham/page/2/", ROOT + "tag/hammersmith-&-fulham/page/2/"),
        # Characters a URL cannot carry raw are escaped; existing escapes stay as they are.
        ("/2012/01/25/ncia’s-view/", ROOT + "2012/01/25/ncia%E2%80%99s-view/"),
        ("/2012/01/25/ncia%e2%80%99s-view/", ROOT + "2012/01/25/ncia%e2%80%99s-view/"),
        # Query-string forms keep WordPress's own variables only, sorted.
        ("/?p=3141&utm_source=x", ROOT + "?p=3141"),
        ("/?paged=3&cat=4", ROOT + "?cat=4&paged=3"),
        ("/?s=cuts#top", ROOT + "?s=cuts"),
        # Other pages keep their query: it may be what they are (wp-login's action).
        ("/wp-login.php?action=register", ROOT + "wp-login.php?action=register"),
        ("/wp-rss2.php?x=1", ROOT + "wp-rss2.php"),
        # Off-site URLs: only the fragment goes; host lower-cased, path and query kept.
        ("http://Twitter.com/nciaction#x", "http://twitter.com/nciaction"),
        (
            "http://www.policypress.co.uk/display.asp?ISB=9781847426147",
            "http://www.policypress.co.uk/display.asp?ISB=9781847426147",
        ),
        (
            "http://www.independentaction.org.uk/about/",
            "http://www.independentaction.org.uk/about/",
        ),
        ("mailto:info@independentaction.net", "mailto:info@independentaction.net"),
    ],
)
def test_canonical_url(url: str, expected: str) -> None:
    assert canonical_url(url, ROOT) == expected


def test_canonical_url_puts_the_site_on_the_roots_host_and_port() -> None:
    # Crawling the replica, links to the real site are off-site and keep their host.
    assert (
        canonical_url("https://www.independentaction.net/2012/01/25/x/", REPLICA)
        == "https://www.independentaction.net/2012/01/25/x/"
    )
    assert canonical_url("http://127.0.0.1:8090/2012/01/25/x#c", REPLICA) == (
        "http://127.0.0.1:8090/2012/01/25/x/"
    )
    assert canonical_url(
        "https://independentaction.net/tag/cuts", "https://independentaction.net/"
    ) == ("https://independentaction.net/tag/cuts/")
    assert canonical_url("http://www.independentaction.net/", "https://independentaction.net/") == (
        "https://independentaction.net/"
    )


@pytest.mark.parametrize(
    ("url", "root", "expected"),
    [
        ("http://www.independentaction.net/x", ROOT, True),
        ("https://independentaction.net:443/x", ROOT, True),
        ("http://independentaction.net:80/x", "https://independentaction.net/", True),
        ("/relative/path/", ROOT, True),
        ("http://independentaction.net:8080/x", ROOT, False),
        ("http://www.independentaction.org.uk/", ROOT, False),
        ("http://blog.independentaction.net/", ROOT, False),
        ("http://independentaction.net.evil.example/", ROOT, False),
        ("mailto:info@independentaction.net", ROOT, False),
        ("http://127.0.0.1:8090/2012/", REPLICA, True),
        ("https://127.0.0.1:8090/2012/", REPLICA, True),
        ("http://127.0.0.1/2012/", REPLICA, False),
        ("http://127.0.0.1:8091/2012/", REPLICA, False),
    ],
)
def test_is_same_site(url: str, root: str, expected: bool) -> None:
    assert is_same_site(url, root) is expected


POST_, LIST_, FEED_, OTHER_ = UrlKind.POST, UrlKind.LISTING, UrlKind.FEED, UrlKind.OTHER


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        (POST, POST_),
        ("/2012/01/25/for-insurgency", POST_),
        ("/?p=3141", POST_),
        ("/", LIST_),
        ("http://www.independentaction.net", LIST_),
        ("/page/2/", LIST_),
        ("/2012/", LIST_),
        ("/2012/01/", LIST_),
        ("/2012/01/25/", LIST_),
        ("/2012/01/page/2/", LIST_),
        ("/2012/01/25/page/2/", LIST_),
        ("/tag/partnership-working/", LIST_),
        ("/tag/hammersmith-&-fulham/page/3/", LIST_),
        ("/category/news/", LIST_),
        ("/category/local-campaigns/london/", LIST_),
        ("/category/local-campaigns/london/page/2/", LIST_),
        ("/author/rob/", LIST_),
        ("/author/rob/page/2/", LIST_),
        ("/?paged=2", LIST_),
        ("/?m=201201", LIST_),
        ("/?cat=4", LIST_),
        ("/feed/", FEED_),
        ("/feed/atom/", FEED_),
        ("/feed/rss/", FEED_),
        ("/comments/feed/", FEED_),
        (POST + "feed/", FEED_),
        ("/tag/cuts/feed/", FEED_),
        ("/category/news/feed/rss2/", FEED_),
        ("/wp-rss2.php", FEED_),
        ("/?feed=rss2&p=3141", FEED_),
        ("/about/", OTHER_),
        ("/about/history/", OTHER_),
        ("/?page_id=2", OTHER_),
        ("/?s=cuts", OTHER_),
        ("/page/2/?s=cuts", OTHER_),
        ("/wp-admin/", OTHER_),
        ("/wp-login.php?action=register", OTHER_),
        ("/wp-content/uploads/2012/01/report.pdf", OTHER_),
        ("/xmlrpc.php?rsd", OTHER_),
        (POST + "trackback/", OTHER_),
        (POST + "attachment/cameron/", OTHER_),
        # A post's comment pages and the pages of a split post are parts of the post.
        (POST + "comment-page-2/", UrlKind.COMMENT_PAGE),
        (POST + "2/", UrlKind.POST_PAGE),
        ("http://twitter.com/2012/01/25/x/", OTHER_),
        ("http://www.independentaction.org.uk/2012/01/25/x/", OTHER_),
    ],
)
def test_classify(url: str, expected: UrlKind) -> None:
    assert classify(url, ROOT) is expected


def test_classify_below_a_root_with_a_path() -> None:
    root = "http://127.0.0.1:8090/blog/"
    assert classify("http://127.0.0.1:8090/blog/2012/01/25/x/", root) is UrlKind.POST
    assert classify("http://127.0.0.1:8090/blog", root) is UrlKind.LISTING
    assert classify("http://127.0.0.1:8090/blog/page/2/", root) is UrlKind.LISTING
    # Outside the root's path is not the blog.
    assert classify("http://127.0.0.1:8090/2012/01/25/x/", root) is UrlKind.OTHER
    assert canonical_url("/blog/page/1/", root) == "http://127.0.0.1:8090/blog/"


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("/page/3/", (ROOT, 3)),
        ("/", (ROOT, 1)),
        (
            "https://www.independentaction.net/tag/hammersmith-&-fulham/page/2",
            (ROOT + "tag/hammersmith-&-fulham/", 2),
        ),
        (
            "/category/local-campaigns/london/page/4/",
            (ROOT + "category/local-campaigns/london/", 4),
        ),
        ("/2012/01/page/2/", (ROOT + "2012/01/", 2)),
        ("/?paged=2", (ROOT, 2)),
        ("/?cat=4&paged=5", (ROOT + "?cat=4", 5)),
        # A child category "2" of a category whose slug ends in "page" is not page 2.
        ("/category/frontpage/2/", (ROOT + "category/frontpage/2/", 1)),
        (POST, (POST, 1)),
    ],
)
def test_split_paged(url: str, expected: tuple[str, int]) -> None:
    assert split_paged(url, ROOT) == expected


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("/about/", True),
        ("https://www.independentaction.net/about/history", True),
        ("/?page_id=2", True),
        ("/", False),
        (POST, False),
        ("/tag/cuts/", False),
        ("/feed/", False),
        ("/?s=cuts", False),
        ("/?p=3141", False),
        ("/wp-login.php", False),
        ("/wp-admin/", False),
        ("/wp-content/uploads/2012/01/report.pdf", False),
        ("/xmlrpc.php", False),
        ("/robots.txt", False),
        (POST + "trackback/", False),
        (POST + "attachment/cameron/", False),
        (POST + "comment-page-2/", False),
        ("/2012/01/25/x/2/", False),
        ("/about/feed/", False),
        ("http://twitter.com/about/", False),
    ],
)
def test_is_static_page(url: str, expected: bool) -> None:
    assert is_static_page(url, ROOT) is expected
