"""The one real page we have, as a browser showed it in February 2012
(../shared/seed/, copied to tests/site/data/), is the oracle here: a real crawl of the
replica's copy of that page must give back what the seed file says, read from the seed
file itself rather than from the replica's ground truth."""

from __future__ import annotations

import re
from pathlib import Path

import jsonlines
import pytest

from tests.helpers import run_crawl

SEED = Path(__file__).parent / "site" / "data" / "ncia-post-2012-01-25-rendered.txt"
SEED_PATH = "/2012/01/25/for-insurgency-the-case-against-partnership/"
# "4 days ago" on a page captured at this moment names 14 February 2012, the date in
# the first tweet's own link; "3 weeks ago" names the week after the post.
CAPTURED_AT = "2012-02-18T11:30:00+00:00"


def markdown_to_text(line: str) -> str:
    """The seed's markdown-ish rendering back to the text a reader saw."""
    line = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", line)  # [text](href)
    line = re.sub(r"<(https?://[^>]+)>", r"\1", line)  # <autolink>
    line = re.sub(r"\*\*?([^*]+)\*\*?", r"\1", line)  # *em*, **strong**
    return line


def paragraphs_between(lines: list[str], start: str, end: str) -> list[str]:
    """Paragraphs of the lines strictly between the first `start` and the next `end`
    line; a line ending in two spaces is a hard line break inside its paragraph."""
    first = lines.index(start) + 1
    last = lines.index(end, first)
    paragraphs, current = [], []
    for raw in [*lines[first:last], ""]:
        if raw.strip():
            current.append(markdown_to_text(raw.rstrip()))
        elif current:
            paragraphs.append("\n".join(current))
            current = []
    return paragraphs


@pytest.fixture(scope="module")
def seed_lines() -> list[str]:
    return SEED.read_text(encoding="utf-8").splitlines()


@pytest.fixture(scope="module")
def crawled(replica, tmp_path_factory) -> dict[str, list[dict]]:
    server = replica(variant="rendered")
    assert server.config.captured_at == CAPTURED_AT
    output = tmp_path_factory.mktemp("seed")
    result = run_crawl(
        f"start_url={server.base_url}/", f"captured_at={CAPTURED_AT}", output_dir=output
    )
    assert result.returncode == 0, result.stderr[-2000:]
    records = {}
    for stem in ("posts", "comments", "tweets"):
        with jsonlines.open(output / f"{stem}.jsonl") as reader:
            records[stem] = list(reader)
    seed_url = f"{server.base_url}{SEED_PATH}"
    records["post"] = [p for p in records["posts"] if p["url"] == seed_url]
    return records


def test_title_date_categories_and_tag(crawled, seed_lines):
    [post] = crawled["post"]
    assert f"## {post['title']}" in seed_lines
    date_line = next(line for line in seed_lines if "· Filed Under" in line)
    shown_date, filed_under = date_line.split(" · Filed Under ")
    assert (post["published"], post["published_raw"], post["published_precision"]) == (
        "2012-01-25",
        shown_date,
        "day",
    )
    assert post["categories"] == re.findall(r"\[([^\]]+)\]", filed_under)
    tags_line = next(line for line in seed_lines if line.startswith("Tags: "))
    assert post["tags"] == re.findall(r"\[([^\]]+)\]", tags_line)


def test_every_paragraph_of_the_body_and_nothing_else(crawled, seed_lines):
    [post] = crawled["post"]
    # The body runs from after the sharing buttons ("Tweet", "Like", "7") to the
    # "Spread the word:" list a plugin appends.
    first = seed_lines.index("7")
    body = paragraphs_between(seed_lines[first:], "7", "- Spread the word:")
    assert post["content_text"].split("\n\n") == body
    assert post["word_count"] == len("\n\n".join(body).split())
    assert "Spread the word" not in post["content_html"]


def test_the_comment_by_james_derounian(crawled, seed_lines):
    [post] = crawled["post"]
    comments = [c for c in crawled["comments"] if c["post_url"] == post["url"]]
    [comment] = comments
    assert post["comment_count"] == 1
    assert "### Showing 1 comment" in seed_lines
    assert comment["author"] == "James Derounian"
    assert (comment["parent_id"], comment["depth"], comment["system"]) == (None, 1, "disqus")
    paragraphs = paragraphs_between(seed_lines, "[James Derounian](#)", "3 weeks ago")
    assert comment["content_text"].split("\n\n") == paragraphs
    # "3 weeks ago" on 18 February 2012: the week starting 28 January, not a day.
    assert (comment["published"], comment["published_raw"], comment["published_precision"]) == (
        "2012-01-28",
        "3 weeks ago",
        "week",
    )


def test_the_three_tweets_of_the_sidebar(crawled, seed_lines):
    start = seed_lines.index("### NCIA on Twitter")
    end = seed_lines.index("Join the conversation")
    shown = []  # (text, time line or None), in page order
    for number, line in enumerate(seed_lines[start:end], start):
        if line.startswith("**nciaction** "):
            text_lines = [line.removeprefix("**nciaction** ")]
            following = seed_lines[number + 1 : end]
            for extra in following:
                if not extra.strip() or " · reply · retweet · favorite" in extra:
                    break
                text_lines.append(extra)
            time_line = next(
                (x for x in following[: len(text_lines) + 1] if "· reply ·" in x), None
            )
            text = " ".join(markdown_to_text(x).strip() for x in text_lines)
            shown.append((text, time_line.split(" · ")[0] if time_line else None))
    assert len(shown) == 3

    by_text = {tweet["text"]: tweet for tweet in crawled["tweets"]}
    expected_dates = {
        "4 days ago": ("2012-02-14", "day"),
        "7 hours ago": ("2012-02-18T04:30:00+00:00", "hour"),
        None: (None, None),
    }
    for text, time_text in shown:
        tweet = by_text[text]
        assert (tweet["screen_name"], tweet["display_name"], tweet["widget"]) == (
            "nciaction",
            "NCIA",
            "profile-widget",
        )
        value, precision = expected_dates[time_text]
        assert (tweet["published"], tweet["published_raw"], tweet["published_precision"]) == (
            value,
            time_text,
            precision,
        )
        # No timestamp line, no status link: the third tweet has no ID to give.
        assert (tweet["tweet_id"] is None) == (time_text is None)
    assert by_text[shown[1][0]]["mentions"] == ["OLSchoolofIdeas"]
