"""The 特例転入 inbox and the Juki-net outbox read as the counter speaks, and are never stale.

The inbox is loaded whenever its page comes into view and again after a card removal (before,
it stayed empty until Refresh was pressed); the former municipality is shown by name with
its code, statuses in words; the outbox names its recipients and says how each send went.
The lists are loaded on the database worker: the tests wait for it (``settle``).
"""

from __future__ import annotations

import pytest
from pytestqt.qtbot import QtBot
from ui_support import TERMINAL, open_approvals, run_card_job, settle

from app import bootstrap
from app.demo.peers import DEMO_PIN, DemoMover, seed_demo_move_outs
from app.jukinet.municipalities import municipality_label
from app.jukinet.simulated import REFUSING_MUNICIPALITY, SimulatedPeerNetwork
from hardware.ports import PinKind
from hardware.virtual_card import CardHolder, VirtualMyNumberCard
from ui.card_worker import CardJobs
from ui.main_window import MainWindow, WindowServices
from ui.views.approvals_view import ApprovalsView
from ui.views.move_in_wizard import MoveInWizard
from ui.worker_thread import WorkerThread

MUNICIPALITY, PLANNED, STATUS = 1, 2, 3


class CannedPins:
    """The card holder types the demo PIN."""

    def ask_pin(self, kind: PinKind, tries_left: int | None) -> bytearray:
        """The canned PIN."""
        del kind, tries_left
        return bytearray(DEMO_PIN.encode())


@pytest.fixture
def movers(container: bootstrap.Container) -> list[DemoMover]:
    """Three movers; the last comes from the municipality whose simulated CS refuses."""
    return seed_demo_move_outs(container, 3)


def _column(table: object, column: int) -> list[str]:
    rows = table.rowCount()  # type: ignore[attr-defined]
    return [table.item(row, column).text() for row in range(rows)]  # type: ignore[attr-defined]


def _clerk_window(
    qtbot: QtBot, container: bootstrap.Container, services: WindowServices
) -> tuple[MainWindow, MoveInWizard]:
    window = MainWindow(services)
    qtbot.addWidget(window)
    window.show()
    window.start_session(container.auth.login_password("clerk01", "demo-pass-01", TERMINAL))
    settle(qtbot, window.worker)
    wizard = next(v for v in window.views if isinstance(v, MoveInWizard))
    return window, wizard


def test_the_inbox_is_loaded_when_its_page_is_shown(
    qtbot: QtBot, container: bootstrap.Container, services: WindowServices, movers: list[DemoMover]
) -> None:
    window, wizard = _clerk_window(qtbot, container, services)
    window.show_curtain()  # before the clerk reached the tab: the lists were cleared
    window.curtain.hide()
    assert wizard.inbox_table.rowCount() == 0
    window.tabs.setCurrentWidget(wizard)
    settle(qtbot, window.worker)
    assert wizard.inbox_table.rowCount() == len(movers)


def test_a_card_removal_leaves_the_inbox_listed(
    qtbot: QtBot, container: bootstrap.Container, services: WindowServices, movers: list[DemoMover]
) -> None:
    window, wizard = _clerk_window(qtbot, container, services)
    window.tabs.setCurrentWidget(wizard)
    window.on_card_removed()
    settle(qtbot, window.worker)
    assert wizard.inbox_table.rowCount() == len(movers)
    assert wizard.stack.currentIndex() == 0


def test_the_inbox_names_municipalities_and_statuses(
    qtbot: QtBot, container: bootstrap.Container, services: WindowServices, movers: list[DemoMover]
) -> None:
    _window, wizard = _clerk_window(qtbot, container, services)
    shown = _column(wizard.inbox_table, MUNICIPALITY)
    assert f"白河市（{REFUSING_MUNICIPALITY}）" in shown
    assert sorted(shown) == sorted(
        municipality_label(m.certificate.from_municipality_code) for m in movers
    )
    assert all("（" in text for text in shown)  # every demo origin has a name
    assert set(_column(wizard.inbox_table, STATUS)) == {"Not yet entered"}
    assert all("年" in text and "（" in text for text in _column(wizard.inbox_table, PLANNED))


def _enter_and_approve(
    qtbot: QtBot,
    container: bootstrap.Container,
    mover: DemoMover,
    card_jobs: CardJobs,
    db_worker: WorkerThread,
) -> ApprovalsView:
    clerk = container.auth.login_password("clerk01", "demo-pass-01", TERMINAL)
    wizard = MoveInWizard(
        clerk,
        move_in=container.move_in,
        transport_provider=lambda: VirtualMyNumberCard(CardHolder.from_dict(mover.card_holder)),
    )
    qtbot.addWidget(wizard)
    wizard.attach_card_jobs(card_jobs)
    wizard.attach_db_worker(db_worker)
    wizard.pin_prompt = CannedPins()
    run_card_job(qtbot, wizard.card_task, wizard.read_button.click)
    wizard.moved_in.setText(mover.suggested_move_in.isoformat())
    wizard.postal.setText("963-8002")
    wizard.address.setText("福島県郡山市駅前一丁目")
    wizard.lot.setText("２番３号")
    settle(qtbot, db_worker)  # the inbox, loaded when the worker was attached
    wizard.submit_button.click()
    settle(qtbot, db_worker)  # the entry, then the inbox again
    assert wizard.pending_id is not None, wizard.status.text()
    assert set(_column(wizard.inbox_table, STATUS)) == {
        "Not yet entered",
        "Entered, awaiting approval",
    }
    supervisor = container.auth.login_password("super01", "demo-pass-02", TERMINAL)
    approvals = open_approvals(qtbot, container, supervisor, db_worker)
    approvals.table.selectRow(0)
    approvals.approve_button.click()
    settle(qtbot, db_worker)
    assert approvals.status.text() == "Approved. The notifications are queued."
    return approvals


def test_the_outbox_names_recipients_and_outcomes(
    qtbot: QtBot,
    container: bootstrap.Container,
    movers: list[DemoMover],
    card_jobs: CardJobs,
    db_worker: WorkerThread,
) -> None:
    refusing = movers[-1]
    assert refusing.certificate.from_municipality_code == REFUSING_MUNICIPALITY
    approvals = _enter_and_approve(qtbot, container, refusing, card_jobs, db_worker)
    assert sorted(_column(approvals.outbox, 1)) == sorted(
        ["Prefectural server", f"白河市（{REFUSING_MUNICIPALITY}）"]
    )
    assert set(_column(approvals.outbox, 2)) == {"Waiting to send"}
    network = container.peer_network
    assert isinstance(network, SimulatedPeerNetwork)
    network.prefecture.reachable = False
    approvals.send_button.click()
    assert not approvals.send_button.isEnabled()
    settle(qtbot, db_worker)
    statuses = dict(zip(_column(approvals.outbox, 1), _column(approvals.outbox, 2), strict=True))
    assert statuses == {
        "Prefectural server": "Send failed, will retry",
        f"白河市（{REFUSING_MUNICIPALITY}）": "Refused",
    }
    network.prefecture.reachable = True
    approvals.send_button.click()
    settle(qtbot, db_worker)
    assert _column(approvals.outbox, 2).count("Acknowledged") == 1
