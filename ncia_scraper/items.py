"""The record schema: one dataclass per record type.

These classes are the single source of truth for the output format. `schemas/*.json`
and the README's data dictionary are generated from them (`python -m ncia_scraper.schema`);
a test fails when the committed files drift from the classes.

Conventions shared by every record:
- Every date field `X` comes with `X_raw` (the text the value was read from, as printed on
  the page or in the feed, or null) and `X_precision` (`second`, `minute`, `hour`, `day`,
  `week`, `month` or `year`). Values with time of day are ISO 8601 with their UTC offset,
  in the site's timezone (Europe/London). Date-only values are `YYYY-MM-DD` (day and week
  precision), `YYYY-MM` (month) or `YYYY` (year) and are never shifted by a timezone.
- `captured_at` is when the page was captured (for an archived page, the capture's own
  time; for a live page the `captured_at` spider argument, else the response's `Date`
  header, else the fetch time), in UTC. Relative dates ("3 weeks ago") are resolved
  against it.
- `source` says where the page came from (`live`, `wayback` or `warc`); archived pages
  also give `snapshot` (the capture's 14-digit timestamp) and `archive_url`.

The fields after `fetched_at`/`system`/`captured_at` have defaults so that extractors,
which know nothing of archives, can build a record; the source stamps them afterwards.
"""

from __future__ import annotations

from dataclasses import dataclass, field

PRECISIONS = ("second", "minute", "hour", "day", "week", "month", "year")


@dataclass
class Post:
    """One blog post, read from its own page."""

    post_id: int | None
    """WordPress post ID: from the `?p=N` shortlink, the Disqus identifier or the
    `postid-N` body class; null when the page carries none of them."""
    url: str
    """Permalink of the post, absolute, without fragment; without query but on a site with
    plain permalinks, where it is `/?p=N`."""
    title: str
    """Title as shown on the page."""
    author: str | None
    """Author name as shown; null when the theme prints none (the 2012 NCIA theme doesn't)."""
    published: str | None
    """Publication date (ISO 8601, see the date conventions)."""
    published_raw: str | None
    """The publication date text as printed, e.g. "January 25, 2012"."""
    published_precision: str | None
    """Precision of `published` (see the date conventions)."""
    modified: str | None
    """Last modification date where the page shows one, else null."""
    modified_raw: str | None
    """The modification date text as printed, or null."""
    modified_precision: str | None
    """Precision of `modified`, or null."""
    categories: list[str]
    """Category names as shown, in page order."""
    tags: list[str]
    """Tag names as shown, in page order."""
    content_html: str
    """The post body as sanitized HTML: no script, style, iframe, object or form; no `on*`
    attributes; only http, https and mailto links, all absolute. Sharing buttons that
    plugins add around the body are removed."""
    content_text: str
    """The post body as plain text; paragraphs separated by one blank line, line breaks
    inside a paragraph kept as single newlines."""
    excerpt: str | None
    """The excerpt where the site publishes one (a `<meta name="description">` or the
    text before the "more" mark), else null."""
    word_count: int
    """Number of words in `content_text`."""
    links: list[str]
    """Absolute URLs of the links in the body, in order, without duplicates."""
    images: list[str]
    """Absolute URLs of the images in the body, in order, without duplicates."""
    comment_count: int
    """Number of comments the page shows (pingbacks excluded)."""
    source: str
    """Where the page came from: `live`, `wayback` or `warc`."""
    captured_at: str
    """When the page was captured (ISO 8601, UTC)."""
    fetched_at: str
    """When this crawl downloaded the page (ISO 8601, UTC)."""
    snapshot: str | None = None
    """The archived capture the record was read from: its 14-digit timestamp
    (`yyyyMMddhhmmss`, UTC); null for a live page."""
    archive_url: str | None = None
    """Where the capture can be seen in the Wayback Machine, or the WARC file and record
    it was read from (`file.warc.gz#offset`); null for a live page."""
    snapshots: list[str] = field(default_factory=list)
    """Every capture of the post this crawl read (14-digit timestamps, oldest first); the
    record's fields come from the newest. Empty for a live page."""
    published_gmt: str | None = None
    """The publication instant in UTC (ISO 8601, `Z`), where the site gives the time of
    day: the REST API's `date_gmt`, the feed's `pubDate` or a `<time datetime>` with an
    offset. Null when only the date is known."""
    modified_gmt: str | None = None
    """The last modification instant in UTC (ISO 8601, `Z`), where the site gives it."""
    protected: bool = False
    """True for a password-protected post: its metadata is recorded, its content is not
    (`content_html` and `content_text` are empty, `word_count` 0, no links or images)."""
    page_count: int = 1
    """Number of pages the post is split into (`<!--nextpage-->`, `/slug/2/`); the
    content fields join them all, in order."""
    found_by: list[str] = field(default_factory=list)
    """The doors the crawl found the post through: `links` (the site's own pages, live or
    archived), `api` (the WordPress REST API), `feeds` (RSS2) or `sitemaps`, in that
    order."""


