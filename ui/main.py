"""Start the terminal window: QApplication, translations, container, main window."""

from __future__ import annotations

import contextlib
import dataclasses
import sys
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QWidget

from app import bootstrap
from app.audit import ActorIds, CheckpointUnavailable
from app.config import Settings
from app.demo.cards import training_cards
from app.demo.loader import NotATrainingRegister, SeedFailed
from app.demo.startup import prepare_training
from app.domain.rights import OperatorSession
from ui.card_events import CardEventBridge
from ui.card_worker import CardJobs
from ui.error_report import install_error_report
from ui.i18n import install_translator
from ui.main_window import MainWindow, WindowServices
from ui.setup_page import show_first_setup
from ui.training_panel import TrainingCardPanel
from ui.views.registry import ViewRegistration
from ui.views.service_call import new_db_worker
from ui.worker_thread import WorkerThread

if TYPE_CHECKING:
    from hardware.virtual_card.slot import TrainingCardSlot


@dataclasses.dataclass
class Terminal:
    """The assembled terminal: window, reader events, the two worker threads, training slot."""

    container: bootstrap.Container
    window: MainWindow
    card_events: CardEventBridge
    card_jobs: CardJobs
    slot: TrainingCardSlot | None
    panel: TrainingCardPanel | None
    db_worker: WorkerThread

    def close(self) -> None:
        """Stop the reader watch and the worker threads, eject the training card, close the db.

        The database worker first writes what is still queued (the logout of a closed
        window).
        """
        self.card_events.stop()
        self.card_jobs.stop()
        self.db_worker.stop()
        if self.slot is not None:
            self.slot.remove()
        self.container.close()


def window_services(container: bootstrap.Container, worker: WorkerThread) -> WindowServices:
    """What the main window uses, taken from the container; views are built by the registry."""

    def build_view(registration: ViewRegistration, session: OperatorSession) -> QWidget:
        return registration.factory(container, session)

    return WindowServices(
        auth=container.auth,
        screen=container.screen,
        clock=container.clock,
        worker=worker,
        terminal_id=container.settings.terminal_id,
        demo=container.settings.demo,
        hardcopy_dir=container.settings.data_dir / "hardcopies",
        build_view=build_view,
        fingers=container.training_fingers,
    )


def assemble(container: bootstrap.Container) -> Terminal:
    """Build the main window and connect it to the card reader (and training slot)."""
    db_worker = new_db_worker()  # the one thread every service call of the window runs on
    window = MainWindow(window_services(container, db_worker))
    if not container.settings.demo and container.setup.is_new():
        # A new register: the first set-up comes before anybody can log in.
        show_first_setup(
            window.pages,
            window.login_page,
            container.setup,
            container.settings.terminal_id,
            db_worker,
        )
    card_events = CardEventBridge(bootstrap.make_card_monitor(), window)
    window.attach_card_events(card_events)
    card_events.start()
    card_jobs = CardJobs(window)  # the one thread every card read runs on
    window.attach_card_jobs(card_jobs)
    slot = panel = None
    if container.settings.demo:
        slot = bootstrap.training_card_slot()
        panel = TrainingCardPanel(training_cards(container), slot, window)
        window.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, panel)
        # Residents' names are on the panel: show it only while someone is logged in.
        panel.setVisible(False)
        window.session_changed.connect(lambda session: panel.setVisible(session is not None))
    start_checkpoints(container, window, db_worker)
    return Terminal(container, window, card_events, card_jobs, slot, panel, db_worker)


CHECKPOINT_ACTOR = "audit"  # the system actor named by checkpoints the window writes


def start_checkpoints(
    container: bootstrap.Container, window: MainWindow, worker: WorkerThread
) -> QTimer:
    """Write a signed checkpoint of the log every MADOGUCHI_CHECKPOINT_MINUTES (on the db thread).

    Logouts write one too (AuthService.logout); the timer covers a long session. A store
    that cannot be written is logged as a failed checkpoint and tried again next time.
    """
    actor = ActorIds(CHECKPOINT_ACTOR, container.settings.terminal_id)

    def write() -> None:
        with contextlib.suppress(CheckpointUnavailable):
            container.oplog.checkpoint_logged(container.uow, actor, reason="interval")

    timer = QTimer(window)
    timer.setInterval(int(container.settings.audit.checkpoint_minutes * 60_000))
    timer.timeout.connect(lambda: worker.submit(write, window))
    timer.start()
    return timer


def run(
    settings: Settings, *, screenshot: str | None = None, quit_after: float | None = None
) -> int:
    """Open the window and run the event loop; optionally save a screenshot and quit."""
    app = QApplication.instance() or QApplication(sys.argv)
    assert isinstance(app, QApplication)
    app.setApplicationName("Madoguchi")
    install_translator(app, settings.language)
    container = bootstrap.build(settings)
    if settings.demo:
        try:
            prepare_training(container)  # schema, population, training staff (idempotent)
        except (NotATrainingRegister, SeedFailed) as exc:
            # The seed is one transaction: the register is as it was. Said in one line.
            container.close()
            what = (
                "not a training register"
                if isinstance(exc, NotATrainingRegister)
                else ("the training seed failed; the register is unchanged")
            )
            print(f"madoguchi: {what} ({exc})", file=sys.stderr)
            return 2
    elif not container.schema_is_current():
        container.close()
        print(
            "madoguchi: the database schema is not current: run `madoguchi db upgrade`",
            file=sys.stderr,
        )
        return 2
    # A changed security setting (lockout, idle times, simulated devices, ...) is logged.
    container.oplog.record_settings(container.uow, settings.terminal_id)
    terminal = assemble(container)
    window = terminal.window
    install_error_report(window)
    window.show()
    if screenshot:

        def grab() -> None:
            window.grab().save(screenshot)
            app.quit()

        QTimer.singleShot(1500, grab)
    elif quit_after is not None:
        QTimer.singleShot(int(quit_after * 1000), app.quit)
    try:
        return app.exec()
    finally:
        terminal.close()
