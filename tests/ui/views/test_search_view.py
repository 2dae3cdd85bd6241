"""The search view: keyboard search, count, refusal message, opening a record, clearing.

The view runs on a real container (SQLite, the real AccessGuard reading the grants table,
the real operation log), so this is also the search service's test with the real guard.
Japanese text is put into the fields with setText (QTest key clicks cannot type it); Enter
and Esc are real key presses. The service calls run on the database worker: each test waits
for them with ``settle``; hand-written slow and failing fakes show that the event loop
keeps turning meanwhile and what the view does with late and failed results.
"""

from __future__ import annotations

import datetime as dt
import json
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt, QTimer
from pytestqt.qtbot import QtBot
from sqlalchemy import select
from ui_support import settle

from app import bootstrap
from app.clock import JST, ManualClock
from app.config import Settings
from app.db.migrate import upgrade
from app.db.models.oplog import OperationLogRow
from app.domain.codes import Sex
from app.domain.errors import StorageUnavailable
from app.domain.identifiers import make_my_number, make_resident_code
from app.domain.rights import AuthMethod, OperatorSession, Right
from app.domain.search_policy import SearchQuery
from app.secret_store import InMemorySecretStore
from app.services.identity_records import IdentityRecordService
from app.services.operators import BOOTSTRAP_ADMIN, console_session
from app.services.search import ResidentStatus, SearchResult, SearchRow
from ui.views.base import PersonalDataView
from ui.views.search_view import SearchView
from ui.worker_thread import WorkerThread

GUI = threading.get_ident()  # pytest runs the tests on the thread that owns the QApplication

MY_NUMBER = make_my_number("55555555501")


@pytest.fixture
def container(tmp_path: Path) -> Iterator[bootstrap.Container]:
    """A migrated register with one resident and the operator CLERK1 granted the search right."""
    clock = ManualClock(dt.datetime(2026, 11, 26, 10, 0, tzinfo=JST))
    settings = Settings(db_url=f"sqlite:///{tmp_path / 'ui.sqlite3'}", data_dir=tmp_path)
    box = bootstrap.build(settings, clock=clock, secrets=InMemorySecretStore())
    upgrade(box.engine)
    admin = console_session(BOOTSTRAP_ADMIN, "T0001")
    box.operators.add_operator(admin, "ADMIN1", "管理", role="権限管理者")
    box.operators.add_operator(
        console_session("ADMIN1", "T0001"), "CLERK1", "窓口", role="窓口担当"
    )
    IdentityRecordService(box.uow, clock).add_initial(
        {
            "resident_code": make_resident_code("2000000001"),
            "name_kanji": "渡邊　花子",
            "name_furigana": "ワタナベ　ハナコ",
            "date_of_birth": dt.date(1990, 3, 3),
            "sex_code": "2",
            "municipality_code": "072036",
            "postal_code": "9638002",
            "address": "福島県郡山市駅前二丁目4番1号",
            "my_number": MY_NUMBER,
            "relationship": "世帯主",
            "change_reason_code": "11",
            "change_date": dt.date(2020, 1, 1),
        },
        operator_id="SEED",
        terminal_id="T0",
    )
    yield box
    box.close()


def _session(
    operator_id: str = "CLERK1", rights: frozenset[Right] = frozenset({Right.SEARCH})
) -> OperatorSession:
    return OperatorSession(
        session_id="S-UI",
        operator_id=operator_id,
        terminal_id="T0001",
        method=AuthMethod.PASSWORD,
        started_at=dt.datetime(2026, 11, 26, 9, 0, tzinfo=JST),
        rights=rights,
    )


def _search_view(
    qtbot: QtBot,
    container: bootstrap.Container,
    worker: WorkerThread,
    session: OperatorSession,
    search: object = None,
) -> SearchView:
    widget = SearchView(session, search=search or container.search, screen=container.screen)  # type: ignore[arg-type]
    widget.attach_db_worker(worker)
    qtbot.addWidget(widget)
    widget.show()
    return widget


@pytest.fixture
def view(qtbot: QtBot, container: bootstrap.Container, db_worker: WorkerThread) -> SearchView:
    return _search_view(qtbot, container, db_worker, _session())


class SlowSearch:
    """A search service that takes 300 ms and finds one person; notes the thread it ran on."""

    def __init__(self) -> None:
        self.threads: list[int] = []

    def search(self, session: OperatorSession, query: SearchQuery) -> SearchResult:
        """One row, after a pause the GUI must not notice."""
        del session, query
        self.threads.append(threading.get_ident())
        time.sleep(0.3)
        row = SearchRow(
            resident_code="20000000019",
            name_kanji="遅延　太郎",
            name_furigana="チエン　タロウ",
            date_of_birth=dt.date(1980, 1, 1),
            sex=Sex.parse("1", "sex"),
            address="福島県郡山市駅前一丁目",
            status=ResidentStatus.CURRENT,
            my_number_masked="●●●● ●●●● ●●●●",
        )
        return SearchResult("S-SLOW", (row,), 1, False, "kanji")


