"""The operators admin page: enroll a finger, set a password, switch the password fallback.

The tests drive the real widgets (buttons, the modal dialogs, the table) and check the
result where it counts: the rights ledger, the operation log and a real login afterwards.
The page's service calls run on the database worker; the tests wait for them (``settle``).
"""

from __future__ import annotations

import datetime as dt
import json
import os
import threading
from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication, Qt, QTimer, QTranslator
from PySide6.QtWidgets import QApplication, QDialogButtonBox, QInputDialog, QPushButton, QWidget
from pytestqt.qtbot import QtBot
from sqlalchemy import update
from ui_support import TERMINAL, SlowSensor, log_rows, settle

from app import bootstrap
from app.db.models.operators import Grant
from app.domain.rights import OperatorSession, Right
from app.services.auth import LoginFailed, LoginProblem
from app.services.operators import LEDGER_COLUMNS
from hardware.biometric_sim import SimulatedFingerprintDevice
from ui.admin.operators import (
    EnrollFingerDialog,
    OperatorAdminView,
    SetPasswordDialog,
    a_year_after,
)
from ui.i18n import TRANSLATIONS_DIR
from ui.views.registry import views_for
from ui.worker_thread import WorkerThread

NEW_PASSWORD = "new-pass-2026"
COLUMN_PASSWORD, COLUMN_FINGERS = 4, 5


def _login(container: bootstrap.Container, operator_id: str, password: str) -> OperatorSession:
    return container.auth.login_password(operator_id, password, TERMINAL)


def _admin_view(
    qtbot: QtBot,
    container: bootstrap.Container,
    worker: WorkerThread,
    session: OperatorSession,
    sensor: object = None,
) -> OperatorAdminView:
    view = OperatorAdminView(
        session,
        operators=container.operators,
        biometric=sensor or container.biometric,  # type: ignore[arg-type]
        clock=container.clock,
    )
    qtbot.addWidget(view)
    view.attach_db_worker(worker)
    settle(qtbot, worker)
    return view


@pytest.fixture
def page(
    qtbot: QtBot, container: bootstrap.Container, db_worker: WorkerThread
) -> OperatorAdminView:
    """The admin page for admin01, logged in through the login service."""
    view = _admin_view(qtbot, container, db_worker, _login(container, "admin01", "demo-pass-03"))
    view.resize(1100, 600)
    view.show()
    qtbot.waitExposed(view)
    return view


def _when_modal(handle: Callable[[QWidget], None]) -> list[QWidget]:
    """Run ``handle`` on the modal dialog the next click opens; returns what it saw."""
    seen: list[QWidget] = []

    def act() -> None:
        dialog = QApplication.activeModalWidget()
        if dialog is None:  # not shown yet: try again on the next turn of the loop
            QTimer.singleShot(10, act)
            return
        seen.append(dialog)
        handle(dialog)

    QTimer.singleShot(0, act)
    return seen


def _cell(page: OperatorAdminView, operator_id: str, column: int) -> str:
    for row in range(page.operators.rowCount()):
        item = page.operators.item(row, 0)
        if item is not None and item.text() == operator_id:
            cell = page.operators.item(row, column)
            assert cell is not None
            return cell.text()
    raise AssertionError(f"{operator_id} is not listed")


def _ledger_actions(container: bootstrap.Container, admin: OperatorSession) -> list[str]:
    return [entry.action for entry in container.operators.ledger(admin)]


def test_enroll_a_finger_for_the_selected_operator(
    qtbot: QtBot, page: OperatorAdminView, container: bootstrap.Container, db_worker: WorkerThread
) -> None:
    page.select_operator("super01")
    assert page.enroll_button.isEnabled()
    assert _cell(page, "super01", COLUMN_FINGERS) == "Right index finger"

    def choose_left_thumb(dialog: QWidget) -> None:
        assert isinstance(dialog, EnrollFingerDialog)
        dialog.select("left_thumb")
        dialog.accept()

    seen = _when_modal(choose_left_thumb)
    qtbot.mouseClick(page.enroll_button, Qt.MouseButton.LeftButton)
    settle(qtbot, db_worker)
    assert len(seen) == 1
    assert _cell(page, "super01", COLUMN_FINGERS) == "Left thumb、Right index finger"
    entry = container.operators.ledger(_login(container, "admin01", "demo-pass-03"))[-1]
    assert (entry.action, entry.operator_id, entry.reason) == (
        "biometric_enroll",
        "super01",
        "left_thumb",
    )
    assert entry.administrator_id == "admin01"
    assert "left_thumb" in page.message.text() or "Left thumb" in page.message.text()
    sensor = container.biometric
    assert isinstance(sensor, SimulatedFingerprintDevice)
    sensor.place("super01", "left_thumb")
    assert container.auth.login_biometric("super01", TERMINAL).operator_id == "super01"


