"""The window's first-start page on a new register: set up with the keyboard, then log in."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication, Qt, QTranslator
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot
from ui_support import settle

from app import bootstrap
from app.clock import ManualClock
from app.services.setup import SetUpDone
from tests.support.setup import fresh_container
from ui.main import window_services
from ui.main_window import MainWindow
from ui.setup_page import SetupPage, show_first_setup
from ui.views.service_call import new_db_worker
from ui.worker_thread import WorkerThread

ROOT = Path(__file__).resolve().parents[2]
PASSWORD = "first-admin-7"


@pytest.fixture
def fresh(sqlite_db_url: str, tmp_path: Path, clock: ManualClock) -> Iterator[bootstrap.Container]:
    """A production (not training) container on a new, migrated register."""
    built = fresh_container(sqlite_db_url, tmp_path, clock, terminal_id="MADO-01")
    yield built
    built.close()


@pytest.fixture
def worker(qapp: QApplication, fresh: bootstrap.Container) -> Iterator[WorkerThread]:
    """The database worker (stopped before the register closes)."""
    del qapp, fresh
    built = new_db_worker()
    yield built
    built.stop()


@pytest.fixture
def page(qtbot: QtBot, fresh: bootstrap.Container, worker: WorkerThread) -> SetupPage:
    """The set-up page on its own, shown and focused."""
    built = SetupPage(fresh.setup, fresh.settings.terminal_id, worker)
    qtbot.addWidget(built)
    built.show()
    qtbot.waitExposed(built)
    built.activateWindow()
    return built


@pytest.fixture(scope="module")
def japanese(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """This page's texts compiled from resources/translations/ja.tsv and installed."""
    app = QApplication.instance() or QApplication([])
    work = tmp_path_factory.mktemp("i18n")
    ts, qm = work / "setup_ja.ts", work / "setup_ja.qm"
    tools = Path(sys.executable).parent
    subprocess.run(
        [str(tools / "pyside6-lupdate"), "-silent", "ui/setup_page.py", "-ts", str(ts)],
        cwd=ROOT,
        check=True,
        timeout=120,
    )
    sys.path.insert(0, str(ROOT / "packaging"))
    try:
        import i18n
    finally:
        sys.path.pop(0)
    assert i18n.fill(ts, i18n.load_tsv(ROOT / "resources" / "translations" / "ja.tsv")) == []
    subprocess.run(
        [str(tools / "pyside6-lrelease"), "-silent", str(ts), "-qm", str(qm)],
        check=True,
        timeout=120,
    )
    translator = QTranslator()
    assert translator.load(str(qm))
    QCoreApplication.installTranslator(translator)
    yield
    QCoreApplication.removeTranslator(translator)
    del app


def _type(qtbot: QtBot, page: SetupPage, text: str) -> None:
    """Type into the focused field and press Enter, as a keyboard-only user would."""
    focused = page.focusWidget()
    assert isinstance(focused, QWidget)
    qtbot.keyClicks(focused, text)
    qtbot.keyClick(focused, Qt.Key.Key_Return)


def test_the_keyboard_alone_sets_the_register_up(
    qtbot: QtBot, page: SetupPage, fresh: bootstrap.Container, worker: WorkerThread
) -> None:
    assert page.terminal_id.text() == "MADO-01"  # from the settings
    qtbot.waitUntil(lambda: page.focusWidget() is page.admin_id)
    with qtbot.waitSignal(page.completed, timeout=15_000) as done:
        # (QTest types ASCII only; a Japanese name comes through the input method.)
        for text in ("admin01", "Kanri Ichiro", PASSWORD, PASSWORD):
            _type(qtbot, page, text)
    settle(qtbot, worker)
    result = done.args[0]
    assert isinstance(result, SetUpDone)
    assert (result.terminal_id, result.admin_id) == ("MADO-01", "admin01")
    assert page.password.text() == "" and page.repeat.text() == ""
    assert not fresh.setup.is_new()
    assert fresh.auth.login_password("admin01", PASSWORD, "MADO-01").operator_id == "admin01"


