"""Screenshots of the login page, the main window and the lock, in Japanese.

They are always rendered (so a broken layout fails here); with MADOGUCHI_WRITE_SCREENSHOTS=1
they are also saved to docs/screenshots/ for the documentation.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QCoreApplication, Qt, QTranslator
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot
from ui_support import run_card_job, settle

from app import bootstrap
from app.demo.cards import training_cards
from app.demo.loader import seed_population
from app.demo.peers import DEMO_PIN, seed_demo_move_outs
from app.demo.startup import training_operator_ids
from hardware.ports import CardEvent, CardEventKind, PinKind
from hardware.virtual_card import CardHolder, VirtualMyNumberCard
from ui.card_events import CardEventBridge
from ui.card_worker import CardJobs
from ui.i18n import TRANSLATIONS_DIR
from ui.main_window import MainWindow, WindowServices
from ui.training_panel import TrainingCardPanel
from ui.views.approvals_view import ApprovalsView
from ui.views.confirmation_view import CardConfirmationView
from ui.views.move_in_wizard import MoveInWizard

DOCS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"


@pytest.fixture
def japanese(qapp: QApplication) -> Iterator[None]:
    translator = QTranslator()
    assert translator.load(str(TRANSLATIONS_DIR / "madoguchi_ja.qm"))
    QCoreApplication.installTranslator(translator)
    yield
    QCoreApplication.removeTranslator(translator)


def _save(window: MainWindow, name: str, tmp_path: Path) -> Path:
    QApplication.processEvents()
    image = window.grab().toImage()
    assert image.width() >= 1000 and image.height() >= 700
    target = DOCS if os.environ.get("MADOGUCHI_WRITE_SCREENSHOTS") == "1" else tmp_path
    target.mkdir(parents=True, exist_ok=True)
    path = target / name
    assert image.save(str(path))
    return path


def test_screenshots(
    japanese: None,
    qtbot: QtBot,
    container: bootstrap.Container,
    services: WindowServices,
    tmp_path: Path,
) -> None:
    window = MainWindow(services)
    qtbot.addWidget(window)
    window.resize(1100, 720)
    window.show()
    assert window.login_page.panel.fingerprint_button.text() == "指紋でログイン"
    window.login_page.panel.operator_id.setText("admin01")
    _save(window, "login.png", tmp_path)
    container.biometric.place("admin01", "right_index")
    window.login_page.panel.login_fingerprint()
    settle(qtbot, window.worker)
    assert window.session is not None
    _save(window, "main_window.png", tmp_path)
    window.show_curtain()
    _save(window, "curtain.png", tmp_path)
    window.curtain.hide()
    window.leave_seat()
    _save(window, "lock.png", tmp_path)


class PanelSlot:
    """The training panel's card slot without vpcd: the views read the card directly."""

    def __init__(self) -> None:
        self.holder: dict[str, Any] | None = None

    def insert(self, holder: dict[str, Any]) -> None:
        """Hold ``holder``'s card."""
        self.holder = holder

    def remove(self) -> None:
        """No card."""
        self.holder = None

    def transport(self) -> VirtualMyNumberCard:
        """The card in the slot, over the direct Transport."""
        assert self.holder is not None
        return VirtualMyNumberCard(CardHolder.from_dict(self.holder))


class PanelMonitor:
    """A CardMonitor the test drives: the panel's insertions are reported as the reader's."""

    def __init__(self) -> None:
        self.callback: Callable[[CardEvent], None] | None = None

    def start(self, callback: Callable[[CardEvent], None]) -> None:
        """Report an empty reader, as the first poll does."""
        self.callback = callback
        self.report(CardEventKind.READER_EMPTY)

    def stop(self) -> None:
        """Nothing runs."""

    def report(self, kind: CardEventKind) -> None:
        """One event of the training reader (on the GUI thread: delivered at once)."""
        assert self.callback is not None
        self.callback(CardEvent(kind, "Virtual PCD 00 00"))


class DemoPins:
    """The card holder types the training PIN."""

    def ask_pin(self, kind: PinKind, tries_left: int | None) -> bytearray:
        """The canned PIN."""
        del kind, tries_left
        return bytearray(DEMO_PIN.encode())


