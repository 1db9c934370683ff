"""Running the real `scrapy crawl posts` command from tests."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent

# Settings that make a crawl of a loopback replica fast; politeness defaults are for
# real servers and have their own tests.
FAST = {
    "DOWNLOAD_DELAY": "0",
    "AUTOTHROTTLE_ENABLED": "False",
    "CONCURRENT_REQUESTS_PER_DOMAIN": "16",
    "LOG_LEVEL": "INFO",
}


def run_crawl(
    *args: str,
    output_dir: Path | None = None,
    settings: dict[str, str] | None = None,
    timeout: float = 300,
) -> subprocess.CompletedProcess[str]:
    """Run `scrapy crawl posts` with `-a` arguments given as "name=value" strings."""
    command = [sys.executable, "-m", "scrapy", "crawl", "posts"]
    for argument in args:
        command += ["-a", argument]
    merged = {**FAST, **(settings or {})}
    if output_dir is not None:
        merged["OUTPUT_DIR"] = str(output_dir)
    for name, value in merged.items():
        command += ["-s", f"{name}={value}"]
    return subprocess.run(
        command, cwd=PROJECT_ROOT, capture_output=True, text=True, timeout=timeout, check=False
    )
