"""The real main window: login, lockout, granted views, curtain, lock, reveal, hardcopy.

Logins, the lock and logout logging, reveals and the hardcopy's log run on the database
worker; the tests wait for them with ``settle``. A slow fake sensor shows that the window
keeps turning while a finger is read, and that the reading can be cancelled.
"""

from __future__ import annotations

import json
import threading
import time

import pytest
from PySide6.QtCore import QCoreApplication, Qt, QTimer, QTranslator
from PySide6.QtWidgets import QDialog, QInputDialog
from pytestqt.qtbot import QtBot
from ui_support import NUMBER, FakePersonView, SlowSensor, log_rows, settle

from app import bootstrap
from app.clock import ManualClock
from app.domain.rights import Right
from hardware.biometric_sim import SimulatedFingerprintDevice
from ui.i18n import TRANSLATIONS_DIR
from ui.main import window_services
from ui.main_window import MainWindow, WindowServices
from ui.views import registry
from ui.views.registry import ViewRegistration
from ui.worker_thread import WorkerThread


@pytest.fixture(autouse=True)
def only_fake_views(monkeypatch: pytest.MonkeyPatch) -> None:
    # Only the administration view and a fake person view: other features' views have tests
    # of their own and need their own data.
    views = [
        *(r for r in registry.VIEWS if r.right is Right.RIGHTS_ADMIN),
        ViewRegistration(Right.SEARCH, "Person", FakePersonView),
        ViewRegistration(Right.CONFIRM_OTHERS, "Person", FakePersonView),
    ]
    monkeypatch.setattr(registry, "VIEWS", views)


def _window(qtbot: QtBot, services: WindowServices) -> MainWindow:
    win = MainWindow(services)
    qtbot.addWidget(win)
    win.show()
    return win


@pytest.fixture
def window(qtbot: QtBot, services: WindowServices) -> MainWindow:
    return _window(qtbot, services)


def _finger_login(window: MainWindow, qtbot: QtBot, operator_id: str, finger: str) -> None:
    panel = window.login_page.panel
    panel.operator_id.setText(operator_id)
    assert panel.scanner is not None
    panel.scanner.select(finger)
    qtbot.mouseClick(panel.scanner.place_button, Qt.MouseButton.LeftButton)
    settle(qtbot, window.worker)


def _person(window: MainWindow) -> FakePersonView:
    [view] = [v for v in window.views if isinstance(v, FakePersonView)]
    return view


def test_fingerprint_login_shows_only_granted_views(window: MainWindow, qtbot: QtBot) -> None:
    assert window.pages.currentWidget() is window.login_page
    _finger_login(window, qtbot, "clerk01", "right_index")
    assert window.session is not None and window.session.operator_id == "clerk01"
    assert window.pages.currentWidget() is window.tabs
    assert window.tabs.count() == 1  # the person view; no rights administration
    assert "clerk01" in window.status.operator_label.text()
    assert not window.hardcopy_action.isVisible()


def test_wrong_finger_fails_and_locks_out(
    window: MainWindow, qtbot: QtBot, container: bootstrap.Container
) -> None:
    for _ in range(container.auth.policy.max_failures):
        _finger_login(window, qtbot, "clerk01", "unknown")
        assert window.session is None
    # The attempt that locks reads like any wrong attempt (an unknown ID never locks).
    assert "locked" not in window.login_page.panel.message.text()
    assert "not correct" in window.login_page.panel.message.text()
    _finger_login(window, qtbot, "clerk01", "right_index")
    assert window.session is None
    assert "locked until" in window.login_page.panel.message.text()
    assert len(log_rows(container, "auth.lockout")) == 1


def test_password_login_and_refusal_without_fallback(
    window: MainWindow, qtbot: QtBot, container: bootstrap.Container
) -> None:
    from app.services.operators import console_session

    container.operators.allow_password(console_session("admin01", "DEMO-01"), "super01", False)
    panel = window.login_page.panel
    panel.operator_id.setText("super01")
    panel.password.setText("demo-pass-02")
    qtbot.mouseClick(panel.password_button, Qt.MouseButton.LeftButton)
    assert panel.password.text() == ""  # not kept, even while the attempt runs
    settle(qtbot, window.worker)
    assert window.session is None
    assert "not enabled" in panel.message.text()
    assert panel.password.text() == ""  # not kept after the attempt
    panel.operator_id.setText("clerk01")
    panel.password.setText("demo-pass-01")
    qtbot.mouseClick(panel.password_button, Qt.MouseButton.LeftButton)
    settle(qtbot, window.worker)
    assert window.session is not None and window.session.operator_id == "clerk01"


