"""The confirmation screen: dates as the counter writes them, the verdict and the reveal.

The card gives the date of birth as YYYYMMDD and the register stores a date; both sides are
shown as 西暦 with 和暦 (e.g. 1953年3月28日（昭和28年3月28日）). Whether an item differs is
decided on the values, not on the formatted text. The verdict and the reveal run on the
database worker: a slow hand-written confirmation service shows that the event loop keeps
turning meanwhile and that an answer arriving after the card was removed is not shown.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import threading
import time

import pytest
from PySide6.QtCore import QTimer
from pytestqt.qtbot import QtBot
from ui_support import TERMINAL, log_rows, run_card_job

from app import bootstrap
from app.demo.cards import training_cards
from app.demo.loader import seed_population
from app.demo.startup import training_operator_ids
from app.domain.rights import OperatorSession, Right
from app.domain.wareki import format_seireki_wareki
from app.services.confirmation import CardConfirmationService, ConfirmationResult
from hardware.ports import GuardedPinPrompt, PinKind, ResidentCodePrompt, Transport
from hardware.virtual_card import CardHolder, VirtualMyNumberCard
from ui.card_worker import CardJobs
from ui.views.base import tell_card_removed
from ui.views.confirmation_view import CardConfirmationView, display_date
from ui.worker_thread import WorkerThread

DOB_ROW, SEX_ROW = 2, 3
GUI = threading.get_ident()  # pytest runs the tests on the thread that owns the QApplication
SHOWN_NUMBER = "123456789018"


class Pins:
    """The card holder types 1234."""

    def ask_pin(self, kind: PinKind, tries_left: int | None) -> bytearray:
        """The canned PIN."""
        del kind, tries_left
        return bytearray(b"1234")


@pytest.fixture
def resident(container: bootstrap.Container) -> CardHolder:
    """A current resident's card, agreeing with the register."""
    seed_population(container.engine, 40, 7, workers=0, training_operators=training_operator_ids())
    return CardHolder.from_dict(training_cards(container)[0].holder)


class SlowConfirmation:
    """Reads the card with the real service; the verdict and the reveal take 300 ms each.

    The verdict is still logged by the real service (after the pause); the reveal answers a
    fixed number. The threads they ran on are noted.
    """

    def __init__(self, real: CardConfirmationService) -> None:
        self.real = real
        self.threads: list[int] = []

    def confirm(
        self,
        op: OperatorSession,
        transport: Transport,
        pin: GuardedPinPrompt,
        *,
        code_entry: ResidentCodePrompt | None = None,
    ) -> ConfirmationResult:
        """The real read and lookup."""
        return self.real.confirm(op, transport, pin, code_entry=code_entry)

    def record_verdict(
        self, op: OperatorSession, result: ConfirmationResult, *, matched: bool
    ) -> None:
        """The real verdict, after a pause the GUI must not notice."""
        self._pause()
        self.real.record_verdict(op, result, matched=matched)

    def reveal_my_number(self, op: OperatorSession, result: ConfirmationResult) -> str:
        """A fixed number, after the pause."""
        del op, result
        self._pause()
        return SHOWN_NUMBER

    def _pause(self) -> None:
        self.threads.append(threading.get_ident())
        time.sleep(0.3)


def _clerk(container: bootstrap.Container) -> OperatorSession:
    return container.auth.login_password("clerk01", "demo-pass-01", TERMINAL)


@pytest.fixture
def workers(card_jobs: CardJobs, db_worker: WorkerThread) -> tuple[CardJobs, WorkerThread]:
    """The window's hardware thread and database worker."""
    return card_jobs, db_worker


def _view(
    qtbot: QtBot,
    clerk: OperatorSession,
    confirmation: object,
    resident: CardHolder,
    workers: tuple[CardJobs, WorkerThread],
) -> CardConfirmationView:
    built = CardConfirmationView(
        clerk,
        confirmation=confirmation,  # type: ignore[arg-type]
        transport_provider=lambda: VirtualMyNumberCard(resident),
    )
    qtbot.addWidget(built)
    card_jobs, db_worker = workers
    built.attach_card_jobs(card_jobs)
    built.attach_db_worker(db_worker)
    built.pin_prompt = Pins()
    return built


@pytest.fixture
def view(
    qtbot: QtBot,
    container: bootstrap.Container,
    workers: tuple[CardJobs, WorkerThread],
    resident: CardHolder,
) -> CardConfirmationView:
    """The confirmation view of the training clerk, with canned PINs and the resident's card."""
    return _view(qtbot, _clerk(container), container.card_confirmation, resident, workers)


@pytest.fixture
def slow(container: bootstrap.Container) -> SlowConfirmation:
    """The slow service around the container's."""
    return SlowConfirmation(container.card_confirmation)


@pytest.fixture
def slow_view(
    qtbot: QtBot,
    container: bootstrap.Container,
    workers: tuple[CardJobs, WorkerThread],
    resident: CardHolder,
    slow: SlowConfirmation,
) -> CardConfirmationView:
    """The view on the slow service, for a clerk who may also reveal, with the card read."""
    clerk = _clerk(container)
    may_reveal = dataclasses.replace(clerk, rights=clerk.rights | {Right.REVEAL_MY_NUMBER})
    built = _view(qtbot, may_reveal, slow, resident, workers)
    run_card_job(qtbot, built.card_task, built.read_card)
    assert built.result is not None and built.result.found, built.status.text()
    return built


def _row(view: CardConfirmationView, row: int) -> list[str]:
    cells = [view.table.item(row, column) for column in range(3)]
    return [cell.text() if cell is not None else "" for cell in cells]


