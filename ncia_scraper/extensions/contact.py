"""The User-Agent names the project and a contact URL (the setting CONTACT_URL).

A site owner who sees the crawler in their logs must be able to find out who runs it and
ask them to stop: the User-Agent is `ncia-scraper/0.1 (research crawler of the NCIA
blog; +CONTACT_URL)`, the `+URL` convention of well-behaved crawlers.

Guarantees:

- `user_agent(contact_url)` is that string; `settings.py` builds its USER_AGENT with it.
- `check_contact_url(value)` raises `ValueError` (one line for the user) unless the value
  is an absolute http(s) address with a host, made only of URL characters (no spaces,
  control characters or parentheses, which would break the User-Agent header or its
  comment). The `crawl` command calls it before the crawl, so a bad value gives exit 2.
- `ContactUserAgent`, a Scrapy add-on (setting ADDONS), rebuilds USER_AGENT from a
  CONTACT_URL given at a higher priority than USER_AGENT itself (`-s CONTACT_URL=...`),
  before the crawler's settings freeze. A USER_AGENT given explicitly (`-s USER_AGENT=`)
  wins over CONTACT_URL: the user chose the whole string.

Kept free of Scrapy imports: `settings.py` imports this module.
"""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import urlsplit

PRODUCT = "ncia-scraper/0.1"

# RFC 3986 characters, minus the parentheses that delimit the User-Agent's comment.
_URL_CHARS = re.compile(r"[A-Za-z0-9\-._~:/?#\[\]@!$&'*+,;=%]+")


def user_agent(contact_url: str) -> str:
    """The User-Agent for a crawl run by whoever `contact_url` leads to."""
    return f"{PRODUCT} (research crawler of the NCIA blog; +{contact_url})"


def check_contact_url(value: Any) -> str:
    """`value` if it is a usable contact URL, else ValueError with one line."""
    problem = (
        "CONTACT_URL must be an http(s) address where site owners can reach whoever runs "
        f"the crawl, such as https://example.org/about-our-crawler, got {value!r}"
    )
    if not isinstance(value, str) or not _URL_CHARS.fullmatch(value):
        raise ValueError(problem)
    try:
        parts = urlsplit(value)
        parts.port  # noqa: B018 (raises ValueError on a malformed port)
    except ValueError:
        raise ValueError(problem) from None
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise ValueError(problem)
    return value


class ContactUserAgent:
    """Scrapy add-on: USER_AGENT follows CONTACT_URL (see the module docstring)."""

    def update_settings(self, settings: Any) -> None:
        contact_priority = settings.getpriority("CONTACT_URL") or 0
        if contact_priority > (settings.getpriority("USER_AGENT") or 0):
            contact = check_contact_url(settings.get("CONTACT_URL"))
            settings.set("USER_AGENT", user_agent(contact), priority=contact_priority)
