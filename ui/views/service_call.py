"""Service calls from a view run on the database worker, never on the GUI thread.

A view that calls app services owns a :class:`ServiceCall` and starts each call with
:meth:`ServiceCall.run`; the main window hands every view the one ``madoguchi-db`` worker
(:class:`UsesDbWorker`, like the card worker). While the call runs the view shows
「処理中…」 and its action buttons are disabled; a ``DomainError`` (a refusal, a missing
right, the database gone) is shown as its Japanese text in the view's status line, except a
``SessionEnded``, which the main window handles (back to the login page); a result that
arrives after the view cleared its personal data is dropped (see :mod:`ui.views.view_task`).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Protocol, TypeVar, runtime_checkable

from app.domain.errors import DomainError
from ui.views.view_task import ViewTask
from ui.worker_thread import WorkerThread

T = TypeVar("T")

DB_WORKER_NAME = "madoguchi-db"


def new_db_worker() -> WorkerThread:
    """The worker for service calls; queued calls (a logout at closing time) run at stop."""
    return WorkerThread(DB_WORKER_NAME, finish_queued=True)


class ServiceCall(ViewTask):
    """A view's service calls on the database worker."""

    def run(
        self,
        call: Callable[[], T],
        on_result: Callable[[T], None],
        *,
        describe: Callable[[Exception], str | None] | None = None,
        show_error: Callable[[str], None] | None = None,
        on_stale: Callable[[T], None] | None = None,
        busy_text: str | None = None,
    ) -> bool:
        """Run ``call`` on the worker, then ``on_result`` on the GUI thread; False when busy.

        ``describe`` maps the errors this view words itself (e.g. a refused search); any
        other ``DomainError`` shows its own text.
        """
        return self.start(
            call,
            on_result,
            busy_text=busy_text if busy_text is not None else self.tr("Working…"),
            describe=describe,
            show_error=show_error,
            on_stale=on_stale,
        )

    def describe_error(self, error: object) -> str | None:
        """A ``DomainError``'s own text (those name fields, never values); None otherwise."""
        return str(error) if isinstance(error, DomainError) else None

    def unexpected_text(self) -> str:
        """Said when a service call failed with a defect."""
        return self.tr("The operation failed unexpectedly.")


@runtime_checkable
class UsesDbWorker(Protocol):
    """A view that calls services: the main window hands it the database worker."""

    def attach_db_worker(self, worker: WorkerThread) -> None:
        """Run every service call on ``worker`` from now on (and load what the view lists)."""
        ...


def attach_if_db_user(widget: object, worker: WorkerThread) -> None:
    """Give ``worker`` to ``widget`` when it calls services."""
    if isinstance(widget, UsesDbWorker):
        widget.attach_db_worker(worker)
