"""What the four tweet extractors share: reading a tweet's text with its links, mentions
and hashtags, recognising Twitter links, and building the `Tweet` record.

The widgets link mentions and hashtags in different ways (shared reference
`markup.md` §3, `docs/markup.md`, "Twitter"):

- widget.js v2: `@<a class="tweet-url username" data-screen-name="bob">bob</a>` and
  `<a class="tweet-url hashtag" href="http://twitter.com/#!/search?q=%23tag">#tag</a>`;
- Twitter Widget Pro: `<a class="twitter-user" href="http://twitter.com/bob">@bob</a>` and
  `<a class="twitter-hashtag" href="http://search.twitter.com/search?q=%23tag">#tag</a>`;
- Jetpack: `@<a href="http://twitter.com/bob">bob</a>` and
  `<a href="http://twitter.com/search?q=%23tag">#tag</a>`, without classes;
- embedded tweets: `<a href="https://twitter.com/bob">@bob</a>` and
  `<a href="https://twitter.com/search?q=%23tag">#tag</a>`.

So a link is classified by its class first, then by where it points and what it says.
Mentions and hashtags a widget left unlinked ("RT @OLSchoolofIdeas:" in the seed page)
are read from the plain text between links.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from urllib.parse import parse_qs, unquote, urljoin, urlsplit

from lxml import etree
from parsel import Selector

from ncia_scraper.dates import NO_DATE, DateValue, iso_utc, parse_date
from ncia_scraper.extract.page import Page
from ncia_scraper.items import Tweet
from ncia_scraper.text import squash

__all__ = [
    "Found",
    "TweetText",
    "absolute",
    "classes",
    "has_class",
    "make_tweet",
    "merge_texts",
    "read_text",
    "read_time_link",
    "status_id",
    "status_user",
    "twitter_user_link",
]

# "/status/ID" (widget.js, embeds) and "/statuses/ID" (Jetpack, Twitter Widget Pro); the
# old "#!/user/status/ID" form has the same tail.
_STATUS = re.compile(r"/(?P<user>[A-Za-z0-9_]{1,20})/status(?:es)?/(?P<id>\d+)")
_TWITTER_HOSTS = {"twitter.com", "mobile.twitter.com", "search.twitter.com"}
# Path segments of twitter.com that are pages, not accounts.
_NOT_USERS = {"search", "intent", "share", "home", "hashtag", "i", "statuses", "account"}
# Screen names: letters, digits, underscore; 15 characters today, up to 20 for old accounts.
_SCREEN_NAME = re.compile(r"[A-Za-z0-9_]{1,20}")
# A mention in plain text: "@" not preceded by a name character (so "info@example.org" is
# not one) and not followed by another "@"; "＠" is the full-width form Twitter accepts.
_MENTION = re.compile(r"(?<![A-Za-z0-9_!#$%&*@＠])[@＠]([A-Za-z0-9_]{1,20})(?![@＠A-Za-z0-9_])")
# A hashtag in plain text: "#" not preceded by a word character, "&" (an entity) or "/"
# (a URL fragment); an all-digit tag ("#1") is not a hashtag on Twitter.
_HASHTAG = re.compile(r"(?<![\w&/#＃])[#＃](\w+)")


@dataclass(frozen=True)
class Found:
    """A tweet and the element it was read from, so tweets of several forms can be put in
    document order."""

    element: etree._Element
    tweet: Tweet


@dataclass
class TweetText:
    """A tweet's text as shown, and what its links and words point to."""

    text: str
    urls: list[str] = field(default_factory=list)
    mentions: list[str] = field(default_factory=list)
    hashtags: list[str] = field(default_factory=list)


def classes(element: etree._Element) -> set[str]:
    """The class names of an element."""
    return set((element.get("class") or "").split())


def status_id(url: str | None) -> str | None:
    """The tweet ID in a status URL, as a string, or None."""
    match = _STATUS.search(url or "")
    return match["id"] if match else None


def status_user(url: str | None) -> str | None:
    """The screen name in a status URL (`…/nciaction/statuses/ID`), or None."""
    match = _STATUS.search(url or "")
    return match["user"] if match else None


