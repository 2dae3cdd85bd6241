"""Training mode only: a panel that puts a virtual My Number card into the virtual reader.

The trainee picks a resident (or someone moving in) and inserts or removes the card; the
terminal then sees it through pcscd exactly as it would see a real card.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDockWidget,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.demo.cards import TrainingCard

if TYPE_CHECKING:
    from hardware.virtual_card.slot import TrainingCardSlot


class TrainingCardPanel(QDockWidget):
    """A dock listing the training cards, with Insert and Remove buttons."""

    def __init__(
        self, cards: list[TrainingCard], slot: TrainingCardSlot, parent: QWidget | None = None
    ) -> None:
        super().__init__(self.tr("Training: virtual card"), parent)
        self.setObjectName("training-card-panel")
        self.setFeatures(QDockWidget.DockWidgetFeature.NoDockWidgetFeatures)
        self._cards = cards
        self._slot = slot
        body = QWidget(self)
        layout = QVBoxLayout(body)
        layout.addWidget(QLabel(self.tr("Training data only. Every card's PINs are 1234."), body))
        self.list = QListWidget(body)
        for card in cards:
            item = QListWidgetItem(card.label)
            item.setData(Qt.ItemDataRole.UserRole, card.holder["resident_code"])
            self.list.addItem(item)
        if cards:
            self.list.setCurrentRow(0)
        layout.addWidget(self.list)
        buttons = QHBoxLayout()
        self.insert_button = QPushButton(self.tr("Insert card"), body)
        self.remove_button = QPushButton(self.tr("Remove card"), body)
        self.insert_button.clicked.connect(self.insert_selected)
        self.remove_button.clicked.connect(self.remove)
        buttons.addWidget(self.insert_button)
        buttons.addWidget(self.remove_button)
        layout.addLayout(buttons)
        self.state = QLabel(self.tr("No card in the reader."), body)
        layout.addWidget(self.state)
        self.setWidget(body)

    def insert_selected(self) -> None:
        """Put the selected person's virtual card into the reader."""
        row = self.list.currentRow()
        if row < 0:
            return
        card = self._cards[row]
        self._slot.insert(card.holder)
        self.state.setText(self.tr("In the reader: %1").replace("%1", card.label))

    def remove(self) -> None:
        """Take the card out of the reader."""
        self._slot.remove()
        self.state.setText(self.tr("No card in the reader."))
