"""The command line as a user meets it: bad input gets one clear line and exit status 2
before any request; a crawl that reaches nothing fails with exit status 3."""

from __future__ import annotations

import socket

import pytest

from ncia_scraper.outcome import EXIT_FAILED, EXIT_USAGE
from tests.helpers import run_crawl


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (
            ["colour=blue"],
            "error: unknown argument 'colour'; the posts spider takes: start_url, captured_at",
        ),
        (["start_url=independentaction"], "error: start_url must be an http(s) address"),
        (["start_url=ftp://example.org/"], "error: start_url must be an http(s) address"),
        (["start_url=http://127.0.0.1:99999/"], "error: start_url has a malformed port"),
        (["captured_at=last tuesday"], "error: captured_at: 'last tuesday' is not a date and time"),
        (
            ["captured_at=2012-02-18T11:30"],
            "error: captured_at: '2012-02-18T11:30' has no timezone",
        ),
    ],
)
def test_bad_argument_gives_one_line_and_exit_2(arguments, message, tmp_path):
    result = run_crawl(*arguments, output_dir=tmp_path / "out")

    assert result.returncode == EXIT_USAGE
    assert result.stderr.strip().splitlines() == [result.stderr.strip()]
    assert result.stderr.startswith(message)
    assert "Traceback" not in result.stderr + result.stdout
    # Nothing was started: no crawl log, no files.
    assert "Spider opened" not in result.stderr
    assert not (tmp_path / "out" / "posts.jsonl").exists()


def test_unwritable_output_dir_gives_one_line(tmp_path):
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    result = run_crawl(output_dir=blocker / "out")

    assert result.returncode == EXIT_USAGE
    assert result.stderr.startswith("error: OUTPUT_DIR ")
    assert "Traceback" not in result.stderr


def test_bad_timezone_setting_gives_one_line(tmp_path):
    result = run_crawl(output_dir=tmp_path, settings={"SITE_TIMEZONE": "Europe/Atlantis"})

    assert result.returncode == EXIT_USAGE
    assert result.stderr.strip() == (
        "error: SITE_TIMEZONE 'Europe/Atlantis' is not a timezone name such as Europe/London"
    )


def test_unreachable_host_fails_clearly_and_keeps_previous_files(tmp_path):
    with socket.socket() as probe:  # a port nobody listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    previous = tmp_path / "posts.jsonl"
    previous.write_text('{"url": "from an earlier good run"}\n')

    result = run_crawl(
        f"start_url=http://127.0.0.1:{port}/",
        output_dir=tmp_path,
        settings={"RETRY_TIMES": "1"},
    )

    assert result.returncode == EXIT_FAILED
    summary = result.stdout.strip().splitlines()[-1]
    assert summary.startswith("ncia-scraper failed: 0 pages")
    assert "no posts were written" in summary
    assert (
        f"Failed http://127.0.0.1:{port}/: DownloadConnectionRefusedError: Connection was refused"
        in (result.stderr)
    )
    assert previous.read_text() == '{"url": "from an earlier good run"}\n'