def test_curtain_after_idle_hides_and_clears(
    window: MainWindow, qtbot: QtBot, clock: ManualClock
) -> None:
    _finger_login(window, qtbot, "clerk01", "right_index")
    view = _person(window)
    clock.advance(seconds=10)
    window.idle.check()
    assert not window.is_curtained()
    clock.advance(seconds=25)
    window.idle.check()
    assert window.is_curtained()
    assert window.curtain.geometry() == window.rect()
    assert view.name.text() == "" and view.number.value_label.text() == "—"
    qtbot.keyClick(window.curtain, Qt.Key.Key_Space)
    assert not window.is_curtained()
    assert window.session is not None  # the curtain is not a lock


@pytest.mark.parametrize("cover", ["curtain", "lock"])
def test_the_curtain_and_the_lock_cancel_open_dialogs(
    window: MainWindow, qtbot: QtBot, cover: str
) -> None:
    _finger_login(window, qtbot, "clerk01", "right_index")
    dialog = QInputDialog(_person(window))  # any form a view opened, modal and still typed in
    dialog.setTextValue("試験 花子")
    dialog.open()
    assert dialog.isVisible()
    if cover == "curtain":
        window.show_curtain()
    else:
        window.leave_seat()
    assert not dialog.isVisible()  # it would float above the cover, usable by anyone
    assert dialog.result() == QDialog.DialogCode.Rejected


def test_hot_key_drops_the_curtain(window: MainWindow, qtbot: QtBot) -> None:
    _finger_login(window, qtbot, "clerk01", "right_index")
    window.curtain_action.trigger()
    assert window.is_curtained()


def test_lock_after_long_idle_needs_the_same_operator(
    window: MainWindow, qtbot: QtBot, clock: ManualClock, container: bootstrap.Container
) -> None:
    _finger_login(window, qtbot, "clerk01", "right_index")
    clock.advance(seconds=301)
    window.idle.check()
    assert window.is_locked()
    lock = window.lock_screen
    assert lock is not None
    assert lock.panel.operator_id.isReadOnly()
    settle(qtbot, window.worker)  # the lock is logged; until then the form waits
    assert lock.panel.isEnabled()
    container.biometric.place("super01", "right_index")  # somebody else's finger
    lock.panel.login_fingerprint()
    settle(qtbot, window.worker)
    assert window.is_locked()
    assert lock.panel.scanner is not None
    lock.panel.scanner.select("left_index")
    qtbot.mouseClick(lock.panel.scanner.place_button, Qt.MouseButton.LeftButton)
    settle(qtbot, window.worker)
    assert not window.is_locked()
    assert window.session is not None and window.session.operator_id == "clerk01"
    assert json.loads(log_rows(container, "auth.expire")[0].detail)["reason"] == "idle"
    assert [r.outcome for r in log_rows(container, "auth.reauthenticate")] == ["failed", "ok"]


def test_logout_from_the_lock_screen(
    window: MainWindow, qtbot: QtBot, container: bootstrap.Container
) -> None:
    _finger_login(window, qtbot, "clerk01", "right_index")
    window.lock_action.trigger()
    assert window.lock_screen is not None
    qtbot.mouseClick(window.lock_screen.logout_button, Qt.MouseButton.LeftButton)
    assert window.session is None
    assert window.pages.currentWidget() is window.login_page
    assert window.views == []
    assert window.recording and not window.login_page.panel.isEnabled()
    settle(qtbot, window.worker)
    assert not window.recording and window.login_page.panel.isEnabled()
    assert [r.operation for r in log_rows(container, "auth.lock")] == ["auth.lock"]
    assert json.loads(log_rows(container, "auth.logout")[0].detail)["reason"] == "locked"


