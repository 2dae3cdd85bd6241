"""The real main window: login, lockout, granted views, curtain, lock, reveal, hardcopy."""

from __future__ import annotations

import json

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QInputDialog
from pytestqt.qtbot import QtBot
from ui_support import NUMBER, FakePersonView, log_rows

from app import bootstrap
from app.clock import ManualClock
from app.domain.rights import Right
from ui.hardcopy import take_hardcopy
from ui.main_window import MainWindow
from ui.views import registry
from ui.views.registry import ViewRegistration


@pytest.fixture
def window(
    qtbot: QtBot, container: bootstrap.Container, monkeypatch: pytest.MonkeyPatch
) -> MainWindow:
    # Only the administration view and a fake person view: other features' views have tests
    # of their own and need their own data.
    views = [
        *(r for r in registry.VIEWS if r.right is Right.RIGHTS_ADMIN),
        ViewRegistration(Right.SEARCH, "Person", FakePersonView),
        ViewRegistration(Right.CONFIRM_OTHERS, "Person", FakePersonView),
    ]
    monkeypatch.setattr(registry, "VIEWS", views)
    win = MainWindow(container)
    qtbot.addWidget(win)
    win.show()
    return win


def _finger_login(window: MainWindow, qtbot: QtBot, operator_id: str, finger: str) -> None:
    panel = window.login_page.panel
    panel.operator_id.setText(operator_id)
    assert panel.scanner is not None
    panel.scanner.select(finger)
    qtbot.mouseClick(panel.scanner.place_button, Qt.MouseButton.LeftButton)


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
    assert "locked" in window.login_page.panel.message.text()
    _finger_login(window, qtbot, "clerk01", "right_index")
    assert window.session is None
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
    assert window.session is None
    assert "not enabled" in panel.message.text()
    assert panel.password.text() == ""  # not kept after the attempt
    panel.operator_id.setText("clerk01")
    panel.password.setText("demo-pass-01")
    qtbot.mouseClick(panel.password_button, Qt.MouseButton.LeftButton)
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
    container.biometric.place("super01", "right_index")  # somebody else's finger
    lock.panel.login_fingerprint()
    assert window.is_locked()
    assert lock.panel.scanner is not None
    lock.panel.scanner.select("left_index")
    qtbot.mouseClick(lock.panel.scanner.place_button, Qt.MouseButton.LeftButton)
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
    assert json.loads(log_rows(container, "auth.logout")[0].detail)["reason"] == "locked"


def test_number_is_masked_and_its_reveal_logged(
    window: MainWindow, qtbot: QtBot, container: bootstrap.Container
) -> None:
    _finger_login(window, qtbot, "super01", "right_index")
    field = _person(window).number
    assert NUMBER not in field.value_label.text()
    assert field.reveal_button.isVisible()
    qtbot.mouseClick(field.reveal_button, Qt.MouseButton.LeftButton)
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
    assert NUMBER not in field.value_label.text()
    assert log_rows(container, "privacy.reveal_my_number")[0].outcome == "refused"


def test_hardcopy_is_watermarked_and_logged(
    window: MainWindow, qtbot: QtBot, container: bootstrap.Container
) -> None:
    _finger_login(window, qtbot, "super01", "right_index")
    assert window.hardcopy_action.isVisible()
    assert window.session is not None
    path = take_hardcopy(window, container, window.session, "監査のため")
    assert path.exists() and path.stat().st_size > 0
    [row] = log_rows(container, "privacy.hardcopy")
    assert json.loads(row.detail) == {"file": path.name, "reason": "監査のため"}


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
    assert admin_view.operators.rowCount() == 3
    assert admin_view.ledger.rowCount() == container.operators.ledger_count()