def twitter_user_link(url: str | None) -> str | None:
    """The screen name a profile link points to (`http://twitter.com/nciaction`,
    `…/intent/user?screen_name=nciaction`, `…/#!/nciaction`), or None."""
    path, query = _twitter_path(url)
    if path is None:
        return None
    if path.rstrip("/") == "/intent/user":
        name = (query.get("screen_name") or [""])[0]
        return name if _SCREEN_NAME.fullmatch(name) else None
    segments = [segment for segment in path.split("/") if segment]
    if len(segments) == 1 and segments[0].lower() not in _NOT_USERS:
        name = segments[0]
        return name if _SCREEN_NAME.fullmatch(name) else None
    return None


def read_text(
    container: Selector | etree._Element,
    base_url: str,
    skip: Callable[[etree._Element], bool] = lambda element: False,
) -> TweetText:
    """Read the text shown in `container`, leaving out the elements `skip` accepts (the
    widget's name prefix, its timestamp line), with link targets, mentions and hashtags
    in order of appearance and without duplicates."""
    root = container.root if isinstance(container, Selector) else container
    pieces: list[str] = []
    urls: list[str] = []
    mentions: list[str] = []
    hashtags: list[str] = []

    def plain(text: str | None) -> None:
        # Text outside any link: may hold unlinked mentions and hashtags. Most runs of text
        # hold neither sign, and then neither pattern can match: skip the scans.
        if text:
            pieces.append(text)
            if "@" in text or "＠" in text:
                _add_all(mentions, (m[1] for m in _MENTION.finditer(text)))
            if "#" in text or "＃" in text:
                _add_all(hashtags, (h[1] for h in _HASHTAG.finditer(text) if not h[1].isdigit()))

    def walk(element: etree._Element, in_link: bool) -> None:
        if in_link:
            pieces.append(element.text or "")
        else:
            plain(element.text)
        for child in element:
            if isinstance(child.tag, str) and not skip(child):
                if child.tag == "br":
                    pieces.append(" ")
                elif child.tag == "a" and not in_link:
                    _record_link(child, base_url, urls, mentions, hashtags)
                    # The link's own text is shown but not scanned: a URL's "#fragment"
                    # or "user@host" is not a hashtag or mention.
                    walk(child, in_link=True)
                else:
                    walk(child, in_link)
            if in_link:
                pieces.append(child.tail or "")
            else:
                plain(child.tail)

    walk(root, in_link=False)
    return TweetText(squash("".join(pieces)), urls, mentions, hashtags)


def merge_texts(parts: Iterable[TweetText]) -> TweetText:
    """Several pieces of one tweet (an embed's paragraphs) read as one."""
    merged = TweetText("")
    texts = []
    for part in parts:
        texts.append(part.text)
        merged.urls.extend(url for url in part.urls if url not in merged.urls)
        _add_all(merged.mentions, part.mentions)
        _add_all(merged.hashtags, part.hashtags)
    merged.text = squash(" ".join(texts))
    return merged


def make_tweet(
    page: Page,
    *,
    widget: str,
    content: TweetText,
    screen_name: str,
    display_name: str | None,
    date: DateValue,
    tweet_url: str | None,
) -> Tweet:
    """The record for one tweet read from `page`."""
    return Tweet(
        tweet_id=status_id(tweet_url),
        screen_name=screen_name.lstrip("@＠"),
        display_name=display_name or None,
        text=content.text,
        urls=content.urls,
        mentions=content.mentions,
        hashtags=content.hashtags,
        published=date.value,
        published_raw=date.raw,
        published_precision=date.precision,
        tweet_url=tweet_url,
        widget=widget,
        first_seen_on=page.url,
        seen_count=1,
        captured_at=iso_utc(page.captured_at),
    )


def absolute(href: str | None, base_url: str) -> str | None:
    """`href` made absolute against the page URL, or None when there is no usable link."""
    href = (href or "").strip()
    if not href or href.startswith("#") or href.lower().startswith("javascript:"):
        return None
    return urljoin(base_url, href)


def _record_link(
    link: etree._Element,
    base_url: str,
    urls: list[str],
    mentions: list[str],
    hashtags: list[str],
) -> None:
    href = link.get("href")
    shown = squash("".join(link.itertext()))
    kind = _link_kind(link, href, shown)
    if kind == "mention":
        name = _mention_name(link, href, shown)
        if name:
            _add_all(mentions, [name])
    elif kind == "hashtag":
        name = _hashtag_name(href, shown)
        if name:
            _add_all(hashtags, [name])
    elif kind == "url":
        target = absolute(href, base_url)
        if target and target not in urls:
            urls.append(target)
    # "intent" links (reply, retweet, favorite, follow) are widget controls, not content.


