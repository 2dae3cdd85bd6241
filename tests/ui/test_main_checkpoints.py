"""The window writes a signed checkpoint of the log at its interval, on the database thread."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot

from app.clock import ManualClock
from app.config import AuditSettings
from tests.ui.ui_support import log_rows, make_container
from ui.main import start_checkpoints
from ui.views.service_call import new_db_worker


def test_the_window_checkpoints_the_log_at_its_interval(
    qtbot: QtBot, sqlite_db_url: str, tmp_path: Path, clock: ManualClock
) -> None:
    box = make_container(sqlite_db_url, tmp_path, clock)  # the staff set-up wrote log rows
    box.settings = dataclasses.replace(box.settings, audit=AuditSettings(checkpoint_minutes=0.001))
    window = QWidget()
    qtbot.addWidget(window)
    worker = new_db_worker()
    try:
        timer = start_checkpoints(box, window, worker)  # type: ignore[arg-type]
        assert timer.interval() == 60
        qtbot.waitUntil(lambda: len(log_rows(box, "audit.checkpoint")) >= 2, timeout=5000)
        timer.stop()
        qtbot.waitUntil(lambda: not worker.busy, timeout=5000)
    finally:
        worker.stop()
        box.close()
    rows = log_rows(box, "audit.checkpoint")
    assert {json.loads(r.detail)["reason"] for r in rows} == {"interval"}
    assert {r.operator_id for r in rows} == {"audit"}
    files = sorted((tmp_path / "checkpoints").iterdir())
    assert len(files) >= 2 and all(json.loads(f.read_text())["reason"] == "interval" for f in files)
