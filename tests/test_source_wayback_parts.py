"""The Wayback pieces on their own: CDX answers, replay addresses, undoing replay."""

from __future__ import annotations

import json

import pytest

from ncia_scraper.sources.cdx import cdx_url, lower_bound, parse_cdx, upper_bound
from ncia_scraper.sources.replay import clean_replay, is_rewritten, split_replay_url
from tests.wayback.standin import StandIn

PAGE = (
    b'<html><head><title>T</title></head><body><a href="http://independentaction.net/a/">a</a>'
    b'<img src="http://independentaction.net/i.png"></body></html>'
)


def test_cdx_answer_with_resume_key():
    body = json.dumps(
        [
            ["urlkey", "timestamp", "original", "mimetype", "statuscode", "digest"],
            [
                "net,independentaction)/",
                "20120218113000",
                "http://www.independentaction.net:80/",
                "text/html",
                "200",
                "AAA",
            ],
            [],
            ["net,independentaction)/ 20120218113000"],
        ]
    ).encode()
    captures, key = parse_cdx(body)
    assert [(c.timestamp, c.original) for c in captures] == [
        ("20120218113000", "http://www.independentaction.net:80/")
    ]
    assert key == "net,independentaction)/ 20120218113000"
    assert parse_cdx(b"") == ([], None)
    with pytest.raises(ValueError):
        parse_cdx(b'{"not": "a table"}')


def test_cdx_query_folds_www_and_asks_for_pages_of_status_200():
    url = cdx_url(
        "https://web.archive.org",
        "https://www.independentaction.net/",
        date_from="2011",
        date_to="201206",
        limit=500,
        resume_key="k 1",
    )
    assert url.startswith("https://web.archive.org/cdx/search/cdx?url=independentaction.net%2F&")
    for part in (
        "matchType=prefix",
        "output=json",
        "filter=statuscode%3A200",
        "collapse=digest",
        "from=2011",
        "to=201206",
        "limit=500",
        "showResumeKey=true",
        "resumeKey=k+1",
    ):
        assert part in url


def test_bounds_of_partial_timestamps():
    assert lower_bound("2011") == "20110101000000"
    assert lower_bound("201106") == "20110601000000"
    assert upper_bound("201206") == "20120699999999"


def test_replay_address_split():
    assert split_replay_url(
        "https://web.archive.org/web/20120218113000id_/http://independentaction.net/a/?p=1"
    ) == ("20120218113000", "http://independentaction.net/a/?p=1")
    assert split_replay_url("https://web.archive.org/cdx/search/cdx?url=x") is None


def test_a_rewritten_replay_reads_as_the_page_the_site_served():
    standin = StandIn.__new__(StandIn)  # only its rewriting, no site and no server
    standin.base_url = "http://127.0.0.1:8091"
    rewritten = standin.rewrite(PAGE, "20120218113000", "http://independentaction.net/")
    assert is_rewritten(rewritten) and not is_rewritten(PAGE)
    assert b"/web/20120218113000/http://independentaction.net/a/" in rewritten
    assert clean_replay(rewritten, standin.base_url).rstrip() == PAGE
