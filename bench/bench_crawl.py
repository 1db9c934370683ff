"""How fast, and in how much memory, the `posts` crawl reads a large loopback replica.

Run from the project root:

    .venv/bin/python bench/bench_crawl.py [--posts 2000] [--variant rendered|raw]
        [--sample 300] [--repeat 3] [--timeout 900] [--profile] [--keep]

One run does all of this:

1. serves a replica of `--posts` posts (`python -m tests.site`, the rendered variant by
   default) from its own process on 127.0.0.1, so the server does not share the
   crawler's interpreter;
2. crawls it twice, each crawl a subprocess with the same fast settings
   (`tests.helpers.FAST`: no delay, no AutoThrottle, 16 requests per domain):
   - baseline: `BaselineSpider` below, a plain Scrapy spider (Scrapy's defaults plus the
     project's robots.txt, user agent and limits; none of its pipelines, middlewares or
     extensions) that follows the same listing and post URLs as `posts` and parses
     nothing else;
   - posts: the real `scrapy crawl posts -a discover=links` into a temporary OUTPUT_DIR;
   pages/s is each crawl's own `response_received_count / elapsed_time_seconds`;
3. times extraction alone: the HTML of `--sample` post pages, rendered in memory,
   read with `read_post_page` in this process (parse = building the `Page`'s selector);
4. takes the posts crawl's peak RSS from the kernel (`os.wait4` rusage of that child);
5. checks the posts crawl wrote every post, comment and tweet of the replica's truth.

Why `discover=links`: by default the spider also walks the site's other doors (REST API,
feeds, sitemaps; `ncia_scraper/spiders/doors.py`) before it fetches any post page, and
holds the post requests until they answer. The baseline cannot do that, so the two crawls
would not do the same work: door responses (JSON, XML, or 404s on the replica, which
offers none) would count as pages, and the hold would stretch the posts crawl's time.
Subtracting the door requests afterwards would not undo the hold. With links only,
both crawls follow the same links (the report checks the counts: the baseline's
responses equal the posts crawl's less its comment feeds), so the ratio compares the
same work. What the doors cost a default crawl is not measured here.

It prints a table with the targets beside the figures. Nothing is asserted about time:
the exit status is 0 unless a crawl failed or the posts crawl was incomplete.
`--profile` adds a cProfile of the extraction (top functions by own and total time).

This file is also the baseline spider: `scrapy runspider bench/bench_crawl.py` finds
`BaselineSpider` in it (the imports at module level are kept light for that reason).
"""

from __future__ import annotations

import argparse
import cProfile
import io
import os
import pstats
import re
import selectors
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

import scrapy
from scrapy.http import HtmlResponse, Response

if TYPE_CHECKING:
    from tests.site import Site

PROJECT_ROOT = Path(__file__).resolve().parent.parent
BENCH_FILE = Path(__file__).resolve()

TARGET_RATIO = 0.8
TARGET_EXTRACT = 500.0
TARGET_RSS_MB = 250.0
SCRAPY_BENCH = 135.0  # shared reference: `scrapy bench` on a 2-core machine of this kind

# Where a page links to other pages, as `ncia_scraper.extract.listing` reads them: anchors,
# image-map areas, head links other than the page's own (canonical, shortlink), and the
# options of the archives dropdown.
_LINKS = (
    "//a/@href | //area/@href"
    " | //link[not(contains(@rel, 'canonical')) and not(contains(@rel, 'shortlink'))]/@href"
    " | //select//option/@value"
)


# ---------------------------------------------------------------------------------------
# The baseline spider (run in its own process by `scrapy runspider`).


