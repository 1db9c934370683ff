"""Bad input at the doors: a start page that is not WordPress, a REST API answering
garbage or errors, a feed that is an entity bomb, a sitemap of gigabytes. The real
`posts` crawl runs against a small site on loopback whose pages are real WordPress
markup (Twenty Twenty-One) and whose doors are broken on purpose.
"""

from __future__ import annotations

import contextlib
import json
import threading
from collections.abc import Callable, Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from tests.helpers import run_crawl

POSTS = {
    "/2021/03/first-post/": (101, "First post", "2021-03-01T10:00:00+00:00"),
    "/2021/04/second-post/": (102, "Second post", "2021-04-02T11:30:00+01:00"),
    "/2021/05/third-post/": (103, "Third post", "2021-05-03T12:45:00+01:00"),
}

BILLION_LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE lolz [
 <!ENTITY lol "lol">
 <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
 <!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">
 <!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;">
 <!ENTITY lol7 "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;">
 <!ENTITY lol8 "&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;">
 <!ENTITY lol9 "&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;">
]>
<rss version="2.0"><channel><title>&lol9;</title></channel></rss>
"""


def _head(root: str) -> str:
    return (
        '<meta name="generator" content="WordPress 6.1.9" />'
        f'<link rel="https://api.w.org/" href="{root}wp-json/" />'
        f'<link rel="alternate" type="application/rss+xml" title="Feed" href="{root}feed/" />'
    )


def _home(root: str) -> str:
    articles = "".join(
        f'<article id="post-{post_id}" class="post-{post_id} post type-post hentry entry">'
        f'<header class="entry-header"><h2 class="entry-title default-max-width">'
        f'<a href="{root}{path[1:]}">{title}</a></h2></header></article>'
        for path, (post_id, title, _) in POSTS.items()
    )
    return (
        f"<!doctype html><html><head>{_head(root)}</head>"
        f'<body class="home blog hfeed"><main id="main" class="site-main">{articles}'
        "</main></body></html>"
    )


def _post(root: str, path: str) -> str:
    post_id, title, published = POSTS[path]
    return (
        f"<!doctype html><html><head>{_head(root)}"
        f'<link rel="canonical" href="{root}{path[1:]}" />'
        f"<link rel='shortlink' href='{root}?p={post_id}' /></head>"
        f'<body class="post-template-default single single-post postid-{post_id}">'
        f'<main id="main" class="site-main">'
        f'<article id="post-{post_id}" class="post-{post_id} post type-post hentry entry">'
        f'<header class="entry-header alignwide"><h1 class="entry-title">{title}</h1></header>'
        f'<div class="entry-content"><p>The text of {title.lower()}.</p></div>'
        '<footer class="entry-footer default-max-width"><div class="posted-by">'
        '<span class="posted-on">Published <time class="entry-date published updated" '
        f'datetime="{published}">{published[:10]}</time></span></div></footer>'
        "</article></main></body></html>"
    )


Responder = Callable[[str], tuple[int, dict[str, str], bytes] | None]


@pytest.fixture
def site() -> Iterator[Callable[[Responder], str]]:
    """Factory: serve a WordPress-like site whose doors answer as `responder` says (None
    for a path means: the site's normal page, or 404)."""
    servers: list[ThreadingHTTPServer] = []

    def start(responder: Responder) -> str:
        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                root = f"http://127.0.0.1:{self.server.server_address[1]}/"
                answer = responder(self.path)
                if answer is None:
                    answer = _normal(root, self.path)
                status, headers, body = answer
                self.send_response(status)
                for name, value in headers.items():
                    self.send_header(name, value)
                if "Content-Length" not in headers:
                    self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                # The crawler hangs up on an oversized answer: as intended.
                with contextlib.suppress(BrokenPipeError, ConnectionResetError):
                    self.wfile.write(body)

            def log_message(self, *args: object) -> None:
                pass

        server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        servers.append(server)
        return f"http://127.0.0.1:{server.server_address[1]}/"

    yield start
    for server in servers:
        server.shutdown()


def _normal(root: str, path: str) -> tuple[int, dict[str, str], bytes]:
    html = {"Content-Type": "text/html; charset=UTF-8"}
    if path == "/":
        return 200, html, _home(root).encode()
    if path in POSTS:
        return 200, html, _post(root, path).encode()
    if path == "/robots.txt":
        return 200, {"Content-Type": "text/plain"}, f"Sitemap: {root}wp-sitemap.xml\n".encode()
    return 404, html, b"<html><body>Not found</body></html>"


def _posts_written(output: Path) -> set[int]:
    lines = (output / "posts.jsonl").read_text().splitlines()
    return {json.loads(line)["post_id"] for line in lines}


def test_a_site_that_is_not_wordpress_is_refused_with_what_was_looked_for(
    site: Callable[[Responder], str], tmp_path: Path
) -> None:
    def plain_page(path: str) -> tuple[int, dict[str, str], bytes] | None:
        body = b"<html><head><title>A shop</title></head><body><a href='/a'>A</a></body></html>"
        if path == "/":
            return 200, {"Content-Type": "text/html"}, body
        return None

    root = site(plain_page)
    result = run_crawl(f"start_url={root}", output_dir=tmp_path)
    assert result.returncode == 3
    assert "does not look like a WordPress site" in result.stderr
    assert "generator meta tag" in result.stderr and "REST API link" in result.stderr
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize(
    "api_answer",
    [
        (200, {"Content-Type": "application/json", "X-WP-TotalPages": "1"}, b'[{"id": 1,'),
        (200, {"Content-Type": "application/json"}, b'{"code": "rest_no_route", "data": {}}'),
        (500, {"Content-Type": "application/json"}, b'{"code": "internal_server_error"}'),
    ],
    ids=["malformed-json", "error-object", "server-error"],
)
def test_an_unusable_api_falls_back_to_the_pages_with_a_warning(
    site: Callable[[Responder], str],
    tmp_path: Path,
    api_answer: tuple[int, dict[str, str], bytes],
) -> None:
    def broken_api(path: str) -> tuple[int, dict[str, str], bytes] | None:
        return api_answer if path.startswith("/wp-json/") else None

    root = site(broken_api)
    result = run_crawl(
        f"start_url={root}",
        output_dir=tmp_path,
        settings={"RETRY_TIMES": "1", "BACKOFF_MIN_DELAY": "0.1", "BACKOFF_MAX_DELAY": "0.2"},
    )
    assert result.returncode == 0, result.stderr[-2000:]
    assert _posts_written(tmp_path) == {101, 102, 103}
    assert "REST API" in result.stderr
    assert "Traceback" not in result.stderr


def test_an_entity_bomb_feed_and_a_gigabyte_sitemap_are_rejected_and_counted(
    site: Callable[[Responder], str], tmp_path: Path
) -> None:
    def hostile_doors(path: str) -> tuple[int, dict[str, str], bytes] | None:
        if path.startswith("/feed/"):
            return 200, {"Content-Type": "application/rss+xml"}, BILLION_LAUGHS
        if path == "/wp-sitemap.xml":
            # Announces three gigabytes: refused before a byte of the body is kept.
            headers = {"Content-Type": "application/xml", "Content-Length": str(3 * 2**30)}
            return 200, headers, b"<?xml version='1.0'?><sitemapindex>" + b" " * 65536
        return None

    root = site(hostile_doors)
    result = run_crawl(f"start_url={root}", output_dir=tmp_path)
    assert result.returncode == 0, result.stderr[-2000:]
    assert _posts_written(tmp_path) == {101, 102, 103}
    assert "'ncia/doors/feeds/rejected': 1" in result.stderr
    assert "'ncia/doors/sitemaps/rejected': 1" in result.stderr
    assert "Traceback" not in result.stderr
