"""The hardware thread: reads off the GUI thread, a live window, prompts on the GUI thread.

The confirmation view reads a virtual card over the direct Transport; a slow wrapper makes
each APDU take a while, as a real reader does.
"""

from __future__ import annotations

import sys
import threading
import time
from collections.abc import Callable

import pytest
from PySide6.QtCore import QObject, QTimer
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot
from ui_support import TERMINAL, log_rows, run_card_job

from app import bootstrap
from app.domain.rights import OperatorSession
from hardware import apdu
from hardware.errors import WrongPin
from hardware.ports import PinKind
from hardware.virtual_card import VirtualCardOptions, VirtualMyNumberCard, sample_holder
from ui.card_worker import CardJobs
from ui.dialogs.card_prompts import PinDialog
from ui.views.confirmation_view import CardConfirmationView

GUI = threading.get_ident()  # pytest runs the tests on the thread that owns the QApplication


class RecordingPins:
    """Types a PIN, noting the thread, the kind and the tries shown, and keeping its buffers."""

    def __init__(self, pin: str = "1234") -> None:
        self.pin = pin
        self.threads: list[int] = []
        self.asked: list[tuple[PinKind, int | None]] = []
        self.given: list[bytearray] = []

    def ask_pin(self, kind: PinKind, tries_left: int | None) -> bytearray:
        """The canned PIN (the buffer is kept to check that it was wiped)."""
        self.threads.append(threading.get_ident())
        self.asked.append((kind, tries_left))
        buffer = bytearray(self.pin.encode())
        self.given.append(buffer)
        return buffer


class LastTry:
    """The operator's canned answer to the last-try question (threads and PINs noted)."""

    def __init__(self, answer: bool) -> None:
        self.answer = answer
        self.threads: list[int] = []
        self.kinds: list[PinKind] = []

    def confirm_last_try(self, kind: PinKind) -> bool:
        """The canned answer."""
        self.threads.append(threading.get_ident())
        self.kinds.append(kind)
        return self.answer


class SlowCard:
    """A Transport that takes ``delay`` seconds per APDU and notes the thread it runs on."""

    def __init__(self, card: VirtualMyNumberCard, delay: float) -> None:
        self.card = card
        self.delay = delay
        self.threads: list[int] = []

    def transmit(self, apdu: bytes) -> bytes:
        """Answer after the delay."""
        self.threads.append(threading.get_ident())
        time.sleep(self.delay)
        return self.card.transmit(apdu)


@pytest.fixture
def clerk(container: bootstrap.Container) -> OperatorSession:
    """The training clerk, logged in."""
    return container.auth.login_password("clerk01", "demo-pass-01", TERMINAL)


@pytest.fixture
def view(
    qtbot: QtBot, container: bootstrap.Container, clerk: OperatorSession, card_jobs: CardJobs
) -> CardConfirmationView:
    """The confirmation view on the shared hardware thread."""
    built = CardConfirmationView(
        clerk,
        confirmation=container.card_confirmation,
        transport_provider=lambda: VirtualMyNumberCard(sample_holder()),
    )
    qtbot.addWidget(built)
    built.attach_card_jobs(card_jobs)
    return built


def test_a_job_runs_on_the_hardware_thread_and_its_result_comes_back(
    qtbot: QtBot, card_jobs: CardJobs
) -> None:
    owner = QObject()
    job = card_jobs.submit(threading.get_ident, owner)
    assert card_jobs.busy
    with qtbot.waitSignal(job.succeeded, timeout=5_000) as blocker:
        pass
    assert blocker.args[0] != GUI
    qtbot.waitUntil(lambda: not card_jobs.busy, timeout=5_000)


def test_errors_come_back_typed(qtbot: QtBot, card_jobs: CardJobs) -> None:
    def fails() -> None:
        raise WrongPin(2)

    owner = QObject()
    job = card_jobs.submit(fails, owner)
    with qtbot.waitSignal(job.failed, timeout=5_000) as blocker:
        pass
    error = blocker.args[0]
    assert isinstance(error, WrongPin)
    assert error.tries_left == 2


