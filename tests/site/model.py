"""The replica's content model: rich-text nodes, terms, posts, comments and tweets.

The same model feeds the HTML renderer (`render.py`) and the ground truth (`truth.py`), so
the truth is computed from what the site *means*, never by parsing what it serves. Dates
are timezone-aware `datetime`s (UTC or Europe/London); the renderer formats them the way
each 2012 component did.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Literal
from zoneinfo import ZoneInfo

LONDON = ZoneInfo("Europe/London")


# ---------------------------------------------------------------------------------------
# Rich text. A body is a list of blocks; a block holds inline nodes.


@dataclass(frozen=True)
class Text:
    """A run of text (unescaped)."""

    text: str


@dataclass(frozen=True)
class Link:
    """`<a href>`. `href` starting with "/" is a path on the replica: rendered absolute
    unless `relative` (then printed as is, to test link resolution)."""

    href: str
    children: tuple[Inline, ...]
    relative: bool = False


@dataclass(frozen=True)
class Em:
    children: tuple[Inline, ...]


@dataclass(frozen=True)
class Strong:
    children: tuple[Inline, ...]


@dataclass(frozen=True)
class Br:
    """`<br />` followed by a source newline, as wpautop writes it."""


@dataclass(frozen=True)
class Img:
    """An inline image; `src` starting with "/" is a path on the replica."""

    src: str
    alt: str
    width: int
    height: int
    attachment_id: int


Inline = Text | Link | Em | Strong | Br | Img


@dataclass(frozen=True)
class Para:
    """`<p>`; `more` puts WordPress's `<span id="more-N"></span>` at its start."""

    children: tuple[Inline, ...]
    more: bool = False


@dataclass(frozen=True)
class EmptyPara:
    """`<p>&nbsp;</p>`, an empty paragraph the editor left (the seed has one)."""


@dataclass(frozen=True)
class EmbeddedTweet:
    """A 2012 oEmbed blockquote (docs/markup.md, "embedded tweet in a post body")."""

    tweet: TweetModel


Block = Para | EmptyPara | EmbeddedTweet


# ---------------------------------------------------------------------------------------
# Terms, posts, comments.


@dataclass(frozen=True)
class Term:
    """A category or tag (WordPress term)."""

    term_id: int
    name: str
    slug: str
    taxonomy: Literal["category", "post_tag"]

    @property
    def path(self) -> str:
        base = "category" if self.taxonomy == "category" else "tag"
        return f"/{base}/{self.slug}/"


@dataclass
class CommentModel:
    """A comment or a pingback, as WordPress stores it (Disqus syncs into the same table)."""

    comment_id: int
    post_id: int
    parent_id: int | None
    depth: int
    author: str
    author_url: str | None
    created: datetime
    """Aware, UTC."""
    paragraphs: list[tuple[Inline, ...]]
    kind: Literal["comment", "pingback"] = "comment"

    @property
    def local(self) -> datetime:
        return self.created.astimezone(LONDON)


@dataclass
class PostModel:
    """A blog post."""

    post_id: int
    title: str
    slug: str
    published: datetime
    """Aware, Europe/London (WordPress's `post_date`)."""
    categories: list[Term]
    tags: list[Term]
    blocks: list[Block]
    comments: list[CommentModel] = field(default_factory=list)
    """Comments and pingbacks, oldest first."""
    likes: int = 0
    charset: str = "utf-8"
    """The page's charset; one post is served as windows-1252."""

    @property
    def path(self) -> str:
        d = self.published
        return f"/{d.year:04d}/{d.month:02d}/{d.day:02d}/{self.slug}/"

    @property
    def day(self) -> date:
        return self.published.date()

    @property
    def real_comments(self) -> list[CommentModel]:
        """Comments without pingbacks."""
        return [c for c in self.comments if c.kind == "comment"]

    @property
    def has_more(self) -> bool:
        return any(isinstance(b, Para) and b.more for b in self.blocks)


@dataclass
class StaticPage:
    """A WordPress page (`/about/`, `/contact/`): linked from the navbar, not a post."""

    page_id: int
    title: str
    slug: str
    blocks: list[Block]

    @property
    def path(self) -> str:
        return f"/{self.slug}/"


# ---------------------------------------------------------------------------------------
# Tweets.


@dataclass(frozen=True)
class TText:
    text: str


@dataclass(frozen=True)
class TUrl:
    """A link in a tweet's text: `href` is its target, `display` its text."""

    href: str
    display: str


@dataclass(frozen=True)
class TMention:
    """ "@name"; `linked` False prints it as plain text (the seed's retweet does)."""

    name: str
    linked: bool = True


@dataclass(frozen=True)
class THashtag:
    tag: str


TweetPart = TText | TUrl | TMention | THashtag


@dataclass(frozen=True)
class TweetModel:
    """One tweet of the account's timeline or embedded in a post."""

    key: str
    """Stable name for tests ("seed-a", "timeline-3", "embedded-1873")."""
    tweet_id: str
    screen_name: str
    display_name: str
    created: datetime
    """Aware, UTC."""
    parts: tuple[TweetPart, ...]
    profile_time_attr: bool = True
    """The profile widget keeps the `time` attribute on `a.twtr-timestamp`."""
    profile_no_timestamp: bool = False
    """The profile widget shows no timestamp line (the seed's third tweet)."""
    embed_datetime: bool = True
    """An embedded tweet carries `data-datetime` (else only its date text)."""

    @property
    def text(self) -> str:
        """The text as every widget shows it, whitespace squashed."""
        out: list[str] = []
        for part in self.parts:
            match part:
                case TText(text):
                    out.append(text)
                case TUrl(_, display):
                    out.append(display)
                case TMention(name, _):
                    out.append("@" + name)
                case THashtag(tag):
                    out.append("#" + tag)
        return " ".join("".join(out).split())

    @property
    def urls(self) -> list[str]:
        return list(dict.fromkeys(p.href for p in self.parts if isinstance(p, TUrl)))

    @property
    def mentions(self) -> list[str]:
        return [p.name for p in self.parts if isinstance(p, TMention)]

    @property
    def hashtags(self) -> list[str]:
        return [p.tag for p in self.parts if isinstance(p, THashtag)]
