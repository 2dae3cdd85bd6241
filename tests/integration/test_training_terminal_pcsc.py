"""The assembled training terminal through pcscd + vpcd: login, insert, confirm, remove.

This is what a trainee does in ``./dev demo``: log in, put a resident's virtual card into
the reader from the training panel, read it on the confirmation screen (on the terminal's
hardware thread), and pull it out — which must clear that person from the screen.
"""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from collections.abc import Iterator
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from app import bootstrap
from app.clock import ManualClock
from app.config import Settings
from app.db.migrate import upgrade
from app.demo.cards import training_cards
from app.demo.loader import seed_population
from app.demo.staff import ensure_demo_staff
from app.demo.startup import training_operator_ids
from app.secret_store import InMemorySecretStore
from app.services.passwords import PasswordHasher
from hardware.ports import PinKind
from tests.integration.pcsc_fixtures import PcscdService
from ui.main import Terminal, assemble
from ui.views.confirmation_view import CardConfirmationView

pytestmark = pytest.mark.pcsc


class HolderTypesPin:
    """The card holder types the training PIN."""

    def __init__(self) -> None:
        self.asked: list[PinKind] = []

    def ask_pin(self, kind: PinKind, tries_left: int | None) -> bytearray:
        self.asked.append(kind)
        return bytearray(b"1234")


@pytest.fixture
def terminal(pcscd_service: PcscdService, tmp_path: Path, qtbot: QtBot) -> Iterator[Terminal]:
    settings = Settings(
        db_url=f"sqlite:///{tmp_path / 'demo.sqlite3'}",
        terminal_id="DEMO-01",
        demo=True,
        data_dir=tmp_path,
    )
    container = bootstrap.build(settings, clock=ManualClock(), secrets=InMemorySecretStore())
    container.passwords = PasswordHasher(time_cost=1, memory_cost=1024)
    upgrade(container.engine)
    seed_population(container.engine, 300, 7, workers=0, training_operators=training_operator_ids())
    ensure_demo_staff(container)
    built = assemble(container)
    qtbot.addWidget(built.window)
    built.window.show()
    yield built
    built.close()


def test_trainee_confirms_a_resident_and_pulling_the_card_clears_the_screen(
    terminal: Terminal, qtbot: QtBot
) -> None:
    window, panel, slot = terminal.window, terminal.panel, terminal.slot
    assert panel is not None and slot is not None
    assert not panel.isVisible()  # residents' names only after login

    session = terminal.container.auth.login_password("clerk01", "demo-pass-01", "DEMO-01")
    window.start_session(session)
    assert panel.isVisible()
    view = next(v for v in window.views if isinstance(v, CardConfirmationView))
    window.tabs.setCurrentWidget(view)
    pins = HolderTypesPin()
    view.pin_prompt = pins

    card = training_cards(terminal.container)[0]
    panel.list.setCurrentRow(0)
    with qtbot.waitSignal(terminal.card_events.inserted, timeout=15_000):
        panel.insert_button.click()
    assert "card present" in window.status.reader_label.text()

    with qtbot.waitSignal(view.card_task.finished, timeout=15_000):
        view.read_card()  # runs on the hardware thread; the window stays live
    assert view.result is not None, view.status.text()
    on_card = view.table.item(0, 1)
    in_register = view.table.item(0, 2)
    assert on_card is not None and in_register is not None
    assert on_card.text() == card.holder["name"] == in_register.text()
    assert PinKind.JUKI in pins.asked or PinKind.KENHOJO in pins.asked

    with qtbot.waitSignal(terminal.card_events.removed, timeout=15_000):
        panel.remove_button.click()
    assert view.result is None
    cell = view.table.item(0, 1)
    assert cell is None or cell.text() == ""
