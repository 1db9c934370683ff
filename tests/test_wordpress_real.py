"""The real `posts` crawl against a real WordPress (tests/wordpress/), compared with the
database: every public post and comment, every field exact, nothing private.

Six configurations of the same database cover a classic and a block theme, date-based,
post-name and plain permalinks, and the REST API on and off, crawled with default
discovery (every door the site offers); a seventh shows a theme no profile was written for (Twenty
Twenty-Two); four more crawl through one door alone (links, the API, sitemaps,
feeds), each of which must be complete by itself. Each is crawled once (about 10 s) by
the real `scrapy crawl posts` process.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from tests.helpers import run_crawl
from tests.wordpress.instance import PERMALINKS, WordPress
from tests.wordpress.score import score_comments, score_posts
from tests.wordpress.truth import PRIVATE_MARKERS, Truth, read_truth


@dataclass(frozen=True)
class Configuration:
    theme: str
    permalinks: str
    """A name in `instance.PERMALINKS`."""
    api: bool
    discover: str = "all"
    """The crawl's `discover` argument; "all" leaves it out (every door the site offers)."""

    @property
    def name(self) -> str:
        name = f"{self.theme}-{self.permalinks}-api-{'on' if self.api else 'off'}"
        return name if self.discover == "all" else f"{name}-discover-{self.discover}"

    @property
    def doors(self) -> set[str]:
        """The doors every post should say it was found by."""
        if self.discover != "all":
            return {self.discover}
        return {"links", "feeds", "sitemaps"} | ({"api"} if self.api else set())

    @property
    def shows_modified(self) -> bool:
        """Only the REST API gives the modification time (the themes print none)."""
        return self.api and self.discover in ("all", "api")


CONFIGURATIONS = [
    Configuration("twentytwentyone", "pretty", api=True),
    Configuration("twentytwentythree", "plain", api=False),
    Configuration("twentytwentythree", "pretty", api=True),
    Configuration("twentytwentyone", "plain", api=False),
    # The most common structure: a post's URL looks like a static page's.
    Configuration("twentytwentyone", "postname", api=False),
    Configuration("twentytwentythree", "postname", api=False),
    # A theme no profile was written for (a block theme, read through core's blocks).
    Configuration("twentytwentytwo", "pretty", api=False),
    # One door at a time, on a site that offers them all: each alone is complete.
    Configuration("twentytwentyone", "pretty", api=True, discover="links"),
    Configuration("twentytwentythree", "pretty", api=True, discover="api"),
    Configuration("twentytwentyone", "plain", api=True, discover="sitemaps"),
    Configuration("twentytwentythree", "plain", api=False, discover="feeds"),
]


@dataclass
class Crawl:
    configuration: Configuration
    root: str
    output: Path
    returncode: int
    stderr: str

    def records(self, stem: str) -> list[dict[str, Any]]:
        path = self.output / f"{stem}.jsonl"
        return [json.loads(line) for line in path.read_text().splitlines()]


@pytest.fixture(scope="module")
def truth(wordpress: WordPress) -> Truth:
    return read_truth(wordpress)


@pytest.fixture(scope="module", params=CONFIGURATIONS, ids=lambda c: c.name)
def crawl(
    request: pytest.FixtureRequest, wordpress: WordPress, tmp_path_factory: pytest.TempPathFactory
) -> Crawl:
    configuration: Configuration = request.param
    output = tmp_path_factory.mktemp(configuration.name)
    with wordpress.serve(
        theme=configuration.theme,
        permalinks=PERMALINKS[configuration.permalinks],
        api=configuration.api,
    ) as root:
        arguments = (
            [] if configuration.discover == "all" else [f"discover={configuration.discover}"]
        )
        result = run_crawl(f"start_url={root}", *arguments, output_dir=output, timeout=600)
    return Crawl(configuration, root, output, result.returncode, result.stderr)


def test_the_crawl_succeeds(crawl: Crawl) -> None:
    assert crawl.returncode == 0, crawl.stderr[-3000:]


def test_every_public_post_with_every_field_exact(crawl: Crawl, truth: Truth) -> None:
    score = score_posts(
        crawl.records("posts"),
        truth,
        root=crawl.root,
        permalinks=crawl.configuration.permalinks,
        modified=crawl.configuration.shows_modified,
    )
    assert score.extra == [], "posts that are not public posts in the database"
    assert score.mismatches == []
    assert score.found == score.expected == 161


def test_every_public_comment_with_every_field_exact(crawl: Crawl, truth: Truth) -> None:
    score = score_comments(
        crawl.records("comments"), truth, root=crawl.root, permalinks=crawl.configuration.permalinks
    )
    assert score.extra == [], "comments that are not public in the database"
    assert score.mismatches == []
    assert score.found == score.expected >= 500


def test_nothing_private_is_written(crawl: Crawl) -> None:
    for path in crawl.output.glob("*.jsonl"):
        text = path.read_text()
        for marker in PRIVATE_MARKERS:
            assert marker not in text, f"{marker} in {path.name}"


def test_each_post_says_which_doors_found_it(crawl: Crawl) -> None:
    # Every door the crawl walked leads to every post on this site.
    for post in crawl.records("posts"):
        assert set(post["found_by"]) == crawl.configuration.doors, post["url"]
