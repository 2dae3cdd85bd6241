"""The login page (operator ID + fingerprint, or password where enabled) and its re-auth form.

In training mode, with the simulated sensor, a "simulated scanner" panel lets the person at
the demo window choose which finger to place (an enrolled one or a wrong one); tests call
the same methods programmatically. The login call (with the sensor's capture) runs on the
database worker; while the sensor is read, Cancel stops waiting for it.
"""

from __future__ import annotations

import dataclasses

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.clock import JST
from app.domain.rights import AuthMethod, OperatorSession
from app.ports import CancellableCapture, SimulatedFingers
from app.services.auth import AuthService, LoginFailed, LoginProblem
from ui.views.service_call import ServiceCall
from ui.worker_thread import WorkerThread

UNKNOWN_FINGER = "unknown"


@dataclasses.dataclass(frozen=True)
class LoginServices:
    """What the login page and the lock screen use."""

    auth: AuthService
    terminal_id: str
    worker: WorkerThread
    fingers: SimulatedFingers | None = None
    """The training sensor's on-screen finger picker; None for a real sensor."""


def login_error_text(error: Exception) -> str | None:
    """A failed login's text; None for other errors (they show their own text)."""
    return problem_text(error) if isinstance(error, LoginFailed) else None


def problem_text(error: LoginFailed) -> str:
    """The message shown for a failed login (never says whether the ID exists)."""
    texts = {
        LoginProblem.BAD_CREDENTIALS: QCoreApplication.translate(
            "LoginPanel", "The operator ID or the authentication is not correct."
        ),
        LoginProblem.NO_SAMPLE: QCoreApplication.translate(
            "LoginPanel", "No finger was detected on the sensor."
        ),
        LoginProblem.DEVICE_UNAVAILABLE: QCoreApplication.translate(
            "LoginPanel", "The fingerprint sensor is not ready."
        ),
        LoginProblem.LOCKED_OUT: QCoreApplication.translate(
            "LoginPanel", "Too many failed attempts: this ID is locked until %1."
        ),
        LoginProblem.PASSWORD_NOT_ALLOWED: QCoreApplication.translate(
            "LoginPanel", "Password login is not enabled for this operator. Use the fingerprint."
        ),
        LoginProblem.REVOKED: QCoreApplication.translate(
            "LoginPanel", "This operator ID has been revoked."
        ),
        LoginProblem.NO_VALID_GRANT: QCoreApplication.translate(
            "LoginPanel", "This operator has no right valid today. Ask the rights administrator."
        ),
        LoginProblem.UNKNOWN_TERMINAL: QCoreApplication.translate(
            "LoginPanel", "This terminal is not registered."
        ),
        LoginProblem.WRONG_OPERATOR: QCoreApplication.translate(
            "LoginPanel", "Only the same operator can unlock."
        ),
        LoginProblem.SESSION_ENDED: QCoreApplication.translate(
            "LoginPanel",
            "This session was ended by a login at another terminal. Log out and log in again.",
        ),
    }
    text = texts[error.problem]
    if error.locked_until is not None:
        until = error.locked_until.astimezone(JST).strftime("%H:%M")
        if error.problem is LoginProblem.LOCKED_OUT:
            text = text.replace("%1", until)
        else:
            text += " " + QCoreApplication.translate(
                "LoginPanel", "This ID is now locked until %1."
            ).replace("%1", until)
    return text


class SimulatedScannerPanel(QGroupBox):
    """Training only: pick a finger and place it on the simulated sensor."""

    placed = Signal()

    def __init__(
        self, device: SimulatedFingers, subject: QLineEdit, parent: QWidget | None = None
    ) -> None:
        super().__init__(self.tr("Simulated fingerprint sensor (training)"), parent)
        self._device = device
        self._subject = subject
        self.finger = QComboBox(self)
        for key, label in (
            ("right_index", self.tr("Right index finger")),
            ("left_index", self.tr("Left index finger")),
            ("right_thumb", self.tr("Right thumb")),
            (UNKNOWN_FINGER, self.tr("A finger that is not enrolled")),
        ):
            self.finger.addItem(label, key)
        self.place_button = QPushButton(self.tr("Place finger on the sensor"), self)
        self.place_button.clicked.connect(self.place_selected)
        layout = QHBoxLayout(self)
        layout.addWidget(self.finger, 1)
        layout.addWidget(self.place_button)

    def select(self, finger: str) -> None:
        """Choose a finger by its key (tests and keyboard users)."""
        index = self.finger.findData(finger)
        if index >= 0:
            self.finger.setCurrentIndex(index)

    def place_selected(self) -> None:
        """Place the chosen finger of the person whose ID is typed, then start the scan."""
        finger = str(self.finger.currentData())
        if finger == UNKNOWN_FINGER:
            self._device.place_unknown()
        else:
            self._device.place(self._subject.text().strip(), finger)
        self.placed.emit()


