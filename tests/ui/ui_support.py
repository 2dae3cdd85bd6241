"""Helpers of the UI tests: a training container, log queries, a fake personal-data view."""

from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path

from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from app import bootstrap
from app.clock import ManualClock
from app.config import Settings
from app.db.migrate import upgrade
from app.db.models.oplog import OperationLogRow
from app.demo.staff import ensure_demo_staff
from app.domain.rights import OperatorSession, Right
from app.secret_store import InMemorySecretStore
from app.services.passwords import PasswordHasher
from hardware.biometric_sim import SimulatedFingerprintDevice
from ui.views.card_task import CardTask
from ui.views.service_call import ServiceCall
from ui.widgets.masked_number import MaskedNumberField
from ui.worker_thread import WorkerThread

TERMINAL = "DEMO-01"
NUMBER = "123456789018"


def make_container(db_url: str, data_dir: Path, clock: ManualClock) -> bootstrap.Container:
    """A training container wired for tests (cheap argon2 parameters, simulated sensor)."""
    settings = Settings(db_url=db_url, terminal_id=TERMINAL, demo=True, data_dir=data_dir)
    container = bootstrap.build(settings, clock=clock, secrets=InMemorySecretStore())
    container.passwords = PasswordHasher(time_cost=1, memory_cost=1024)
    container.biometric = SimulatedFingerprintDevice()
    upgrade(container.engine)
    ensure_demo_staff(container)
    return container


def log_rows(container: bootstrap.Container, operation: str) -> list[OperationLogRow]:
    """Operation-log rows of one operation, oldest first."""
    with container.uow.begin() as db:
        return list(
            db.scalars(
                select(OperationLogRow)
                .where(OperationLogRow.operation == operation)
                .order_by(OperationLogRow.seq)
            )
        )


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
