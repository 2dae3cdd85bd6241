"""The one hardware thread: card jobs run there one at a time; prompts come back to the GUI.

ARCHITECTURE.md: all card I/O runs on one hardware thread, and prompts of the device flows
go through a handler port implemented by ui/. :class:`CardJobs` owns a long-lived QThread
with a worker QObject, created once by ``ui.main.assemble`` and handed to the views by the
main window (a view implementing :class:`UsesCardJobs` gets it after construction). A *job*
is a callable run on that thread; its result or its typed error comes back to the GUI
thread as a signal of the job's :class:`CardJob` handle. Jobs are serialised: the worker's
event loop runs one queued job after the other, so there is one card operation at a time.

The card services call their prompts (PIN, last-try confirmation, the operator's
住民票コード) on the worker thread, but dialogs belong to the GUI thread. The ``Worker*``
adapters send each question there through a queued signal (:meth:`CardJobs.ask_gui`) and
block the worker on a ``threading.Event`` until it is answered. An Event (rather than a
BlockingQueuedConnection) lets :meth:`CardJobs.stop` release a worker that waits for an
answer that will never come; the question then counts as cancelled.
"""

from __future__ import annotations

import contextlib
import dataclasses
import threading
from collections.abc import Callable
from typing import Generic, Protocol, TypeVar, cast, runtime_checkable

from PySide6.QtCore import QObject, Qt, QThread, Signal, Slot
from shiboken6 import isValid

from hardware.errors import CardError, LastTryNeedsConfirmation, PinEntryCancelled
from hardware.pin_policy import wipe
from hardware.ports import PinKind, PinPrompt, ResidentCodePrompt, ResidentCodeSource, Transport

T = TypeVar("T")
_POLL_S = 0.05  # how often a waiting worker looks whether the jobs are being stopped


class LastTryConfirmer(Protocol):
    """Asks the operator whether to send a PIN on the card's last try."""

    def confirm_last_try(self) -> bool:
        """True only when the operator explicitly agreed to risk blocking the card."""
        ...


def with_last_try_confirmation(confirmer: LastTryConfirmer, action: Callable[[bool], T]) -> T:
    """Run ``action(confirm_last_try=False)``; on the last try ask, and only then retry.

    No PIN is ever sent on the last try without the operator's explicit yes: a refusal
    raises PinEntryCancelled.
    """
    try:
        return action(False)
    except LastTryNeedsConfirmation:
        if not confirmer.confirm_last_try():
            raise PinEntryCancelled() from None
        return action(True)


def with_transport(provider: Callable[[], Transport], action: Callable[[Transport], T]) -> T:
    """Open a transport, run ``action`` with it and close it again (on the caller's thread)."""
    transport = provider()
    try:
        return action(transport)
    finally:
        # A CardConnection is closed (which resets the card, so no verified PIN state
        # outlives the job); a bare Transport (the virtual card in tests) has no close.
        close = getattr(transport, "close", None)
        if callable(close):
            with contextlib.suppress(CardError):
                close()


class CardJob(QObject):
    """The GUI-side handle of one job; its signals arrive on the GUI thread.

    Parented to the view that submitted it: if the view is destroyed first, the result is
    dropped.
    """

    succeeded = Signal(object)
    failed = Signal(object)
    finished = Signal()

    def __init__(self, job_id: int, owner: QObject) -> None:
        super().__init__(owner)
        self.job_id = job_id


@dataclasses.dataclass
class _Work:
    """What travels to the worker: the job's id and its callable."""

    job_id: int
    run: Callable[[], object] | None


class _Worker(QObject):
    """Lives on the hardware thread and runs one job per queued call."""

    done = Signal(int, object, object)

    @Slot(object)
    def run(self, work: _Work) -> None:
        """Run the job and report its result or its exception (never raises)."""
        result: object = None
        error: BaseException | None = None
        job, work.run = work.run, None
        try:
            if job is not None:
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


