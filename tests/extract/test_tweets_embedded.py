"""Tweets embedded in a post body (ncia_scraper.extract.tweets.embedded)."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from ncia_scraper.extract.page import Page
from ncia_scraper.extract.tweets import embedded
from ncia_scraper.items import Tweet

FIXTURES = Path(__file__).parent / "fixtures" / "tweets"
URL = "http://www.independentaction.net/2012/02/16/councils-and-campaigning-groups/"
CAPTURE = datetime(2012, 2, 18, 11, 30, tzinfo=UTC)


def test_two_embedded_tweets_with_and_without_data_datetime() -> None:
    html = (FIXTURES / "embedded.html").read_text(encoding="utf-8")

    tweets = embedded.extract(Page.from_html(URL, html, CAPTURE))

    assert tweets == [
        Tweet(
            tweet_id="169434113453715456",
            screen_name="nciaction",
            display_name="NCIA",
            text="Councils are cutting grants to groups that campaign. Independence matters "
            "more than ever independentaction.net/2012/02/14/500… #cuts",
            urls=["http://t.co/Hk3uVb7e"],
            mentions=[],
            hashtags=["cuts"],
            published="2012-02-14T10:12:33+00:00",
            published_raw="2012-02-14T10:12:33+00:00",
            published_precision="second",
            tweet_url="https://twitter.com/nciaction/status/169434113453715456",
            widget="embedded",
            first_seen_on=URL,
            seen_count=1,
            captured_at="2012-02-18T11:30:00+00:00",
        ),
        Tweet(
            tweet_id="169501234567890944",
            screen_name="natcan",
            display_name="NATCAN",
            text="@nciaction spot on. See you at the #NCIA assembly #bigsociety",
            urls=[],
            # The byline's "(@natcan)" is not part of the text, so not a mention.
            mentions=["nciaction"],
            hashtags=["NCIA", "bigsociety"],
            published="2012-02-14",
            published_raw="February 14, 2012",
            published_precision="day",
            tweet_url="https://twitter.com/natcan/status/169501234567890944",
            widget="embedded",
            first_seen_on=URL,
            seen_count=1,
            captured_at="2012-02-18T11:30:00+00:00",
        ),
    ]


def test_screen_name_from_the_status_url_without_a_byline() -> None:
    html = (
        '<blockquote class="twitter-tweet"><p>Solidarity</p>'
        '<a href="https://twitter.com/natcan/status/169501234567890944">February 14, 2012</a>'
        "</blockquote>"
    )

    [tweet] = embedded.extract(Page.from_html(URL, html, CAPTURE))

    assert (tweet.screen_name, tweet.display_name, tweet.text, tweet.tweet_id) == (
        "natcan",
        None,
        "Solidarity",
        "169501234567890944",
    )


def test_an_ordinary_blockquote_is_not_a_tweet() -> None:
    html = "<blockquote><p>Only connect.</p>&mdash; E. M. Forster (@nobody)</blockquote>"

    assert embedded.extract(Page.from_html(URL, html, CAPTURE)) == []
