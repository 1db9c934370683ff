"""The rendered widget.js v2 profile widget (ncia_scraper.extract.tweets.profile_widget)."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from ncia_scraper.extract.page import Page
from ncia_scraper.extract.tweets import extract_tweets, profile_widget
from ncia_scraper.items import Tweet

FIXTURES = Path(__file__).parent / "fixtures" / "tweets"
SEED_URL = (
    "http://www.independentaction.net/2012/01/25/for-insurgency-the-case-against-partnership/"
)
SEED_CAPTURE = datetime(2012, 2, 18, 11, 30, tzinfo=UTC)


def load(name: str, captured_at: datetime, url: str = SEED_URL) -> Page:
    html = (FIXTURES / name).read_text(encoding="utf-8")
    return Page.from_html(url, html, captured_at)


def test_seed_page_three_tweets_exactly() -> None:
    tweets = profile_widget.extract(load("profile_widget_seed.html", SEED_CAPTURE))

    assert tweets == [
        Tweet(
            tweet_id="169434113453715456",
            screen_name="nciaction",
            display_name="NCIA",
            text="5000 fewer managers, 4000 more doctors? learn to speak Lansley! "
            "independentaction.net/2012/02/14/500...",
            urls=["http://independentaction.net/2012/02/14/500..."],
            mentions=[],
            hashtags=[],
            published="2012-02-14",
            published_raw="4 days ago",
            published_precision="day",
            tweet_url="http://twitter.com/nciaction/status/169434113453715456",
            widget="profile-widget",
            first_seen_on=SEED_URL,
            seen_count=1,
            captured_at="2012-02-18T11:30:00+00:00",
        ),
        Tweet(
            tweet_id="170741298571649024",
            screen_name="nciaction",
            display_name="NCIA",
            text="RT @OLSchoolofIdeas: Tim Gee author of 'Counterpower: Making Change Happen' "
            "will be coming to talk at the Sol on Wednesday evening: http ...",
            urls=["http://..."],
            mentions=["OLSchoolofIdeas"],
            hashtags=[],
            published="2012-02-18T04:30:00+00:00",
            published_raw="7 hours ago",
            published_precision="hour",
            tweet_url="http://twitter.com/nciaction/status/170741298571649024",
            widget="profile-widget",
            first_seen_on=SEED_URL,
            seen_count=1,
            captured_at="2012-02-18T11:30:00+00:00",
        ),
        Tweet(
            tweet_id=None,
            screen_name="nciaction",
            display_name="NCIA",
            text="Sharing Learning and Challenges in Activism and Youth Work "
            "In Defence of Youth Work/FreeRadicals.",
            urls=[],
            mentions=[],
            hashtags=[],
            published=None,
            published_raw=None,
            published_precision=None,
            tweet_url=None,
            widget="profile-widget",
            first_seen_on=SEED_URL,
            seen_count=1,
            captured_at="2012-02-18T11:30:00+00:00",
        ),
    ]


def test_seed_page_through_extract_tweets_gives_the_same_records() -> None:
    page = load("profile_widget_seed.html", SEED_CAPTURE)

    assert extract_tweets(page) == profile_widget.extract(page)


def test_time_attribute_gives_second_precision_in_site_time() -> None:
    page = load("profile_widget_time.html", datetime(2011, 11, 9, 12, 0, tzinfo=UTC))

    tweets = profile_widget.extract(page)

    assert [(t.published, t.published_raw, t.published_precision) for t in tweets] == [
        # GMT in November.
        ("2011-11-05T06:17:36+00:00", "Sat Nov 05 06:17:36 +0000 2011", "second"),
        # British Summer Time until 30 October 2011.
        ("2011-10-25T15:03:10+01:00", "Tue Oct 25 14:03:10 +0000 2011", "second"),
    ]


def test_linked_mentions_and_hashtags_of_widget_js() -> None:
    page = load("profile_widget_time.html", datetime(2011, 11, 9, 12, 0, tzinfo=UTC))

    first = profile_widget.extract(page)[0]

    assert first == Tweet(
        tweet_id="132712053283438592",
        screen_name="nciaction",
        display_name="NCIA",
        text="Inquiry into the future of voluntary action: evidence sessions start in March "
        "@natcan #bigsociety http://t.co/4xYqLm2P",
        urls=["http://t.co/4xYqLm2P"],
        mentions=["natcan"],
        hashtags=["bigsociety"],
        published="2011-11-05T06:17:36+00:00",
        published_raw="Sat Nov 05 06:17:36 +0000 2011",
        published_precision="second",
        tweet_url="http://twitter.com/nciaction/status/132712053283438592",
        widget="profile-widget",
        first_seen_on=SEED_URL,
        seen_count=1,
        captured_at="2011-11-09T12:00:00+00:00",
    )


def test_unlinked_hashtag_email_and_repeated_mention() -> None:
    page = load("profile_widget_time.html", datetime(2011, 11, 9, 12, 0, tzinfo=UTC))

    second = profile_widget.extract(page)[1]

    assert second.text == (
        "Thanks @natcan & @SWAN_UK. Fighting #cuts? Tell us: info@independentaction.net "
        "- or @NATCAN again"
    )
    # "info@…" is an address, not a mention; "@NATCAN" is @natcan again (names are
    # case-insensitive), so it is listed once, as first written.
    assert second.mentions == ["natcan", "SWAN_UK"]
    assert second.hashtags == ["cuts"]
    assert second.urls == []


def test_2010_template_without_intents() -> None:
    page = load("profile_widget_2010.html", datetime(2010, 11, 20, 10, 0, tzinfo=UTC))

    tweets = profile_widget.extract(page)

    assert tweets == [
        Tweet(
            tweet_id="5913401526276096",
            screen_name="nciaction",
            display_name="National Coalition for Independent Action",
            text="Big Society or big cuts? Our response to the Giving Green Paper "
            "http://bit.ly/9xQk2a #bigsociety",
            urls=["http://bit.ly/9xQk2a"],
            mentions=[],
            hashtags=["bigsociety"],
            published="2010-11-19",
            published_raw="yesterday",
            published_precision="day",
            tweet_url="http://twitter.com/nciaction/status/5913401526276096",
            widget="profile-widget",
            first_seen_on=SEED_URL,
            seen_count=1,
            captured_at="2010-11-20T10:00:00+00:00",
        ),
        Tweet(
            tweet_id="4471126584922112",
            screen_name="nciaction",
            display_name="National Coalition for Independent Action",
            # A link to a profile that shows a URL is a URL, not a mention.
            text="@natcan yes - see twitter.com/nciaction for the list",
            urls=["http://twitter.com/nciaction"],
            mentions=["natcan"],
            hashtags=[],
            published="2010-11-15",
            published_raw="about 5 days ago",
            published_precision="day",
            tweet_url="http://twitter.com/nciaction/status/4471126584922112",
            widget="profile-widget",
            first_seen_on=SEED_URL,
            seen_count=1,
            captured_at="2010-11-20T10:00:00+00:00",
        ),
    ]


def test_raw_page_with_only_the_widget_script_has_no_tweets() -> None:
    page = load("profile_widget_raw.html", SEED_CAPTURE)

    assert profile_widget.extract(page) == []
    assert extract_tweets(page) == []


def _widget(tweet_html: str, header: str = "<h3>NCIA</h3><h4><a>nciaction</a></h4>") -> str:
    return (
        '<div class="twtr-widget twtr-widget-profile"><div class="twtr-doc">'
        f'<div class="twtr-hd">{header}</div>'
        f'<div class="twtr-bd"><div class="twtr-tweets">{tweet_html}</div></div></div></div>'
    )


def test_unreadable_time_attribute_falls_back_to_the_text() -> None:
    html = _widget(
        '<div class="twtr-tweet"><div class="twtr-tweet-text"><p>'
        '<a class="twtr-user" href="http://twitter.com/nciaction">nciaction</a> hello '
        '<em><a class="twtr-timestamp" time="" href="http://twitter.com/nciaction/status/7">'
        "2 hours ago</a></em></p></div></div>"
    )
    page = Page.from_html(SEED_URL, html, SEED_CAPTURE)

    [tweet] = profile_widget.extract(page)

    assert (tweet.published, tweet.published_raw, tweet.published_precision) == (
        "2012-02-18T09:30:00+00:00",
        "2 hours ago",
        "hour",
    )
    assert tweet.text == "hello"


def test_display_name_only_for_the_widgets_own_account() -> None:
    # A search-type widget shows other people's tweets under its header.
    html = _widget(
        '<div class="twtr-tweet"><div class="twtr-tweet-text"><p>'
        '<a class="twtr-user" href="http://twitter.com/natcan">natcan</a> solidarity '
        '<em><a class="twtr-timestamp" href="http://twitter.com/natcan/status/8">'
        "2 hours ago</a></em></p></div></div>"
    )
    page = Page.from_html(SEED_URL, html, SEED_CAPTURE)

    [tweet] = profile_widget.extract(page)

    assert (tweet.screen_name, tweet.display_name, tweet.tweet_id) == ("natcan", None, "8")


def test_screen_name_from_the_header_when_the_tweet_has_no_name_link() -> None:
    html = _widget('<div class="twtr-tweet"><div class="twtr-tweet-text"><p>hello</p></div></div>')
    page = Page.from_html(SEED_URL, html, SEED_CAPTURE)

    [tweet] = profile_widget.extract(page)

    assert (tweet.screen_name, tweet.display_name, tweet.text) == ("nciaction", "NCIA", "hello")
