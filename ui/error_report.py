"""The last line of defence: an error no view handled is shown, never silently dropped.

Qt calls ``sys.excepthook`` for an exception that escapes a slot. The hook shows a
``DomainError`` with its own text (those texts name fields, never values) and anything else
as a generic message; only the exception's class name goes to stderr, because the text of
an unexpected error might quote personal data. A ``SessionEnded`` that escaped goes to the
window holding the session instead (it ends the session and shows the login page).
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from types import TracebackType

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QMessageBox, QWidget

from app.domain.errors import DomainError
from app.domain.rights import SessionEnded
from ui.views.view_task import tell_session_holder

Hook = Callable[[type[BaseException], BaseException, TracebackType | None], None]


def report_error(parent: QWidget, error: BaseException) -> QMessageBox:
    """Show ``error`` to the operator in a window-modal box (returned for tests)."""
    box = QMessageBox(parent)
    box.setWindowTitle(QCoreApplication.translate("ErrorReport", "The operation was not completed"))
    if isinstance(error, DomainError):
        box.setIcon(QMessageBox.Icon.Warning)
        box.setText(str(error))
    else:
        box.setIcon(QMessageBox.Icon.Critical)
        box.setText(
            QCoreApplication.translate(
                "ErrorReport",
                "An unexpected error occurred. The operation may not have been saved; "
                "check the result and report the time to the system administrator.",
            )
        )
    box.open()
    return box


def install_error_report(parent: QWidget) -> Hook:
    """Route unhandled exceptions to :func:`report_error`; returns the previous hook."""
    previous = sys.excepthook

    def hook(kind: type[BaseException], error: BaseException, trace: TracebackType | None) -> None:
        del trace  # its frames hold local variables: personal data stays out of stderr
        if isinstance(error, SessionEnded) and tell_session_holder(parent, error):
            return  # not a fault: the operator sat down at another terminal
        print(f"madoguchi: unhandled {kind.__name__}", file=sys.stderr)
        report_error(parent, error)

    sys.excepthook = hook
    return previous
