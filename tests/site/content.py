"""The deterministic content model of the replica: posts, terms, comments and tweets.

`generate(posts)` depends only on its arguments (a seeded `random.Random`, no clock), so
every variant of the site and its ground truth are built from the same content. Three
posts are fixed (`seed.py`): the seed post, the post the seed's first tweet links to, and
the post served as windows-1252; the rest are generated between 2009 and February 2012.
"""

from __future__ import annotations

import random
import re
import unicodedata
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from functools import lru_cache

from tests.site import seed
from tests.site.model import (
    LONDON,
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
    StaticPage,
    Strong,
    Term,
    Text,
    THashtag,
    TMention,
    TText,
    TUrl,
    TweetModel,
    TweetPart,
)

FIRST_DAY = datetime(2009, 1, 5, tzinfo=LONDON)
LAST_DAY = datetime(2012, 2, 17, tzinfo=LONDON)
BUSY_MONTH = datetime(2011, 11, 1, tzinfo=LONDON)
PER_PAGE = 10
CONTENT_END = datetime(2012, 2, 18, 11, 10, tzinfo=UTC)
"""No comment, post or tweet is later: the capture time must not be earlier."""
MIN_POSTS = 8
"""Below this the 45 cloud tags cannot all have two posts without crowding."""

_RESERVED_POST_IDS = {seed.SEED_POST_ID, seed.LANSLEY_POST_ID, seed.CP1252_POST_ID}
_RESERVED_COMMENT_IDS = {seed.SEED_COMMENT_ID, seed.LANSLEY_PINGBACK[0]} | {
    c[0] for c in seed.LANSLEY_COMMENTS
}

_PROSE = (
    "community groups voluntary sector independence funding contracts commissioning "
    "councils local people campaign action state services cuts partnership "
    "organisations activists volunteers charities advice centres youth work "
    "housing health social care government ministers policy agenda resistance "
    "infrastructure trustees networks compact localism accountability power "
    "democracy members grassroots workers unions austerity benefits welfare "
    "tenders procurement outcomes targets managers professionals users carers "
    "neighbourhood estate borough inquiry evidence report meeting coalition "
    "collaboration dissent voice solidarity independent alternative struggle "
    "the the the the of of of and and and to to in in for with on by as "
    "is are was were be have has will must can may should not no more less "
    "new old public private local national real big small many few every "
    "organisation’s sector’s people’s"
)
_WORDS = tuple(_PROSE.split())
_SUBJECTS = (
    "Cuts", "Commissioning", "The Compact", "Localism", "Independence", "Campaigning",
    "Advocacy", "Infrastructure", "Volunteering", "Community organising", "Funding",
    "Partnership", "Contracts", "The third sector", "Public services", "Youth work",
    "Advice services", "Social care", "Housing", "Mental health",
)  # fmt: skip
_TAILS = (
    "what next?", "a view from Adur", "notes from the inquiry", "who benefits?",
    "the case for resistance", "lessons from Scotland", "report back", "an open letter",
    "time to say no", "the hidden costs", "voices from the front line", "myths and facts",
    "a reply", "what the figures say", "beyond the rhetoric", "where now for the sector?",
    "the view from Hammersmith & Fulham", "questions for trustees", "a briefing",
    "organising against the odds",
)  # fmt: skip
_EXTERNAL = (
    "http://www.guardian.co.uk/society/voluntary-sector",
    "http://www.thirdsector.co.uk/news/",
    "http://www.ncvo-vol.org.uk/policy",
    "http://falseeconomy.org.uk/cuts/",
    "http://www.bbc.co.uk/news/uk-politics",
    "http://www.independentaction.example/inquiry/",
    "http://www.tuc.org.uk/economy/",
)
_COMMENTERS = (
    ("Andy Benson", "http://andybenson.example/"),
    ("Penny Waterhouse", None),
    ("Bob Rhodes", "http://bobrhodes.example/"),
    ("Steve Radford", None),
    ("Peter Bird", "http://peterbird.example/"),
    ("Siobhán O’Neill", None),
    ("Matthew Scott", None),
    ("Kate Jones", "http://katejones.example/notes/"),
    ("Tony Taylor", "http://indefenceofyouthwork.example/"),
    ("Rachel", None),
    ("a worker in Lewisham", None),
    ("Dave", "http://dave-in-adur.example/"),
)
_PINGBACK_SOURCES = (
    ("Community Confusions", "http://communityconfusions.example/"),
    ("In Defence of Youth Work", "http://indefenceofyouthwork.example/"),
    ("Voluntary Sector Cuts", "http://voluntarysectorcuts.example/"),
)
_TWEETERS = (
    ("NCIA", "nciaction"),
    ("Andy Benson", "andybenson_ncia"),
    ("False Economy", "falseeconomy"),
    ("NATCAN", "natcan_uk"),
)
_HASHTAGS = ("cuts", "bigsociety", "NHS", "localism", "vcs", "occupy", "austerity")
_MENTIONS = ("falseeconomy", "natcan_uk", "adviceuk", "indefenceyw", "TUC")


