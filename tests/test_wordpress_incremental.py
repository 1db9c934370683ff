"""Scheduled runs on a real WordPress (tests/wordpress/): a second run over the unchanged
site fetches almost nothing and changes nothing; after a new reply on an old post, the
next run fetches that post alone and the dataset gains the reply with every field exact.

The REST API tells an incremental run which posts changed (their comment counts and
modification times), so a change anywhere in the archive is found, not only near the
top of the home page.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.helpers import run_crawl
from tests.wordpress.instance import WordPress
from tests.wordpress.score import score_comments, score_posts
from tests.wordpress.truth import read_truth

_REQUESTS = re.compile(r"'downloader/request_count': (\d+)")
OLD_POST = 37  # 2010, on home page 13 of 17: far behind any quiet page
PARENT = 172  # a top-level comment on it


def requests(stderr: str) -> int:
    found = _REQUESTS.search(stderr)
    assert found, stderr[-2000:]
    return int(found.group(1))


def dataset(output: Path) -> dict[str, bytes]:
    return {stem: (output / f"{stem}.jsonl").read_bytes() for stem in ("posts", "comments")}


@pytest.fixture
def new_reply(wordpress: WordPress) -> Iterator[int]:
    """A reply on an old post, added as WordPress would (the post's comment_count too),
    and taken away afterwards so the other tests see the population as built."""
    wordpress.sql(
        "INSERT INTO wp_comments (comment_post_ID, comment_author, comment_author_email,"
        " comment_author_url, comment_date, comment_date_gmt, comment_content,"
        " comment_approved, comment_type, comment_parent) VALUES"
        f" ({OLD_POST}, 'A Late Reader', 'late@example.test', '', '2024-07-01 09:30:00',"
        " '2024-07-01 08:30:00', 'Coming back to this years later.', '1', 'comment',"
        f" {PARENT})"
    )
    (comment_id,) = wordpress.sql("SELECT MAX(comment_ID) FROM wp_comments")
    wordpress.sql(f"UPDATE wp_posts SET comment_count = comment_count + 1 WHERE ID = {OLD_POST}")
    try:
        yield int(comment_id)
    finally:
        wordpress.sql(f"DELETE FROM wp_comments WHERE comment_ID = {comment_id}")
        wordpress.sql(
            f"UPDATE wp_posts SET comment_count = comment_count - 1 WHERE ID = {OLD_POST}"
        )


def test_nightly_runs_fetch_only_what_changed(
    wordpress: WordPress, new_reply: int, tmp_path: Path
) -> None:
    with wordpress.serve() as root:
        # The reply is hidden from the first two runs: they see the site as it was.
        wordpress.sql(
            f"UPDATE wp_comments SET comment_approved = '0' WHERE comment_ID = {new_reply}"
        )
        wordpress.sql(
            f"UPDATE wp_posts SET comment_count = comment_count - 1 WHERE ID = {OLD_POST}"
        )
        first = run_crawl(f"start_url={root}", output_dir=tmp_path)
        assert first.returncode == 0, first.stderr[-2000:]
        before = dataset(tmp_path)

        unchanged = run_crawl(f"start_url={root}", output_dir=tmp_path)
        assert unchanged.returncode == 0, unchanged.stderr[-2000:]
        assert "Crawl mode: incremental" in unchanged.stderr
        assert dataset(tmp_path) == before
        assert requests(unchanged.stderr) * 10 < requests(first.stderr)

        wordpress.sql(
            f"UPDATE wp_comments SET comment_approved = '1' WHERE comment_ID = {new_reply}"
        )
        wordpress.sql(
            f"UPDATE wp_posts SET comment_count = comment_count + 1 WHERE ID = {OLD_POST}"
        )
        changed = run_crawl(f"start_url={root}", output_dir=tmp_path)
        assert changed.returncode == 0, changed.stderr[-2000:]
        assert "'ncia/pages/post': 1," in changed.stderr  # the old post alone

    truth = read_truth(wordpress)
    posts = [json.loads(line) for line in (tmp_path / "posts.jsonl").read_text().splitlines()]
    comments = [json.loads(line) for line in (tmp_path / "comments.jsonl").read_text().splitlines()]
    post_score = score_posts(posts, truth, root=root, permalinks="pretty", modified=True)
    comment_score = score_comments(comments, truth, root=root, permalinks="pretty")
    assert post_score.mismatches == [] and comment_score.mismatches == []
    assert comment_score.found == comment_score.expected == 635
    reply = next(c for c in comments if c["comment_id"] == new_reply)
    assert (reply["parent_id"], reply["depth"], reply["published_gmt"]) == (
        PARENT,
        2,
        "2024-07-01T08:30:00Z",
    )
    delta = tmp_path / "runs"
    latest = sorted(delta.iterdir())[-1]
    assert [json.loads(line)["comment_id"] for line in (latest / "comments.jsonl").open()] == [
        new_reply
    ]
