"""The approvals queue (承認): pending changes wait here for a second operator (R-27).

Select a change to see what was entered; "Approve" makes it effective (and queues its
notifications), "Reject" needs a reason. A change entered without a card read (operator
entry) is marked in red in the list ("No card read (entered by staff)") and above the
details, with the clerk's reason, so the approver weighs it before deciding. A change the
operator entered personally cannot be approved by them: the service refuses, the screen
says so. "Send notifications" runs the Juki-net outbox once and the outbox list shows each
message's status. Every service call runs on the database worker; an action brings the
fresh lists back with its outcome.
"""

from __future__ import annotations

import dataclasses

from PySide6.QtGui import QBrush, QColor, QFont, QShowEvent
from PySide6.QtWidgets import (
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QTextEdit,
    QVBoxLayout,
    QWidget,
)

from app.domain.rights import OperatorSession
from app.jukinet.dispatcher import Dispatcher, DispatchReport
from app.jukinet.messages import PREFECTURE
from app.jukinet.municipalities import municipality_label, recipient_municipality
from app.jukinet.outbox import (
    STATUS_ACKNOWLEDGED,
    STATUS_QUEUED,
    STATUS_REFUSED,
    STATUS_SENT,
    Outbox,
    OutboxView,
)
from app.services.approvals import ApprovalService, PendingView, SelfApprovalRefused
from app.services.move_in import EVIDENCE_OPERATOR_ENTRY
from ui.views.service_call import ServiceCall
from ui.widgets.text_fields import forget_text
from ui.worker_thread import WorkerThread

# Payload items shown for review; the 個人番号 is left out on purpose.
_SHOWN = (
    ("name_kanji", "氏名"),
    ("name_kana", "フリガナ"),
    ("date_of_birth", "生年月日"),
    ("moved_in", "転入年月日"),
    ("moved_on", "異動年月日"),
    ("notified", "届出年月日"),
    ("postal_code", "郵便番号"),
    ("address", "住所"),
    ("address_lot", "番地"),
    ("katagaki_kanji", "方書"),
    ("relationship_name", "続柄"),
    ("household_number", "世帯番号"),
    ("prev_address", "転入前住所"),
    ("changes", "変更内容"),
)


_WARNING_RED = "#b00020"


@dataclasses.dataclass(frozen=True)
class Lists:
    """The queue and the outbox as loaded on the worker."""

    pending: list[PendingView]
    messages: list[OutboxView]


