"""A long-lived worker thread for blocking calls, with results delivered on the GUI thread.

The window owns two of them, created once by ``ui.main.assemble``: ``madoguchi-card-io``
(``ui.card_worker.CardJobs``: every card operation) and ``madoguchi-db`` (every service call
a view starts: database work and the fingerprint sensor). A *job* is a callable run on the
worker; its result or its exception comes back to the GUI thread as a signal of the job's
:class:`Job` handle. Jobs run one at a time in the order they were submitted, so a logout
written by one view is in the log before the next login.

A job that needs the operator (a PIN dialog) asks the GUI thread through :meth:`ask_gui`,
which blocks the worker on a ``threading.Event`` until the answer is there. An Event (rather
than a BlockingQueuedConnection) lets :meth:`WorkerThread.stop` release a worker that waits
for an answer that will never come; the question then gets its ``if_stopped`` answer.
"""

from __future__ import annotations

import dataclasses
import threading
from collections.abc import Callable
from typing import Generic, TypeVar, cast

from PySide6.QtCore import SIGNAL, QObject, Qt, QThread, Signal, Slot
from shiboken6 import isValid

T = TypeVar("T")
_POLL_S = 0.05  # how often a waiting worker looks whether the thread is being stopped


class Job(QObject):
    """The GUI-side handle of one job; its signals arrive on the GUI thread.

    Parented to the object that submitted it: if that object is destroyed first, the result
    is dropped.
    """

    succeeded = Signal(object)
    failed = Signal(object)
    finished = Signal()

    def __init__(self, job_id: int, owner: QObject) -> None:
        super().__init__(owner)
        self.job_id = job_id

    def release(self) -> None:
        """Drop the connected slots now, then delete the handle on a later turn of the loop.

        Left to the deferred deletion, the Python slots were released inside ~QObject during
        event processing, which now and then corrupted the heap (PySide6 6.11, many jobs).
        """
        for signal, signature in (
            (self.succeeded, "succeeded(PyObject)"),
            (self.failed, "failed(PyObject)"),
            (self.finished, "finished()"),
        ):
            if self.receivers(SIGNAL(signature)):
                signal.disconnect()
        self.deleteLater()


@dataclasses.dataclass
class _Work:
    """What travels to the worker: the job's id and its callable (None: end the thread)."""

    job_id: int
    run: Callable[[], object] | None


class _Worker(QObject):
    """Lives on the worker thread and runs one job per queued call."""

    done = Signal(int, object, object)

    @Slot(object)
    def run(self, work: _Work) -> None:
        """Run the job and report its result or its exception (never raises)."""
        job, work.run = work.run, None
        if job is None:  # queued by stop(): every job submitted before it has run
            thread = QThread.currentThread()
            if thread is not None:
                thread.quit()
            return
        result: object = None
        error: BaseException | None = None
        try:
            result = job()
        except Exception as exc:  # every error goes back to the GUI thread, typed
            error = exc
        del job
        self.done.emit(work.job_id, result, error)


class _Question(Generic[T]):
    """One question for the GUI thread and, once answered, its answer."""

    def __init__(self, ask: Callable[[], T]) -> None:
        self.ask: Callable[[], T] | None = ask
        self.answered = threading.Event()
        self.answer: T | None = None
        self.error: Exception | None = None


class WorkerThread(QObject):
    """One named worker thread; create it on the GUI thread, end it with :meth:`stop`.

    ``finish_queued`` decides what :meth:`stop` does with jobs still waiting: run them first
    (the database worker: a logout queued at closing time must reach the log) or drop them
    (the card worker: nobody waits for a card read any more).
    """

    busy_changed = Signal(bool)
    job_done = Signal(int)
    _dispatch = Signal(object)
    _ask = Signal(object)

    def __init__(
        self, name: str, parent: QObject | None = None, *, finish_queued: bool = False
    ) -> None:
        super().__init__(parent)
        self.name = name
        self._finish_queued = finish_queued
        self._gui_ident = threading.get_ident()
        self._stopping = threading.Event()
        self._jobs: dict[int, Job] = {}
        self._next_id = 0
        # No parent: the thread's life is ended by stop(), not by a widget's destruction.
        self._thread = QThread()
        self._thread.setObjectName(name)
        self._worker = _Worker()
        self._worker.moveToThread(self._thread)
        self._dispatch.connect(self._worker.run, Qt.ConnectionType.QueuedConnection)
        self._worker.done.connect(self._finish, Qt.ConnectionType.QueuedConnection)
        self._ask.connect(self._answer, Qt.ConnectionType.QueuedConnection)
        self._thread.start()

    @property
    def busy(self) -> bool:
        """True while a job runs or waits for the worker."""
        return bool(self._jobs)

    def submit(self, run: Callable[[], object], owner: QObject) -> Job:
        """Queue ``run`` for the worker; connect to the returned handle's signals."""
        if self._stopping.is_set():
            raise RuntimeError(f"the worker thread {self.name} is stopped")
        self._next_id += 1
        job = Job(self._next_id, owner)
        was_busy = self.busy
        self._jobs[job.job_id] = job
        if not was_busy:
            self.busy_changed.emit(True)
        self._dispatch.emit(_Work(job.job_id, run))
        return job

    @Slot(int, object, object)
    def _finish(self, job_id: int, result: object, error: object) -> None:
        job = self._jobs.pop(job_id, None)
        if not self._jobs:
            self.busy_changed.emit(False)
        if job is not None and isValid(job):
            try:
                if error is not None:
                    job.failed.emit(error)
                else:
                    job.succeeded.emit(result)
            finally:
                job.finished.emit()
                job.release()
        self.job_done.emit(job_id)

    def ask_gui(self, ask: Callable[[], T], *, if_stopped: T) -> T:
        """Run ``ask`` on the GUI thread and wait for its answer (called from the worker).

        On the GUI thread itself ``ask`` simply runs. While the thread is being stopped the
        worker stops waiting and gets ``if_stopped`` (a cancel). An exception raised by
        ``ask`` is raised here, on the worker.
        """
        if threading.get_ident() == self._gui_ident:
            return ask()
        question = _Question(ask)
        if self._stopping.is_set():
            return if_stopped
        self._ask.emit(question)
        while not question.answered.wait(_POLL_S):
            if self._stopping.is_set():
                return if_stopped
        answer, question.answer = question.answer, None  # the question keeps no copy
        if question.error is not None:
            raise question.error
        return cast(T, answer)  # set by ``ask``, which returns a T

    @Slot(object)
    def _answer(self, question: _Question[object]) -> None:
        ask, question.ask = question.ask, None
        try:
            # A question still queued when the thread stopped opens no dialog: the worker
            # has already been given its cancel answer.
            if ask is not None and not self._stopping.is_set():
                question.answer = ask()
        except Exception as exc:  # raised again on the worker, where the job handles it
            question.error = exc
        finally:
            question.answered.set()

    def stop(self) -> None:
        """Cancel waiting questions, let the running (or queued) job end, join the thread."""
        if self._stopping.is_set():
            return
        self._stopping.set()
        if self._thread.isRunning():
            if self._finish_queued:
                self._dispatch.emit(_Work(0, None))  # behind every job already queued
            else:
                self._thread.quit()
            self._thread.wait()
