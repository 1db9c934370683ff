"""Requests and time of incremental runs against a full crawl, over a loopback replica.

Run from the project root:

    .venv/bin/python bench/bench_incremental.py [--posts 2000] [--new-posts 10]
        [--new-comments 30] [--timeout 1800] [--no-conditional]

One run does all of this, every crawl a real `scrapy crawl posts` subprocess with the
tests' fast settings (`tests.helpers.FAST`) into one temporary OUTPUT_DIR:

1. serves (in this process, on 127.0.0.1, recording requests) the replica as it was
   before its newest `--new-posts` posts and `--new-comments` comments
   (`SiteConfig.hidden_posts` / `hidden_comments`), sending ETag (every page) and
   Last-Modified (feeds) and answering conditional requests with 304, as WordPress does
   for its feeds (`SiteConfig.conditional`; `--no-conditional`: a server that sends no
   validators, as before);
2. first run: a full crawl of it (the state is empty);
3. second run over the unchanged site;
4. the site gains the posts and comments, at the same address; third run;
5. a `-a full=true` run over the changed site: the full crawl the others are measured
   against;
6. checks the dataset after the third run holds every post and comment of the replica's
   truth, each once.

It prints per run: requests (robots.txt included), how many were answered 304 Not
Modified, bytes downloaded (Scrapy's `downloader/response_bytes`: status lines, headers
and bodies as received, from the run's own stats in its crawl.log), wall time, and the
requests and bytes as a share of the full crawl's (target: under 5% of its requests).
Nothing is asserted about time; the exit status is 1 when a crawl failed or the dataset
is incomplete.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(PROJECT_ROOT))

from tests.helpers import run_crawl  # noqa: E402
from tests.site import ReplicaServer, SiteConfig  # noqa: E402
from tests.site.site import Site  # noqa: E402


@dataclass
class Measured:
    name: str
    requests: int
    not_modified: int
    downloaded: int
    seconds: float
    exit_code: int
    counts: dict[str, dict[str, int]]


def crawl(replica: ReplicaServer, out: Path, name: str, timeout: float, *extra: str) -> Measured:
    replica.requests.clear()
    started = time.monotonic()
    result = run_crawl(
        f"start_url={replica.base_url}/",
        f"captured_at={replica.config.captured_at}",
        *extra,
        output_dir=out,
        timeout=timeout,
    )
    seconds = time.monotonic() - started
    folder = sorted((out / "runs").iterdir())[-1]
    manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    log = (folder / "crawl.log").read_text(encoding="utf-8")
    found = re.search(r"'downloader/response_bytes': (\d+)", log)
    return Measured(
        name,
        len(replica.requests),
        sum(1 for served in replica.requests if served.status == 304),
        int(found[1]) if found else 0,
        seconds,
        result.returncode,
        manifest["counts"],
    )


def complete(out: Path, site: Site) -> tuple[bool, str]:
    """Whether the dataset holds every post and comment of the truth, each once."""
    posts = [json.loads(line)["url"] for line in (out / "posts.jsonl").open(encoding="utf-8")]
    comments = [
        (c["post_url"], c["system"], c["comment_id"])
        for c in map(json.loads, (out / "comments.jsonl").open(encoding="utf-8"))
    ]
    truth_posts = {p.url for p in site.truth.posts}
    truth_comments = {(c.post_url, c.system, c.comment_id) for c in site.truth.comments}
    ok = (
        len(posts) == len(set(posts))
        and set(posts) == truth_posts
        and len(comments) == len(set(comments))
        and set(comments) == truth_comments
    )
    detail = (
        f"posts {len(set(posts) & truth_posts)}/{len(truth_posts)}, "
        f"comments {len(set(comments) & truth_comments)}/{len(truth_comments)}, "
        f"duplicates {len(posts) - len(set(posts)) + len(comments) - len(set(comments))}"
    )
    return ok, detail


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--posts", type=int, default=2000)
    parser.add_argument("--new-posts", type=int, default=10)
    parser.add_argument("--new-comments", type=int, default=30)
    parser.add_argument("--timeout", type=float, default=1800)
    parser.add_argument(
        "--no-conditional",
        dest="conditional",
        action="store_false",
        help="the replica sends no ETag/Last-Modified (so no request is conditional)",
    )
    args = parser.parse_args()

    before = SiteConfig(
        posts=args.posts,
        hidden_posts=args.new_posts,
        hidden_comments=args.new_comments,
        conditional=args.conditional,
    )
    after = SiteConfig(posts=args.posts, conditional=args.conditional)
    runs: list[Measured] = []
    with tempfile.TemporaryDirectory() as tmp, ReplicaServer(before) as replica:
        out = Path(tmp) / "out"
        runs.append(crawl(replica, out, "first run (full, older site)", args.timeout))
        runs.append(crawl(replica, out, "second run, site unchanged", args.timeout))
        replica.change(after)
        label = f"after {args.new_posts} new posts + {args.new_comments} new comments"
        runs.append(crawl(replica, out, label, args.timeout))
        ok, detail = complete(out, replica.site)
        runs.append(crawl(replica, out, "full=true (reference)", args.timeout, "full=true"))

    reference, reference_bytes = runs[-1].requests, runs[-1].downloaded
    validators = "ETag/Last-Modified, 304s" if args.conditional else "no validators"
    print(f"replica: {args.posts} posts (rendered, Disqus, profile widget, {validators}), loopback")
    print(
        f"{'run':48} {'requests':>9} {'% of full':>10} {'304s':>5} {'bytes':>11} "
        f"{'% of full':>10} {'seconds':>8} exit  new posts/comments"
    )
    for run in runs:
        share = 100 * run.requests / reference if reference else float("nan")
        byte_share = 100 * run.downloaded / reference_bytes if reference_bytes else float("nan")
        new = f"{run.counts['posts']['new']}/{run.counts['comments']['new']}"
        print(
            f"{run.name:48} {run.requests:9d} {share:9.2f}% {run.not_modified:5d} "
            f"{run.downloaded:11,d} {byte_share:9.3f}% {run.seconds:8.1f} "
            f"{run.exit_code:4d}  {new}"
        )
    print(f"dataset after the changed run: {'complete' if ok else 'INCOMPLETE'} ({detail})")
    failed = any(run.exit_code != 0 for run in runs)
    return 1 if failed or not ok else 0


if __name__ == "__main__":
    sys.exit(main())
