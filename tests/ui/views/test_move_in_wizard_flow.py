"""The counter flows on screen: the 特例転入 wizard, second-operator approval, confirmation.

The virtual card answers over the direct Transport; PINs come from a canned prompt. Card
reads run on the hardware thread, so each test waits for the view's card task to finish;
the inbox, the deadline check, the entry and the verdict run on the database worker, so
the tests wait for it too (``settle``).
"""

from __future__ import annotations

import datetime as dt
import json

import pytest
from pytestqt.qtbot import QtBot
from sqlalchemy import select
from ui_support import TERMINAL, log_rows, open_approvals, run_card_job, settle

from app import bootstrap
from app.db.models.movein import CardReadEvidence, PendingChange
from app.demo.peers import DEMO_PIN, DemoMover, seed_demo_move_outs
from app.domain.rights import OperatorSession
from app.domain.wareki import format_seireki_wareki
from hardware.errors import ReaderUnavailable
from hardware.ports import PinKind, Transport
from hardware.virtual_card import CardHolder, VirtualMyNumberCard
from ui.card_worker import CardJobs
from ui.views.confirmation_view import CardConfirmationView
from ui.views.move_in_wizard import MoveInWizard
from ui.worker_thread import WorkerThread


class CannedPins:
    """The card holder types the demo PIN."""

    def __init__(self, pin: str = DEMO_PIN) -> None:
        self.pin = pin
        self.asked: list[PinKind] = []

    def ask_pin(self, kind: PinKind, tries_left: int | None) -> bytearray:
        """The canned PIN."""
        del tries_left
        self.asked.append(kind)
        return bytearray(self.pin.encode())


@pytest.fixture
def movers(container: bootstrap.Container) -> list[DemoMover]:
    """Three demo movers whose former municipalities sent 転出証明書情報."""
    return seed_demo_move_outs(container, 3)


def _login(container: bootstrap.Container, operator_id: str, password: str) -> OperatorSession:
    return container.auth.login_password(operator_id, password, TERMINAL)


def _card(mover: DemoMover) -> VirtualMyNumberCard:
    return VirtualMyNumberCard(CardHolder.from_dict(mover.card_holder))


def _no_card() -> Transport:
    raise ReaderUnavailable()  # each test hands in the card it reads


def _wizard(
    qtbot: QtBot, container: bootstrap.Container, clerk: OperatorSession, db_worker: WorkerThread
) -> MoveInWizard:
    wizard = MoveInWizard(clerk, move_in=container.move_in, transport_provider=_no_card)
    qtbot.addWidget(wizard)
    wizard.attach_db_worker(db_worker)  # loads the inbox
    settle(qtbot, db_worker)
    return wizard


def _confirmation(container: bootstrap.Container, clerk: OperatorSession) -> CardConfirmationView:
    return CardConfirmationView(
        clerk, confirmation=container.card_confirmation, transport_provider=_no_card
    )


def _enter_move_in(
    qtbot: QtBot, wizard: MoveInWizard, moved_in: dt.date, db_worker: WorkerThread
) -> None:
    run_card_job(qtbot, wizard.card_task, wizard.read_button.click)
    assert wizard.stack.currentIndex() == 1, wizard.status.text()
    assert wizard.evidence_box.isHidden()  # a card was read: no reason to give
    _fill_entry(qtbot, wizard, moved_in, db_worker)


def _fill_entry(
    qtbot: QtBot, wizard: MoveInWizard, moved_in: dt.date, db_worker: WorkerThread
) -> None:
    wizard.moved_in.setText(moved_in.isoformat())
    wizard.show_deadlines()
    settle(qtbot, db_worker)
    assert "Day " in wizard.deadlines.text()
    wizard.postal.setText("963-8002")
    wizard.address.setText("福島県郡山市駅前一丁目")
    wizard.lot.setText("２番３号")
    wizard.submit_button.click()
    assert wizard.status.text() == "Working…"
    settle(qtbot, db_worker)


