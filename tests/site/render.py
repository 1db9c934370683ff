# ruff: noqa: E501  (markup templates stay one source line per output line)
"""Renders the replica's pages as text, with absolute links to the server's base URL.

Every form follows a cited source:
- page shell, listings, pagination, sidebar widgets: shared reference §1 (Revolution
  Music, "RM") and §4 (WordPress 3.3 core, "WP33"); the single post page of the NCIA
  theme: docs/markup.md "Single post page";
- Disqus server list (raw): shared reference §2; rendered Disqus thread: docs/markup.md;
  WordPress comment list: shared reference §2 "WordPress 3.3 default wp_list_comments";
- profile widget: shared reference §3; Twitter Widget Pro: §3; Jetpack and embedded
  tweets: docs/markup.md;
- per-post comment feed: shared reference §4 "Per-post comments feed".
The text of the seed page (shared/seed) decides what is visible: e.g. the navbar's page
links are image tabs, since the seed shows no navbar text.
"""

from __future__ import annotations

import zlib
from html import escape
from urllib.parse import quote

from tests.site import seed
from tests.site.config import SiteConfig
from tests.site.content import Content
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
    StaticPage,
    Strong,
    Term,
    Text,
    THashtag,
    TMention,
    TText,
    TUrl,
    TweetModel,
)
from tests.site.timefmt import (
    MONTHS,
    disqus_relative,
    jetpack_relative,
    pro_relative,
    rfc2822,
    twitter_created_at,
    twitter_relative,
    wp_date,
    wp_time,
)

SITE_NAME = "National Coalition for Independent Action"
WINDOW = 3
"""Tweets the profile widget shows at once (the seed shows three)."""
DISQUS_SHORTNAME = "independentaction"
THEME = "/wp-content/themes/revolution_blog"


def e(text: str) -> str:
    """Escape text content."""
    return escape(text, quote=False)


def a(text: str) -> str:
    """Escape an attribute value."""
    return escape(text, quote=True)


def plural_comments(n: int, zero: str = "No Comments") -> str:
    """WordPress `comments_number` defaults."""
    return zero if n == 0 else "1 Comment" if n == 1 else f"{n} Comments"


