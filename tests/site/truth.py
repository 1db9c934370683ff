"""Ground truth: the Post, Comment and Tweet records a complete, correct crawl of one
replica must produce (run with `-a captured_at=<SiteConfig.captured_at>`).

Computed from the content model by plain arithmetic (`timefmt.resolve_relative`), never
through `ncia_scraper.dates` or by parsing the served pages. Fields that depend on the
crawl itself are not predicted (`CRAWL_DEPENDENT`): they hold placeholders. Fields
compared loosely (`LOOSE`) hold the replica's own markup of the body or comment.

Date rules (the lead's brief): time-of-day values are ISO 8601 in Europe/London with
offset; date-only values are `YYYY-MM-DD`; relative texts resolve against captured_at;
`_raw` is the text read, whitespace squashed and nbsp as a space.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from ncia_scraper.items import Comment, Post, Tweet
from tests.site.model import (
    Block,
    Br,
    CommentModel,
    Em,
    EmbeddedTweet,
    EmptyPara,
    Img,
    Inline,
    Link,
    Para,
    PostModel,
    Strong,
    Text,
    THashtag,
    TMention,
    TUrl,
    TweetModel,
)
from tests.site.timefmt import (
    NO_DATE,
    Expected,
    disqus_relative,
    iso_london,
    jetpack_relative,
    pro_relative,
    resolve_relative,
    rfc2822,
    squash,
    twitter_created_at,
    twitter_relative,
    wp_date,
    wp_time,
)

if TYPE_CHECKING:
    from tests.site.site import Site

CRAWL_DEPENDENT: dict[str, tuple[str, ...]] = {
    "posts": ("fetched_at",),
    "comments": (),
    "tweets": ("first_seen_on", "seen_count"),
}
"""Fields the truth cannot predict: `fetched_at` (placeholder ""); a tweet's
`first_seen_on` must be one of `ExpectedTweet.pages` and its `seen_count` must equal
`len(ExpectedTweet.pages)` for a complete crawl (the record holds `min(pages)` and that
count as placeholders)."""

LOOSE: dict[str, tuple[str, ...]] = {
    "posts": ("content_html",),
    "comments": ("content_html",),
    "tweets": (),
}
"""Fields holding the replica's unsanitized markup: compare loosely (e.g. same text)."""


@dataclass(frozen=True)
class ExpectedTweet:
    """A tweet record and the pages (absolute URLs) that show it."""

    key: str
    record: Tweet
    pages: frozenset[str]


@dataclass
class Truth:
    """Everything a correct crawl of one replica yields."""

    captured_at: str
    posts: list[Post]
    """Newest first."""
    comments: list[Comment]
    """Pingbacks excluded; per post in page order (threads, oldest first)."""
    tweets: list[ExpectedTweet]

    def post(self, url: str) -> Post:
        return next(p for p in self.posts if p.url == url)

    def post_by_id(self, post_id: int) -> Post:
        return next(p for p in self.posts if p.post_id == post_id)

    def comments_of(self, post_id: int) -> list[Comment]:
        return [c for c in self.comments if c.post_id == post_id]

    def tweet(self, key: str) -> ExpectedTweet:
        """By stable key: "seed-a", "seed-b", "seed-c", "timeline-N", "embedded-POSTID"."""
        return next(t for t in self.tweets if t.key == key)


# ---------------------------------------------------------------------------------------
# Text.


def _inline_text(nodes: tuple[Inline, ...]) -> str:
    out: list[str] = []
    for n in nodes:
        match n:
            case Text(text):
                out.append(text)
            case Link(_, children) | Em(children) | Strong(children):
                out.append(_inline_text(children))
            case Br():
                out.append("\n")
            case Img():
                pass
    return "".join(out)


def paragraph_text(nodes: tuple[Inline, ...]) -> str:
    """One paragraph as plain text: spaces squashed, `<br>` as a newline."""
    lines = (squash(line) for line in _inline_text(nodes).split("\n"))
    return "\n".join(line for line in lines if line)


