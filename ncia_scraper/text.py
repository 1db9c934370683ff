"""Tiny text helpers shared by the extractors, the date parser and the pipelines."""

from __future__ import annotations


def squash(text: str | None) -> str:
    """Collapse every run of whitespace (no-break spaces included) to one space and strip.

    `str.split()` without arguments already treats U+00A0 and the other Unicode spaces
    as whitespace, which is what "4&nbsp;days&nbsp;ago" needs.
    """
    if not text:
        return ""
    return " ".join(text.split())
