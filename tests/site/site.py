"""A built replica: its URL map (WordPress 3.3 pretty permalinks, shared reference §4
"URLs"), responses with real headers, and its ground truth.

Pages are rendered on demand and cached (a few hundred at a time), so a 2,000-post
site starts in about a second and keeps memory modest; every page is deterministic.
"""

from __future__ import annotations

import hashlib
import threading
from collections import OrderedDict
from dataclasses import dataclass, field, replace
from datetime import UTC
from email.utils import format_datetime, parsedate_to_datetime
from functools import cached_property
from typing import TYPE_CHECKING, Literal
from urllib.parse import parse_qs, urlsplit

from tests.site import seed
from tests.site.config import SiteConfig
from tests.site.content import PER_PAGE, Content, generate
from tests.site.model import PostModel, StaticPage
from tests.site.render import Renderer, month_path
from tests.site.timefmt import MONTHS

if TYPE_CHECKING:
    from tests.site.truth import Truth

ListingKind = Literal["home", "month", "tag", "category"]


@dataclass(frozen=True)
class Listing:
    """One paginated listing: the home page, a month, a tag or a category."""

    kind: ListingKind
    base_path: str
    title: str
    posts: list[PostModel] = field(hash=False, compare=False)

    @property
    def pages(self) -> int:
        return max(1, -(-len(self.posts) // PER_PAGE))

    def page_path(self, n: int) -> str:
        return self.base_path if n == 1 else f"{self.base_path}page/{n}/"


@dataclass(frozen=True)
class Response:
    status: int
    content_type: str
    body: bytes
    location: str | None = None
    etag: str | None = None
    """A strong validator (`SiteConfig.conditional` only): a digest of the body."""
    last_modified: str | None = None
    """An HTTP date (feeds, with `SiteConfig.conditional` only): the feed's newest item."""

    def not_modified(self, if_none_match: str | None, if_modified_since: str | None) -> bool:
        """Whether a conditional GET with these headers gets 304 (RFC 9110 13.1.1-13.1.3:
        If-None-Match decides when present; If-Modified-Since only without it)."""
        if self.status != 200:
            return False
        if if_none_match is not None:
            tags = {tag.strip().removeprefix("W/") for tag in if_none_match.split(",")}
            return self.etag is not None and ("*" in tags or self.etag in tags)
        if if_modified_since is not None and self.last_modified is not None:
            try:
                since = parsedate_to_datetime(if_modified_since)
            except (TypeError, ValueError):
                return False
            return parsedate_to_datetime(self.last_modified) <= since
        return False


ROBOTS = b"User-agent: *\nDisallow: /wp-admin/\n"
NOT_FOUND = (
    b'<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Transitional//EN" '
    b'"http://www.w3.org/TR/xhtml1/DTD/xhtml1-transitional.dtd">\n'
    b"<html><head><title>Not Found</title></head><body><h1>Not Found</h1>\n"
    b"<p>Sorry, but you are looking for something that isn't here.</p></body></html>\n"
)
HTML_UTF8 = "text/html; charset=UTF-8"


class Site:
    """One replica served at `base_url` (e.g. "http://127.0.0.1:8090")."""

    def __init__(self, config: SiteConfig, base_url: str, cache_size: int = 512) -> None:
        self.config = config
        self.base_url = base_url.rstrip("/")
        self.content: Content = earlier(
            generate(config.posts),
            config.hidden_posts,
            config.hidden_comments,
            config.hidden_comment_ids,
        )
        self.renderer = Renderer(config, self.content, self.base_url)
        self.listings: list[Listing] = self._listings()
        self._routes: dict[str, tuple] = {}
        posts = self.content.posts
        for i, post in enumerate(posts):
            older = posts[i + 1] if i + 1 < len(posts) else None
            newer = posts[i - 1] if i > 0 else None
            self._routes[post.path] = ("post", post, older, newer)
            self._routes[post.path + "feed/"] = ("feed", post)
        for listing in self.listings:
            for n in range(1, listing.pages + 1):
                self._routes[listing.page_path(n)] = ("listing", listing, n)
        for page in self.content.pages:
            self._routes[page.path] = ("static", page)
        self._by_id = {p.post_id: p for p in posts}
        self._cache: OrderedDict[str, Response] = OrderedDict()
        self._cache_size = cache_size
        self._lock = threading.Lock()

    # -- structure ------------------------------------------------------------------------

    def _listings(self) -> list[Listing]:
        posts = self.content.posts
        out = [Listing("home", "/", "", posts)]
        months: dict[tuple[int, int], list[PostModel]] = {}
        tags: dict[int, list[PostModel]] = {}
        cats: dict[int, list[PostModel]] = {}
        for p in posts:  # newest first, so every list is too
            months.setdefault((p.published.year, p.published.month), []).append(p)
            for t in p.tags:
                tags.setdefault(t.term_id, []).append(p)
            for c in p.categories:
                cats.setdefault(c.term_id, []).append(p)
        for (y, m), items in months.items():
            out.append(Listing("month", month_path(y, m), f"{MONTHS[m - 1]} {y}", items))
        for t in self.content.tags:
            if t.term_id in tags:
                out.append(Listing("tag", t.path, t.name, tags[t.term_id]))
        for c in self.content.categories:
            if c.term_id in cats:
                out.append(Listing("category", c.path, c.name, cats[c.term_id]))
        return out

    def url(self, path: str) -> str:
        return self.base_url + path

    @property
    def posts(self) -> list[PostModel]:
        """All posts, newest first."""
        return self.content.posts

    def post_by_id(self, post_id: int) -> PostModel:
        return self._by_id[post_id]

    def listing_paths(self) -> list[str]:
        """Every listing page (home, months, tags, categories, with their pages)."""
        return [lst.page_path(n) for lst in self.listings for n in range(1, lst.pages + 1)]

    def post_paths(self) -> list[str]:
        return [p.path for p in self.content.posts]

    def static_paths(self) -> list[str]:
        return [p.path for p in self.content.pages]

    def sidebar_paths(self) -> list[str]:
        """Every page that carries the sidebar: listings, posts and the static pages (the
        404 page and feeds carry none)."""
        return self.listing_paths() + self.post_paths() + self.static_paths()

    def crawled_paths(self) -> list[str]:
        """The pages a complete crawl fetches and reads: listings and posts. Static pages
        are neither, so the crawl leaves them alone, sidebar and all."""
        return self.listing_paths() + self.post_paths()

    def feed_paths(self) -> list[str]:
        return [p.path + "feed/" for p in self.content.posts]

    @cached_property
    def truth(self) -> Truth:
        """The expected records of a complete, correct crawl (see `truth.py`)."""
        from tests.site.truth import build_truth

        return build_truth(self)

    # -- serving --------------------------------------------------------------------------

    def get(self, target: str) -> Response:
        """The response to `GET target` (a path with optional query)."""
        parts = urlsplit(target)
        path = parts.path or "/"
        if parts.query:
            return self._query(path, parts.query)
        if path == "/robots.txt":
            return Response(200, "text/plain; charset=utf-8", ROBOTS)
        route = self._routes.get(path)
        if route is None:
            if not path.endswith("/") and path + "/" in self._routes:
                return self._redirect(path + "/")
            if path.endswith("/page/1/") and path[: -len("page/1/")] in self._routes:
                return self._redirect(path[: -len("page/1/")])  # WordPress canonical redirect
            return Response(404, HTML_UTF8, NOT_FOUND)
        with self._lock:
            cached = self._cache.get(path)
            if cached is not None:
                self._cache.move_to_end(path)
                return cached
        response = self._render(route)
        if self.config.conditional and response.status == 200:
            response = self._with_validators(route, response)
        with self._lock:
            self._cache[path] = response
            if len(self._cache) > self._cache_size:
                self._cache.popitem(last=False)
        return response

    def _query(self, path: str, query: str) -> Response:
        # `/?p=N` is the shortlink: WordPress redirects it to the permalink. Any other
        # query (search, replytocom, ...) is not part of the replica.
        params = parse_qs(query)
        if path == "/" and set(params) == {"p"}:
            try:
                post = self._by_id.get(int(params["p"][0]))
            except ValueError:
                post = None
            if post is not None:
                return self._redirect(post.path)
        return Response(404, HTML_UTF8, NOT_FOUND)

    def _redirect(self, path: str) -> Response:
        return Response(301, HTML_UTF8, b"", location=self.url(path))

    def _with_validators(self, route: tuple, response: Response) -> Response:
        etag = '"' + hashlib.sha1(response.body).hexdigest()[:20] + '"'
        last_modified = None
        if route[0] == "feed":
            post: PostModel = route[1]
            newest = max([post.published, *(c.created for c in post.comments)])
            last_modified = format_datetime(newest.astimezone(UTC), usegmt=True)
        return replace(response, etag=etag, last_modified=last_modified)

    def _render(self, route: tuple) -> Response:
        r = self.renderer
        kind = route[0]
        if kind == "post":
            post, older, newer = route[1:]
            html = r.post_page(post, older, newer)
            if post.charset == "windows-1252":
                # A misconfigured page: cp1252 bytes, declared as such in the header.
                body = html.encode("cp1252", errors="xmlcharrefreplace")
                return Response(200, "text/html; charset=windows-1252", body)
            return Response(200, HTML_UTF8, html.encode("utf-8"))
        if kind == "feed":
            return Response(200, "text/xml; charset=UTF-8", r.comment_feed(route[1]).encode())
        if kind == "static":
            page: StaticPage = route[1]
            return Response(200, HTML_UTF8, r.static_page(page).encode("utf-8"))
        listing, n = route[1], route[2]
        return Response(200, HTML_UTF8, self.render_listing(listing, n).encode("utf-8"))

    def render_listing(self, listing: Listing, n: int) -> str:
        r = self.renderer
        posts = listing.posts[(n - 1) * PER_PAGE : n * PER_PAGE]
        newer = self.url(listing.page_path(n - 1)) if n > 1 else None
        older = self.url(listing.page_path(n + 1)) if n < listing.pages else None
        # Home and tag pages use RM's posts_nav_link; month and category pages fall back
        # to archive.php, which has the family's "Previous/Next Entries" divs.
        if listing.kind in ("home", "tag"):
            nav = r.nav_rm(newer, older)
        else:
            nav = r.nav_family(newer, older)
        return r.listing_page(listing.title, posts, listing.page_path(n), nav)


def earlier(
    content: Content, hidden_posts: int, hidden_comments: int, hidden_ids: tuple[int, ...] = ()
) -> Content:
    """The site before its newest `hidden_posts` posts and then its latest
    `hidden_comments` comments, and the comments `hidden_ids`. The fixed posts of `seed.py`
    and their comments always stay (but for `hidden_ids`); a reply is never earlier than
    its parent, so no thread loses a parent it still shows (`hidden_ids` must see to that
    themselves). `content` is cached and shared: copied, not changed."""
    if not hidden_posts and not hidden_comments and not hidden_ids:
        return content
    fixed = {seed.SEED_POST_ID, seed.LANSLEY_POST_ID, seed.CP1252_POST_ID}
    newest = [p.post_id for p in content.posts if p.post_id not in fixed][:hidden_posts]
    posts = [p for p in content.posts if p.post_id not in newest]
    by_age = sorted(
        (c.created, c.comment_id) for p in posts if p.post_id not in fixed for c in p.comments
    )
    hidden = {comment_id for _, comment_id in by_age[len(by_age) - hidden_comments :]}
    if not hidden_comments:
        hidden = set()
    hidden |= set(hidden_ids)
    posts = [
        replace(p, comments=[c for c in p.comments if c.comment_id not in hidden]) for p in posts
    ]
    # A tag or category whose posts are all hidden did not exist yet either.
    tags = {t.term_id for p in posts for t in p.tags}
    categories = {c.term_id for p in posts for c in p.categories}
    return replace(
        content,
        posts=posts,
        tags=[t for t in content.tags if t.term_id in tags],
        cloud=[t for t in content.cloud if t.term_id in tags],
        categories=[c for c in content.categories if c.term_id in categories],
    )