def block_texts(block: Block) -> list[str]:
    """The plain-text paragraphs of a block (an embedded tweet gives two: its `<p>` and
    the "— NAME (@screen) DATE" line after it)."""
    match block:
        case Para(children):
            text = paragraph_text(children)
            return [text] if text else []
        case EmptyPara():
            return []
        case EmbeddedTweet(tweet):
            return [
                tweet.text,
                f"— {tweet.display_name} (@{tweet.screen_name}) {wp_date(tweet.created)}",
            ]
    raise TypeError(block)


def content_text(blocks: list[Block]) -> str:
    return "\n\n".join(t for b in blocks for t in block_texts(b))


def _links_and_images(blocks: list[Block], base: str) -> tuple[list[str], list[str]]:
    links: list[str] = []
    images: list[str] = []

    def absolute(href: str) -> str:
        return base + href if href.startswith("/") else href

    def walk(nodes: tuple[Inline, ...]) -> None:
        for n in nodes:
            match n:
                case Link(href, children):
                    links.append(absolute(href))
                    walk(children)
                case Em(children) | Strong(children):
                    walk(children)
                case Img(src):
                    images.append(absolute(src))

    for b in blocks:
        if isinstance(b, Para):
            walk(b.children)
        elif isinstance(b, EmbeddedTweet):
            t = b.tweet
            for part in t.parts:
                if isinstance(part, TUrl):
                    links.append(part.href)
                elif isinstance(part, TMention):
                    links.append(f"https://twitter.com/{part.name}")
                elif isinstance(part, THashtag):
                    links.append(f"https://twitter.com/search?q=%23{part.tag}")
            links.append(f"https://twitter.com/{t.screen_name}/status/{t.tweet_id}")
    return list(dict.fromkeys(links)), list(dict.fromkeys(images))


# ---------------------------------------------------------------------------------------
# Records.


def expected_post(site: Site, post: PostModel) -> Post:
    """The Post record of one post page."""
    captured_at = site.config.captured_at
    links, images = _links_and_images(post.blocks, site.base_url)
    text = content_text(post.blocks)
    excerpt = None
    if post.has_more:
        before = []
        for b in post.blocks:
            if isinstance(b, Para) and b.more:
                break
            before.append(b)
        excerpt = content_text(before) or None
    return Post(
        post_id=post.post_id,
        url=site.url(post.path),
        title=post.title,
        author=None,
        published=post.day.isoformat(),
        published_raw=wp_date(post.published),
        published_precision="day",
        modified=None,
        modified_raw=None,
        modified_precision=None,
        categories=[c.name for c in post.categories],
        tags=[t.name for t in post.tags],
        content_html=site.renderer.body(post),
        content_text=text,
        excerpt=excerpt,
        word_count=len(text.split()),
        links=links,
        images=images,
        comment_count=len(post.real_comments),
        source="live",
        captured_at=captured_at,
        fetched_at="",
        # The 2012 site offers no REST API, no sitemap and no posts feed: only its links.
        found_by=["links"],
    )


def comment_date(site: Site, post: PostModel, comment: CommentModel) -> Expected:
    """Where a comment's date comes from, per comment system and variant."""
    config = site.config
    if config.comment_system == "wordpress":
        local = comment.local.replace(second=0)
        raw = f"{wp_date(local)} at {wp_time(local)}"
        return Expected(local.isoformat(timespec="seconds"), raw, "minute")
    if config.variant == "rendered":
        return resolve_relative(
            disqus_relative(comment.created, config.capture_time), config.capture_time
        )
    # Raw Disqus list: no date on the page; the comment feed has the latest 10 items
    # (pingbacks included, so they can push a comment out).
    latest = sorted(post.comments, key=lambda c: c.created, reverse=True)[:10]
    if any(c.comment_id == comment.comment_id for c in latest):
        return Expected(iso_london(comment.created), rfc2822(comment.created), "second")
    return NO_DATE


