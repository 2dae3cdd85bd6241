"""The one hardware thread: card jobs run there one at a time; prompts come back to the GUI.

ARCHITECTURE.md: all card I/O runs on one hardware thread, and prompts of the device flows
go through a handler port implemented by ui/. :class:`CardJobs` is that thread (a
:class:`ui.worker_thread.WorkerThread` named ``madoguchi-card-io``), created once by
``ui.main.assemble`` and handed to the views by the main window (a view implementing
:class:`UsesCardJobs` gets it after construction). A *job* is a callable run on that
thread; its result or its typed error comes back to the GUI thread as a signal of the job's
:class:`CardJob` handle. Jobs are serialised, so there is one card operation at a time.

The card services call their prompts (PIN, last-try confirmation, the operator's
住民票コード) on the worker thread, but dialogs belong to the GUI thread. The ``Worker*``
adapters send each question there with :meth:`CardJobs.ask_gui`, which blocks the worker
until it is answered (or the jobs are stopped: the question then counts as cancelled).
"""

from __future__ import annotations

import contextlib
import dataclasses
from collections.abc import Callable
from typing import Protocol, TypeVar, runtime_checkable

from PySide6.QtCore import QObject

from hardware.errors import CardError
from hardware.pin_policy import wipe
from hardware.ports import LastTryPrompt, PinKind, PinPrompt, ResidentCodePrompt, Transport
from ui.worker_thread import Job, WorkerThread

T = TypeVar("T")


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


CardJob = Job
"""The GUI-side handle of one card job (a :class:`ui.worker_thread.Job`)."""


class CardJobs(WorkerThread):
    """The hardware worker thread shared by every card-using view (one per window).

    Stopping it drops card jobs still queued: nobody waits for a card read any more.
    """

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__("madoguchi-card-io", parent)


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
    """A GuardedPinPrompt for the worker thread: asks the GUI-thread prompts and waits.

    The PIN is copied into a fresh bytearray for the card layer (which zeroes it after the
    VERIFY); the GUI prompt's own bytearray is zeroed at once. Nothing is kept. The
    last-try question goes to ``last_try`` on the GUI thread when the card layer asks it.
    """

    def __init__(self, jobs: WorkerThread, gui: PinPrompt, last_try: LastTryPrompt) -> None:
        self._jobs = jobs
        self._gui = gui
        self._last_try = last_try

    def confirm_last_try(self, kind: PinKind) -> bool:
        """The operator's answer, given on the GUI thread (a stop counts as "no")."""
        return self._jobs.ask_gui(lambda: self._last_try.confirm_last_try(kind), if_stopped=False)

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


class WorkerResidentCodePrompt:
    """A ResidentCodePrompt for the worker thread: entry and warning shown on the GUI thread."""

    def __init__(self, jobs: WorkerThread, gui: ResidentCodePrompt) -> None:
        self._jobs = jobs
        self._gui = gui

    def enter_resident_code(self) -> str | None:
        """The code the operator typed, or None when cancelled (or the jobs stop)."""
        return self._jobs.ask_gui(self._gui.enter_resident_code, if_stopped=None)

    def warn(self, message: str) -> None:
        """Show the warning and wait until the operator has acknowledged it."""
        self._jobs.ask_gui(lambda: self._gui.warn(message), if_stopped=None)


@dataclasses.dataclass(frozen=True)
class WorkerPrompts:
    """The thread-safe prompts a job passes to the card services (whether the operator is
    asked for the 住民票コード is the card-reading service's decision, not the job's)."""

    pin: WorkerPinPrompt
    resident_code: WorkerResidentCodePrompt
