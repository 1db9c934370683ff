"""Is the start page WordPress (`ncia_scraper.extract.site`)? The signs every WordPress
prints whatever the theme, and the message when none is there."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from parsel import Selector

from ncia_scraper.extract.page import Page
from ncia_scraper.extract.site import SIGNS, not_wordpress_message, wordpress_signs

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "wordpress"


def page(html: str) -> Page:
    return Page(
        url="http://blog.example/",
        selector=Selector(text=html),
        captured_at=datetime(2026, 11, 25, tzinfo=UTC),
        timezone=ZoneInfo("Europe/London"),
    )


@pytest.mark.parametrize(
    "name",
    ["tt1-pretty-home.html", "tt1-plain-home.html", "tt3-pretty-home.html", "tt3-plain-home.html"],
)
def test_a_real_wordpress_home_page_shows_every_sign(name: str) -> None:
    signs = wordpress_signs(page((FIXTURES / "listings" / name).read_text()))
    # Pages served with the REST API switched off lose only that link.
    assert set(SIGNS) - set(signs) <= {SIGNS[2]}
    assert len(signs) >= 3


def test_each_sign_alone_is_enough() -> None:
    assert wordpress_signs(page('<meta name="generator" content="WordPress 3.3.1" />')) == [
        SIGNS[0]
    ]
    assert wordpress_signs(page('<img src="/wp-content/uploads/a.jpg">')) == [SIGNS[1]]
    assert wordpress_signs(page("<p>x</p>"), '<http://b/wp-json/>; rel="https://api.w.org/"') == [
        SIGNS[2]
    ]
    feed = '<link rel="alternate" type="application/rss+xml" href="http://b/?feed=rss2" />'
    assert wordpress_signs(page(f"<head>{feed}</head>")) == [SIGNS[3]]


def test_another_kind_of_site_shows_none_and_the_message_names_what_was_looked_for() -> None:
    shop = '<meta name="generator" content="Shopify" /><script src="/assets/app.js"></script>'
    assert wordpress_signs(page(shop)) == []
    message = not_wordpress_message("http://shop.example/")
    assert message.startswith("http://shop.example/ does not look like a WordPress site")
    assert all(sign in message for sign in SIGNS)
