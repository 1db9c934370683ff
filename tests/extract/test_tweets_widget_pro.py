"""Twitter Widget Pro's server-side list (ncia_scraper.extract.tweets.widget_pro)."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from ncia_scraper.extract.page import Page
from ncia_scraper.extract.tweets import extract_tweets, widget_pro
from ncia_scraper.items import Tweet

FIXTURES = Path(__file__).parent / "fixtures" / "tweets"
URL = "http://www.independentaction.net/2012/01/25/for-insurgency-the-case-against-partnership/"
CAPTURE = datetime(2012, 2, 18, 11, 30, tzinfo=UTC)


def load(name: str) -> Page:
    return Page.from_html(URL, (FIXTURES / name).read_text(encoding="utf-8"), CAPTURE)


def test_three_tweets_exactly() -> None:
    tweets = widget_pro.extract(load("twitter_widget_pro.html"))

    assert tweets == [
        Tweet(
            tweet_id="170798765432193024",
            screen_name="nciaction",
            display_name=None,
            text="Fighting the cuts in Lewisham: public meeting Tues 21st "
            "http://t.co/aBc12Xyz #cuts",
            urls=["http://t.co/aBc12Xyz"],
            mentions=[],
            hashtags=["cuts"],
            published="2012-02-18T07:30:00+00:00",
            published_raw="about 4 hours ago",
            published_precision="hour",
            tweet_url="http://twitter.com/nciaction/statuses/170798765432193024",
            widget="twitter-widget-pro",
            first_seen_on=URL,
            seen_count=1,
            captured_at="2012-02-18T11:30:00+00:00",
        ),
        Tweet(
            tweet_id="170741298571649024",
            screen_name="nciaction",
            display_name=None,
            text="RT @OLSchoolofIdeas: Tim Gee author of 'Counterpower: Making Change Happen' "
            "will be coming to talk at the Sol on Wednesday evening: http://t.co/Qm7Rz0aB",
            urls=["http://t.co/Qm7Rz0aB"],
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
        ),
        Tweet(
            tweet_id="169930617352744960",
            screen_name="nciaction",
            display_name=None,
            # "in reply to natcan" and its link belong to the meta line, not the tweet.
            text="@natcan agreed - independence means saying no to the contract culture",
            urls=[],
            mentions=["natcan"],
            hashtags=[],
            # Older than `showts`: the plugin's absolute dateFormat, in the site's time.
            published="2012-02-15T21:14:02+00:00",
            published_raw="09:14:02 PM February 15, 2012",
            published_precision="second",
            tweet_url="http://twitter.com/nciaction/statuses/169930617352744960",
            widget="twitter-widget-pro",
            first_seen_on=URL,
            seen_count=1,
            captured_at="2012-02-18T11:30:00+00:00",
        ),
    ]


def test_meta_and_intent_links_are_not_tweet_urls() -> None:
    tweets = widget_pro.extract(load("twitter_widget_pro.html"))

    all_urls = [url for tweet in tweets for url in tweet.urls]
    assert all_urls == ["http://t.co/aBc12Xyz", "http://t.co/Qm7Rz0aB"]
    assert all("from" not in tweet.text and "Reply" not in tweet.text for tweet in tweets)


def test_no_tweets_available_item_gives_nothing() -> None:
    page = load("twitter_widget_pro_empty.html")

    assert widget_pro.extract(page) == []
    assert extract_tweets(page) == []


def test_account_from_the_follow_button_without_a_status_link() -> None:
    html = (
        '<li id="twitter-2" class="widget widget_twitter"><div>'
        "<h2 class=\"widgettitle\"><span class='twitterwidget twitterwidget-title'>News</span></h2>"
        "<ul><li><span class='entry-content'>hello</span></li></ul>"
        '<div class="follow-button"><a href="http://twitter.com/nciaction" '
        'class="twitter-follow-button" title="Follow @nciaction">@nciaction</a></div>'
        "</div></li>"
    )

    [tweet] = widget_pro.extract(Page.from_html(URL, html, CAPTURE))

    assert (tweet.screen_name, tweet.tweet_id, tweet.published, tweet.text) == (
        "nciaction",
        None,
        None,
        "hello",
    )


def test_account_from_the_default_title_as_last_resort() -> None:
    html = (
        '<li id="twitter-2" class="widget widget_twitter"><div>'
        "<h2 class=\"widgettitle\"><span class='twitterwidget twitterwidget-title'>"
        "Twitter: nciaction</span></h2>"
        "<ul><li><span class='entry-content'>hello</span></li></ul></div></li>"
    )

    [tweet] = widget_pro.extract(Page.from_html(URL, html, CAPTURE))

    assert tweet.screen_name == "nciaction"


def test_entry_content_outside_a_twitter_widget_is_not_a_tweet() -> None:
    # `entry-content` is also an hAtom class themes use for posts.
    html = "<ul><li><span class='entry-content'>A post excerpt</span></li></ul>"

    assert widget_pro.extract(Page.from_html(URL, html, CAPTURE)) == []