@dataclass
class Content:
    """Everything the site shows, independent of variant and base URL."""

    posts: list[PostModel]
    """Newest first (the home page's order)."""
    categories: list[Term]
    tags: list[Term]
    cloud: list[Term]
    """The "Hot topics" cloud, in display order (the seed's)."""
    timeline: list[TweetModel]
    """The profile widget's cycle: the seed's three tweets, then older ones."""
    server_tweets: list[TweetModel]
    """What the server-side widgets (Pro, Jetpack) list: newest first."""
    pages: list[StaticPage]
    latest: datetime
    """The latest instant of any content: the capture time must not be earlier."""


def slugify(text: str) -> str:
    """WordPress `sanitize_title`, roughly: accents and punctuation dropped, dashes."""
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    text = re.sub(r"[^a-z0-9\s-]", "", text.lower())
    return re.sub(r"[\s-]+", "-", text).strip("-")


_SNOWFLAKE_EPOCH = 1288834974657


def snowflake(dt: datetime, seq: int) -> str:
    """A tweet ID of the date (Twitter's snowflake: ms since 2010-11-04 << 22)."""
    ms = int(dt.timestamp() * 1000)
    if ms < _SNOWFLAKE_EPOCH:
        # Before November 2010 IDs were a plain counter, in the billions by 2009.
        return str(1_000_000_000 + (ms - 1230768000000) // 40 + seq % 40)
    return str(((ms - _SNOWFLAKE_EPOCH) << 22) | (seq & 0xFFF))


@lru_cache(maxsize=4)
def generate(posts: int = 60, seed_value: int = 2012) -> Content:
    """Build the content for `posts` posts (at least `MIN_POSTS`), deterministically."""
    if posts < MIN_POSTS:
        raise ValueError(f"posts must be at least {MIN_POSTS}, got {posts}")
    return _Generator(posts, random.Random(seed_value)).build()


class _Generator:
    def __init__(self, n_posts: int, rng: random.Random) -> None:
        self.n = n_posts
        self.rng = rng
        self.categories: list[Term] = []
        self.tags: list[Term] = []
        self.tag_by_name: dict[str, Term] = {}
        self.cat_by_name: dict[str, Term] = {}

    # -- terms --------------------------------------------------------------------------

    def make_terms(self) -> None:
        self.categories = [
            Term(3 + i, name, slugify(name), "category") for i, name in enumerate(seed.CATEGORIES)
        ]
        self.cat_by_name = {t.name: t for t in self.categories}
        names = list(seed.CLOUD_TAGS) + list(seed.EXTRA_TAGS)
        # Term IDs follow creation order, which is not the cloud's order.
        ids = list(range(12, 12 + 3 * len(names), 3))
        self.rng.shuffle(ids)
        seen: dict[str, int] = {}
        for name, term_id in zip(names, ids, strict=True):
            slug = slugify(name)
            # WordPress suffixes a taken slug: learning-disabilities-2.
            seen[slug] = seen.get(slug, 0) + 1
            if seen[slug] > 1:
                slug = f"{slug}-{seen[slug]}"
            self.tags.append(Term(term_id, name, slug, "post_tag"))
        self.tag_by_name = {t.name: t for t in reversed(self.tags)}  # first wins on duplicates

    # -- text -----------------------------------------------------------------------------

    def sentence(self, lo: int = 7, hi: int = 20) -> str:
        words = [self.rng.choice(_WORDS) for _ in range(self.rng.randint(lo, hi))]
        if len(words) > 8 and self.rng.random() < 0.4:
            words[self.rng.randint(3, len(words) - 3)] += ","
        words[0] = words[0][0].upper() + words[0][1:]
        return " ".join(words) + self.rng.choice(".....?!")

    def text(self, sentences: tuple[int, int] = (2, 5)) -> str:
        return " ".join(self.sentence() for _ in range(self.rng.randint(*sentences)))

    def decorate(self, text: str, internal: list[str]) -> tuple[Inline, ...]:
        """Turn a paragraph's text into inlines, with links, emphasis and line breaks."""
        words = text.split(" ")
        out: list[Inline] = []
        i = 0
        plain: list[str] = []

        def flush() -> None:
            if plain:
                out.append(Text(" ".join(plain) + " "))
                plain.clear()

        while i < len(words):
            r = self.rng.random()
            span = self.rng.randint(1, 3)
            chunk = " ".join(words[i : i + span])
            if r < 0.025:
                flush()
                out.append(Link(self.rng.choice(_EXTERNAL), (Text(chunk),)))
                out.append(Text(" "))
            elif r < 0.035 and internal:
                flush()
                out.append(Link(self.rng.choice(internal), (Text(chunk),)))
                out.append(Text(" "))
            elif r < 0.038:
                flush()
                # A relative link, as editors pasted them: the crawl must resolve it.
                out.append(Link("/about/", (Text(chunk),), relative=True))
                out.append(Text(" "))
            elif r < 0.05:
                flush()
                out.append(Em((Text(chunk),)) if r < 0.045 else Strong((Text(chunk),)))
                out.append(Text(" "))
            elif r < 0.053 and 0 < i < len(words) - 2:
                plain.append(chunk)
                flush()
                out[-1] = Text(out[-1].text.rstrip(" "))  # type: ignore[union-attr]
                out.append(Br())
            else:
                plain.append(chunk)
            i += span
        flush()
        last = out[-1]
        if isinstance(last, Text):
            out[-1] = Text(last.text.rstrip(" "))
        elif isinstance(last, Br):
            out.pop()
        return tuple(x for x in out if not (isinstance(x, Text) and not x.text))

    # -- posts ----------------------------------------------------------------------------

    def build(self) -> Content:
        self.make_terms()
        fixed = self.fixed_posts()
        generated = self.generated_posts(self.n - len(fixed))
        all_posts = sorted(fixed + generated, key=lambda p: p.published, reverse=True)
        self.assign_terms(generated, fixed)
        self.add_bodies(generated, all_posts)
        self.add_comments(all_posts)
        timeline, server = self.timeline()
        pages = [
            StaticPage(pid, title, slug, [Para((Text(t),)) for t in texts])
            for pid, title, slug, texts in seed.STATIC_PAGES
        ]
        latest = max(
            [p.published for p in all_posts]
            + [c.created for p in all_posts for c in p.comments]
            + [t.created for t in timeline + server]
        )
        return Content(
            posts=all_posts,
            categories=self.categories,
            tags=self.tags,
            cloud=self.cloud_terms(),
            timeline=timeline,
            server_tweets=server,
            pages=pages,
            latest=latest,
        )

    def cloud_terms(self) -> list[Term]:
        out: list[Term] = []
        used: set[int] = set()
        for name in seed.CLOUD_TAGS:
            term = next(t for t in self.tags if t.name == name and t.term_id not in used)
            used.add(term.term_id)
            out.append(term)
        return out

    def fixed_posts(self) -> list[PostModel]:
        c, t = self.cat_by_name, self.tag_by_name
        body: list[Block] = []
        for i, markup in enumerate(seed.SEED_BODY_MARKUP):
            body.append(Para(seed.rich(markup), more=(i == seed.SEED_MORE_AT)))
            if i == seed.SEED_EMPTY_AFTER:
                body.append(EmptyPara())
        sig: list[Inline] = []
        for i, line in enumerate(seed.SEED_SIGNATURE):
            if i:
                sig.append(Br())
            sig.append(Text(line))
        body.append(Para(tuple(sig)))
        seed_post = PostModel(
            post_id=seed.SEED_POST_ID,
            title=seed.SEED_TITLE,
            slug=seed.SEED_SLUG,
            published=datetime(2012, 1, 25, 10, 31, tzinfo=LONDON),
            categories=[c["News"], c["Viewpoint"]],
            tags=[t["partnership working"]],
            blocks=body,
            likes=seed.SEED_LIKES,
        )
        seed_post.comments.append(
            CommentModel(
                comment_id=seed.SEED_COMMENT_ID,
                post_id=seed.SEED_POST_ID,
                parent_id=None,
                depth=1,
                author=seed.SEED_COMMENT_AUTHOR,
                author_url=seed.SEED_COMMENT_URL,
                created=seed.SEED_COMMENT_TIME,
                paragraphs=[(Text(p),) for p in seed.SEED_COMMENT_PARAGRAPHS],
            )
        )
        lansley_tweet = TweetModel(
            key="embedded-lansley",
            tweet_id=snowflake(seed.LANSLEY_TWEET_TIME, 7),
            screen_name=seed.TWITTER_SCREEN_NAME,
            display_name=seed.TWITTER_DISPLAY_NAME,
            created=seed.LANSLEY_TWEET_TIME,
            parts=(
                TText("Glossary for the "),
                THashtag("NHS"),
                TText(" Bill: ‘any qualified provider’ = anyone with a contracts team "),
                TUrl("http://t.co/Lz4Qm2Xa", "http://t.co/Lz4Qm2Xa"),
                TText(" via "),
                TMention("falseeconomy"),
            ),
        )
        lansley_body: list[Block] = [
            Para(seed.rich(m, seed.LANSLEY_HREFS), more=(i == 1))
            for i, m in enumerate(seed.LANSLEY_BODY)
        ]
        lansley_body.insert(3, EmbeddedTweet(lansley_tweet))
        lansley = PostModel(
            post_id=seed.LANSLEY_POST_ID,
            title=seed.LANSLEY_TITLE,
            slug=seed.LANSLEY_SLUG,
            published=seed.LANSLEY_TIME.astimezone(LONDON),
            categories=[c["News"]],
            tags=sorted([t["cuts"], t["health"], t["privatisation"]], key=_term_key),
            blocks=lansley_body,
            likes=12,
        )
        for cid, parent, author, url, when, paras in seed.LANSLEY_COMMENTS:
            depth = (
                1
                if parent is None
                else 1 + next(x.depth for x in lansley.comments if x.comment_id == parent)
            )
            lansley.comments.append(
                CommentModel(cid, lansley.post_id, parent, depth, author, url, when,
                             [(Text(p),) for p in paras])
            )  # fmt: skip
        pid, pname, purl, pwhen, ptext = seed.LANSLEY_PINGBACK
        lansley.comments.append(
            CommentModel(pid, lansley.post_id, None, 1, pname, purl, pwhen, [(Text(ptext),)],
                         kind="pingback")
        )  # fmt: skip
        lansley.comments.sort(key=lambda x: x.created)
        cp = PostModel(
            post_id=seed.CP1252_POST_ID,
            title=seed.CP1252_TITLE,
            slug=seed.CP1252_SLUG,
            published=seed.CP1252_TIME.astimezone(LONDON),
            categories=[c["Viewpoint"]],
            tags=sorted([t["big society"], t["cuts"], t["third sector"]], key=_term_key),
            blocks=[Para((Text(p),)) for p in seed.CP1252_BODY],
            likes=3,
            charset="windows-1252",
        )
        return [seed_post, lansley, cp]

    def generated_posts(self, count: int) -> list[PostModel]:
        span_days = (LAST_DAY - FIRST_DAY).days
        stamps = []
        # November 2011 (the month of the pensions strike) is busy: more than one page
        # of posts, so monthly archives are paginated even on a small replica.
        busy = max(PER_PAGE + 2, count // 20)
        for k in range(count):
            if k < busy:
                day = BUSY_MONTH + timedelta(days=self.rng.randint(0, 29))
            else:
                day = FIRST_DAY + timedelta(days=self.rng.randint(0, span_days))
            # 08:00-21:59 London wall clock: never in a clock-change gap or overlap.
            local = datetime(day.year, day.month, day.day, self.rng.randint(8, 21),
                             self.rng.randint(0, 59), tzinfo=LONDON)  # fmt: skip
            stamps.append(local)
        stamps.sort()
        posts: list[PostModel] = []
        used_slugs = {seed.SEED_SLUG, seed.LANSLEY_SLUG, seed.CP1252_SLUG}
        next_id = 12
        for when in stamps:
            while next_id in _RESERVED_POST_IDS:
                next_id += 1
            title = f"{self.rng.choice(_SUBJECTS)}: {self.rng.choice(_TAILS)}"
            slug = base = slugify(title)
            k = 2
            while slug in used_slugs:
                slug, k = f"{base}-{k}", k + 1
            used_slugs.add(slug)
            posts.append(PostModel(next_id, title, slug, when, [], [], [],
                                   likes=self.rng.randint(0, 30)))  # fmt: skip
            next_id += self.rng.randint(1, 6)
        return posts

    def assign_terms(self, generated: list[PostModel], fixed: list[PostModel]) -> None:
        rng = self.rng
        weights = [6, 4, 2, 2, 1, 1]
        for i, post in enumerate(generated):
            cats = {self.categories[i]} if i < len(self.categories) else set()
            cats.add(rng.choices(self.categories, weights)[0])
            if rng.random() < 0.3:
                cats.add(rng.choices(self.categories, weights)[0])
            post.categories = sorted(cats, key=_term_key)
        counts = {t.term_id: 0 for t in self.tags}
        for post in fixed:
            for tag in post.tags:
                counts[tag.term_id] += 1
        chosen: list[set[int]] = [set() for _ in generated]
        cloud = self.cloud_terms()
        by_id = {t.term_id: t for t in self.tags}

        def add(post_index: int, tag: Term) -> bool:
            names = {by_id[x].name for x in chosen[post_index]}
            if tag.term_id in chosen[post_index] or tag.name in names:
                return False
            chosen[post_index].add(tag.term_id)
            counts[tag.term_id] += 1
            return True

        # Every cloud tag on at least two posts, spread over the archive.
        slot = 0
        for tag in cloud:
            while counts[tag.term_id] < 2:
                while not add(slot % len(generated), tag):
                    slot += 1
                slot += rng.randint(1, 7)
        for i in range(len(generated)):
            if rng.random() < 0.1:
                continue
            for tag in rng.sample(cloud, rng.randint(1, 3)):
                add(i, tag)
        # The busy month's posts are all about cuts: a tag with several pages.
        cuts = self.tag_by_name["cuts"]
        for i, post in enumerate(generated):
            if (post.published.year, post.published.month) == (2011, 11):
                add(i, cuts)
        # "localism" is outside the cloud: exactly one (generated) post.
        add(rng.randrange(len(generated)), self.tag_by_name["localism"])
        for post, ids in zip(generated, chosen, strict=True):
            post.tags = sorted((by_id[x] for x in ids), key=_term_key)

    def add_bodies(self, generated: list[PostModel], all_posts: list[PostModel]) -> None:
        rng = self.rng
        forced_embeds = 2
        position = {p.post_id: i for i, p in enumerate(all_posts)}
        for post in generated:
            # all_posts is newest first: the posts after this one are older.
            start = position[post.post_id] + 1
            earlier = [p.path for p in all_posts[start : start + 40]]
            n_paras = rng.randint(2, 7)
            more_at = 1 if n_paras >= 3 and rng.random() < 0.85 else None
            blocks: list[Block] = []
            for i in range(n_paras):
                inlines = self.decorate(self.text(), earlier)
                if i == 0 and rng.random() < 0.15:
                    img = Img(
                        f"/wp-content/uploads/{post.published.year}/"
                        f"{post.published.month:02d}/photo-{post.post_id}-300x200.jpg",
                        alt=f"photo {post.post_id}",
                        width=300,
                        height=200,
                        attachment_id=post.post_id + 1,
                    )
                    full = img.src.replace("-300x200", "")
                    lead: Inline = Link(full, (img,)) if rng.random() < 0.5 else img
                    inlines = (lead, Text(" "), *inlines)
                blocks.append(Para(inlines, more=(i == more_at)))
                if rng.random() < 0.04:
                    blocks.append(EmptyPara())
            if more_at is not None and (forced_embeds or rng.random() < 0.06):
                with_date = forced_embeds != 1  # the second forced one has only its date text
                forced_embeds = max(0, forced_embeds - 1)
                tweet = self.embedded_tweet(post, with_date)
                at = next(i for i, b in enumerate(blocks) if isinstance(b, Para) and b.more)
                blocks.insert(at + 1, EmbeddedTweet(tweet))
            post.blocks = blocks

    def embedded_tweet(self, post: PostModel, with_date: bool) -> TweetModel:
        name, screen = self.rng.choice(_TWEETERS)
        created = post.published.astimezone(UTC) - timedelta(
            hours=self.rng.randint(1, 48), seconds=self.rng.randint(0, 3599)
        )
        return TweetModel(
            key=f"embedded-{post.post_id}",
            tweet_id=snowflake(created, post.post_id),
            screen_name=screen,
            display_name=name,
            created=created,
            parts=self.tweet_parts(),
            embed_datetime=with_date,
        )

    def tweet_parts(self) -> tuple[TweetPart, ...]:
        rng = self.rng
        words = self.sentence(5, 12).rstrip(".?!")
        parts: list[TweetPart] = [TText(words + " ")]
        if rng.random() < 0.6:
            parts.append(THashtag(rng.choice(_HASHTAGS)))
            parts.append(TText(" "))
        code = "".join(rng.choice("abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789")
                       for _ in range(8))  # fmt: skip
        parts.append(TUrl(f"http://t.co/{code}", f"http://t.co/{code}"))
        if rng.random() < 0.5:
            parts.append(TText(" via "))
            parts.append(TMention(rng.choice(_MENTIONS)))
        return tuple(parts)

    # -- comments -------------------------------------------------------------------------

    def add_comments(self, posts: list[PostModel]) -> None:
        rng = self.rng
        pending: list[CommentModel] = []
        parents: dict[int, CommentModel] = {}
        for post in posts:
            if post.post_id in (seed.SEED_POST_ID, seed.LANSLEY_POST_ID):
                continue
            r = rng.random()
            n = 0 if r < 0.4 else rng.randint(1, 3) if r < 0.85 else rng.randint(4, 10)
            if r > 0.97:
                n = rng.randint(11, 16)  # more than the comment feed's 10 items
            n_pings = rng.randint(1, 2) if rng.random() < 0.1 else 0
            when = post.published.astimezone(UTC) + timedelta(minutes=rng.randint(30, 14400))
            made: list[CommentModel] = []
            kinds = [False] * n + [True] * n_pings
            rng.shuffle(kinds)
            for k, is_ping in enumerate(kinds):
                when = _daytime(when)
                if when > CONTENT_END:
                    break
                tmp_id = -(len(pending) + 1)
                if is_ping:
                    name, url = rng.choice(_PINGBACK_SOURCES)
                    title = f"{name} » {rng.choice(_SUBJECTS)}"
                    c = CommentModel(tmp_id, post.post_id, None, 1, title,
                                     f"{url}{when.year}/{when.month:02d}/note-{k}/", when,
                                     [(Text(f"[…] {self.sentence(6, 12)} […]"),)],
                                     kind="pingback")  # fmt: skip
                else:
                    name, url = rng.choice(_COMMENTERS)
                    real = [x for x in made if x.kind == "comment" and x.depth < 4]
                    parent = rng.choice(real) if real and rng.random() < 0.35 else None
                    paras = [
                        self.decorate(self.text((1, 3)), [])
                        for _ in range(rng.choice((1, 1, 1, 2, 2, 3)))
                    ]
                    c = CommentModel(tmp_id, post.post_id,
                                     parent.comment_id if parent else None,
                                     parent.depth + 1 if parent else 1, name, url, when,
                                     paras)  # fmt: skip
                made.append(c)
                pending.append(c)
                parents[tmp_id] = c
                when = when + timedelta(seconds=rng.randint(600, 86400 * rng.choice((1, 1, 2, 5))))
            post.comments.extend(made)
        # WordPress IDs follow the order comments arrived in, site-wide.
        next_id = 3
        new_ids: dict[int, int] = {}
        for c in sorted(pending, key=lambda x: x.created):
            while next_id in _RESERVED_COMMENT_IDS:
                next_id += 1
            new_ids[c.comment_id] = next_id
            next_id += rng.randint(1, 3)
        for c in pending:
            c.comment_id = new_ids[c.comment_id]
            if c.parent_id is not None:
                c.parent_id = new_ids[c.parent_id]
        for post in posts:
            post.comments.sort(key=lambda x: x.created)

    # -- tweets ---------------------------------------------------------------------------

    def timeline(self) -> tuple[list[TweetModel], list[TweetModel]]:
        screen, display = seed.TWITTER_SCREEN_NAME, seed.TWITTER_DISPLAY_NAME
        a = TweetModel(
            "seed-a", snowflake(seed.SEED_TWEET_A_TIME, 1), screen, display,
            seed.SEED_TWEET_A_TIME,
            (TText(seed.SEED_TWEET_A_TEXT), TUrl(*seed.SEED_TWEET_A_URL)),
            profile_time_attr=False,
        )  # fmt: skip
        b = TweetModel(
            "seed-b", snowflake(seed.SEED_TWEET_B_TIME, 2), screen, display,
            seed.SEED_TWEET_B_TIME,
            (TText("RT "), TMention(seed.SEED_TWEET_B_MENTION, linked=False),
             TText(seed.SEED_TWEET_B_TEXT), TUrl(*seed.SEED_TWEET_B_URL)),
            profile_time_attr=False,
        )  # fmt: skip
        c = TweetModel(
            "seed-c", snowflake(seed.SEED_TWEET_C_TIME, 3), screen, display,
            seed.SEED_TWEET_C_TIME, (TText(seed.SEED_TWEET_C_TEXT),),
            profile_time_attr=False, profile_no_timestamp=True,
        )  # fmt: skip
        older: list[TweetModel] = []
        start = datetime(2011, 9, 1, tzinfo=UTC)
        span = int((datetime(2012, 2, 10, tzinfo=UTC) - start).total_seconds())
        stamps = sorted((start + timedelta(seconds=self.rng.randint(0, span)) for _ in range(9)),
                        reverse=True)  # fmt: skip
        for i, when in enumerate(stamps):
            older.append(
                TweetModel(
                    f"timeline-{i + 1}", snowflake(when, 10 + i), screen, display, when,
                    self.tweet_parts(), profile_time_attr=(i % 4 != 2),
                )
            )  # fmt: skip
        timeline = [a, b, c, *older]
        server = sorted([a, b, c, older[0], older[1]], key=lambda t: t.created, reverse=True)
        return timeline, server


def _term_key(term: Term) -> tuple[str, int]:
    # wp_get_object_terms orders by name (MySQL's case-insensitive collation).
    return (term.name.lower(), term.term_id)


def _daytime(when: datetime) -> datetime:
    """Move an instant to 07:00 London if earlier in the day: comments then never fall in
    the clock-change hours, where a wall-clock time is ambiguous."""
    local = when.astimezone(LONDON)
    if local.hour < 7:
        local = local.replace(hour=7 + local.hour % 3)
    return local.astimezone(UTC)


__all__ = ["CONTENT_END", "Content", "generate", "slugify", "snowflake"]
