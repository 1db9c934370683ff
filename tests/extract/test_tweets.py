"""All tweets of a page (ncia_scraper.extract.tweets.extract_tweets) and the reading of
tweet text, links, mentions and hashtags the four forms share."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest
from parsel import Selector

from ncia_scraper.extract.page import Page
from ncia_scraper.extract.tweets import (
    embedded,
    extract_tweets,
    jetpack,
    profile_widget,
    widget_pro,
)
from ncia_scraper.extract.tweets._common import (
    TweetText,
    read_text,
    status_id,
    twitter_user_link,
)
from ncia_scraper.items import Tweet

FIXTURES = Path(__file__).parent / "fixtures" / "tweets"
URL = "http://www.independentaction.net/2012/02/16/councils-and-campaigning-groups/"
CAPTURE = datetime(2012, 2, 18, 11, 30, tzinfo=UTC)


def mixed_page() -> Page:
    html = (FIXTURES / "mixed_page.html").read_text(encoding="utf-8")
    return Page.from_html(URL, html, CAPTURE)


def test_two_widgets_and_an_embedded_tweet_in_document_order() -> None:
    tweets = extract_tweets(mixed_page())

    assert [(t.widget, t.tweet_id, t.published, t.published_precision) for t in tweets] == [
        ("embedded", "169434113453715456", "2012-02-14T10:12:33+00:00", "second"),
        ("twitter-widget-pro", "170798765432193024", "2012-02-18T07:30:00+00:00", "hour"),
        ("twitter-widget-pro", "170741298571649024", "2012-02-18T04:30:00+00:00", "hour"),
        # The same tweet again, from the other widget: deduplicating is the pipeline's job.
        ("profile-widget", "170798765432193024", "2012-02-18T07:31:12+00:00", "second"),
        ("profile-widget", "169416529408409600", "2012-02-14T09:02:47+00:00", "second"),
    ]


def test_mixed_page_records_in_full() -> None:
    tweets = extract_tweets(mixed_page())

    assert tweets[0] == Tweet(
        tweet_id="169434113453715456",
        screen_name="nciaction",
        display_name="NCIA",
        text="Councils are cutting grants to groups that campaign. Independence matters more "
        "than ever independentaction.net/2012/02/14/500…",
        urls=["http://t.co/Hk3uVb7e"],
        mentions=[],
        hashtags=[],
        published="2012-02-14T10:12:33+00:00",
        published_raw="2012-02-14T10:12:33+00:00",
        published_precision="second",
        tweet_url="https://twitter.com/nciaction/status/169434113453715456",
        widget="embedded",
        first_seen_on=URL,
        seen_count=1,
        captured_at="2012-02-18T11:30:00+00:00",
    )
    assert tweets[2] == Tweet(
        tweet_id="170741298571649024",
        screen_name="nciaction",
        display_name=None,
        text="RT @OLSchoolofIdeas: Tim Gee will be coming to talk at the Sol on Wednesday evening",
        urls=[],
        mentions=["OLSchoolofIdeas"],
        hashtags=[],
        published="2012-02-18T04:30:00+00:00",
        published_raw="about 7 hours ago",
        published_precision="hour",
        tweet_url="http://twitter.com/nciaction/statuses/170741298571649024",
        widget="twitter-widget-pro",
        first_seen_on=URL,
        seen_count=1,
        captured_at="2012-02-18T11:30:00+00:00",
    )
    assert tweets[3] == Tweet(
        tweet_id="170798765432193024",
        screen_name="nciaction",
        display_name="NCIA",
        text="Fighting the cuts in Lewisham: public meeting Tues 21st http://t.co/aBc12Xyz",
        urls=["http://t.co/aBc12Xyz"],
        mentions=[],
        hashtags=[],
        published="2012-02-18T07:31:12+00:00",
        published_raw="Sat Feb 18 07:31:12 +0000 2012",
        published_precision="second",
        tweet_url="http://twitter.com/nciaction/status/170798765432193024",
        widget="profile-widget",
        first_seen_on=URL,
        seen_count=1,
        captured_at="2012-02-18T11:30:00+00:00",
    )


@pytest.mark.parametrize(
    ("form", "expected"),
    [
        (profile_widget, ["profile-widget", "profile-widget"]),
        (widget_pro, ["twitter-widget-pro", "twitter-widget-pro"]),
        (jetpack, []),
        (embedded, ["embedded"]),
    ],
)
def test_each_form_reads_only_its_own_markup(form, expected) -> None:
    assert [tweet.widget for tweet in form.extract(mixed_page())] == expected


def test_page_without_tweets() -> None:
    html = "<html><body><div id='sidebar'><p>Follow us on Twitter</p></div></body></html>"

    assert extract_tweets(Page.from_html(URL, html, CAPTURE)) == []


def read(html: str) -> TweetText:
    return read_text(Selector(text=html).xpath("//p")[0], URL)


def test_urls_in_order_without_duplicates_and_made_absolute() -> None:
    content = read(
        '<p><a href="http://t.co/b">b</a> <a href="/2012/02/14/x/">x</a> '
        '<a href="http://t.co/b">b</a> <a href="#top">top</a></p>'
    )

    assert content.urls == [
        "http://t.co/b",
        "http://www.independentaction.net/2012/02/14/x/",
    ]
    assert content.text == "b x b top"


def test_intent_links_are_not_urls() -> None:
    content = read(
        '<p>see <a href="http://twitter.com/intent/tweet?in_reply_to=1">reply</a> '
        '<a href="http://twitter.com/intent/user?screen_name=nciaction">follow</a></p>'
    )

    assert (content.urls, content.mentions) == ([], [])


def test_text_inside_url_links_is_not_scanned_for_mentions_or_hashtags() -> None:
    content = read(
        '<p><a href="http://example.org/page#section">example.org/page#section</a> '
        '<a href="mailto:a@nciaction.org">a@nciaction.org</a> <a href="http://x.org/">@x</a></p>'
    )

    assert (content.mentions, content.hashtags) == ([], [])
    assert content.urls == [
        "http://example.org/page#section",
        "mailto:a@nciaction.org",
        "http://x.org/",
    ]


def test_plain_text_mentions_and_hashtags() -> None:
    content = read(
        "<p>RT @OLSchoolofIdeas: we're #1 in the #cuts league (@natcan, ＠SWAN_UK) #Cuts</p>"
    )

    assert content.mentions == ["OLSchoolofIdeas", "natcan", "SWAN_UK"]
    # "#1" is all digits: not a hashtag on Twitter; "#Cuts" repeats "#cuts".
    assert content.hashtags == ["cuts"]


def test_hashtag_links_of_each_form() -> None:
    content = read(
        "<p>"
        '<a href="http://twitter.com/#!/search?q=%23one" class="tweet-url hashtag">#one</a> '
        '<a href="http://search.twitter.com/search?q=%23two" class="twitter-hashtag">#two</a> '
        '<a href="http://twitter.com/search?q=%23three">#three</a> '
        '<a href="https://twitter.com/search/%23four">#four</a>'
        "</p>"
    )

    assert content.hashtags == ["one", "two", "three", "four"]
    assert content.urls == []


def test_mention_links_of_each_form() -> None:
    content = read(
        "<p>"
        '@<a class="tweet-url username" href="http://twitter.com/one" '
        'data-screen-name="one">one</a> '
        '<a href="http://twitter.com/two" class="twitter-user">@two</a> '
        "@<a href='http://twitter.com/three'>three</a> "
        '<a href="https://twitter.com/four">@four</a> '
        '<a href="http://twitter.com/intent/user?screen_name=five">five</a>'
        "</p>"
    )

    assert content.mentions == ["one", "two", "three", "four", "five"]
    assert content.text == "@one @two @three @four five"
    assert content.urls == []


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("http://twitter.com/nciaction/status/169434113453715456", "169434113453715456"),
        ("http://twitter.com/nciaction/statuses/169434113453715456", "169434113453715456"),
        ("http://twitter.com/#!/nciaction/status/42", "42"),
        ("https://twitter.com/nciaction/status/42?ref_src=twsrc", "42"),
        ("http://twitter.com/intent/retweet?tweet_id=42", None),
        ("http://twitter.com/nciaction", None),
        (None, None),
    ],
)
def test_status_id(url, expected) -> None:
    assert status_id(url) == expected


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("http://twitter.com/nciaction", "nciaction"),
        ("https://www.twitter.com/nciaction/", "nciaction"),
        ("http://twitter.com/#!/nciaction", "nciaction"),
        ("http://twitter.com/intent/user?screen_name=nciaction", "nciaction"),
        ("http://twitter.com/search?q=%23cuts", None),
        ("http://twitter.com/nciaction/status/42", None),
        ("http://example.org/nciaction", None),
    ],
)
def test_twitter_user_link(url, expected) -> None:
    assert twitter_user_link(url) == expected
