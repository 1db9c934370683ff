"""Recall and field accuracy of the `posts` crawl on a real WordPress, per configuration.

Run from the project root (as root, or after `tests/wordpress/provision.sh` was run once):

    .venv/bin/python bench/bench_wordpress.py

It starts the tests' real WordPress (`tests/wordpress/`: Debian's WordPress 6.1, MariaDB,
PHP's built-in server on loopback), reads the ground truth from its database, and for
each configuration (Twenty Twenty-One, -Two and -Three; date-based, post-name and plain
permalinks; REST API on and off; every door the site offers, or one door alone) runs a
real `scrapy crawl posts` with the tests' fast settings, then compares every post and
comment with the database (`tests/wordpress/score.py`). It prints a Markdown table (the
one in the README), the requests and wall time of each crawl, and the first mismatches
if any. Exit status 1 when a crawl failed or anything is short of 100%.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import tempfile
import time
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(PROJECT_ROOT))

from tests.helpers import run_crawl  # noqa: E402
from tests.test_wordpress_real import CONFIGURATIONS  # noqa: E402
from tests.wordpress.instance import PERMALINKS, WordPress  # noqa: E402
from tests.wordpress.score import (  # noqa: E402
    TABLE_HEADER,
    score_comments,
    score_posts,
    table_row,
)
from tests.wordpress.truth import read_truth  # noqa: E402

_REQUESTS = re.compile(r"'downloader/request_count': (\d+)")


def _records(folder: Path, stem: str) -> list[dict]:
    path = folder / f"{stem}.jsonl"
    if not path.exists():
        return []
    return [json.loads(line) for line in path.read_text().splitlines()]


def main() -> int:
    argparse.ArgumentParser(description=__doc__.split("\n\n")[0]).parse_args()
    wordpress = WordPress()
    started_here = wordpress.up()
    truth = read_truth(wordpress)
    print(f"database: {len(truth.posts)} public posts, {len(truth.comments)} public comments")
    rows, timings, problems = [], [], []
    try:
        for configuration in CONFIGURATIONS:
            arguments = []
            if configuration.discover != "all":
                arguments.append(f"discover={configuration.discover}")
            with (
                tempfile.TemporaryDirectory() as folder,
                wordpress.serve(
                    theme=configuration.theme,
                    permalinks=PERMALINKS[configuration.permalinks],
                    api=configuration.api,
                ) as root,
            ):
                began = time.monotonic()
                result = run_crawl(f"start_url={root}", *arguments, output_dir=Path(folder))
                elapsed = time.monotonic() - began
                posts = score_posts(
                    _records(Path(folder), "posts"),
                    truth,
                    root=root,
                    permalinks=configuration.permalinks,
                    modified=configuration.shows_modified,
                )
                comments = score_comments(
                    _records(Path(folder), "comments"),
                    truth,
                    root=root,
                    permalinks=configuration.permalinks,
                )
            requests = _REQUESTS.search(result.stderr)
            rows.append(table_row(configuration.name, posts, comments))
            timings.append(
                f"{configuration.name}: exit {result.returncode}, "
                f"{requests.group(1) if requests else '?'} requests, {elapsed:.1f} s"
            )
            if result.returncode != 0:
                problems.append(f"{configuration.name}: the crawl exited {result.returncode}")
            for score in (posts, comments):
                problems += [f"{configuration.name}: {line}" for line in score.mismatches[:10]]
                if score.extra:
                    problems.append(f"{configuration.name}: not in the database: {score.extra}")
    finally:
        if started_here:
            wordpress.down()
    print(TABLE_HEADER)
    print("\n".join(rows))
    print()
    print("\n".join(timings))
    if problems:
        print("\nproblems:")
        print("\n".join(problems[:60]))
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
