"""Which links a page's callback follows, so that a run fetches only what can change.

The spider asks a `Navigator` after reading each page; the navigator applies the run's
`CrawlPlan` (`ncia_scraper.state.plan`: full, resume or incremental) and remembers, for
the state, the comment count each listing showed for each post this run has read.

Guarantees:

- `full` mode follows exactly what a page links to: every post and every listing.
- Otherwise a known post is followed only when `plan.fetch_post` says so; posts the
  state lacks are always followed, from listings and from post pages alike.
- `incremental` mode follows no listing but the next-older page of a listing, and that
  only while the walk has not met more than `plan.quiet_pages` pages in a row that
  revealed no change (`plan.reveals_change`); `resume` follows every listing.
- `post_read(url)` and the listings' counts together record (in the run's state
  transaction, merged only if the run is) the count shown for every post read this run,
  whichever of the two this run saw first.
- `ncia/posts/skipped` counts the distinct posts not fetched; `ncia/listings/stopped`
  the listing walks ended early; `ncia/listings/quiet` the pages read that revealed no
  change.
"""

from __future__ import annotations

from typing import Any

from ncia_scraper.extract.comment_counts import comment_counts
from ncia_scraper.extract.listing import Links
from ncia_scraper.extract.page import Page
from ncia_scraper.extract.urls import canonical_url
from ncia_scraper.items import Post
from ncia_scraper.state.plan import CrawlPlan
from ncia_scraper.state.store import StateStore


class Navigator:
    def __init__(self, plan: CrawlPlan, store: StateStore, site_root: str, stats: Any) -> None:
        self.plan = plan
        self.store = store
        self.site_root = site_root
        self.stats = stats
        self._shown: dict[str, int] = {}
        self._read: set[str] = set()
        self._skipped: set[str] = set()
        self._versions: dict[str, tuple[int, str | None]] | None = None
        # Older page URL → quiet pages in a row just before it on its walk; for a page
        # not found there (reached by a redirect, say), the count of the last page read,
        # its predecessor on the one walk an incremental run makes. Either way the count
        # grows with every quiet page, so the walk always ends.
        self._quiet_before: dict[str, int] = {}
        self._last_quiet = 0

    def from_listing(self, page: Page, links: Links) -> list[str]:
        """The URLs to follow from a listing page."""
        counts = comment_counts(page, self.site_root)
        for url, count in counts.items():
            self._shown.setdefault(url, count)
            if url in self._read:
                self.store.note_listing_count(url, count)
        posts = [url for url in links.posts if self._wanted(url, counts.get(url))]
        if self.plan.mode != "incremental":
            return [*posts, *links.listings]
        revealed = any(self.plan.reveals_change(url, counts.get(url)) for url in links.posts)
        key = canonical_url(page.url, self.site_root)
        quiet = 0 if revealed else self._quiet_before.pop(key, self._last_quiet) + 1
        self._last_quiet = quiet
        if quiet:
            self.stats.inc_value("ncia/listings/quiet")
        if links.older_page is None:
            return posts
        if quiet <= self.plan.quiet_pages:
            self._quiet_before[links.older_page] = quiet
            return [*posts, links.older_page]
        self.stats.inc_value("ncia/listings/stopped")
        return posts

    def from_post(self, links: Links) -> list[str]:
        """The URLs to follow from a post page."""
        if self.plan.mode == "full":
            return [*links.posts, *links.listings]
        posts = [url for url in links.posts if self._wanted(url, None, from_listing=False)]
        return posts if self.plan.mode == "incremental" else [*posts, *links.listings]

    def changed_in_api(self, post: Post, comment_count: int) -> bool:
        """Whether a post the REST API lists is worth fetching: new, or its comment count
        or modification time moved since it was last read (always, in full mode)."""
        if self.plan.mode == "full":
            return True
        if self._versions is None:
            self._versions = self.store.post_versions()
        stored = self._versions.get(post.url)
        changed = stored is None or stored != (comment_count, post.modified)
        if not changed:
            self._skipped.add(post.url)
            self.stats.set_value("ncia/posts/skipped", len(self._skipped))
        return changed

    def post_read(self, url: str) -> None:
        """A post page was read: record the count its listing showed, if seen yet."""
        self._read.add(url)
        if url in self._shown:
            self.store.note_listing_count(url, self._shown[url])

    def _wanted(self, url: str, shown: int | None, *, from_listing: bool = True) -> bool:
        if url in self._read:
            return False  # Scrapy's duplicate filter would drop it anyway
        if from_listing:
            wanted = self.plan.fetch_post(url, shown)
        else:
            wanted = url not in self.plan.known_posts
        if not wanted:
            self._skipped.add(url)
            self.stats.set_value("ncia/posts/skipped", len(self._skipped))
        return wanted
