"""The PC/SC card monitor's events, from scripted reader states (no pcscd needed).

The first poll establishes the state: a reader with a card is INSERTED, an empty reader is
READER_EMPTY, no reader (or no service) is READER_UNAVAILABLE. Before, an empty reader was
reported as nothing at all, and the status bar kept saying "not connected".
"""

from __future__ import annotations

import threading

import pytest

from hardware import pcsc
from hardware.errors import ReaderUnavailable
from hardware.pcsc import PcscCardMonitor, changes
from hardware.ports import CardEvent, CardEventKind

READER = "Virtual PCD 00 00"
OTHER = "Virtual PCD 00 01"
PRESENT = pcsc.scard.SCARD_STATE_PRESENT
EMPTY = pcsc.scard.SCARD_STATE_EMPTY

Snapshot = dict[str, tuple[bool, int]]


@pytest.mark.parametrize(
    ("known", "current", "expected"),
    [
        ({}, {READER: (False, 0)}, [(CardEventKind.READER_EMPTY, READER)]),
        ({}, {READER: (True, 1)}, [(CardEventKind.INSERTED, READER)]),
        (
            {},
            {READER: (False, 0), OTHER: (True, 1)},
            [(CardEventKind.READER_EMPTY, READER), (CardEventKind.INSERTED, OTHER)],
        ),
        ({READER: (False, 0)}, {READER: (False, 0)}, []),
        ({READER: (False, 0)}, {READER: (True, 1)}, [(CardEventKind.INSERTED, READER)]),
        ({READER: (True, 1)}, {READER: (False, 2)}, [(CardEventKind.REMOVED, READER)]),
        (
            {READER: (True, 1)},
            {READER: (True, 3)},  # out and in again between two polls
            [(CardEventKind.REMOVED, READER), (CardEventKind.INSERTED, READER)],
        ),
        (
            {READER: (True, 1), OTHER: (False, 0)},
            {OTHER: (False, 0)},
            [(CardEventKind.REMOVED, READER)],
        ),
    ],
)
def test_changes_between_polls(
    known: Snapshot, current: Snapshot, expected: list[tuple[CardEventKind, str]]
) -> None:
    assert changes(known, current) == [CardEvent(kind, name) for kind, name in expected]


class ScriptedContext:
    """A PC/SC context whose polls return scripted reader states; ``None`` means pcscd is down.

    The last entry repeats once the script is used up.
    """

    def __init__(self, script: list[dict[str, int] | None], polled: threading.Condition) -> None:
        self.script = script
        self.polls = 0
        self._polled = polled
        self._current: dict[str, int] | None = None

    def list_readers(self) -> list[str]:
        """The scripted readers of the next poll."""
        with self._polled:
            self._current = self.script[min(self.polls, len(self.script) - 1)]
            self.polls += 1
            self._polled.notify_all()
        if self._current is None:
            raise ReaderUnavailable("scripted: service not running")
        return list(self._current)

    def reader_states(self, readers: list[str]) -> dict[str, int]:
        """The scripted state words."""
        assert self._current is not None
        return {name: self._current[name] for name in readers}

    def close(self) -> None:
        """Nothing to release."""


def _events_of(script: list[dict[str, int] | None]) -> list[CardEvent]:
    """Run the monitor until it has polled past the end of ``script``."""
    polled = threading.Condition()
    context = ScriptedContext(script, polled)
    events: list[CardEvent] = []

    def record(event: CardEvent) -> None:
        with polled:
            events.append(event)
            polled.notify_all()

    monitor = PcscCardMonitor(interval=0.001, context=context)  # type: ignore[arg-type]
    monitor.start(record)
    try:
        with polled:
            assert polled.wait_for(lambda: context.polls > len(script) + 1, 15)
    finally:
        monitor.stop()
    return events


def test_the_first_poll_reports_an_empty_reader() -> None:
    assert _events_of([{READER: EMPTY}]) == [CardEvent(CardEventKind.READER_EMPTY, READER)]


def test_the_first_poll_reports_a_card_already_present() -> None:
    assert _events_of([{READER: PRESENT | (1 << 16)}]) == [
        CardEvent(CardEventKind.INSERTED, READER)
    ]


def test_no_reader_and_no_service_are_unavailable_once() -> None:
    assert _events_of([{}]) == [CardEvent(CardEventKind.READER_UNAVAILABLE, "")]
    assert _events_of([None]) == [CardEvent(CardEventKind.READER_UNAVAILABLE, "")]


def test_a_restarted_service_reports_its_readers_again() -> None:
    events = _events_of([{READER: PRESENT}, None, None, {READER: EMPTY}])
    assert events == [
        CardEvent(CardEventKind.INSERTED, READER),
        CardEvent(CardEventKind.REMOVED, READER),
        CardEvent(CardEventKind.READER_UNAVAILABLE, ""),
        CardEvent(CardEventKind.READER_EMPTY, READER),
    ]
