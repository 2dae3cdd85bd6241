"""The main window shell: login page, then the views the operator's rights allow.

After login a tab appears for each registered view whose right is granted (see
ui/views/registry.py). The privacy curtain (hot key F12 or short idle), the lock ("leave
seat" Ctrl+L or long idle), logout and card removal all clear every view's personal data.

The window gets what it uses as :class:`WindowServices` (built by ``ui.main``), never the
container. Every service call runs on the database worker: the screen changes at once (the
data leaves it first), and the lock or logout is logged behind it; until that row is
written the login form waits, so the next login or unlock is logged after it.

When a service refuses the session as ended (the same operator logged in at another
terminal), the view's task hands the refusal up to the window (:meth:`end_ended_session`):
the session ends here too and the login page says why.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Signal
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence, QPixmap, QResizeEvent, QShowEvent
from PySide6.QtWidgets import (
    QDialog,
    QMainWindow,
    QMessageBox,
    QStackedWidget,
    QTabWidget,
    QToolBar,
    QToolTip,
    QWidget,
)

from app.domain.errors import DomainError
from app.domain.rights import OperatorSession, Right, SessionEnded
from app.ports import Clock, SimulatedFingers
from app.services.auth import AuthService
from app.services.screen import HardcopyTicket, ScreenPrivacy
from ui.card_events import CardEventBridge
from ui.card_worker import CardJobs, attach_if_card_user
from ui.error_report import report_error
from ui.hardcopy import HardcopyReasonDialog, save_hardcopy
from ui.login import LoginPage, LoginServices
from ui.privacy import IdleWatcher, LockScreen, PrivacyCurtain, exclude_from_capture
from ui.status import TerminalStatusBar
from ui.views.base import clear_if_personal, reload_if_listing, tell_card_removed
from ui.views.registry import ViewRegistration, views_for
from ui.views.service_call import ServiceCall, attach_if_db_user
from ui.worker_thread import WorkerThread

CURTAIN_KEY = "F12"
LOCK_KEY = "Ctrl+L"

ViewBuilder = Callable[[ViewRegistration, OperatorSession], QWidget]
"""Builds one registered view for a session (``ui.main`` binds the container to it)."""


@dataclasses.dataclass(frozen=True)
class WindowServices:
    """What the main window itself uses; each view gets its own services from its factory."""

    auth: AuthService
    screen: ScreenPrivacy
    clock: Clock
    worker: WorkerThread
    """The database worker: every service call of the window and its views runs there."""
    terminal_id: str
    demo: bool
    hardcopy_dir: Path
    build_view: ViewBuilder
    fingers: SimulatedFingers | None = None
    """The training sensor's finger picker on the login page (training mode only)."""

    def login(self) -> LoginServices:
        """What the login page and the lock screen use."""
        return LoginServices(self.auth, self.terminal_id, self.worker, self.fingers)