class BrokenSearch:
    """A search service whose database has gone away."""

    def search(self, session: OperatorSession, query: SearchQuery) -> SearchResult:
        """Always StorageUnavailable, as the unit of work raises it."""
        del session, query
        raise StorageUnavailable()


def _log(container: bootstrap.Container) -> list[tuple[str, str, dict[str, object]]]:
    with container.uow.begin() as db:
        rows = db.scalars(select(OperationLogRow).order_by(OperationLogRow.seq)).all()
        return [(r.operation, r.outcome, json.loads(r.detail)) for r in rows]


def test_enter_searches_and_shows_the_count_and_masked_number(
    qtbot: QtBot, view: SearchView, container: bootstrap.Container, db_worker: WorkerThread
) -> None:
    view.name.setText("わたなべ はなこ")
    view.dob.setText("平成2年3月3日")
    qtbot.keyClick(view.dob, Qt.Key.Key_Return)
    settle(qtbot, db_worker)
    assert view.table.rowCount() == 1
    assert view.table.item(0, 0).text() == "渡邊　花子"
    assert view.table.item(0, 6).text() == "●●●● ●●●● ●●●●"
    assert "1" in view.count.text()
    assert view.table.hasFocus()
    assert MY_NUMBER not in "".join(
        view.table.item(0, c).text() for c in range(view.table.columnCount())
    )
    searches = [row for row in _log(container) if row[0] == "search"]
    assert [(op, outcome) for op, outcome, _ in searches] == [("search", "ok")]


def test_refused_combination_shows_which_key_is_missing(
    qtbot: QtBot, view: SearchView, container: bootstrap.Container, db_worker: WorkerThread
) -> None:
    view.name.setText("渡辺花子")
    qtbot.keyClick(view.name, Qt.Key.Key_Return)
    settle(qtbot, db_worker)
    assert view.table.rowCount() == 0
    assert "住所または生年月日" in view.message.text()
    assert [(op, outcome) for op, outcome, _ in _log(container) if op == "search"] == [
        ("search", "refused")
    ]


def test_opening_a_row_is_a_logged_display_and_clearing_forgets_everything(
    qtbot: QtBot, view: SearchView, container: bootstrap.Container, db_worker: WorkerThread
) -> None:
    view.name.setText("渡辺花子")
    view.address.setText("駅前2丁目")
    qtbot.keyClick(view.address, Qt.Key.Key_Return)
    settle(qtbot, db_worker)
    assert view.table.rowCount() == 1
    view.open_selected()
    settle(qtbot, db_worker)
    assert view.record.isVisible()
    assert not view.record.my_number.is_revealed()
    assert [op for op, _, _ in _log(container)][-2:] == ["search", "display"]
    assert isinstance(view, PersonalDataView)
    view.clear_personal_data()
    assert (view.name.text(), view.address.text(), view.dob.text()) == ("", "", "")
    assert view.table.rowCount() == 0
    assert not view.record.isVisible()
    assert view.record.my_number.value_label.text() == "—"
    assert view.count.text() == ""


