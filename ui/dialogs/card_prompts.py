"""The card flows' questions on screen: PIN, last-try confirmation, 住民票コード entry.

:class:`CardPrompts` is the GUI-thread implementation of the card layer's prompt ports
(``PinPrompt``, ``LastTryPrompt``, ``ResidentCodePrompt``). Jobs on the hardware thread
reach it through the ``Worker*`` adapters of ``ui.card_worker``. Each question is a modal
dialog; :meth:`CardPrompts.dismiss` closes an open one as "cancel" (card removed, curtain,
lock). The module also turns a job's error into a short text.
"""

from __future__ import annotations

import unicodedata

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QRegularExpression, Qt
from PySide6.QtGui import QRegularExpressionValidator
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QLineEdit,
    QMessageBox,
    QVBoxLayout,
    QWidget,
)

from app.domain.errors import DomainError, InvalidFormat
from app.domain.rights import AccessDenied
from app.services.card_reading import ResidentCodeEntryCancelled
from hardware.errors import (
    CardError,
    CardRemoved,
    ExpiredCard,
    IntegrityError,
    NotAMyNumberCard,
    PinBlocked,
    PinEntryCancelled,
    PinFormatError,
    ReaderUnavailable,
    WrongPin,
)
from hardware.ports import PinKind
from hardware.resident_code import CHECK_DIGIT_WARNING
from ui.widgets.text_fields import forget_text

RESIDENT_CODE_DIGITS = 11
PIN_DIGITS = 4


class PinDialog(QDialog):
    """A masked, digits-only field for one of the card's 4-digit PINs, with the tries left.

    The title and the instruction name the PIN (住民基本台帳用 or 券面事項入力補助用): a
    confirmation asks for both in turn, and the holder must know which one to type. OK is
    enabled only once four digits are typed.
    """

    def __init__(self, kind: PinKind, tries_left: int | None, parent: QWidget | None) -> None:
        super().__init__(parent)
        self.kind = kind
        if kind is PinKind.JUKI:
            pin_name = self.tr("Resident register PIN (4 digits)")
            instruction = self.tr(
                "Card holder: enter the resident register PIN (住民基本台帳用暗証番号)."
            )
        else:
            pin_name = self.tr("Card information input-assist PIN (4 digits)")
            instruction = self.tr(
                "Card holder: enter the card information input-assist PIN"
                " (券面事項入力補助用暗証番号)."
            )
        self.setWindowTitle(pin_name)
        self.heading = QLabel(pin_name, self)
        self.heading.setStyleSheet("font-size: 15pt; font-weight: bold;")
        self.instruction = QLabel(instruction, self)
        self.instruction.setWordWrap(True)
        self.tries = QLabel(
            QCoreApplication.translate("CardIo", "Tries left: %1").replace(
                "%1", "?" if tries_left is None else str(tries_left)
            ),
            self,
        )
        self.field = QLineEdit(self)
        self.field.setEchoMode(QLineEdit.EchoMode.Password)
        self.field.setMaxLength(PIN_DIGITS)
        self.field.setValidator(
            QRegularExpressionValidator(QRegularExpression("[0-9]{0,4}"), self.field)
        )
        # No prediction, no history: the PIN must not linger in an input method.
        self.field.setInputMethodHints(
            Qt.InputMethodHint.ImhDigitsOnly
            | Qt.InputMethodHint.ImhSensitiveData
            | Qt.InputMethodHint.ImhNoPredictiveText
        )
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self.ok_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setEnabled(False)
        self.field.textChanged.connect(
            lambda text: self.ok_button.setEnabled(len(text) == PIN_DIGITS)
        )
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addWidget(self.instruction)
        layout.addWidget(self.tries)
        layout.addWidget(self.field)
        layout.addWidget(self.buttons)
        self.field.setFocus()

    def take_pin(self) -> bytearray:
        """The typed PIN as a bytearray; the field is emptied."""
        text = self.field.text()
        forget_text(self.field)
        pin = bytearray(text.encode("ascii", "replace"))
        del text
        return pin


def normalise_resident_code(typed: str) -> str:
    """Full-width digits folded (NFKC) and spaces removed, as operators often type them."""
    return "".join(unicodedata.normalize("NFKC", typed).split())


class ResidentCodeDialog(QDialog):
    """The operator types the 住民票コード from the resident's documents (11 digits).

    The format is checked before the dialog closes; the check digit is not (a mismatch is
    only a warning, shown afterwards).
    """

    def __init__(self, parent: QWidget | None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Enter the 住民票コード"))
        explanation = QLabel(
            self.tr("Type the 住民票コード from the resident's documents (11 digits)."),
            self,
        )
        explanation.setWordWrap(True)
        self.field = QLineEdit(self)
        self.field.setMaxLength(20)
        self.error = QLabel(self)
        self.error.setStyleSheet("color: #b00020;")
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(explanation)
        layout.addWidget(self.field)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)

    def code(self) -> str:
        """The typed code, normalised."""
        return normalise_resident_code(self.field.text())

    def accept(self) -> None:
        """Close only with 11 digits; otherwise say why and stay open."""
        code = self.code()
        if len(code) != RESIDENT_CODE_DIGITS or not (code.isascii() and code.isdigit()):
            self.error.setText(self.tr("The 住民票コード has exactly 11 digits."))
            return
        super().accept()