class BaselineSpider(scrapy.Spider):
    """Follows every same-host listing and post link, as `posts` does, and nothing else.

    Links are classified with the project's own `classify`, so both crawls visit the
    same URLs; what it skips is everything `posts` does with a page beyond its links
    (post, comments, tweets, pagination, items and pipelines).
    """

    name = "baseline"

    def __init__(self, start_url: str = "", **kwargs: Any) -> None:
        super().__init__(**kwargs)
        if not start_url:
            raise ValueError("start_url is required")
        self.site_root = start_url if start_url.endswith("/") else start_url + "/"
        parts = urlsplit(self.site_root)
        self.prefix = f"{parts.scheme}://{parts.netloc}/"
        self.allowed_domains = [parts.hostname or ""]

    async def start(self) -> AsyncIterator[scrapy.Request]:
        yield scrapy.Request(self.site_root, callback=self.parse)

    def parse(self, response: Response, **kwargs: Any) -> Iterator[scrapy.Request]:
        """Yield a request for each listing and post the page links to."""
        # Imported here: the bench process imports this module without the project.
        from ncia_scraper.extract.urls import UrlKind, classify

        if not isinstance(response, HtmlResponse):
            return
        seen: set[str] = set()
        for href in response.xpath(_LINKS).getall():
            href = href.strip()
            if not href or href.startswith(("#", "javascript:", "mailto:")):
                continue
            url = response.urljoin(href).partition("#")[0]
            if url in seen or not url.startswith(self.prefix):
                continue
            seen.add(url)
            kind = classify(url, self.site_root)
            if kind is UrlKind.POST:
                # Posts first, as in `posts`: the same queue shape.
                yield scrapy.Request(url, callback=self.parse, priority=1)
            elif kind is UrlKind.LISTING:
                yield scrapy.Request(url, callback=self.parse)


# ---------------------------------------------------------------------------------------
# Child processes.


@dataclass
class ChildRun:
    """One finished (or killed) subprocess."""

    name: str
    returncode: int
    wall: float
    """Seconds from start to exit, interpreter start-up included."""
    maxrss_mb: float
    """Peak resident set size of the child (MiB), from its own rusage."""
    stats: dict[str, float] = field(default_factory=dict)
    """The numeric Scrapy stats the crawl dumped at the end."""
    log: Path | None = None
    server_cpu: float = 0.0
    """CPU seconds the replica server spent while this crawl ran."""
    timed_out: bool = False

    @property
    def responses(self) -> int:
        return int(self.stats.get("response_received_count", 0))

    @property
    def elapsed(self) -> float:
        return self.stats.get("elapsed_time_seconds", 0.0)

    @property
    def pages_per_s(self) -> float:
        return self.responses / self.elapsed if self.elapsed else 0.0


_DOOR_REQUESTS = re.compile(r"ncia/doors/[^/]+/requests")
_STAT = re.compile(r"'([^']+)': (-?\d+(?:\.\d+)?(?:e-?\d+)?)[,}]")


def parse_stats(log_text: str) -> dict[str, float]:
    """The numeric entries of Scrapy's final "Dumping Scrapy stats" block."""
    start = log_text.rfind("Dumping Scrapy stats:")
    if start < 0:
        return {}
    block = log_text[start:]
    end = block.find("}")
    block = block[: end + 1] if end >= 0 else block
    return {name: float(value) for name, value in _STAT.findall(block)}


def run_child(
    name: str,
    command: list[str],
    *,
    cwd: Path,
    env: dict[str, str],
    log_dir: Path,
    timeout: float,
    server_pid: int | None = None,
) -> ChildRun:
    """Run `command` to completion (killed after `timeout` s) and measure it.

    The child is reaped with `os.wait4`, whose rusage is that child's own: its peak RSS
    is not mixed up with the server's or another crawl's.
    """
    log = log_dir / f"{name}.log"
    server_before = process_cpu(server_pid)
    started = time.monotonic()
    with open(log, "wb") as out:
        proc = subprocess.Popen(command, cwd=cwd, env=env, stdout=out, stderr=subprocess.STDOUT)
        deadline = started + timeout
        timed_out = False
        while True:
            pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
            if pid:
                break
            if time.monotonic() > deadline:
                timed_out = True
                proc.kill()
                pid, status, usage = os.wait4(proc.pid, 0)
                break
            time.sleep(0.05)
    wall = time.monotonic() - started
    returncode = os.waitstatus_to_exitcode(status)
    proc.returncode = returncode  # reaped here: tell Popen, so it does not wait again
    text = log.read_text(encoding="utf-8", errors="replace")
    return ChildRun(
        name=name,
        returncode=returncode,
        wall=wall,
        maxrss_mb=usage.ru_maxrss / 1024,  # KiB on Linux
        stats=parse_stats(text),
        log=log,
        server_cpu=process_cpu(server_pid) - server_before,
        timed_out=timed_out,
    )


