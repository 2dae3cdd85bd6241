"""Card insertion and removal as Qt signals, from the PC/SC monitor's own thread.

The monitor thread only emits signals; Qt queues them to the GUI thread, where the main
window clears the screen on removal and updates the reader state in the status bar. The
monitor's first poll reports every reader (with or without a card) or that there is none,
so the status bar is right from start-up, not only after the first insertion.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal

from hardware.ports import CardEvent, CardEventKind, CardMonitor


class CardEventBridge(QObject):
    """Turns CardMonitor callbacks into Qt signals, one per event kind."""

    inserted = Signal(str)
    removed = Signal(str)
    empty = Signal(str)
    unavailable = Signal()

    def __init__(self, monitor: CardMonitor, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._monitor = monitor
        self._running = False

    def start(self) -> None:
        """Start watching the readers."""
        if not self._running:
            self._monitor.start(self._on_event)
            self._running = True

    def stop(self) -> None:
        """Stop watching (the monitor thread is joined)."""
        if self._running:
            self._monitor.stop()
            self._running = False

    def _on_event(self, event: CardEvent) -> None:
        # Called on the monitor thread: emit only, never touch widgets here.
        if event.kind is CardEventKind.INSERTED:
            self.inserted.emit(event.reader)
        elif event.kind is CardEventKind.REMOVED:
            self.removed.emit(event.reader)
        elif event.kind is CardEventKind.READER_EMPTY:
            self.empty.emit(event.reader)
        else:
            self.unavailable.emit()
