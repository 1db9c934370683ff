"""Comment feeds (shared reference markup.md section 4): dates by comment ID, refusal of
unsafe or malformed XML, and filling the dates a page lacks."""

from __future__ import annotations

import dataclasses
from datetime import UTC, datetime
from pathlib import Path

import pytest

from ncia_scraper.dates import DateValue
from ncia_scraper.extract.comments.disqus_rendered import extract_disqus_rendered
from ncia_scraper.extract.comments.disqus_server import extract_disqus_server
from ncia_scraper.extract.comments.feed import (
    MAX_FEED_BYTES,
    apply_feed_dates,
    parse_comment_feed,
)
from ncia_scraper.extract.page import Page
from ncia_scraper.items import Comment

FIXTURES = Path(__file__).parent / "fixtures" / "comments"
POST_URL = "http://independentaction.net/2012/02/14/whose-big-society/"
CAPTURED = datetime(2012, 2, 18, 11, 30, tzinfo=UTC)


def feed_bytes(name: str) -> bytes:
    return (FIXTURES / name).read_bytes()


def parse(xml: bytes | str) -> dict[int, DateValue]:
    return parse_comment_feed(xml, captured_at=CAPTURED)


def rss(items: str, prolog: str = '<?xml version="1.0" encoding="UTF-8"?>') -> str:
    return (
        f'{prolog}<rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/">'
        f"<channel><title>Comments on: X</title>{items}</channel></rss>"
    )


def second(value: str, raw: str) -> DateValue:
    return DateValue(value, raw, "second")


# --- reading ---------------------------------------------------------------------------


def test_post_comment_feed() -> None:
    assert parse(feed_bytes("comments_feed_post.xml")) == {
        64: second("2012-02-17T20:11:58+00:00", "Fri, 17 Feb 2012 20:11:58 +0000"),
        63: second("2012-02-17T09:30:00+00:00", "Fri, 17 Feb 2012 09:30:00 +0000"),
        62: second("2012-02-16T14:02:09+00:00", "Thu, 16 Feb 2012 14:02:09 +0000"),
        61: second("2012-02-16T08:15:44+00:00", "Thu, 16 Feb 2012 08:15:44 +0000"),
        59: second("2012-02-15T19:40:12+00:00", "Wed, 15 Feb 2012 19:40:12 +0000"),
        60: second("2012-02-15T09:00:00+00:00", "Wed, 15 Feb 2012 09:00:00 +0000"),
        58: second("2012-02-14T12:01:05+00:00", "Tue, 14 Feb 2012 12:01:05 +0000"),
        57: second("2012-02-14T10:20:31+00:00", "Tue, 14 Feb 2012 10:20:31 +0000"),
    }


def test_site_wide_latest_comments_feed_in_summer_time() -> None:
    # `/comments/feed/` mixes posts; comment IDs are site-wide, so they still key the dates.
    # pubDate is UTC; values are given in London time, +01:00 in summer.
    assert parse(feed_bytes("comments_feed_site.xml")) == {
        109: second("2012-07-05T17:20:00+01:00", "Thu, 05 Jul 2012 16:20:00 +0000"),
        107: second("2012-07-02T00:05:00+01:00", "Sun, 01 Jul 2012 23:05:00 +0000"),
        108: second("2012-06-20T10:15:00+01:00", "Wed, 20 Jun 2012 09:15:00 +0000"),
        104: second("2012-06-15T09:02:00+01:00", "Fri, 15 Jun 2012 08:02:00 +0000"),
        102: second("2012-06-14T17:45:00+01:00", "Thu, 14 Jun 2012 16:45:00 +0000"),
    }


def test_text_input_reads_like_bytes() -> None:
    xml = feed_bytes("comments_feed_site.xml")
    assert parse(xml.decode("utf-8")) == parse(xml)
    assert len(parse(xml.decode("utf-8"))) == 5


