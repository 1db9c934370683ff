"""Turns date text into values. Being written; see the lead's brief for the interface."""

from __future__ import annotations

from zoneinfo import ZoneInfo

SITE_TIMEZONE = ZoneInfo("Europe/London")