def _training_window(
    qtbot: QtBot,
    container: bootstrap.Container,
    services: WindowServices,
    card_jobs: CardJobs,
    operator: str,
) -> tuple[MainWindow, TrainingCardPanel, PanelMonitor]:
    window = MainWindow(services)
    qtbot.addWidget(window)
    window.attach_card_jobs(card_jobs)
    slot = PanelSlot()
    panel = TrainingCardPanel(training_cards(container), slot, window)  # type: ignore[arg-type]
    window.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, panel)
    window.resize(1100, 720)
    window.show()
    monitor = PanelMonitor()
    events = CardEventBridge(monitor, window)
    window.attach_card_events(events)
    events.start()
    password = {"clerk01": "demo-pass-01", "super01": "demo-pass-02"}[operator]
    window.start_session(container.auth.login_password(operator, password, "DEMO-01"))
    settle(qtbot, window.worker)
    for view in window.views:
        if hasattr(view, "transport_provider"):
            view.transport_provider = slot.transport
            view.pin_prompt = DemoPins()
    return window, panel, monitor


def _insert(monitor: PanelMonitor, panel: TrainingCardPanel, label_part: str) -> None:
    row = next(i for i in range(panel.list.count()) if label_part in panel.list.item(i).text())
    panel.list.setCurrentRow(row)
    panel.insert_selected()
    monitor.report(CardEventKind.INSERTED)


@pytest.mark.usefixtures("japanese")
def test_counter_screenshots(
    qtbot: QtBot,
    container: bootstrap.Container,
    services: WindowServices,
    card_jobs: CardJobs,
    tmp_path: Path,
) -> None:
    seed_population(container.engine, 40, 7, workers=0, training_operators=training_operator_ids())
    movers = seed_demo_move_outs(container, 6)

    window, panel, monitor = _training_window(qtbot, container, services, card_jobs, "clerk01")
    confirmation = next(v for v in window.views if isinstance(v, CardConfirmationView))
    window.tabs.setCurrentWidget(confirmation)
    _insert(monitor, panel, "券面は旧住所")
    run_card_job(qtbot, confirmation.card_task, confirmation.read_button.click)
    assert confirmation.result is not None and confirmation.result.has_differences
    assert "（" in confirmation.table.item(2, 1).text()  # 西暦 with 和暦
    assert window.status.reader_label.text() == "カードリーダー: カードあり"
    _save(window, "confirmation_difference.png", tmp_path)

    wizard = next(v for v in window.views if isinstance(v, MoveInWizard))
    window.tabs.setCurrentWidget(wizard)
    settle(qtbot, window.worker)
    assert wizard.inbox_table.rowCount() == len(movers)
    mover = movers[0]
    _insert(monitor, panel, mover.certificate.name_kanji)
    run_card_job(qtbot, wizard.card_task, wizard.read_button.click)
    wizard.moved_in.setText(mover.suggested_move_in.isoformat())
    wizard.show_deadlines()
    settle(qtbot, window.worker)
    wizard.postal.setText("963-8002")
    wizard.address.setText("福島県郡山市駅前一丁目")
    wizard.lot.setText("２番３号")
    wizard.submit_button.click()
    settle(qtbot, window.worker)
    assert wizard.pending_id is not None, wizard.status.text()
    _save(window, "move_in_entry.png", tmp_path)
    window.logout()

    window, panel, monitor = _training_window(qtbot, container, services, card_jobs, "super01")
    approvals = next(v for v in window.views if isinstance(v, ApprovalsView))
    window.tabs.setCurrentWidget(approvals)
    settle(qtbot, window.worker)
    approvals.table.selectRow(0)
    approvals.approve_button.click()
    settle(qtbot, window.worker)
    approvals.send_button.click()
    settle(qtbot, window.worker)
    assert approvals.outbox.rowCount() == 2
    assert window.status.reader_label.text() == "カードリーダー: カードなし"
    _save(window, "approval_sent.png", tmp_path)