def test_typed_keys_cannot_be_undone_after_a_clear(qtbot: QtBot, view: SearchView) -> None:
    # Typed, not set: typing goes onto each field's undo stack, as at the counter.
    for field, text in ((view.name, "渡辺花子"), (view.address, "駅前2丁目"), (view.dob, "1990")):
        for character in text:
            field.insert(character)
    view.clear_personal_data()  # the curtain falls; anyone may lift it
    for field in (view.name, view.address, view.dob):
        qtbot.keyClick(field, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
        assert field.text() == ""
        assert not field.isUndoAvailable()


def test_escape_clears_the_view(qtbot: QtBot, view: SearchView, db_worker: WorkerThread) -> None:
    view.name.setText("渡辺花子")
    view.dob.setText("1990-03-03")
    qtbot.keyClick(view.dob, Qt.Key.Key_Return)
    settle(qtbot, db_worker)
    assert view.table.rowCount() == 1
    qtbot.keyClick(view.table, Qt.Key.Key_Escape)
    assert view.table.rowCount() == 0
    assert view.name.text() == ""


def test_bad_date_is_reported_without_searching(
    qtbot: QtBot, view: SearchView, container: bootstrap.Container, db_worker: WorkerThread
) -> None:
    view.name.setText("渡辺花子")
    view.dob.setText("昭和70年1月1日")
    qtbot.keyClick(view.dob, Qt.Key.Key_Return)
    assert not db_worker.busy  # nothing was sent to the worker
    assert view.message.text() == "The date of birth is not a date (YYYY-MM-DD or 和暦)."
    assert [op for op, _, _ in _log(container) if op == "search"] == []


def test_real_guard_refuses_an_operator_without_the_right(
    qtbot: QtBot, container: bootstrap.Container, db_worker: WorkerThread
) -> None:
    # The session claims the right, but the grants table (read by the real guard) says no.
    widget = _search_view(qtbot, container, db_worker, _session("ADMIN1"))
    widget.name.setText("渡辺花子")
    widget.dob.setText("1990-03-03")
    widget.run_search()
    settle(qtbot, db_worker)
    assert widget.table.rowCount() == 0
    assert widget.message.text() == "You do not have the right to search."
    assert [(op, outcome) for op, outcome, _ in _log(container) if op == "search"] == [
        ("search", "refused")
    ]


def _search_hanako(qtbot: QtBot, view: SearchView) -> None:
    view.name.setText("わたなべ はなこ")
    view.dob.setText("1990-03-03")
    qtbot.keyClick(view.dob, Qt.Key.Key_Return)
    settle(qtbot, view.calls.worker)  # type: ignore[arg-type]


def test_search_reports_an_unreachable_database_and_recovers(
    qtbot: QtBot, view: SearchView, container: bootstrap.Container
) -> None:
    _search_hanako(qtbot, view)
    assert view.table.rowCount() == 1

    url = container.engine.url.database
    assert url is not None
    db_file = Path(url)
    moved = db_file.with_suffix(".away")
    container.engine.dispose()
    db_file.rename(moved)
    db_file.mkdir()  # the path now cannot be opened as a database
    try:
        _search_hanako(qtbot, view)
        assert view.table.rowCount() == 0
        assert "nothing was saved" in view.message.text()
    finally:
        db_file.rmdir()
        moved.rename(db_file)

    _search_hanako(qtbot, view)
    assert view.table.rowCount() == 1


def test_the_event_loop_keeps_turning_during_a_slow_search(
    qtbot: QtBot, container: bootstrap.Container, db_worker: WorkerThread
) -> None:
    slow = SlowSearch()
    view = _search_view(qtbot, container, db_worker, _session(), slow)
    ticks: list[int] = []
    timer = QTimer()
    timer.setInterval(10)
    timer.timeout.connect(lambda: ticks.append(1))
    timer.start()
    view.name.setText("遅延太郎")
    view.dob.setText("1980-01-01")
    with qtbot.waitSignal(view.calls.finished, timeout=5_000):
        qtbot.keyClick(view.dob, Qt.Key.Key_Return)
        assert not view.search_button.isEnabled()  # busy: one search at a time
        assert view.message.text() == "Working…"
    timer.stop()
    assert len(ticks) >= 5  # ~30 ticks in 300 ms; a blocked GUI thread would count none
    assert slow.threads and GUI not in slow.threads
    assert view.table.rowCount() == 1
    assert view.table.item(0, 0).text() == "遅延　太郎"
    assert view.message.text() == ""
    assert view.search_button.isEnabled()


def test_a_result_arriving_after_the_curtain_is_dropped(
    qtbot: QtBot, container: bootstrap.Container, db_worker: WorkerThread
) -> None:
    view = _search_view(qtbot, container, db_worker, _session(), SlowSearch())
    view.name.setText("遅延太郎")
    view.dob.setText("1980-01-01")
    with qtbot.waitSignal(view.calls.finished, timeout=5_000):
        view.run_search()
        view.clear_personal_data()  # the curtain falls while the service works
    assert view.table.rowCount() == 0
    assert view.count.text() == "" and view.message.text() == ""
    assert view.search_button.isEnabled()


def test_a_search_after_the_curtain_is_not_held_up_by_the_dropped_one(
    qtbot: QtBot, container: bootstrap.Container, db_worker: WorkerThread
) -> None:
    view = _search_view(qtbot, container, db_worker, _session(), SlowSearch())
    view.name.setText("遅延太郎")
    view.dob.setText("1980-01-01")
    view.run_search()
    view.clear_personal_data()
    view.name.setText("遅延太郎")
    view.dob.setText("1980-01-01")
    view.run_search()  # accepted: nobody waits for the first one any more
    settle(qtbot, db_worker)
    assert view.table.rowCount() == 1


def test_a_failing_search_shows_its_japanese_message(
    qtbot: QtBot, container: bootstrap.Container, db_worker: WorkerThread
) -> None:
    view = _search_view(qtbot, container, db_worker, _session(), BrokenSearch())
    view.name.setText("渡辺花子")
    view.dob.setText("1990-03-03")
    view.run_search()
    settle(qtbot, db_worker)
    assert view.message.text() == str(StorageUnavailable())
    assert "データベースを利用できないため処理を中止しました" in view.message.text()
    assert view.table.rowCount() == 0
    assert view.search_button.isEnabled()


def test_a_refused_reveal_keeps_the_number_masked_and_says_why(
    qtbot: QtBot, container: bootstrap.Container, db_worker: WorkerThread
) -> None:
    # The session claims the reveal right; the grants table (read by the guard) says no.
    session = _session(rights=frozenset({Right.SEARCH, Right.REVEAL_MY_NUMBER}))
    view = _search_view(qtbot, container, db_worker, session)
    _search_hanako(qtbot, view)
    view.open_selected()
    settle(qtbot, db_worker)
    assert view.record.my_number.reveal_button.isVisible()
    view.record.my_number.reveal()
    settle(qtbot, db_worker)
    assert not view.record.my_number.is_revealed()
    assert MY_NUMBER not in view.record.my_number.value_label.text()
    assert "個人番号" in view.message.text()  # the guard's refusal, in Japanese
    reveals = [outcome for op, outcome, _ in _log(container) if op == "privacy.reveal_my_number"]
    assert reveals == ["refused"]
