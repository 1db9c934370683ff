"""The comment count a listing page shows beside each post, read without the post page.

WordPress's `comments_popup_link` prints, after each post on a listing, a link to
`PERMALINK#comments` (or `#disqus_thread` once Disqus's count.js has rewritten it, or a
`span.dsq-postid` inside it) labelled with `comments_number`'s defaults: "No Comments",
"1 Comment", "N Comments" (Disqus: "0 Comments"). Guarantees: `comment_counts(page,
site_root)` maps each post's canonical URL to the number read there; a post whose
label is missing or says anything else (a theme's "Leave a comment", a script not run)
is left out, so the caller can tell "no count shown" from "0". Same-site posts only.
"""

from __future__ import annotations

import re

from ncia_scraper.extract.page import Page
from ncia_scraper.extract.urls import UrlKind, canonical_url, classify
from ncia_scraper.text import squash

__all__ = ["comment_counts"]

_LABEL = re.compile(r"(?:(?P<n>\d{1,6})|(?P<none>no|one))\s+comments?\b", re.IGNORECASE)
_FRAGMENTS = ("comments", "disqus_thread", "respond")


def comment_counts(page: Page, site_root: str) -> dict[str, int]:
    """Post URL → comment count shown on this listing (see the module docstring)."""
    counts: dict[str, int] = {}
    for link in page.selector.css("a[href]"):
        href = link.attrib["href"]
        base, _, fragment = href.partition("#")
        if fragment not in _FRAGMENTS or classify(base, site_root) is not UrlKind.POST:
            continue
        match = _LABEL.search(squash(" ".join(link.css("::text").getall())))
        if match is None:
            continue
        if match["n"] is not None:
            count = int(match["n"])
        else:
            count = 1 if match["none"].lower() == "one" else 0
        counts.setdefault(canonical_url(base, site_root), count)
    return counts