class CardPrompts:
    """The GUI-thread prompts of one card-using view (PIN, last try, 住民票コード)."""

    def __init__(self, parent: QWidget) -> None:
        self._parent = parent
        self._open: QDialog | None = None

    def _exec(self, dialog: QDialog) -> int:
        self._open = dialog
        try:
            return dialog.exec()
        finally:
            self._open = None

    def dismiss(self) -> None:
        """Close an open question as cancelled (the card left, the curtain fell, ...)."""
        if self._open is not None:
            self._open.reject()

    def ask_pin(self, kind: PinKind, tries_left: int | None) -> bytearray | None:
        """The PIN typed by the card holder, or None when cancelled."""
        dialog = PinDialog(kind, tries_left, self._parent)
        try:
            if self._exec(dialog) != QDialog.DialogCode.Accepted:
                return None
            return dialog.take_pin()
        finally:
            forget_text(dialog.field)
            dialog.deleteLater()

    def confirm_last_try(self, kind: PinKind) -> bool:
        """Ask the operator whether to risk the last PIN try; "No" is the default.

        Asked just before that PIN's own dialog, which names ``kind``.
        """
        del kind
        box = QMessageBox(
            QMessageBox.Icon.Warning,
            QCoreApplication.translate("CardIo", "Last PIN try"),
            QCoreApplication.translate(
                "CardIo",
                "Only one PIN try is left. A wrong PIN blocks the card. Send the PIN anyway?",
            ),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            self._parent,
        )
        box.setDefaultButton(QMessageBox.StandardButton.No)
        try:
            self._exec(box)
            return box.clickedButton() is box.button(QMessageBox.StandardButton.Yes)
        finally:
            box.deleteLater()

    def enter_resident_code(self) -> str | None:
        """The 住民票コード typed by the operator (11 digits), or None when cancelled."""
        dialog = ResidentCodeDialog(self._parent)
        try:
            if self._exec(dialog) != QDialog.DialogCode.Accepted:
                return None
            return dialog.code()
        finally:
            forget_text(dialog.field)
            dialog.deleteLater()

    def warn(self, message: str) -> None:
        """Show a warning the operator must acknowledge (e.g. a check-digit mismatch)."""
        text = (
            QCoreApplication.translate(
                "CardIo",
                "The check digit does not match. Compare the code with the documents.",
            )
            if message == CHECK_DIGIT_WARNING
            else message
        )
        box = QMessageBox(
            QMessageBox.Icon.Warning,
            QCoreApplication.translate("CardIo", "Check the 住民票コード"),
            text,
            QMessageBox.StandardButton.Ok,
            self._parent,
        )
        try:
            self._exec(box)
        finally:
            box.deleteLater()


# Error kind → English source (context CardIo); the first matching kind wins.
_ERROR_TEXTS: list[tuple[type[CardError], str]] = [
    (
        PinBlocked,
        str(
            QT_TRANSLATE_NOOP(
                "CardIo",
                "The PIN is blocked. No PIN was sent. The card holder must have it reset at the"
                " municipality counter, in person and with identity documents.",
            )
        ),
    ),
    (PinEntryCancelled, str(QT_TRANSLATE_NOOP("CardIo", "PIN entry was cancelled."))),
    (PinFormatError, str(QT_TRANSLATE_NOOP("CardIo", "The PIN has exactly 4 digits."))),
    (CardRemoved, str(QT_TRANSLATE_NOOP("CardIo", "The card was removed."))),
    (ReaderUnavailable, str(QT_TRANSLATE_NOOP("CardIo", "No card reader or no card."))),
    (NotAMyNumberCard, str(QT_TRANSLATE_NOOP("CardIo", "This is not a My Number card."))),
    (ExpiredCard, str(QT_TRANSLATE_NOOP("CardIo", "The card has expired."))),
    (
        IntegrityError,
        str(QT_TRANSLATE_NOOP("CardIo", "The card's data failed the integrity check.")),
    ),
]


def card_error_text(error: CardError) -> str:
    """A short, translated explanation of a card error (never a PIN or card data)."""
    if isinstance(error, WrongPin):
        return QCoreApplication.translate("CardIo", "Wrong PIN. Tries left: %1").replace(
            "%1", str(error.tries_left)
        )
    for kind, text in _ERROR_TEXTS:
        if isinstance(error, kind):
            return QCoreApplication.translate("CardIo", text)
    return QCoreApplication.translate("CardIo", "The card could not be read.")


def job_error_text(error: object) -> str | None:
    """The text for a card job's error, or None for an unexpected one (a defect)."""
    if isinstance(error, CardError):
        return card_error_text(error)
    if isinstance(error, ResidentCodeEntryCancelled):
        return QCoreApplication.translate(
            "CardIo", "Entry of the 住民票コード was cancelled. Nothing was read."
        )
    if isinstance(error, InvalidFormat) and error.field == "住民票コード":
        return QCoreApplication.translate(
            "CardIo", "The 住民票コード must be 11 digits. Nothing was read."
        )
    if isinstance(error, (AccessDenied, DomainError)):
        return str(error)
    return None
