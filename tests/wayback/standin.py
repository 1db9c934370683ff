"""A stand-in for the Wayback Machine, serving the replica's pages as captured at
several times, on 127.0.0.1.

- `GET /cdx/search/cdx`: the CDX API's parameters (`url` with `matchType=prefix` or a
  trailing `*`, `fl`, repeatable `filter=[!]field:regex`, `collapse=digest|urlkey`,
  `from`/`to` of 1–14 digits, `limit`, `showResumeKey`/`resumeKey`, `output=json`) and
  output shape (a JSON table with a header row; an empty row and the resume key after
  the rows when more remain). Keys are SURT-like: `www.` and `:80` fold together.
- `GET /web/{timestamp}{flag}/{url}`: the page as captured at that timestamp; `id_`
  gives the bytes as captured, any other flag the replay (injected scripts, toolbar,
  trailing archive comment, links rewritten to `/web/...`). A timestamp that is not a
  capture redirects to the nearest capture; a URL never captured answers 404 "not
  archived". Redirect captures (`/?p=N` shortlinks, status 302) replay as redirects.
- Paths in `omitted_paths` were never captured; paths in `rewritten_paths` come back
  rewritten even with `id_`, as some captures do.
- A rate limiter: more than `cdx_per_minute` CDX queries in 60 s, or more than
  `replays_per_second` replays in 1 s, answer 429 (without Retry-After, as the archive).

The oldest capture is of the `www.` host on port 80, as the archive's early crawls
often are (unless `www_first=False`); later captures are of the bare host. The site is
independentaction.net unless `site_url` names another (a replica's loopback address).
Every request is recorded (`seen`).
"""

from __future__ import annotations

import base64
import hashlib
import json
import re
import threading
import time
from collections import deque
from dataclasses import dataclass, replace
from datetime import datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

from tests.site.config import SiteConfig
from tests.site.site import Site

SITE_HOST = "independentaction.net"
SITE_ROOT = f"http://{SITE_HOST}/"
NOT_ARCHIVED = (
    b"<html><head><title>Wayback Machine</title></head><body>"
    b"<p>Hrm.</p><p>The Wayback Machine has not archived that URL.</p></body></html>"
)
_REPLAY = re.compile(r"^/web/(\d{1,14})([a-z]{2}_)?/(.+)$", re.DOTALL)


@dataclass(frozen=True)
class Row:
    urlkey: str
    timestamp: str
    original: str
    mimetype: str
    statuscode: str
    digest: str
    length: str
    target: str | None = None  # where a redirect capture points


@dataclass(frozen=True)
class Seen:
    at: float
    path: str
    status: int


def timestamp(moment: datetime) -> str:
    return moment.strftime("%Y%m%d%H%M%S")


def urlkey(url: str) -> str:
    """A SURT-like key: host reversed without `www.` and port 80, then path and query."""
    parts = urlsplit(url if "://" in url else "http://" + url)
    host = (parts.hostname or "").removeprefix("www.")
    port = f":{parts.port}" if parts.port not in (None, 80, 443) else ""
    key = ",".join(reversed(host.split("."))) + port + ")" + (parts.path or "/")
    return key + (f"?{parts.query}" if parts.query else "")


