"""An error no view handles reaches the operator, without quoting its text."""

from __future__ import annotations

import sys

from PySide6.QtWidgets import QMessageBox, QWidget
from pytestqt.qtbot import QtBot

from app.domain.errors import StorageUnavailable
from ui.error_report import install_error_report


def test_unhandled_errors_are_shown_without_their_text(qtbot: QtBot) -> None:
    parent = QWidget()
    qtbot.addWidget(parent)
    previous = install_error_report(parent)
    try:
        secret = "個人番号 123456789018"
        sys.excepthook(RuntimeError, RuntimeError(secret), None)
        sys.excepthook(StorageUnavailable, StorageUnavailable(), None)
    finally:
        sys.excepthook = previous
    boxes = parent.findChildren(QMessageBox)
    assert len(boxes) == 2
    unexpected, storage = boxes
    assert secret not in unexpected.text() and "unexpected" in unexpected.text()
    assert "nothing was saved" in storage.text()