def test_cancelling_the_enrolment_changes_nothing(
    qtbot: QtBot, page: OperatorAdminView, container: bootstrap.Container
) -> None:
    admin = _login(container, "admin01", "demo-pass-03")
    before = _ledger_actions(container, admin)
    page.select_operator("clerk01")
    _when_modal(lambda dialog: dialog.close())
    qtbot.mouseClick(page.enroll_button, Qt.MouseButton.LeftButton)
    assert _ledger_actions(container, admin) == before


def test_a_sensor_that_is_not_ready_is_reported_without_a_dialog(
    qtbot: QtBot, page: OperatorAdminView, container: bootstrap.Container
) -> None:
    sensor = container.biometric
    assert isinstance(sensor, SimulatedFingerprintDevice)
    sensor.set_ready(False)
    page.select_operator("clerk01")
    qtbot.mouseClick(
        page.enroll_button, Qt.MouseButton.LeftButton
    )  # would block if a dialog opened
    assert page.message.text() == "The fingerprint sensor is not ready."
    assert "#b00020" in page.message.styleSheet()  # shown as a refusal, in red


def test_set_a_password_typed_twice(
    qtbot: QtBot, page: OperatorAdminView, container: bootstrap.Container, db_worker: WorkerThread
) -> None:
    page.select_operator("super01")
    checks: list[bool] = []

    def type_twice(dialog: QWidget) -> None:
        assert isinstance(dialog, SetPasswordDialog)
        ok = dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)
        dialog.password.setText("short1")
        checks.append(ok.isEnabled())  # too short
        dialog.password.setText("super01-pass-9")
        checks.append(ok.isEnabled())  # contains the operator ID
        dialog.password.setText(NEW_PASSWORD)
        dialog.repeat.setText(NEW_PASSWORD + "x")
        checks.append(ok.isEnabled())  # the two entries differ
        assert dialog.problem.text() == "The two entries differ."
        dialog.repeat.setText(NEW_PASSWORD)
        checks.append(ok.isEnabled())
        ok.click()

    seen = _when_modal(type_twice)
    qtbot.mouseClick(page.password_button, Qt.MouseButton.LeftButton)
    settle(qtbot, db_worker)
    assert checks == [False, False, False, True]
    dialog = seen[0]
    assert isinstance(dialog, SetPasswordDialog)
    assert dialog.password.text() == "" and dialog.repeat.text() == ""
    assert _login(container, "super01", NEW_PASSWORD).operator_id == "super01"
    with pytest.raises(LoginFailed):
        _login(container, "super01", "demo-pass-02")
    [row] = log_rows(container, "rights.password_set")
    assert (row.operator_id, row.target) == ("admin01", "super01")
    assert NEW_PASSWORD not in row.detail
    assert page.message.text() == "Password of super01 set."


def test_disable_and_enable_the_password_fallback_shows_in_the_list(
    qtbot: QtBot, page: OperatorAdminView, container: bootstrap.Container, db_worker: WorkerThread
) -> None:
    page.select_operator("clerk01")
    assert _cell(page, "clerk01", COLUMN_PASSWORD) == "yes"
    assert page.fallback_button.text() == "Disable password login"
    qtbot.mouseClick(page.fallback_button, Qt.MouseButton.LeftButton)
    assert not page.fallback_button.isEnabled()  # while the change is being saved
    settle(qtbot, db_worker)
    assert _cell(page, "clerk01", COLUMN_PASSWORD) == "no"
    assert page.selected_id() == "clerk01"  # the selection survives the refresh
    assert page.fallback_button.text() == "Enable password login"
    with pytest.raises(LoginFailed) as refused:
        _login(container, "clerk01", "demo-pass-01")
    assert refused.value.problem is LoginProblem.PASSWORD_NOT_ALLOWED
    qtbot.mouseClick(page.fallback_button, Qt.MouseButton.LeftButton)
    settle(qtbot, db_worker)
    assert _cell(page, "clerk01", COLUMN_PASSWORD) == "yes"
    assert _login(container, "clerk01", "demo-pass-01").operator_id == "clerk01"
    admin = _login(container, "admin01", "demo-pass-03")
    assert _ledger_actions(container, admin)[-2:] == ["password_disable", "password_enable"]
    rows = [log_rows(container, f"rights.password_{what}")[-1] for what in ("disable", "enable")]
    assert {(r.operator_id, r.target) for r in rows} == {("admin01", "clerk01")}