def _dob(holder: CardHolder) -> dt.date:
    return dt.datetime.strptime(holder.dob, "%Y%m%d").date()


def test_dates_are_shown_with_wareki_on_both_sides(
    qtbot: QtBot, view: CardConfirmationView, resident: CardHolder
) -> None:
    view.transport_provider = lambda: VirtualMyNumberCard(resident)
    run_card_job(qtbot, view.card_task, view.read_card)
    assert view.result is not None and view.result.found, view.status.text()
    shown = format_seireki_wareki(_dob(resident))
    title, card, register = _row(view, DOB_ROW)
    assert not title.startswith("≠")
    assert card == register == shown
    assert "（" in shown and resident.dob not in shown
    assert _row(view, SEX_ROW)[1] in ("男", "女")


def test_a_different_date_of_birth_is_still_marked(
    qtbot: QtBot, view: CardConfirmationView, resident: CardHolder
) -> None:
    card_dob = _dob(resident) + dt.timedelta(days=1)
    altered = dataclasses.replace(resident, dob=card_dob.strftime("%Y%m%d"))
    view.transport_provider = lambda: VirtualMyNumberCard(altered)
    run_card_job(qtbot, view.card_task, view.read_card)
    assert view.result is not None and view.result.found, view.status.text()
    title, card, register = _row(view, DOB_ROW)
    assert title.startswith("≠ ")
    assert card == format_seireki_wareki(card_dob)
    assert register == format_seireki_wareki(_dob(resident))
    assert not _row(view, 0)[0].startswith("≠")  # the name agrees


@pytest.mark.parametrize(
    ("raw", "shown"),
    [
        ("19530328", "1953年3月28日（昭和28年3月28日）"),
        ("1953-03-28", "1953年3月28日（昭和28年3月28日）"),
        ("19530000", "19530000"),  # an unknown day stays as the record has it
        ("", ""),
    ],
)
def test_display_date(raw: str, shown: str) -> None:
    assert display_date(raw) == shown


def test_the_main_windows_card_removal_empties_the_view_and_says_so(
    qtbot: QtBot, view: CardConfirmationView, resident: CardHolder
) -> None:
    view.transport_provider = lambda: VirtualMyNumberCard(resident)
    run_card_job(qtbot, view.card_task, view.read_card)
    assert view.result is not None and view.result.found, view.status.text()
    tell_card_removed(view)  # what MainWindow.on_card_removed does for each view
    assert view.result is None
    assert all(view.table.item(row, 1) is None for row in range(view.table.rowCount()))
    assert view.status.text() == "The card was removed."


def test_a_clear_leaves_no_verdict_about_the_last_person(
    qtbot: QtBot, view: CardConfirmationView, resident: CardHolder
) -> None:
    view.transport_provider = lambda: VirtualMyNumberCard(resident)
    run_card_job(qtbot, view.card_task, view.read_card)
    assert view.status.text().startswith("Found.")
    view.clear_personal_data()  # the curtain fell
    assert view.status.text() == "Insert the card and press Read card."
    assert view.furigana.text() == view.my_number.text() == ""


def test_the_event_loop_keeps_turning_while_the_verdict_is_recorded(
    qtbot: QtBot,
    container: bootstrap.Container,
    slow_view: CardConfirmationView,
    slow: SlowConfirmation,
) -> None:
    view = slow_view
    ticks: list[int] = []
    timer = QTimer()
    timer.setInterval(10)
    timer.timeout.connect(lambda: ticks.append(1))
    timer.start()
    with qtbot.waitSignal(view.calls.finished, timeout=5_000):
        view.match_button.click()
        assert view.status.text() == "Working…"
        buttons = (view.match_button, view.mismatch_button, view.reveal_button)
        assert not any(button.isEnabled() for button in buttons)  # one call at a time
    timer.stop()
    assert len(ticks) >= 5  # ~30 ticks in 300 ms; a blocked GUI thread would count none
    assert slow.threads and GUI not in slow.threads
    assert view.status.text() == "Recorded: matches."
    assert log_rows(container, "card.verdict")[-1].outcome == "match"
    # One verdict per person; the reveal stays possible.
    assert not view.match_button.isEnabled() and not view.mismatch_button.isEnabled()
    assert view.reveal_button.isEnabled()


def test_a_verdict_ending_after_the_card_was_removed_is_not_shown(
    qtbot: QtBot, container: bootstrap.Container, slow_view: CardConfirmationView
) -> None:
    view = slow_view
    with qtbot.waitSignal(view.calls.finished, timeout=5_000):
        view.mismatch_button.click()
        tell_card_removed(view)  # the card leaves the reader while the verdict is written
    assert view.status.text() == "The card was removed."
    buttons = (view.match_button, view.mismatch_button, view.reveal_button)
    assert not any(button.isEnabled() for button in buttons)
    assert view.result is None
    # The verdict was given for the person then on screen: it is logged all the same.
    assert log_rows(container, "card.verdict")[-1].outcome == "mismatch"


def test_a_reveal_ending_after_the_card_was_removed_shows_no_number(
    qtbot: QtBot, slow_view: CardConfirmationView
) -> None:
    view = slow_view
    with qtbot.waitSignal(view.calls.finished, timeout=5_000):
        view.reveal_button.click()
        tell_card_removed(view)
    assert view.my_number.text() == ""
    assert SHOWN_NUMBER not in view.status.text()

    run_card_job(qtbot, view.card_task, view.read_card)  # the next card: the reveal works
    with qtbot.waitSignal(view.calls.finished, timeout=5_000):
        view.reveal_button.click()
    assert view.my_number.text() == f"My Number: {SHOWN_NUMBER}"