class LoginPanel(QWidget):
    """Operator ID with fingerprint or password; emits ``authenticated`` with the session.

    With ``unlock`` set, it re-authenticates that session's operator (the lock screen).
    """

    authenticated = Signal(object)

    def __init__(
        self,
        services: LoginServices,
        *,
        unlock: OperatorSession | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._auth = services.auth
        self._worker = services.worker
        self._terminal_id = services.terminal_id
        self._unlock = unlock
        self.operator_id = QLineEdit(self)
        self.operator_id.setObjectName("operatorId")
        self.operator_id.setMaxLength(32)
        self.operator_id.setPlaceholderText(self.tr("e.g. clerk01"))
        if unlock is not None:
            self.operator_id.setText(unlock.operator_id)
            self.operator_id.setReadOnly(True)
        self.fingerprint_button = QPushButton(self.tr("Log in with fingerprint"), self)
        self.fingerprint_button.setDefault(True)
        self.fingerprint_button.clicked.connect(self.login_fingerprint)
        self.password = QLineEdit(self)
        self.password.setObjectName("password")
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.password.setPlaceholderText(self.tr("only if enabled by the administrator"))
        self.password.returnPressed.connect(self.login_password)
        self.password_button = QPushButton(self.tr("Log in with password"), self)
        self.password_button.clicked.connect(self.login_password)
        self.cancel_button = QPushButton(self.tr("Cancel"), self)
        self.cancel_button.setVisible(False)
        self.cancel_button.clicked.connect(self.cancel)
        self.message = QLabel(self)
        self.message.setObjectName("loginMessage")
        self.message.setWordWrap(True)
        self.message.setStyleSheet("color: #b00020;")
        if unlock is not None:
            self.fingerprint_button.setText(self.tr("Unlock with fingerprint"))
            self.password_button.setText(self.tr("Unlock with password"))

        form = QFormLayout()
        form.addRow(self.tr("Operator ID"), self.operator_id)
        form.addRow("", self.fingerprint_button)
        form.addRow(self.tr("Password"), self.password)
        form.addRow("", self.password_button)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        self.scanner: SimulatedScannerPanel | None = None
        controls = [self.fingerprint_button, self.password_button]
        if services.fingers is not None:
            self.scanner = SimulatedScannerPanel(services.fingers, self.operator_id, self)
            self.scanner.placed.connect(self.login_fingerprint)
            layout.addWidget(self.scanner)
            controls.append(self.scanner.place_button)
        row = QHBoxLayout()
        row.addWidget(self.message, 1)
        row.addWidget(self.cancel_button)
        layout.addLayout(row)
        layout.addStretch(1)
        self.calls = ServiceCall(self.message, controls, self, services.worker)
        self.calls.busy_changed.connect(self._busy_changed)

    def login_fingerprint(self) -> None:
        """Read the sensor and log in (or unlock)."""
        self._attempt(AuthMethod.BIOMETRIC)

    def login_password(self) -> None:
        """Check the password and log in (or unlock)."""
        self._attempt(AuthMethod.PASSWORD)

    def cancel(self) -> None:
        """Stop waiting for the sensor; the panel is usable again at once."""
        device = self._auth.device
        if isinstance(device, CancellableCapture):
            device.cancel_capture()
        self.calls.abandon()
        self.message.setText(self.tr("Fingerprint reading cancelled."))

    def _attempt(self, method: AuthMethod) -> None:
        if not self.calls.can_start():
            return
        operator_id = self.operator_id.text().strip()
        password = self.password.text()
        self.password.clear()  # never kept in the widget after an attempt
        if not operator_id:
            self.message.setText(self.tr("Enter your operator ID."))
            return
        auth, terminal_id, unlock = self._auth, self._terminal_id, self._unlock

        def attempt() -> OperatorSession:
            if unlock is not None:
                return auth.reauthenticate(unlock, method, password)
            if method is AuthMethod.BIOMETRIC:
                return auth.login_biometric(operator_id, terminal_id)
            return auth.login_password(operator_id, password, terminal_id)

        biometric = method is AuthMethod.BIOMETRIC
        self.calls.run(
            attempt,
            self._authenticated,
            describe=login_error_text,
            on_stale=self._close_dropped,
            busy_text=self.tr("Reading the fingerprint sensor…") if biometric else None,
        )
        self.cancel_button.setVisible(biometric and self.calls.busy)

    def _busy_changed(self, busy: bool) -> None:
        if not busy:
            self.cancel_button.setVisible(False)

    def _authenticated(self, session: OperatorSession) -> None:
        self.message.clear()
        if self._unlock is None:
            self.operator_id.clear()
        self.authenticated.emit(session)

    def _close_dropped(self, session: OperatorSession) -> None:
        """A login finished after Cancel: nobody uses that session, so it is closed (logged)."""
        if self._unlock is None:  # an unlock opens no session of its own
            auth = self._auth
            self._worker.submit(lambda: auth.logout(session, reason="cancelled"), self)


class LoginPage(QWidget):
    """The page shown before anyone is logged in: a title and the login panel, centred."""

    def __init__(self, services: LoginServices, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        title = QLabel(self.tr("Madoguchi counter terminal"), self)
        title.setStyleSheet("font-size: 26px; font-weight: bold;")
        title.setAlignment(Qt.AlignmentFlag.AlignCenter)
        subtitle = QLabel(
            self.tr("Log in with your personal operator ID. Shared IDs are not allowed."), self
        )
        subtitle.setAlignment(Qt.AlignmentFlag.AlignCenter)
        box = QGroupBox(self.tr("Operator login"), self)
        box.setMaximumWidth(560)
        self.panel = LoginPanel(services, parent=box)
        QVBoxLayout(box).addWidget(self.panel)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(box, 2)
        row.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addStretch(1)
        layout.addWidget(title)
        layout.addWidget(subtitle)
        layout.addSpacing(16)
        layout.addLayout(row)
        layout.addStretch(2)
