"""The first-start page of a new register: this terminal and the first rights administrator.

Shown instead of the login page when the register has no terminal and no operator (never in
training mode, whose register is seeded). It calls the same use case as ``madoguchi setup``
(:meth:`app.services.setup.SetUp.set_up`) on the database worker; a refusal is one line next
to the field it names. Once done (or when another terminal set the register up meanwhile)
the window shows the login page with the administrator's ID filled in.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from app.domain.errors import DomainError
from app.services.operators import (
    MAX_ID_LENGTH,
    MAX_TEXT_LENGTH,
    check_id,
    password_problem,
    plain_text,
)
from app.services.setup import RegisterNotNew, SetUp, SetUpDone
from ui.login import LoginPage
from ui.views.service_call import ServiceCall
from ui.worker_thread import WorkerThread

ERROR_STYLE = "color: #b00020;"


class SetupPage(QWidget):
    """Terminal ID, administrator ID and name, password twice; emits ``completed``.

    ``completed`` carries the :class:`SetUpDone`, or None when the register turned out to
    be set up already (by another terminal): either way the login page comes next.
    """

    completed = Signal(object)

    def __init__(
        self,
        setup: SetUp,
        terminal_id: str,
        worker: WorkerThread,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._setup = setup
        title = QLabel(self.tr("First set-up of this terminal"), self)
        title.setStyleSheet("font-size: 22px; font-weight: bold;")
        title.setAlignment(Qt.AlignmentFlag.AlignCenter)
        intro = QLabel(
            self.tr(
                "This register is new: no terminal and no operator are registered yet. "
                "Register this terminal and the first rights administrator together; the "
                "administrator then registers the staff."
            ),
            self,
        )
        intro.setWordWrap(True)

        self.terminal_id = self._field("setupTerminalId", MAX_ID_LENGTH)
        self.terminal_id.setText(terminal_id)
        self.admin_id = self._field("setupAdminId", MAX_ID_LENGTH)
        self.admin_name = self._field("setupAdminName", MAX_TEXT_LENGTH)
        self.password = self._field("setupPassword", 200)
        self.repeat = self._field("setupRepeat", 200)
        for secret in (self.password, self.repeat):
            secret.setEchoMode(QLineEdit.EchoMode.Password)
        self.errors = {
            "terminal_id": QLabel(self),
            "operator_id": QLabel(self),
            "name": QLabel(self),
            "password": QLabel(self),
            "repeat": QLabel(self),
        }
        for label in self.errors.values():
            label.setStyleSheet(ERROR_STYLE)
            label.setWordWrap(True)
        rule = QLabel(
            self.tr(
                "At least 10 characters with at least one letter and one digit, "
                "not containing the operator ID."
            ),
            self,
        )
        rule.setWordWrap(True)
        self.submit_button = QPushButton(self.tr("Register"), self)
        self.submit_button.setDefault(True)
        self.submit_button.setAutoDefault(True)
        self.submit_button.clicked.connect(self.submit)
        for field in (self.terminal_id, self.admin_id, self.admin_name, self.password):
            field.returnPressed.connect(self.focusNextChild)
        self.repeat.returnPressed.connect(self.submit)
        self.message = QLabel(self)
        self.message.setObjectName("setupMessage")
        self.message.setWordWrap(True)

        form = QFormLayout()
        rows = (
            (self.tr("Terminal ID"), self.terminal_id, "terminal_id"),
            (self.tr("Administrator's operator ID"), self.admin_id, "operator_id"),
            (self.tr("Administrator's name"), self.admin_name, "name"),
            (self.tr("Password"), self.password, "password"),
            (self.tr("Password (again)"), self.repeat, "repeat"),
        )
        for text, field, key in rows:
            line = QHBoxLayout()
            line.addWidget(field, 1)
            line.addWidget(self.errors[key], 1)
            form.addRow(text, line)
        form.addRow("", rule)
        form.addRow("", self.submit_button)
        box = QGroupBox(self.tr("Terminal and first rights administrator"), self)
        box.setMaximumWidth(820)
        inner = QVBoxLayout(box)
        inner.addWidget(intro)
        inner.addLayout(form)
        inner.addWidget(self.message)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(box, 4)
        row.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addStretch(1)
        layout.addWidget(title)
        layout.addSpacing(16)
        layout.addLayout(row)
        layout.addStretch(2)
        self.setTabOrder(self.terminal_id, self.admin_id)
        self.setTabOrder(self.admin_id, self.admin_name)
        self.setTabOrder(self.admin_name, self.password)
        self.setTabOrder(self.password, self.repeat)
        self.setTabOrder(self.repeat, self.submit_button)
        fields = [self.terminal_id, self.admin_id, self.admin_name, self.password, self.repeat]
        self.calls = ServiceCall(self.message, [*fields, self.submit_button], self, worker)
        self._error_field = ""
        self._set_up_elsewhere = False

    def _field(self, name: str, length: int) -> QLineEdit:
        field = QLineEdit(self)
        field.setObjectName(name)
        field.setMaxLength(length)
        return field

    def showEvent(self, event: QShowEvent) -> None:
        """Start in the first empty field, so the keyboard alone gets through the page."""
        super().showEvent(event)
        for field in (self.terminal_id, self.admin_id):
            if not field.text():
                field.setFocus()
                return
        self.admin_name.setFocus()

    def error_text(self, key: str) -> str:
        """The line shown next to field ``key`` ("" when it has none)."""
        label = self.errors.get(key)
        return label.text() if label is not None else ""

    # -- submitting -------------------------------------------------------------------
    def submit(self) -> None:
        """Check the input here first, then set up on the database worker."""
        if not self.calls.can_start():
            return
        for label in self.errors.values():
            label.clear()
        self.message.clear()
        problem = self._local_problem()
        if problem is not None:
            self._show_error(*problem)
            return
        setup = self._setup
        terminal_id, admin_id = self.terminal_id.text(), self.admin_id.text()
        name, password = self.admin_name.text(), self.password.text()
        self.calls.run(
            lambda: setup.set_up(terminal_id, admin_id, name, password),
            self._done,
            describe=self._describe,
            show_error=lambda text: self._show_error(self._error_field, text),
        )

    def _local_problem(self) -> tuple[str, str] | None:
        """(field, text) of the first problem found without the database, or None."""
        try:
            check_id("terminal_id", self.terminal_id.text())
            admin_id = check_id("operator_id", self.admin_id.text())
        except DomainError as error:
            return error.field, self._field_text(error.field)
        name = self.admin_name.text().strip()
        if not name or not plain_text(name):
            return "name", self._field_text("name")
        password = self.password.text()
        if password_problem(password, admin_id) is not None:
            return "password", self._field_text("password")
        if password != self.repeat.text():
            return "repeat", self.tr("The two entries differ.")
        return None

    def _field_text(self, field: str) -> str:
        texts = {
            "terminal_id": self.tr("Enter 1 to 32 characters without control characters."),
            "operator_id": self.tr("Enter 1 to 32 characters without control characters."),
            "name": self.tr("Enter the name (up to 100 characters)."),
            "password": self.tr("The password does not meet the rule."),
        }
        return texts.get(field, "")

    def _describe(self, error: Exception) -> str | None:
        """A refusal's Japanese text; remembers which field it names."""
        if isinstance(error, RegisterNotNew):
            self._error_field = ""
            self._set_up_elsewhere = True
            return self.tr("This register has already been set up. Log in.")
        if isinstance(error, DomainError):
            text = self._field_text(error.field)
            self._error_field = error.field if text else ""
            return text or str(error)  # a storage fault: its own Japanese text
        return None

    def _show_error(self, field: str, text: str) -> None:
        label = self.errors.get(field)
        if label is None:
            self.message.setStyleSheet(ERROR_STYLE)
            self.message.setText(text)
        else:
            label.setText(text)
            inputs = {
                "terminal_id": self.terminal_id,
                "operator_id": self.admin_id,
                "name": self.admin_name,
                "password": self.password,
                "repeat": self.repeat,
            }
            inputs[field].setFocus()  # the keyboard continues where the problem is
        if self._set_up_elsewhere:  # the login page comes next all the same
            self._forget_password()
            self.completed.emit(None)

    def _done(self, done: SetUpDone) -> None:
        self._forget_password()
        self.completed.emit(done)

    def _forget_password(self) -> None:
        self.password.clear()
        self.repeat.clear()


def show_first_setup(
    pages: QStackedWidget,
    login: LoginPage,
    setup: SetUp,
    terminal_id: str,
    worker: WorkerThread,
) -> SetupPage:
    """Put the set-up page in front of the login page until the register is set up."""
    page = SetupPage(setup, terminal_id, worker, pages)
    pages.addWidget(page)
    pages.setCurrentWidget(page)

    def finished(done: SetUpDone | None) -> None:
        pages.setCurrentWidget(login)
        if done is not None:
            login.panel.operator_id.setText(done.admin_id)
            login.panel.password.setFocus()
        pages.removeWidget(page)
        page.deleteLater()

    page.completed.connect(finished)
    return page
