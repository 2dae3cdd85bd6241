"""A view's service calls on the database worker (ServiceCall on ViewTask), with fakes.

While a call runs the view's buttons are disabled and its status line says 「処理中…」; a
refusal shows its own text (or the view's wording), a defect is re-raised on the GUI
thread, and what arrives after the view was cleared or the operator stopped waiting is
dropped.
"""

from __future__ import annotations

import time
from collections.abc import Iterator

import pytest
from PySide6.QtWidgets import QLabel, QPushButton, QWidget
from pytestqt.qtbot import QtBot
from ui_support import settle

from app.domain.errors import DomainError
from ui.views.service_call import ServiceCall, new_db_worker
from ui.worker_thread import WorkerThread


@pytest.fixture
def worker(qapp: object) -> Iterator[WorkerThread]:
    """A database worker of its own (no container needed)."""
    del qapp
    built = new_db_worker()
    yield built
    built.stop()


class FakeView(QWidget):
    """A view with a status line, one action button and a ServiceCall."""

    def __init__(self, worker: WorkerThread) -> None:
        super().__init__()
        self.status = QLabel(self)
        self.button = QPushButton("Act", self)
        self.calls = ServiceCall(self.status, [self.button], self, worker)
        self.shown: list[object] = []
        self.stale: list[object] = []


@pytest.fixture
def view(qtbot: QtBot, worker: WorkerThread) -> FakeView:
    built = FakeView(worker)
    qtbot.addWidget(built)
    return built


def _slow(value: object, seconds: float = 0.2) -> object:
    time.sleep(seconds)
    return value


class Refused(DomainError):
    """A refusal as the services raise it: its text names the field, never a value."""

    def __init__(self) -> None:
        super().__init__("承認者", "この変更は確認できません")


def test_a_call_marks_the_view_busy_and_delivers_its_result(qtbot: QtBot, view: FakeView) -> None:
    with qtbot.waitSignal(view.calls.finished, timeout=5_000):
        assert view.calls.run(lambda: _slow("結果"), view.shown.append)
        assert not view.button.isEnabled()
        assert view.status.text() == "Working…"
        assert not view.calls.run(lambda: "again", view.shown.append)  # one at a time
    assert view.shown == ["結果"]
    assert view.button.isEnabled()
    assert view.status.text() == ""


def test_a_refusal_shows_its_own_text(qtbot: QtBot, view: FakeView) -> None:
    def refuse() -> None:
        raise Refused()

    view.calls.run(refuse, view.shown.append)
    settle(qtbot, view.calls.worker)  # type: ignore[arg-type]
    assert view.status.text() == str(Refused())
    assert view.shown == []
    assert view.button.isEnabled()


def test_a_view_words_its_own_refusals(qtbot: QtBot, view: FakeView) -> None:
    def refuse() -> None:
        raise Refused()

    view.calls.run(refuse, view.shown.append, describe=lambda _error: "別の確認者が必要です。")
    settle(qtbot, view.calls.worker)  # type: ignore[arg-type]
    assert view.status.text() == "別の確認者が必要です。"


def test_a_defect_is_raised_on_the_gui_thread(qtbot: QtBot, view: FakeView) -> None:
    def broken() -> None:
        raise KeyError("a bug")

    with qtbot.captureExceptions() as exceptions:
        view.calls.run(broken, view.shown.append)
        settle(qtbot, view.calls.worker)  # type: ignore[arg-type]
    assert [type(error) for _kind, error, _trace in exceptions] == [KeyError]
    assert view.status.text() == "The operation failed unexpectedly."


def test_a_result_after_the_view_was_cleared_is_dropped(qtbot: QtBot, view: FakeView) -> None:
    with qtbot.waitSignal(view.calls.finished, timeout=5_000):
        view.calls.run(lambda: _slow("山田 太郎"), view.shown.append, on_stale=view.stale.append)
        view.calls.invalidate()  # the curtain fell
    assert view.shown == []
    assert view.stale == ["山田 太郎"]
    assert view.button.isEnabled()


def test_an_abandoned_call_frees_the_view_at_once_and_its_error_is_not_shown(
    qtbot: QtBot, view: FakeView
) -> None:
    def slow_refusal() -> None:
        time.sleep(0.2)
        raise Refused()

    view.calls.run(slow_refusal, view.shown.append)
    view.calls.abandon()  # the operator stopped waiting
    assert view.button.isEnabled() and not view.calls.busy
    view.status.setText("取り消しました。")
    settle(qtbot, view.calls.worker)  # type: ignore[arg-type]
    assert view.status.text() == "取り消しました。"


def test_a_view_without_a_worker_says_so(qtbot: QtBot) -> None:
    widget = QWidget()
    qtbot.addWidget(widget)
    calls = ServiceCall(QLabel(widget), [], widget)
    with pytest.raises(RuntimeError, match="no worker thread"):
        calls.run(lambda: None, lambda _result: None)
