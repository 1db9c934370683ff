"""`python -m tests.site --variant rendered --port 8090`: serve a replica until Ctrl-C."""

from __future__ import annotations

import argparse
import sys
from datetime import datetime

from tests.site.config import DEFAULT_CAPTURE_TIME, SiteConfig
from tests.site.server import ReplicaServer


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tests.site", description=__doc__)
    parser.add_argument("--variant", choices=("raw", "rendered"), default="rendered")
    parser.add_argument("--comment-system", choices=("disqus", "wordpress"), default="disqus")
    parser.add_argument(
        "--twitter-widget", choices=("profile", "pro", "jetpack"), default="profile"
    )
    parser.add_argument(
        "--capture-time",
        default=DEFAULT_CAPTURE_TIME.isoformat(),
        help="ISO 8601 with offset (default %(default)s)",
    )
    parser.add_argument("--posts", type=int, default=60)
    parser.add_argument("--port", type=int, default=0, help="0 = any free port")
    args = parser.parse_args(argv)
    capture = datetime.fromisoformat(args.capture_time.replace("Z", "+00:00"))
    config = SiteConfig(
        variant=args.variant,
        comment_system=args.comment_system,
        twitter_widget=args.twitter_widget,
        capture_time=capture,
        posts=args.posts,
    )
    replica = ReplicaServer(config, port=args.port)
    print(f"{replica.base_url}/  (captured_at={config.captured_at})", flush=True)
    try:
        replica.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        replica.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
