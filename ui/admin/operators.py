"""The rights administration view: operators, grants with validity, revocation, the ledger.

Every button calls app.services.operators, which checks the rights administration right at
that moment and writes the rights ledger; the ledger table is read-only and can be exported
as CSV for audits.
"""

from __future__ import annotations

import csv
import datetime as dt
from pathlib import Path

from PySide6.QtCore import QDate
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QMessageBox,
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
from app.services.operators import LEDGER_COLUMNS


def _qdate(value: dt.date) -> QDate:
    return QDate(value.year, value.month, value.day)


def _date(value: QDate) -> dt.date:
    return dt.date(value.year(), value.month(), value.day())


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
        self.valid_until = QDateEdit(_qdate(today.replace(year=today.year + 1)), self)
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


class OperatorAdminView(QWidget):
    """Operators and their rights today, with add, grant, revoke and the ledger."""

    def __init__(self, container: Container, session: OperatorSession) -> None:
        super().__init__()
        self._container = container
        self._session = session
        self.operators = QTableWidget(0, 5, self)
        self.operators.setHorizontalHeaderLabels(
            [self.tr("Operator ID"), self.tr("Name"), self.tr("State"), self.tr("Rights today"),
             self.tr("Password fallback")]
        )  # fmt: skip
        self.operators.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.operators.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
        add = QPushButton(self.tr("Add operator…"), self)
        add.clicked.connect(self.add_operator)
        grant = QPushButton(self.tr("Grant right…"), self)
        grant.clicked.connect(self.grant_right)
        revoke = QPushButton(self.tr("Revoke operator…"), self)
        revoke.clicked.connect(self.revoke_operator)
        buttons = QHBoxLayout()
        for button in (add, grant, revoke):
            buttons.addWidget(button)
        buttons.addStretch(1)
        operators_page = QWidget(self)
        page_layout = QVBoxLayout(operators_page)
        page_layout.addLayout(buttons)
        page_layout.addWidget(self.operators)

        self.ledger = QTableWidget(0, len(LEDGER_COLUMNS), self)
        self.ledger.setHorizontalHeaderLabels(LEDGER_COLUMNS)
        self.ledger.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        export = QPushButton(self.tr("Export ledger as CSV…"), self)
        export.clicked.connect(self.export_ledger)
        ledger_page = QWidget(self)
        ledger_layout = QVBoxLayout(ledger_page)
        ledger_layout.addWidget(
            QLabel(self.tr("The rights ledger is append-only: rows cannot be edited."), self)
        )
        ledger_layout.addWidget(self.ledger)
        ledger_layout.addWidget(export)

        tabs = QTabWidget(self)
        tabs.addTab(operators_page, self.tr("Operators"))
        tabs.addTab(ledger_page, self.tr("Rights ledger"))
        QVBoxLayout(self).addWidget(tabs)
        self.refresh()

    # -- data ---------------------------------------------------------------------------
    def refresh(self) -> None:
        """Reload operators and ledger."""
        operators = self._container.operators.list_operators()
        self.operators.setRowCount(len(operators))
        for row, o in enumerate(operators):
            if o.revoked_at:
                state = self.tr("revoked")
            elif o.locked_until:
                state = self.tr("locked")
            else:
                state = self.tr("active")
            cells = [
                o.operator_id,
                o.name,
                state,
                "、".join(r.label_ja for r in sorted(o.rights_now)),
                self.tr("yes") if o.password_allowed else self.tr("no"),
            ]
            for column, text in enumerate(cells):
                self.operators.setItem(row, column, QTableWidgetItem(text))
        self.operators.resizeColumnsToContents()
        entries = self._container.operators.ledger()
        self.ledger.setRowCount(len(entries))
        for row, entry in enumerate(entries):
            record = entry.as_dict()
            record["rights"] = ",".join(entry.rights)
            for column, name in enumerate(LEDGER_COLUMNS):
                self.ledger.setItem(row, column, QTableWidgetItem(str(record[name])))

    def _selected_id(self) -> str | None:
        row = self.operators.currentRow()
        item = self.operators.item(row, 0) if row >= 0 else None
        return item.text() if item is not None else None

    def _run(self, action: str, call: object) -> None:
        try:
            assert callable(call)
            call()
        except DomainError as error:
            QMessageBox.warning(self, action, str(error))
        self.refresh()

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
        operator_id = self._selected_id()
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
                valid_until=today.replace(year=today.year + 1),
            ),
        )

    def revoke_operator(self) -> None:
        """Revoke the selected operator at once, with a reason."""
        operator_id = self._selected_id()
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

    def export_ledger(self) -> None:
        """Write the ledger as CSV for an audit (the export is logged)."""
        name, _ = QFileDialog.getSaveFileName(
            self, self.tr("Export ledger"), "rights_ledger.csv", "CSV (*.csv)"
        )
        if name:
            self.export_ledger_to(Path(name))

    def export_ledger_to(self, path: Path) -> int:
        """Write the ledger to ``path``; returns the number of rows."""
        entries = self._container.operators.ledger()
        with path.open("w", encoding="utf-8", newline="") as handle:
            writer = csv.DictWriter(handle, fieldnames=LEDGER_COLUMNS)
            writer.writeheader()
            for entry in entries:
                record = entry.as_dict()
                record["rights"] = ",".join(entry.rights)
                writer.writerow(record)
        self._container.operators.record_export(self._session, len(entries), "csv")
        return len(entries)
