"""`python -m tests.site.demo`: the whole pipeline in under a minute, with no network.

Serves the replica of the 2012 site on 127.0.0.1, runs the real `scrapy crawl posts`
against it (politeness delays off: it is our own loopback server), writes the files to
`output/demo/` and shows one record of each kind.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import jsonlines

from tests.helpers import PROJECT_ROOT, run_crawl
from tests.site.config import SiteConfig
from tests.site.server import ReplicaServer


def main() -> int:
    output = PROJECT_ROOT / "output" / "demo"
    replica = ReplicaServer(SiteConfig(variant="rendered")).start()
    try:
        print(f"Serving the replica at {replica.base_url}/ ; crawling it...", flush=True)
        result = run_crawl(
            f"start_url={replica.base_url}/",
            f"captured_at={replica.config.captured_at}",
            output_dir=output,
            settings={"LOG_LEVEL": "WARNING"},
        )
    finally:
        replica.stop()
    sys.stderr.write(result.stderr)
    print(result.stdout.strip())
    if result.returncode != 0:
        return result.returncode
    for stem in ("posts", "comments", "tweets"):
        show_first(output / f"{stem}.jsonl")
    print(f"\nAll records: {output.relative_to(PROJECT_ROOT)}/{{posts,comments,tweets}}.jsonl")
    return 0


def show_first(path: Path) -> None:
    with jsonlines.open(path) as reader:
        record = next(iter(reader), None)
    if record is None:
        return
    for long_field in ("content_html", "content_text"):
        if long_field in record and len(record[long_field]) > 160:
            record[long_field] = record[long_field][:160] + "…"
    print(f"\n--- first record of {path.name} ---")
    print(json.dumps(record, indent=2, ensure_ascii=False))


if __name__ == "__main__":
    sys.exit(main())
