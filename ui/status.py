"""The main window's status bar: operator, terminal, card reader, sensor and capture state.

On its left, :attr:`TerminalStatusBar.activity` says what the window itself is doing
(「処理中…」 while a hardcopy is being logged).
"""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QStatusBar, QWidget

from app.domain.rights import OperatorSession


class TerminalStatusBar(QStatusBar):
    """Shows who works at which terminal, the reader state and whether capture is blocked."""

    def __init__(self, terminal_id: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.activity = QLabel(self)
        self.activity.setObjectName("activity")
        self.addWidget(self.activity)
        self.operator_label = QLabel(self)
        self.terminal_label = QLabel(self.tr("Terminal: %1").replace("%1", terminal_id), self)
        self.reader_label = QLabel(self)
        self.sensor_label = QLabel(self)
        self.capture_label = QLabel(self)
        for label in (
            self.operator_label,
            self.terminal_label,
            self.reader_label,
            self.sensor_label,
            self.capture_label,
        ):
            self.addPermanentWidget(label)
        self.set_operator(None)
        self.set_reader_state(self.tr("not connected"))
        self.set_sensor_ready(False)

    def set_operator(self, session: OperatorSession | None) -> None:
        """Show the signed-in operator (or that nobody is)."""
        if session is None:
            self.operator_label.setText(self.tr("Operator: (not logged in)"))
        else:
            self.operator_label.setText(self.tr("Operator: %1").replace("%1", session.operator_id))

    def set_reader_state(self, text: str) -> None:
        """Show the card reader's state (the card feature sets it)."""
        self.reader_label.setText(self.tr("Card reader: %1").replace("%1", text))

    def set_sensor_ready(self, ready: bool) -> None:
        """Show whether the fingerprint sensor is ready."""
        state = self.tr("ready") if ready else self.tr("unavailable")
        self.sensor_label.setText(self.tr("Fingerprint sensor: %1").replace("%1", state))

    def set_capture_protected(self, protected: bool) -> None:
        """Show whether the OS keeps this window out of screen captures."""
        if protected:
            self.capture_label.setText(self.tr("Screen capture blocked"))
            self.capture_label.setStyleSheet("")
        else:
            self.capture_label.setText(
                self.tr("Screen capture protection: not available on this platform")
            )
            self.capture_label.setStyleSheet("color: #a04000; font-weight: bold;")
