"""clean_fragment: sanitized HTML, plain text, links and images, with exact strings."""

from __future__ import annotations

import lxml.html
import pytest
from parsel import Selector

from ncia_scraper.extract.html import Fragment, clean_fragment, parse_fragment

BASE = "http://www.independentaction.net/2012/02/14/some-post/"
SITE = "http://www.independentaction.net"


def clean(markup: str) -> Fragment:
    return clean_fragment(markup, BASE)


# --- sanitization ---------------------------------------------------------------------


@pytest.mark.parametrize(
    "markup",
    [
        "<script>alert('x')</script>",
        "<script type='text/javascript'>document.write('<p>x</p>')</script>",
        "<style>p { color: red }</style>",
        '<iframe src="http://www.youtube.com/embed/abc">Your browser lacks iframes</iframe>',
        '<object data="movie.swf"><param name="movie" value="movie.swf">Flash text</object>',
        '<embed src="movie.swf">',
        "<noscript>Enable JavaScript</noscript>",
        '<form action="/subscribe"><label>Email</label><input name="email">'
        "<button>Subscribe</button></form>",
        '<svg onload="alert(1)"><text>drawn</text></svg>',
    ],
)
def test_dangerous_elements_are_dropped_with_their_content(markup):
    fragment = clean(f"<p>Before</p>{markup}<p>After</p>")
    assert fragment == Fragment("<p>Before</p><p>After</p>", "Before\n\nAfter", [], [])


def test_script_inside_a_paragraph_leaves_the_text_around_it():
    fragment = clean("<p>Hello<script>alert(1)</script> world</p>")
    assert fragment.html == "<p>Hello world</p>"
    assert fragment.text == "Hello world"


def test_event_handler_style_and_class_attributes_are_removed():
    fragment = clean(
        '<p onclick="evil()" onmouseover="evil()" style="color:red" class="x" id="y">'
        '<img src="/a.png" onerror="evil()" alt="A"> '
        '<a href="/about/" onclick="evil()" target="_blank" rel="nofollow" title="T">About</a>'
        "</p>"
    )
    assert fragment.html == (
        f'<p><img src="{SITE}/a.png" alt="A"> <a href="{SITE}/about/" title="T">About</a></p>'
    )


@pytest.mark.parametrize(
    "href",
    [
        "javascript:alert(1)",
        "JavaScript:alert(1)",
        " javascript:alert(1)",
        "&#106;avascript:alert(1)",
        "data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==",
        "vbscript:msgbox(1)",
    ],
)
def test_script_and_data_urls_are_removed_from_links(href):
    fragment = clean(f'<p><a href="{href}">click</a></p>')
    assert fragment == Fragment("<p><a>click</a></p>", "click", [], [])


@pytest.mark.parametrize("src", ["javascript:alert(1)", "data:image/png;base64,iVBORw0KGgo="])
def test_script_and_data_urls_are_removed_from_images(src):
    fragment = clean(f'<p>x<img src="{src}" alt="pic"></p>')
    assert fragment == Fragment('<p>x<img alt="pic"></p>', "x", [], [])


@pytest.mark.parametrize(
    ("href", "absolute"),
    [
        ("/about/", f"{SITE}/about/"),
        ("../../13/other-post/", f"{SITE}/2012/02/13/other-post/"),
        ("reply/", f"{BASE}reply/"),
        ("?p=123", f"{BASE}?p=123"),
        ("#comments", f"{BASE}#comments"),
        ("//feeds.feedburner.com/ncia", "http://feeds.feedburner.com/ncia"),
        ("https://twitter.com/NCIA_net", "https://twitter.com/NCIA_net"),
        ("  http://example.org/x  ", "http://example.org/x"),
    ],
)
def test_links_are_made_absolute(href, absolute):
    fragment = clean(f'<a href="{href}">x</a>')
    assert fragment.html == f'<a href="{absolute}">x</a>'
    assert fragment.links == [absolute]


def test_images_are_made_absolute():
    fragment = clean('<img src="/wp-content/uploads/2012/02/a.jpg"><img src="b.png">')
    assert fragment.html == (
        f'<img src="{SITE}/wp-content/uploads/2012/02/a.jpg"><img src="{BASE}b.png">'
    )
    assert fragment.images == [f"{SITE}/wp-content/uploads/2012/02/a.jpg", f"{BASE}b.png"]


def test_base_element_in_the_fragment_does_not_redirect_relative_links():
    fragment = clean('<base href="http://evil.example/"><a href="/about/">About</a>')
    assert fragment.html == f'<a href="{SITE}/about/">About</a>'
    assert fragment.links == [f"{SITE}/about/"]


