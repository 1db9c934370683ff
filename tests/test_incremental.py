"""Incremental runs over a replica that changes between runs (real crawls, real HTTP):
a second run over an unchanged site fetches almost nothing; new posts and comments are
added, changed posts rewritten, nothing lost; `full=true` fetches everything again."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path
from typing import Any

import jsonlines

from ncia_scraper.outcome import EXIT_COMPLETE
from ncia_scraper.state.plan import QUIET_PAGES
from tests.faults import FaultyReplica
from tests.helpers import run_crawl
from tests.site import SiteConfig, seed
from tests.site.content import PER_PAGE
from tests.site.model import PostModel
from tests.site.site import Site

BEFORE = SiteConfig(posts=60, hidden_posts=5, hidden_comments=6)
AFTER = SiteConfig(posts=60)


def crawl(replica: FaultyReplica, out: Path, *extra: str) -> int:
    replica.seen.clear()
    result = run_crawl(
        f"start_url={replica.base_url}/",
        f"captured_at={replica.config.captured_at}",
        *extra,
        output_dir=out,
    )
    assert result.returncode == EXIT_COMPLETE, result.stderr[-3000:]
    return len(replica.seen)


def read(path: Path) -> list[dict[str, Any]]:
    with jsonlines.open(path) as reader:
        return list(reader)


def latest_manifest(out: Path) -> dict[str, Any]:
    folder = sorted((out / "runs").iterdir())[-1]
    return json.loads((folder / "manifest.json").read_text(encoding="utf-8"))


def comment_keys(records: list[dict[str, Any]]) -> list[tuple[Any, ...]]:
    return [(c["post_url"], c["system"], c["comment_id"]) for c in records]


def test_second_runs_fetch_what_changed_and_lose_nothing(tmp_path: Path) -> None:
    out = tmp_path / "out"
    with FaultyReplica({}, BEFORE) as replica:
        first = crawl(replica, out)
        old_truth = replica.site.truth
        assert {p["url"] for p in read(out / "posts.jsonl")} == {p.url for p in old_truth.posts}

        # Unchanged site: the home page shows nothing new, nor do the QUIET_PAGES pages
        # after it, and the walk ends there.
        crawl(replica, out)
        quiet = [f"/page/{n}/" for n in range(2, 2 + QUIET_PAGES)]
        assert [seen.path for seen in replica.seen] == ["/robots.txt", "/", *quiet]
        manifest = latest_manifest(out)
        assert manifest["counts"]["posts"]["new"] == 0
        assert manifest["counts"]["comments"]["new"] == 0

        # Five new posts and six new comments appear at the same address.
        replica.site = Site(AFTER, replica.base_url)
        replica.config = AFTER
        changed = crawl(replica, out)
        truth = replica.site.truth
        posts = read(out / "posts.jsonl")
        assert sorted(p["url"] for p in posts) == sorted(p.url for p in truth.posts)
        comments = read(out / "comments.jsonl")
        keys = comment_keys(comments)
        assert len(keys) == len(set(keys))  # every record once
        assert set(keys) == {(c.post_url, c.system, c.comment_id) for c in truth.comments}
        manifest = latest_manifest(out)
        assert manifest["counts"]["posts"]["new"] == 5
        # The six, and those of the new posts.
        assert manifest["counts"]["comments"]["new"] == len(truth.comments) - len(
            old_truth.comments
        )
        assert changed < first / 3

        # full=true reads everything again, and finds nothing new.
        again = crawl(replica, out, "full=true")
        assert again > first
        manifest = latest_manifest(out)
        assert manifest["arguments"] == {
            "start_url": f"{replica.base_url}/",
            "captured_at": replica.config.captured_at,
            "full": "true",
        }
        assert manifest["counts"]["posts"]["new"] == 0
        assert manifest["counts"]["posts"]["unchanged"] == len(truth.posts)
        assert Counter(p["url"] for p in read(out / "posts.jsonl")).most_common(1)[0][1] == 1


def test_an_earlier_replica_lacks_the_newest_posts_and_comments_only() -> None:
    before, after = Site(BEFORE, "http://127.0.0.1:1"), Site(AFTER, "http://127.0.0.1:1")
    old = {p.post_id for p in before.posts}
    new = [p for p in after.posts if p.post_id not in old]
    assert len(new) == 5 and old <= {p.post_id for p in after.posts}
    assert all(p.published >= max(q.published for q in before.posts if not _fixed(q)) for p in new)
    shown = {c.comment_id for p in before.posts for c in p.comments}
    hidden = [
        c for p in after.posts if p.post_id in old for c in p.comments if c.comment_id not in shown
    ]
    assert len(hidden) == 6
    assert min(c.created for c in hidden) >= max(
        c.created for p in before.posts for c in p.comments if not _fixed(p)
    )


def _fixed(post: Any) -> bool:
    return post.post_id in {seed.SEED_POST_ID, seed.LANSLEY_POST_ID, seed.CP1252_POST_ID}


def test_a_new_comment_behind_quiet_pages_is_found(tmp_path: Path) -> None:
    """Five new posts fill the first home page; the next QUIET_PAGES pages show nothing
    new; the page after them lists an older post with one new comment."""
    out = tmp_path / "out"
    after = SiteConfig(posts=60)
    site = Site(after, "http://127.0.0.1:1")
    page = 1 + QUIET_PAGES + 1  # the home page (1-based) the older post is listed on
    older: list[PostModel] = site.posts[(page - 1) * PER_PAGE : page * PER_PAGE]
    replied_to = {c.parent_id for p in site.posts for c in p.comments}
    post, comment = next(
        (p, c)
        for p in older
        if not _fixed(p)
        for c in p.real_comments
        if c.comment_id not in replied_to
    )
    before = SiteConfig(posts=60, hidden_posts=5, hidden_comment_ids=(comment.comment_id,))
    earlier = Site(before, "http://127.0.0.1:1")
    # As described: pages 2 to page-1 show the same posts and counts before and after.
    shown = {p.post_id: len(p.real_comments) for p in earlier.posts}
    quiet = site.posts[PER_PAGE : (page - 1) * PER_PAGE]
    assert all(shown.get(p.post_id) == len(p.real_comments) for p in quiet)
    assert shown[post.post_id] == len(post.real_comments) - 1

    with FaultyReplica({}, before) as replica:
        crawl(replica, out)
        replica.site = Site(after, replica.base_url)
        replica.config = after
        crawl(replica, out)
        asked = [seen.path for seen in replica.seen]
        post_path = replica.site.post_by_id(post.post_id).path
    assert f"/page/{page}/" in asked and post_path in asked
    comments = read(out / "comments.jsonl")
    found = [c for c in comments if c["comment_id"] == comment.comment_id]
    assert [c["post_url"] for c in found] == [replica.base_url + post_path]
    manifest = latest_manifest(out)
    assert manifest["counts"]["posts"]["new"] == 5
    assert manifest["counts"]["comments"]["new"] == 1 + sum(
        len(p.comments) for p in site.posts if p.post_id not in shown
    )
