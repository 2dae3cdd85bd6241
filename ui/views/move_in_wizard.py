"""The 特例転入 wizard: card and PIN, the matching 転出証明書情報, deadlines, address, household.

Step 1 lists the received 転出証明書情報 and reads the card with the resident's
住民基本台帳用 PIN; the card's 住民票コード selects the matching record. Step 2 takes the
move-in date (the deadlines with their day counts appear as soon as it is entered), the
new address and the household (new, or joining one with a 続柄). "Save as pending" stores
the entry; it takes effect only when a second operator approves it. 継続利用 is on step 1:
it prints the 追記欄 text and says plainly that the chip cannot be written here.

Card reads run on the shared hardware thread (``ui.views.card_task``); the card buttons are
disabled meanwhile. Loading the inbox, the deadline check and saving the entry run on the
database worker (「処理中…」); a result that ends after the view was cleared is not shown.
Without a module that reads the 住民票コード from the card, the card-reading service asks
the operator to type it from the resident's documents before the card is read.

The card read's one-time evidence token goes with the entry to the service. When the card
cannot be read at all, "Enter without card read" takes the selected 転出証明書情報 to step 2
as an operator entry: the reason is asked (its error shown beside the field), and the
approver sees the change marked.
"""

from __future__ import annotations

import dataclasses

from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QButtonGroup,
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QStackedWidget,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.domain.codes import Relationship
from app.domain.errors import DomainError
from app.domain.move_in_rules import DeadlineCheck, DeadlineExceeded
from app.domain.rights import OperatorSession
from app.domain.wareki import format_seireki_wareki, parse_date
from app.jukinet.inbox import STATUS_ENTERED, STATUS_OPEN, STATUS_USED, InboxItem
from app.jukinet.municipalities import municipality_label
from app.services.move_in import (
    EVIDENCE_REASON_FIELD,
    CardMatch,
    ContinuedUse,
    HouseholdChoice,
    MoveInEntry,
    SpecialMoveInService,
)
from ui.views.card_task import CardView, TransportProvider
from ui.widgets.text_fields import forget_text
from ui.worker_thread import WorkerThread


@dataclasses.dataclass(frozen=True)
class Subject:
    """The person step 2 is about: the 転出証明書情報 and how they were identified.

    ``card_token`` is the card read's evidence (None: an operator entry without a read).
    """

    item: InboxItem
    correlation_id: str = ""
    card_token: str | None = dataclasses.field(default=None, repr=False)

    @property
    def operator_entry(self) -> bool:
        """True when no card was read for this entry."""
        return self.card_token is None


