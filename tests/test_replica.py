"""Tests of the replica itself (`tests/site/`): it must be right before a crawl of it can
prove anything. Everything is fetched over real HTTP from the served replica."""

from __future__ import annotations

import difflib
import http.client
import re
import time
from collections import Counter
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import urlsplit
from urllib.request import urlopen
from xml.etree import ElementTree

import lxml.html
import pytest
from parsel import Selector

from tests.site import ReplicaServer, Site, SiteConfig
from tests.site import seed as seed_data

SEED_FILE = Path(__file__).parent / "site" / "data" / "ncia-post-2012-01-25-rendered.txt"
SEED_PATH = "/2012/01/25/for-insurgency-the-case-against-partnership/"
LANSLEY_PATH = "/2012/02/14/5000-fewer-managers-4000-more-doctors-learn-to-speak-lansley/"


# ---------------------------------------------------------------------------------------
# Helpers.


def get(url: str) -> tuple[int, dict[str, str], bytes]:
    """GET without following redirects."""
    parts = urlsplit(url)
    conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=10)
    try:
        conn.request("GET", parts.path + (f"?{parts.query}" if parts.query else ""))
        response = conn.getresponse()
        return response.status, {k.lower(): v for k, v in response.getheaders()}, response.read()
    finally:
        conn.close()


def page(url: str) -> Selector:
    with urlopen(url, timeout=10) as response:
        charset = response.headers.get_content_charset()
        return Selector(text=response.read().decode(charset))


_BLOCK = {
    "address", "blockquote", "body", "br", "dd", "div", "dl", "dt", "fieldset", "form",
    "h1", "h2", "h3", "h4", "h5", "h6", "hr", "img", "label", "li", "ol", "option", "p",
    "select", "table", "td", "th", "tr", "ul",
}  # fmt: skip
_INVISIBLE = {"head", "script", "style", "title", "input", "textarea", "noscript"}


def visible_words(html: bytes | str) -> list[str]:
    """The words a browser shows: no head, script or style; a <select> shows its first
    option; inputs show nothing; block elements separate words, inline ones don't."""
    root = lxml.html.document_fromstring(html)
    out: list[str] = []

    def walk(el: lxml.html.HtmlElement) -> None:
        if not isinstance(el.tag, str) or el.tag in _INVISIBLE:
            return  # comments and processing instructions have no string tag
        if el.tag == "select":
            options = el.findall(".//option")
            if options:
                out.append(f" {options[0].text_content()} ")
            return
        block = el.tag in _BLOCK
        if block:
            out.append(" ")
        out.append(el.text or "")
        for child in el:
            walk(child)
            out.append(child.tail or "")
        if block:
            out.append(" ")

    walk(root)
    return "".join(out).split()


def seed_words(markdown: str) -> list[str]:
    """The seed file's words without its markdown: heading #, list dashes, link brackets
    and targets, *emphasis*, <autolink> brackets, bullets • and dropdown arrows ▾."""
    lines = [re.sub(r"^(#+\s*|- )", "", line) for line in markdown.split("\n")]
    text = "\n".join(lines)
    text = re.sub(r"\]\([^)]*\)", "", text)
    text = re.sub(r"<((?:https?|mailto):[^>\s]+)>", r"\1", text)
    for mark in ("[", "*", "•", "▾"):
        text = text.replace(mark, "")
    return text.split()


