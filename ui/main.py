"""Start the terminal window: QApplication, translations, container, main window."""

from __future__ import annotations

import dataclasses
import sys
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication

from app import bootstrap
from app.config import Settings
from app.demo.cards import training_cards
from app.demo.startup import prepare_training
from ui.card_events import CardEventBridge
from ui.card_worker import CardJobs
from ui.error_report import install_error_report
from ui.i18n import install_translator
from ui.main_window import MainWindow
from ui.training_panel import TrainingCardPanel

if TYPE_CHECKING:
    from hardware.virtual_card.slot import TrainingCardSlot


@dataclasses.dataclass
class Terminal:
    """The assembled terminal: window, reader events, hardware thread, training card slot."""

    container: bootstrap.Container
    window: MainWindow
    card_events: CardEventBridge
    card_jobs: CardJobs
    slot: TrainingCardSlot | None
    panel: TrainingCardPanel | None

    def close(self) -> None:
        """Stop the reader watch and the hardware thread, eject the training card, close the db."""
        self.card_events.stop()
        self.card_jobs.stop()
        if self.slot is not None:
            self.slot.remove()
        self.container.close()


def assemble(container: bootstrap.Container) -> Terminal:
    """Build the main window and connect it to the card reader (and training slot)."""
    window = MainWindow(container)
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
    return Terminal(container, window, card_events, card_jobs, slot, panel)


def run(
    settings: Settings, *, screenshot: str | None = None, quit_after: float | None = None
) -> int:
    """Open the window and run the event loop; optionally save a screenshot and quit."""
    app = QApplication.instance() or QApplication(sys.argv)
    assert isinstance(app, QApplication)
    app.setApplicationName("Madoguchi")
    install_translator(app)
    container = bootstrap.build(settings)
    if settings.demo:
        prepare_training(container)  # schema, population, training staff (idempotent)
    elif not container.schema_is_current():
        container.close()
        print(
            "madoguchi: the database schema is not current: run `madoguchi db upgrade`",
            file=sys.stderr,
        )
        return 2
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