def test_number_is_masked_and_its_reveal_logged(
    window: MainWindow, qtbot: QtBot, container: bootstrap.Container
) -> None:
    _finger_login(window, qtbot, "super01", "right_index")
    field = _person(window).number
    assert NUMBER not in field.value_label.text()
    assert field.reveal_button.isVisible()
    qtbot.mouseClick(field.reveal_button, Qt.MouseButton.LeftButton)
    settle(qtbot, window.worker)
    assert field.value_label.text() == NUMBER
    [row] = log_rows(container, "privacy.reveal_my_number")
    assert (row.operator_id, row.outcome, row.target) == ("super01", "ok", "resident:00000000019")
    assert NUMBER not in row.detail and NUMBER not in row.target


def test_reveal_without_the_right_is_refused_and_logged(
    window: MainWindow, qtbot: QtBot, container: bootstrap.Container
) -> None:
    _finger_login(window, qtbot, "clerk01", "right_index")
    field = _person(window).number
    assert not field.reveal_button.isVisible()
    field.reveal()  # a direct call, as if the button were there
    settle(qtbot, window.worker)
    assert NUMBER not in field.value_label.text()
    assert log_rows(container, "privacy.reveal_my_number")[0].outcome == "refused"


def test_hardcopy_is_watermarked_and_logged(
    window: MainWindow, qtbot: QtBot, container: bootstrap.Container
) -> None:
    _finger_login(window, qtbot, "super01", "right_index")
    assert window.hardcopy_action.isVisible()
    assert window.take_hardcopy("監査のため")
    assert not window.hardcopy_action.isEnabled()  # one hardcopy at a time
    settle(qtbot, window.worker)
    assert window.hardcopy_action.isEnabled()
    [row] = log_rows(container, "privacy.hardcopy")
    detail = json.loads(row.detail)
    assert detail["reason"] == "監査のため"
    path = container.settings.data_dir / "hardcopies" / detail["file"]
    assert path.exists() and path.stat().st_size > 0
    assert path.name in window.status.currentMessage()


def test_revoked_operator_cannot_log_in_from_the_window(
    window: MainWindow, qtbot: QtBot, container: bootstrap.Container
) -> None:
    from app.services.operators import console_session

    admin = console_session("admin01", "DEMO-01")
    container.operators.revoke_operator(admin, "clerk01", reason="退職")
    _finger_login(window, qtbot, "clerk01", "right_index")
    assert window.session is None
    assert "revoked" in window.login_page.panel.message.text()


def test_admin_sees_the_rights_administration_view(
    window: MainWindow, qtbot: QtBot, container: bootstrap.Container
) -> None:
    from ui.admin.operators import OperatorAdminView

    _finger_login(window, qtbot, "admin01", "right_index")
    [admin_view] = [v for v in window.views if isinstance(v, OperatorAdminView)]
    settle(qtbot, window.worker)  # the page loads its lists on the worker
    assert admin_view.operators.rowCount() == 3
    assert admin_view.ledger.rowCount() == container.operators.ledger_count()


def _slow_window(
    qtbot: QtBot, container: bootstrap.Container, db_worker: WorkerThread, delay: float
) -> tuple[MainWindow, SlowSensor]:
    sensor = container.biometric
    assert isinstance(sensor, SimulatedFingerprintDevice)
    slow = SlowSensor(sensor, delay)
    container.biometric = slow  # before the login service is built with it
    return _window(qtbot, window_services(container, db_worker)), slow


def test_the_event_loop_keeps_turning_while_the_sensor_is_read(
    qtbot: QtBot, container: bootstrap.Container, db_worker: WorkerThread
) -> None:
    window, slow = _slow_window(qtbot, container, db_worker, 0.3)
    panel = window.login_page.panel
    panel.operator_id.setText("clerk01")
    assert panel.scanner is not None  # the training picker, through the port
    panel.scanner.select("right_index")
    ticks: list[int] = []
    timer = QTimer()
    timer.setInterval(10)
    timer.timeout.connect(lambda: ticks.append(1))
    timer.start()
    with qtbot.waitSignal(panel.authenticated, timeout=5_000):
        qtbot.mouseClick(panel.scanner.place_button, Qt.MouseButton.LeftButton)
        assert not panel.fingerprint_button.isEnabled()
        assert panel.cancel_button.isVisible()
        assert panel.message.text() == "Reading the fingerprint sensor…"
    timer.stop()
    assert len(ticks) >= 5  # ~30 ticks in 300 ms; a blocked GUI thread would count none
    assert slow.threads and threading.get_ident() not in slow.threads
    assert window.session is not None and window.session.operator_id == "clerk01"
    assert not panel.cancel_button.isVisible()


