"""UI tests: offscreen Qt, the training container with a manual clock and a simulated sensor.

The container's database is an SQLite file (never ``:memory:``, whose connections are per
thread): the views' service calls run on the database worker, the tests' own queries on
the GUI thread.
"""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from collections.abc import Callable, Iterator  # (imports run after the platform is chosen)
from pathlib import Path

import pytest
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot
from ui_support import make_container

from app import bootstrap
from app.clock import ManualClock
from ui.card_worker import CardJobs
from ui.main import window_services
from ui.main_window import WindowServices
from ui.views.service_call import new_db_worker
from ui.worker_thread import WorkerThread


@pytest.fixture
def container(
    sqlite_db_url: str, tmp_path: Path, clock: ManualClock
) -> Iterator[bootstrap.Container]:
    """The training container (demo staff, DEMO-01) on a fresh SQLite file."""
    built = make_container(sqlite_db_url, tmp_path, clock)
    yield built
    built.close()


@pytest.fixture
def card_jobs(qapp: object) -> Iterator[CardJobs]:
    """The hardware worker thread a window shares with its views (stopped afterwards)."""
    del qapp
    jobs = CardJobs()
    yield jobs
    jobs.stop()


@pytest.fixture
def db_worker(qapp: object, container: bootstrap.Container) -> Iterator[WorkerThread]:
    """The database worker a window shares with its views (stopped before the db closes)."""
    del qapp
    worker = new_db_worker()
    yield worker
    worker.stop()


@pytest.fixture
def services(container: bootstrap.Container, db_worker: WorkerThread) -> WindowServices:
    """What the main window uses, from the training container."""
    return window_services(container, db_worker)


@pytest.fixture(autouse=True)
def keep_test_widgets(qtbot: QtBot) -> Iterator[None]:
    """Hold every widget a test gives to qtbot until qtbot has closed and deleted it.

    qtbot keeps only a weak reference. A test widget dropped early (a view built inside a
    helper) and caught in a reference cycle would be deleted by Python's garbage collector
    at any moment, also on the database worker while it runs a job: a crash in Qt.
    """
    kept: list[QWidget] = []
    add = qtbot.addWidget

    def add_and_keep(
        widget: QWidget, *, before_close_func: Callable[[QWidget], None] | None = None
    ) -> None:
        kept.append(widget)
        add(widget, before_close_func=before_close_func)

    qtbot.addWidget = add_and_keep  # type: ignore[method-assign]
    yield
    kept.clear()  # pytest-qt closed and deleted them before the fixtures end
