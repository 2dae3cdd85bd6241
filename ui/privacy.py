"""Keeping the screen out of visitors' view: idle watcher, privacy curtain, capture exclusion.

The curtain falls on a hot key and after a short idle time and hides the whole window; the
lock screen follows after a longer idle time (or "leave seat") and needs the same operator.
Idle time is read from the app clock, so tests drive it with a ManualClock and call
:meth:`IdleWatcher.check` instead of sleeping.
"""

from __future__ import annotations

import ctypes
import datetime as dt
import sys

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent, QMouseEvent, QPainter, QPaintEvent
from PySide6.QtWidgets import (
    QApplication,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.domain.rights import OperatorSession
from app.ports import Clock
from ui.login import LoginPanel, LoginServices

_ACTIVITY = {
    QEvent.Type.KeyPress,
    QEvent.Type.MouseButtonPress,
    QEvent.Type.MouseMove,
    QEvent.Type.Wheel,
    QEvent.Type.TouchBegin,
}

WDA_EXCLUDEFROMCAPTURE = 0x00000011
NS_WINDOW_SHARING_NONE = 0


class IdleWatcher(QObject):
    """Measures the time since the last keyboard, mouse or touch input to the application."""

    curtain_due = Signal()
    lock_due = Signal()

    def __init__(
        self,
        clock: Clock,
        *,
        curtain_after: float,
        lock_after: float,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._clock = clock
        self.curtain_after = dt.timedelta(seconds=curtain_after)
        self.lock_after = dt.timedelta(seconds=lock_after)
        self._last = clock.now()
        self._curtained = False
        self._locked = False
        self._active = False
        self._timer = QTimer(self)
        self._timer.setInterval(1000)
        self._timer.timeout.connect(self.check)

    def start(self) -> None:
        """Begin watching (after login): input anywhere in the application counts."""
        app = QApplication.instance()
        if app is not None and not self._active:
            app.installEventFilter(self)
        self._active = True
        self.poke()
        self._timer.start()

    def stop(self) -> None:
        """Stop watching (at logout)."""
        app = QApplication.instance()
        if app is not None and self._active:
            app.removeEventFilter(self)
        self._active = False
        self._timer.stop()

    def poke(self) -> None:
        """Record activity now; the next idle period starts from here."""
        self._last = self._clock.now()
        self._curtained = False
        self._locked = False

    def idle_for(self) -> dt.timedelta:
        """How long the operator has been idle."""
        return self._clock.now() - self._last

    def check(self) -> None:
        """Emit ``lock_due`` or ``curtain_due`` once per idle period when its time is up."""
        if not self._active:
            return
        idle = self.idle_for()
        if idle >= self.lock_after and not self._locked:
            self._locked = self._curtained = True
            self.lock_due.emit()
        elif idle >= self.curtain_after and not self._curtained:
            self._curtained = True
            self.curtain_due.emit()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Count user input as activity; never swallow the event."""
        if event.type() in _ACTIVITY:
            self._last = self._clock.now()
            self._curtained = self._locked = False
        return False


class PrivacyCurtain(QWidget):
    """An opaque cover over the whole window; a click or a key lifts it."""

    lifted = Signal()

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.setObjectName("privacyCurtain")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        layout = QVBoxLayout(self)
        title = QLabel(self.tr("Screen hidden"), self)
        title.setAlignment(Qt.AlignmentFlag.AlignCenter)
        title.setStyleSheet("color: white; font-size: 28px; font-weight: bold;")
        hint = QLabel(self.tr("Click or press a key to return."), self)
        hint.setAlignment(Qt.AlignmentFlag.AlignCenter)
        hint.setStyleSheet("color: #cfd8dc; font-size: 16px;")
        layout.addStretch(1)
        layout.addWidget(title)
        layout.addWidget(hint)
        layout.addStretch(1)
        self.hide()

    def cover(self) -> None:
        """Fall over the whole parent window."""
        parent = self.parentWidget()
        assert parent is not None
        self.setGeometry(parent.rect())
        self.show()
        self.raise_()
        self.setFocus()

    def paintEvent(self, event: QPaintEvent) -> None:
        """Paint an opaque dark background (nothing beneath shows through)."""
        painter = QPainter(self)
        painter.fillRect(self.rect(), Qt.GlobalColor.darkBlue)
        painter.end()
        super().paintEvent(event)

    def mousePressEvent(self, event: QMouseEvent) -> None:
        """A deliberate click lifts the curtain."""
        event.accept()
        self._lift()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        """A key lifts the curtain."""
        event.accept()
        self._lift()

    def _lift(self) -> None:
        if self.isVisible():
            self.hide()
            self.lifted.emit()


def exclude_from_capture(window: QWidget) -> bool:
    """Ask the OS to keep ``window`` out of screenshots and screen sharing; True if it did.

    Windows 10 2004+: SetWindowDisplayAffinity(WDA_EXCLUDEFROMCAPTURE). macOS: the NSWindow's
    sharingType = NSWindowSharingNone. Elsewhere (X11, Wayland) there is no such control.
    """
    try:
        if sys.platform == "win32":
            return _exclude_windows(int(window.winId()))
        if sys.platform == "darwin":
            return _exclude_macos(int(window.winId()))
    except (OSError, AttributeError, ValueError):
        return False
    return False


def _exclude_windows(hwnd: int) -> bool:
    user32 = ctypes.windll.user32  # type: ignore[attr-defined]
    return bool(user32.SetWindowDisplayAffinity(ctypes.c_void_p(hwnd), WDA_EXCLUDEFROMCAPTURE))


def _exclude_macos(nsview: int) -> bool:
    objc = ctypes.cdll.LoadLibrary("/usr/lib/libobjc.A.dylib")
    objc.sel_registerName.restype = ctypes.c_void_p
    objc.sel_registerName.argtypes = [ctypes.c_char_p]
    objc.objc_msgSend.restype = ctypes.c_void_p
    objc.objc_msgSend.argtypes = [ctypes.c_void_p, ctypes.c_void_p]
    nswindow = objc.objc_msgSend(ctypes.c_void_p(nsview), objc.sel_registerName(b"window"))
    if not nswindow:
        return False
    set_sharing = objc.sel_registerName(b"setSharingType:")
    objc.objc_msgSend.argtypes = [ctypes.c_void_p, ctypes.c_void_p, ctypes.c_ulong]
    objc.objc_msgSend(ctypes.c_void_p(nswindow), set_sharing, NS_WINDOW_SHARING_NONE)
    return True


class LockScreen(QWidget):
    """Covers the window after the long idle time or "leave seat"; only the same operator
    can unlock it (fingerprint or enabled password), or log out."""

    unlocked = Signal(object)
    logout_requested = Signal()

    def __init__(self, services: LoginServices, session: OperatorSession, parent: QWidget) -> None:
        super().__init__(parent)
        self.setObjectName("lockScreen")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        self.setStyleSheet("#lockScreen { background: #263238; } QLabel { color: white; }")
        title = QLabel(self.tr("Locked"), self)
        title.setStyleSheet("font-size: 28px; font-weight: bold;")
        title.setAlignment(Qt.AlignmentFlag.AlignCenter)
        who = QLabel(
            self.tr("Only %1 can unlock this terminal.").replace("%1", session.operator_id), self
        )
        who.setAlignment(Qt.AlignmentFlag.AlignCenter)
        box = QWidget(self)
        box.setObjectName("lockBox")
        box.setStyleSheet("#lockBox { background: white; } #lockBox QLabel { color: black; }")
        box.setMaximumWidth(560)
        self.panel = LoginPanel(services, unlock=session, parent=box)
        self.panel.authenticated.connect(self.unlocked.emit)
        self.logout_button = QPushButton(self.tr("Log out"), box)
        self.logout_button.clicked.connect(self.logout_requested.emit)
        box_layout = QVBoxLayout(box)
        box_layout.addWidget(self.panel)
        box_layout.addWidget(self.logout_button)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(box, 2)
        row.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addStretch(1)
        layout.addWidget(title)
        layout.addWidget(who)
        layout.addLayout(row)
        layout.addStretch(2)

    def cover(self) -> None:
        """Cover the whole parent window."""
        parent = self.parentWidget()
        assert parent is not None
        self.setGeometry(parent.rect())
        self.show()
        self.raise_()