def process_cpu(pid: int | None) -> float:
    """CPU seconds (user + system) a live process has used so far; 0 if unknown."""
    if pid is None:
        return 0.0
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except (OSError, IndexError):
        return 0.0
    # After the command name: state is field 3, utime 14 and stime 15 (1-based).
    ticks = int(fields[11]) + int(fields[12])
    return ticks / os.sysconf("SC_CLK_TCK")


@dataclass
class Server:
    """The replica served by `python -m tests.site` in its own process."""

    process: subprocess.Popen[str]
    base_url: str

    def stop(self) -> None:
        """Terminate the server (killed if it does not stop within 10 s)."""
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=10)
        if self.process.stdout is not None:
            self.process.stdout.close()


def start_server(
    variant: str, posts: int, env: dict[str, str], timeout: float, log: Path
) -> Server:
    """Start the replica server on a free port; return once it printed its URL.

    Its stderr (tracebacks of connections a killed crawl reset) goes to `log`."""
    command = [
        sys.executable, "-m", "tests.site", "--variant", variant, "--posts", str(posts),
        "--port", "0",
    ]  # fmt: skip
    with open(log, "wb") as errors:
        process = subprocess.Popen(
            command, cwd=PROJECT_ROOT, env=env, stdout=subprocess.PIPE, stderr=errors, text=True
        )
    assert process.stdout is not None
    with selectors.DefaultSelector() as selector:
        selector.register(process.stdout, selectors.EVENT_READ)
        ready = selector.select(timeout)
    line = process.stdout.readline() if ready else ""
    match = re.match(r"(http://127\.0\.0\.1:\d+)/", line)
    if match is None:
        server = Server(process, "")
        server.stop()
        raise RuntimeError(f"the replica server did not start within {timeout:.0f} s: {line!r}")
    return Server(process, match.group(1))


def child_env() -> dict[str, str]:
    """This environment, with the project importable and no settings module forced."""
    env = dict(os.environ)
    env.pop("SCRAPY_SETTINGS_MODULE", None)
    env["PYTHONPATH"] = os.pathsep.join([str(PROJECT_ROOT), *filter(None, [env.get("PYTHONPATH")])])
    return env


def fast_settings() -> dict[str, str]:
    """The loopback settings both crawls run with (tests.helpers.FAST, INFO logs)."""
    from tests.helpers import FAST

    return {**FAST, "LOG_LEVEL": "INFO"}


def baseline_settings() -> dict[str, str]:
    """Scrapy's defaults plus what the project sets that decides what and how it fetches:
    robots.txt, user agent, concurrency and timeouts (then the fast settings)."""
    from ncia_scraper import settings as project

    same = {
        "ROBOTSTXT_OBEY": str(project.ROBOTSTXT_OBEY),
        "USER_AGENT": project.USER_AGENT,
        "DOWNLOAD_TIMEOUT": str(project.DOWNLOAD_TIMEOUT),
        "DOWNLOAD_MAXSIZE": str(project.DOWNLOAD_MAXSIZE),
        "DOWNLOAD_WARNSIZE": str(project.DOWNLOAD_WARNSIZE),
        "TELNETCONSOLE_ENABLED": "False",
        "REMOTE_CONTROL_ENABLED": "False",
    }
    return {**same, **fast_settings()}


def settings_args(settings: dict[str, str]) -> list[str]:
    return [arg for name, value in settings.items() for arg in ("-s", f"{name}={value}")]


# ---------------------------------------------------------------------------------------
# Extraction in this process.


@dataclass
class Extraction:
    pages: int
    parse_s: float
    """Best time to build the pages' selectors (lxml parse)."""
    extract_s: float
    """Best time of `read_post_page` over the already parsed pages."""
    first_extract_s: float
    """The first `read_post_page` pass (cold caches, as a crawl meets new pages)."""
    html_kib: float

    @property
    def extract_per_s(self) -> float:
        return self.pages / self.extract_s

    @property
    def first_per_s(self) -> float:
        return self.pages / self.first_extract_s

    @property
    def parse_and_extract_per_s(self) -> float:
        return self.pages / (self.parse_s + self.extract_s)


