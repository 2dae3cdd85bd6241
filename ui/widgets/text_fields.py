"""Emptying input fields so that what was typed cannot come back.

``QLineEdit.clear()`` is an edit like any other: it goes onto the field's undo stack, so
after the curtain is lifted Ctrl+Z would bring a visitor's name or address back into the
field. ``setText("")`` replaces the text and drops the undo history with it.
"""

from __future__ import annotations

from PySide6.QtWidgets import QLineEdit


def forget_text(*fields: QLineEdit) -> None:
    """Empty ``fields`` and their undo history (personal data must not be undoable)."""
    for field in fields:
        field.setText("")