def test_malformed_link_does_not_abort_the_fragment():
    # urljoin raises ValueError on "http://[oops/"; one bad link must not lose the post.
    fragment = clean('<p>See <a href="http://[oops/">this</a> and <a href="/ok/">that</a></p>')
    assert fragment == Fragment(
        f'<p>See <a>this</a> and <a href="{SITE}/ok/">that</a></p>',
        "See this and that",
        [f"{SITE}/ok/"],
        [],
    )


def test_comments_are_removed():
    assert clean("<p>a<!-- wp:paragraph -->b</p>") == Fragment("<p>ab</p>", "ab", [], [])


def test_entities_are_decoded_in_text_and_kept_safe_in_html():
    fragment = clean("<p>caf&eacute; &amp; &lt;b&gt; &#8220;quoted&#8221;</p>")
    assert fragment.html == "<p>café &amp; &lt;b&gt; “quoted”</p>"
    assert fragment.text == "café & <b> “quoted”"


# --- text -----------------------------------------------------------------------------

TEXT = [
    ("<p>One</p><p>Two</p>", "One\n\nTwo"),
    ("<p>One</p>\n\n\n<p>Two</p>", "One\n\nTwo"),
    ("<p>Line one<br>Line two<br/>Line three</p>", "Line one\nLine two\nLine three"),
    ("<p>One\n<br>\nTwo</p>", "One\nTwo"),
    ("<p>x <br> y</p>", "x\ny"),
    ("top<br>level", "top\nlevel"),
    # <br><br> is how the WordPress editor often separates paragraphs.
    ("<p>Para one<br><br>Para two</p>", "Para one\n\nPara two"),
    ("<p>Para one<br> <br>Para two</p>", "Para one\n\nPara two"),
    ("<p>Para one<br>&nbsp;<br>Para two</p>", "Para one\n\nPara two"),
    ("<p>Para one<br><br><br><br>Para two</p>", "Para one\n\nPara two"),
    # Empty paragraphs (the editor's spacers) are dropped.
    ("<p>A</p><p>&nbsp;</p><p>\u00a0</p><p> </p><p></p><p><br></p><p>B</p>", "A\n\nB"),
    ("<p>Text<br></p><p>More</p>", "Text\n\nMore"),
    # Inline elements add no spaces.
    ("a<em>b</em>c", "abc"),
    ("<p>a<em>b</em>c <strong>d</strong> e</p>", "abc d e"),
    ("<p>x<span>y</span> z<a href='/'>link</a>.</p>", "xy zlink."),
    ("<p>a <em> b </em> c</p>", "a b c"),
    # Source line breaks and runs of spaces are only spacing.
    ("<div>Text\n   with   source\nnewlines</div>", "Text with source newlines"),
    ("<p>\u00a0Indented\u00a0\u00a0text\u00a0</p>", "Indented text"),
    # List items are paragraphs.
    ("<ul><li>One</li><li>Two <b>bold</b></li></ul><ol><li>3</li></ol>", "One\n\nTwo bold\n\n3"),
    ("<p>In:</p><ul>\n  <li>One</li>\n  <li>Two</li>\n</ul><p>End</p>", "In:\n\nOne\n\nTwo\n\nEnd"),
    # Other blocks too, and loose text between blocks.
    ("<h2>Title</h2>Loose text<p>Para</p>tail", "Title\n\nLoose text\n\nPara\n\ntail"),
    ("<blockquote><p>Quote one</p><p>Quote two</p></blockquote>", "Quote one\n\nQuote two"),
    ("<div><p>A</p>between<p>B</p></div>", "A\n\nbetween\n\nB"),
    ("<table><tr><td>a</td><td>b</td></tr></table>", "a\n\nb"),
]  # fmt: skip


@pytest.mark.parametrize(("markup", "text"), TEXT)
def test_text(markup, text):
    assert clean(markup).text == text


# --- links and images ---------------------------------------------------------------------


def test_links_and_images_are_unique_and_in_order():
    fragment = clean(
        '<p><a href="http://b.example/2">b</a> <a href="https://a.example/1">a</a> '
        '<a href="http://b.example/2">b again</a> <a href="/local/">local</a></p>'
        '<img src="/i/2.png"><img src="/i/1.png"><img src="/i/2.png">'
        '<a href="https://a.example/1"><img src="/i/3.png"></a>'
    )
    assert fragment.links == [
        "http://b.example/2",
        "https://a.example/1",
        f"{SITE}/local/",
    ]
    assert fragment.images == [f"{SITE}/i/2.png", f"{SITE}/i/1.png", f"{SITE}/i/3.png"]