class CardJobs(QObject):
    """The hardware worker thread shared by every card-using view (one per window)."""

    busy_changed = Signal(bool)
    job_done = Signal(int)
    _dispatch = Signal(object)
    _ask = Signal(object)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._gui_ident = threading.get_ident()
        self._stopping = threading.Event()
        self._jobs: dict[int, CardJob] = {}
        self._next_id = 0
        # No parent: the thread's life is ended by stop(), not by a widget's destruction.
        self._thread = QThread()
        self._thread.setObjectName("madoguchi-card-io")
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

    def submit(self, run: Callable[[], object], owner: QObject) -> CardJob:
        """Queue ``run`` for the hardware thread; connect to the returned handle's signals."""
        if self._stopping.is_set():
            raise RuntimeError("the card worker is stopped")
        self._next_id += 1
        job = CardJob(self._next_id, owner)
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
                job.deleteLater()
        self.job_done.emit(job_id)

    def ask_gui(self, ask: Callable[[], T], *, if_stopped: T) -> T:
        """Run ``ask`` on the GUI thread and wait for its answer (called from the worker).

        On the GUI thread itself ``ask`` simply runs. While the jobs are being stopped the
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
            # A question still queued when the jobs stopped opens no dialog: the worker has
            # already been given its cancel answer.
            if ask is not None and not self._stopping.is_set():
                question.answer = ask()
        except Exception as exc:  # raised again on the worker, where the job handles it
            question.error = exc
        finally:
            question.answered.set()

    def stop(self) -> None:
        """Cancel waiting prompts, let the running job end, and join the thread."""
        self._stopping.set()
        if self._thread.isRunning():
            self._thread.quit()
            self._thread.wait()


@runtime_checkable
class UsesCardJobs(Protocol):
    """A view that runs card operations: the main window hands it the shared worker."""

    def attach_card_jobs(self, jobs: CardJobs) -> None:
        """Use ``jobs`` for every card operation from now on."""
        ...


def attach_if_card_user(widget: object, jobs: CardJobs) -> None:
    """Give ``jobs`` to ``widget`` when it runs card operations."""
    if isinstance(widget, UsesCardJobs):
        widget.attach_card_jobs(jobs)


# --------------------------------------------------------------------- worker-side prompts
class WorkerPinPrompt:
    """A PinPrompt for the worker thread: asks the GUI-thread prompt and waits for it.

    The answer is copied into a fresh bytearray for the card layer (which zeroes it after
    the VERIFY); the GUI prompt's own bytearray is zeroed at once. Nothing is kept.
    """

    def __init__(self, jobs: CardJobs, gui: PinPrompt) -> None:
        self._jobs = jobs
        self._gui = gui

    def ask_pin(self, kind: PinKind, tries_left: int | None) -> bytearray | None:
        """The PIN typed on the GUI thread, or None when cancelled (or the jobs stop)."""
        answer = self._jobs.ask_gui(lambda: self._gui.ask_pin(kind, tries_left), if_stopped=None)
        if answer is None:
            return None
        if isinstance(answer, str):
            fresh = bytearray(answer.encode("ascii", "replace"))
        else:
            fresh = bytearray(answer)
            wipe(answer)
        del answer
        return fresh


class WorkerLastTryConfirmer:
    """A LastTryConfirmer for the worker thread (a stop counts as "no")."""

    def __init__(self, jobs: CardJobs, gui: LastTryConfirmer) -> None:
        self._jobs = jobs
        self._gui = gui

    def confirm_last_try(self) -> bool:
        """The operator's answer, given on the GUI thread."""
        return self._jobs.ask_gui(self._gui.confirm_last_try, if_stopped=False)


class WorkerResidentCodePrompt:
    """A ResidentCodePrompt for the worker thread: entry and warning shown on the GUI thread."""

    def __init__(self, jobs: CardJobs, gui: ResidentCodePrompt) -> None:
        self._jobs = jobs
        self._gui = gui

    def enter_resident_code(self) -> str | None:
        """The code the operator typed, or None when cancelled (or the jobs stop)."""
        return self._jobs.ask_gui(self._gui.enter_resident_code, if_stopped=None)

    def warn(self, message: str) -> None:
        """Show the warning and wait until the operator has acknowledged it."""
        self._jobs.ask_gui(lambda: self._gui.warn(message), if_stopped=None)


class AskOnceResidentCodeSource:
    """Asks its source once per job: a last-try retry must not ask the operator again."""

    def __init__(self, source: ResidentCodeSource) -> None:
        self._source = source
        self._asked = False
        self._code: str | None = None

    def resident_code(self, session: Transport) -> str | None:
        """The first answer of the wrapped source, remembered for this job."""
        if not self._asked:
            self._asked = True
            self._code = self._source.resident_code(session)
        return self._code


@dataclasses.dataclass(frozen=True)
class WorkerPrompts:
    """The thread-safe prompts a job passes to the card services."""

    pin: WorkerPinPrompt
    last_try: WorkerLastTryConfirmer
    resident_code: WorkerResidentCodePrompt
