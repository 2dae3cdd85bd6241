"""The main window shell: title, central area and a status bar with operator and terminal."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QMainWindow

from app.bootstrap import Container


class MainWindow(QMainWindow):
    """The terminal's main window."""

    def __init__(self, container: Container) -> None:
        super().__init__()
        self._container = container
        mode = self.tr("Training mode") if container.settings.demo else self.tr("Production")
        self.setWindowTitle(self.tr("Madoguchi counter terminal") + f" — {mode}")
        self.resize(1100, 720)
        self.setCentralWidget(QLabel(self.tr("Please log in."), self))
        self.statusBar().showMessage(
            self.tr("Terminal: %1").replace("%1", container.settings.terminal_id)
        )