def test_a_fingerprint_reading_can_be_cancelled(
    qtbot: QtBot, container: bootstrap.Container, db_worker: WorkerThread
) -> None:
    window, slow = _slow_window(qtbot, container, db_worker, 10.0)  # nobody puts a finger
    panel = window.login_page.panel
    panel.operator_id.setText("clerk01")
    panel.login_fingerprint()
    qtbot.waitUntil(lambda: bool(slow.threads), timeout=5_000)
    qtbot.mouseClick(panel.cancel_button, Qt.MouseButton.LeftButton)
    assert panel.fingerprint_button.isEnabled()  # usable again at once
    assert not panel.cancel_button.isVisible()
    assert panel.message.text() == "Fingerprint reading cancelled."
    settle(qtbot, db_worker, timeout=5_000)  # the sensor stopped waiting at the cancel
    assert window.session is None
    assert panel.message.text() == "Fingerprint reading cancelled."  # no late message
    assert [r.outcome for r in log_rows(container, "auth.login")] == ["failed"]


def test_a_failed_login_shows_its_japanese_message(
    qtbot: QtBot, window: MainWindow, container: bootstrap.Container
) -> None:
    from app.services.operators import console_session

    container.operators.revoke_operator(
        console_session("admin01", "DEMO-01"), "clerk01", reason="退職"
    )
    translator = QTranslator()
    assert translator.load(str(TRANSLATIONS_DIR / "madoguchi_ja.qm"))
    QCoreApplication.installTranslator(translator)
    try:
        panel = window.login_page.panel
        panel.operator_id.setText("clerk01")
        panel.password.setText("demo-pass-01")
        panel.login_password()
        assert panel.message.text() == "処理中…"
        settle(qtbot, window.worker)
        assert panel.message.text() == "この操作者IDは失効しています。"
    finally:
        QCoreApplication.removeTranslator(translator)


class SensorWithoutCancel:
    """A sensor that cannot be told to stop waiting: the finger arrives after 300 ms."""

    def __init__(self, inner: SimulatedFingerprintDevice) -> None:
        self.inner = inner
        self.captures = 0

    def is_ready(self) -> bool:
        """As the simulator."""
        return True

    def enroll(self, finger: str, *, subject: str) -> bytes:
        """As the simulator."""
        return self.inner.enroll(finger, subject=subject)

    def capture(self) -> bytes | None:
        """The placed finger, late."""
        self.captures += 1
        time.sleep(0.3)
        return self.inner.capture()

    def matches(self, sample: bytes, template: bytes) -> bool:
        """As the simulator."""
        return self.inner.matches(sample, template)

    def place(self, subject: str, finger: str) -> None:
        """As the simulator."""
        self.inner.place(subject, finger)

    def place_unknown(self) -> None:
        """As the simulator."""
        self.inner.place_unknown()


def test_a_login_that_succeeds_after_cancel_is_closed_again(
    qtbot: QtBot, container: bootstrap.Container, db_worker: WorkerThread
) -> None:
    sensor = container.biometric
    assert isinstance(sensor, SimulatedFingerprintDevice)
    late = SensorWithoutCancel(sensor)
    container.biometric = late
    window = _window(qtbot, window_services(container, db_worker))
    panel = window.login_page.panel
    panel.operator_id.setText("clerk01")
    late.place("clerk01", "right_index")
    panel.login_fingerprint()
    qtbot.waitUntil(lambda: late.captures == 1, timeout=5_000)
    panel.cancel()
    settle(qtbot, db_worker)
    assert window.session is None  # the late session is never used
    [login] = log_rows(container, "auth.login")
    [logout] = log_rows(container, "auth.logout")
    assert login.outcome == "ok"
    assert logout.correlation_id == login.correlation_id
    assert json.loads(logout.detail)["reason"] == "cancelled"
