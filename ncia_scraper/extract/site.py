"""Is the start page a WordPress site? What WordPress prints on every page, whatever the
theme, and what the crawl reports when none of it is there.

Pure: a page and its headers in, the signs found out.
"""

from __future__ import annotations

import re

from ncia_scraper.extract.page import Page, xpath

SIGNS = (
    "a generator meta tag naming WordPress",
    "links into /wp-content/ or /wp-includes/",
    'the REST API link (rel="https://api.w.org/")',
    "a WordPress feed or RSD link (?feed=, /feed/, xmlrpc.php?rsd)",
)
"""What is looked for, in the words of the error message."""

_GENERATOR = xpath("//meta[@name='generator']/@content")
_ASSET_URLS = xpath("//link/@href | //script/@src | //img/@src")
_API_LINK = xpath("//link[@rel='https://api.w.org/']/@href")
_HEAD_LINKS = xpath("//link[@rel='alternate' or @rel='EditURI']/@href")
_WORDPRESS_PATH = re.compile(r"/wp-(?:content|includes)/")
_FEED_LINK = re.compile(r"[?&]feed=|/feed/?$|xmlrpc\.php\?rsd")


def wordpress_signs(page: Page, link_header: str | None = None) -> list[str]:
    """The SIGNS present on the page (and in its Link header), in SIGNS order."""
    root = page.selector.root
    found = []
    if any("wordpress" in value.lower() for value in _GENERATOR(root)):
        found.append(SIGNS[0])
    if any(_WORDPRESS_PATH.search(url) for url in _ASSET_URLS(root)):
        found.append(SIGNS[1])
    if _API_LINK(root) or (link_header and "https://api.w.org/" in link_header):
        found.append(SIGNS[2])
    if any(_FEED_LINK.search(url) for url in _HEAD_LINKS(root)):
        found.append(SIGNS[3])
    return found


def not_wordpress_message(url: str) -> str:
    return (
        f"{url} does not look like a WordPress site: looked for {'; '.join(SIGNS)}, and found none"
    )
