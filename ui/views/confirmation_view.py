"""本人確認 with the My Number card: the card's 基本4情報 beside the register, differences marked.

Press "Read card" (F5) with the card in the reader: the holder types the 住民基本台帳用 PIN
(住民票コード) and the 券面事項入力補助用 PIN (基本4情報); the register's 本人確認情報 is
shown beside what the card says, differing items highlighted (typically the old address on a
card not yet updated). The operator records match or mismatch. "Not found" is shown as such
and never widens into a search. Removing the card, the curtain, the lock and logout clear it.

The read runs on the shared hardware thread (``ui.views.card_task``); the window stays live
and the screen says "Reading the card…" meanwhile. The verdict and a reveal run on the
database worker (「処理中…」); one that ends after the card was removed is not shown.
Without a module that reads the 住民票コード from the card, the card-reading service asks
the operator to type it from the resident's documents first (11 digits; a check-digit
mismatch is a warning to acknowledge), and the card's 個人番号 is compared with the
register's.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
)

from app.domain.errors import DomainError
from app.domain.identifiers import mask_my_number
from app.domain.rights import OperatorSession, Right
from app.domain.wareki import format_seireki_wareki, parse_date
from app.services.confirmation import CardConfirmationService, ConfirmationResult
from ui.views.card_task import CardView, TransportProvider

DIFFERENT = QColor("#ffd6d6")
SEX_LABELS = {"1": "男", "2": "女", "9": "不明", "0": "不明"}


def display_date(value: str) -> str:
    """A date as the counter writes it ('1953年3月28日（昭和28年3月28日）').

    The card gives YYYYMMDD, the register ISO; anything that is not a whole date (an
    unknown day on an old record) is shown as it is.
    """
    if not value:
        return ""
    try:
        return format_seireki_wareki(parse_date(value, "生年月日"))
    except DomainError:
        return value


def display_value(item: str, value: str) -> str:
    """One 基本4情報 value for the screen: dates with 和暦, sex as 男/女."""
    if item == "date_of_birth":
        return display_date(value)
    if item == "sex":
        return SEX_LABELS.get(value, value)
    return value


class CardConfirmationView(CardView):
    """The confirmation screen (right: card confirmation)."""

    def __init__(
        self,
        session: OperatorSession,
        *,
        confirmation: CardConfirmationService,
        transport_provider: TransportProvider,
    ) -> None:
        super().__init__(session, transport_provider)
        self._confirmation = confirmation
        self.result: ConfirmationResult | None = None
        self._verdict_recorded = False
        self._items = {
            "name": self.tr("Name"),
            "address": self.tr("Address"),
            "date_of_birth": self.tr("Date of birth"),
            "sex": self.tr("Sex"),
        }

        self.read_button = QPushButton(self.tr("Read card (F5)"), self)
        self.read_button.clicked.connect(self.read_card)
        QShortcut(QKeySequence(Qt.Key.Key_F5), self, self.read_card)
        self.table = QTableWidget(len(self._items), 3, self)
        self.table.setHorizontalHeaderLabels(
            [self.tr("Item"), self.tr("On the card"), self.tr("In the register")]
        )
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        # A long address with its 方書 wraps rather than ending in "…": it is what is compared.
        self.table.setWordWrap(True)
        rows = self.table.verticalHeader()
        rows.setVisible(False)
        rows.setMinimumSectionSize(rows.defaultSectionSize())  # wrapped rows grow, others stay
        self.table.setStyleSheet("QTableWidget::item { padding: 0 6px; }")
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
        verdict_buttons = [self.match_button, self.mismatch_button, self.reveal_button]
        self.make_tasks([self.read_button], verdict_buttons)
        # The end of a call enables its buttons; which of them apply depends on the person.
        self.calls.busy_changed.connect(lambda _busy: self._update_buttons())

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
        """Start reading the card; the register is shown beside it when the read is done."""
        if self.card_task.busy or not self.calls.can_start():  # a verdict is being recorded
            return
        self.clear_personal_data()
        self.run_card(self._confirmation.confirm, self._show)

    def _show(self, result: ConfirmationResult) -> None:
        self.result = result
        card_values = {
            "name": result.card.name,
            "address": result.card.address,
            "date_of_birth": result.card.dob,
            "sex": result.card.sex,
        }
        compared = {c.item: c for c in result.comparisons}
        for row, (item, title) in enumerate(self._items.items()):
            register = compared[item].register_value if item in compared else ""
            cells = [
                title,
                display_value(item, card_values[item]),
                display_value(item, register),
            ]
            # Whether an item differs was decided by the service on the raw values; the
            # formatting above never hides or invents a difference.
            differs = item in compared and compared[item].differs
            for column, text in enumerate(cells):
                cell = QTableWidgetItem(("≠ " if differs and column == 0 else "") + text)
                if differs:
                    cell.setBackground(QBrush(DIFFERENT))
                if column > 0:
                    cell.setToolTip(text)
                self.table.setItem(row, column, cell)
        self.table.resizeRowsToContents()
        if not result.found:
            self.status.setText(self.tr("Not found: no identity record has this key."))
            return
        if result.card_expired:
            self.status.setText(self.tr("Found. The card has expired."))
        elif result.has_differences:
            self.status.setText(self.tr("Found. Items marked ≠ differ from the register."))
        else:
            self.status.setText(self.tr("Found. The card agrees with the register."))
        if result.my_number_matches is False:
            self.status.setText(
                self.status.text()
                + "\n"
                + self.tr("The My Number on the card differs from the register's.")
            )
        self.furigana.setText(self.tr("Furigana: %1").replace("%1", result.register["furigana"]))
        self.my_number.setText(self.tr("My Number: %1").replace("%1", mask_my_number("x")))
        self._verdict_recorded = False
        self._update_buttons()

    def record(self, matched: bool) -> None:
        """Log the operator's verdict for the shown result (on the database worker)."""
        result = self.result
        if result is None or not result.found:
            return
        session, confirmation = self._session, self._confirmation
        self.calls.run(
            lambda: confirmation.record_verdict(session, result, matched=matched),
            lambda _none: self._recorded(matched),
        )

    def _recorded(self, matched: bool) -> None:
        self._verdict_recorded = True
        self.status.setText(
            self.tr("Recorded: matches.") if matched else self.tr("Recorded: does not match.")
        )
        self._update_buttons()

    def reveal(self) -> None:
        """Show the 個人番号 in full (right-checked and logged, on the database worker)."""
        result = self.result
        if result is None or not result.found:
            return
        session, confirmation = self._session, self._confirmation
        self.calls.run(
            lambda: confirmation.reveal_my_number(session, result),
            lambda number: self.my_number.setText(self.tr("My Number: %1").replace("%1", number)),
        )

    def _update_buttons(self) -> None:
        """The verdict once per shown person, the reveal while one is shown; never while busy."""
        shown = self.result is not None and self.result.found and not self.calls.busy
        self.match_button.setEnabled(shown and not self._verdict_recorded)
        self.mismatch_button.setEnabled(shown and not self._verdict_recorded)
        self.reveal_button.setEnabled(shown)

    # ------------------------------------------------------------------ privacy
    def on_card_removed(self) -> None:
        """The card left the reader: that person leaves the screen."""
        self.clear_personal_data()
        self.status.setText(self.tr("The card was removed."))

    def clear_personal_data(self) -> None:
        """Forget the shown person (curtain, lock, logout, card removal).

        A read, a verdict or a reveal still running is not shown when it ends, and an open
        card prompt closes.
        """
        self.forget_person()
        self.result = None
        self._verdict_recorded = False
        self.table.clearContents()
        self.furigana.clear()
        self.my_number.clear()
        self._update_buttons()
        # "Found…", "differs from the register" were about that person: back to the start.
        self.status.setText(self.tr("Insert the card and press Read card."))
