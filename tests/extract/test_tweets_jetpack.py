"""Jetpack's Twitter widget (ncia_scraper.extract.tweets.jetpack)."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from ncia_scraper.extract.page import Page
from ncia_scraper.extract.tweets import jetpack
from ncia_scraper.items import Tweet

FIXTURES = Path(__file__).parent / "fixtures" / "tweets"
URL = "http://www.independentaction.net/2012/01/25/for-insurgency-the-case-against-partnership/"
CAPTURE = datetime(2012, 2, 18, 11, 30, tzinfo=UTC)


def test_three_tweets_exactly_with_nbsp_times() -> None:
    html = (FIXTURES / "jetpack.html").read_text(encoding="utf-8")

    tweets = jetpack.extract(Page.from_html(URL, html, CAPTURE))

    common = {
        "screen_name": "nciaction",
        "display_name": None,
        "widget": "jetpack",
        "first_seen_on": URL,
        "seen_count": 1,
        "captured_at": "2012-02-18T11:30:00+00:00",
    }
    assert tweets == [
        Tweet(
            tweet_id="169434113453715456",
            text='Does "partnership" mean anything when the axe is falling? '
            "http://t.co/Zp3kQw9R #cuts",
            urls=["http://t.co/Zp3kQw9R"],
            mentions=[],
            hashtags=["cuts"],
            published="2012-02-14",
            # The page says "4&nbsp;days&nbsp;ago"; raw keeps the words, spaces squashed.
            published_raw="4 days ago",
            published_precision="day",
            tweet_url="http://twitter.com/nciaction/statuses/169434113453715456",
            **common,
        ),
        Tweet(
            tweet_id="170741298571649024",
            text="RT @OLSchoolofIdeas: Tim Gee author of 'Counterpower: Making Change Happen' "
            "will be coming to talk at the Sol on Wednesday evening: http://t.co/Qm7Rz0aB",
            urls=["http://t.co/Qm7Rz0aB"],
            mentions=["OLSchoolofIdeas"],
            hashtags=[],
            published="2012-02-18T04:30:00+00:00",
            published_raw="7 hours ago",
            published_precision="hour",
            tweet_url="http://twitter.com/nciaction/statuses/170741298571649024",
            **common,
        ),
        Tweet(
            tweet_id="167280123456782336",
            text="Thanks @natcan and @SWAN_UK for a great day in Manchester #independence #cuts",
            urls=[],
            mentions=["natcan", "SWAN_UK"],
            hashtags=["independence", "cuts"],
            published="2012-02-11",
            published_raw="1 week ago",
            published_precision="week",
            tweet_url="http://twitter.com/nciaction/statuses/167280123456782336",
            **common,
        ),
    ]


def test_wordpress_com_variant_with_span_date() -> None:
    html = (
        '<li id="twitter-3" class="widget widget_twitter"><h2 class="widgettitle">'
        "<a href='http://twitter.com/nciaction'>Twitter: nciaction</a></h2><ul class='tweets'>"
        "<li class='twitter-item'>Cuts hurt <span class='date'>"
        "<a href='http://twitter.com/nciaction/statuses/170741298571649024' class='timesince'>"
        "2&nbsp;days&nbsp;ago</a></span></li></ul></li>"
    )

    [tweet] = jetpack.extract(Page.from_html(URL, html, CAPTURE))

    assert (tweet.text, tweet.published, tweet.published_raw, tweet.tweet_id) == (
        "Cuts hurt",
        "2012-02-16",
        "2 days ago",
        "170741298571649024",
    )


def test_account_from_the_title_link_without_a_status_link() -> None:
    html = (
        '<li id="twitter-3" class="widget widget_twitter"><h2 class="widgettitle">'
        "<a href='http://twitter.com/nciaction'>Twitter: nciaction</a></h2><ul class='tweets'>"
        "<li>Thanks @<a href='http://twitter.com/natcan'>natcan</a></li></ul></li>"
    )

    [tweet] = jetpack.extract(Page.from_html(URL, html, CAPTURE))

    # The mention link inside the tweet is not taken for the account.
    assert (tweet.screen_name, tweet.tweet_id, tweet.published, tweet.mentions) == (
        "nciaction",
        None,
        None,
        ["natcan"],
    )