def test_guid_when_link_lacks_the_fragment_and_items_without_an_id_or_date() -> None:
    items = (
        "<item><link>http://x/post/</link>"
        '<guid isPermaLink="false">http://x/?p=1#comment-7</guid>'
        "<pubDate>Tue, 14 Feb 2012 10:20:31 +0000</pubDate></item>"
        "<item><link>http://x/post/</link><pubDate>Tue, 14 Feb 2012 11:00:00 +0000</pubDate></item>"
        "<item><link>http://x/post/#comment-8</link></item>"
        "<item><link>http://x/post/#comment-9</link><pubDate>  </pubDate></item>"
    )
    assert parse(rss(items)) == {
        7: second("2012-02-14T10:20:31+00:00", "Tue, 14 Feb 2012 10:20:31 +0000")
    }


def test_first_item_wins_and_unparseable_date_keeps_its_text() -> None:
    items = (
        "<item><link>http://x/post/#comment-7</link><pubDate>sometime</pubDate></item>"
        "<item><link>http://x/post/#comment-7</link>"
        "<pubDate>Tue, 14 Feb 2012 10:20:31 +0000</pubDate></item>"
    )
    assert parse(rss(items)) == {7: DateValue(None, "sometime", None)}


# --- refusing ------------------------------------------------------------------------


@pytest.mark.parametrize(
    "xml",
    [
        b"",
        b"not xml at all",
        # Truncated mid-item, as an interrupted download leaves it.
        b'<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><item>'
        b"<link>http://x/#comment-1</link><pubDate>Tue, 14 Feb 2012 10:20:31 +0000</pub",
        # An HTML error page served with a feed's URL.
        b"<html><body><h1>Not Found</h1><p>&nbsp;</p></body></html>",
        # Mismatched tags.
        rss("<item><link>http://x/#comment-1</link></itm>").encode(),
    ],
    ids=["empty", "text", "truncated", "html", "mismatched"],
)
def test_malformed_feed_gives_nothing(xml: bytes) -> None:
    assert parse(xml) == {}


ITEM = (
    "<item><title>&lol9;</title><link>http://x/post/#comment-1</link>"
    "<pubDate>Tue, 14 Feb 2012 10:20:31 +0000</pubDate></item>"
)


def test_entity_expansion_attempt_is_refused() -> None:
    # "Billion laughs": ten levels of ten-fold entity references.
    levels = ['<!ENTITY lol0 "lol">'] + [
        f'<!ENTITY lol{n} "{f"&lol{n - 1};" * 10}">' for n in range(1, 10)
    ]
    prolog = f'<?xml version="1.0"?><!DOCTYPE rss [{"".join(levels)}]>'
    assert parse(rss(ITEM, prolog)) == {}