def word_diff(got: list[str], want: list[str]) -> str:
    lines = []
    matcher = difflib.SequenceMatcher(a=got, b=want, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag != "equal":
            lines.append(f"{tag} at word {i1}: replica {got[i1:i2][:12]} seed {want[j1:j2][:12]}")
    return "\n".join(lines[:20])


def listing_posts(sel: Selector) -> list[str]:
    return sel.css("h1 > a[rel=bookmark]::attr(href)").getall()


def older_link(sel: Selector) -> str | None:
    """The link to older posts: RM "Next Page »", or family "« Previous Entries"."""
    for a in sel.css(".postarea a"):
        label = " ".join(a.css("::text").getall())
        if label in ("Next Page »", "« Previous Entries"):
            return a.attrib["href"]
    return None


def newer_link(sel: Selector) -> str | None:
    for a in sel.css(".postarea a"):
        label = " ".join(a.css("::text").getall())
        if label in ("« Previous Page", "Next Entries »"):
            return a.attrib["href"]
    return None


def walk_listing(first_url: str) -> list[list[str]]:
    """Follow a listing from its first page to the oldest, checking the way back."""
    pages: list[list[str]] = []
    url: str | None = first_url
    previous: str | None = None
    while url:
        sel = page(url)
        assert newer_link(sel) == previous, url
        pages.append(listing_posts(sel))
        previous, url = url, older_link(sel)
        assert len(pages) < 500
    return pages


def post_date(site: Site, url: str) -> datetime:
    path = urlsplit(url).path
    return next(p.published for p in site.posts if p.path == path)


# ---------------------------------------------------------------------------------------
# (a) The rendered seed page is the seed.


def test_seed_page_shows_exactly_the_seed_words(rendered_replica: ReplicaServer) -> None:
    status, _, body = get(rendered_replica.url(SEED_PATH))
    assert status == 200
    got = visible_words(body)
    want = seed_words(SEED_FILE.read_text(encoding="utf-8"))
    assert len(want) > 1500
    assert got == want, word_diff(got, want)


def test_seed_copy_is_the_shared_seed() -> None:
    # shared/ sits beside the work tree (and beside CI's clone).
    shared = Path(__file__).resolve().parents[2] / "shared/seed/ncia-post-2012-01-25-rendered.txt"
    if not shared.exists():
        pytest.skip("no shared/ beside this checkout")
    assert SEED_FILE.read_bytes() == shared.read_bytes()


def test_seed_post_truth(rendered_replica: ReplicaServer) -> None:
    truth = rendered_replica.truth
    post = truth.post(rendered_replica.url(SEED_PATH))
    assert post.post_id == seed_data.SEED_POST_ID
    assert post.title == "For Insurgency: The Case against Partnership"
    assert (post.published, post.published_raw, post.published_precision) == (
        "2012-01-25",
        "January 25, 2012",
        "day",
    )
    assert post.author is None
    assert post.categories == ["News", "Viewpoint"]
    assert post.tags == ["partnership working"]
    paragraphs = post.content_text.split("\n\n")
    assert len(paragraphs) == 13  # 12 paragraphs (the empty one dropped) + signature
    assert paragraphs[3].endswith("sometimes branded")
    assert paragraphs[4].startswith("'trouble-makers' by managers")
    assert paragraphs[7].endswith("Moreover,")
    assert (
        paragraphs[-1]
        == "Jonathan S Davies\nProfessor of Critical Policy Studies\nDe Montfort University"
    )
    assert "*Howard’s End*" not in post.content_text
    assert "Howard’s End: ‘Only Connect’." in post.content_text
    assert post.excerpt == paragraphs[0]
    assert post.word_count == len(post.content_text.split())
    assert post.links == [
        "http://www.policypress.co.uk/display.asp?ISB=9781847426147",
        rendered_replica.url("/"),
        "http://www.natcan.org.uk/",
    ]
    assert post.images == []
    assert post.comment_count == 1
    (comment,) = truth.comments_of(post.post_id)
    assert comment.author == "James Derounian"
    assert comment.author_url == "http://jamesderounian.example/"
    assert (comment.published, comment.published_raw, comment.published_precision) == (
        "2012-01-28",
        "3 weeks ago",
        "week",
    )
    assert comment.content_text.split("\n\n")[-3:] == [
        "James",
        "from a brightening Cheltenham",
        "GL50 4AZ",
    ]
    assert (comment.parent_id, comment.depth, comment.system) == (None, 1, "disqus")


def test_seed_page_markup(rendered_replica: ReplicaServer) -> None:
    sel = page(rendered_replica.url(SEED_PATH))
    base = rendered_replica.base_url
    assert sel.css("link[rel=shortlink]::attr(href)").get() == f"{base}/?p=1873"
    assert sel.css("link[rel=canonical]::attr(href)").get() == base + SEED_PATH
    assert f"var disqus_identifier = '1873 {base}/?p=1873';" in sel.get()
    assert sel.css("span#more-1873")
    assert sel.css(".postarea > h1::text").get() == "For Insurgency: The Case against Partnership"
    assert sel.css(".postarea > h1 a") == []
    tweets = sel.css(".twtr-tweet")
    assert [t.css("a.twtr-timestamp::text").get() for t in tweets] == [
        "4 days ago",
        "7 hours ago",
        None,
    ]
    assert [t.css("a.twtr-timestamp::attr(time)").get() for t in tweets] == [None, None, None]
    assert sel.css("#dsq-comment-57 .dsq-comment-time::text").get() == "3 weeks ago"
    assert sel.css("#dsq-comment-57 a.dsq-commenter-name::attr(href)").get() == (
        "http://jamesderounian.example/"
    )


# ---------------------------------------------------------------------------------------
# HTTP.


def test_http_headers_and_routes(rendered_replica: ReplicaServer) -> None:
    base = rendered_replica.base_url
    status, headers, body = get(base + "/")
    assert status == 200
    assert headers["content-type"] == "text/html; charset=UTF-8"
    assert int(headers["content-length"]) == len(body)
    assert headers["date"].endswith(" GMT")
    status, headers, body = get(base + "/robots.txt")
    assert (status, body) == (200, b"User-agent: *\nDisallow: /wp-admin/\n")
    for missing in ("/feed/", "/wp-admin/", "/2012/", "/no/such/page/", "/?s=cuts", "/page/999/"):
        assert get(base + missing)[0] == 404, missing
    status, headers, _ = get(base + "/?p=1873")
    assert (status, headers["location"]) == (301, base + SEED_PATH)
    status, headers, _ = get(base + "/page/1/")
    assert (status, headers["location"]) == (301, base + "/")
    status, headers, _ = get(base + SEED_PATH.rstrip("/"))
    assert (status, headers["location"]) == (301, base + SEED_PATH)
    for static in ("/about/", "/contact/"):
        sel = page(base + static)
        assert sel.css("a[href='%s']" % (base + static))  # linked from the navbar
        assert not sel.css("div.date")  # a page, not a post
        assert static not in {urlsplit(p.url).path for p in rendered_replica.truth.posts}


def test_one_post_is_windows_1252(rendered_replica: ReplicaServer) -> None:
    cp = next(p for p in rendered_replica.site.posts if p.charset == "windows-1252")
    status, headers, body = get(rendered_replica.url(cp.path))
    assert status == 200
    assert headers["content-type"] == "text/html; charset=windows-1252"
    assert "“Big Society” – who’s".encode("cp1252") in body
    with pytest.raises(UnicodeDecodeError):
        body.decode("utf-8")
    others = [p for p in rendered_replica.site.posts if p.charset != "windows-1252"]
    assert all(
        get(rendered_replica.url(p.path))[1]["content-type"].endswith("UTF-8") for p in others[:5]
    )


# ---------------------------------------------------------------------------------------
# (b) Listings: pagination, reachability.


def test_home_pagination_reaches_every_post_newest_first(rendered_replica: ReplicaServer) -> None:
    site = rendered_replica.site
    pages = walk_listing(rendered_replica.url("/"))
    assert all(len(p) == 10 for p in pages[:-1])
    urls = [u for p in pages for u in p]
    assert urls == [rendered_replica.url(p.path) for p in site.posts]
    dates = [post_date(site, u) for u in urls]
    assert dates == sorted(dates, reverse=True)
    home = page(rendered_replica.url("/"))
    assert newer_link(home) is None
    nav = home.css(".postarea > p").getall()[-1]
    assert nav == f'<p><a href="{rendered_replica.url("/page/2/")}">Next Page »</a></p>'


def test_every_listing_paginates_to_older_posts(rendered_replica: ReplicaServer) -> None:
    site = rendered_replica.site
    expected_urls = {rendered_replica.url(p.path) for p in site.posts}
    by_kind: dict[str, set[str]] = {}
    multi_page = Counter()
    for listing in site.listings:
        pages = walk_listing(rendered_replica.url(listing.base_path))
        assert len(pages) == listing.pages
        multi_page[listing.kind] += len(pages) > 1
        urls = [u for p in pages for u in p]
        assert len(urls) == len(set(urls)) == len(listing.posts)
        dates = [post_date(site, u) for u in urls]
        # "Next Page »" and "« Previous Entries" both lead to OLDER posts.
        assert dates == sorted(dates, reverse=True), listing.base_path
        by_kind.setdefault(listing.kind, set()).update(urls)
    for kind in ("home", "month", "category"):
        assert by_kind[kind] == expected_urls, kind
    tagged = {rendered_replica.url(p.path) for p in site.posts if p.tags}
    assert by_kind["tag"] == tagged
    assert multi_page["month"] >= 1 and multi_page["category"] >= 1 and multi_page["tag"] >= 1


def test_family_pagination_markup(rendered_replica: ReplicaServer) -> None:
    site = rendered_replica.site
    listing = next(lst for lst in site.listings if lst.kind == "category" and lst.pages > 2)
    sel = page(rendered_replica.url(listing.page_path(2)))
    left = sel.css("div.alignleft a")
    right = sel.css("div.alignright a")
    assert left.css("::text").get() == "« Previous Entries"
    assert left.attrib["href"] == rendered_replica.url(listing.page_path(3))
    assert right.css("::text").get() == "Next Entries »"
    assert right.attrib["href"] == rendered_replica.url(listing.base_path)


def test_archives_dropdown_and_head_links_list_every_month(rendered_replica: ReplicaServer) -> None:
    sel = page(rendered_replica.url("/"))
    months = sorted(
        {(p.published.year, p.published.month) for p in rendered_replica.site.posts}, reverse=True
    )
    want = [rendered_replica.url(f"/{y:04d}/{m:02d}/") for y, m in months]
    assert sel.css("link[rel=archives]::attr(href)").getall() == want
    options = sel.css("select[name=archive-dropdown] option::attr(value)").getall()
    assert options == ["", *want]
    for url in want:
        assert get(url)[0] == 200


def test_tag_cloud_is_the_seed_cloud(rendered_replica: ReplicaServer) -> None:
    sel = page(rendered_replica.url("/"))
    links = sel.css(".tagcloud a")
    assert [a.css("::text").get() for a in links] == list(seed_data.CLOUD_TAGS)
    assert all(re.fullmatch(r"tag-link-\d+", a.attrib["class"]) for a in links)
    hrefs = [a.attrib["href"] for a in links]
    assert len(set(hrefs)) == 45
    assert rendered_replica.url("/tag/hammersmith-fulham/") in hrefs
    for href in hrefs:
        assert len(listing_posts(page(href))) >= 1, href
    # Outside the cloud (one post each), but its tag page exists.
    assert len(listing_posts(page(rendered_replica.url("/tag/partnership-working/")))) == 1


def test_listing_markup(rendered_replica: ReplicaServer) -> None:
    sel = page(rendered_replica.url("/2012/01/"))
    heads = sel.css(".postarea > h1")
    seed_index = [h.css("a::attr(href)").get() for h in heads].index(
        rendered_replica.url(SEED_PATH)
    )
    html = sel.get()
    assert (
        f'href="{rendered_replica.url(SEED_PATH)}#more-1873" class="more-link">Read more</a>'
        in html
    )
    assert (
        f'<span class="dsq-postid" rel="1873 {rendered_replica.url("/?p=1873")}">1 Comment</span>'
        in html
    )
    assert "Tags: " in sel.css(".postmeta2")[seed_index].get()


# ---------------------------------------------------------------------------------------
# (c) The raw variant is what the server sent.


def test_raw_variant_has_no_widget_tweets_and_no_comment_dates(raw_replica: ReplicaServer) -> None:
    site = raw_replica.site
    months = "January|February|March|April|May|June|July|August|September|October|November|December"
    date_text = re.compile(rf"\bago\b|\b({months}) \d{{1,2}}, \d{{4}}\b")
    checked_comments = 0
    for path in site.sidebar_paths():
        status, _, body = get(raw_replica.url(path))
        assert status == 200
        sel = Selector(
            text=body.decode("cp1252" if b"charset=windows-1252" in body[:600] else "utf-8")
        )
        assert not sel.css(".twtr-tweet, .twtr-widget, .twtr-timestamp"), path
        assert "new TWTR.Widget(" in sel.get()
        for li in sel.css("#dsq-comments li[id^=dsq-comment-]"):
            checked_comments += 1
            text = " ".join(li.css("::text").getall())
            assert not date_text.search(text), (path, text)
            assert not li.css(".dsq-comment-time, time, abbr")
    assert checked_comments == sum(len(p.real_comments) for p in site.posts) > 50
    assert all(
        c.published is None or c.published_precision == "second" for c in raw_replica.truth.comments
    )


def test_raw_disqus_list_has_the_plugin_quirks(raw_replica: ReplicaServer) -> None:
    site = raw_replica.site
    body = get(raw_replica.url(SEED_PATH))[2].decode()
    cite = Selector(text=body).css("#dsq-cite-57")
    assert cite.css("::text").get().strip() == "http://jamesderounian.example/"
    assert cite.css("#dsq-author-user-57::text").get() == "James Derounian"
    threaded = next(p for p in site.posts if any(c.parent_id for c in p.comments))
    raw = get(raw_replica.url(threaded.path))[2].decode("utf-8", "replace")
    assert "</li>\n<ul class='children'>\n<li " in raw  # child list after the closed parent
    assert "</li>\n</li>\n</ul>\n</li>\n" in raw  # the walker's extra </li>
    pinged = next(p for p in site.posts if any(c.kind == "pingback" for c in p.comments))
    sel = page(raw_replica.url(pinged.path))
    assert sel.css("#dsq-comments li.post.pingback")
    assert not sel.css("#dsq-comments .dsq-comment-time")


def test_raw_comment_dates_come_from_the_feed(raw_replica: ReplicaServer) -> None:
    site, truth = raw_replica.site, raw_replica.truth
    busiest = max(site.posts, key=lambda p: len(p.comments))
    assert len(busiest.comments) > 10
    status, headers, body = get(raw_replica.url(busiest.path + "feed/"))
    assert (status, headers["content-type"]) == (200, "text/xml; charset=UTF-8")
    items = ElementTree.fromstring(body).findall("./channel/item")
    assert len(items) == 10
    pub = {
        int(item.findtext("link").rsplit("#comment-", 1)[1]): item.findtext("pubDate")
        for item in items
    }
    stamps = [
        datetime.strptime(item.findtext("pubDate"), "%a, %d %b %Y %H:%M:%S %z") for item in items
    ]
    assert stamps == sorted(stamps, reverse=True)  # the latest ten, newest first
    for comment in truth.comments_of(busiest.post_id):
        if comment.comment_id in pub:
            assert comment.published_raw == pub[comment.comment_id]
            instant = datetime.strptime(comment.published_raw, "%a, %d %b %Y %H:%M:%S %z")
            assert datetime.fromisoformat(comment.published) == instant
        else:
            assert (comment.published, comment.published_raw, comment.published_precision) == (
                None,
                None,
                None,
            )
    assert sum(c.published is None for c in truth.comments) > 0


# ---------------------------------------------------------------------------------------
# (d) Ground truth is consistent with itself and with the pages.

CONFIGS = [
    {},
    {"variant": "raw"},
    {"comment_system": "wordpress"},
    {"twitter_widget": "pro"},
    {"twitter_widget": "jetpack", "variant": "raw"},
]


@pytest.mark.parametrize("options", CONFIGS, ids=lambda o: "-".join(o.values()) or "default")
def test_truth_counts_are_consistent(replica, options: dict[str, str]) -> None:
    server: ReplicaServer = replica(**options)
    site, truth = server.site, server.truth
    assert len(truth.posts) == len({p.url for p in truth.posts}) == server.config.posts
    assert {p.post_id for p in truth.posts} == {p.post_id for p in site.posts}
    assert sum(p.comment_count for p in truth.posts) == len(truth.comments)
    pingback_ids = {c.comment_id for p in site.posts for c in p.comments if c.kind == "pingback"}
    assert pingback_ids and not pingback_ids & {c.comment_id for c in truth.comments}
    by_id = {c.comment_id: c for c in truth.comments}
    assert len(by_id) == len(truth.comments)
    for c in truth.comments:
        if c.parent_id is None:
            assert c.depth == 1
        else:
            parent = by_id[c.parent_id]
            assert (parent.post_id, c.depth) == (c.post_id, parent.depth + 1)
        assert 1 <= c.depth <= 4
        assert c.system == server.config.comment_system
        assert c.captured_at == server.config.captured_at
    assert max(c.depth for c in truth.comments) >= 3
    sidebar_urls = {server.url(p) for p in site.sidebar_paths()}
    for t in truth.tweets:
        assert t.record.seen_count == len(t.pages) and t.record.first_seen_on in t.pages
        if t.record.widget == "embedded":
            (url,) = t.pages
            assert url in {p.url for p in truth.posts}
        else:
            assert t.pages <= sidebar_urls
    embedded = [t for t in truth.tweets if t.record.widget == "embedded"]
    assert len(embedded) >= 2
    assert {t.record.published_precision for t in embedded} == {"second", "day"}
    widgets = {t.record.widget for t in truth.tweets} - {"embedded"}
    expected = {
        ("rendered", "profile"): {"profile-widget"},
        ("raw", "profile"): set(),
        ("rendered", "pro"): {"twitter-widget-pro"},
        ("raw", "jetpack"): {"jetpack"},
    }[(server.config.variant, server.config.twitter_widget)]
    assert widgets == expected


def test_tweet_pages_match_the_served_pages(rendered_replica: ReplicaServer) -> None:
    """Count, page by page, where each tweet's text appears on the pages a crawl reads:
    it must be `pages`."""
    site, truth = rendered_replica.site, rendered_replica.truth
    found: dict[str, set[str]] = {}
    for path in site.crawled_paths():
        sel = page(rendered_replica.url(path))
        texts = [
            tweet.xpath("./text() | ./a[not(@class='twtr-user')]//text()").getall()
            for tweet in sel.css(".twtr-tweet-text p")
        ] + [block.css("::text").getall() for block in sel.css("blockquote.twitter-tweet p")]
        for parts in texts:
            found.setdefault(" ".join("".join(parts).split()), set()).add(
                rendered_replica.url(path)
            )
    profile = [t for t in truth.tweets if t.record.widget == "profile-widget"]
    assert len(profile) >= 6
    for t in truth.tweets:
        assert found.pop(t.record.text) == t.pages, t.key
    assert found == {}
    assert truth.tweet("seed-a").pages > {rendered_replica.url(SEED_PATH)}


def test_relative_dates_resolve_by_the_rules(rendered_replica: ReplicaServer) -> None:
    truth = rendered_replica.truth
    a, b, c = (
        truth.tweet("seed-a").record,
        truth.tweet("seed-b").record,
        truth.tweet("seed-c").record,
    )
    assert (a.published, a.published_raw, a.published_precision) == (
        "2012-02-14",
        "4 days ago",
        "day",
    )
    assert (b.published, b.published_raw, b.published_precision) == (
        "2012-02-18T04:30:00+00:00",
        "7 hours ago",
        "hour",
    )
    assert (c.tweet_id, c.tweet_url, c.published, c.published_raw) == (None, None, None, None)
    assert (a.display_name, a.screen_name, a.widget) == ("NCIA", "nciaction", "profile-widget")
    assert a.text == (
        "5000 fewer managers, 4000 more doctors? learn to speak Lansley! "
        "independentaction.net/2012/02/14/500..."
    )
    assert a.tweet_url == f"http://twitter.com/nciaction/status/{a.tweet_id}"
    assert b.mentions == ["OLSchoolofIdeas"]
    lansley = {c.comment_id: c for c in truth.comments_of(seed_data.LANSLEY_POST_ID)}
    got = {k: (v.published, v.published_raw, v.published_precision) for k, v in lansley.items()}
    assert got == {
        3101: ("2012-02-15", "3 days ago", "day"),
        3102: ("2012-02-17T20:30:00+00:00", "15 hours ago", "hour"),
        3103: ("2012-02-18T11:06:00+00:00", "24 minutes ago", "minute"),
    }
    assert [lansley[k].depth for k in (3101, 3102, 3103)] == [1, 2, 3]
    timed = [t.record for t in truth.tweets if t.record.published_precision == "second"]
    assert any(t.widget == "profile-widget" for t in timed)
    for t in timed:
        if t.widget == "profile-widget":
            instant = datetime.strptime(t.published_raw, "%a %b %d %H:%M:%S %z %Y")
            assert datetime.fromisoformat(t.published) == instant


def test_capture_time_moves_the_relative_texts(replica) -> None:
    later = replica(capture_time=datetime(2012, 3, 1, 9, 0, tzinfo=UTC))
    sel = page(later.url(SEED_PATH))
    assert sel.css("a.twtr-timestamp::text").getall() == ["15 days ago", "12 days ago"]
    a = later.truth.tweet("seed-a").record
    assert (a.published, a.published_raw) == ("2012-02-15", "15 days ago")
    b = later.truth.tweet("seed-b").record
    assert (b.published, b.published_raw, b.published_precision) == (
        "2012-02-18",
        "12 days ago",
        "day",
    )
    assert sel.css("#dsq-comment-57 .dsq-comment-time::text").get() == "4 weeks ago"
    james = later.truth.comments_of(seed_data.SEED_POST_ID)[0]
    assert (james.published, james.published_precision) == ("2012-02-02", "week")
    assert later.config.captured_at == "2012-03-01T09:00:00+00:00"
    with pytest.raises(ValueError):
        SiteConfig(capture_time=datetime(2012, 2, 18, 9, 0, tzinfo=UTC))


def test_wordpress_comments(replica) -> None:
    server = replica(comment_system="wordpress")
    sel = page(server.url(LANSLEY_PATH))
    thread = "li#comment-3101 > ul.children > li#comment-3102 > ul.children > li#comment-3103"
    assert sel.css(f"ol.commentlist {thread}")
    assert sel.css("#comment-3101 .comment-meta a::text").get() == "February 14, 2012 at 3:10 pm"
    assert sel.css("ol.commentlist li.pingback")
    comments = {c.comment_id: c for c in server.truth.comments_of(seed_data.LANSLEY_POST_ID)}
    first = comments[3101]
    assert (first.published, first.published_raw, first.published_precision) == (
        "2012-02-14T15:10:00+00:00",
        "February 14, 2012 at 3:10 pm",
        "minute",
    )
    assert first.author_url == "http://andybenson.example/"
    summer = [c for c in server.truth.comments if c.published and c.published.endswith("+01:00")]
    assert summer, "some comments fall in British Summer Time"
    for c in summer[:20]:
        local = datetime.fromisoformat(c.published)
        assert c.published_raw.endswith(
            f"at {local.hour % 12 or 12}:{local.minute:02d} {'am' if local.hour < 12 else 'pm'}"
        )


def test_server_side_widgets(replica) -> None:
    pro = page(replica(twitter_widget="pro", variant="raw").url("/"))
    assert pro.css("li.widget_twitter .time-meta a::text").getall()[:2] == [
        "about 7 hours ago",
        "about 4 days ago",
    ]
    jetpack = page(replica(twitter_widget="jetpack", variant="raw").url("/"))
    assert jetpack.css("ul.tweets a.timesince::text").getall()[:2] == [
        "7\xa0hours\xa0ago",
        "4\xa0days\xa0ago",
    ]
    record = replica(twitter_widget="jetpack", variant="raw").truth.tweet("seed-a").record
    assert (record.published, record.published_raw, record.widget) == (
        "2012-02-14",
        "4 days ago",
        "jetpack",
    )


def test_a_large_site_builds_fast() -> None:
    start = time.perf_counter()
    site = Site(SiteConfig(posts=2000), "http://127.0.0.1:1")
    truth = site.truth
    for path in site.sidebar_paths()[::50] + site.feed_paths()[::50]:
        assert site.get(path).status == 200
    assert time.perf_counter() - start < 10
    assert len(truth.posts) == 2000
    assert len(site.listing_paths()) > 200
