"""The approvals queue shows how each 特例転入 was identified; an operator entry stands out.

A change entered without a card read is marked in red in the list and, when selected, above
the details with the clerk's reason; a card-read change is not. The Japanese wording is
checked in the translation table (the window runs in Japanese).
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot
from ui_support import TERMINAL, open_approvals, settle

from app import bootstrap
from app.demo.peers import DEMO_PIN, DemoMover, seed_demo_move_outs
from app.domain.rights import OperatorSession
from app.services.move_in import MoveInEntry
from hardware.ports import PinKind
from hardware.virtual_card import CardHolder, VirtualMyNumberCard
from ui.views.approvals_view import ApprovalsView
from ui.worker_thread import WorkerThread

ROOT = Path(__file__).resolve().parents[3]
REASON = "ICチップ読取不可のため運転免許証で確認"
RED = "#b00020"


class DemoPins:
    """The card holder types the demo PIN."""

    def ask_pin(self, kind: PinKind, tries_left: int | None) -> bytearray:
        """The demo PIN."""
        del kind, tries_left
        return bytearray(DEMO_PIN.encode())

    def confirm_last_try(self, kind: PinKind) -> bool:
        """Never asked with a fresh card."""
        del kind
        return False


def _submit(
    container: bootstrap.Container,
    clerk: OperatorSession,
    mover: DemoMover,
    inbox_id: int,
    *,
    card_token: str | None = None,
    reason: str = "",
) -> int:
    return container.move_in.submit(
        clerk,
        MoveInEntry(
            inbox_id=inbox_id,
            card_resident_code=mover.certificate.resident_code,
            moved_in=mover.suggested_move_in,
            postal_code="963-8002",
            address="福島県郡山市駅前一丁目",
            address_lot="２番３号",
            card_token=card_token,
            operator_entry_reason=reason,
        ),
    )


@pytest.fixture
def queue(qtbot: QtBot, container: bootstrap.Container, db_worker: WorkerThread) -> ApprovalsView:
    """The queue with a card-read change (row 0) and an operator entry (row 1)."""
    card_mover, typed_mover = seed_demo_move_outs(container, 2)
    clerk = container.auth.login_password("clerk01", "demo-pass-01", TERMINAL)
    card = VirtualMyNumberCard(CardHolder.from_dict(card_mover.card_holder))
    match = container.move_in.read_card(clerk, card, DemoPins())
    assert match.item is not None and match.card_token is not None
    _submit(container, clerk, card_mover, match.item.inbox_id, card_token=match.card_token)
    (typed,) = [
        item
        for item in container.move_in.inbox(clerk)
        if item.certificate.resident_code == typed_mover.certificate.resident_code
    ]
    _submit(container, clerk, typed_mover, typed.inbox_id, reason=REASON)
    supervisor = container.auth.login_password("super01", "demo-pass-02", TERMINAL)
    return open_approvals(qtbot, container, supervisor, db_worker)


def test_the_list_marks_the_operator_entry_in_red(queue: ApprovalsView) -> None:
    assert queue.table.rowCount() == 2
    assert queue.table.horizontalHeaderItem(4).text() == "Identification"
    assert queue.table.item(0, 4).text() == "Card read"
    assert queue.table.item(1, 4).text() == "No card read (entered by staff)"
    for column in range(5):
        marked = queue.table.item(1, column)
        assert marked.foreground().color().name() == RED
        assert marked.font().bold()
        assert queue.table.item(0, column).foreground().color().name() != RED


def test_selecting_the_operator_entry_shows_the_marker_and_the_reason(
    queue: ApprovalsView,
) -> None:
    queue.table.selectRow(1)
    assert not queue.evidence.isHidden()
    assert queue.evidence.text().startswith("No card read (entered by staff)")
    assert REASON in queue.evidence.text()
    assert queue.detail.toPlainText()  # the entry itself is shown below the marker
    queue.table.selectRow(0)
    assert queue.evidence.isHidden()
    assert queue.evidence.text() == ""


def test_the_marker_is_forgotten_with_the_screen(queue: ApprovalsView) -> None:
    queue.table.selectRow(1)
    queue.clear_personal_data()
    assert queue.evidence.isHidden()
    assert REASON not in queue.evidence.text()


def test_approving_the_operator_entry_removes_it_and_its_marker(
    qtbot: QtBot, queue: ApprovalsView, db_worker: WorkerThread
) -> None:
    queue.table.selectRow(1)
    queue.approve_button.click()
    settle(qtbot, db_worker)
    assert queue.status.text() == "Approved. The notifications are queued."
    assert queue.table.rowCount() == 1
    assert queue.table.item(0, 4).text() == "Card read"
    assert queue.evidence.isHidden()


def test_the_marker_reads_in_japanese() -> None:
    sys.path.insert(0, str(ROOT / "packaging"))
    try:
        import i18n
    finally:
        sys.path.pop(0)
    texts = i18n.load_tsv(ROOT / "resources" / "translations" / "ja.tsv")
    assert (
        texts[("ApprovalsView", "No card read (entered by staff)")] == "カード読取なし（職員入力）"
    )
    assert texts[("ApprovalsView", "Identification")] == "本人確認"
    reason_label = ("MoveInWizard", "Reason for entry without card read")
    assert texts[reason_label] == "カード読取なしの理由"
