"""The confirmation table shows dates as the counter writes them, differences still marked.

The card gives the date of birth as YYYYMMDD and the register stores a date; both sides are
shown as 西暦 with 和暦 (e.g. 1953年3月28日（昭和28年3月28日）). Whether an item differs is
decided on the values, not on the formatted text.
"""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest
from pytestqt.qtbot import QtBot
from ui_support import TERMINAL, run_card_job

from app import bootstrap
from app.demo.cards import training_cards
from app.demo.loader import seed_population
from app.domain.rights import OperatorSession
from app.domain.wareki import format_seireki_wareki
from hardware.ports import PinKind
from hardware.virtual_card import CardHolder, VirtualMyNumberCard
from ui.card_worker import CardJobs
from ui.views.base import tell_card_removed
from ui.views.confirmation_view import CardConfirmationView, display_date

DOB_ROW, SEX_ROW = 2, 3


class Pins:
    """The card holder types 1234."""

    def ask_pin(self, kind: PinKind, tries_left: int | None) -> bytearray:
        """The canned PIN."""
        del kind, tries_left
        return bytearray(b"1234")


@pytest.fixture
def resident(container: bootstrap.Container) -> CardHolder:
    """A current resident's card, agreeing with the register."""
    seed_population(container.engine, 40, 7, workers=0)
    return CardHolder.from_dict(training_cards(container)[0].holder)


@pytest.fixture
def view(
    qtbot: QtBot, container: bootstrap.Container, card_jobs: CardJobs, resident: CardHolder
) -> CardConfirmationView:
    """The confirmation view of the training clerk, with canned PINs and the resident's card."""
    clerk: OperatorSession = container.auth.login_password("clerk01", "demo-pass-01", TERMINAL)
    built = CardConfirmationView(
        clerk,
        confirmation=container.card_confirmation,
        transport_provider=lambda: VirtualMyNumberCard(resident),
    )
    qtbot.addWidget(built)
    built.attach_card_jobs(card_jobs)
    built.pin_prompt = Pins()
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