def test_jobs_run_one_at_a_time_on_one_thread(qtbot: QtBot, card_jobs: CardJobs) -> None:
    events: list[tuple[str, int, int]] = []

    def job(number: int) -> Callable[[], None]:
        def run() -> None:
            events.append(("start", number, threading.get_ident()))
            time.sleep(0.05)
            events.append(("end", number, threading.get_ident()))

        return run

    owner = QObject()
    first = card_jobs.submit(job(1), owner)
    second = card_jobs.submit(job(2), owner)
    with qtbot.waitSignals([first.finished, second.finished], timeout=5_000):
        pass
    assert [(kind, number) for kind, number, _ in events] == [
        ("start", 1),
        ("end", 1),
        ("start", 2),
        ("end", 2),
    ]
    assert len({thread for _, _, thread in events}) == 1
    assert not card_jobs.busy


def test_the_window_stays_live_during_a_slow_read(qtbot: QtBot, view: CardConfirmationView) -> None:
    transport = SlowCard(VirtualMyNumberCard(sample_holder()), delay=0.02)
    view.transport_provider = lambda: transport
    view.pin_prompt = RecordingPins()
    ticks: list[int] = []
    timer = QTimer()
    timer.setInterval(10)
    timer.timeout.connect(lambda: ticks.append(1))
    timer.start()
    with qtbot.waitSignal(view.card_task.finished, timeout=15_000):
        view.read_button.click()
        assert not view.read_button.isEnabled()
        assert view.status.text() == "Reading the card…"
    timer.stop()
    assert view.result is not None, view.status.text()
    assert transport.threads and GUI not in transport.threads
    assert len(set(transport.threads)) == 1
    assert len(ticks) >= 5  # the GUI event loop kept running while the card was read
    assert view.read_button.isEnabled()


def test_the_pin_is_asked_on_the_gui_thread_and_reaches_the_card(
    qtbot: QtBot, view: CardConfirmationView
) -> None:
    pins = RecordingPins()
    view.pin_prompt = pins
    view.transport_provider = lambda: VirtualMyNumberCard(sample_holder())
    run_card_job(qtbot, view.card_task, view.read_card)
    assert view.result is not None, view.status.text()  # both VERIFYs accepted the PIN
    assert [kind for kind, _ in pins.asked] == [PinKind.JUKI, PinKind.KENHOJO]
    assert set(pins.threads) == {GUI}
    assert all(not any(buffer) for buffer in pins.given)  # wiped after use


def test_no_pin_is_sent_on_the_last_try_without_the_operators_yes(
    qtbot: QtBot, view: CardConfirmationView
) -> None:
    card = VirtualMyNumberCard(sample_holder())
    view.transport_provider = lambda: card
    for _ in range(2):
        view.pin_prompt = RecordingPins("0000")
        run_card_job(qtbot, view.card_task, view.read_card)
    assert "1" in view.status.text()  # wrong PIN, one try left

    pins = RecordingPins()
    view.pin_prompt = pins
    declined = LastTry(answer=False)
    view.last_try = declined
    run_card_job(qtbot, view.card_task, view.read_card)
    assert declined.threads == [GUI]
    assert declined.kinds == [PinKind.JUKI]
    assert pins.asked == []  # the PIN was not even asked for
    assert view.result is None
    assert view.status.text() == "PIN entry was cancelled."

    view.last_try = LastTry(answer=True)
    run_card_job(qtbot, view.card_task, view.read_card)
    assert pins.asked[0] == (PinKind.JUKI, 1)
    assert view.result is not None, view.status.text()


def test_a_last_try_confirmation_shows_a_result_after_one_question(
    qtbot: QtBot, container: bootstrap.Container, view: CardConfirmationView
) -> None:
    card = VirtualMyNumberCard(sample_holder())
    card.key_state(apdu.AID_KENHOJO, 0x11).tries_left = 1
    view.transport_provider = lambda: card
    pins = RecordingPins()
    view.pin_prompt = pins
    agreed = LastTry(answer=True)
    view.last_try = agreed
    run_card_job(qtbot, view.card_task, view.read_card)
    assert view.result is not None, view.status.text()
    assert agreed.kinds == [PinKind.KENHOJO] and agreed.threads == [GUI]
    assert [kind for kind, _ in pins.asked] == [PinKind.JUKI, PinKind.KENHOJO]
    (read,) = log_rows(container, "card.read")  # one staff action, one read row
    assert (read.outcome, read.correlation_id) == ("ok", view.result.correlation_id)