class ApprovalsView(QWidget):
    """Pending changes and the outbox (right: confirm others)."""

    def __init__(
        self,
        session: OperatorSession,
        *,
        approvals: ApprovalService,
        outbox: Outbox,
        dispatcher: Dispatcher,
    ) -> None:
        super().__init__()
        self._approvals = approvals
        self._outbox = outbox
        self._dispatcher = dispatcher
        self._session = session
        self.items: list[PendingView] = []
        self.table = QTableWidget(0, 5, self)
        self.table.setHorizontalHeaderLabels(
            [
                self.tr("No."),
                self.tr("Kind"),
                self.tr("Entered by"),
                self.tr("Entered at"),
                self.tr("Identification"),
            ]
        )
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
        self.table.itemSelectionChanged.connect(self._show_detail)
        self.evidence = QLabel(self)
        self.evidence.setWordWrap(True)
        self.evidence.setStyleSheet(f"color: {_WARNING_RED}; font-weight: bold;")
        self.evidence.hide()
        self.detail = QTextEdit(self)
        self.detail.setReadOnly(True)
        self.reason = QLineEdit(self)
        self.reason.setPlaceholderText(self.tr("Reason (required to reject)"))
        self.approve_button = QPushButton(self.tr("Approve"), self)
        self.approve_button.clicked.connect(self.approve)
        self.reject_button = QPushButton(self.tr("Reject"), self)
        self.reject_button.clicked.connect(self.reject)
        self.refresh_button = QPushButton(self.tr("Refresh"), self)
        self.refresh_button.clicked.connect(self.refresh)
        self.send_button = QPushButton(self.tr("Send notifications"), self)
        self.send_button.clicked.connect(self.send)
        self.outbox = QTableWidget(0, 3, self)
        self.outbox.setHorizontalHeaderLabels(
            [self.tr("Kind"), self.tr("Recipient"), self.tr("Status")]
        )
        self.outbox.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.outbox.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.status = QLabel(self)
        self.status.setWordWrap(True)
        buttons = QHBoxLayout()
        for button in (self.approve_button, self.reject_button, self.refresh_button):
            buttons.addWidget(button)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(self.tr("Changes waiting for confirmation"), self))
        layout.addWidget(self.table)
        layout.addWidget(self.evidence)
        layout.addWidget(self.detail)
        layout.addWidget(self.reason)
        layout.addLayout(buttons)
        layout.addWidget(self.status)
        layout.addWidget(QLabel(self.tr("Notifications to Juki-net"), self))
        layout.addWidget(self.outbox)
        layout.addWidget(self.send_button)
        self.calls = ServiceCall(
            self.status,
            [self.approve_button, self.reject_button, self.refresh_button, self.send_button],
            self,
        )

    def attach_db_worker(self, worker: WorkerThread) -> None:
        """Run the service calls on ``worker`` and load the lists."""
        self.calls.worker = worker
        self.refresh()

    def refresh(self) -> None:
        """Reload the queue and the outbox (on the worker)."""
        if self.calls.worker is not None:
            self.calls.run(self._lists, self._show_lists)

    def _lists(self) -> Lists:
        """The queue and the outbox (runs on the worker: services only, no widgets)."""
        return Lists(self._approvals.pending(self._session), self._outbox.messages())

    def _show_lists(self, lists: Lists) -> None:
        self.items = lists.pending
        kinds = {"move_in": self.tr("Special move-in"), "move_within": self.tr("Move within city")}
        self.table.setRowCount(len(self.items))
        for row, item in enumerate(self.items):
            for column, text in enumerate(
                (
                    str(item.change_id),
                    kinds.get(item.kind, item.kind),
                    item.entered_by,
                    item.entered_at.strftime("%Y-%m-%d %H:%M"),
                    self.evidence_text(item),
                )
            ):
                cell = QTableWidgetItem(text)
                if item.evidence == EVIDENCE_OPERATOR_ENTRY:
                    cell.setForeground(QBrush(QColor(_WARNING_RED)))
                    bold = QFont(cell.font())
                    bold.setBold(True)
                    cell.setFont(bold)
                self.table.setItem(row, column, cell)
        self._show_evidence(None)
        self.detail.clear()
        messages = lists.messages
        self.outbox.setRowCount(len(messages))
        for row, message in enumerate(messages):
            for column, text in enumerate(
                (
                    message.data_category,
                    self.recipient_text(message.recipient),
                    self.status_text(message),
                )
            ):
                cell = QTableWidgetItem(text)
                if column == 2 and message.last_reason:
                    cell.setToolTip(message.last_reason)
                self.outbox.setItem(row, column, cell)

    def evidence_text(self, item: PendingView) -> str:
        """How the person was identified: 「カード読取」 or 「カード読取なし（職員入力）」."""
        if item.evidence == EVIDENCE_OPERATOR_ENTRY:
            return self.tr("No card read (entered by staff)")
        if item.kind == "move_in":
            return self.tr("Card read")
        return ""  # a 転居 of a current resident has no card step

    def _show_evidence(self, item: PendingView | None) -> None:
        """The operator-entry marker and its reason above the details (hidden otherwise)."""
        if item is None or item.evidence != EVIDENCE_OPERATOR_ENTRY:
            self.evidence.clear()
            self.evidence.hide()
            return
        self.evidence.setText(
            self.tr("%1 — reason: %2")
            .replace("%1", self.evidence_text(item))
            .replace("%2", item.evidence_reason or "")
        )
        self.evidence.show()

    def recipient_text(self, recipient: str) -> str:
        """「宇都宮市（092011）」 for a municipality's CS, 「都道府県サーバ」 for the prefecture."""
        if recipient == PREFECTURE:
            return self.tr("Prefectural server")
        code = recipient_municipality(recipient)
        return recipient if code is None else municipality_label(code)

    def status_text(self, message: OutboxView) -> str:
        """The message's state in words; a queued message already tried is a failed send."""
        if message.status == STATUS_QUEUED and message.attempt_count > 0:
            return self.tr("Send failed, will retry")
        labels = {
            STATUS_QUEUED: self.tr("Waiting to send"),
            STATUS_SENT: self.tr("Sending"),
            STATUS_ACKNOWLEDGED: self.tr("Acknowledged"),
            STATUS_REFUSED: self.tr("Refused"),
        }
        return labels.get(message.status, message.status)

    def showEvent(self, event: QShowEvent) -> None:
        """Reload the queue and the outbox whenever the page comes into view."""
        super().showEvent(event)
        if not event.spontaneous():  # a tab switch, not the window coming back from minimised
            self.refresh()

    def reload_lists(self) -> None:
        """After a clear with the screen uncovered (card removal, unlock): the lists again."""
        self.refresh()

    def selected(self) -> PendingView | None:
        """The pending change of the selected row."""
        rows = {index.row() for index in self.table.selectedIndexes()}
        if len(rows) != 1:
            return None
        return self.items[rows.pop()]

    def _show_detail(self) -> None:
        item = self.selected()
        self._show_evidence(item)
        if item is None:
            self.detail.clear()
            return
        lines = []
        for key, label in _SHOWN:
            value = item.payload.get(key)
            if value:
                lines.append(f"{label}: {value}")
        self.detail.setPlainText("\n".join(lines))

    def approve(self) -> None:
        """Approve the selected change."""
        item = self.selected()
        if item is None:
            self.status.setText(self.tr("Select a change first."))
            return
        change_id = item.change_id

        def approve() -> Lists:
            self._approvals.approve(self._session, change_id)
            return self._lists()

        def approved(lists: Lists) -> None:
            self._show_lists(lists)
            self.status.setText(self.tr("Approved. The notifications are queued."))

        self.calls.run(approve, approved, describe=self._refusal)

    def _refusal(self, error: Exception) -> str | None:
        if isinstance(error, SelfApprovalRefused):
            return self.tr("You entered this change: another operator must approve it.")
        return None

    def reject(self) -> None:
        """Reject the selected change with the typed reason."""
        item = self.selected()
        if item is None:
            self.status.setText(self.tr("Select a change first."))
            return
        change_id, reason = item.change_id, self.reason.text()

        def reject() -> Lists:
            self._approvals.reject(self._session, change_id, reason)
            return self._lists()

        def rejected(lists: Lists) -> None:
            forget_text(self.reason)
            self._show_lists(lists)
            self.status.setText(self.tr("Rejected."))

        self.calls.run(reject, rejected)

    def send(self) -> None:
        """Run the outbox once and show the outcome."""

        def send() -> tuple[DispatchReport, Lists]:
            report = self._approvals.send_notifications(self._session, self._dispatcher)
            return report, self._lists()

        def sent(outcome: tuple[DispatchReport, Lists]) -> None:
            report, lists = outcome
            self._show_lists(lists)
            self.status.setText(
                self.tr("Sent: %1 acknowledged, %2 refused, %3 failed.")
                .replace("%1", str(report.acknowledged))
                .replace("%2", str(report.refused))
                .replace("%3", str(report.failed))
            )

        self.calls.run(send, sent)

    def clear_personal_data(self) -> None:
        """Forget the shown entries (curtain, lock, logout); lists on their way are dropped."""
        self.calls.invalidate()
        self.items = []
        self.table.setRowCount(0)
        self._show_evidence(None)
        self.detail.clear()  # QTextEdit.clear() drops its undo history too
        forget_text(self.reason)
        self.outbox.setRowCount(0)