def expected_comments(site: Site, post: PostModel) -> list[Comment]:
    out: list[Comment] = []

    def walk(node: tuple[CommentModel, list]) -> None:
        c, children = node
        if c.kind == "comment":
            date = comment_date(site, post, c)
            out.append(
                Comment(
                    comment_id=c.comment_id,
                    post_id=post.post_id,
                    post_url=site.url(post.path),
                    parent_id=c.parent_id,
                    depth=c.depth,
                    author=c.author,
                    author_url=c.author_url,
                    published=date.value,
                    published_raw=date.raw,
                    published_precision=date.precision,
                    content_html=site.renderer.paragraphs(c),
                    content_text="\n\n".join(t for p in c.paragraphs if (t := paragraph_text(p))),
                    system=site.config.comment_system,
                    captured_at=site.config.captured_at,
                    found_by=["links"],
                )
            )
        for child in children:
            walk(child)

    for root in site.renderer.threads(post, pingbacks=True):
        walk(root)
    return out


def _tweet_record(
    tweet: TweetModel,
    *,
    widget: str,
    display_name: str | None,
    tweet_url: str | None,
    date: Expected,
    pages: frozenset[str],
    captured_at: str,
) -> ExpectedTweet:
    record = Tweet(
        tweet_id=tweet.tweet_id if tweet_url else None,
        screen_name=tweet.screen_name,
        display_name=display_name,
        text=tweet.text,
        urls=tweet.urls,
        mentions=tweet.mentions,
        hashtags=tweet.hashtags,
        published=date.value,
        published_raw=date.raw,
        published_precision=date.precision,
        tweet_url=tweet_url,
        widget=widget,
        first_seen_on=min(pages),
        seen_count=len(pages),
        captured_at=captured_at,
    )
    return ExpectedTweet(tweet.key, record, pages)


def expected_tweets(site: Site) -> list[ExpectedTweet]:
    config = site.config
    now = config.capture_time
    out: list[ExpectedTweet] = []
    sidebar = [site.url(p) for p in site.crawled_paths()]
    if config.twitter_widget == "profile" and config.variant == "rendered":
        seen: dict[str, set[str]] = {}
        for path in site.crawled_paths():
            for t in site.renderer.window(path):
                seen.setdefault(t.key, set()).add(site.url(path))
        for t in site.content.timeline:
            if t.key not in seen:
                continue
            if t.profile_no_timestamp:
                url, date = None, NO_DATE
            else:
                url = f"http://twitter.com/{t.screen_name}/status/{t.tweet_id}"
                if t.profile_time_attr:
                    date = Expected(iso_london(t.created), twitter_created_at(t.created), "second")
                else:
                    date = resolve_relative(twitter_relative(t.created, now), now)
            out.append(
                _tweet_record(t, widget="profile-widget", display_name=t.display_name,
                              tweet_url=url, date=date, pages=frozenset(seen[t.key]),
                              captured_at=config.captured_at)
            )  # fmt: skip
    elif config.twitter_widget in ("pro", "jetpack"):
        rel = pro_relative if config.twitter_widget == "pro" else jetpack_relative
        widget = "twitter-widget-pro" if config.twitter_widget == "pro" else "jetpack"
        for t in site.content.server_tweets:
            out.append(
                _tweet_record(t, widget=widget, display_name=None,
                              tweet_url=f"http://twitter.com/{t.screen_name}/statuses/{t.tweet_id}",
                              date=resolve_relative(rel(t.created, now), now),
                              pages=frozenset(sidebar), captured_at=config.captured_at)
            )  # fmt: skip
    for post in site.content.posts:
        for b in post.blocks:
            if not isinstance(b, EmbeddedTweet):
                continue
            t = b.tweet
            if t.embed_datetime:
                date = Expected(iso_london(t.created), t.created.isoformat(), "second")
            else:
                date = Expected(t.created.date().isoformat(), wp_date(t.created), "day")
            out.append(
                _tweet_record(t, widget="embedded", display_name=t.display_name,
                              tweet_url=f"https://twitter.com/{t.screen_name}/status/{t.tweet_id}",
                              date=date, pages=frozenset({site.url(post.path)}),
                              captured_at=config.captured_at)
            )  # fmt: skip
    return out


def build_truth(site: Site) -> Truth:
    """The expected records of a complete crawl of `site`."""
    posts = [expected_post(site, p) for p in site.content.posts]
    comments = [c for p in site.content.posts for c in expected_comments(site, p)]
    return Truth(
        captured_at=site.config.captured_at,
        posts=posts,
        comments=comments,
        tweets=expected_tweets(site),
    )