def test_an_administrator_cannot_enable_their_own_password(
    qtbot: QtBot, page: OperatorAdminView, container: bootstrap.Container, db_worker: WorkerThread
) -> None:
    page.select_operator("admin01")
    qtbot.mouseClick(page.fallback_button, Qt.MouseButton.LeftButton)  # disable: allowed
    settle(qtbot, db_worker)
    assert _cell(page, "admin01", COLUMN_PASSWORD) == "no"
    qtbot.mouseClick(page.fallback_button, Qt.MouseButton.LeftButton)  # enable own: refused
    settle(qtbot, db_worker)
    assert _cell(page, "admin01", COLUMN_PASSWORD) == "no"
    assert "cannot enable their own password" in page.message.text()


def test_credential_actions_are_off_for_a_revoked_operator_or_no_selection(
    qtbot: QtBot, page: OperatorAdminView, container: bootstrap.Container, db_worker: WorkerThread
) -> None:
    assert page.selected_id() is None
    assert not page.enroll_button.isEnabled() and not page.fallback_button.isEnabled()
    admin = _login(container, "admin01", "demo-pass-03")
    container.operators.revoke_operator(admin, "clerk01", reason="退職")
    page.refresh()
    settle(qtbot, db_worker)
    page.select_operator("clerk01")
    assert page.selected_id() == "clerk01"
    assert not any(
        b.isEnabled() for b in (page.enroll_button, page.password_button, page.fallback_button)
    )


def test_a_non_administrator_never_sees_the_actions(
    qtbot: QtBot, container: bootstrap.Container, db_worker: WorkerThread
) -> None:
    clerk = _login(container, "clerk01", "demo-pass-01")
    assert "Operators and rights" not in {view.title for view in views_for(clerk.rights)}
    view = _admin_view(qtbot, container, db_worker, clerk)
    texts = {button.text() for button in view.findChildren(QPushButton)}
    assert texts.isdisjoint(
        {"Enroll finger…", "Set password…", "Enable password login", "Disable password login",
         "Add operator…", "Grant right…", "Revoke operator…", "Export ledger as CSV…"}
    )  # fmt: skip
    assert not hasattr(view, "operators")
    assert log_rows(container, "operator.list") == []  # it did not even ask


def test_the_page_reads_nothing_once_the_admin_right_is_gone(
    qtbot: QtBot, page: OperatorAdminView, container: bootstrap.Container, db_worker: WorkerThread
) -> None:
    admin = _login(container, "admin01", "demo-pass-03")
    # A successor first: the last administrator's right cannot be revoked.
    container.operators.add_operator(admin, "admin02", "管理 二郎", role="権限管理者")
    container.operators.revoke_right(admin, "admin01", Right.RIGHTS_ADMIN, reason="異動")
    page.refresh()
    settle(qtbot, db_worker)
    assert page.operators.rowCount() == 0
    assert "rights_admin" in page.message.text()
    refusals = log_rows(container, "operator.list")
    assert [(r.operator_id, r.outcome) for r in refusals] == [("admin01", "refused")]
    assert json.loads(refusals[0].detail)["reason"] == "revoked"


def test_screenshot_of_the_page_in_japanese(
    qtbot: QtBot, container: bootstrap.Container, db_worker: WorkerThread, tmp_path: Path
) -> None:
    translator = QTranslator()
    assert translator.load(str(TRANSLATIONS_DIR / "madoguchi_ja.qm"))
    QCoreApplication.installTranslator(translator)
    try:
        admin = _login(container, "admin01", "demo-pass-03")
        view = _admin_view(qtbot, container, db_worker, admin)
        view.resize(1100, 500)
        view.show()
        qtbot.waitExposed(view)
        view.select_operator("clerk01")
        assert view.fallback_button.text() == "パスワード認証を停止"
        for button in (view.enroll_button, view.password_button, view.fallback_button):
            assert button.isVisible() and view.rect().contains(button.geometry().bottomRight())
        docs = Path(__file__).resolve().parents[2] / "docs" / "screenshots"
        writing = os.environ.get("MADOGUCHI_WRITE_SCREENSHOTS") == "1"
        target = (docs if writing else tmp_path) / "admin_operators.png"
        QApplication.processEvents()
        assert view.grab().save(str(target))
        assert target.stat().st_size > 10_000
    finally:
        QCoreApplication.removeTranslator(translator)


