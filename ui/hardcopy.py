"""The in-app hardcopy: needs the right and a reason, is watermarked and logged (R-48).

The main window grabs itself when the reason is given, asks ``ScreenPrivacy.hardcopy`` on
the database worker (right check and log) and, with the ticket it returns, stamps and saves
the picture here.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QFont, QPainter, QPixmap
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from app.services.screen import HardcopyTicket


class HardcopyReasonDialog(QDialog):
    """Asks why the hardcopy is needed (the reason goes into the operation log)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Hardcopy"))
        self.reason = QLineEdit(self)
        self.reason.setMaxLength(200)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(self.tr("Reason for the hardcopy (required):"), self))
        layout.addWidget(self.reason)
        layout.addWidget(buttons)


def watermark(pixmap: QPixmap, text: str) -> QPixmap:
    """A copy of ``pixmap`` stamped with ``text`` diagonally across it and in a bottom band."""
    stamped = QPixmap(pixmap)
    painter = QPainter(stamped)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    font = QFont()
    font.setPointSize(18)
    font.setBold(True)
    painter.setFont(font)
    painter.setPen(QColor(200, 0, 0, 70))
    painter.save()
    painter.translate(stamped.width() / 2, stamped.height() / 2)
    painter.rotate(-30)
    step = 120
    for offset in range(-stamped.height(), stamped.height(), step):
        painter.drawText(-stamped.width(), offset, 2 * stamped.width(), step, 0, text)
    painter.restore()
    band = 32
    painter.fillRect(0, stamped.height() - band, stamped.width(), band, QColor(0, 0, 0, 180))
    painter.setPen(QColor("white"))
    font.setPointSize(11)
    painter.setFont(font)
    painter.drawText(
        8, stamped.height() - band, stamped.width() - 16, band, Qt.AlignmentFlag.AlignVCenter, text
    )
    painter.end()
    return stamped


def save_hardcopy(picture: QPixmap, ticket: HardcopyTicket, folder: Path) -> Path:
    """Stamp ``picture`` with the ticket's watermark and save it in ``folder``; the file.

    Raises OSError when the file cannot be written.
    """
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / ticket.file_name
    if not watermark(picture, ticket.watermark).save(str(path), "PNG"):
        raise OSError(f"could not write {path.name}")
    return path
