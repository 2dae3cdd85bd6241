"""Clocks: the system clock, and a manual one for tests and for the demo's fast-forward."""

from __future__ import annotations

import datetime as dt

JST = dt.timezone(dt.timedelta(hours=9), "JST")


class SystemClock:
    """The real time in Japan Standard Time (the register's business dates are JST dates)."""

    def now(self) -> dt.datetime:
        """The current time in JST."""
        return dt.datetime.now(JST)


class ManualClock:
    """A clock that only moves when told to."""

    def __init__(self, start: dt.datetime | None = None) -> None:
        self._now = start or dt.datetime(2026, 4, 1, 9, 0, tzinfo=JST)

    def now(self) -> dt.datetime:
        """The clock's current time."""
        return self._now

    def advance(self, **delta: float) -> None:
        """Move the clock forward by a ``timedelta(**delta)``."""
        self._now += dt.timedelta(**delta)

    def set(self, when: dt.datetime) -> None:
        """Jump to ``when``."""
        self._now = when