class Renderer:
    """Renders pages of one replica; cheap shared fragments are built once."""

    def __init__(self, config: SiteConfig, content: Content, base_url: str) -> None:
        self.config = config
        self.content = content
        self.base = base_url.rstrip("/")
        self.now = config.capture_time
        self.rendered = config.variant == "rendered"
        self._month_list = self._months()
        self._head_archives = "".join(
            f"<link rel='archives' title='{MONTHS[m - 1]} {y}' href='{self.url(f'/{y:04d}/{m:02d}/')}' />\n"
            for y, m in self._month_list
        )
        self._sidebar_top = self._sidebar_top_html()
        self._sidebar_bottom = self._sidebar_bottom_html()
        self._header = self._header_html()
        self._footer = self._footer_html()

    # -- helpers --------------------------------------------------------------------------

    def url(self, path: str) -> str:
        """Absolute URL of a path on the replica."""
        return self.base + path

    def href(self, target: str) -> str:
        return self.url(target) if target.startswith("/") else target

    def _months(self) -> list[tuple[int, int]]:
        seen = dict.fromkeys((p.published.year, p.published.month) for p in self.content.posts)
        return sorted(seen, reverse=True)

    # -- rich text ------------------------------------------------------------------------

    def inline(self, node: Inline) -> str:
        match node:
            case Text(text):
                return e(text)
            case Link(href, children, relative):
                target = href if relative else self.href(href)
                return f'<a href="{a(target)}">{self.inlines(children)}</a>'
            case Em(children):
                return f"<em>{self.inlines(children)}</em>"
            case Strong(children):
                return f"<strong>{self.inlines(children)}</strong>"
            case Br():
                return "<br />\n"
            case Img(src, alt, width, height, attachment_id):
                return (
                    f'<img class="alignleft size-medium wp-image-{attachment_id}" '
                    f'title="{a(alt)}" src="{a(self.href(src))}" alt="{a(alt)}" '
                    f'width="{width}" height="{height}" />'
                )
        raise TypeError(node)

    def inlines(self, nodes: tuple[Inline, ...]) -> str:
        return "".join(self.inline(n) for n in nodes)

    def block(self, block: Block, more_id: int) -> str:
        match block:
            case Para(children, more):
                # WordPress turns <!--more--> into this empty span (WP33 `get_the_content`).
                span = f'<span id="more-{more_id}"></span>' if more else ""
                return f"<p>{span}{self.inlines(children)}</p>\n"
            case EmptyPara():
                return "<p>&nbsp;</p>\n"
            case EmbeddedTweet(tweet):
                return self.embedded_tweet(tweet)
        raise TypeError(block)

    def body(self, post: PostModel) -> str:
        """The whole post body (`the_content()` on the single page)."""
        return "".join(self.block(b, post.post_id) for b in post.blocks)

    def teaser(self, post: PostModel) -> str:
        """The listing's `the_content('Read more')`: up to the more mark, then the link
        (shared reference §1 "Listing pages", §4 "More link")."""
        if not post.has_more:
            return self.body(post)
        out = []
        for b in post.blocks:
            if isinstance(b, Para) and b.more:
                break
            out.append(self.block(b, post.post_id))
        link = self.url(post.path) + f"#more-{post.post_id}"
        out.append(f'<a href="{a(link)}" class="more-link">Read more</a>\n')
        return "".join(out)

    # -- tweets ---------------------------------------------------------------------------

    def embedded_tweet(self, tweet: TweetModel) -> str:
        """2012 oEmbed blockquote (docs/markup.md, "embedded tweet")."""
        parts = []
        for p in tweet.parts:
            match p:
                case TText(text):
                    parts.append(e(text))
                case TUrl(target, display):
                    parts.append(f'<a href="{a(target)}">{e(display)}</a>')
                case TMention(name, _):
                    parts.append(f'<a href="https://twitter.com/{name}">@{e(name)}</a>')
                case THashtag(tag):
                    parts.append(f'<a href="https://twitter.com/search?q=%23{tag}">#{e(tag)}</a>')
        status = f"https://twitter.com/{tweet.screen_name}/status/{tweet.tweet_id}"
        created = tweet.created
        dt_attr = f' data-datetime="{created.isoformat()}"' if tweet.embed_datetime else ""
        return (
            f'<blockquote class="twitter-tweet"><p>{"".join(parts)}</p>\n'
            f"&mdash; {e(tweet.display_name)} (@{e(tweet.screen_name)}) "
            f'<a href="{status}"{dt_attr}>{wp_date(created)}</a></blockquote>\n'
            '<script src="//platform.twitter.com/widgets.js" charset="utf-8"></script>\n'
        )

    def profile_tweet(self, tweet: TweetModel, counter: int) -> str:
        """One tweet of the rendered profile widget (shared reference §3)."""
        user = f"http://twitter.com/intent/user?screen_name={tweet.screen_name}"
        parts = []
        for p in tweet.parts:
            match p:
                case TText(text):
                    parts.append(e(text))
                case TUrl(target, display):
                    parts.append(
                        f'<a rel="nofollow" target="_blank" href="{a(target)}">{e(display)}</a>'
                    )
                case TMention(name, linked):
                    parts.append(
                        f'@<a class="tweet-url username" href="http://twitter.com/intent/user?screen_name={name}" '
                        f'data-screen-name="{name}" target="_blank">{e(name)}</a>'
                        if linked
                        else f"@{e(name)}"
                    )
                case THashtag(tag):
                    parts.append(
                        f'<a class="tweet-url hashtag" href="http://twitter.com/search?q=%23{tag}" '
                        f'title="#{tag}" target="_blank">#{e(tag)}</a>'
                    )
        stamp = ""
        if not tweet.profile_no_timestamp:
            tid = tweet.tweet_id
            time_attr = (
                f' time="{twitter_created_at(tweet.created)}"' if tweet.profile_time_attr else ""
            )
            rel = twitter_relative(tweet.created, self.now).text
            stamp = (
                f' <em><a class="twtr-timestamp"{time_attr} href="http://twitter.com/{tweet.screen_name}/status/{tid}" '
                f'target="_blank">{rel}</a> &middot; '
                f'<a class="twtr-reply" href="http://twitter.com/intent/tweet?in_reply_to={tid}" target="_blank">reply</a> &middot; '
                f'<a class="twtr-rt" href="http://twitter.com/intent/retweet?tweet_id={tid}" target="_blank">retweet</a> &middot; '
                f'<a class="twtr-fav" href="http://twitter.com/intent/favorite?tweet_id={tid}" target="_blank">favorite</a></em>'
            )
        return (
            f'<div id="tweet-id-{counter}" class="twtr-tweet"><div class="twtr-tweet-wrap">\n'
            f'<div class="twtr-avatar"><div class="twtr-img"><a target="_blank" href="{user}">'
            f'<img alt="{tweet.screen_name} profile" src="http://a0.twimg.com/profile_images/1433218/ncia_normal.jpg"></a></div></div>\n'
            f'<div class="twtr-tweet-text"><p>\n<a class="twtr-user" href="{user}" target="_blank">{tweet.screen_name}</a> '
            f"{''.join(parts)}\n{stamp}\n</p></div></div></div>\n"
        )

    def window(self, path: str) -> list[TweetModel]:
        """The tweets the profile widget shows on `path`. The widget loops through the
        timeline (`loop: true`), so each page caught it at another point of its cycle;
        the seed post page shows the seed's three tweets."""
        timeline = self.content.timeline
        if path == seed_post_path(self.content):
            start = 0
        else:
            start = zlib.crc32(path.encode()) % len(timeline)
        return [timeline[(start + i) % len(timeline)] for i in range(WINDOW)]

    def profile_widget(self, path: str) -> str:
        """widget.js v2 embed; in the rendered variant followed by the DOM it wrote."""
        script = (
            '<script src="http://widgets.twimg.com/j/2/widget.js"></script>\n'
            "<script>\nnew TWTR.Widget({\n  version: 2,\n  type: 'profile',\n  rpp: 3,\n"
            "  interval: 30000,\n  width: 250,\n  height: 300,\n"
            "  theme: {shell: {background: '#333333', color: '#ffffff'}, "
            "tweets: {background: '#000000', color: '#ffffff', links: '#4aed05'}},\n"
            "  features: {scrollbar: false, loop: true, live: true, behavior: 'default'}\n"
            f"}}).render().setUser('{seed.TWITTER_SCREEN_NAME}').start();\n</script>\n"
        )
        if not self.rendered:
            return script
        screen = seed.TWITTER_SCREEN_NAME
        user = f"http://twitter.com/intent/user?screen_name={screen}"
        tweets = self.window(path)
        body = "".join(self.profile_tweet(t, 4 + WINDOW - i) for i, t in enumerate(tweets))
        return (
            script + '<div id="twtr-widget-1" class="twtr-widget twtr-widget-profile">\n'
            '<div class="twtr-doc" style="width: 250px;">\n'
            f'<div class="twtr-hd"><a class="twtr-profile-img-anchor" href="{user}" target="_blank">'
            '<img class="twtr-profile-img" alt="profile" src="http://a0.twimg.com/profile_images/1433218/ncia_normal.jpg"></a>\n'
            f'<h3>{seed.TWITTER_DISPLAY_NAME}</h3>\n<h4><a href="{user}" target="_blank">{screen}</a></h4></div>\n'
            '<div class="twtr-bd"><div class="twtr-timeline" style="height: auto;"><div class="twtr-tweets">\n'
            '<div class="twtr-reference-tweet"></div>\n'
            f"{body}<!-- tweets show here -->\n</div></div></div>\n"
            '<div class="twtr-ft"><div><a href="http://twitter.com" target="_blank">'
            '<img src="http://widgets.twimg.com/i/widget-logo.png" alt=""></a>\n'
            f'<span><a class="twtr-join-conv" style="color:#fff" href="http://twitter.com/{screen}" '
            'target="_blank">Join the conversation</a></span></div></div>\n</div>\n</div>\n'
        )

    def _server_tweet_text(self, tweet: TweetModel, style: str) -> str:
        out = []
        for p in tweet.parts:
            match p:
                case TText(text):
                    out.append(e(text))
                case TUrl(target, display):
                    cls = ' class="twitter-link"' if style == "pro" else ""
                    out.append(f'<a href="{a(target)}"{cls}>{e(display)}</a>')
                case TMention(name, _):
                    # Server-side linkify links every mention (the profile widget didn't).
                    cls = ' class="twitter-user"' if style == "pro" else ""
                    out.append(f'@<a href="http://twitter.com/{name}"{cls}>{e(name)}</a>')
                case THashtag(tag):
                    cls = ' class="twitter-hashtag"' if style == "pro" else ""
                    out.append(
                        f'<a href="http://search.twitter.com/search?q=%23{tag}"{cls}>#{e(tag)}</a>'
                    )
        return "".join(out)

    def widget_pro(self) -> str:
        """Twitter Widget Pro 2.3.x (shared reference §3), server-side."""
        screen = seed.TWITTER_SCREEN_NAME
        items = []
        for t in self.content.server_tweets:
            tid = t.tweet_id
            rel = pro_relative(t.created, self.now).text
            items.append(
                f"<li><span class='entry-content'>{self._server_tweet_text(t, 'pro')}</span> "
                f"<span class='entry-meta'><span class='time-meta'><a href=\"http://twitter.com/{screen}/statuses/{tid}\">{rel}</a></span> "
                '<span class=\'from-meta\'>from <a href="http://twitter.com" rel="nofollow">web</a></span></span> '
                f'<span class="intent-meta"><a href="http://twitter.com/intent/tweet?in_reply_to={tid}" class="in-reply-to" title="Reply">Reply</a>'
                f'<a href="http://twitter.com/intent/retweet?tweet_id={tid}" class="retweet" title="Retweet">Retweet</a>'
                f'<a href="http://twitter.com/intent/favorite?tweet_id={tid}" class="favorite" title="Favorite">Favorite</a></span></li>\n'
            )
        return (
            '<li id="twitter-2" class="widget widget_twitter"><div>'
            f"<h2 class=\"widgettitle\"><span class='twitterwidget twitterwidget-title'>Twitter: {screen}</span></h2>\n"
            f"<ul>\n{''.join(items)}</ul>\n"
            f'<div class="follow-button"><a href="http://twitter.com/{screen}" class="twitter-follow-button" '
            f'title="Follow @{screen}">@{screen}</a></div>\n</div></li>\n'
        )

    def widget_jetpack(self) -> str:
        """Jetpack's Twitter widget (docs/markup.md), server-side; `&nbsp;` in times."""
        screen = seed.TWITTER_SCREEN_NAME
        items = []
        for t in self.content.server_tweets:
            rel = e(jetpack_relative(t.created, self.now).text).replace("\u00a0", "&nbsp;")
            items.append(
                f"<li>{self._server_tweet_text(t, 'jetpack')} "
                f'<a href="http://twitter.com/{screen}/statuses/{t.tweet_id}" class="timesince">{rel}</a></li>\n'
            )
        return (
            f'<li id="twitter-3" class="widget widget_twitter"><h2 class="widgettitle"><a href=\'http://twitter.com/{screen}\'>'
            f"Twitter: {screen}</a></h2>\n<ul class='tweets'>\n{''.join(items)}</ul></li>\n"
        )

    # -- page shell -----------------------------------------------------------------------

    def head(
        self,
        title: str,
        charset: str = "UTF-8",
        *,
        extra: str = "",
        singular: str = "",
    ) -> str:
        """RM `header.php` head: hard-coded feeds, monthly `rel='archives'`, `wp_head()`."""
        full_title = f"{e(title)} : {SITE_NAME}" if title else SITE_NAME
        return (
            '<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Transitional//EN" '
            '"http://www.w3.org/TR/xhtml1/DTD/xhtml1-transitional.dtd">\n'
            '<html xmlns="http://www.w3.org/1999/xhtml">\n<head profile="http://gmpg.org/xfn/11">\n'
            f'<meta http-equiv="Content-Type" content="text/html; charset={charset}" />\n'
            f"<title>{full_title}</title>\n"
            '<meta name="generator" content="WordPress 3.3.1" /> <!-- leave this for stats please -->\n'
            f'<link rel="stylesheet" href="{self.url(THEME)}/style.css" type="text/css" media="screen" />\n'
            f'<link rel="alternate" type="application/rss+xml" title="RSS 2.0" href="{self.url("/feed/")}" />\n'
            f'<link rel="alternate" type="text/xml" title="RSS .92" href="{self.url("/feed/rss/")}" />\n'
            f'<link rel="alternate" type="application/atom+xml" title="Atom 0.3" href="{self.url("/feed/atom/")}" />\n'
            f'<link rel="pingback" href="{self.url("/xmlrpc.php")}" />\n'
            f"{self._head_archives}{extra}"
            f'<link rel="EditURI" type="application/rsd+xml" title="RSD" href="{self.url("/xmlrpc.php?rsd")}" />\n'
            f'<link rel="wlwmanifest" type="application/wlwmanifest+xml" href="{self.url("/wp-includes/wlwmanifest.xml")}" /> \n'
            f'{singular}<meta name="generator" content="WordPress 3.3.1" />\n'
            "</head>\n"
        )

    def _header_html(self) -> str:
        img = self.url(THEME + "/images")
        # The seed shows no navbar text: the theme's page tabs are images.
        return (
            '<body>\n<div id="wrap">\n<div id="header">\n'
            f'<div class="headerleft"><a href="{self.url("/")}">National Coalition for<br />Independent Action</a></div>\n'
            f'<div class="headerright"><a href="{self.url("/feed/")}"><img src="{img}/rss.gif" alt="" /></a> '
            f'<a href="{self.url("/feed/")}">RSS Feed</a> '
            f'<a href="{self.url("/comments/feed/")}"><img src="{img}/rss.gif" alt="" /></a> '
            f'<a href="{self.url("/comments/feed/")}">Comments</a></div>\n'
            "</div>\n"
            '<div id="navbar">\n<div id="navbarleft">\n<ul id="nav">\n'
            f'<li><a href="{self.url("/")}"><img src="{img}/nav-home.gif" alt="Home" /></a></li>\n'
            + "".join(
                f'<li class="page_item page-item-{p.page_id}"><a href="{self.url(p.path)}" title="{a(p.title)}">'
                f'<img src="{img}/nav-{p.slug}.gif" alt="{a(p.title)}" /></a></li>\n'
                for p in self.content.pages
            )
            + "</ul>\n</div>\n"
            f'<div id="navbarright"><form id="searchform" method="get" action="{self.url("/")}">'
            '<input type="text" value="Search this website..." name="s" id="s" '
            "onfocus=\"if (this.value == 'Search this website...') {this.value = '';}\" "
            "onblur=\"if (this.value == '') {this.value = 'Search this website...';}\" />"
            '<input type="submit" id="sbutt" value="GO" /></form></div>\n'
            '</div>\n<div style="clear:both;"></div>\n'
        )

    def _footer_html(self) -> str:
        follow = (
            ("http://eepurl.com/ncia", "email"),
            ("http://www.facebook.com/independentaction", "facebook"),
            (self.url("/feed/"), "rss"),
            (f"http://twitter.com/{seed.TWITTER_SCREEN_NAME}", "twitter"),
        )
        items = "".join(
            f'<li><a href="{href}" class="{cls}" rel="nofollow">{e(label)}</a></li>'
            for (href, cls), label in zip(follow, seed.FOLLOW_LINKS, strict=True)
        )
        return (
            '<div style="clear:both;"></div>\n<div id="footer">\n'
            '<p class="copyright">Copyright &copy; 2011 &middot; All Rights Reserved &middot; '
            '<a href="http://www.studiopress.com/themes/revolution">Revolution Blog</a> theme by '
            '<a href="http://www.briangardner.com">Brian Gardner</a></p>\n'
            f'<p><a href="http://wordpress.org/">WordPress</a> &middot; <a href="{self.url("/wp-login.php")}">Log in</a></p>\n'
            "</div>\n</div>\n"
            # "Share and Follow" plugin's bar, printed by wp_footer (docs/markup.md).
            f'<div id="follow" class="left"><ul class="size16"><li class="follow_text">Follow:</li>{items}</ul></div>\n'
        )

    def _footer_scripts(self, listing: bool) -> str:
        if not listing or self.config.comment_system != "disqus":
            return ""
        # Disqus count.js rewrites the `span.dsq-postid` links (shared reference §2).
        return (
            '<script type="text/javascript">\n// <![CDATA[\nvar disqus_shortname = \''
            f"{DISQUS_SHORTNAME}';\n(function () {{ var nodes = document.getElementsByTagName('span');\n"
            "for (var i = 0, url; i < nodes.length; i++) { if (nodes[i].className.indexOf('dsq-postid') != -1) {\n"
            "nodes[i].parentNode.setAttribute('data-disqus-identifier', nodes[i].getAttribute('rel'));\n"
            "url = nodes[i].parentNode.href.split('#', 1); if (url.length == 1) { url = url[0]; } else { url = url[1]; }\n"
            "nodes[i].parentNode.href = url + '#disqus_thread'; } }\n"
            "var s = document.createElement('script'); s.async = true; s.type = 'text/javascript';\n"
            f"s.src = 'http://' + '{DISQUS_SHORTNAME}.disqus.com/count.js';\n"
            "(document.getElementsByTagName('HEAD')[0] || document.getElementsByTagName('BODY')[0]).appendChild(s);\n"
            "}());\n// ]]>\n</script>\n"
        )

    def page(self, head: str, main: str, path: str, *, listing: bool = False) -> str:
        return (
            head
            + self._header
            + '<div id="content">\n<div id="contentleft">\n<div class="postarea">\n'
            + '<div class="breadcrumb"></div>\n'
            + main
            + "</div>\n</div>\n"
            + self.sidebar(path)
            + "</div>\n"
            + self._footer
            + self._footer_scripts(listing)
            + "</body>\n</html>\n"
        )

    # -- sidebar --------------------------------------------------------------------------

    def _sidebar_top_html(self) -> str:
        counts: dict[int, int] = {}
        for p in self.content.posts:
            for t in p.tags:
                counts[t.term_id] = counts.get(t.term_id, 0) + 1
        cloud = self.content.cloud
        values = [counts[t.term_id] for t in cloud]
        lo = min(values)
        spread = max(max(values) - lo, 1)
        step = (22 - 8) / spread
        links = []
        for t in cloud:
            n = counts[t.term_id]
            size = f"{8 + (n - lo) * step:.14g}"  # PHP prints floats with 14 digits
            topics = "1 topic" if n == 1 else f"{n} topics"
            links.append(
                f"<a href='{self.url(t.path)}' class='tag-link-{t.term_id}' title='{topics}' "
                f"style='font-size: {size}pt;'>{e(t.name)}</a>"
            )
        return (
            '<div id="sidebar">\n<div class="widgetarea">\n<ul id="sidebarwidgeted">\n'
            '<li id="text-3" class="widget widget_text"><h2 class="widgettitle">Contact NCIA</h2>'
            '<div class="textwidget"><p>Email: <a href="mailto:info@independentaction.net">'
            "info@independentaction.net</a></p>\n"
            "<p><strong>Register your interest with NCIA &amp; subscribe to our newsletter</strong></p>\n"
            '<form action="http://independentaction.us1.list-manage.com/subscribe/post" method="post">'
            '<p>Email: <input type="text" name="EMAIL" value="" /> <input type="submit" value="Subscribe" /></p>'
            "</form></div></li>\n"
            '<li id="tag_cloud-3" class="widget widget_tag_cloud"><h2 class="widgettitle">Hot topics</h2>'
            f'<div class="tagcloud">{chr(10).join(links)}</div>\n</li>\n'
            '<li id="search-2" class="widget widget_search">'
            f'<form role="search" method="get" id="searchform" action="{self.url("/")}" >\n'
            '<div><label class="screen-reader-text" for="s">Search for:</label>\n'
            '<input type="text" value="" name="s" id="s" />\n'
            '<input type="submit" id="searchsubmit" value="Search" />\n</div>\n</form></li>\n'
            '<li id="text-4" class="widget widget_text"><h2 class="widgettitle">Spread the word</h2>'
            '<div class="textwidget"><div class="addthis_toolbox addthis_default_style">'
            '<a href="http://www.addthis.com/bookmark.php?v=250&amp;pub=ncia" class="addthis_button_compact">Share</a> '
            '<span class="addthis_separator">|</span></div></div></li>\n'
        )

    def _sidebar_bottom_html(self) -> str:
        options = "".join(
            f" \t<option value='{self.url(f'/{y:04d}/{m:02d}/')}'> {MONTHS[m - 1]} {y} </option>\n"
            for y, m in self._month_list
        )
        blogroll = "".join(
            f'<li><a href="{href}">{e(name)}</a></li>\n' for name, href in seed.BLOGROLL
        )
        return (
            '<li id="archives-2" class="widget widget_archive"><h2 class="widgettitle">Monthly archive</h2>'
            "\t\t<select name=\"archive-dropdown\" onchange='document.location.href=this.options[this.selectedIndex].value;'> "
            f'<option value="">Select Month</option> {options}</select>\n</li>\n'
            '<li id="linkcat-2" class="linkcat widget"><h2 class="widgettitle">Blogroll</h2>\n'
            f"\t<ul class='xoxo blogroll'>\n{blogroll}\t</ul>\n</li>\n"
            '<li id="text-6" class="widget widget_text"><h2 class="widgettitle">Quotes</h2>'
            f'<div class="textwidget"><div class="quote">{e(seed.QUOTE[0])}</div>\n'
            f'<div class="quote-author">{e(seed.QUOTE[1])}</div></div></li>\n'
            '<li id="meta-2" class="widget widget_meta"><h2 class="widgettitle">Admin</h2>\t\t\t<ul>\n'
            f'<li><a href="{self.url("/wp-login.php?action=register")}">Register</a></li>'
            f'<li><a href="{self.url("/wp-login.php")}">Log in</a></li>\n'
            f'<li><a href="{self.url("/feed/")}" title="Syndicate this site using RSS 2.0">Entries '
            '<abbr title="Really Simple Syndication">RSS</abbr></a></li>\n'
            f'<li><a href="{self.url("/comments/feed/")}" title="The latest comments to all posts in RSS">Comments '
            '<abbr title="Really Simple Syndication">RSS</abbr></a></li>\n'
            '<li><a href="http://wordpress.org/" title="Powered by WordPress, state-of-the-art semantic personal '
            'publishing platform.">WordPress.org</a></li>\n\t\t\t</ul>\n</li>\n'
            "</ul>\n</div>\n</div>\n"
        )

    def sidebar(self, path: str) -> str:
        widget = self.config.twitter_widget
        if widget == "pro":
            twitter = self.widget_pro()
        elif widget == "jetpack":
            twitter = self.widget_jetpack()
        else:
            twitter = (
                '<li id="text-5" class="widget widget_text"><h2 class="widgettitle">NCIA &amp; social networks</h2>'
                f'<div class="textwidget"><h3>NCIA on Twitter</h3>\n{self.profile_widget(path)}</div></li>\n'
            )
        return self._sidebar_top + twitter + self._sidebar_bottom

    # -- post parts -----------------------------------------------------------------------

    def categories_html(self, cats: list[Term]) -> str:
        return ", ".join(
            f'<a href="{self.url(c.path)}" title="View all posts in {a(c.name)}" rel="category tag">{e(c.name)}</a>'
            for c in cats
        )

    def tags_html(self, tags: list[Term]) -> str:
        if not tags:
            return ""
        return "Tags: " + ", ".join(
            f'<a href="{self.url(t.path)}" rel="tag">{e(t.name)}</a>' for t in tags
        )

    def date_line(self, post: PostModel) -> str:
        return f"{wp_date(post.published)} &middot; Filed Under {self.categories_html(post.categories)}"

    def comment_count_link(self, post: PostModel) -> str:
        permalink = self.url(post.path)
        if self.config.comment_system == "wordpress":
            n = len(post.comments)  # get_comments_number counts pingbacks too
            return f'<a href="{permalink}#comments">{plural_comments(n)}</a>'
        ident = f"{post.post_id} {self.url(f'/?p={post.post_id}')}"
        if self.rendered:
            # count.js has run: Disqus's own count, and the link retargeted.
            n = len(post.real_comments)
            label = plural_comments(n, "0 Comments")
            return f'<a href="{permalink}#disqus_thread" data-disqus-identifier="{ident}"><span class="dsq-postid" rel="{ident}">{label}</span></a>'
        n = len(post.comments)
        return f'<a href="{permalink}#comments"><span class="dsq-postid" rel="{ident}">{plural_comments(n)}</span></a>'

    def sharing_top(self, post: PostModel) -> str:
        """Sharing buttons a plugin puts before the body (docs/markup.md)."""
        permalink = self.url(post.path)
        if self.rendered:
            return (
                '<div class="social-buttons-top"><span class="tweet-button">'
                f'<a href="http://twitter.com/share?url={quote(permalink, safe="")}" class="twitter-share-button">Tweet</a></span>\n'
                '<span class="fb-like"><a href="#" class="fb-like-button">Like</a>\n'
                f'<span class="fb-like-count">{post.likes}</span></span></div>\n'
            )
        return (
            f'<div class="social-buttons-top"><a href="http://twitter.com/share" class="twitter-share-button" '
            f'data-url="{permalink}" data-count="none">Tweet</a>'
            '<script type="text/javascript" src="http://platform.twitter.com/widgets.js"></script>\n'
            f'<div class="fb-like" data-href="{permalink}" data-send="false" data-layout="button_count" '
            'data-width="90" data-show-faces="false"></div></div>\n'
        )

    def share_in_post(self, post: PostModel) -> str:
        """ "Share and Follow" plugin block appended to the content (docs/markup.md)."""
        u = quote(self.url(post.path), safe="")
        t = quote(post.title, safe="")
        targets = (
            f"http://www.blogger.com/blog_this.pyra?t&amp;u={u}&amp;n={t}",
            f"http://delicious.com/post?url={u}&amp;title={t}",
            f"http://digg.com/submit?phase=2&amp;url={u}&amp;title={t}",
            f"http://www.google.com/buzz/post?url={u}",
            f"http://www.linkedin.com/shareArticle?mini=true&amp;url={u}&amp;title={t}",
            f"http://www.myspace.com/Modules/PostTo/Pages/?u={u}&amp;t={t}",
            f"http://www.netvibes.com/share?title={t}&amp;url={u}",
            f"http://posterous.com/share?linkto={u}&amp;title={t}",
            f"http://reddit.com/submit?url={u}&amp;title={t}",
            f"http://www.stumbleupon.com/submit?url={u}&amp;title={t}",
            f"http://technorati.com/faves?add={u}",
            f"http://www.tumblr.com/share?v=3&amp;u={u}&amp;t={t}",
            self.url(post.path) + "feed/",
            "javascript:window.print();",
        )
        first = "".join(
            f'<li><a rel="nofollow" target="_blank" href="{href}">{e(label)}</a></li>'
            for href, label in zip(targets, seed.SHARE_LINKS, strict=True)
        )
        return (
            '<div class="shareinpost"><ul class="socialwrapper"><li class="share_text">Spread the word:</li> '
            f"{first}</ul>\n"
            '<ul class="socialwrapper"><li><a href="javascript:bookmark_us()" rel="nofollow">Bookmark in Browser</a></li>'
            f'<li><a href="mailto:?subject={t}&amp;body={u}" rel="nofollow">Tell a friend</a></li></ul></div>\n'
        )

    # -- comments -------------------------------------------------------------------------

    def threads(self, post: PostModel, *, pingbacks: bool) -> list[tuple[CommentModel, list]]:
        """The comments as a tree, oldest first at every level."""
        nodes: dict[int, tuple[CommentModel, list]] = {}
        roots: list[tuple[CommentModel, list]] = []
        for c in post.comments:
            if c.kind == "pingback" and not pingbacks:
                continue
            node: tuple[CommentModel, list] = (c, [])
            nodes[c.comment_id] = node
            if c.parent_id is None:
                roots.append(node)
            else:
                nodes[c.parent_id][1].append(node)
        return roots

    def paragraphs(self, comment: CommentModel) -> str:
        return "".join(f"<p>{self.inlines(p)}</p>\n" for p in comment.paragraphs)

    def disqus_server(self, post: PostModel) -> str:
        """Disqus plugin 2.68-2.7x server list (shared reference §2): URL commenters' URL
        printed as text in <cite>, one extra </li> per comment, no dates."""
        state = {"alt": 0, "thread": 0}
        out: list[str] = []

        def classes(depth: int) -> str:
            # WP33 get_comment_class: comment, even|odd alt, thread-even|thread-odd thread-alt, depth-N
            cls = ["comment"]
            cls.append("odd alt" if state["alt"] % 2 else "even")
            state["alt"] += 1
            if depth == 1:
                cls.append("thread-odd thread-alt" if state["thread"] % 2 else "thread-even")
                state["thread"] += 1
            cls.append(f"depth-{depth}")
            return " ".join(cls)

        def walk(node: tuple[CommentModel, list]) -> None:
            c, children = node
            n = c.comment_id
            if c.kind == "pingback":
                out.append(
                    f"<li class=\"post pingback\">\n<p>Pingback: <a href='{a(c.author_url or '')}' "
                    f"rel='external nofollow' class='url'>{e(c.author)}</a></p>\n</li>\n"
                )
            else:
                url_text = f"{e(c.author_url)}\t\t\t" if c.author_url else ""
                out.append(
                    f'<li class="{classes(c.depth)}" id="dsq-comment-{n}">\n'
                    f'\t<div id="dsq-comment-header-{n}" class="dsq-comment-header">\n'
                    f'\t\t<cite id="dsq-cite-{n}">\n{url_text}'
                    f'\t\t\t<span id="dsq-author-user-{n}">{e(c.author)}</span>\n'
                    "\t\t</cite>\n\t</div>\n"
                    f'\t<div id="dsq-comment-body-{n}" class="dsq-comment-body">\n'
                    f'\t\t<div id="dsq-comment-message-{n}" class="dsq-comment-message">{self.paragraphs(c)}</div>\n'
                    "\t</div>\n</li>\n"
                )
            if children:
                out.append("<ul class='children'>\n")
                for child in children:
                    walk(child)
                out.append("</ul>\n")
            out.append("</li>\n")  # Walker_Comment::end_el, after the callback's own </li>

        roots = self.threads(post, pingbacks=True)
        for root in roots:
            walk(root)
        inner = (
            '\n<div id="dsq-content">\n\n<ul id="dsq-comments">\n'
            + "".join(out)
            + "</ul>\n\n</div>\n"
            if post.comments
            else "\n"
        )
        trackbacks = ",\n".join(
            "{\n'author_name': " + _js(c.author) + ",\n'author_url': " + _js(c.author_url or "")
            + ",\n'date': " + _js(f"{c.local:%m/%d/%Y %I:%M %p}")
            + ",\n'excerpt': " + _js(" ".join(_plain(p) for p in c.paragraphs))
            + ",\n'type': 'pingback'\n}"
            for c in post.comments
            if c.kind == "pingback"
        )  # fmt: skip
        return (
            f'<div id="disqus_thread">{inner}</div>\n'
            + self.disqus_scripts(post)
            + "<script type=\"text/javascript\">\n/* <![CDATA[ */\nvar DsqLocal = {\n'trackbacks': [\n"
            + trackbacks
            + f"\n],\n'trackback_url': {_js(self.url(post.path) + 'trackback/')}\n}};\n/* ]]> */\n</script>\n"
            + "<script type=\"text/javascript\">\n/* <![CDATA[ */\n(function() {\nvar dsq = document.createElement('script'); "
            "dsq.type = 'text/javascript';\ndsq.async = true;\n"
            f"dsq.src = 'http://' + '{DISQUS_SHORTNAME}.disqus.com/embed.js?pname=wordpress&pver=2.70';\n"
            "(document.getElementsByTagName('head')[0] || document.getElementsByTagName('body')[0]).appendChild(dsq);\n"
            "})();\n/* ]]> */\n</script>\n"
        )

    def disqus_scripts(self, post: PostModel) -> str:
        return (
            '<script type="text/javascript">\n/* <![CDATA[ */\n'
            f"    var disqus_url = '{self.url(post.path)}';\n"
            f"    var disqus_identifier = '{post.post_id} {self.url(f'/?p={post.post_id}')}';\n"
            "    var disqus_container_id = 'disqus_thread';\n"
            "    var disqus_domain = 'disqus.com';\n"
            f"    var disqus_shortname = '{DISQUS_SHORTNAME}';\n"
            f"    var disqus_title = {_js(post.title)};\n"
            '    var disqus_config = function () {\n        this.language = "";\n    };\n'
            "/* ]]> */\n</script>\n"
        )

    def disqus_rendered(self, post: PostModel) -> str:
        """The thread Disqus's JavaScript drew (docs/markup.md): relative dates only."""
        out: list[str] = []

        def walk(node: tuple[CommentModel, list]) -> None:
            c, children = node
            if c.author_url:
                name = f'<a class="dsq-commenter-name" href="{a(c.author_url)}" rel="nofollow">{e(c.author)}</a>'
            else:
                name = f'<span class="dsq-commenter-name">{e(c.author)}</span>'
            rel = disqus_relative(c.created, self.now).text
            out.append(
                f'<li class="dsq-comment dsq-comment-depth-{c.depth}" id="dsq-comment-{c.comment_id}">\n'
                f'<div class="dsq-comment-header"><cite class="dsq-comment-cite">{name}</cite></div>\n'
                f'<div class="dsq-comment-body"><div class="dsq-comment-message">{self.paragraphs(c)}</div></div>\n'
                f'<div class="dsq-comment-footer"><span class="dsq-comment-time">{rel}</span>\n'
                '<a class="dsq-like" href="#">Like</a> <a class="dsq-reply" href="#">Reply</a></div>\n'
            )
            if children:
                out.append('<ul class="dsq-comment-children">\n')
                for child in children:
                    walk(child)
                out.append("</ul>\n")
            out.append("</li>\n")

        for root in self.threads(post, pingbacks=False):
            walk(root)
        n = len(post.real_comments)
        showing = "Showing 1 comment" if n == 1 else f"Showing {n} comments"
        return (
            '<div id="disqus_thread"><div id="dsq-content">\n'
            '<div id="dsq-global-toolbar"><a class="dsq-like-thread" href="#">Like</a></div>\n'
            '<div id="dsq-new-post"><h3>Add New Comment</h3>\n<a href="#">Login</a></div>\n'
            f'<h3 id="dsq-comments-count">{showing}</h3>\n'
            '<div id="dsq-sort-by">Sort by popular now</div>\n'
            f'<ul id="dsq-comments">\n{"".join(out)}</ul>\n'
            '<div id="dsq-subscribe"><a href="#">Subscribe by email</a>\n<a href="#">RSS</a></div>\n'
            '<div id="dsq-reactions"><h3>Reactions</h3>\n<a href="#">Show more reactions</a></div>\n'
            '<div id="dsq-trackback"><h3>Trackback URL</h3></div>\n'
            "</div></div>\n" + self.disqus_scripts(post)
        )

    def wordpress_comments(self, post: PostModel) -> str:
        """WordPress 3.3 `wp_list_comments()` with the default walker (shared reference §2);
        pingbacks get the same markup with class `pingback` (3.3 has no `ping()`)."""
        permalink = self.url(post.path)
        state = {"alt": 0, "thread": 0}
        out: list[str] = []

        def walk(node: tuple[CommentModel, list]) -> None:
            c, children = node
            n = c.comment_id
            cls = ["comment" if c.kind == "comment" else "pingback"]
            cls.append("odd alt" if state["alt"] % 2 else "even")
            state["alt"] += 1
            if c.depth == 1:
                cls.append("thread-odd thread-alt" if state["thread"] % 2 else "thread-even")
                state["thread"] += 1
            cls.append(f"depth-{c.depth}")
            if children:
                cls.append("parent")
            if c.author_url:
                author = f"<a href='{a(c.author_url)}' rel='external nofollow' class='url'>{e(c.author)}</a>"
            else:
                author = e(c.author)
            avatar = ""
            if c.kind == "comment":
                digest = f"{zlib.crc32(c.author.encode()):08x}" * 4
                avatar = (
                    f"<img alt='' src='http://0.gravatar.com/avatar/{digest}?s=32&amp;d=identicon&amp;r=G' "
                    "class='avatar avatar-32 photo' height='32' width='32' />"
                )
            local = c.local
            reply = ""
            if c.kind == "comment" and c.depth < 5:
                reply = (
                    f"<div class=\"reply\">\n<a class='comment-reply-link' href='{permalink}?replytocom={n}#respond' "
                    f'onclick=\'return addComment.moveForm("div-comment-{n}", "{n}", "respond", "{post.post_id}")\'>Reply</a>'
                    "</div>\n"
                )
            out.append(
                f'<li class="{" ".join(cls)}" id="comment-{n}">\n'
                f'<div id="div-comment-{n}" class="comment-body">\n'
                f'<div class="comment-author vcard">\n{avatar}\n'
                f'<cite class="fn">{author}</cite> <span class="says">says:</span></div>\n\n'
                f'<div class="comment-meta commentmetadata"><a href="{permalink}#comment-{n}">'
                f"{wp_date(local)} at {wp_time(local)}</a></div>\n\n"
                f"{self.paragraphs(c)}\n{reply}</div>\n"
            )
            if children:
                out.append("<ul class='children'>\n")
                for child in children:
                    walk(child)
                out.append("</ul>\n")
            out.append("</li>\n")

        for root in self.threads(post, pingbacks=True):
            walk(root)
        n = len(post.comments)
        if not n:
            return '<p class="nocomments">No comments yet.</p>\n'
        responses = "One Response" if n == 1 else f"{n} Responses"
        return (
            f'<h3 id="comments">{responses} to &#8220;{e(post.title)}&#8221;</h3>\n'
            f'<ol class="commentlist">\n{"".join(out)}</ol>\n'
        )

    # -- pages ----------------------------------------------------------------------------

    def post_page(self, post: PostModel, older: PostModel | None, newer: PostModel | None) -> str:
        """Single post page of the NCIA theme (docs/markup.md)."""
        permalink = self.url(post.path)
        rels = ""
        if older:
            rels += f"<link rel='prev' title='{a(older.title)}' href='{self.url(older.path)}' />\n"
        if newer:
            rels += f"<link rel='next' title='{a(newer.title)}' href='{self.url(newer.path)}' />\n"
        singular = (
            f"{rels}<link rel='canonical' href='{permalink}' />\n"
            f"<link rel='shortlink' href='{self.url(f'/?p={post.post_id}')}' />\n"
        )
        extra = (
            f'<link rel="alternate" type="application/rss+xml" title="{SITE_NAME} &raquo; '
            f'{a(post.title)} Comments Feed" href="{permalink}feed/" />\n'
        )
        charset = "windows-1252" if post.charset == "windows-1252" else "UTF-8"
        head = self.head(post.title, charset, extra=extra, singular=singular)
        if self.config.comment_system == "wordpress":
            comments = self.wordpress_comments(post)
        elif self.rendered:
            comments = self.disqus_rendered(post)
        else:
            comments = self.disqus_server(post)
        rdf = (
            '<!--\n<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"\n'
            '\t\t\txmlns:dc="http://purl.org/dc/elements/1.1/"\n'
            '\t\t\txmlns:trackback="http://madskills.com/public/xml/rss/module/trackback/">\n'
            f'\t\t<rdf:Description rdf:about="{permalink}"\n    dc:identifier="{permalink}"\n'
            f'    dc:title="{a(post.title)}"\n    trackback:ping="{permalink}trackback/" />\n</rdf:RDF>\n-->\n'
        )
        main = (
            f"<h1>{e(post.title)}</h1>\n"
            f'<div class="date"><p>{self.date_line(post)}</p></div>\n'
            + self.sharing_top(post)
            + self.body(post)
            + self.share_in_post(post)
            + '<div style="clear:both;"></div>\n'
            + f'<div class="postmeta"><p><span class="tags">{self.tags_html(post.tags)}</span></p></div>\n'
            + rdf
            + '<div class="adsense-post"></div>\n'
            + f'<div class="comments"><h4>Comments</h4>\n{comments}</div>\n'
        )
        return self.page(head, main, post.path)

    def listing_page(
        self,
        title: str,
        posts: list[PostModel],
        path: str,
        nav: str,
        extra_head: str = "",
    ) -> str:
        """A listing page (shared reference §1 "Listing pages"): posts are siblings, each
        starting with `h1 > a[rel=bookmark]`."""
        items = []
        for post in posts:
            permalink = self.url(post.path)
            items.append(
                f'<h1><a href="{permalink}" rel="bookmark">{e(post.title)}</a></h1>\n'
                '<div class="date">\n'
                f'<div class="dateleft"><p>{self.date_line(post)}</p></div>\n'
                f'<div class="dateright"><p><span class="comment">{self.comment_count_link(post)}</span></p></div>\n'
                "</div>\n"
                '<div style="clear:both;"></div>\n'
                + self.teaser(post)
                + '<div style="clear:both;"></div>\n'
                f'<div class="postmeta2"><p><span class="tags">{self.tags_html(post.tags)}</span></p></div>\n\n'
            )
        head = self.head(title, extra=extra_head)
        return self.page(head, "".join(items) + nav, path, listing=True)

    def nav_rm(self, newer: str | None, older: str | None) -> str:
        """RM `posts_nav_link(' &#8212; ', '&laquo; Previous Page', 'Next Page &raquo;')`:
        "Previous Page" = newer, "Next Page" = older; separator only between two links."""
        links = []
        if newer:
            links.append(f'<a href="{newer}" >&laquo; Previous Page</a>')
        if older:
            links.append(f'<a href="{older}" >Next Page &raquo;</a>')
        return f"<p>{' &#8212; '.join(links)}</p>\n" if links else ""

    def nav_family(self, newer: str | None, older: str | None) -> str:
        """Family form: "Previous Entries" = next_posts_link = OLDER posts (WP33
        link-template.php); "Next Entries" = newer."""
        if not (newer or older):
            return ""
        left = f'<a href="{older}" >&laquo; Previous Entries</a>' if older else ""
        right = f'<a href="{newer}" >Next Entries &raquo;</a>' if newer else ""
        return (
            f'<div class="navigation"><div class="alignleft">{left}</div>'
            f'<div class="alignright">{right}</div></div>\n'
        )

    def static_page(self, page: StaticPage) -> str:
        """RM `page.php`: title and content, no date line, no comments."""
        permalink = self.url(page.path)
        singular = (
            f"<link rel='canonical' href='{permalink}' />\n"
            f"<link rel='shortlink' href='{self.url(f'/?page_id={page.page_id}')}' />\n"
        )
        main = f"<h1>{e(page.title)}</h1>\n" + "".join(
            self.block(b, page.page_id) for b in page.blocks
        )
        return self.page(self.head(page.title, singular=singular), main, page.path)

    def comment_feed(self, post: PostModel) -> str:
        """WP33 `feed-rss2-comments.php` for one post: the latest `posts_per_rss` (10)
        approved comments, pingbacks included (the query has no type filter)."""
        permalink = self.url(post.path)
        latest = sorted(post.comments, key=lambda c: c.created, reverse=True)[:10]
        build = rfc2822(latest[0].created) if latest else rfc2822(post.published)
        items = []
        for c in latest:
            html = self.paragraphs(c)
            text = " ".join(_plain(p) for p in c.paragraphs)
            items.append(
                "\t<item>\n"
                f"\t\t<title>By: {e(c.author)}</title>\n"
                f"\t\t<link>{permalink}#comment-{c.comment_id}</link>\n"
                f"\t\t<dc:creator>{e(c.author)}</dc:creator>\n"
                f"\t\t<pubDate>{rfc2822(c.created)}</pubDate>\n"
                f'\t\t<guid isPermaLink="false">{self.url(f"/?p={post.post_id}")}#comment-{c.comment_id}</guid>\n'
                f"\t\t<description>{e(text)}</description>\n"
                f"\t\t<content:encoded><![CDATA[{html}]]></content:encoded>\n"
                "\t</item>\n"
            )
        return (
            '<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"\n'
            '\txmlns:content="http://purl.org/rss/1.0/modules/content/"\n'
            '\txmlns:dc="http://purl.org/dc/elements/1.1/"\n'
            '\txmlns:atom="http://www.w3.org/2005/Atom"\n'
            '\txmlns:sy="http://purl.org/rss/1.0/modules/syndication/"\n\t>\n'
            "<channel>\n"
            f"\t<title>Comments on: {e(post.title)}</title>\n"
            f'\t<atom:link href="{permalink}feed/" rel="self" type="application/rss+xml" />\n'
            f"\t<link>{permalink}</link>\n"
            "\t<description>Independent voluntary and community action</description>\n"
            f"\t<lastBuildDate>{build}</lastBuildDate>\n"
            "\t<sy:updatePeriod>hourly</sy:updatePeriod>\n\t<sy:updateFrequency>1</sy:updateFrequency>\n"
            "\t<generator>http://wordpress.org/?v=3.3.1</generator>\n"
            + "".join(items)
            + "</channel>\n</rss>\n"
        )


def seed_post_path(content: Content) -> str:
    return next(p.path for p in content.posts if p.post_id == seed.SEED_POST_ID)


def _plain(nodes: tuple[Inline, ...]) -> str:
    out = []
    for n in nodes:
        match n:
            case Text(text):
                out.append(text)
            case Link(_, children) | Em(children) | Strong(children):
                out.append(_plain(children))
            case Br():
                out.append("\n")
    return "".join(out)


def _js(value: str) -> str:
    """A JavaScript string literal (the plugin's cf_json_encode)."""
    out = value.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("</", "<\\/")
    return f'"{out}"'


def month_path(year: int, month: int) -> str:
    return f"/{year:04d}/{month:02d}/"
