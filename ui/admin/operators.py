"""The rights administration view: operators, grants, revocation, credentials, the ledger.

Every button calls app.services.operators, which checks the rights administration right at
that moment and writes the rights ledger (one row per change, with the operation-log row in
the same transaction): adding, granting, revoking, enrolling a finger, setting a password
and switching the password fallback. The ledger table is read-only and can be exported as
CSV for audits. The actions are built only for a session holding the rights administration
right; results and refusals are shown in a line under the buttons, not in pop-ups. Every
service call (and the sensor's capture at enrolment, which can be cancelled) runs on the
database worker; an action brings the fresh lists back with its outcome.
"""

from __future__ import annotations

import csv
import dataclasses
import datetime as dt
import threading
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QDate
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from app.domain.errors import DomainError
from app.domain.rights import OperatorSession, Right
from app.ports import FINGERS, BiometricDevice, CancellableCapture, Clock, SimulatedFingers
from app.services.operators import (
    LEDGER_COLUMNS,
    AdminCoverage,
    LedgerEntry,
    OperatorAdmin,
    OperatorView,
    password_problem,
)
from ui.views.service_call import ServiceCall
from ui.worker_thread import WorkerThread


def finger_label(finger: str) -> str:
    """The finger's name in the UI language (context ``Fingers``); unknown names as they are."""
    labels = {
        "right_index": QCoreApplication.translate("Fingers", "Right index finger"),
        "right_thumb": QCoreApplication.translate("Fingers", "Right thumb"),
        "left_index": QCoreApplication.translate("Fingers", "Left index finger"),
        "left_thumb": QCoreApplication.translate("Fingers", "Left thumb"),
    }
    return labels.get(finger, finger)


def _qdate(value: dt.date) -> QDate:
    return QDate(value.year, value.month, value.day)


def _date(value: QDate) -> dt.date:
    return dt.date(value.year(), value.month(), value.day())


def a_year_after(day: dt.date) -> dt.date:
    """The same date a year later; 29 February becomes 28 February (no crash in leap years)."""
    try:
        return day.replace(year=day.year + 1)
    except ValueError:
        return day.replace(year=day.year + 1, day=28)