def test_special_move_in_through_to_approval_and_confirmation(
    qtbot: QtBot,
    container: bootstrap.Container,
    movers: list[DemoMover],
    card_jobs: CardJobs,
    db_worker: WorkerThread,
) -> None:
    mover = movers[0]
    clerk = _login(container, "clerk01", "demo-pass-01")
    supervisor = _login(container, "super01", "demo-pass-02")

    wizard = _wizard(qtbot, container, clerk, db_worker)
    wizard.attach_card_jobs(card_jobs)
    assert wizard.inbox_table.rowCount() == 3
    pins = CannedPins()
    wizard.pin_prompt = pins
    wizard.transport_provider = lambda: _card(mover)
    _enter_move_in(qtbot, wizard, mover.suggested_move_in, db_worker)
    assert pins.asked == [PinKind.JUKI]
    assert wizard.pending_id is not None, wizard.status.text()
    assert wizard.status.text().startswith(f"Saved as pending change {wizard.pending_id}.")
    assert wizard.stack.currentIndex() == 0
    statuses = {wizard.inbox_table.item(row, 3).text() for row in range(3)}
    assert "Entered, awaiting approval" in statuses  # the inbox was loaded again
    with container.uow.begin() as db:  # the card read's token went with the entry
        change = db.get(PendingChange, wizard.pending_id)
        assert change is not None and change.evidence == "card"
        evidence = db.scalars(select(CardReadEvidence)).one()
        assert evidence.used_by_change_id == change.id
    assert json.loads(log_rows(container, "move_in.submit")[-1].detail)["evidence"] == "card"

    approvals = open_approvals(qtbot, container, supervisor, db_worker)
    assert approvals.table.rowCount() == 1
    assert approvals.table.item(0, 4).text() == "Card read"
    approvals.table.selectRow(0)
    assert approvals.evidence.isHidden()
    assert mover.certificate.name_kanji in approvals.detail.toPlainText()
    assert str(mover.certificate.my_number) not in approvals.detail.toPlainText()
    approvals.approve_button.click()
    settle(qtbot, db_worker)
    assert approvals.table.rowCount() == 0
    assert approvals.outbox.rowCount() == 2
    approvals.send_button.click()
    settle(qtbot, db_worker)
    statuses = {approvals.outbox.item(r, 2).text() for r in range(2)}
    assert statuses == {"Acknowledged"}

    confirmation = _confirmation(container, clerk)
    qtbot.addWidget(confirmation)
    confirmation.attach_card_jobs(card_jobs)
    confirmation.attach_db_worker(db_worker)
    confirmation.pin_prompt = CannedPins()
    confirmation.transport_provider = lambda: _card(mover)
    run_card_job(qtbot, confirmation.card_task, confirmation.read_button.click)
    assert confirmation.result is not None and confirmation.result.found
    address_row = 1
    assert confirmation.table.item(address_row, 0).text().startswith("≠")  # old address on card
    assert not confirmation.table.item(0, 0).text().startswith("≠")
    confirmation.match_button.click()
    settle(qtbot, db_worker)
    assert confirmation.status.text() == "Recorded: matches."
    assert log_rows(container, "card.verdict")[-1].outcome == "match"
    confirmation.on_card_removed()
    assert confirmation.table.item(0, 1) is None
    assert confirmation.result is None


def test_late_move_in_shows_the_day_counts_and_is_refused(
    qtbot: QtBot,
    container: bootstrap.Container,
    movers: list[DemoMover],
    card_jobs: CardJobs,
    db_worker: WorkerThread,
) -> None:
    mover = movers[1]
    clerk = _login(container, "clerk01", "demo-pass-01")
    wizard = _wizard(qtbot, container, clerk, db_worker)
    wizard.attach_card_jobs(card_jobs)
    wizard.pin_prompt = CannedPins()
    wizard.transport_provider = lambda: _card(mover)
    today = container.clock.now().date()
    _enter_move_in(qtbot, wizard, today - dt.timedelta(days=15), db_worker)
    assert wizard.pending_id is None
    assert "転入年月日" in wizard.status.text()  # the refusal, in the status line
    assert "15" in wizard.deadlines.text()
    limit = today - dt.timedelta(days=1)  # 14 days after a move-in 15 days ago
    assert format_seireki_wareki(limit) in wizard.deadlines.text()  # 西暦（和暦）, as elsewhere
    assert format_seireki_wareki(mover.certificate.date_of_birth) in wizard.summary.text()
    assert wizard.stack.currentIndex() == 1
    shown = wizard.deadlines.text()
    wizard.deadlines.clear()
    wizard.submit_button.click()  # the refusal itself brings the day counts back
    settle(qtbot, db_worker)
    assert wizard.deadlines.text() == shown


