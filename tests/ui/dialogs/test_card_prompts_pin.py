"""The PIN dialog names the PIN it asks for, masks it and takes four digits only.

A confirmation asks for two PINs in turn; before, both dialogs said only "enter the 4-digit
PIN", so the holder could not tell which one was meant.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QValidator
from PySide6.QtWidgets import QApplication, QLineEdit
from pytestqt.qtbot import QtBot

from hardware.errors import PinBlocked
from hardware.ports import PinKind
from ui.dialogs.card_prompts import PinDialog, card_error_text
from ui.i18n import install_translator


@pytest.fixture
def japanese(qapp: QApplication) -> Iterator[None]:
    """The counter's language, as the terminal starts by default."""
    translators = install_translator(qapp, "ja")
    yield
    for translator in translators:
        qapp.removeTranslator(translator)


@pytest.mark.usefixtures("japanese")
@pytest.mark.parametrize(
    ("kind", "name"),
    [
        (PinKind.JUKI, "住民基本台帳用暗証番号"),
        (PinKind.KENHOJO, "券面事項入力補助用暗証番号"),
    ],
)
def test_the_dialog_names_the_pin_in_title_and_text(qtbot: QtBot, kind: PinKind, name: str) -> None:
    dialog = PinDialog(kind, 3, None)
    qtbot.addWidget(dialog)
    assert dialog.windowTitle() == f"{name}（数字4桁）"
    assert name in dialog.heading.text()
    assert name in dialog.instruction.text()
    assert dialog.tries.text() == "残り回数: 3"


def test_the_two_pins_are_told_apart(qtbot: QtBot) -> None:
    juki = PinDialog(PinKind.JUKI, None, None)
    kenhojo = PinDialog(PinKind.KENHOJO, None, None)
    qtbot.addWidget(juki)
    qtbot.addWidget(kenhojo)
    assert juki.windowTitle() != kenhojo.windowTitle()
    assert juki.instruction.text() != kenhojo.instruction.text()
    assert juki.tries.text() == "Tries left: ?"


def test_the_pin_is_masked_and_takes_four_ascii_digits(qtbot: QtBot) -> None:
    dialog = PinDialog(PinKind.KENHOJO, 2, None)
    qtbot.addWidget(dialog)
    assert dialog.field.echoMode() is QLineEdit.EchoMode.Password
    assert not dialog.ok_button.isEnabled()
    qtbot.keyClicks(dialog.field, "1a2- 3")
    assert dialog.field.text() == "123"
    validator = dialog.field.validator()
    assert validator is not None
    assert validator.validate("１", 0)[0] is QValidator.State.Invalid  # full-width digit
    assert not dialog.ok_button.isEnabled()  # three digits cannot be sent
    qtbot.keyClicks(dialog.field, "456")
    assert dialog.field.text() == "1234"
    assert dialog.ok_button.isEnabled()
    hints = dialog.field.inputMethodHints()
    assert hints & Qt.InputMethodHint.ImhSensitiveData
    assert dialog.take_pin() == bytearray(b"1234")
    assert dialog.field.text() == ""


@pytest.mark.usefixtures("japanese")
def test_a_blocked_pin_says_who_resets_it_and_where() -> None:
    text = card_error_text(PinBlocked())
    assert "ロック" in text and "送信していません" in text
    assert "本人" in text and "本人確認書類" in text and "市区町村の窓口" in text