class StandIn:
    """The stand-in's content and rules (see the module); `serve()` starts it."""

    def __init__(
        self,
        config: SiteConfig,
        capture_times: list[datetime],
        *,
        rewritten_paths: frozenset[str] = frozenset(),
        omitted_paths: frozenset[str] = frozenset(),
        cdx_per_minute: int = 30,
        replays_per_second: int = 10,
        unlimited: bool = False,
        site_url: str = f"http://{SITE_HOST}",
        www_first: bool = True,
    ) -> None:
        self.times = sorted(capture_times)
        www = site_url.replace("://", "://www.", 1) + ":80"
        self.sites = {
            timestamp(t): Site(
                replace(config, capture_time=t), www if i == 0 and www_first else site_url
            )
            for i, t in enumerate(self.times)
        }
        self.newest = self.sites[timestamp(self.times[-1])]
        self.rewritten_paths = rewritten_paths
        self.omitted_paths = omitted_paths
        self.cdx_per_minute = cdx_per_minute
        self.replays_per_second = replays_per_second
        self.unlimited = unlimited
        self.rows = self._rows()
        self.seen: list[Seen] = []
        self.cdx_queries: list[dict[str, list[str]]] = []
        self._cdx_times: deque[float] = deque()
        self._replay_times: deque[float] = deque()
        self._lock = threading.Lock()
        self.base_url = ""
        self._server: ThreadingHTTPServer | None = None

    # -- content --------------------------------------------------------------------------

    def _rows(self) -> list[Row]:
        rows = []
        for ts, site in self.sites.items():
            for path in site.crawled_paths() + site.feed_paths() + site.static_paths():
                if path in self.omitted_paths:
                    continue
                answer = site.get(path)
                mimetype = answer.content_type.split(";")[0]
                digest = base64.b32encode(hashlib.sha1(answer.body).digest()).decode()
                original = site.base_url + path
                rows.append(
                    Row(
                        urlkey(original),
                        ts,
                        original,
                        mimetype,
                        "200",
                        digest,
                        str(len(answer.body)),
                    )
                )
            for post in site.posts[:3]:  # shortlinks, captured as the redirects they were
                original = f"{site.base_url}/?p={post.post_id}"
                rows.append(
                    Row(
                        urlkey(original),
                        ts,
                        original,
                        "text/html",
                        "302",
                        "REDIRECT",
                        "0",
                        target=site.base_url + post.path,
                    )
                )
        return sorted(rows, key=lambda r: (r.urlkey, r.timestamp))

    def captures_of(self, url: str) -> list[Row]:
        key = urlkey(url)
        return [row for row in self.rows if row.urlkey == key]

    # -- CDX ------------------------------------------------------------------------------

    def cdx(self, query: str) -> tuple[int, str, bytes]:
        params = parse_qs(query, keep_blank_values=True)
        with self._lock:
            self.cdx_queries.append(params)
        url = params["url"][0]
        prefix = params.get("matchType", [""])[0] == "prefix" or url.endswith("*")
        key = urlkey(url.rstrip("*"))
        rows = [r for r in self.rows if (r.urlkey.startswith(key) if prefix else r.urlkey == key)]
        for spec in params.get("filter", []):
            negate = spec.startswith("!")
            name, _, pattern = spec.lstrip("!").partition(":")
            regex = re.compile(pattern)
            rows = [r for r in rows if bool(regex.fullmatch(getattr(r, name))) != negate]
        if "from" in params:
            low = params["from"][0].ljust(14, "0")
            rows = [r for r in rows if r.timestamp >= low]
        if "to" in params:
            high = params["to"][0].ljust(14, "9")
            rows = [r for r in rows if r.timestamp <= high]
        for spec in params.get("collapse", []):
            kept: list[Row] = []
            for row in rows:
                last = kept[-1] if kept else None
                same_url = last is not None and last.urlkey == row.urlkey
                if spec == "urlkey" and same_url:
                    continue
                if spec == "digest" and same_url and last.digest == row.digest:
                    continue
                kept.append(row)
            rows = kept
        if "resumeKey" in params:
            after = tuple(params["resumeKey"][0].split(" ", 1))
            rows = [r for r in rows if (r.urlkey, r.timestamp) > after]
        limit = int(params.get("limit", ["0"])[0] or 0)
        more = bool(limit) and len(rows) > limit
        page = rows[:limit] if limit else rows
        fields = params.get("fl", ["urlkey,timestamp,original,mimetype,statuscode,digest,length"])
        names = fields[0].split(",")
        table: list[list[str]] = [names] + [[getattr(r, n) for n in names] for r in page]
        if more and params.get("showResumeKey", ["false"])[0] == "true":
            last = page[-1]
            table += [[], [f"{last.urlkey} {last.timestamp}"]]
        return 200, "text/plain", json.dumps(table).encode()

    # -- replay ---------------------------------------------------------------------------

    def replay(self, target: str) -> tuple[int, str, bytes, dict[str, str]]:
        match = _REPLAY.match(target)
        if match is None:
            return 404, "text/html", NOT_ARCHIVED, {}
        ts, flag, url = match.group(1), match.group(2) or "", match.group(3)
        captures = self.captures_of(url)
        if not captures:
            return 404, "text/html", NOT_ARCHIVED, {}
        exact = [row for row in captures if row.timestamp == ts]
        if not exact:
            wanted = int(ts.ljust(14, "0"))
            nearest = min(captures, key=lambda row: abs(int(row.timestamp) - wanted))
            location = f"{self.base_url}/web/{nearest.timestamp}{flag}/{nearest.original}"
            return 302, "text/html", b"", {"Location": location}
        row = exact[0]
        if row.target is not None:
            location = f"{self.base_url}/web/{ts}{flag}/{row.target}"
            return 302, "text/html", b"", {"Location": location}
        site = self.sites[ts]
        parts = urlsplit(row.original)
        path = parts.path + (f"?{parts.query}" if parts.query else "")
        answer = site.get(path)
        body = answer.body
        if flag != "id_" or path in self.rewritten_paths:
            body = self.rewrite(body, ts, row.original)
        return answer.status, answer.content_type, body, {}

    def rewrite(self, body: bytes, ts: str, original: str) -> bytes:
        """What replay without `id_` does to a page (shared reference, markup.md §5)."""
        head = (
            f'<script type="text/javascript" src="/_static/js/bundle-playback.js?v=1" '
            f'charset="utf-8"></script>\n'
            f'<script type="text/javascript" src="/_static/js/wombat.js?v=1" '
            f'charset="utf-8"></script>\n'
            f'<script type="text/javascript">\n  __wm.init("{self.base_url}/web");\n'
            f'  __wm.wombat("{original}","{ts}","{self.base_url}/","web","/_static/");\n'
            f"</script>\n"
            f'<link rel="stylesheet" type="text/css" href="/_static/css/banner-styles.css?v=1" />\n'
            f'<link rel="stylesheet" type="text/css" href="/_static/css/iconochive.css?v=1" />\n'
            f"<!-- End Wayback Rewrite JS Include -->\n"
        ).encode()
        toolbar = (
            b'<!-- BEGIN WAYBACK TOOLBAR INSERT -->\n<div id="wm-ipp-base">'
            b'<a href="/web/">Wayback Machine</a> <a href="/web/2012*/x">captures</a>'
            b"</div>\n<!-- END WAYBACK TOOLBAR INSERT -->\n"
        )
        trailer = (
            f"\n<!--\n     FILE ARCHIVED ON {ts[8:10]}:{ts[10:12]}:{ts[12:14]} "
            f"AND RETRIEVED FROM THE INTERNET ARCHIVE ON 2026.\n"
            f"     JAVASCRIPT APPENDED BY WAYBACK MACHINE, COPYRIGHT INTERNET ARCHIVE.\n-->\n"
            f"<!--\n playback timings (ms):\n  captures_list: 0.5\n-->"
        ).encode()
        body = re.sub(rb"(<head[^>]*>)", lambda m: m.group(1) + head, body, count=1)
        body = re.sub(rb"(<body[^>]*>)", lambda m: m.group(1) + toolbar, body, count=1)
        body = re.sub(
            rb'(href=["\'])(https?://)',
            lambda m: m.group(1) + f"/web/{ts}/".encode() + m.group(2),
            body,
        )
        body = re.sub(
            rb'(src=["\'])(https?://)',
            lambda m: m.group(1) + f"{self.base_url}/web/{ts}im_/".encode() + m.group(2),
            body,
        )
        return body + trailer

    # -- serving --------------------------------------------------------------------------

    def answer(self, target: str) -> tuple[int, str, bytes, dict[str, str]]:
        parts = urlsplit(target)
        now = time.monotonic()
        if parts.path == "/cdx/search/cdx":
            if self._too_fast(self._cdx_times, now, 60.0, self.cdx_per_minute):
                return 429, "text/plain", b"Too Many Requests", {}
            status, ctype, body = self.cdx(parts.query)
            return status, ctype, body, {}
        if parts.path.startswith("/web/"):
            if self._too_fast(self._replay_times, now, 1.0, self.replays_per_second):
                return 429, "text/plain", b"Too Many Requests", {}
            return self.replay(target)
        if parts.path == "/robots.txt":
            return 200, "text/plain", b"User-agent: *\nDisallow: /nothing-here/\n", {}
        return 404, "text/html", NOT_ARCHIVED, {}

    def _too_fast(self, times: deque[float], now: float, window: float, limit: int) -> bool:
        with self._lock:
            while times and times[0] <= now - window:
                times.popleft()
            times.append(now)
            return not self.unlimited and len(times) > limit

    def start(self) -> StandIn:
        server = _Server(("127.0.0.1", 0), _Handler)
        server.standin = self
        host, port = server.server_address[:2]
        self.base_url = f"http://{host}:{port}"
        self._server = server
        threading.Thread(target=server.serve_forever, daemon=True, name="stand-in").start()
        return self

    def stop(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()

    def count(self, status: int) -> int:
        return sum(1 for seen in self.seen if seen.status == status)


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server: _Server

    def do_GET(self) -> None:
        standin = self.server.standin
        status, ctype, body, headers = standin.answer(self.path)
        with standin._lock:
            standin.seen.append(Seen(time.monotonic(), self.path, status))
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        for name, value in headers.items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:
        return


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    standin: StandIn
