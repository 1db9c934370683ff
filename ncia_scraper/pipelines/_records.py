"""What the pipelines share: which record type an item is, and the stats keys."""

from __future__ import annotations

import types
from functools import cache
from typing import Any, get_args, get_type_hints

from ncia_scraper.items import RECORD_TYPES, Comment, Post, Tweet

_STEM_BY_CLASS: dict[type, str] = {cls: stem for stem, cls in RECORD_TYPES.items()}


def record_stem(item: Any) -> str | None:
    """The output file stem of a record (`posts`, `comments`, `tweets`), or None when the
    item is not an instance of one of the record classes."""
    return _STEM_BY_CLASS.get(type(item))


def stat_key(stem: str, counter: str) -> str:
    """`ncia/records/<stem>/<counter>`, the stats key the outcome evaluation reads."""
    return f"ncia/records/{stem}/{counter}"


def page_url(item: Any) -> str | None:
    """The page a record was read from, for log lines."""
    if isinstance(item, Post):
        return item.url
    if isinstance(item, Comment):
        return item.post_url
    if isinstance(item, Tweet):
        return item.first_seen_on
    return None


@cache
def field_types(cls: type) -> dict[str, Any]:
    """Field name → resolved type hint of a record class, in field order."""
    return get_type_hints(cls)


@cache
def optional_fields(cls: type) -> frozenset[str]:
    """Names of the fields of `cls` whose type admits None (`X | None`)."""
    return frozenset(
        name
        for name, hint in field_types(cls).items()
        if isinstance(hint, types.UnionType) and type(None) in get_args(hint)
    )
