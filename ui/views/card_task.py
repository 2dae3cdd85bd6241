"""One view's card operations on the shared hardware thread: busy state, errors, stale results.

A card-using view owns a :class:`CardTask`. ``run`` opens the card, runs the view's work on
the hardware thread (``ui.card_worker.CardJobs``) with thread-safe prompts, and calls the
view back on the GUI thread. Meanwhile the view says "Reading the card…" and its card
buttons are disabled. A result that arrives after the view forgot its person (card removed,
curtain, lock: :meth:`CardTask.invalidate`) is dropped, never shown; errors are always
shown (they carry no personal data).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TypeVar, cast

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QAbstractButton, QLabel, QWidget

from app import bootstrap
from hardware.ports import CardConnection, PinPrompt, ResidentCodePrompt, Transport
from ui.card_worker import (
    CardJobs,
    LastTryConfirmer,
    WorkerLastTryConfirmer,
    WorkerPinPrompt,
    WorkerPrompts,
    WorkerResidentCodePrompt,
    with_transport,
)
from ui.dialogs.card_prompts import job_error_text

T = TypeVar("T")
TransportProvider = Callable[[], Transport]


def pcsc_transport() -> CardConnection:
    """A connection to the card in the first reader that holds one (opened on the worker)."""
    return bootstrap.open_card_transport(None)


class CardTask(QObject):
    """Runs a view's card work on the hardware thread and reports back to the view."""

    finished = Signal()

    def __init__(self, status: QLabel, buttons: Sequence[QAbstractButton], parent: QWidget):
        super().__init__(parent)
        self.jobs: CardJobs | None = None
        self._owner = parent
        self._status = status
        self._buttons = tuple(buttons)
        self._generation = 0
        self._running = False

    @property
    def busy(self) -> bool:
        """True while this view's card job runs."""
        return self._running

    def invalidate(self) -> None:
        """The view forgot its person: a result still on its way must not be shown."""
        self._generation += 1

    def run(  # noqa: PLR0917  (the view's three prompts read best in order)
        self,
        provider: TransportProvider,
        pin: PinPrompt,
        last_try: LastTryConfirmer,
        resident_code: ResidentCodePrompt,
        work: Callable[[Transport, WorkerPrompts], T],
        on_result: Callable[[T], None],
    ) -> bool:
        """Start ``work(transport, prompts)`` on the hardware thread; False when busy.

        ``on_result`` is called on the GUI thread with the result, unless the view was
        cleared meanwhile. The prompts given here are GUI-thread objects; the work gets
        thread-safe adapters of them.
        """
        if self._running:
            return False
        jobs = self.jobs
        if jobs is None:
            raise RuntimeError("no card worker attached to this view")
        prompts = WorkerPrompts(
            WorkerPinPrompt(jobs, pin),
            WorkerLastTryConfirmer(jobs, last_try),
            WorkerResidentCodePrompt(jobs, resident_code),
        )
        generation = self._generation
        self._set_running(True)
        self._status.setText(self.tr("Reading the card…"))
        job = jobs.submit(lambda: with_transport(provider, lambda t: work(t, prompts)), self)

        def succeeded(result: object) -> None:
            if generation == self._generation:
                on_result(cast(T, result))  # what ``work`` returned

        job.succeeded.connect(succeeded)
        job.failed.connect(self._failed)
        job.finished.connect(self._finished)
        return True

    def _failed(self, error: object) -> None:
        text = job_error_text(error)
        if text is None:
            self._status.setText(self.tr("The card operation failed unexpectedly."))
            if isinstance(error, BaseException):
                raise error  # a defect: let it surface (pytest-qt fails the test)
            return
        self._status.setText(text)

    def _finished(self) -> None:
        self._set_running(False)
        self.finished.emit()

    def _set_running(self, running: bool) -> None:
        self._running = running
        for button in self._buttons:
            button.setEnabled(not running)