class AddOperatorDialog(QDialog):
    """Input for a new operator: personal ID, name, role, period, password fallback."""

    def __init__(self, roles: list[str], today: dt.date, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Add operator"))
        self.operator_id = QLineEdit(self)
        self.operator_id.setMaxLength(32)
        self.name = QLineEdit(self)
        self.role = QComboBox(self)
        self.role.addItems(roles)
        self.valid_from = QDateEdit(_qdate(today), self)
        self.valid_until = QDateEdit(_qdate(a_year_after(today)), self)
        self.contractor = QCheckBox(self.tr("Contractor staff"), self)
        self.allow_password = QCheckBox(self.tr("Allow password login (fallback)"), self)
        self.password = QLineEdit(self)
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form = QFormLayout(self)
        form.addRow(self.tr("Operator ID"), self.operator_id)
        form.addRow(self.tr("Name"), self.name)
        form.addRow(self.tr("Role"), self.role)
        form.addRow(self.tr("Valid from"), self.valid_from)
        form.addRow(self.tr("Valid until"), self.valid_until)
        form.addRow("", self.contractor)
        form.addRow("", self.allow_password)
        form.addRow(self.tr("Password"), self.password)
        form.addRow(buttons)


class EnrollFingerDialog(QDialog):
    """Which finger of the selected operator to enroll on the sensor."""

    def __init__(self, operator_id: str, simulated: bool, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Enroll finger"))
        self.setMinimumWidth(400)
        self.finger = QComboBox(self)
        for finger in FINGERS:
            self.finger.addItem(finger_label(finger), finger)
        if simulated:
            note = self.tr(
                "Simulated sensor (training): the chosen finger of this operator is enrolled."
            )
        else:
            note = self.tr(
                "Ask the operator to place the chosen finger on the sensor, then press OK."
            )
        hint = QLabel(note, self)
        hint.setWordWrap(True)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form = QFormLayout(self)
        form.addRow(self.tr("Operator ID"), QLabel(operator_id, self))
        form.addRow(self.tr("Finger"), self.finger)
        form.addRow(hint)
        form.addRow(buttons)

    def select(self, finger: str) -> None:
        """Choose a finger by its name (tests and keyboard users)."""
        index = self.finger.findData(finger)
        if index >= 0:
            self.finger.setCurrentIndex(index)

    def chosen(self) -> str:
        """The chosen finger's name (e.g. ``right_index``)."""
        return str(self.finger.currentData())


class SetPasswordDialog(QDialog):
    """A new fallback password, typed twice; OK only when both agree and meet the rule."""

    def __init__(self, operator_id: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._operator_id = operator_id
        self.setWindowTitle(self.tr("Set password"))
        self.setMinimumWidth(400)
        self.password = QLineEdit(self)
        self.repeat = QLineEdit(self)
        for field in (self.password, self.repeat):
            field.setEchoMode(QLineEdit.EchoMode.Password)
            field.textChanged.connect(self._check)
        rule = QLabel(
            self.tr(
                "At least 10 characters with at least one letter and one digit, "
                "not containing the operator ID."
            ),
            self,
        )
        rule.setWordWrap(True)
        self.problem = QLabel(self)
        self.problem.setStyleSheet("color: #b00020;")
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        form = QFormLayout(self)
        form.addRow(self.tr("Operator ID"), QLabel(operator_id, self))
        form.addRow(self.tr("New password"), self.password)
        form.addRow(self.tr("Repeat"), self.repeat)
        form.addRow(rule)
        form.addRow(self.problem)
        form.addRow(self.buttons)
        self._check()

    def _check(self) -> None:
        first, second = self.password.text(), self.repeat.text()
        if not first:
            problem = ""
        elif password_problem(first, self._operator_id) is not None:
            problem = self.tr("The password does not meet the rule.")
        elif first != second:
            problem = self.tr("The two entries differ.")
        else:
            problem = ""
        self.problem.setText(problem)
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setEnabled(bool(first) and not problem)

    def take(self) -> str:
        """The accepted password; both fields are emptied so it does not stay in the widgets."""
        password = self.password.text()
        self.password.clear()
        self.repeat.clear()
        return password


@dataclasses.dataclass(frozen=True)
class Snapshot:
    """What the page lists, as loaded on the worker (None: the page does not show it)."""

    operators: list[OperatorView] | None
    refusal: str  # why the operators could not be listed ("" when they were)
    ledger: list[LedgerEntry] | None
    coverage: AdminCoverage | None = None  # read with the operators


class OperatorAdminView(QWidget):
    """Operators and their rights today, with add, grant, revoke and the ledger."""

    def __init__(
        self,
        session: OperatorSession,
        *,
        operators: OperatorAdmin,
        biometric: BiometricDevice,
        clock: Clock,
    ) -> None:
        super().__init__()
        self._operators = operators
        self._biometric = biometric
        self._clock = clock
        self._session = session
        self._rows: list[OperatorView] = []
        self._enrolment_cancelled = threading.Event()
        self.is_admin = Right.RIGHTS_ADMIN in session.rights
        self.has_ledger = self.is_admin or Right.EXPORT in session.rights
        self.message = QLabel(self)
        self.message.setWordWrap(True)
        self.message.setVisible(False)
        self.cancel_button = QPushButton(self.tr("Cancel"), self)
        self.cancel_button.setVisible(False)
        self.cancel_button.clicked.connect(self.cancel_enrolment)
        controls: list[QPushButton] = []
        tabs = QTabWidget(self)
        if self.is_admin:
            tabs.addTab(self._operators_page(controls), self.tr("Operators"))
        if self.has_ledger:
            tabs.addTab(self._ledger_page(controls), self.tr("Rights ledger"))
        else:
            tabs.addTab(
                QLabel(self.tr("Rights administration is not granted."), self), self.tr("Operators")
            )
        QVBoxLayout(self).addWidget(tabs)
        self.calls = ServiceCall(self.message, controls, self)
        self.calls.busy_changed.connect(self._busy_changed)

    def attach_db_worker(self, worker: WorkerThread) -> None:
        """Run the service calls on ``worker`` and load the lists."""
        self.calls.worker = worker
        self.refresh()

    def _operators_page(self, controls: list[QPushButton]) -> QWidget:
        self.operators = QTableWidget(0, 6, self)
        self.operators.setHorizontalHeaderLabels(
            [self.tr("Operator ID"), self.tr("Name"), self.tr("State"), self.tr("Rights today"),
             self.tr("Password fallback"), self.tr("Enrolled fingers")]
        )  # fmt: skip
        self.operators.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.operators.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
        self.operators.setSelectionMode(QTableWidget.SelectionMode.SingleSelection)
        self.operators.itemSelectionChanged.connect(self._update_buttons)
        self.operators.verticalHeader().setVisible(False)
        header = self.operators.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)  # the rights, longest
        add = QPushButton(self.tr("Add operator…"), self)
        add.clicked.connect(self.add_operator)
        controls.append(add)
        self.grant_button = QPushButton(self.tr("Grant right…"), self)
        self.grant_button.clicked.connect(self.grant_right)
        self.revoke_button = QPushButton(self.tr("Revoke operator…"), self)
        self.revoke_button.clicked.connect(self.revoke_operator)
        self.enroll_button = QPushButton(self.tr("Enroll finger…"), self)
        self.enroll_button.clicked.connect(self.enroll_finger)
        self.password_button = QPushButton(self.tr("Set password…"), self)
        self.password_button.clicked.connect(self.set_password)
        self.fallback_button = QPushButton(self.tr("Enable password login"), self)
        self.fallback_button.clicked.connect(self.toggle_password_fallback)
        rights_row = QHBoxLayout()
        for button in (add, self.grant_button, self.revoke_button):
            rights_row.addWidget(button)
        rights_row.addStretch(1)
        credentials_row = QHBoxLayout()
        credentials_row.addWidget(QLabel(self.tr("Credentials of the selected operator:"), self))
        for button in (self.enroll_button, self.password_button, self.fallback_button):
            credentials_row.addWidget(button)
        credentials_row.addStretch(1)
        message_row = QHBoxLayout()
        message_row.addWidget(self.message, 1)
        message_row.addWidget(self.cancel_button)
        # A grant ends by date without anybody acting: say so before nobody can administer.
        self.admin_warning = QLabel(self)
        self.admin_warning.setObjectName("adminWarning")
        self.admin_warning.setWordWrap(True)
        self.admin_warning.setStyleSheet("color: #b00020; font-weight: bold;")
        self.admin_warning.setVisible(False)
        page = QWidget(self)
        layout = QVBoxLayout(page)
        layout.addWidget(self.admin_warning)
        layout.addLayout(rights_row)
        layout.addLayout(credentials_row)
        layout.addLayout(message_row)
        layout.addWidget(self.operators)
        return page

    def _ledger_page(self, controls: list[QPushButton]) -> QWidget:
        self.ledger = QTableWidget(0, len(LEDGER_COLUMNS), self)
        # The screen names the columns in the UI language; the CSV keeps the field names.
        self.ledger.setHorizontalHeaderLabels([self.ledger_title(c) for c in LEDGER_COLUMNS])
        self.ledger.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.ledger.verticalHeader().setVisible(False)
        export = QPushButton(self.tr("Export ledger as CSV…"), self)
        export.clicked.connect(self.export_ledger)
        controls.append(export)
        page = QWidget(self)
        layout = QVBoxLayout(page)
        layout.addWidget(
            QLabel(self.tr("The rights ledger is append-only: rows cannot be edited."), self)
        )
        if not self.is_admin:  # the operators page, which holds the message line, is absent
            layout.addWidget(self.message)
        layout.addWidget(self.ledger)
        layout.addWidget(export)
        return page

    def ledger_title(self, column: str) -> str:
        """A ledger column's heading on screen (unknown columns keep their field name)."""
        titles = {
            "seq": self.tr("No."),
            "at": self.tr("Effective at (UTC)"),
            "operator_id": self.tr("Operator ID"),
            "action": self.tr("Action"),
            "rights": self.tr("Rights"),
            "role_name": self.tr("Role"),
            "valid_from": self.tr("Valid from"),
            "valid_until": self.tr("Valid until"),
            "reason": self.tr("Reason"),
            "administrator_id": self.tr("Administrator"),
            "terminal_id": self.tr("Terminal"),
        }
        return titles.get(column, column)

    # -- data ---------------------------------------------------------------------------
    def refresh(self) -> None:
        """Reload operators and ledger (what this session may see), keeping the selection."""
        self.calls.run(self._load, self._show_snapshot)

    def _load(self) -> Snapshot:
        """The lists this session may see (runs on the worker: services only, no widgets)."""
        rows: list[OperatorView] | None = None
        refusal = ""
        coverage: AdminCoverage | None = None
        if self.is_admin:
            try:
                rows = self._operators.list_operators(self._session)
            except DomainError as error:  # the right ended while the page was open
                rows, refusal = [], str(error)
            else:
                coverage = self._operators.admin_coverage()
        entries: list[LedgerEntry] | None = None
        if self.has_ledger:
            try:
                entries = self._operators.ledger(self._session)
            except DomainError:
                entries = []
        return Snapshot(rows, refusal, entries, coverage)

    def _show_snapshot(self, snapshot: Snapshot) -> None:
        if snapshot.operators is not None:
            selected = self.selected_id()
            self._rows = snapshot.operators
            if snapshot.refusal:
                self._show(snapshot.refusal, error=True)
            self._show_coverage(snapshot.coverage)
            self.operators.setRowCount(len(self._rows))
            for row, o in enumerate(self._rows):
                cells = [
                    o.operator_id,
                    o.name,
                    self._state(o),
                    "、".join(r.label_ja for r in sorted(o.rights_now)),
                    self.tr("yes") if o.password_allowed else self.tr("no"),
                    "、".join(finger_label(f) for f in o.fingers) or "-",
                ]
                for column, text in enumerate(cells):
                    self.operators.setItem(row, column, QTableWidgetItem(text))
                if o.operator_id == selected:
                    self.operators.selectRow(row)
            self._update_buttons()
        if snapshot.ledger is not None:
            self.ledger.setRowCount(len(snapshot.ledger))
            for row, entry in enumerate(snapshot.ledger):
                record = entry.as_dict()
                record["rights"] = ",".join(entry.rights)
                for column, name in enumerate(LEDGER_COLUMNS):
                    self.ledger.setItem(row, column, QTableWidgetItem(str(record[name])))

    def _show_coverage(self, coverage: AdminCoverage | None) -> None:
        """Warn when every rights administrator's grant ends within 30 days (or has ended)."""
        text = ""
        if coverage is not None and coverage.ends_soon:
            if not coverage.holders or coverage.last_day is None:
                text = self.tr("No operator holds rights administration today.")
            else:
                text = self.tr(
                    "Every rights administrator's grant ends by %1. Grant the rights "
                    "administration role to a successor before then."
                ).replace("%1", coverage.last_day.isoformat())
        self.admin_warning.setText(text)
        self.admin_warning.setVisible(bool(text))

    def _state(self, operator: OperatorView) -> str:
        if operator.revoked_at:
            return self.tr("revoked")
        if operator.locked_until:
            return self.tr("locked")
        return self.tr("active")

    def select_operator(self, operator_id: str) -> None:
        """Select the row of ``operator_id`` (tests and keyboard users)."""
        for row, o in enumerate(self._rows):
            if o.operator_id == operator_id:
                self.operators.selectRow(row)

    def selected_id(self) -> str | None:
        """The operator ID of the selected row, if any."""
        selected = self._selected()
        return selected.operator_id if selected is not None else None

    def _selected(self) -> OperatorView | None:
        rows = {index.row() for index in self.operators.selectionModel().selectedRows()}
        if len(rows) != 1:
            return None
        row = rows.pop()
        return self._rows[row] if row < len(self._rows) else None

    def _update_buttons(self) -> None:
        """Credential actions apply to one selected, not revoked operator, when idle."""
        if not self.is_admin:
            return
        selected = self._selected()
        live = selected is not None and not selected.revoked_at and not self.calls.busy
        for button in (
            self.grant_button,
            self.revoke_button,
            self.enroll_button,
            self.password_button,
            self.fallback_button,
        ):
            button.setEnabled(live)
        if selected is not None and selected.password_allowed:
            self.fallback_button.setText(self.tr("Disable password login"))
        else:
            self.fallback_button.setText(self.tr("Enable password login"))

    def _busy_changed(self, busy: bool) -> None:
        if busy:  # 「処理中…」 in the message line, neither red nor green
            self.message.setStyleSheet("")
        self.message.setVisible(bool(self.message.text()))
        if not busy:
            self.cancel_button.setVisible(False)
        self._update_buttons()

    def _run(self, action: str, call: Callable[[], object], done: str = "") -> None:
        """Run ``call`` on the worker, then show its outcome and the fresh lists."""

        def job() -> tuple[str | None, Snapshot]:
            try:
                call()
            except DomainError as error:
                failure: str | None = f"{action}: {error}"
            else:
                failure = None
            return failure, self._load()

        def finished(outcome: tuple[str | None, Snapshot]) -> None:
            failure, snapshot = outcome
            if failure is None:
                self._show(done)
            else:
                self._show(failure, error=True)
            self._show_snapshot(snapshot)

        self.calls.run(job, finished, on_stale=lambda _outcome: self.refresh())

    def _show(self, text: str, *, error: bool = False) -> None:
        """The outcome of the last action, in the line under the buttons (red for a refusal)."""
        self.message.setStyleSheet("color: #b00020;" if error else "color: #1b5e20;")
        self.message.setText(text)
        self.message.setVisible(bool(text))

    # -- actions --------------------------------------------------------------------------
    def add_operator(self) -> None:
        """Register a new operator from the dialog's input (the roles are read first)."""
        self.calls.run(lambda: sorted(self._operators.roles()), self._ask_new_operator)

    def _ask_new_operator(self, roles: list[str]) -> None:
        dialog = AddOperatorDialog(roles, self._clock.now().date(), self)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        password = dialog.password.text() or None
        dialog.password.clear()
        session = self._session
        operator_id, name = dialog.operator_id.text(), dialog.name.text()
        role = dialog.role.currentText()
        valid_from, valid_until = _date(dialog.valid_from.date()), _date(dialog.valid_until.date())
        contractor = dialog.contractor.isChecked()
        allow_password = dialog.allow_password.isChecked()
        self._run(
            self.tr("Add operator"),
            lambda: self._operators.add_operator(
                session,
                operator_id,
                name,
                role=role,
                valid_from=valid_from,
                valid_until=valid_until,
                contractor=contractor,
                password=password,
                allow_password=allow_password,
            ),
        )

    def grant_right(self) -> None:
        """Grant one right for a year from today to the selected operator."""
        operator_id = self.selected_id()
        if operator_id is None:
            return
        labels = [r.label_ja for r in Right]
        label, ok = QInputDialog.getItem(self, self.tr("Grant right"), self.tr("Right"), labels)
        if not ok:
            return
        right = list(Right)[labels.index(label)]
        today = self._clock.now().date()
        self._run(
            self.tr("Grant right"),
            lambda: self._operators.grant(
                self._session,
                operator_id,
                rights=frozenset({right}),
                valid_from=today,
                valid_until=a_year_after(today),
            ),
        )

    def revoke_operator(self) -> None:
        """Revoke the selected operator at once, with a reason."""
        operator_id = self.selected_id()
        if operator_id is None:
            return
        reason, ok = QInputDialog.getText(
            self, self.tr("Revoke operator"), self.tr("Reason (retirement, transfer, other):")
        )
        if not ok or not reason.strip():
            return
        self._run(
            self.tr("Revoke operator"),
            lambda: self._operators.revoke_operator(self._session, operator_id, reason=reason),
        )

    def enroll_finger(self) -> None:
        """Enroll one finger of the selected operator on the fingerprint sensor.

        The capture runs on the worker; meanwhile a Cancel button lets the administrator
        stop waiting for it (nothing is saved then).
        """
        operator_id = self.selected_id()
        if operator_id is None:
            return
        device = self._biometric
        if not device.is_ready():
            self._show(self.tr("The fingerprint sensor is not ready."), error=True)
            return
        dialog = EnrollFingerDialog(operator_id, isinstance(device, SimulatedFingers), self)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        finger = dialog.chosen()
        cancelled = self._enrolment_cancelled
        cancelled.clear()
        session, operators = self._session, self._operators

        def enroll() -> None:
            template = device.enroll(finger, subject=operator_id)
            if not cancelled.is_set():  # the administrator stopped waiting: keep nothing
                operators.enroll_finger(session, operator_id, finger, template)

        done = self.tr("Enrolled %1 of %2.").replace("%1", finger_label(finger))
        self._run(self.tr("Enroll finger"), enroll, done.replace("%2", operator_id))
        self.cancel_button.setVisible(self.calls.busy)

    def cancel_enrolment(self) -> None:
        """Stop waiting for the sensor: the enrolment is not saved."""
        self._enrolment_cancelled.set()
        if isinstance(self._biometric, CancellableCapture):
            self._biometric.cancel_capture()
        self.calls.abandon()
        self._show(self.tr("The enrolment was cancelled."), error=True)

    def set_password(self) -> None:
        """Set a new fallback password for the selected operator (typed twice)."""
        operator_id = self.selected_id()
        if operator_id is None:
            return
        dialog = SetPasswordDialog(operator_id, self)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            dialog.take()
            return
        password = dialog.take()
        self._run(
            self.tr("Set password"),
            lambda: self._operators.set_password(self._session, operator_id, password),
            self.tr("Password of %1 set.").replace("%1", operator_id),
        )

    def toggle_password_fallback(self) -> None:
        """Enable or disable password login for the selected operator (R-04)."""
        selected = self._selected()
        if selected is None:
            return
        allow = not selected.password_allowed
        done = (
            self.tr("Password login enabled for %1.")
            if allow
            else self.tr("Password login disabled for %1.")
        )
        self._run(
            self.tr("Password login"),
            lambda: self._operators.allow_password(self._session, selected.operator_id, allow),
            done.replace("%1", selected.operator_id),
        )

    def export_ledger(self) -> None:
        """Write the ledger as CSV for an audit (the export is logged)."""
        name, _ = QFileDialog.getSaveFileName(
            self, self.tr("Export ledger"), "rights_ledger.csv", "CSV (*.csv)"
        )
        if name:
            self.export_ledger_to(Path(name))

    def export_ledger_to(self, path: Path) -> None:
        """Write the ledger to ``path`` on the worker; the row count is logged."""
        session, operators = self._session, self._operators

        def export() -> int:
            entries = operators.ledger(session)
            with path.open("w", encoding="utf-8", newline="") as handle:
                writer = csv.DictWriter(handle, fieldnames=LEDGER_COLUMNS)
                writer.writeheader()
                for entry in entries:
                    record = entry.as_dict()
                    record["rights"] = ",".join(entry.rights)
                    writer.writerow(record)
            operators.record_export(session, len(entries), "csv")
            return len(entries)

        self.calls.run(export, lambda _rows: None)
