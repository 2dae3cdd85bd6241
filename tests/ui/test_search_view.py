"""The search view: keyboard search, count, refusal message, opening a record, clearing.

The view runs on a real container (SQLite, the real AccessGuard reading the grants table,
the real operation log), so this is also the search service's test with the real guard.
Japanese text is put into the fields with setText (QTest key clicks cannot type it); Enter
and Esc are real key presses.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from app import bootstrap
from app.clock import JST, ManualClock
from app.config import Settings
from app.db.migrate import upgrade
from app.db.models.oplog import OperationLogRow
from app.domain.identifiers import make_my_number, make_resident_code
from app.domain.rights import AuthMethod, OperatorSession, Right
from app.secret_store import InMemorySecretStore
from app.services.identity_records import IdentityRecordService
from app.services.operators import BOOTSTRAP_ADMIN, console_session
from ui.views.base import PersonalDataView
from ui.views.search_view import SearchView

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


def _session(operator_id: str = "CLERK1") -> OperatorSession:
    return OperatorSession(
        session_id="S-UI",
        operator_id=operator_id,
        terminal_id="T0001",
        method=AuthMethod.PASSWORD,
        started_at=dt.datetime(2026, 11, 26, 9, 0, tzinfo=JST),
        rights=frozenset({Right.SEARCH}),
    )


@pytest.fixture
def view(qtbot: QtBot, container: bootstrap.Container) -> SearchView:
    widget = SearchView(container, _session())
    qtbot.addWidget(widget)
    widget.show()
    return widget


def _log(container: bootstrap.Container) -> list[tuple[str, str, dict[str, object]]]:
    with container.uow.begin() as db:
        rows = db.scalars(select(OperationLogRow).order_by(OperationLogRow.seq)).all()
        return [(r.operation, r.outcome, json.loads(r.detail)) for r in rows]


def test_enter_searches_and_shows_the_count_and_masked_number(
    qtbot: QtBot, view: SearchView, container: bootstrap.Container
) -> None:
    view.name.setText("わたなべ はなこ")
    view.dob.setText("平成2年3月3日")
    qtbot.keyClick(view.dob, Qt.Key.Key_Return)
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
    qtbot: QtBot, view: SearchView, container: bootstrap.Container
) -> None:
    view.name.setText("渡辺花子")
    qtbot.keyClick(view.name, Qt.Key.Key_Return)
    assert view.table.rowCount() == 0
    assert "住所または生年月日" in view.message.text()
    assert [(op, outcome) for op, outcome, _ in _log(container) if op == "search"] == [
        ("search", "refused")
    ]


def test_opening_a_row_is_a_logged_display_and_clearing_forgets_everything(
    qtbot: QtBot, view: SearchView, container: bootstrap.Container
) -> None:
    view.name.setText("渡辺花子")
    view.address.setText("駅前2丁目")
    qtbot.keyClick(view.address, Qt.Key.Key_Return)
    assert view.table.rowCount() == 1
    view.open_selected()
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


def test_escape_clears_the_view(qtbot: QtBot, view: SearchView) -> None:
    view.name.setText("渡辺花子")
    view.dob.setText("1990-03-03")
    qtbot.keyClick(view.dob, Qt.Key.Key_Return)
    assert view.table.rowCount() == 1
    qtbot.keyClick(view.table, Qt.Key.Key_Escape)
    assert view.table.rowCount() == 0
    assert view.name.text() == ""


def test_bad_date_is_reported_without_searching(
    qtbot: QtBot, view: SearchView, container: bootstrap.Container
) -> None:
    view.name.setText("渡辺花子")
    view.dob.setText("昭和70年1月1日")
    qtbot.keyClick(view.dob, Qt.Key.Key_Return)
    assert view.message.text() != ""
    assert [op for op, _, _ in _log(container) if op == "search"] == []


def test_real_guard_refuses_an_operator_without_the_right(
    qtbot: QtBot, container: bootstrap.Container
) -> None:
    # The session claims the right, but the grants table (read by the real guard) says no.
    widget = SearchView(container, _session("ADMIN1"))
    qtbot.addWidget(widget)
    widget.name.setText("渡辺花子")
    widget.dob.setText("1990-03-03")
    widget.run_search()
    assert widget.table.rowCount() == 0
    assert widget.message.text() != ""
    assert [(op, outcome) for op, outcome, _ in _log(container) if op == "search"] == [
        ("search", "refused")
    ]


def _search_hanako(qtbot: QtBot, view: SearchView) -> None:
    view.name.setText("わたなべ はなこ")
    view.dob.setText("1990-03-03")
    qtbot.keyClick(view.dob, Qt.Key.Key_Return)


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
