"""Without a module that reads the 住民票コード from the card, the operator types it.

Both card views (confirmation and 特例転入) hand their entry prompt to the card-reading
service through ``CardView.run_card``. The container here has no ResidentCodeSource (a
production terminal without the vendor module). The code is asked before the card is
touched: 11 digits or refused, a check-digit mismatch only warned, a cancel reads nothing;
the key used is logged, never the 個人番号.
"""

from __future__ import annotations

import json
import threading

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget
from pytestqt.qtbot import QtBot
from ui_support import TERMINAL, log_rows, run_card_job

from app import bootstrap
from app.audit import Outcome
from app.demo.cards import training_cards
from app.demo.loader import seed_population
from app.demo.peers import seed_demo_move_outs
from app.demo.startup import training_operator_ids
from app.domain.rights import OperatorSession
from hardware.ports import PinKind
from hardware.resident_code import CHECK_DIGIT_WARNING
from hardware.virtual_card import CardHolder, VirtualMyNumberCard, sample_holder
from ui.card_worker import CardJobs
from ui.dialogs.card_prompts import ResidentCodeDialog
from ui.views.confirmation_view import CardConfirmationView
from ui.views.move_in_wizard import MoveInWizard

GUI = threading.get_ident()
ANSWERED = "answeredByTheTest"  # a dynamic Qt property on each dialog the test answered
FULL_WIDTH = str.maketrans("0123456789", "０１２３４５６７８９")


class Pins:
    """The card holder types 1234."""

    def __init__(self) -> None:
        self.asked: list[PinKind] = []

    def ask_pin(self, kind: PinKind, tries_left: int | None) -> bytearray:
        """The canned PIN."""
        del tries_left
        self.asked.append(kind)
        return bytearray(b"1234")


class TypedCode:
    """The operator types a canned code (None: cancel); warnings and threads are noted."""

    def __init__(self, code: str | None) -> None:
        self.code = code
        self.threads: list[int] = []
        self.warnings: list[str] = []

    def enter_resident_code(self) -> str | None:
        """The canned code."""
        self.threads.append(threading.get_ident())
        return self.code

    def warn(self, message: str) -> None:
        """Acknowledge the warning."""
        self.threads.append(threading.get_ident())
        self.warnings.append(message)


class CountingCard:
    """A Transport that counts the APDUs the card received."""

    def __init__(self, card: VirtualMyNumberCard) -> None:
        self.card = card
        self.apdus = 0

    def transmit(self, apdu: bytes) -> bytes:
        """Forward to the virtual card."""
        self.apdus += 1
        return self.card.transmit(apdu)


@pytest.fixture
def no_source(container: bootstrap.Container) -> bootstrap.Container:
    """The container of a terminal without a vendor module (set before any service is built)."""
    container.resident_code_source = None  # type: ignore[misc]
    return container


@pytest.fixture
def resident(no_source: bootstrap.Container) -> CardHolder:
    """A current resident's card (a small generated population)."""
    seed_population(no_source.engine, 40, 7, workers=0, training_operators=training_operator_ids())
    return CardHolder.from_dict(training_cards(no_source)[0].holder)


@pytest.fixture
def clerk(no_source: bootstrap.Container) -> OperatorSession:
    """The training clerk, logged in."""
    return no_source.auth.login_password("clerk01", "demo-pass-01", TERMINAL)


@pytest.fixture
def view(
    qtbot: QtBot, no_source: bootstrap.Container, clerk: OperatorSession, card_jobs: CardJobs
) -> CardConfirmationView:
    """The confirmation view on the hardware thread, with canned PINs."""
    built = CardConfirmationView(
        clerk,
        confirmation=no_source.card_confirmation,
        transport_provider=lambda: VirtualMyNumberCard(sample_holder()),
    )
    qtbot.addWidget(built)
    built.attach_card_jobs(card_jobs)
    built.pin_prompt = Pins()
    return built


def _detail(row: object) -> dict[str, object]:
    detail = row.detail  # type: ignore[attr-defined]
    parsed = json.loads(detail) if isinstance(detail, str) else dict(detail)
    assert isinstance(parsed, dict)
    return parsed


def test_an_entered_code_finds_the_resident(
    qtbot: QtBot, no_source: bootstrap.Container, view: CardConfirmationView, resident: CardHolder
) -> None:
    typed = TypedCode(resident.resident_code)
    view.resident_code_prompt = typed
    view.transport_provider = lambda: VirtualMyNumberCard(resident)
    run_card_job(qtbot, view.card_task, view.read_card)
    assert view.result is not None and view.result.found, view.status.text()
    assert view.result.key_kind == "resident_code_entered"
    assert typed.threads == [GUI] and typed.warnings == []
    assert view.pin_prompt.asked == [PinKind.KENHOJO]  # type: ignore[attr-defined]
    read = log_rows(no_source, "card.read")[-1]
    assert _detail(read)["key"] == "resident_code_entered"
    assert read.target == resident.resident_code
    assert resident.my_number not in json.dumps(_detail(read))
    assert "differs" not in view.status.text()  # the card's 個人番号 agrees with the register