def test_entry_without_a_card_read_asks_for_the_reason_and_is_marked(
    qtbot: QtBot,
    container: bootstrap.Container,
    movers: list[DemoMover],
    card_jobs: CardJobs,
    db_worker: WorkerThread,
) -> None:
    mover = movers[0]
    clerk = _login(container, "clerk01", "demo-pass-01")
    wizard = _wizard(qtbot, container, clerk, db_worker)
    wizard.attach_card_jobs(card_jobs)
    wizard.without_card_button.click()  # nothing selected yet
    assert wizard.stack.currentIndex() == 0
    assert wizard.status.text() == "Select the move-out certificate information first."
    row = next(
        r
        for r in range(wizard.inbox_table.rowCount())
        if wizard.inbox_table.item(r, 0).text() == mover.certificate.name_kanji
    )
    wizard.inbox_table.selectRow(row)
    wizard.without_card_button.click()
    assert wizard.stack.currentIndex() == 1
    assert not wizard.evidence_box.isHidden()
    assert mover.certificate.name_kanji in wizard.summary.text()

    _fill_entry(qtbot, wizard, mover.suggested_move_in, db_worker)  # without a reason
    assert wizard.pending_id is None
    assert wizard.stack.currentIndex() == 1
    shown = wizard.reason_error_text()
    assert wizard.evidence_reason_error.text() == shown
    assert wizard.status.text() == shown
    refused = log_rows(container, "move_in.submit")[-1]
    assert refused.outcome == "refused"
    assert json.loads(refused.detail)["evidence"] == "operator_entry"

    reason = "ICチップ読取不可のため運転免許証で確認"
    wizard.evidence_reason.setText(reason)
    wizard.submit_button.click()
    settle(qtbot, db_worker)
    assert wizard.pending_id is not None, wizard.status.text()
    assert wizard.evidence_reason_error.text() == ""
    assert wizard.evidence_reason.text() == "" and wizard.evidence_box.isHidden()
    with container.uow.begin() as db:
        change = db.get(PendingChange, wizard.pending_id)
        assert change is not None
        assert (change.evidence, change.evidence_reason) == ("operator_entry", reason)
    assert all(reason not in r.detail for r in log_rows(container, "move_in.submit"))


def test_wrong_pin_is_reported_with_tries_left(
    qtbot: QtBot,
    container: bootstrap.Container,
    movers: list[DemoMover],
    card_jobs: CardJobs,
    db_worker: WorkerThread,
) -> None:
    clerk = _login(container, "clerk01", "demo-pass-01")
    wizard = _wizard(qtbot, container, clerk, db_worker)
    wizard.attach_card_jobs(card_jobs)
    wizard.pin_prompt = CannedPins("0000")
    wizard.transport_provider = lambda: _card(movers[0])
    run_card_job(qtbot, wizard.card_task, wizard.read_button.click)
    assert wizard.stack.currentIndex() == 0
    assert "2" in wizard.status.text()


def test_unknown_card_is_not_found_on_the_confirmation_screen(
    qtbot: QtBot, container: bootstrap.Container, movers: list[DemoMover], card_jobs: CardJobs
) -> None:
    clerk = _login(container, "clerk01", "demo-pass-01")
    view = _confirmation(container, clerk)
    qtbot.addWidget(view)
    view.attach_card_jobs(card_jobs)
    view.pin_prompt = CannedPins()
    view.transport_provider = lambda: _card(movers[2])  # not (yet) a resident
    run_card_job(qtbot, view.card_task, view.read_button.click)
    assert view.result is not None and not view.result.found
    assert log_rows(container, "identity.lookup")[-1].outcome == "not_found"
    assert not view.match_button.isEnabled()