def test_a_fragment_is_a_different_link():
    fragment = clean('<a href="https://a.example/x#frag">f</a><a href="https://a.example/x">x</a>')
    assert fragment.links == ["https://a.example/x#frag", "https://a.example/x"]


def test_only_http_links_are_listed_but_mailto_stays_in_html():
    fragment = clean(
        '<p><a href="mailto:info@independentaction.net">mail</a> '
        '<a href="ftp://files.example/x">ftp</a> <a href="tel:+44123">tel</a> '
        '<a href="https://a.example/">web</a> <a>anchor</a></p>'
    )
    assert fragment.html == (
        '<p><a href="mailto:info@independentaction.net">mail</a> <a>ftp</a> <a>tel</a> '
        '<a href="https://a.example/">web</a> <a>anchor</a></p>'
    )
    assert fragment.links == ["https://a.example/"]


def test_query_strings_are_unescaped_in_links():
    fragment = clean('<a href="http://a.example/?a=1&amp;b=2">q</a>')
    assert fragment.html == '<a href="http://a.example/?a=1&amp;b=2">q</a>'
    assert fragment.links == ["http://a.example/?a=1&b=2"]


# --- input forms ----------------------------------------------------------------------------

PAGE = Selector(
    text=(
        "<html><body>"
        '<div class="entry"><p>One <a href="/x/">x</a></p><script>track()</script></div>'
        '<div class="entry"><p>Two</p><img src="/two.png"></div>'
        "</body></html>"
    )
)
FIRST_HTML = f'<div><p>One <a href="{SITE}/x/">x</a></p></div>'
SECOND_HTML = f'<div><p>Two</p><img src="{SITE}/two.png"></div>'
BOTH = Fragment(FIRST_HTML + SECOND_HTML, "One x\n\nTwo", [f"{SITE}/x/"], [f"{SITE}/two.png"])


def test_input_as_selector():
    assert clean_fragment(PAGE.css("div.entry")[0], BASE) == Fragment(
        FIRST_HTML, "One x", [f"{SITE}/x/"], []
    )


def test_input_as_selector_list():
    assert clean_fragment(PAGE.css("div.entry"), BASE) == BOTH


def test_input_as_list_of_selectors():
    assert clean_fragment(list(PAGE.css("div.entry")), BASE) == BOTH


def test_input_as_string():
    assert clean_fragment(PAGE.css("div.entry").getall()[1], BASE) == Fragment(
        SECOND_HTML, "Two", [], [f"{SITE}/two.png"]
    )


@pytest.mark.parametrize(
    "nodes",
    [
        "",
        "   \n ",
        [],
        PAGE.css("div.missing"),
        "<script>only()</script>",
        "<style>p{}</style><!-- nothing -->",
    ],
    ids=["empty-str", "blank-str", "empty-list", "empty-selectorlist", "script", "style"],
)
def test_empty_input(nodes):
    assert clean_fragment(nodes, BASE) == Fragment("", "", [], [])


# --- parse_fragment: lxml's fragment_fromstring(create_parent="div"), faster -------------


def _outcome(parse, markup: str):
    """What a parse gives: the root's tag, attributes, text and markup, or the error."""
    try:
        root = parse(markup)
    except Exception as error:  # the error is the outcome compared
        return type(error), str(error)
    children = "".join(lxml.html.tostring(child, encoding="unicode") for child in root)
    return root.tag, dict(root.attrib), root.text, root.tail, len(root), children


@pytest.mark.parametrize(
    "markup",
    [
        "<p>One</p><p>Two <a href='/x'>link</a></p>\n",
        "Leading text <b>bold</b> tail",
        "  \n  <p>blank leading text is dropped</p>",
        "just text",
        "<td>cell</td><li>item</li>",
        "<title>head</title><meta name='x'><p>body</p>",
        "<body class='comments'><p>second body</p></body>",
        "<p>text</body></html>after the end",
        "<!-- a comment --><p>x</p>",
        "  <html><body><p>a whole document</p></body></html>",
        "<!DOCTYPE html><p>doctype</p>",
        "\x0c leading control character",
        "<p>inner \x0c control character</p>",
    ],
)
def test_parse_fragment_is_lxmls_fragment_fromstring(markup: str) -> None:
    def lxmls(text: str):
        return lxml.html.fragment_fromstring(text, create_parent="div")

    assert _outcome(parse_fragment, markup) == _outcome(lxmls, markup)
