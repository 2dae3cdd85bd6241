"""A session ended by a login at another terminal: the window goes back to the login page.

The operator logs in at this window, then (as if at the next counter) at another terminal.
The window's next service call is refused by the guard; the window closes the session's
views and the login page says why, in Japanese.
"""

from __future__ import annotations

import json
import sys

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot
from ui_support import FakePersonView, log_rows, settle

from app import bootstrap
from app.domain.rights import Right, SessionEnded
from app.services.operators import console_session
from ui.error_report import install_error_report
from ui.main_window import MainWindow, WindowServices
from ui.views import registry
from ui.views.registry import ViewRegistration

OTHER = "DEMO-02"
ENDED_TEXT = "別の端末（DEMO-02）でログインしたため、この端末のセッションは終了しました。"


@pytest.fixture(autouse=True)
def only_fake_views(monkeypatch: pytest.MonkeyPatch) -> None:
    # A fake person view whose reveal is a service call checked by the guard.
    views = [ViewRegistration(Right.CONFIRM_OTHERS, "Person", FakePersonView)]
    monkeypatch.setattr(registry, "VIEWS", views)


@pytest.fixture
def window(qtbot: QtBot, services: WindowServices, container: bootstrap.Container) -> MainWindow:
    container.operators.register_terminal(console_session("admin01", "DEMO-01"), OTHER)
    win = MainWindow(services)
    qtbot.addWidget(win)
    win.show()
    panel = win.login_page.panel
    panel.operator_id.setText("super01")
    assert panel.scanner is not None
    panel.scanner.select("right_index")
    qtbot.mouseClick(panel.scanner.place_button, Qt.MouseButton.LeftButton)
    settle(qtbot, win.worker)
    assert win.session is not None
    return win


def _person(window: MainWindow) -> FakePersonView:
    [view] = [v for v in window.views if isinstance(v, FakePersonView)]
    return view


def _sit_down_elsewhere(container: bootstrap.Container) -> None:
    container.auth.login_password("super01", "demo-pass-02", OTHER)


def test_a_refused_view_call_brings_back_the_login_page_with_the_reason(
    window: MainWindow, qtbot: QtBot, container: bootstrap.Container
) -> None:
    ended = window.session
    assert ended is not None
    view = _person(window)
    _sit_down_elsewhere(container)
    qtbot.mouseClick(view.number.reveal_button, Qt.MouseButton.LeftButton)
    settle(qtbot, window.worker)

    assert window.session is None
    assert window.pages.currentWidget() is window.login_page
    assert window.views == []
    assert window.login_page.panel.message.text() == ENDED_TEXT
    [refused] = log_rows(container, "privacy.reveal_my_number")
    assert refused.outcome == "refused"
    assert json.loads(refused.detail)["reason"] == "session ended"
    [logout] = log_rows(container, "auth.logout")  # the window's end is logged too
    assert (logout.correlation_id, json.loads(logout.detail)["reason"]) == (
        ended.session_id,
        "session_ended",
    )


def test_a_refused_hardcopy_ends_the_session_too(
    window: MainWindow, qtbot: QtBot, container: bootstrap.Container
) -> None:
    _sit_down_elsewhere(container)
    assert window.take_hardcopy("監査のため")
    settle(qtbot, window.worker)
    assert window.session is None
    assert window.login_page.panel.message.text() == ENDED_TEXT
    assert window.findChildren(QMessageBox) == []  # no "hardcopy refused" box on top


def test_a_late_refusal_of_an_older_session_changes_nothing(
    window: MainWindow, qtbot: QtBot
) -> None:
    live = window.session
    assert live is not None
    window.end_ended_session(SessionEnded(Right.SEARCH, "another-session", "replaced", OTHER))
    assert window.session is live
    assert window.pages.currentWidget() is window.tabs


def test_an_escaped_refusal_reaches_the_window_not_an_error_box(
    window: MainWindow, qtbot: QtBot
) -> None:
    live = window.session
    assert live is not None
    previous = install_error_report(window)
    try:
        error = SessionEnded(Right.SEARCH, live.session_id, "replaced", OTHER)
        sys.excepthook(SessionEnded, error, None)
    finally:
        sys.excepthook = previous
    settle(qtbot, window.worker)
    assert window.session is None
    assert window.login_page.panel.message.text() == ENDED_TEXT
    assert window.findChildren(QMessageBox) == []
