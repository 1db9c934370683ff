"""The User-Agent names the project and a contact URL, the setting CONTACT_URL: a real
crawl sends it on every request; a bad value is refused before the crawl with one line
and exit status 2."""

from __future__ import annotations

from pathlib import Path

import pytest
from scrapy.settings import Settings

from ncia_scraper import settings as project_settings
from ncia_scraper.extensions.contact import ContactUserAgent, check_contact_url, user_agent
from ncia_scraper.outcome import EXIT_COMPLETE, EXIT_USAGE
from tests.faults import FaultyReplica
from tests.helpers import run_crawl
from tests.site import SiteConfig

CONTACT = "https://research.example.org/our-crawler?who=ncia#contact"


def test_the_default_user_agent_is_built_from_the_default_contact_url() -> None:
    assert user_agent(project_settings.CONTACT_URL) == project_settings.USER_AGENT
    assert project_settings.USER_AGENT.startswith("ncia-scraper/0.1 (")
    assert f"+{project_settings.CONTACT_URL})" in project_settings.USER_AGENT
    check_contact_url(project_settings.CONTACT_URL)


@pytest.mark.parametrize(
    "value", ["http://example.org/", "https://example.org", CONTACT, "https://[::1]:8080/x"]
)
def test_http_addresses_are_contact_urls(value: str) -> None:
    assert check_contact_url(value) == value


@pytest.mark.parametrize(
    "value",
    [
        "mailto:crawler@example.org",
        "ftp://example.org/",
        "example.org/crawler",
        "https://",
        "https:///path-only",
        "javascript:alert(1)",
        "https://example.org/a b",
        "https://example.org/\r\nX-Injected: 1",
        "https://example.org/(see-here)",
        "https://example.org:99999/",
        "",
        None,
    ],
)
def test_other_values_are_refused(value: object) -> None:
    with pytest.raises(ValueError, match=r"^CONTACT_URL must be an http"):
        check_contact_url(value)


def _settings(**cmdline: str) -> Settings:
    settings = Settings()
    settings.setmodule(project_settings, priority="project")
    settings.setdict(cmdline, priority="cmdline")
    ContactUserAgent().update_settings(settings)
    return settings


def test_a_contact_url_given_on_the_command_line_rebuilds_the_user_agent() -> None:
    assert _settings()["USER_AGENT"] == user_agent(project_settings.CONTACT_URL)
    assert _settings(CONTACT_URL=CONTACT)["USER_AGENT"] == user_agent(CONTACT)
    # The user who gives the whole User-Agent gets exactly that.
    given = _settings(CONTACT_URL=CONTACT, USER_AGENT="my-bot/1.0 (+https://me.example/)")
    assert given["USER_AGENT"] == "my-bot/1.0 (+https://me.example/)"


@pytest.mark.parametrize("value", ["mailto:crawler@example.org", "not a url", "ftp://x.org/"])
def test_a_bad_contact_url_stops_the_crawl_before_any_request(tmp_path: Path, value) -> None:
    out = tmp_path / "out"
    with FaultyReplica({}, SiteConfig(posts=8)) as replica:
        result = run_crawl(
            f"start_url={replica.base_url}/", output_dir=out, settings={"CONTACT_URL": value}
        )
        asked = list(replica.seen)
    assert result.returncode == EXIT_USAGE
    assert result.stderr.strip() == (
        "error: CONTACT_URL must be an http(s) address where site owners can reach whoever "
        f"runs the crawl, such as https://example.org/about-our-crawler, got {value!r}"
    )
    assert "Traceback" not in result.stderr + result.stdout
    assert asked == []
    assert not out.exists()  # checked before anything was created


def test_every_request_names_the_project_and_the_contact_url(tmp_path: Path) -> None:
    config = SiteConfig(posts=8)
    with FaultyReplica({}, config) as replica:
        result = run_crawl(
            f"start_url={replica.base_url}/",
            f"captured_at={config.captured_at}",
            output_dir=tmp_path / "out",
            settings={"CONTACT_URL": CONTACT},
        )
        agents = {seen.user_agent for seen in replica.seen}
        paths = [seen.path for seen in replica.seen]
    assert result.returncode == EXIT_COMPLETE, result.stderr[-2000:]
    assert "/robots.txt" in paths and len(paths) > 10
    assert agents == {f"ncia-scraper/0.1 (research crawler of the NCIA blog; +{CONTACT})"}
