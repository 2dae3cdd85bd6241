"""What every card-reading view shares: its transport, its prompts and its card task.

:class:`CardView` is the base of the views that read the My Number card (the confirmation
screen, the 特例転入 wizard). It holds the card transport provider the view registry hands in
(PC/SC on the terminal; tests hand in the virtual card), the GUI-thread prompts (PIN,
last-try confirmation, 住民票コード entry; each may be replaced on its own), the status line
and a :class:`CardTask`. :meth:`CardView.run_card` runs a card use case on the shared
hardware thread (``ui.card_worker.CardJobs``) with thread-safe adapters of those prompts and
calls the view back on the GUI thread. Whether the operator is asked for the 住民票コード,
and whether a PIN is sent on its last try, is decided by ``app.services.card_reading``
while the card is read: a view hands over its prompts and never chooses.

Meanwhile the view says "Reading the card…" and its card buttons are disabled. The view's
other service calls (a verdict, a reveal, the inbox, a 特例転入 entry) run on the database
worker through its :class:`ui.views.service_call.ServiceCall` (``calls``). A result of
either kind that arrives after the view forgot its person (card removed, curtain, lock:
:meth:`CardView.forget_person`) is dropped, never shown; errors are always shown (they
carry no personal data).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Protocol, TypeVar

from PySide6.QtWidgets import QLabel, QWidget

from app.domain.rights import OperatorSession
from hardware.ports import (
    GuardedPinPrompt,
    LastTryPrompt,
    PinPrompt,
    ResidentCodePrompt,
    Transport,
)
from ui.card_worker import (
    CardJobs,
    WorkerPinPrompt,
    WorkerPrompts,
    WorkerResidentCodePrompt,
    with_transport,
)
from ui.dialogs.card_prompts import CardPrompts, job_error_text
from ui.views.service_call import ServiceCall
from ui.views.view_task import Control, ViewTask
from ui.worker_thread import WorkerThread

T = TypeVar("T")
T_co = TypeVar("T_co", covariant=True)
TransportProvider = Callable[[], Transport]
"""Opens a connection to the card in the reader (called on the hardware thread)."""


class CardUseCase(Protocol[T_co]):
    """A service's card use case (``confirm``, ``read_card``, ``continued_use``)."""

    def __call__(
        self,
        op: OperatorSession,
        transport: Transport,
        pin: GuardedPinPrompt,
        *,
        code_entry: ResidentCodePrompt | None = None,
    ) -> T_co:
        """Read the card with these prompts and do the service's work with the read."""
        ...


class CardTask(ViewTask):
    """Runs a view's card work on the hardware thread and reports back to the view."""

    def run(
        self,
        provider: TransportProvider,
        work: Callable[[Transport, WorkerPrompts], T],
        on_result: Callable[[T], None],
        *,
        pin: PinPrompt,
        last_try: LastTryPrompt,
        resident_code: ResidentCodePrompt,
    ) -> bool:
        """Start ``work(transport, prompts)`` on the hardware thread; False when busy.

        ``on_result`` is called on the GUI thread with the result, unless the view was
        cleared meanwhile. The prompts given here are GUI-thread objects; the work gets
        thread-safe adapters of them.
        """
        worker = self.worker
        if worker is None:
            raise RuntimeError("no card worker attached to this view")
        prompts = WorkerPrompts(
            WorkerPinPrompt(worker, pin, last_try), WorkerResidentCodePrompt(worker, resident_code)
        )
        return self.start(
            lambda: with_transport(provider, lambda transport: work(transport, prompts)),
            on_result,
            busy_text=self.tr("Reading the card…"),
        )

    def describe_error(self, error: object) -> str | None:
        """A card error's or a refusal's short text; None for a defect."""
        return job_error_text(error)

    def unexpected_text(self) -> str:
        """Said when a card job failed with a defect."""
        return self.tr("The card operation failed unexpectedly.")


class CardView(QWidget):
    """A view that reads the My Number card (see the module docstring).

    A subclass builds its buttons, then its tasks with them: :meth:`make_tasks`.
    """

    card_task: CardTask
    calls: ServiceCall

    def __init__(self, session: OperatorSession, transport_provider: TransportProvider) -> None:
        super().__init__()
        self._session = session
        self.transport_provider = transport_provider
        self.prompts = CardPrompts(self)
        self.pin_prompt: PinPrompt = self.prompts
        self.last_try: LastTryPrompt = self.prompts
        self.resident_code_prompt: ResidentCodePrompt = self.prompts
        self.status = QLabel(self)
        self.status.setWordWrap(True)

    def make_tasks(
        self, card_controls: Sequence[Control], service_controls: Sequence[Control]
    ) -> None:
        """Create ``card_task`` and ``calls``; each disables its controls while it runs."""
        self.card_task = CardTask(self.status, card_controls, self)
        self.calls = ServiceCall(self.status, service_controls, self)

    def attach_card_jobs(self, jobs: CardJobs) -> None:
        """Run card reads on the window's shared hardware thread."""
        self.card_task.worker = jobs

    def attach_db_worker(self, worker: WorkerThread) -> None:
        """Run the view's service calls on the window's database worker."""
        self.calls.worker = worker

    def run_card(self, use_case: CardUseCase[T], on_result: Callable[[T], None]) -> bool:
        """Run ``use_case`` for this view's operator on the hardware thread, with its prompts;
        ``on_result`` gets its result on the GUI thread. False when a read is running."""
        session = self._session

        def work(transport: Transport, prompts: WorkerPrompts) -> T:
            return use_case(session, transport, prompts.pin, code_entry=prompts.resident_code)

        return self.card_task.run(
            self.transport_provider,
            work,
            on_result,
            pin=self.pin_prompt,
            last_try=self.last_try,
            resident_code=self.resident_code_prompt,
        )

    def forget_person(self) -> None:
        """The person leaves the screen: a read or a service result still on its way is
        dropped, an open card prompt closes."""
        self.card_task.invalidate()
        self.calls.invalidate()
        self.prompts.dismiss()