def test_external_entity_is_refused_and_not_read(tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("Tue, 14 Feb 2012 10:20:31 +0000", encoding="utf-8")
    prolog = f'<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY xxe SYSTEM "{secret.as_uri()}">]>'
    item = "<item><link>http://x/post/#comment-1</link><pubDate>&xxe;</pubDate></item>"
    assert parse(rss(item, prolog)) == {}


def test_external_dtd_is_refused() -> None:
    prolog = '<?xml version="1.0"?><!DOCTYPE rss SYSTEM "http://127.0.0.1:9/rss.dtd">'
    assert parse(rss(ITEM.replace("&lol9;", "x"), prolog)) == {}


def test_a_harmless_doctype_is_refused_too() -> None:
    # WordPress never prints one; whatever a DOCTYPE brings is not worth the risk.
    assert parse(rss(ITEM.replace("&lol9;", "x"), "<!DOCTYPE rss>")) == {}
    assert parse(rss(ITEM.replace("&lol9;", "x"), "")) == {
        1: second("2012-02-14T10:20:31+00:00", "Tue, 14 Feb 2012 10:20:31 +0000")
    }


def test_very_deep_tree_is_refused() -> None:
    deep = "<x>" * 5000 + "</x>" * 5000
    assert parse(rss(ITEM.replace("&lol9;", "x") + deep)) == {}


def test_oversized_document_is_refused() -> None:
    padding = "<!--" + " " * MAX_FEED_BYTES + "-->"
    assert parse(rss(ITEM.replace("&lol9;", "x") + padding)) == {}


# --- applying -----------------------------------------------------------------------


def server_comments() -> list[Comment]:
    html = (FIXTURES / "disqus_server_threaded.html").read_text(encoding="utf-8")
    page = Page.from_html(POST_URL, html, CAPTURED)
    return extract_disqus_server(page, post_id=1203, post_url=POST_URL)


def test_feed_dates_the_server_list() -> None:
    comments = server_comments()
    dated = apply_feed_dates(comments, parse(feed_bytes("comments_feed_post.xml")))
    assert [(c.comment_id, c.published, c.published_raw, c.published_precision) for c in dated] == [
        (57, "2012-02-14T10:20:31+00:00", "Tue, 14 Feb 2012 10:20:31 +0000", "second"),
        (58, "2012-02-14T12:01:05+00:00", "Tue, 14 Feb 2012 12:01:05 +0000", "second"),
        (61, "2012-02-16T08:15:44+00:00", "Thu, 16 Feb 2012 08:15:44 +0000", "second"),
        (63, "2012-02-17T09:30:00+00:00", "Fri, 17 Feb 2012 09:30:00 +0000", "second"),
        (60, "2012-02-15T09:00:00+00:00", "Wed, 15 Feb 2012 09:00:00 +0000", "second"),
        (59, "2012-02-15T19:40:12+00:00", "Wed, 15 Feb 2012 19:40:12 +0000", "second"),
        (62, "2012-02-16T14:02:09+00:00", "Thu, 16 Feb 2012 14:02:09 +0000", "second"),
        (64, "2012-02-17T20:11:58+00:00", "Fri, 17 Feb 2012 20:11:58 +0000", "second"),
    ]
    # Everything else is as extracted.
    assert [
        dataclasses.replace(c, published=None, published_raw=None, published_precision=None)
        for c in dated
    ] == comments


def test_apply_returns_new_records_and_leaves_the_input_alone() -> None:
    comments = server_comments()
    before = [dataclasses.replace(c) for c in comments]
    dated = apply_feed_dates(comments, {57: second("2012-02-14T10:20:31+00:00", "raw")})
    assert comments == before
    assert all(new is not old for new, old in zip(dated, comments, strict=True))
    assert [c.published for c in dated] == ["2012-02-14T10:20:31+00:00"] + [None] * 7


def test_page_dates_are_kept() -> None:
    html = (FIXTURES / "disqus_rendered_threaded.html").read_text(encoding="utf-8")
    page = Page.from_html(POST_URL, html, CAPTURED)
    comments = extract_disqus_rendered(page, post_id=1203, post_url=POST_URL)
    dated = apply_feed_dates(comments, parse(feed_bytes("comments_feed_post.xml")))
    assert dated == comments
    assert (dated[0].published, dated[0].published_raw) == ("2012-02-14", "4 days ago")


def test_a_page_date_that_did_not_parse_is_replaced_but_an_undated_feed_item_is_not() -> None:
    base = server_comments()[:2]
    comments = [
        dataclasses.replace(base[0], published_raw="the other day"),
        base[1],
    ]
    dates = {
        57: second("2012-02-14T10:20:31+00:00", "Tue, 14 Feb 2012 10:20:31 +0000"),
        58: DateValue(None, "sometime", None),
    }
    dated = apply_feed_dates(comments, dates)
    assert [(c.published, c.published_raw, c.published_precision) for c in dated] == [
        ("2012-02-14T10:20:31+00:00", "Tue, 14 Feb 2012 10:20:31 +0000", "second"),
        (None, None, None),
    ]


def test_apply_with_no_feed() -> None:
    comments = server_comments()
    assert apply_feed_dates(comments, {}) == comments
    assert apply_feed_dates([], {57: second("x", "y")}) == []