def test_a_malformed_code_is_refused_before_the_card_is_read(
    qtbot: QtBot, no_source: bootstrap.Container, view: CardConfirmationView, resident: CardHolder
) -> None:
    view.resident_code_prompt = TypedCode("12345")
    card = CountingCard(VirtualMyNumberCard(resident))
    view.transport_provider = lambda: card
    run_card_job(qtbot, view.card_task, view.read_card)
    assert view.result is None
    assert view.status.text() == "The 住民票コード must be 11 digits. Nothing was read."
    assert card.apdus == 0
    assert view.pin_prompt.asked == []  # type: ignore[attr-defined]
    refused = log_rows(no_source, "card.read")[-1]
    assert refused.outcome == "refused"
    assert _detail(refused) == {
        "key": "resident_code_entered",
        "purpose": "card.confirm",
        "error": "InvalidFormat",
    }


def test_a_check_digit_mismatch_is_warned_then_accepted(
    qtbot: QtBot, no_source: bootstrap.Container, view: CardConfirmationView, resident: CardHolder
) -> None:
    code = resident.resident_code
    wrong_check_digit = code[:-1] + str((int(code[-1]) + 1) % 10)
    typed = TypedCode(wrong_check_digit)
    view.resident_code_prompt = typed
    view.transport_provider = lambda: VirtualMyNumberCard(resident)
    run_card_job(qtbot, view.card_task, view.read_card)
    assert typed.warnings == [CHECK_DIGIT_WARNING]
    assert typed.threads == [GUI, GUI]
    assert view.result is not None and not view.result.found  # went on with the typed code
    lookup = log_rows(no_source, "identity.lookup")[-1]
    assert lookup.outcome == "not_found"
    assert lookup.target == wrong_check_digit


def test_a_cancelled_entry_reads_nothing_and_is_logged(
    qtbot: QtBot, no_source: bootstrap.Container, view: CardConfirmationView, resident: CardHolder
) -> None:
    view.resident_code_prompt = TypedCode(None)
    card = CountingCard(VirtualMyNumberCard(resident))
    view.transport_provider = lambda: card
    run_card_job(qtbot, view.card_task, view.read_card)
    assert view.result is None
    assert view.status.text() == "Entry of the 住民票コード was cancelled. Nothing was read."
    assert card.apdus == 0
    cancelled = log_rows(no_source, "card.read")[-1]
    assert cancelled.outcome == Outcome.CANCELLED
    assert _detail(cancelled)["key"] == "resident_code_entered"


def test_the_entry_dialog_refuses_a_malformed_code_and_the_warning_must_be_acknowledged(
    qtbot: QtBot, view: CardConfirmationView, resident: CardHolder
) -> None:
    code = resident.resident_code
    wrong_check_digit = code[:-1] + str((int(code[-1]) + 1) % 10)
    view.transport_provider = lambda: VirtualMyNumberCard(resident)
    steps: list[str] = []

    def operator(widget: QWidget) -> None:
        if isinstance(widget, ResidentCodeDialog):
            widget.field.setText("12345")
            widget.accept()
            assert widget.isVisible() and "11 digits" in widget.error.text()
            steps.append("malformed refused")
            widget.field.setText(" " + wrong_check_digit.translate(FULL_WIDTH))
            widget.accept()
            steps.append("typed")
        elif isinstance(widget, QMessageBox):
            steps.append("warning: " + widget.text())
            ok = widget.button(QMessageBox.StandardButton.Ok)
            assert ok is not None
            ok.click()

    def poll() -> None:
        widget = QApplication.activeModalWidget()
        # Marked on the Qt object itself: an id() could come back for the next dialog, which
        # would then never be answered (a hang).
        if widget is not None and widget.isVisible() and not widget.property(ANSWERED):
            widget.setProperty(ANSWERED, True)
            operator(widget)

    timer = QTimer()
    timer.setInterval(20)
    timer.timeout.connect(poll)
    timer.start()
    run_card_job(qtbot, view.card_task, view.read_card)
    timer.stop()
    assert steps[:2] == ["malformed refused", "typed"]
    assert len(steps) == 3 and steps[2].startswith("warning: The check digit does not match")
    assert view.result is not None, view.status.text()
    assert view.result.resident_code == wrong_check_digit  # full-width digits folded


def test_the_move_in_wizard_takes_an_entered_code(
    qtbot: QtBot, no_source: bootstrap.Container, clerk: OperatorSession, card_jobs: CardJobs
) -> None:
    mover = seed_demo_move_outs(no_source, 1)[0]
    holder = CardHolder.from_dict(mover.card_holder)
    wizard = MoveInWizard(
        clerk, move_in=no_source.move_in, transport_provider=lambda: VirtualMyNumberCard(holder)
    )
    qtbot.addWidget(wizard)
    wizard.attach_card_jobs(card_jobs)
    pins = Pins()
    wizard.pin_prompt = pins
    wizard.resident_code_prompt = TypedCode(holder.resident_code)
    wizard.transport_provider = lambda: VirtualMyNumberCard(holder)
    run_card_job(qtbot, wizard.card_task, wizard.read_button.click)
    assert wizard.stack.currentIndex() == 1, wizard.status.text()
    assert pins.asked == [PinKind.JUKI]  # the card is still PIN-verified
    row = log_rows(no_source, "move_in.card")[-1]
    assert row.outcome == "ok"
    assert _detail(row)["key"] == "resident_code_entered"

    wizard.back()
    wizard.resident_code_prompt = TypedCode(None)
    run_card_job(qtbot, wizard.card_task, wizard.continued_button.click)
    assert wizard.status.text() == "Entry of the 住民票コード was cancelled. Nothing was read."
    cancelled = log_rows(no_source, "card.read")[-1]
    assert cancelled.outcome == Outcome.CANCELLED
    assert _detail(cancelled)["purpose"] == "move_in.continued_use"
    assert log_rows(no_source, "move_in.continued_use") == []
