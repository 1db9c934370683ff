"""What a replica is: its variant, comment system, Twitter widget, capture time and size."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Literal

from tests.site.content import CONTENT_END, MIN_POSTS

DEFAULT_CAPTURE_TIME = datetime(2012, 2, 18, 11, 30, tzinfo=UTC)

Variant = Literal["raw", "rendered"]
CommentSystem = Literal["disqus", "wordpress"]
TwitterWidget = Literal["profile", "pro", "jetpack"]


@dataclass(frozen=True)
class SiteConfig:
    """One replica of independentaction.net as captured at `capture_time`.

    - `variant="raw"`: the bytes the server sent. Profile widget = script only; Disqus =
      the plugin's server list (shared reference §2, with its quirks); sharing buttons
      unrendered.
    - `variant="rendered"`: the DOM after the browser ran JavaScript: profile widget's
      tweets (§3), the rendered Disqus thread of docs/markup.md, "Tweet / Like N".
    - `comment_system="wordpress"`: WordPress 3.3 `wp_list_comments` (§2), same in both
      variants.
    - `twitter_widget`: "profile" (widget.js v2, client-side), "pro" (Twitter Widget Pro,
      server-side) or "jetpack" (server-side).
    - `capture_time`: the instant the page's relative texts are computed from (and the
      `captured_at` a crawl must be given).
    - `posts`: number of posts (three of them fixed, see `seed.py`).
    - `hidden_posts`, `hidden_comments`: the same site as it was before its newest
      `hidden_posts` posts and, of the rest, its latest `hidden_comments` comments were
      published (for incremental crawls: crawl this, then the full site at the same URL).
    - `hidden_comment_ids`: and before these comments too (by `comment_id`), wherever they
      are: a new comment on an older post. Replies to them must be hidden as well.
    - `conditional`: the server sends validators, `ETag` on every page and feed and
      `Last-Modified` on feeds (as WordPress does for its feeds), and answers
      `If-None-Match`/`If-Modified-Since` with 304 Not Modified when they still hold.
      Off by default: the server then sends neither, as before.
    """

    variant: Variant = "rendered"
    comment_system: CommentSystem = "disqus"
    twitter_widget: TwitterWidget = "profile"
    capture_time: datetime = field(default=DEFAULT_CAPTURE_TIME)
    posts: int = 60
    hidden_posts: int = 0
    hidden_comments: int = 0
    hidden_comment_ids: tuple[int, ...] = ()
    conditional: bool = False

    def __post_init__(self) -> None:
        for name, allowed in (
            ("variant", ("raw", "rendered")),
            ("comment_system", ("disqus", "wordpress")),
            ("twitter_widget", ("profile", "pro", "jetpack")),
        ):
            if getattr(self, name) not in allowed:
                raise ValueError(f"{name} must be one of {allowed}, not {getattr(self, name)!r}")
        if self.capture_time.tzinfo is None:
            raise ValueError("capture_time must be timezone-aware")
        # Normalise to UTC so equal instants give equal configs (and equal caches).
        object.__setattr__(self, "capture_time", self.capture_time.astimezone(UTC))
        if self.capture_time < CONTENT_END:
            raise ValueError(
                f"capture_time must not be before {CONTENT_END.isoformat()}, the latest content"
            )
        if self.posts < MIN_POSTS:
            raise ValueError(f"posts must be at least {MIN_POSTS}")
        if not 0 <= self.hidden_posts <= self.posts - MIN_POSTS or self.hidden_comments < 0:
            raise ValueError("hidden_posts and hidden_comments must leave a site to show")

    @property
    def captured_at(self) -> str:
        """The capture time as the records carry it (ISO 8601, UTC) and as the crawl's
        `-a captured_at=` argument."""
        return self.capture_time.isoformat(timespec="seconds")
