"""A replica of independentaction.net as captured in February 2012, with ground truth.

    from tests.site import SiteConfig, ReplicaServer
    with ReplicaServer(SiteConfig(variant="raw")) as replica:
        crawl(replica.base_url, captured_at=replica.config.captured_at)
        expected = replica.truth          # Truth: posts, comments, tweets

`Site(config, base_url)` builds the pages without a server (`site.get(path)`).
"""

from tests.site.config import DEFAULT_CAPTURE_TIME, SiteConfig
from tests.site.content import generate
from tests.site.server import ReplicaServer, serve
from tests.site.site import Site
from tests.site.truth import CRAWL_DEPENDENT, LOOSE, ExpectedTweet, Truth

__all__ = [
    "CRAWL_DEPENDENT",
    "DEFAULT_CAPTURE_TIME",
    "LOOSE",
    "ExpectedTweet",
    "ReplicaServer",
    "Site",
    "SiteConfig",
    "Truth",
    "generate",
    "serve",
]
