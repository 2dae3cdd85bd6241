"""Time stamps as stored by the operator tables: ISO 8601 in UTC, and JST business dates."""

from __future__ import annotations

import datetime as dt

from app.clock import JST


def utc_iso(when: dt.datetime) -> str:
    """``when`` as a sortable UTC string with microseconds (the operation log's format)."""
    return when.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def from_utc_iso(text: str) -> dt.datetime:
    """The aware datetime stored by :func:`utc_iso`."""
    return dt.datetime.strptime(text, "%Y-%m-%dT%H:%M:%S.%fZ").replace(tzinfo=dt.UTC)


def jst_date(when: dt.datetime) -> dt.date:
    """The business date in Japan at ``when`` (validity periods are JST dates)."""
    return when.astimezone(JST).date()