@dataclass
class Comment:
    """One comment on a post. Replies point to their parent through `parent_id`."""

    comment_id: int
    """Comment ID (WordPress's, which the Disqus plugin also prints)."""
    post_id: int | None
    """WordPress ID of the post commented on, or null when the post page gives none."""
    post_url: str
    """Permalink of the post commented on."""
    parent_id: int | None
    """`comment_id` of the comment replied to; null for a top-level comment."""
    depth: int
    """Nesting depth: 1 for a top-level comment, 2 for a reply to it, and so on."""
    author: str
    """Commenter's name as shown."""
    author_url: str | None
    """The website the commenter gave, or null."""
    published: str | None
    """When the comment was posted (ISO 8601), or null where neither the page nor the
    post's comment feed shows a date."""
    published_raw: str | None
    """The date text the value was read from, e.g. "3 weeks ago", or null."""
    published_precision: str | None
    """Precision of `published`, or null."""
    content_html: str
    """The comment as sanitized HTML (same rules as a post's `content_html`)."""
    content_text: str
    """The comment as plain text, paragraphs separated by one blank line."""
    system: str
    """Comment system that printed it: `wordpress` or `disqus`."""
    captured_at: str
    """When the page was captured (ISO 8601, UTC)."""
    source: str = "live"
    """Where the post page came from: `live`, `wayback` or `warc`."""
    snapshot: str | None = None
    """Capture of the post page it was read from (14-digit timestamp), or null (live)."""
    archive_url: str | None = None
    """That capture's address (see the post's `archive_url`), or null (live)."""
    published_gmt: str | None = None
    """When the comment was posted, in UTC (ISO 8601, `Z`), where the site gives the time
    of day (the REST API's `date_gmt`, the comment feed's `pubDate`), else null."""
    found_by: list[str] = field(default_factory=list)
    """The doors the crawl found the comment through: `links` (the post's page), `api`
    or `feeds`, in that order."""


@dataclass
class Tweet:
    """One tweet, from a sidebar Twitter widget or embedded in a post.

    The sidebar repeats on every page, so each tweet is written once: `first_seen_on` is
    the first page it was read from and `seen_count` the number of pages showing it."""

    tweet_id: str | None
    """Tweet ID from its status URL, as a string (IDs exceed the integers that JSON
    readers keep exactly); null when the widget shows no status link."""
    screen_name: str
    """Account that posted it, without "@"."""
    display_name: str | None
    """The account's display name where the widget shows it, else null."""
    text: str
    """Tweet text as shown, without the widget's name prefix and timestamp line."""
    urls: list[str]
    """Targets of the links in the tweet text (mentions and hashtags excluded)."""
    mentions: list[str]
    """Screen names mentioned, without "@", in order of appearance."""
    hashtags: list[str]
    """Hashtags, without "#", in order of appearance."""
    published: str | None
    """When it was tweeted (ISO 8601), or null where the widget shows no time."""
    published_raw: str | None
    """The time text the value was read from, e.g. "4 days ago", or null."""
    published_precision: str | None
    """Precision of `published`, or null."""
    tweet_url: str | None
    """Status URL of the tweet, or null."""
    widget: str
    """Where it was shown: `profile-widget`, `twitter-widget-pro`, `jetpack` or `embedded`."""
    first_seen_on: str
    """URL of the first page this crawl read it from."""
    seen_count: int
    """Number of pages this crawl read it from (1 when extracted; the deduplicating
    pipeline counts the rest); with `snapshots=all`, each capture of a page counts."""
    captured_at: str
    """Capture time of the page it was first read from (ISO 8601, UTC)."""
    source: str = "live"
    """Where the page it was first read from came from: `live`, `wayback` or `warc`."""
    snapshot: str | None = None
    """Capture of that page (14-digit timestamp), or null (live)."""
    archive_url: str | None = None
    """That capture's address, or null (live)."""
    first_seen_snapshot: str | None = None
    """The earliest capture (14-digit timestamp) of the pages showing it; with
    `last_seen_snapshot`, the span the archive saw it in. Null for live pages."""
    last_seen_snapshot: str | None = None
    """The latest capture (14-digit timestamp) of the pages showing it, or null (live)."""


RECORD_TYPES: dict[str, type] = {"posts": Post, "comments": Comment, "tweets": Tweet}
"""Output file stem → record class, in the order the files are written."""