@pytest.mark.usefixtures("japanese")
@pytest.mark.parametrize(
    ("admin_id", "password", "repeat", "field", "text"),
    [
        ("admin01", "short-1", "short-1", "password", "パスワードが条件を満たしていません。"),
        ("admin01", PASSWORD, "other-pass-9", "repeat", "2回の入力が一致しません。"),
        ("", PASSWORD, PASSWORD, "operator_id", "制御文字を含まない1～32文字で入力してください。"),
    ],
)
def test_a_problem_is_one_japanese_line_next_to_its_field(  # noqa: PLR0917 - the cases
    page: SetupPage,
    fresh: bootstrap.Container,
    admin_id: str,
    password: str,
    repeat: str,
    field: str,
    text: str,
) -> None:
    page.admin_id.setText(admin_id)
    page.admin_name.setText("管理 一郎")
    page.password.setText(password)
    page.repeat.setText(repeat)
    page.submit()
    assert page.error_text(field) == text
    others = [key for key in page.errors if key != field]
    assert all(page.error_text(key) == "" for key in others)
    assert fresh.setup.is_new()  # refused before the database was asked
    inputs = {"password": page.password, "repeat": page.repeat, "operator_id": page.admin_id}
    assert page.focusWidget() is inputs[field]


@pytest.mark.usefixtures("japanese")
def test_a_refusal_of_the_service_lands_next_to_its_field(
    qtbot: QtBot, page: SetupPage, fresh: bootstrap.Container, worker: WorkerThread
) -> None:
    # A name the page accepts but the register does not (longer than 100 after the page's
    # own limit is lifted): the service names the field, the page shows it there.
    page.admin_name.setMaxLength(200)
    page.admin_id.setText("admin01")
    page.admin_name.setText("管" * 150)
    page.password.setText(PASSWORD)
    page.repeat.setText(PASSWORD)
    page.submit()
    settle(qtbot, worker)
    assert page.error_text("name") == "氏名を入力してください（100文字以内）。"
    assert fresh.setup.is_new()


@pytest.mark.usefixtures("japanese")
def test_set_up_elsewhere_meanwhile_leads_to_the_login(
    qtbot: QtBot, page: SetupPage, fresh: bootstrap.Container, worker: WorkerThread
) -> None:
    fresh.setup.set_up("MADO-02", "admin09", "別の 管理者", "other-admin-9")
    page.admin_id.setText("admin01")
    page.admin_name.setText("管理 一郎")
    page.password.setText(PASSWORD)
    page.repeat.setText(PASSWORD)
    with qtbot.waitSignal(page.completed, timeout=15_000) as done:
        page.submit()
    settle(qtbot, worker)
    assert done.args == [None]
    assert page.message.text() == "この台帳は既に設定済みです。ログインしてください。"
    assert page.password.text() == ""


def test_the_window_shows_set_up_first_then_the_login_page(
    qtbot: QtBot, fresh: bootstrap.Container, worker: WorkerThread
) -> None:
    window = MainWindow(window_services(fresh, worker))
    qtbot.addWidget(window)
    setup = show_first_setup(
        window.pages, window.login_page, fresh.setup, fresh.settings.terminal_id, worker
    )
    window.show()
    assert window.pages.currentWidget() is setup
    setup.admin_id.setText("admin01")
    setup.admin_name.setText("管理　一郎")  # with the ideographic space
    setup.password.setText(PASSWORD)
    setup.repeat.setText(PASSWORD)
    qtbot.mouseClick(setup.submit_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.pages.currentWidget() is window.login_page, timeout=15_000)
    panel = window.login_page.panel
    assert panel.operator_id.text() == "admin01"
    panel.password.setText(PASSWORD)
    panel.login_password()
    settle(qtbot, worker)
    assert window.session is not None and window.session.operator_id == "admin01"
