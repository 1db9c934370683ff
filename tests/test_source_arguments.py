"""Bad input for the archive sources: one clear line, exit status 2, and not one request
to the archive (a stand-in records every request it gets)."""

from __future__ import annotations

import pytest

from ncia_scraper.outcome import EXIT_USAGE
from tests.helpers import run_crawl
from tests.site import SiteConfig
from tests.wayback.standin import StandIn


@pytest.fixture(scope="module")
def standin():
    server = StandIn(SiteConfig(posts=8), [SiteConfig().capture_time]).start()
    yield server
    server.stop()


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (["source=bogus"], "error: source must be one of live, wayback, warc, auto, got 'bogus'"),
        (["source=wayback", "from=2012-13"], "error: from is not a valid date or timestamp"),
        (["source=wayback", "from=last year"], "error: from must be 1–14 digits"),
        (["source=wayback", "to=201201011230000"], "error: to must be 1–14 digits"),
        (["source=wayback", "from=2012", "to=2011-06"], "error: from (2012) is after to"),
        (["source=wayback", "snapshots=some"], "error: snapshots must be one of latest, all"),
        (["source=warc"], "error: source=warc needs path="),
        (["source=warc", "path=/nonexistent/x.warc.gz"], "error: path does not exist"),
        (["source=wayback", "path=x.warc"], "error: path is read only with source=warc"),
        (["from=2011"], "error: from chooses archived captures: use it with source=wayback"),
    ],
)
def test_bad_archive_argument_one_line_exit_2_no_request(standin, arguments, message, tmp_path):
    result = run_crawl(
        *arguments, output_dir=tmp_path, settings={"WAYBACK_BASE_URL": standin.base_url}
    )
    assert result.returncode == EXIT_USAGE
    assert result.stderr.strip().splitlines() == [result.stderr.strip()]
    assert result.stderr.startswith(message)
    assert "Traceback" not in result.stderr + result.stdout
    assert standin.seen == []
