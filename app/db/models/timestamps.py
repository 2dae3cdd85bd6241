"""Column defaults for row stamps (services pass the clock's time; this is the fallback)."""

from __future__ import annotations

import datetime as dt


def utc_now() -> dt.datetime:
    """The current time, timezone-aware UTC: the default of ``created_at``-style columns."""
    return dt.datetime.now(dt.UTC)