class MainWindow(QMainWindow):
    """The terminal's main window."""

    session_changed = Signal(object)

    def __init__(self, services: WindowServices) -> None:
        super().__init__()
        self._services = services
        self._auth = services.auth
        self._worker = services.worker
        self._recording = 0  # session events (lock, logout) not yet in the log
        self.session: OperatorSession | None = None
        self.views: list[QWidget] = []
        self.card_jobs: CardJobs | None = None
        self.reader_cards: dict[str, bool] = {}  # reader name -> holds a card
        mode = self.tr("Training mode") if services.demo else self.tr("Production")
        self.setWindowTitle(self.tr("Madoguchi counter terminal") + f" — {mode}")
        self.resize(1100, 720)

        self.pages = QStackedWidget(self)
        self.login_page = LoginPage(services.login(), self.pages)
        self.login_page.panel.authenticated.connect(self.start_session)
        self.tabs = QTabWidget(self.pages)
        self.pages.addWidget(self.login_page)
        self.pages.addWidget(self.tabs)
        self.setCentralWidget(self.pages)

        self.status = TerminalStatusBar(services.terminal_id, self)
        self.setStatusBar(self.status)
        self.status.set_sensor_ready(services.auth.device.is_ready())
        self.capture_protected = False
        self.status.set_capture_protected(False)

        self.toolbar = QToolBar(self.tr("Session"), self)
        self.toolbar.setMovable(False)
        self.addToolBar(self.toolbar)
        self.curtain_action = self._action(self.tr("Hide screen"), CURTAIN_KEY, self.show_curtain)
        self.lock_action = self._action(self.tr("Leave seat (lock)"), LOCK_KEY, self.leave_seat)
        self.hardcopy_action = self._action(self.tr("Hardcopy…"), None, self.hardcopy)
        self.logout_action = self._action(self.tr("Log out"), None, self.logout)
        self.toolbar.setVisible(False)

        self.hardcopy_calls = ServiceCall(self.status.activity, [], self, services.worker)
        self.hardcopy_calls.busy_changed.connect(lambda _busy: self._sync_actions())

        self.curtain = PrivacyCurtain(self)
        self.curtain.lifted.connect(self._curtain_lifted)
        self.lock_screen: LockScreen | None = None
        policy = services.auth.policy
        self.idle = IdleWatcher(
            services.clock,
            curtain_after=policy.curtain_idle_seconds,
            lock_after=policy.lock_idle_seconds,
            parent=self,
        )
        self.idle.curtain_due.connect(self.show_curtain)
        self.idle.lock_due.connect(self.idle_lock)

    def _action(self, text: str, key: str | None, slot: object) -> QAction:
        action = QAction(text, self)
        if key:
            action.setShortcut(QKeySequence(key))
        action.triggered.connect(slot)
        self.toolbar.addAction(action)
        self.addAction(action)  # shortcuts work even with the toolbar hidden
        action.setEnabled(False)
        return action

    # -- window events --------------------------------------------------------------------
    def showEvent(self, event: QShowEvent) -> None:
        """Ask the OS to keep the window out of captures once it has a native handle."""
        super().showEvent(event)
        if not self.capture_protected:
            self.capture_protected = exclude_from_capture(self)
            self.status.set_capture_protected(self.capture_protected)

    def resizeEvent(self, event: QResizeEvent) -> None:
        """Keep the curtain and the lock covering the whole window."""
        super().resizeEvent(event)
        for cover in (self.curtain, self.lock_screen):
            if cover is not None and cover.isVisible():
                cover.setGeometry(self.rect())

    def closeEvent(self, event: QCloseEvent) -> None:
        """Closing the window ends the session (logged)."""
        if self.session is not None:
            self.end_session(reason="window_closed")
        super().closeEvent(event)

    # -- session --------------------------------------------------------------------------
    def start_session(self, session: OperatorSession) -> None:
        """Show the granted views after a successful login."""
        self.session = session
        self._build_views(session)
        self.pages.setCurrentWidget(self.tabs)
        self.status.set_operator(session)
        self.toolbar.setVisible(True)
        self._sync_actions()
        self.idle.start()
        self.session_changed.emit(session)

    def _sync_actions(self) -> None:
        """Enable the toolbar's actions for the state: logged in, locked, a hardcopy running."""
        session = self.session
        live = session is not None
        unlocked = live and self.lock_screen is None
        may_copy = session is not None and Right.HARDCOPY in session.rights
        self.curtain_action.setEnabled(unlocked)
        self.lock_action.setEnabled(unlocked)
        self.logout_action.setEnabled(live)
        self.hardcopy_action.setVisible(may_copy)
        self.hardcopy_action.setEnabled(may_copy and unlocked and not self.hardcopy_calls.busy)

    def _build_views(self, session: OperatorSession) -> None:
        self._drop_views()
        for registration in views_for(session.rights):
            widget = self._services.build_view(registration, session)
            if self.card_jobs is not None:
                attach_if_card_user(widget, self.card_jobs)
            attach_if_db_user(widget, self._worker)
            self.views.append(widget)
            self.tabs.addTab(widget, registration.translated_title())

    def _drop_views(self) -> None:
        self.clear_personal_data()
        while self.tabs.count():
            widget = self.tabs.widget(0)
            self.tabs.removeTab(0)
            if widget is not None:
                widget.deleteLater()
        self.views = []

    def clear_personal_data(self) -> None:
        """Make every view forget its personal data (curtain, lock, logout, card removal)."""
        for view in self.views:
            clear_if_personal(view)
        self._close_dialogs()

    def _close_dialogs(self) -> None:
        """Cancel every open dialog and hide a tooltip: they would float above the cover.

        A modal dialog is a window of its own; left open it would stay usable on top of
        the curtain or the lock screen (an operator form, a hardcopy reason, a message).
        """
        QToolTip.hideText()
        for dialog in self.findChildren(QDialog):
            if dialog.isVisible():
                dialog.reject()

    def reload_lists(self) -> None:
        """Reload the views' working lists (inbox, queue) after a clear, when uncovered."""
        if self.session is None or self.is_locked() or self.is_curtained():
            return
        for view in self.views:
            reload_if_listing(view)

    def on_card_removed(self) -> None:
        """The card left the reader: that person's data leaves the screen."""
        for view in self.views:
            tell_card_removed(view)  # each view also closes its own open card prompt
        self.reload_lists()

    def attach_card_events(self, events: CardEventBridge) -> None:
        """Follow the readers: removal clears the screen; the status bar shows the state."""
        events.inserted.connect(lambda reader: self._reader_holds(reader, True))
        events.empty.connect(lambda reader: self._reader_holds(reader, False))
        events.removed.connect(self._card_left)
        events.unavailable.connect(self._readers_unavailable)

    def _card_left(self, reader: str) -> None:
        self._reader_holds(reader, False)
        self.on_card_removed()

    def _reader_holds(self, reader: str, card: bool) -> None:
        self.reader_cards[reader] = card
        self._show_reader_state()

    def _readers_unavailable(self) -> None:
        self.reader_cards.clear()
        self._show_reader_state()

    def _show_reader_state(self) -> None:
        # Several readers may be attached (a real one beside the training vpcd): a card in
        # any of them counts.
        if any(self.reader_cards.values()):
            self.status.set_reader_state(self.tr("card present"))
        elif self.reader_cards:
            self.status.set_reader_state(self.tr("no card"))
        else:
            self.status.set_reader_state(self.tr("unavailable"))

    def attach_card_jobs(self, jobs: CardJobs) -> None:
        """Share the hardware thread with every card-using view (built at login)."""
        self.card_jobs = jobs
        for view in self.views:
            attach_if_card_user(view, jobs)

    def end_session(self, *, reason: str) -> None:
        """Clear and destroy the views, go back to the login page, and log the logout."""
        session, self.session = self.session, None
        self.idle.stop()
        self._drop_views()
        self.curtain.hide()
        if self.lock_screen is not None:
            self.lock_screen.hide()
            self.lock_screen.deleteLater()
            self.lock_screen = None
        self._sync_actions()
        self.toolbar.setVisible(False)
        self.pages.setCurrentWidget(self.login_page)
        self.status.set_operator(None)
        if session is not None:
            auth = self._auth
            self._record(lambda: auth.logout(session, reason=reason))
        self.session_changed.emit(None)

    @property
    def worker(self) -> WorkerThread:
        """The database worker the window and its views run their service calls on."""
        return self._worker

    @property
    def recording(self) -> bool:
        """True while a lock or logout is still on its way into the log."""
        return self._recording > 0

    def _record(self, call: Callable[[], object]) -> None:
        """Log a session event on the worker; the login forms wait until it is written."""
        job = self._worker.submit(call, self)
        self._recording += 1
        job.failed.connect(self._record_failed)
        job.finished.connect(self._recorded)
        self._sync_forms()

    def _recorded(self) -> None:
        self._recording -= 1
        self._sync_forms()

    def _record_failed(self, error: object) -> None:
        if isinstance(error, DomainError):
            report_error(self, error)  # e.g. the database went away: shown, as before
        elif isinstance(error, BaseException):
            raise error  # a defect: let it surface

    def _sync_forms(self) -> None:
        enabled = not self.recording
        self.login_page.panel.setEnabled(enabled)
        if self.lock_screen is not None:
            self.lock_screen.panel.setEnabled(enabled)

    def logout(self) -> None:
        """The operator logs out."""
        self.end_session(reason="user")

    def end_ended_session(self, error: SessionEnded) -> None:
        """A service refused this session as ended: back to the login page, saying why."""
        session = self.session
        if session is None or session.session_id != error.session_id:
            return  # a late refusal of a session this window no longer shows
        self.end_session(reason="session_ended")
        self.login_page.panel.message.setText(error.reason)

    # -- privacy ---------------------------------------------------------------------------
    def show_curtain(self) -> None:
        """Hide everything behind the curtain; the data underneath is cleared too.

        The curtain is lifted without re-authentication, so nothing personal may remain
        beneath it for whoever lifts it.
        """
        if self.session is None or self.is_locked():
            return
        self.clear_personal_data()
        self.curtain.cover()

    def _curtain_lifted(self) -> None:
        self.idle.poke()

    def is_curtained(self) -> bool:
        """True while the curtain covers the window."""
        return self.curtain.isVisible()

    def is_locked(self) -> bool:
        """True while the lock screen covers the window."""
        return self.lock_screen is not None and self.lock_screen.isVisible()

    def idle_lock(self) -> None:
        """The long idle time ran out: lock (logged as a session expiry)."""
        self.lock(reason="idle")

    def leave_seat(self) -> None:
        """The operator steps away: lock at once."""
        self.lock(reason="leave_seat")

    def lock(self, *, reason: str) -> None:
        """Clear the views and cover the window until the same operator re-authenticates."""
        session = self.session
        if session is None or self.is_locked():
            return
        self.clear_personal_data()
        self.curtain.hide()
        self.lock_screen = LockScreen(self._services.login(), session, self)
        self.lock_screen.unlocked.connect(self._unlocked)
        self.lock_screen.logout_requested.connect(lambda: self.end_session(reason="locked"))
        self.lock_screen.cover()
        self._sync_actions()
        auth = self._auth
        self._record(lambda: auth.lock(session, reason=reason))

    def _unlocked(self, session: OperatorSession) -> None:
        if self.lock_screen is not None:
            self.lock_screen.hide()
            self.lock_screen.deleteLater()
            self.lock_screen = None
        rights_changed = self.session is None or session.rights != self.session.rights
        self.session = session
        if rights_changed:
            self._build_views(session)
        else:
            self.reload_lists()
        self._sync_actions()
        self.idle.poke()
        self.session_changed.emit(session)

    def hardcopy(self) -> None:
        """Ask for a reason, then save a watermarked, logged hardcopy of the window."""
        if self.session is None:
            return
        dialog = HardcopyReasonDialog(self)
        if dialog.exec() != HardcopyReasonDialog.DialogCode.Accepted:
            return
        self.take_hardcopy(dialog.reason.text())

    def take_hardcopy(self, reason: str) -> bool:
        """Grab the window as it is now; save it once the service allowed and logged it."""
        session = self.session
        if session is None:
            return False
        picture = self.grab()
        screen, name = self._services.screen, type(self).__name__
        return self.hardcopy_calls.run(
            lambda: screen.hardcopy(session, reason=reason, screen=name),
            lambda ticket: self._save_hardcopy(picture, ticket),
            show_error=self._hardcopy_refused,
        )

    def _save_hardcopy(self, picture: QPixmap, ticket: HardcopyTicket) -> None:
        try:
            path = save_hardcopy(picture, ticket, self._services.hardcopy_dir)
        except OSError as error:
            self._hardcopy_refused(str(error))
            return
        self.status.showMessage(self.tr("Hardcopy saved: %1").replace("%1", path.name), 8000)

    def _hardcopy_refused(self, text: str) -> None:
        QMessageBox.warning(self, self.tr("Hardcopy"), text)
