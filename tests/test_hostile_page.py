"""A hostile page: script injection in a comment, links to private addresses, a
path-traversal tag slug. The crawl sanitizes, stays on the start host and writes only
inside OUTPUT_DIR (real crawl, real HTTP)."""

from __future__ import annotations

from pathlib import Path

import jsonlines

from tests.faults import Answer, FaultyReplica, always
from tests.helpers import run_crawl
from tests.site import SiteConfig

CONFIG = SiteConfig(posts=30, comment_system="wordpress")
HOSTILE = (
    '<script>alert("x")</script><img src="x" onerror="alert(1)">'
    '<a href="javascript:alert(1)">js</a> <a href="http://10.0.0.1/2012/01/01/inside/">lan</a> '
    '<a href="http://169.254.169.254/latest/meta-data/">metadata</a> '
    '<a href="/tag/../../../../etc/passwd/" rel="tag">../../etc/passwd</a> '
)


def test_a_hostile_post_is_sanitized_and_followed_nowhere_off_site(tmp_path: Path) -> None:
    out = tmp_path / "out"
    with FaultyReplica({}, CONFIG) as replica:
        post = next(p for p in replica.site.posts if p.real_comments)
        body = replica.site.get(post.path).body.decode("utf-8")
        marker = '<div class="comment-body"' if '<div class="comment-body"' in body else "<p>"
        assert marker in body
        hostile = body.replace(marker, HOSTILE + marker).replace("<p>", "<p>" + HOSTILE, 3)
        replica.faults[post.path] = always(Answer(200, hostile.encode("utf-8")))
        result = run_crawl(
            f"start_url={replica.base_url}/",
            f"captured_at={CONFIG.captured_at}",
            output_dir=out,
        )
        asked = [seen.path for seen in replica.seen]
    assert result.returncode in (0, 1), result.stderr[-2000:]
    # Nothing but the start host was asked for (the server only sees its own requests;
    # the others would have been fetched through the same downloader and logged).
    assert "10.0.0.1" not in result.stderr and "169.254.169.254" not in result.stderr
    assert not any("etc/passwd" in path and ".." in path for path in asked)
    reached = set()
    for stem in ("posts", "comments"):
        with jsonlines.open(out / f"{stem}.jsonl") as reader:
            for record in reader:
                if "metadata" in record["content_text"]:
                    reached.add(stem)  # the injection is in this record's text
                html = record["content_html"].lower()
                assert "<script" not in html and "onerror" not in html
                assert "javascript:" not in html
    assert reached == {"posts", "comments"}
    # Files only where they belong.
    written = {p.relative_to(tmp_path).parts[0] for p in tmp_path.rglob("*")}
    assert written == {"out"}
    assert not (Path("/etc") / "passwd.jsonl").exists()
