"""The status bar shows the reader's state from start-up, through a fake card monitor.

Before, an empty reader produced no event and the status bar said "not connected" until the
first card went in.
"""

from __future__ import annotations

import threading
from collections.abc import Callable

import pytest
from pytestqt.qtbot import QtBot

from hardware.ports import CardEvent, CardEventKind
from ui.card_events import CardEventBridge
from ui.main_window import MainWindow, WindowServices

READER = "Virtual PCD 00 00"
OTHER = "Other Reader 00 00"


class FakeMonitor:
    """A CardMonitor that reports scripted events from its own thread, as PC/SC's does."""

    def __init__(self, first_poll: list[CardEvent]) -> None:
        self.first_poll = first_poll
        self.callback: Callable[[CardEvent], None] | None = None
        self._thread: threading.Thread | None = None

    def start(self, callback: Callable[[CardEvent], None]) -> None:
        """Report the first poll's events from a thread."""
        self.callback = callback
        self._thread = threading.Thread(target=lambda: [callback(e) for e in self.first_poll])
        self._thread.start()

    def stop(self) -> None:
        """Wait for the thread."""
        if self._thread is not None:
            self._thread.join()

    def report(self, kind: CardEventKind, reader: str = READER) -> None:
        """A later event (called from the test thread; the bridge queues it all the same)."""
        assert self.callback is not None
        self.callback(CardEvent(kind, reader))


def _window(
    qtbot: QtBot, services: WindowServices, monitor: FakeMonitor
) -> tuple[MainWindow, CardEventBridge]:
    window = MainWindow(services)
    qtbot.addWidget(window)
    bridge = CardEventBridge(monitor, window)
    window.attach_card_events(bridge)
    bridge.start()
    return window, bridge


def _reader_text(window: MainWindow) -> str:
    return window.status.reader_label.text()


@pytest.mark.parametrize(
    ("first_poll", "shown"),
    [
        ([CardEvent(CardEventKind.READER_EMPTY, READER)], "Card reader: no card"),
        ([CardEvent(CardEventKind.INSERTED, READER)], "Card reader: card present"),
        ([CardEvent(CardEventKind.READER_UNAVAILABLE, "")], "Card reader: unavailable"),
    ],
)
def test_the_first_poll_sets_the_reader_state(
    qtbot: QtBot, services: WindowServices, first_poll: list[CardEvent], shown: str
) -> None:
    window, bridge = _window(qtbot, services, FakeMonitor(first_poll))
    qtbot.waitUntil(lambda: _reader_text(window) == shown, timeout=5000)
    bridge.stop()


def test_a_card_in_any_reader_counts(qtbot: QtBot, services: WindowServices) -> None:
    monitor = FakeMonitor(
        [
            CardEvent(CardEventKind.INSERTED, READER),
            CardEvent(CardEventKind.READER_EMPTY, OTHER),
        ]
    )
    window, bridge = _window(qtbot, services, monitor)
    qtbot.waitUntil(lambda: window.reader_cards == {READER: True, OTHER: False}, timeout=5000)
    assert _reader_text(window) == "Card reader: card present"
    with qtbot.waitSignal(bridge.removed):
        monitor.report(CardEventKind.REMOVED)
    assert _reader_text(window) == "Card reader: no card"
    with qtbot.waitSignal(bridge.unavailable):
        monitor.report(CardEventKind.READER_UNAVAILABLE, "")
    assert _reader_text(window) == "Card reader: unavailable"
    with qtbot.waitSignal(bridge.empty):
        monitor.report(CardEventKind.READER_EMPTY)
    assert _reader_text(window) == "Card reader: no card"
    bridge.stop()
