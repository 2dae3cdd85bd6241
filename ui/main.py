"""Start the terminal window: QApplication, translations, container, main window."""

from __future__ import annotations

import sys

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

from app import bootstrap
from app.config import Settings
from app.demo.startup import prepare_training
from ui.i18n import install_translator
from ui.main_window import MainWindow


def run(
    settings: Settings, *, screenshot: str | None = None, quit_after: float | None = None
) -> int:
    """Open the window and run the event loop; optionally save a screenshot and quit."""
    app = QApplication.instance() or QApplication(sys.argv)
    assert isinstance(app, QApplication)
    app.setApplicationName("Madoguchi")
    install_translator(app)
    container = bootstrap.build(settings)
    if settings.demo:
        prepare_training(container)  # schema, population, training staff (idempotent)
    window = MainWindow(container)
    window.show()
    if screenshot:

        def grab() -> None:
            window.grab().save(screenshot)
            app.quit()

        QTimer.singleShot(1500, grab)
    elif quit_after is not None:
        QTimer.singleShot(int(quit_after * 1000), app.quit)
    try:
        return app.exec()
    finally:
        container.close()
