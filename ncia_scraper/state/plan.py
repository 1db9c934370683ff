"""What a run fetches, given what the state already holds.

Three modes, chosen once per run by `plan_for`:

- `full`: everything, as a first crawl does. Chosen by `-a full=true`, or when the state
  holds no post yet.
- `resume`: every listing, as in a full crawl, but a post the state holds is fetched only
  when a listing shows a comment count other than the one recorded when it was last read.
  (A link without a count, such as a post linked from another post's teaser, is no
  evidence of change: the post is judged where a listing shows its count. A theme that
  shows no counts at all makes comment changes visible to `full` runs only.) Chosen
  when the latest merged run was not complete: it may have missed
  pages, so nothing may be assumed about them. (A killed run merged nothing, so after a
  kill the mode is that of the run before it.)
- `incremental`: the previous merged run was complete, so the state is the site as it
  was then. Only the home pagination is walked, newest first, and only while a page
  reveals something: a post the state lacks, or a comment count that moved. The walk
  goes on through `QUIET_PAGES` pages in a row that reveal nothing, and the next such
  page ends it: a new comment on an older post shows only as a count on the page that
  lists that post, which may sit behind quiet pages. Posts are fetched as in `resume`.

Guarantees: `fetch_post(url, shown)` is True for any post the state lacks and in `full`
mode; `reveals_change(url, shown)` is True exactly when a listing's line for a post is
evidence of a change (new post, different count).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from ncia_scraper.state.store import StateStore

Mode = Literal["full", "resume", "incremental"]

QUIET_PAGES = 2
"""Home pages in a row that reveal nothing, which an incremental walk still goes through
before it stops. Each costs one request per run (a 304 when unchanged, see
`middlewares/conditional.py`). On the benchmark's 2,000-post replica, the 30 newest
comments sit on posts up to two quiet pages behind the last page showing a change; with
0 (stopping at the first quiet page) one of them was missed. A comment further back is
found by a `full=true` run."""


@dataclass(frozen=True)
class CrawlPlan:
    mode: Mode
    known_posts: frozenset[str]
    """URLs of the posts the state holds."""
    shown_counts: dict[str, int]
    """Post URL → the comment count a listing showed when the post was last read."""
    quiet_pages: int = QUIET_PAGES
    """See QUIET_PAGES."""

    def reveals_change(self, url: str, shown: int | None) -> bool:
        if url not in self.known_posts:
            return True
        return shown is not None and self.shown_counts.get(url) != shown

    def fetch_post(self, url: str, shown: int | None) -> bool:
        """Whether to fetch a post a listing links with comment count `shown` (None: no
        count shown): always in full mode, else when the link reveals a change."""
        return self.mode == "full" or self.reveals_change(url, shown)

    def follow_unknown_only(self) -> bool:
        """Whether links to posts found outside listings are followed only when new."""
        return self.mode != "full"


def plan_for(store: StateStore, *, full: bool) -> CrawlPlan:
    """The plan for this run (see the module docstring)."""
    known = frozenset(store.post_urls())
    if full or not known:
        mode: Mode = "full"
    elif store.last_status() == "complete":
        mode = "incremental"
    else:
        mode = "resume"
    return CrawlPlan(mode=mode, known_posts=known, shown_counts=store.listing_counts())
