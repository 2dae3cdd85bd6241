"""本人確認 with the My Number card: the card's 基本4情報 beside the register, differences marked.

Press "Read card" (F5) with the card in the reader: the holder types the 住民基本台帳用 PIN
(住民票コード) and the 券面事項入力補助用 PIN (基本4情報); the register's 本人確認情報 is
shown beside what the card says, differing items highlighted (typically the old address on a
card not yet updated). The operator records match or mismatch. "Not found" is shown as such
and never widens into a search. Removing the card, the curtain, the lock and logout clear it.

The module also holds the card helpers the move-in wizard shares: where a card connection
comes from, the PIN dialog, the last-try confirmation and error texts.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QBrush, QColor, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app import bootstrap
from app.bootstrap import Container
from app.domain.errors import DomainError
from app.domain.identifiers import mask_my_number
from app.domain.rights import AccessDenied, OperatorSession, Right
from app.services.confirmation import ConfirmationResult
from hardware.errors import (
    CardError,
    CardRemoved,
    LastTryNeedsConfirmation,
    NotAMyNumberCard,
    PinBlocked,
    PinEntryCancelled,
    ReaderUnavailable,
    WrongPin,
)
from hardware.ports import CardConnection, PinKind, PinPrompt, Transport

T = TypeVar("T")
TransportProvider = Callable[[], Transport]


def pcsc_transport() -> CardConnection:
    """A connection to the card in the first reader that holds one."""
    return bootstrap.open_card_transport(None)


class DialogPinPrompt:
    """Asks the card holder for a PIN in a password dialog showing the tries left."""

    def __init__(self, parent: QWidget) -> None:
        self._parent = parent

    def ask_pin(self, kind: PinKind, tries_left: int | None) -> bytearray | None:
        """The typed PIN as a bytearray, or None when cancelled."""
        title = (
            QCoreApplication.translate("CardIo", "Resident register PIN")
            if kind is PinKind.JUKI
            else QCoreApplication.translate("CardIo", "Card information input-assist PIN")
        )
        tries = QCoreApplication.translate("CardIo", "Tries left: %1").replace(
            "%1", "?" if tries_left is None else str(tries_left)
        )
        text, ok = QInputDialog.getText(
            self._parent,
            title,
            QCoreApplication.translate("CardIo", "The card holder enters the 4-digit PIN.")
            + "\n"
            + tries,
            QLineEdit.EchoMode.Password,
        )
        if not ok:
            return None
        pin = bytearray(text.encode("ascii", "replace"))
        del text
        return pin


def with_last_try_confirmation(parent: QWidget, action: Callable[[bool], T]) -> T:
    """Run ``action(confirm_last_try)``; on the last try ask the operator, then retry."""
    try:
        return action(False)
    except LastTryNeedsConfirmation:
        answer = QMessageBox.warning(
            parent,
            QCoreApplication.translate("CardIo", "Last PIN try"),
            QCoreApplication.translate(
                "CardIo",
                "Only one PIN try is left. A wrong PIN blocks the card. Send the PIN anyway?",
            ),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No,
        )
        if answer != QMessageBox.StandardButton.Yes:
            raise PinEntryCancelled() from None
        return action(True)


def card_error_text(error: CardError) -> str:
    """A short, translated explanation of a card error (never a PIN or card data)."""
    if isinstance(error, WrongPin):
        return QCoreApplication.translate("CardIo", "Wrong PIN. Tries left: %1").replace(
            "%1", str(error.tries_left)
        )
    if isinstance(error, PinBlocked):
        return QCoreApplication.translate(
            "CardIo", "The PIN is blocked. It must be reset at the counter."
        )
    if isinstance(error, PinEntryCancelled):
        return QCoreApplication.translate("CardIo", "PIN entry was cancelled.")
    if isinstance(error, CardRemoved):
        return QCoreApplication.translate("CardIo", "The card was removed.")
    if isinstance(error, ReaderUnavailable):
        return QCoreApplication.translate("CardIo", "No card reader or no card.")
    if isinstance(error, NotAMyNumberCard):
        return QCoreApplication.translate("CardIo", "This is not a My Number card.")
    return QCoreApplication.translate("CardIo", "The card could not be read.")


DIFFERENT = QColor("#ffd6d6")
SEX_LABELS = {"1": "男", "2": "女", "9": "不明", "0": "不明"}


class CardConfirmationView(QWidget):
    """The confirmation screen (right: card confirmation)."""

    def __init__(self, container: Container, session: OperatorSession) -> None:
        super().__init__()
        self._container = container
        self._session = session
        self.transport_provider: TransportProvider = pcsc_transport
        self.pin_prompt: PinPrompt = DialogPinPrompt(self)
        self.result: ConfirmationResult | None = None
        self._items = {
            "name": self.tr("Name"),
            "address": self.tr("Address"),
            "date_of_birth": self.tr("Date of birth"),
            "sex": self.tr("Sex"),
        }

        self.read_button = QPushButton(self.tr("Read card (F5)"), self)
        self.read_button.clicked.connect(self.read_card)
        QShortcut(QKeySequence(Qt.Key.Key_F5), self, activated=self.read_card)
        self.status = QLabel(self.tr("Insert the card and press Read card."), self)
        self.status.setWordWrap(True)
        self.table = QTableWidget(len(self._items), 3, self)
        self.table.setHorizontalHeaderLabels(
            [self.tr("Item"), self.tr("On the card"), self.tr("In the register")]
        )
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.table.verticalHeader().setVisible(False)
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.furigana = QLabel(self)
        self.my_number = QLabel(self)
        self.reveal_button = QPushButton(self.tr("Show My Number"), self)
        self.reveal_button.setVisible(Right.REVEAL_MY_NUMBER in session.rights)
        self.reveal_button.clicked.connect(self.reveal)
        self.match_button = QPushButton(self.tr("Matches"), self)
        self.mismatch_button = QPushButton(self.tr("Does not match"), self)
        self.match_button.clicked.connect(lambda: self.record(True))
        self.mismatch_button.clicked.connect(lambda: self.record(False))

        layout = QVBoxLayout(self)
        layout.addWidget(self.read_button)
        layout.addWidget(self.status)
        layout.addWidget(self.table)
        layout.addWidget(self.furigana)
        number_row = QHBoxLayout()
        number_row.addWidget(self.my_number, 1)
        number_row.addWidget(self.reveal_button)
        layout.addLayout(number_row)
        buttons = QHBoxLayout()
        buttons.addWidget(self.match_button)
        buttons.addWidget(self.mismatch_button)
        layout.addLayout(buttons)
        self.clear_personal_data()

    # ------------------------------------------------------------------ actions
    def read_card(self) -> None:
        """Read the card and show the register beside it."""
        self.clear_personal_data()
        service = self._container.card_confirmation
        try:
            transport = self.transport_provider()
            self.result = with_last_try_confirmation(
                self,
                lambda confirm: service.confirm(
                    self._session, transport, self.pin_prompt, confirm_last_try=confirm
                ),
            )
        except CardError as exc:
            self.status.setText(card_error_text(exc))
            return
        except (AccessDenied, DomainError) as exc:
            self.status.setText(str(exc))
            return
        self._show(self.result)

    def _show(self, result: ConfirmationResult) -> None:
        card_values = {
            "name": result.card.name,
            "address": result.card.address,
            "date_of_birth": result.card.dob,
            "sex": SEX_LABELS.get(result.card.sex, result.card.sex),
        }
        compared = {c.item: c for c in result.comparisons}
        for row, (item, title) in enumerate(self._items.items()):
            register = ""
            if item in compared:
                register = compared[item].register_value
                if item == "sex":
                    register = SEX_LABELS.get(register, register)
            cells = [title, card_values[item], register]
            differs = item in compared and compared[item].differs
            for column, text in enumerate(cells):
                cell = QTableWidgetItem(("≠ " if differs and column == 0 else "") + text)
                if differs:
                    cell.setBackground(QBrush(DIFFERENT))
                self.table.setItem(row, column, cell)
        if not result.found:
            self.status.setText(self.tr("Not found: no identity record has this key."))
            return
        if result.card_expired:
            self.status.setText(self.tr("Found. The card has expired."))
        elif result.has_differences:
            self.status.setText(self.tr("Found. Items marked ≠ differ from the register."))
        else:
            self.status.setText(self.tr("Found. The card agrees with the register."))
        self.furigana.setText(self.tr("Furigana: %1").replace("%1", result.register["furigana"]))
        self.my_number.setText(self.tr("My Number: %1").replace("%1", mask_my_number("x")))
        self.match_button.setEnabled(True)
        self.mismatch_button.setEnabled(True)
        self.reveal_button.setEnabled(True)

    def record(self, matched: bool) -> None:
        """Log the operator's verdict for the shown result."""
        if self.result is None or not self.result.found:
            return
        try:
            self._container.card_confirmation.record_verdict(
                self._session, self.result, matched=matched
            )
        except (AccessDenied, DomainError) as exc:
            self.status.setText(str(exc))
            return
        self.status.setText(
            self.tr("Recorded: matches.") if matched else self.tr("Recorded: does not match.")
        )
        self.match_button.setEnabled(False)
        self.mismatch_button.setEnabled(False)

    def reveal(self) -> None:
        """Show the 個人番号 in full (right-checked and logged)."""
        if self.result is None or not self.result.found:
            return
        try:
            number = self._container.card_confirmation.reveal_my_number(self._session, self.result)
        except AccessDenied as exc:
            self.status.setText(str(exc))
            return
        self.my_number.setText(self.tr("My Number: %1").replace("%1", number))

    # ------------------------------------------------------------------ privacy
    def on_card_removed(self) -> None:
        """The card left the reader: that person leaves the screen."""
        self.clear_personal_data()
        self.status.setText(self.tr("The card was removed."))

    def clear_personal_data(self) -> None:
        """Forget the shown person (curtain, lock, logout, card removal)."""
        self.result = None
        self.table.clearContents()
        self.furigana.clear()
        self.my_number.clear()
        self.match_button.setEnabled(False)
        self.mismatch_button.setEnabled(False)
        self.reveal_button.setEnabled(False)
