"""The worker thread: jobs on its own named thread, in order, results on the GUI thread.

At stop the database worker finishes what is queued (a logout written while the window
closes); the card worker drops it (nobody waits for a card read any more).
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator

import pytest
from PySide6.QtCore import QObject, QThread
from pytestqt.qtbot import QtBot

from ui.views.service_call import DB_WORKER_NAME, new_db_worker
from ui.worker_thread import WorkerThread

GUI = threading.get_ident()  # pytest runs the tests on the thread that owns the QApplication


@pytest.fixture
def worker(qapp: object) -> Iterator[WorkerThread]:
    """A database worker of its own (no container needed)."""
    del qapp
    built = new_db_worker()
    yield built
    built.stop()


def _slow(value: object, seconds: float = 0.2) -> object:
    time.sleep(seconds)
    return value


def test_jobs_run_in_order_on_the_named_thread(qtbot: QtBot, worker: WorkerThread) -> None:
    owner = QObject()
    seen: list[tuple[int, str]] = []

    def note(number: int) -> int:
        thread = QThread.currentThread()
        seen.append((number, thread.objectName() if thread is not None else ""))
        time.sleep(0.02)
        return threading.get_ident()

    threads: list[object] = []
    jobs = [worker.submit(lambda n=n: note(n), owner) for n in range(3)]
    for job in jobs:
        job.succeeded.connect(threads.append)
    with qtbot.waitSignals([job.finished for job in jobs], timeout=5_000):
        pass
    assert seen == [(0, DB_WORKER_NAME), (1, DB_WORKER_NAME), (2, DB_WORKER_NAME)]
    assert len(threads) == 3 and GUI not in threads


def test_stop_finishes_the_queued_jobs_first(qapp: object) -> None:
    del qapp
    worker = new_db_worker()
    owner = QObject()
    written: list[str] = []
    worker.submit(lambda: _slow(None), owner)
    worker.submit(lambda: written.append("auth.logout"), owner)  # queued behind the first
    worker.stop()
    assert written == ["auth.logout"]
    with pytest.raises(RuntimeError):
        worker.submit(lambda: None, owner)


def test_a_card_style_worker_drops_what_is_queued_at_stop(qapp: object) -> None:
    del qapp
    worker = WorkerThread("madoguchi-test", finish_queued=False)
    owner = QObject()
    ran: list[int] = []
    worker.submit(lambda: _slow(ran.append(1)), owner)
    worker.submit(lambda: ran.append(2), owner)
    worker.stop()
    assert 2 not in ran
