"""Fixtures that build and serve replicas of the 2012 site (`tests/site/`).

    def test_crawl(replica):
        site = replica(variant="raw")                  # a started ReplicaServer
        run_crawl(f"start_url={site.base_url}/", f"captured_at={site.config.captured_at}")
        assert ... site.truth.posts ...

Replicas are session-scoped and shared: one server per distinct `SiteConfig`, started
on first use on a free port of 127.0.0.1 and stopped at the end of the session.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from typing import Any

import pytest

from tests.site import ReplicaServer, SiteConfig
from tests.wordpress.instance import Unavailable, WordPress

ReplicaFactory = Callable[..., ReplicaServer]


@pytest.fixture(scope="session")
def replica() -> Iterator[ReplicaFactory]:
    """Factory: `replica(variant=..., comment_system=..., twitter_widget=...,
    capture_time=..., posts=...)` returns a running `ReplicaServer` (`.base_url`,
    `.config`, `.site`, `.truth`)."""
    servers: dict[SiteConfig, ReplicaServer] = {}

    def make(**options: Any) -> ReplicaServer:
        config = SiteConfig(**options)
        if config not in servers:
            servers[config] = ReplicaServer(config).start()
        return servers[config]

    yield make
    for server in servers.values():
        server.stop()


@pytest.fixture(scope="session")
def rendered_replica(replica: ReplicaFactory) -> ReplicaServer:
    """The default replica: rendered, Disqus, profile widget, 60 posts."""
    return replica()


@pytest.fixture(scope="session")
def raw_replica(replica: ReplicaFactory) -> ReplicaServer:
    """What the server sent: Disqus server list, profile widget as script only."""
    return replica(variant="raw")


@pytest.fixture(scope="session")
def wordpress() -> Iterator[WordPress]:
    """The real WordPress of `tests/wordpress/`, its database started and populated (or
    reused when `.ci/run` started it). Skipped where it is not installed, unless
    NCIA_REQUIRE_WORDPRESS is set (CI sets it), where that is a failure."""
    instance = WordPress()
    try:
        started_here = instance.up()
    except Unavailable as error:
        if os.environ.get("NCIA_REQUIRE_WORDPRESS"):
            pytest.fail(f"real WordPress required: {error}")
        pytest.skip(f"real WordPress unavailable: {error}")
    yield instance
    if started_here:
        instance.down()
