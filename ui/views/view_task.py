"""One view's calls on a worker thread: busy state, error text, results of a cleared view dropped.

A view owns a task (:class:`ui.views.service_call.ServiceCall` for service calls,
``ui.views.card_task.CardTask`` for card operations) and starts its work through it. While
a call runs, the view's action controls are disabled and its status line says so; the
result comes back on the GUI thread. A result that arrives after the view forgot its person
(curtain, lock, logout, card removal: :meth:`ViewTask.invalidate`) is dropped, never shown;
an error is always shown (error texts carry no personal data). :meth:`ViewTask.abandon`
lets the operator stop waiting for a call (a fingerprint capture nobody completes).

A :class:`~app.domain.rights.SessionEnded` refusal (the operator logged in at another
terminal) is not the view's business: it goes up the parent chain to the window that holds
the session (:class:`SessionHolder`), which ends the session and shows the login page.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Protocol, TypeVar, cast, runtime_checkable

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QLabel

from app.domain.rights import SessionEnded
from ui.worker_thread import WorkerThread

T = TypeVar("T")


class Control(Protocol):
    """A button, an action or a field a running call disables."""

    def setEnabled(self, enabled: bool) -> None:
        """Enable or disable the control."""
        ...


@runtime_checkable
class SessionHolder(Protocol):
    """The window that shows a session: told when a service refused it as ended."""

    def end_ended_session(self, error: SessionEnded) -> None:
        """Close the session's views and go back to the login page with ``error``'s text."""
        ...


def tell_session_holder(start: QObject | None, error: SessionEnded) -> bool:
    """Hand ``error`` to the first :class:`SessionHolder` from ``start`` up; False if none."""
    holder = start
    while holder is not None:
        if isinstance(holder, SessionHolder):
            holder.end_ended_session(error)
            return True
        holder = holder.parent()
    return False


class ViewTask(QObject):
    """Runs one call at a time of a view on :attr:`worker` and reports back to the view.

    Subclasses say how errors read (:meth:`describe_error`) and what is shown while busy.
    """

    finished = Signal()
    """Emitted after each call's result or error was handled (or dropped)."""
    busy_changed = Signal(bool)
    """A call started (True) or ended (False): views re-check their conditional controls."""

    def __init__(
        self,
        status: QLabel,
        controls: Sequence[Control],
        parent: QObject,
        worker: WorkerThread | None = None,
    ) -> None:
        super().__init__(parent)
        self.worker = worker
        self._status = status
        self._controls = tuple(controls)
        self._generation = 0
        # The running job by its id: a closure holding the Job itself would keep its wrapper
        # alive into its own deferred deletion (a crash in ~QObject).
        self._job_id: int | None = None
        self._job_generation = 0
        self._busy_text = ""

    @property
    def busy(self) -> bool:
        """True while a call of this view runs (and is still waited for)."""
        return self._job_id is not None

    def can_start(self) -> bool:
        """True unless a call runs whose result the view still waits for."""
        return self._job_id is None or self._job_generation != self._generation

    def invalidate(self) -> None:
        """The view forgot its person: a result still on its way must not be shown."""
        self._generation += 1

    def abandon(self) -> None:
        """Stop waiting for the running call: the view is usable again, its outcome dropped."""
        if self._job_id is not None:
            self._generation += 1
            self._settle(self._job_id)

    def describe_error(self, error: object) -> str | None:
        """The text for an expected error, or None for a defect (subclasses)."""
        del error
        return None

    def unexpected_text(self) -> str:
        """The status text for a defect (subclasses translate it)."""
        return "The operation failed unexpectedly."

    def start(
        self,
        call: Callable[[], T],
        on_result: Callable[[T], None],
        *,
        busy_text: str,
        describe: Callable[[Exception], str | None] | None = None,
        show_error: Callable[[str], None] | None = None,
        on_stale: Callable[[T], None] | None = None,
    ) -> bool:
        """Run ``call`` on the worker and hand its result to ``on_result``; False when busy.

        A call whose result would be dropped (the view was cleared since) does not keep the
        view busy: the new call is queued behind it.

        An error is shown as ``describe(error)`` or, failing that, :meth:`describe_error`,
        in the status line or through ``show_error``; a defect is re-raised on the GUI
        thread. ``on_stale`` gets a result that was dropped (e.g. to close a session the
        operator stopped waiting for).
        """
        if not self.can_start():
            return False
        if self._job_id is not None:
            self._settle(self._job_id)  # its result is dropped anyway: nobody waits for it
        worker = self.worker
        if worker is None:
            raise RuntimeError("no worker thread attached to this view")
        generation = self._generation
        job = worker.submit(call, self)
        job_id = self._job_id = job.job_id
        self._job_generation = generation
        self._busy_text = busy_text
        self._status.setText(busy_text)
        self._set_busy(True)

        def succeeded(result: object) -> None:
            self._settle(job_id)
            if generation == self._generation:
                on_result(cast(T, result))  # what ``call`` returned
            elif on_stale is not None:
                on_stale(cast(T, result))

        def failed(error: object) -> None:
            waited_for = self._settle(job_id)
            if isinstance(error, SessionEnded) and tell_session_holder(self.parent(), error):
                return  # the window ends the session; the view's status line has no say
            text = describe(error) if describe and isinstance(error, Exception) else None
            text = text or self.describe_error(error)
            if text is None:
                self._status.setText(self.unexpected_text())
                if isinstance(error, BaseException):
                    raise error  # a defect: let it surface (pytest-qt fails the test)
                return
            if waited_for:
                (show_error or self._status.setText)(text)

        job.succeeded.connect(succeeded)
        job.failed.connect(failed)
        job.finished.connect(self._job_finished)
        return True

    def _job_finished(self) -> None:
        self.finished.emit()

    def _settle(self, job_id: int) -> bool:
        """The call ended (or was abandoned); True if the view was still waiting for it."""
        if self._job_id != job_id:
            return False
        self._job_id = None
        if self._status.text() == self._busy_text:
            self._status.clear()
        self._set_busy(False)
        return True

    def _set_busy(self, busy: bool) -> None:
        for control in self._controls:
            control.setEnabled(not busy)
        self.busy_changed.emit(busy)
