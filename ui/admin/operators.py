"""The rights administration view: operators, grants, revocation, credentials, the ledger.

Every button calls app.services.operators, which checks the rights administration right at
that moment and writes the rights ledger (one row per change, with the operation-log row in
the same transaction): adding, granting, revoking, enrolling a finger, setting a password
and switching the password fallback. The ledger table is read-only and can be exported as
CSV for audits. The actions are built only for a session holding the rights administration
right; results and refusals are shown in a line under the buttons, not in pop-ups.
"""

from __future__ import annotations

import csv
import datetime as dt
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

from app.bootstrap import Container
from app.domain.errors import DomainError
from app.domain.rights import OperatorSession, Right
from app.services.operators import LEDGER_COLUMNS, OperatorView, password_problem
from hardware.biometric_sim import FINGERS, SimulatedFingerprintDevice


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


class OperatorAdminView(QWidget):
    """Operators and their rights today, with add, grant, revoke and the ledger."""

    def __init__(self, container: Container, session: OperatorSession) -> None:
        super().__init__()
        self._container = container
        self._session = session
        self._rows: list[OperatorView] = []
        self.is_admin = Right.RIGHTS_ADMIN in session.rights
        tabs = QTabWidget(self)
        if self.is_admin:
            tabs.addTab(self._operators_page(), self.tr("Operators"))
        if self.is_admin or Right.EXPORT in session.rights:
            tabs.addTab(self._ledger_page(), self.tr("Rights ledger"))
        else:
            tabs.addTab(
                QLabel(self.tr("Rights administration is not granted."), self), self.tr("Operators")
            )
        QVBoxLayout(self).addWidget(tabs)
        self.refresh()

    def _operators_page(self) -> QWidget:
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
        self.message = QLabel(self)
        self.message.setWordWrap(True)
        self.message.setVisible(False)
        page = QWidget(self)
        layout = QVBoxLayout(page)
        layout.addLayout(rights_row)
        layout.addLayout(credentials_row)
        layout.addWidget(self.message)
        layout.addWidget(self.operators)
        return page

    def _ledger_page(self) -> QWidget:
        self.ledger = QTableWidget(0, len(LEDGER_COLUMNS), self)
        # The screen names the columns in the UI language; the CSV keeps the field names.
        self.ledger.setHorizontalHeaderLabels([self.ledger_title(c) for c in LEDGER_COLUMNS])
        self.ledger.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.ledger.verticalHeader().setVisible(False)
        export = QPushButton(self.tr("Export ledger as CSV…"), self)
        export.clicked.connect(self.export_ledger)
        page = QWidget(self)
        layout = QVBoxLayout(page)
        layout.addWidget(
            QLabel(self.tr("The rights ledger is append-only: rows cannot be edited."), self)
        )
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
        if self.is_admin:
            selected = self.selected_id()
            try:
                self._rows = self._container.operators.list_operators(self._session)
            except DomainError as error:  # the right ended while the page was open
                self._rows = []
                self._show(str(error), error=True)
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
        if hasattr(self, "ledger"):
            try:
                entries = self._container.operators.ledger(self._session)
            except DomainError:
                entries = []
            self.ledger.setRowCount(len(entries))
            for row, entry in enumerate(entries):
                record = entry.as_dict()
                record["rights"] = ",".join(entry.rights)
                for column, name in enumerate(LEDGER_COLUMNS):
                    self.ledger.setItem(row, column, QTableWidgetItem(str(record[name])))

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
        """Credential actions apply to one selected, not revoked operator."""
        selected = self._selected()
        live = selected is not None and not selected.revoked_at
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

    def _run(self, action: str, call: Callable[[], object], done: str = "") -> None:
        try:
            call()
        except DomainError as error:
            self._show(f"{action}: {error}", error=True)
        else:
            self._show(done)
        self.refresh()

    def _show(self, text: str, *, error: bool = False) -> None:
        """The outcome of the last action, in the line under the buttons (red for a refusal)."""
        self.message.setStyleSheet("color: #b00020;" if error else "color: #1b5e20;")
        self.message.setText(text)
        self.message.setVisible(bool(text))

    # -- actions --------------------------------------------------------------------------
    def add_operator(self) -> None:
        """Register a new operator from the dialog's input."""
        today = self._container.clock.now().date()
        dialog = AddOperatorDialog(sorted(self._container.operators.roles()), today, self)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        password = dialog.password.text() or None
        dialog.password.clear()
        self._run(
            self.tr("Add operator"),
            lambda: self._container.operators.add_operator(
                self._session,
                dialog.operator_id.text(),
                dialog.name.text(),
                role=dialog.role.currentText(),
                valid_from=_date(dialog.valid_from.date()),
                valid_until=_date(dialog.valid_until.date()),
                contractor=dialog.contractor.isChecked(),
                password=password,
                allow_password=dialog.allow_password.isChecked(),
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
        today = self._container.clock.now().date()
        self._run(
            self.tr("Grant right"),
            lambda: self._container.operators.grant(
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
            lambda: self._container.operators.revoke_operator(
                self._session, operator_id, reason=reason
            ),
        )

    def enroll_finger(self) -> None:
        """Enroll one finger of the selected operator on the fingerprint sensor."""
        operator_id = self.selected_id()
        if operator_id is None:
            return
        device = self._container.biometric
        if not device.is_ready():
            self._show(self.tr("The fingerprint sensor is not ready."), error=True)
            return
        simulated = isinstance(device, SimulatedFingerprintDevice)
        dialog = EnrollFingerDialog(operator_id, simulated, self)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        finger = dialog.chosen()

        def enroll() -> None:
            template = device.enroll(finger, subject=operator_id)
            self._container.operators.enroll_finger(self._session, operator_id, finger, template)

        done = self.tr("Enrolled %1 of %2.").replace("%1", finger_label(finger))
        self._run(self.tr("Enroll finger"), enroll, done.replace("%2", operator_id))

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
            lambda: self._container.operators.set_password(self._session, operator_id, password),
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
            lambda: self._container.operators.allow_password(
                self._session, selected.operator_id, allow
            ),
            done.replace("%1", selected.operator_id),
        )

    def export_ledger(self) -> None:
        """Write the ledger as CSV for an audit (the export is logged)."""
        name, _ = QFileDialog.getSaveFileName(
            self, self.tr("Export ledger"), "rights_ledger.csv", "CSV (*.csv)"
        )
        if name:
            self.export_ledger_to(Path(name))

    def export_ledger_to(self, path: Path) -> int:
        """Write the ledger to ``path``; returns the number of rows."""
        entries = self._container.operators.ledger(self._session)
        with path.open("w", encoding="utf-8", newline="") as handle:
            writer = csv.DictWriter(handle, fieldnames=LEDGER_COLUMNS)
            writer.writeheader()
            for entry in entries:
                record = entry.as_dict()
                record["rights"] = ",".join(entry.rights)
                writer.writerow(record)
        self._container.operators.record_export(self._session, len(entries), "csv")
        return len(entries)
