"""A 個人番号 field that is masked by default; revealing it needs the right and is logged (R-49)."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QWidget

from app.domain.identifiers import mask_my_number

Revealer = Callable[[str, Callable[[], None]], object]
"""Starts the logged reveal of the record named by its target key (off the GUI thread) and
calls the second argument on the GUI thread once the service agreed; a refusal is shown by
whoever started it."""


class MaskedNumberField(QWidget):
    """Shows ●●●● ●●●● ●●●● until an operator with the right presses "Show"."""

    revealed = Signal()

    def __init__(
        self, reveal: Revealer, *, can_reveal: bool, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self._reveal = reveal
        self._value = ""
        self._target = ""
        self.value_label = QLabel(self)
        self.value_label.setObjectName("myNumber")
        self.reveal_button = QPushButton(self.tr("Show"), self)
        self.reveal_button.setVisible(can_reveal)  # without the right there is no button
        self.reveal_button.clicked.connect(self.reveal)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.value_label, 1)
        layout.addWidget(self.reveal_button)
        self._show_masked()

    def set_number(self, value: str, *, target: str) -> None:
        """Hold ``value`` (shown masked); ``target`` names the record in the reveal log."""
        self._value = value
        self._target = target
        self._show_masked()

    def is_revealed(self) -> bool:
        """True while the full number is on screen."""
        return bool(self._value) and self.value_label.text() == self._value

    def reveal(self) -> None:
        """Ask the service (right check and log); show the number only once it agrees."""
        if not self._value:
            return
        value = self._value

        def show() -> None:
            if self._value != value:  # cleared (curtain, lock) while the service decided
                return
            self.value_label.setText(value)
            self.reveal_button.setEnabled(False)
            self.revealed.emit()

        self._reveal(self._target, show)

    def clear_personal_data(self) -> None:
        """Forget the number."""
        self._value = ""
        self._target = ""
        self._show_masked()

    def _show_masked(self) -> None:
        self.value_label.setText(mask_my_number(self._value) if self._value else "—")
        self.reveal_button.setEnabled(bool(self._value))
