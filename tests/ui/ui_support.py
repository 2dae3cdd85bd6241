"""Helpers of the UI tests: the training container with the terminal's own login policy (built
by tests/support/auth.py), a fake personal-data view, slow fakes, waiting for the workers."""

from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path

from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget
from pytestqt.qtbot import QtBot

from app import bootstrap
from app.clock import ManualClock
from app.config import AuthPolicy
from app.domain.rights import OperatorSession, Right
from hardware.biometric_sim import SimulatedFingerprintDevice
from tests.support.auth import TERMINAL, log_rows
from tests.support.auth import make_container as make_test_container
from ui.views.approvals_view import ApprovalsView
from ui.views.card_task import CardTask
from ui.views.service_call import ServiceCall
from ui.widgets.masked_number import MaskedNumberField
from ui.worker_thread import WorkerThread

# Re-exported: the UI tests take these from here with the rest of their helpers.
__all__ = ["TERMINAL", "log_rows"]

NUMBER = "123456789018"


def make_container(db_url: str, data_dir: Path, clock: ManualClock) -> bootstrap.Container:
    """The tests' training container with the terminal's own login policy (5 tries, 15 min)."""
    return make_test_container(db_url, data_dir, clock, auth=AuthPolicy())


class FakePersonView(QWidget):
    """A view showing a name and a 個人番号, implementing PersonalDataView and UsesDbWorker."""

    def __init__(self, container: bootstrap.Container, session: OperatorSession) -> None:
        super().__init__()
        self.name = QLabel("試験 花子", self)
        self.status = QLabel(self)
        self.calls = ServiceCall(self.status, [], self)
        screen = container.screen

        def reveal(target: str, show: Callable[[], None]) -> None:
            self.calls.run(
                lambda: screen.reveal_my_number(session, target=target), lambda _: show()
            )

        self.number = MaskedNumberField(
            reveal, can_reveal=Right.REVEAL_MY_NUMBER in session.rights, parent=self
        )
        self.number.set_number(NUMBER, target="resident:00000000019")
        layout = QVBoxLayout(self)
        layout.addWidget(self.name)
        layout.addWidget(self.number)
        layout.addWidget(self.status)

    def attach_db_worker(self, worker: WorkerThread) -> None:
        """Reveal on ``worker``."""
        self.calls.worker = worker

    def clear_personal_data(self) -> None:
        """Forget the person."""
        self.calls.invalidate()
        self.name.clear()
        self.number.clear_personal_data()


def run_card_job(qtbot: QtBot, task: CardTask, start: Callable[[], object]) -> None:
    """Start a view's card operation and wait until its result or error is on screen."""
    with qtbot.waitSignal(task.finished, timeout=15_000):
        start()


def settle(qtbot: QtBot, worker: WorkerThread, timeout: int = 15_000) -> None:
    """Wait until every service call queued on ``worker`` ran and its result was handled."""
    qtbot.waitUntil(lambda: not worker.busy, timeout=timeout)


class SlowSensor:
    """A fingerprint sensor that waits ``delay`` seconds for the finger, or until cancelled.

    It wraps the simulator (so the training finger picker still works) and notes the
    threads its captures ran on.
    """

    def __init__(self, inner: SimulatedFingerprintDevice, delay: float = 0.3) -> None:
        self.inner = inner
        self.delay = delay
        self.threads: list[int] = []
        self.cancelled = threading.Event()

    def is_ready(self) -> bool:
        """As the simulator."""
        return self.inner.is_ready()

    def enroll(self, finger: str, *, subject: str) -> bytes:
        """The simulator's template, after the wait."""
        self._wait()
        return self.inner.enroll(finger, subject=subject)

    def capture(self) -> bytes | None:
        """The placed finger after the wait; None when the capture was cancelled."""
        if self._wait():
            return None
        return self.inner.capture()

    def matches(self, sample: bytes, template: bytes) -> bool:
        """As the simulator."""
        return self.inner.matches(sample, template)

    def place(self, subject: str, finger: str) -> None:
        """As the simulator."""
        self.inner.place(subject, finger)

    def place_unknown(self) -> None:
        """As the simulator."""
        self.inner.place_unknown()

    def cancel_capture(self) -> None:
        """End the wait at once."""
        self.cancelled.set()
        self.inner.cancel_capture()

    def _wait(self) -> bool:
        self.threads.append(threading.get_ident())
        return self.cancelled.wait(self.delay)


def open_approvals(
    qtbot: QtBot, container: bootstrap.Container, supervisor: OperatorSession, worker: WorkerThread
) -> ApprovalsView:
    """The approvals queue as the window builds it, on ``worker``, with its list loaded."""
    approvals = ApprovalsView(
        supervisor,
        approvals=container.approvals,
        outbox=container.jukinet_outbox,
        dispatcher=container.dispatcher,
    )
    qtbot.addWidget(approvals)
    approvals.attach_db_worker(worker)
    settle(qtbot, worker)
    return approvals