def test_a_card_pulled_during_the_read_fails_typed_and_clears(
    qtbot: QtBot, view: CardConfirmationView
) -> None:
    options = VirtualCardOptions(remove_after_apdus=5)
    view.transport_provider = lambda: VirtualMyNumberCard(sample_holder(), options)
    view.pin_prompt = RecordingPins()
    run_card_job(qtbot, view.card_task, view.read_card)
    assert view.status.text() == "The card was removed."
    assert view.result is None
    assert view.table.item(0, 1) is None
    assert view.read_button.isEnabled()


def test_a_result_arriving_after_the_screen_was_cleared_is_dropped(
    qtbot: QtBot, view: CardConfirmationView
) -> None:
    transport = SlowCard(VirtualMyNumberCard(sample_holder()), delay=0.02)
    view.transport_provider = lambda: transport
    view.pin_prompt = RecordingPins()
    with qtbot.waitSignal(view.card_task.finished, timeout=15_000):
        view.read_card()
        view.clear_personal_data()  # the curtain fell while the card was being read
    assert len(transport.threads) > 10  # the read itself completed
    assert view.result is None
    assert view.table.item(0, 1) is None


def _answer_dialogs(handler: Callable[[QWidget], None]) -> QTimer:
    """Poll for modal dialogs and pass each new one to ``handler`` (tests drive real dialogs).

    The dialogs seen are kept (not their ids): a deleted dialog's id may be reused by the
    next one, which would then never be answered and its ``exec()`` would never return.
    """
    seen: list[QWidget] = []
    timer = QTimer()
    timer.setInterval(20)

    def poll() -> None:
        widget = QApplication.activeModalWidget()
        if widget is not None and all(widget is not w for w in seen) and widget.isVisible():
            seen.append(widget)
            handler(widget)

    timer.timeout.connect(poll)
    timer.start()
    return timer


def test_the_real_pin_dialog_answers_the_worker(qtbot: QtBot, view: CardConfirmationView) -> None:
    view.transport_provider = lambda: VirtualMyNumberCard(sample_holder())
    titles: list[str] = []

    def type_pin(widget: QWidget) -> None:
        assert isinstance(widget, PinDialog)
        titles.append(widget.windowTitle())
        widget.field.setText("1234")
        widget.accept()

    timer = _answer_dialogs(type_pin)
    run_card_job(qtbot, view.card_task, view.read_card)
    timer.stop()
    assert titles == [
        "Resident register PIN (4 digits)",
        "Card information input-assist PIN (4 digits)",
    ]
    assert view.result is not None, view.status.text()


def test_removing_the_card_closes_an_open_pin_dialog(
    qtbot: QtBot, view: CardConfirmationView
) -> None:
    view.transport_provider = lambda: VirtualMyNumberCard(sample_holder())
    dialogs: list[PinDialog] = []

    def pull_card(widget: QWidget) -> None:
        assert isinstance(widget, PinDialog)
        dialogs.append(widget)
        view.on_card_removed()  # what the main window does on the reader's removal event

    timer = _answer_dialogs(pull_card)
    run_card_job(qtbot, view.card_task, view.read_card)
    timer.stop()
    assert len(dialogs) == 1
    assert view.result is None
    assert view.status.text() == "PIN entry was cancelled."


def test_a_result_for_a_view_already_destroyed_is_dropped(
    qtbot: QtBot, card_jobs: CardJobs
) -> None:
    owner = QObject()
    job = card_jobs.submit(lambda: time.sleep(0.05), owner)
    delivered: list[object] = []
    job.succeeded.connect(delivered.append)
    del owner, job  # the view was logged out while its read was running
    with qtbot.waitSignal(card_jobs.job_done, timeout=5_000):
        pass
    assert delivered == []
    assert not card_jobs.busy


def test_many_jobs_leave_the_interpreter_intact(qtbot: QtBot, card_jobs: CardJobs) -> None:
    """A PySide6 that loses a reference to True per emit (6.12.0) would fail here."""
    owner = QObject()
    done: list[int] = []
    card_jobs.job_done.connect(done.append)
    before = sys.getrefcount(True)
    for _ in range(100):
        card_jobs.submit(lambda: True, owner)
    qtbot.waitUntil(lambda: len(done) == 100, timeout=10_000)
    assert sys.getrefcount(True) > before - 50  # about 7 emits per job: -700 on 6.12.0