def sample_pages(site: Site, count: int) -> list[tuple[str, str]]:
    """(url, html) of `count` post pages spread evenly over the replica's posts."""
    posts = site.posts
    step = max(1, len(posts) // max(1, count))
    pages: list[tuple[str, str]] = []
    for post in posts[::step][:count]:
        response = site.get(post.path)
        charset = response.content_type.partition("charset=")[2] or "utf-8"
        pages.append((site.url(post.path), response.body.decode(charset)))
    return pages


def bench_extraction(
    pages: list[tuple[str, str]], site_root: str, captured_at: datetime, repeat: int
) -> Extraction:
    """Time `Page.from_html` and `read_post_page` over the pages, best of `repeat`."""
    from ncia_scraper.extract.page import Page
    from ncia_scraper.extract.pages import read_post_page

    fetched_at = datetime.now(UTC)
    parse_times: list[float] = []
    extract_times: list[float] = []
    for _ in range(max(1, repeat)):
        t0 = time.perf_counter()
        parsed = [Page.from_html(url, html, captured_at) for url, html in pages]
        t1 = time.perf_counter()
        for page in parsed:
            if read_post_page(page, site_root=site_root, fetched_at=fetched_at) is None:
                raise RuntimeError(f"no post read from {page.url}")
        t2 = time.perf_counter()
        parse_times.append(t1 - t0)
        extract_times.append(t2 - t1)
    return Extraction(
        pages=len(pages),
        parse_s=min(parse_times),
        extract_s=min(extract_times),
        first_extract_s=extract_times[0],
        html_kib=sum(len(html) for _url, html in pages) / 1024,
    )


def profile_extraction(
    pages: list[tuple[str, str]], site_root: str, captured_at: datetime, top: int = 30
) -> str:
    """cProfile of parse + `read_post_page` over the pages: the top functions by own time
    and by cumulative time."""
    from ncia_scraper.extract.page import Page
    from ncia_scraper.extract.pages import read_post_page

    fetched_at = datetime.now(UTC)
    profiler = cProfile.Profile()
    profiler.enable()
    for url, html in pages:
        page = Page.from_html(url, html, captured_at)
        read_post_page(page, site_root=site_root, fetched_at=fetched_at)
    profiler.disable()
    out = io.StringIO()
    stats = pstats.Stats(profiler, stream=out).strip_dirs()
    out.write(f"--- by own time (top {top}) ---\n")
    stats.sort_stats("tottime").print_stats(top)
    out.write(f"--- by cumulative time (top {top}) ---\n")
    stats.sort_stats("cumulative").print_stats(top)
    return out.getvalue()


# ---------------------------------------------------------------------------------------
# Completeness.


@dataclass
class Completeness:
    expected: dict[str, int]
    written: dict[str, int]
    missing_posts: int

    @property
    def complete(self) -> bool:
        return self.missing_posts == 0 and self.expected == self.written


def check_output(output_dir: Path, site: Site) -> Completeness:
    """Compare the record counts (and post URLs) written with the replica's truth."""
    import json

    truth = site.truth
    expected = {
        "posts": len(truth.posts),
        "comments": len(truth.comments),
        "tweets": len(truth.tweets),
    }
    written: dict[str, int] = {}
    urls: set[str] = set()
    for stem in expected:
        path = output_dir / f"{stem}.jsonl"
        lines = path.read_text(encoding="utf-8").splitlines() if path.exists() else []
        written[stem] = len(lines)
        if stem == "posts":
            urls = {json.loads(line)["url"] for line in lines}
    missing = len({post.url for post in truth.posts} - urls)
    return Completeness(expected=expected, written=written, missing_posts=missing)


# ---------------------------------------------------------------------------------------
# Report.


def table(rows: list[tuple[str, str, str, str]]) -> str:
    """Rows of (figure, measured, target, verdict) as aligned text."""
    header = ("figure", "measured", "target", "")
    widths = [max(len(row[i]) for row in [header, *rows]) for i in range(4)]
    lines = []
    for row in [header, *rows]:
        cells = (cell.ljust(width) for cell, width in zip(row, widths, strict=True))
        lines.append("  ".join(cells).rstrip())
        if row is header:
            lines.append("  ".join("-" * width for width in widths))
    return "\n".join(lines)


def verdict(ok: bool) -> str:
    return "ok" if ok else "MISSED"


def report(
    args: argparse.Namespace,
    base: ChildRun,
    posts: ChildRun,
    extraction: Extraction,
    completeness: Completeness,
) -> str:
    ratio = posts.pages_per_s / base.pages_per_s if base.pages_per_s else 0.0
    feeds = int(sum(posts.stats.get(f"ncia/feeds/{k}", 0) for k in ("read", "missing", "unparsed")))
    # Comment feeds (raw variant) are small responses the baseline does not fetch: also
    # compare the time each crawl took over the same pages.
    same_pages = (posts.responses - feeds) / posts.elapsed if posts.elapsed else 0.0
    same_ratio = same_pages / base.pages_per_s if base.pages_per_s else 0.0
    crawled = int(posts.stats.get("ncia/pages/listing", 0) + posts.stats.get("ncia/pages/post", 0))
    # None with `discover=links`; named below if there are any, so a NO says why.
    doors = int(sum(value for name, value in posts.stats.items() if _DOOR_REQUESTS.fullmatch(name)))
    extract = extraction.extract_per_s
    written, expected = completeness.written["posts"], completeness.expected["posts"]
    rows = [
        ("baseline crawl (pages/s)", f"{base.pages_per_s:.1f}",
         f"~{SCRAPY_BENCH:.0f} (scrapy bench)", ""),
        ("posts crawl (pages/s)", f"{posts.pages_per_s:.1f}", "", ""),
        ("ratio posts/baseline", f"{ratio:.2f}", f">= {TARGET_RATIO}",
         verdict(ratio >= TARGET_RATIO)),
        *(
            [("  posts without its comment feeds (pages/s)", f"{same_pages:.1f}", "", ""),
             ("  ratio over the same pages", f"{same_ratio:.2f}", f">= {TARGET_RATIO}",
              verdict(same_ratio >= TARGET_RATIO))]
            if feeds else []
        ),
        ("extraction read_post_page (pages/s)", f"{extract:.0f}", f">= {TARGET_EXTRACT:.0f}",
         verdict(extract >= TARGET_EXTRACT)),
        ("  first pass, cold (pages/s)", f"{extraction.first_per_s:.0f}", "", ""),
        ("  parse + extraction (pages/s)", f"{extraction.parse_and_extract_per_s:.0f}", "", ""),
        ("posts crawl peak RSS (MiB)", f"{posts.maxrss_mb:.0f}", f"< {TARGET_RSS_MB:.0f}",
         verdict(posts.maxrss_mb < TARGET_RSS_MB)),
        ("posts written / truth", f"{written} / {expected}", "equal",
         verdict(completeness.complete)),
    ]  # fmt: skip
    details = [
        "",
        f"replica: {args.variant}, {args.posts} posts; truth: "
        + ", ".join(f"{n} {stem}" for stem, n in completeness.expected.items()),
        "written: "
        + ", ".join(f"{n} {stem}" for stem, n in completeness.written.items())
        + f"; post URLs missing: {completeness.missing_posts}",
    ]
    for run in (base, posts):
        details.append(
            f"{run.name}: {run.responses} responses in {run.elapsed:.1f} s crawl time "
            f"({run.wall:.1f} s wall), exit {run.returncode}, peak RSS {run.maxrss_mb:.0f} MiB, "
            f"server CPU {run.server_cpu:.1f} s meanwhile"
        )
    same = base.responses == posts.responses - feeds
    details.append(
        f"posts crawl (discover=links) read {crawled} listing+post pages and {feeds} comment "
        f"feeds{f', and sent {doors} door requests' if doors else ''}; "
        f"baseline {base.responses} responses = posts {posts.responses} - {feeds} feeds: "
        + (
            "n/a, a crawl fetched nothing"
            if not (base.responses and posts.responses)
            else "yes, same pages"
            if same
            else "NO, the crawls fetched different pages"
        )
    )
    details.append(
        f"extraction: {extraction.pages} post pages ({extraction.html_kib / extraction.pages:.0f} "
        f"KiB each), parse {extraction.parse_s * 1000 / extraction.pages:.2f} ms/page, "
        f"read_post_page {extraction.extract_s * 1000 / extraction.pages:.2f} ms/page "
        f"(best of {args.repeat})"
    )
    return table(rows) + "\n" + "\n".join(details)


# ---------------------------------------------------------------------------------------


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="bench/bench_crawl.py", description=__doc__.split("\n\n")[0]
    )
    parser.add_argument("--posts", type=int, default=2000, help="replica size (default 2000)")
    parser.add_argument("--variant", choices=("rendered", "raw"), default="rendered")
    parser.add_argument(
        "--sample", type=int, default=300, help="post pages for the extraction timing"
    )
    parser.add_argument("--repeat", type=int, default=3, help="extraction passes (best kept)")
    parser.add_argument("--timeout", type=float, default=900, help="seconds allowed to each crawl")
    parser.add_argument("--profile", action="store_true", help="cProfile the extraction")
    parser.add_argument("--keep", action="store_true", help="keep the logs and output")
    args = parser.parse_args(argv)

    sys.path.insert(0, str(PROJECT_ROOT))
    from tests.site import Site, SiteConfig

    config = SiteConfig(variant=args.variant, posts=args.posts)
    env = child_env()
    work = Path(tempfile.mkdtemp(prefix="bench_crawl-"))
    print(f"serving a {args.variant} replica of {args.posts} posts ...", flush=True)
    server = start_server(args.variant, args.posts, env, timeout=120, log=work / "server.log")
    try:
        site_root = server.base_url + "/"
        site = Site(config, server.base_url)  # the same pages, built here for the truth

        print("baseline crawl ...", flush=True)
        base_cwd = work / "baseline"  # outside the project: Scrapy's defaults only
        base_cwd.mkdir()
        base = run_child(
            "baseline",
            [sys.executable, "-m", "scrapy", "runspider", str(BENCH_FILE),
             "-a", f"start_url={site_root}", *settings_args(baseline_settings())],
            cwd=base_cwd, env=env, log_dir=work, timeout=args.timeout,
            server_pid=server.process.pid,
        )  # fmt: skip

        print("posts crawl ...", flush=True)
        output_dir = work / "output"
        posts = run_child(
            "posts",
            [sys.executable, "-m", "scrapy", "crawl", "posts",
             "-a", f"start_url={site_root}", "-a", f"captured_at={config.captured_at}",
             "-a", "discover=links",  # the baseline's work: see the module docstring
             "-s", f"OUTPUT_DIR={output_dir}", *settings_args(fast_settings())],
            cwd=PROJECT_ROOT, env=env, log_dir=work, timeout=args.timeout,
            server_pid=server.process.pid,
        )  # fmt: skip
    finally:
        server.stop()

    print("extraction ...", flush=True)
    pages = sample_pages(site, args.sample)
    extraction = bench_extraction(pages, site_root, config.capture_time, args.repeat)
    completeness = check_output(output_dir, site)

    print()
    print(report(args, base, posts, extraction, completeness))
    if args.profile:
        print()
        print(profile_extraction(pages, site_root, config.capture_time))

    failed = [run for run in (base, posts) if run.returncode != 0 or run.timed_out]
    for run in failed:
        print(
            f"\n{run.name} crawl failed (exit {run.returncode}"
            f"{', timed out' if run.timed_out else ''}); log: {run.log}",
            file=sys.stderr,
        )
    if not completeness.complete:
        print("\nthe posts crawl is incomplete: its figures are not for a full crawl",
              file=sys.stderr)  # fmt: skip
    if args.keep or failed or not completeness.complete:
        print(f"logs and output kept in {work}")
    else:
        shutil.rmtree(work, ignore_errors=True)
    return 1 if failed or not completeness.complete else 0


if __name__ == "__main__":
    sys.exit(main())