def test_the_ledger_columns_are_named_in_japanese(
    qtbot: QtBot, container: bootstrap.Container, db_worker: WorkerThread
) -> None:
    translator = QTranslator()
    assert translator.load(str(TRANSLATIONS_DIR / "madoguchi_ja.qm"))
    QCoreApplication.installTranslator(translator)
    try:
        admin = _login(container, "admin01", "demo-pass-03")
        view = _admin_view(qtbot, container, db_worker, admin)
        headers = [
            view.ledger.horizontalHeaderItem(column).text()
            for column in range(view.ledger.columnCount())
        ]
    finally:
        QCoreApplication.removeTranslator(translator)
    assert headers[:4] == ["番号", "実施日時（UTC）", "操作者ID", "処理"]
    assert not any(name in headers for name in LEDGER_COLUMNS)  # no field names on screen


def test_an_enrolment_waiting_for_the_sensor_can_be_cancelled(
    qtbot: QtBot, container: bootstrap.Container, db_worker: WorkerThread
) -> None:
    admin = _login(container, "admin01", "demo-pass-03")
    sensor = container.biometric
    assert isinstance(sensor, SimulatedFingerprintDevice)
    slow = SlowSensor(sensor, delay=10.0)  # a finger that never comes
    page = _admin_view(qtbot, container, db_worker, admin, slow)
    page.show()
    page.select_operator("clerk01")
    before = _ledger_actions(container, admin)
    fingers = _cell(page, "clerk01", COLUMN_FINGERS)
    assert "Left thumb" not in fingers

    def choose_left_thumb(dialog: QWidget) -> None:
        assert isinstance(dialog, EnrollFingerDialog)
        dialog.select("left_thumb")
        dialog.accept()

    _when_modal(choose_left_thumb)
    ticks: list[int] = []
    timer = QTimer()
    timer.setInterval(10)
    timer.timeout.connect(lambda: ticks.append(1))
    timer.start()
    qtbot.mouseClick(page.enroll_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: bool(slow.threads), timeout=5_000)  # the sensor is waiting
    qtbot.wait(100)
    assert page.cancel_button.isVisible()
    assert not page.enroll_button.isEnabled()
    assert page.message.text() == "Working…"
    qtbot.mouseClick(page.cancel_button, Qt.MouseButton.LeftButton)
    assert not page.cancel_button.isVisible()  # usable again at once
    assert page.enroll_button.isEnabled()
    assert page.message.text() == "The enrolment was cancelled."
    settle(qtbot, db_worker, timeout=5_000)  # the capture ends at the cancel, not after 10 s
    timer.stop()
    assert len(ticks) >= 5
    assert threading.get_ident() not in slow.threads
    assert _ledger_actions(container, admin) == before  # nothing was enrolled
    assert _cell(page, "clerk01", COLUMN_FINGERS) == fingers


@pytest.mark.parametrize(
    ("today", "expected"),
    [
        (dt.date(2026, 4, 1), dt.date(2027, 4, 1)),
        (dt.date(2028, 2, 29), dt.date(2029, 2, 28)),  # a grant on a leap day must not crash
    ],
)
def test_a_grant_runs_for_a_year(today: dt.date, expected: dt.date) -> None:
    assert a_year_after(today) == expected


def test_the_page_warns_when_every_administrator_ends_within_30_days(
    qtbot: QtBot,
    page: OperatorAdminView,
    container: bootstrap.Container,
    db_worker: WorkerThread,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    assert not page.admin_warning.isVisible()
    today = container.clock.now().date()
    admin = _login(container, "admin01", "demo-pass-03")
    soon = today + dt.timedelta(days=20)
    container.operators.add_operator(
        admin, "admin02", "管理 二郎", role="権限管理者", valid_until=soon
    )
    with container.uow.begin() as db:
        db.execute(update(Grant).where(Grant.operator_id == "admin01").values(valid_until=soon))
    page.refresh()
    settle(qtbot, db_worker)
    assert page.admin_warning.isVisible()
    assert soon.isoformat() in page.admin_warning.text()
    # Revoking the other administrator is fine; the page keeps warning.
    reasons = iter(["異動", "退職"])
    monkeypatch.setattr(
        QInputDialog, "getText", staticmethod(lambda *_args, **_kw: (next(reasons), True))
    )
    page.select_operator("admin02")
    qtbot.mouseClick(page.revoke_button, Qt.MouseButton.LeftButton)
    settle(qtbot, db_worker)
    assert page.admin_warning.isVisible()
    # The last one cannot be revoked: one line under the buttons, in the page's red.
    page.select_operator("admin01")
    qtbot.mouseClick(page.revoke_button, Qt.MouseButton.LeftButton)
    settle(qtbot, db_worker)
    assert "後任の権限管理者を先に登録してください" in page.message.text()
    assert container.operators.admin_coverage().holders == ("admin01",)