def _link_kind(link: etree._Element, href: str | None, shown: str) -> str:
    names = classes(link)
    if names & {"username", "twitter-user"} or link.get("data-screen-name"):
        return "mention"
    if names & {"hashtag", "twitter-hashtag"}:
        return "hashtag"
    path, query = _twitter_path(href)
    if path is None:
        return "url"
    # search?q=%23tag, /hashtag/tag, and any other Twitter link that shows "#tag"
    # (hand-copied embeds have /search/%23tag).
    if _hashtag_query(path, query) or path.startswith("/hashtag/") or shown[:1] in ("#", "＃"):
        return "hashtag"
    user = twitter_user_link(href)
    # A link to an account is a mention when it shows that account's name, with or without
    # the "@" (Jetpack and widget.js put the "@" before the link). A link to a profile that
    # shows something else, e.g. "twitter.com/nciaction", is an ordinary URL.
    if user and shown.lstrip("@＠").lower() == user.lower():
        return "mention"
    if path.startswith("/intent/") or path.startswith("/share"):
        return "intent"
    return "url"


def _mention_name(link: etree._Element, href: str | None, shown: str) -> str | None:
    for candidate in (link.get("data-screen-name"), shown.lstrip("@＠")):
        if candidate and _SCREEN_NAME.fullmatch(candidate):
            return candidate
    return twitter_user_link(href)


def _hashtag_name(href: str | None, shown: str) -> str | None:
    name = shown.lstrip("#＃")
    if name and re.fullmatch(r"\w+", name):
        return name
    path, query = _twitter_path(href)
    if path is None:
        return None
    return _hashtag_query(path, query) or (
        path.split("/")[2] if path.startswith("/hashtag/") else None
    )


def _hashtag_query(path: str, query: dict[str, list[str]]) -> str | None:
    # search?q=%23tag (parse_qs has already decoded "%23" to "#").
    if path.rstrip("/") != "/search":
        return None
    q = (query.get("q") or [""])[0].strip()
    return q[1:] if q[:1] in ("#", "＃") and len(q) > 1 else None


# A sidebar widget shows the same tweets, and so the same links, on every page of a crawl;
# splitting each link again took a good part of reading a tweet.
@lru_cache(maxsize=4096)
def _twitter_path(url: str | None) -> tuple[str | None, dict[str, list[str]]]:
    """Path and query of a twitter.com URL, reading through the 2010–2012 "#!" form
    (`http://twitter.com/#!/search?q=%23tag`); (None, {}) for other sites.

    Cached, so the query dict is shared between calls: callers only read it."""
    if not url:
        return None, {}
    parts = urlsplit(url.strip())
    host = (parts.hostname or "").lower().removeprefix("www.")
    if host not in _TWITTER_HOSTS:
        return None, {}
    path, query = parts.path or "/", parts.query
    if parts.fragment.startswith("!/"):
        inner = urlsplit(parts.fragment[1:])
        path, query = inner.path, inner.query
    return unquote(path), parse_qs(query)


def _add_all(values: list[str], new: Iterable[str]) -> None:
    # Order of first appearance, compared without case as Twitter compares names and tags.
    seen = {value.lower() for value in values}
    for value in new:
        if value.lower() not in seen:
            seen.add(value.lower())
            values.append(value)


def has_class(name: str) -> str:
    """An XPath test for one class name, evaluated natively by lxml. (parsel's
    `has-class()` is a Python callback run on every element tested: it was the slowest
    part of reading a page's widgets.) The plain `contains` first is implied by the token
    test and cheap: most elements are rejected without building the normalized string."""
    return (
        f"(contains(@class, '{name}')"
        f" and contains(concat(' ', normalize-space(@class), ' '), ' {name} '))"
    )


_LINK_TEXTS = etree.XPath(".//text()")


def read_time_link(page: Page, link: etree._Element | None) -> tuple[str | None, DateValue]:
    """The status URL and the date of a server-side widget's time link ("about 4 days
    ago" linking to `…/statuses/ID`, as Jetpack and Twitter Widget Pro print it)."""
    if link is None:
        return None, NO_DATE
    text = " ".join(_LINK_TEXTS(link))
    date = parse_date(text, captured_at=page.captured_at, timezone=page.timezone)
    return absolute(link.get("href"), page.url), date