class MoveInWizard(CardView):
    """特例転入 entry (right: move-in entry)."""

    def __init__(
        self,
        session: OperatorSession,
        *,
        move_in: SpecialMoveInService,
        transport_provider: TransportProvider,
    ) -> None:
        super().__init__(session, transport_provider)
        self._move_in = move_in
        self.subject: Subject | None = None
        self.items: list[InboxItem] = []
        self.pending_id: int | None = None
        self.stack = QStackedWidget(self)
        self.stack.addWidget(self._build_inbox_page())
        self.stack.addWidget(self._build_entry_page())
        layout = QVBoxLayout(self)
        layout.addWidget(self.stack)
        layout.addWidget(self.status)
        self.make_tasks(
            [self.read_button, self.continued_button, self.without_card_button],
            [self.refresh_button, self.submit_button, self.back_button],
        )

    def attach_db_worker(self, worker: WorkerThread) -> None:
        """Run the service calls on ``worker`` and load the inbox."""
        super().attach_db_worker(worker)
        self.refresh_inbox()

    # ------------------------------------------------------------------ pages
    def _build_inbox_page(self) -> QWidget:
        page = QWidget(self)
        self.inbox_table = QTableWidget(0, 4, page)
        self.inbox_table.setHorizontalHeaderLabels(
            [
                self.tr("Name"),
                self.tr("Former municipality"),
                self.tr("Planned move-out"),
                self.tr("Status"),
            ]
        )
        header = self.inbox_table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.inbox_table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.inbox_table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.inbox_table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.read_button = QPushButton(self.tr("Read card with the resident register PIN"), page)
        self.read_button.clicked.connect(self.read_card)
        self.continued_button = QPushButton(self.tr("Continued use of the card"), page)
        self.continued_button.clicked.connect(self.continued_use)
        self.refresh_button = QPushButton(self.tr("Refresh"), page)
        self.refresh_button.clicked.connect(self.refresh_inbox)
        self.without_card_button = QPushButton(self.tr("Enter without card read"), page)
        self.without_card_button.clicked.connect(self.enter_without_card)
        buttons = QHBoxLayout()
        buttons.addWidget(self.read_button)
        buttons.addWidget(self.continued_button)
        buttons.addWidget(self.without_card_button)
        buttons.addWidget(self.refresh_button)
        layout = QVBoxLayout(page)
        layout.addWidget(QLabel(self.tr("Move-out certificate information received"), page))
        layout.addWidget(self.inbox_table)
        layout.addLayout(buttons)
        return page

    def _build_entry_page(self) -> QWidget:
        page = QWidget(self)
        self.summary = QLabel(page)
        self.summary.setWordWrap(True)
        self.evidence_box = self._build_evidence_box(page)
        self.moved_in = QLineEdit(page)
        self.moved_in.setPlaceholderText(self.tr("e.g. 2026-03-30 or R8.3.30"))
        self.moved_in.editingFinished.connect(self.show_deadlines)
        self.deadlines = QLabel(page)
        self.deadlines.setWordWrap(True)
        self.postal = QLineEdit(page)
        self.address = QLineEdit(page)
        self.lot = QLineEdit(page)
        self.katagaki = QLineEdit(page)
        self.new_household = QRadioButton(self.tr("New household (head)"), page)
        self.join_household = QRadioButton(self.tr("Join household"), page)
        self.new_household.setChecked(True)
        group = QButtonGroup(page)
        group.addButton(self.new_household)
        group.addButton(self.join_household)
        self.household_number = QLineEdit(page)
        self.relationship = QComboBox(page)
        for member in Relationship:
            if not member.is_head:
                self.relationship.addItem(member.label, member.value)
        form = QFormLayout()
        form.addRow(self.tr("Move-in date"), self.moved_in)
        form.addRow("", self.deadlines)
        form.addRow(self.tr("Postal code"), self.postal)
        form.addRow(self.tr("Address (to 丁目)"), self.address)
        form.addRow(self.tr("Lot number"), self.lot)
        form.addRow(self.tr("Katagaki (building)"), self.katagaki)
        form.addRow(self.new_household)
        form.addRow(self.join_household)
        form.addRow(self.tr("Household number"), self.household_number)
        form.addRow(self.tr("Relationship"), self.relationship)
        self.submit_button = QPushButton(self.tr("Save as pending"), page)
        self.submit_button.clicked.connect(self.submit)
        self.back_button = QPushButton(self.tr("Back"), page)
        self.back_button.clicked.connect(self.back)
        buttons = QHBoxLayout()
        buttons.addWidget(self.back_button)
        buttons.addWidget(self.submit_button)
        layout = QVBoxLayout(page)
        layout.addWidget(self.summary)
        layout.addWidget(self.evidence_box)
        layout.addLayout(form)
        layout.addLayout(buttons)
        return page

    def _build_evidence_box(self, page: QWidget) -> QWidget:
        """The reason for an entry without a card read (shown only for such an entry)."""
        box = QWidget(page)
        notice = QLabel(
            self.tr(
                "No card was read: this entry is marked as entered by staff, and the approver "
                "sees the reason."
            ),
            box,
        )
        notice.setWordWrap(True)
        notice.setStyleSheet("color: #b00020; font-weight: bold;")
        self.evidence_reason = QLineEdit(box)
        self.evidence_reason.setMaxLength(200)
        self.evidence_reason.setPlaceholderText(
            self.tr("e.g. chip cannot be read; identified by driving licence")
        )
        self.evidence_reason_error = QLabel(box)
        self.evidence_reason_error.setStyleSheet("color: #b00020;")
        self.evidence_reason_error.setWordWrap(True)
        form = QFormLayout(box)
        form.setContentsMargins(0, 0, 0, 0)
        form.addRow(notice)
        form.addRow(self.tr("Reason for entry without card read"), self.evidence_reason)
        form.addRow("", self.evidence_reason_error)
        box.hide()
        return box

    # ------------------------------------------------------------------ step 1
    def refresh_inbox(self) -> None:
        """Reload the received 転出証明書情報 (on the worker; once one is attached)."""
        if self.calls.worker is None:
            return
        session, move_in = self._session, self._move_in
        self.calls.run(lambda: move_in.inbox(session), self._show_inbox)

    def _show_inbox(self, items: list[InboxItem]) -> None:
        statuses = {
            STATUS_OPEN: self.tr("Not yet entered"),
            STATUS_ENTERED: self.tr("Entered, awaiting approval"),
            STATUS_USED: self.tr("Moved in"),
        }
        self.items = items
        self.inbox_table.setRowCount(len(items))
        for row, item in enumerate(items):
            c = item.certificate
            for column, text in enumerate(
                (
                    c.name_kanji,
                    municipality_label(c.from_municipality_code),
                    format_seireki_wareki(c.planned_move_out_date),
                    statuses.get(item.status, item.status),
                )
            ):
                self.inbox_table.setItem(row, column, QTableWidgetItem(text))

    def showEvent(self, event: QShowEvent) -> None:
        """Reload the inbox whenever the page comes into view (it may have been cleared)."""
        super().showEvent(event)
        # A tab switch, not the window coming back from minimised; never under an entry.
        if not event.spontaneous() and self.stack.currentIndex() == 0:
            self.refresh_inbox()

    def reload_lists(self) -> None:
        """After a clear with the screen uncovered (card removal, unlock): the inbox again."""
        self.refresh_inbox()

    def read_card(self) -> None:
        """Read the card with the 住基 PIN and find the matching 転出証明書情報."""
        if self.card_task.busy:
            return
        self.run_card(self._move_in.read_card, self._card_read)

    def _card_read(self, match: CardMatch) -> None:
        if match.item is None:
            self.status.setText(
                self.tr("No move-out certificate information was received for this card.")
            )
            return
        self._open_entry(Subject(match.item, match.correlation_id, match.card_token))
        self.status.setText(self.tr("Card verified. Enter the move-in details."))

    def enter_without_card(self) -> None:
        """Step 2 for the selected 転出証明書情報 without a card read (an operator entry)."""
        if self.card_task.busy:
            return
        rows = sorted({index.row() for index in self.inbox_table.selectedIndexes()})
        if len(rows) != 1 or rows[0] >= len(self.items):
            self.status.setText(self.tr("Select the move-out certificate information first."))
            return
        item = self.items[rows[0]]
        if item.status != STATUS_OPEN:
            self.status.setText(
                self.tr("This move-out certificate information already has an entry.")
            )
            return
        self._open_entry(Subject(item))
        self.status.setText(self.tr("No card read. Enter the reason and the move-in details."))

    def _open_entry(self, subject: Subject) -> None:
        self.subject = subject
        self._show_summary(subject.item)
        self.evidence_box.setVisible(subject.operator_entry)
        self.stack.setCurrentIndex(1)

    def _show_summary(self, item: InboxItem) -> None:
        c = item.certificate
        self.summary.setText(
            self.tr("%1 (%2), born %3, from %4; planned move-out %5")
            .replace("%1", c.name_kanji)
            .replace("%2", c.name_kana)
            .replace("%3", format_seireki_wareki(c.date_of_birth))
            .replace("%4", c.former_address)
            .replace("%5", format_seireki_wareki(c.planned_move_out_date))
        )

    # ------------------------------------------------------------------ step 2
    def show_deadlines(self) -> None:
        """Show both deadlines with their day counts for the typed move-in date."""
        if self.subject is None or not self.moved_in.text().strip():
            return
        try:
            moved_in = parse_date(self.moved_in.text(), "転入年月日")
        except DomainError as exc:
            self.deadlines.setText(str(exc))
            return
        inbox_id, move_in = self.subject.item.inbox_id, self._move_in
        self.calls.run(lambda: move_in.check_deadlines(inbox_id, moved_in), self._show_check)

    def _show_check(self, check: DeadlineCheck) -> None:
        first = self.tr("Day %1 after moving in (limit 14, until %2).")
        second = self.tr("Day %1 after the planned move-out (limit 30, until %2).")
        text = " ".join(
            (
                first.replace("%1", str(check.days_since_move_in)).replace(
                    "%2", format_seireki_wareki(check.move_in_deadline)
                ),
                second.replace("%1", str(check.days_since_planned_move_out)).replace(
                    "%2", format_seireki_wareki(check.planned_move_out_deadline)
                ),
            )
        )
        if not check.ok:
            text += " " + self.tr("The special move-in is no longer possible.")
        self.deadlines.setText(text)

    def submit(self) -> None:
        """Check everything and save the move-in as a pending change (on the worker)."""
        subject = self.subject
        if subject is None or not self.calls.can_start():
            return
        self.evidence_reason_error.clear()
        try:
            moved_in = parse_date(self.moved_in.text(), "転入年月日")
            household = (
                HouseholdChoice()
                if self.new_household.isChecked()
                else HouseholdChoice(
                    self.household_number.text().strip(), str(self.relationship.currentData())
                )
            )
            entry = MoveInEntry(
                inbox_id=subject.item.inbox_id,
                card_resident_code=subject.item.certificate.resident_code,
                moved_in=moved_in,
                postal_code=self.postal.text(),
                address=self.address.text(),
                address_lot=self.lot.text(),
                katagaki_kanji=self.katagaki.text(),
                household=household,
                correlation_id=subject.correlation_id,
                card_token=subject.card_token,
                operator_entry_reason=(
                    self.evidence_reason.text() if subject.operator_entry else ""
                ),
            )
        except DomainError as exc:
            self.status.setText(str(exc))
            return

        def refused(error: Exception) -> str | None:
            # Late: the day counts are shown too, unless that entry has left the screen.
            late = error.check if isinstance(error, DeadlineExceeded) else None
            if late is not None and self.subject is subject:
                self._show_check(late)
            if isinstance(error, DomainError) and error.field == EVIDENCE_REASON_FIELD:
                if self.subject is subject:
                    self.evidence_reason_error.setText(self.reason_error_text())
                return self.reason_error_text()
            return None  # the error's own text

        session, move_in = self._session, self._move_in
        self.calls.run(lambda: move_in.submit(session, entry), self._submitted, describe=refused)

    def reason_error_text(self) -> str:
        """Said beside the reason field when it is missing, too long or malformed."""
        return self.tr("Enter why no card was read (1 to 200 characters, no control characters).")

    def _submitted(self, pending_id: int) -> None:
        self.pending_id = pending_id
        self._reset_entry()
        self.stack.setCurrentIndex(0)
        self.refresh_inbox()  # first: its 「処理中…」 must not replace the outcome below
        self.status.setText(
            self.tr("Saved as pending change %1. A second operator must approve it.").replace(
                "%1", str(pending_id)
            )
        )

    def back(self) -> None:
        """Return to the inbox without saving."""
        self._reset_entry()
        self.stack.setCurrentIndex(0)

    # ------------------------------------------------------------------ 継続利用
    def continued_use(self) -> None:
        """Record 継続利用 (PIN-verified) and show the 追記欄 text to print."""
        if self.card_task.busy:
            return
        self.run_card(self._move_in.continued_use, self._continued_use_recorded)

    def _continued_use_recorded(self, result: ContinuedUse) -> None:
        self.status.setText(
            self.tr("Continued use recorded. Print on the card: %1").replace(
                "%1", result.endorsement_text
            )
            + "\n"
            + self.tr(
                "The chip cannot be rewritten from this terminal: that needs J-LIS facilities."
            )
        )

    # ------------------------------------------------------------------ privacy
    def _reset_entry(self) -> None:
        self.subject = None  # the card read's token with it: a new entry needs a new read
        forget_text(  # with their undo history: Ctrl+Z must not bring an address back
            self.moved_in,
            self.postal,
            self.address,
            self.lot,
            self.katagaki,
            self.household_number,
            self.evidence_reason,
        )
        self.evidence_reason_error.clear()
        self.evidence_box.hide()
        self.summary.clear()
        self.deadlines.clear()
        self.new_household.setChecked(True)

    def on_card_removed(self) -> None:
        """The card left the reader: forget the person being entered."""
        self.clear_personal_data()

    def clear_personal_data(self) -> None:
        """Forget everything personal on screen (the inbox list included).

        A card read or a service call still running is not shown when it ends, and an open
        card prompt closes.
        """
        self.forget_person()
        self._reset_entry()
        self.stack.setCurrentIndex(0)
        self.items = []
        self.inbox_table.setRowCount(0)
        self.status.clear()
