"""The 本人確認情報検索 view: two-of-four search keys, a result list, one record opened at a time.

Keyboard first: the name field has focus, Enter in any field searches, the result list takes
focus after a search and Enter opens the selected row (a separate, logged display); Esc
clears everything. The service decides what is allowed: a refused combination is shown as
the service's message naming the missing key. The list has no export and no "list all".
Searching, opening a record and revealing a 個人番号 run on the database worker (the view
says 「処理中…」 meanwhile). ``clear_personal_data`` empties the keys, the list and the
opened record (curtain, lock, logout, card removal), and a result still on its way is then
dropped.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.domain.codes import Sex
from app.domain.errors import DomainError
from app.domain.rights import AccessDenied, OperatorSession, Right
from app.domain.search_policy import SEARCH_KEY_FIELDS, SearchQuery, SearchRefused
from app.domain.text_rules import TYPED_DATE
from app.domain.wareki import format_wareki, parse_date
from app.services.screen import ScreenPrivacy
from app.services.search import (
    IdentitySearchService,
    RecordDetail,
    RecordNotFound,
    SearchResult,
)
from ui.views.service_call import ServiceCall
from ui.widgets.masked_number import MaskedNumberField, Revealer
from ui.widgets.text_fields import forget_text
from ui.worker_thread import WorkerThread


def _date_text(value: dt.date | None) -> str:
    """和暦 first, 西暦 beside it, as counter staff read dates."""
    if value is None:
        return "—"
    try:
        return f"{format_wareki(value)} ({value.isoformat()})"
    except DomainError:
        return value.isoformat()


class RecordPanel(QGroupBox):
    """The opened record: the main items and the 個人番号 behind the masked field."""

    def __init__(self, session: OperatorSession, reveal: Revealer, parent: QWidget) -> None:
        super().__init__(parent)
        self.setTitle(self.tr("Identity record"))
        self._labels: dict[str, QLabel] = {}
        form = QFormLayout(self)
        for key, title in (
            ("name", self.tr("Name")),
            ("furigana", self.tr("Furigana")),
            ("dob", self.tr("Date of birth")),
            ("sex", self.tr("Sex")),
            ("address", self.tr("Address")),
            ("status", self.tr("Status")),
            ("change", self.tr("Last change")),
        ):
            label = QLabel(self)
            label.setTextInteractionFlags(Qt.TextInteractionFlag.NoTextInteraction)
            self._labels[key] = label
            form.addRow(title, label)

        self.my_number = MaskedNumberField(
            reveal, can_reveal=Right.REVEAL_MY_NUMBER in session.rights, parent=self
        )
        form.addRow(self.tr("Individual number"), self.my_number)
        self.clear_personal_data()

    def show_record(self, record: RecordDetail) -> None:
        """Fill the panel with ``record``."""
        sex = record.sex.label if record.sex else "—"
        texts = {
            "name": record.name_kanji,
            "furigana": record.name_furigana,
            "dob": _date_text(record.date_of_birth),
            "sex": sex,
            "address": record.address,
            "status": record.status.label_ja,
            "change": f"{record.change_reason} {_date_text(record.change_date)}",
        }
        for key, text in texts.items():
            self._labels[key].setText(text)
        self.my_number.set_number(record.my_number, target=record.resident_code)
        self.setVisible(True)

    def clear_personal_data(self) -> None:
        """Forget the record and hide the panel."""
        for label in self._labels.values():
            label.clear()
        self.my_number.clear_personal_data()
        self.setVisible(False)


class SearchView(QWidget):
    """Search keys on top, the result list below, the opened record beside it."""

    COLUMNS = 7

    def __init__(
        self, session: OperatorSession, *, search: IdentitySearchService, screen: ScreenPrivacy
    ) -> None:
        super().__init__()
        self._session = session
        self._service = search
        self._screen = screen
        self._result: SearchResult | None = None

        self.name = QLineEdit(self)
        self.name.setPlaceholderText(self.tr("Full name in kanji or kana"))
        self.address = QLineEdit(self)
        self.address.setPlaceholderText(self.tr("e.g. 駅前一丁目 (matched from the start)"))
        self.dob = QLineEdit(self)
        self.dob.setPlaceholderText(self.tr("e.g. 1980-04-01 or 昭和55年4月1日"))
        # The same maxima the service enforces (docs/INPUT_LIMITS.md): typing stops there.
        self.name.setMaxLength(SEARCH_KEY_FIELDS["name"].max_length)
        self.address.setMaxLength(SEARCH_KEY_FIELDS["address"].max_length)
        self.dob.setMaxLength(TYPED_DATE.max_length)
        self.sex = QComboBox(self)
        self.sex.addItem(self.tr("(any)"), "")
        for member in Sex:
            self.sex.addItem(member.label, member.value)
        self.include_removed = QCheckBox(self.tr("Include removed persons"), self)
        self.search_button = QPushButton(self.tr("Search"), self)
        self.search_button.setDefault(True)
        self.clear_button = QPushButton(self.tr("Clear"), self)
        rule = QLabel(
            self.tr(
                "Enter the name with the address or with the date of birth. "
                "Sex only narrows the search."
            ),
            self,
        )
        rule.setWordWrap(True)
        self.message = QLabel(self)
        self.message.setObjectName("searchMessage")
        self.message.setWordWrap(True)
        self.count = QLabel(self)
        self.count.setObjectName("searchCount")

        self.table = QTableWidget(0, self.COLUMNS, self)
        self.table.setHorizontalHeaderLabels(
            [
                self.tr("Name"),
                self.tr("Furigana"),
                self.tr("Date of birth"),
                self.tr("Sex"),
                self.tr("Address"),
                self.tr("Status"),
                self.tr("Individual number"),
            ]
        )
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setContextMenuPolicy(Qt.ContextMenuPolicy.NoContextMenu)
        self.table.horizontalHeader().setSectionResizeMode(4, QHeaderView.ResizeMode.Stretch)
        self.table.verticalHeader().setVisible(False)
        self.record = RecordPanel(session, self._reveal, self)
        self.calls = ServiceCall(self.message, [self.search_button], self)

        form = QFormLayout()
        form.addRow(self.tr("&Name"), self.name)
        form.addRow(self.tr("&Address"), self.address)
        form.addRow(self.tr("Date of &birth"), self.dob)
        form.addRow(self.tr("&Sex"), self.sex)
        form.addRow("", self.include_removed)
        buttons = QHBoxLayout()
        buttons.addWidget(self.search_button)
        buttons.addWidget(self.clear_button)
        buttons.addStretch(1)
        buttons.addWidget(self.count)
        results = QHBoxLayout()
        results.addWidget(self.table, 3)
        results.addWidget(self.record, 2)
        layout = QVBoxLayout(self)
        layout.addWidget(rule)
        layout.addLayout(form)
        layout.addLayout(buttons)
        layout.addWidget(self.message)
        layout.addLayout(results, 1)

        for field in (self.name, self.address, self.dob):
            field.returnPressed.connect(self.run_search)
        self.search_button.clicked.connect(self.run_search)
        self.clear_button.clicked.connect(self.clear_personal_data)
        self.table.itemActivated.connect(lambda _item: self.open_selected())
        QShortcut(QKeySequence(Qt.Key.Key_Escape), self, self.clear_personal_data)
        self.setTabOrder(self.name, self.address)
        self.setTabOrder(self.address, self.dob)
        self.setTabOrder(self.dob, self.sex)
        self.setTabOrder(self.sex, self.include_removed)
        self.setTabOrder(self.include_removed, self.search_button)
        self.setTabOrder(self.search_button, self.table)
        self.setFocusProxy(self.name)

    # ------------------------------------------------------------------ actions
    def attach_db_worker(self, worker: WorkerThread) -> None:
        """Run the searches, displays and reveals on ``worker``."""
        self.calls.worker = worker

    def run_search(self) -> None:
        """Search with the keys typed; show the list, the count or the refusal."""
        if not self.calls.can_start():
            return
        self._clear_results()
        dob_text = self.dob.text().strip()
        try:
            dob = parse_date(dob_text, "dob") if dob_text else None
        except DomainError:
            self._say(self.tr("The date of birth is not a date (YYYY-MM-DD or 和暦)."))
            self.dob.setFocus()
            return
        sex_code = self.sex.currentData()
        query = SearchQuery(
            name=self.name.text(),
            address=self.address.text(),
            dob=dob,
            sex=Sex.parse(sex_code, "sex") if sex_code else None,
            include_removed=self.include_removed.isChecked(),
        )
        session, service = self._session, self._service
        self.calls.run(lambda: service.search(session, query), self._show, describe=self._refusal)

    def _refusal(self, error: Exception) -> str | None:
        if isinstance(error, SearchRefused):
            return error.message_ja
        if isinstance(error, AccessDenied):
            return self.tr("You do not have the right to search.")
        return None  # e.g. the database went away: its own text, nothing was searched

    def open_selected(self) -> None:
        """Open the selected row's record (a separate, logged display)."""
        row = self.table.currentRow()
        if self._result is None or not 0 <= row < len(self._result.rows):
            return
        code = self._result.rows[row].resident_code
        session, service, search_id = self._session, self._service, self._result.search_id
        self.calls.run(
            lambda: service.open_record(session, code, search_id=search_id),
            self.record.show_record,
            describe=self._display_refusal,
        )

    def _display_refusal(self, error: Exception) -> str | None:
        if isinstance(error, AccessDenied):
            return self.tr("You do not have the right to open records.")
        if isinstance(error, RecordNotFound):
            return self.tr("The record is no longer available.")
        return None

    def _reveal(self, target: str, show: Callable[[], None]) -> None:
        session, screen = self._session, self._screen
        self.calls.run(
            lambda: screen.reveal_my_number(session, target=target, purpose="search"),
            lambda _allowed: show(),
        )

    def clear_personal_data(self) -> None:
        """Empty the keys, the list, the message and the opened record."""
        self.calls.invalidate()  # a search or display still running is not shown
        forget_text(self.name, self.address, self.dob)  # not even Ctrl+Z brings them back
        self.sex.setCurrentIndex(0)
        self.include_removed.setChecked(False)
        self._clear_results()
        self.name.setFocus()

    # ------------------------------------------------------------------ helpers
    def _clear_results(self) -> None:
        self._result = None
        self.table.clearContents()
        self.table.setRowCount(0)
        self.record.clear_personal_data()
        self.message.clear()
        self.count.clear()

    def _say(self, text: str) -> None:
        self.message.setText(text)

    def _show(self, result: SearchResult) -> None:
        self._result = result
        if result.too_many:
            self.count.setText(self.tr("More than %1 results").replace("%1", str(result.count - 1)))
            self._say(self.tr("Too many results: add conditions to narrow the search."))
            return
        self.count.setText(self.tr("%1 result(s)").replace("%1", str(len(result.rows))))
        if not result.rows:
            self._say(self.tr("No matching identity record."))
            return
        self.table.setRowCount(len(result.rows))
        for index, row in enumerate(result.rows):
            cells = (
                row.name_kanji,
                row.name_furigana,
                _date_text(row.date_of_birth),
                row.sex.label if row.sex else "—",
                row.address,
                row.status.label_ja,
                row.my_number_masked,
            )
            for column, text in enumerate(cells):
                self.table.setItem(index, column, QTableWidgetItem(text))
        self.table.resizeColumnsToContents()
        self.table.selectRow(0)
        self.table.setFocus()
