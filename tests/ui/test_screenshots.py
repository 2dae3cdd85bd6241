"""Screenshots of the login page, the main window and the lock, in Japanese.

They are always rendered (so a broken layout fails here); with MADOGUCHI_WRITE_SCREENSHOTS=1
they are also saved to docs/screenshots/ for the documentation.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication, QTranslator
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from app import bootstrap
from ui.i18n import TRANSLATIONS_DIR
from ui.main_window import MainWindow

DOCS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"


@pytest.fixture
def japanese(qapp: QApplication) -> Iterator[None]:
    translator = QTranslator()
    assert translator.load(str(TRANSLATIONS_DIR / "madoguchi_ja.qm"))
    QCoreApplication.installTranslator(translator)
    yield
    QCoreApplication.removeTranslator(translator)


def _save(window: MainWindow, name: str, tmp_path: Path) -> Path:
    QApplication.processEvents()
    image = window.grab().toImage()
    assert image.width() >= 1000 and image.height() >= 700
    target = DOCS if os.environ.get("MADOGUCHI_WRITE_SCREENSHOTS") == "1" else tmp_path
    target.mkdir(parents=True, exist_ok=True)
    path = target / name
    assert image.save(str(path))
    return path


def test_screenshots(
    japanese: None, qtbot: QtBot, container: bootstrap.Container, tmp_path: Path
) -> None:
    window = MainWindow(container)
    qtbot.addWidget(window)
    window.resize(1100, 720)
    window.show()
    assert window.login_page.panel.fingerprint_button.text() == "指紋でログイン"
    window.login_page.panel.operator_id.setText("admin01")
    _save(window, "login.png", tmp_path)
    container.biometric.place("admin01", "right_index")
    window.login_page.panel.login_fingerprint()
    assert window.session is not None
    _save(window, "main_window.png", tmp_path)
    window.show_curtain()
    _save(window, "curtain.png", tmp_path)
    window.curtain.hide()
    window.leave_seat()
    _save(window, "lock.png", tmp_path)
