"""The list of views the main window can show; after login only granted ones appear.

To add a view, append one ``ViewRegistration`` to ``VIEWS``: the right that unlocks it, its
tab title as an English source wrapped in ``str(QT_TRANSLATE_NOOP("Views", ...))`` (add the
Japanese text to resources/translations/ja.tsv under the context ``Views``), and a factory
``(container, session) -> QWidget`` that imports the view's module inside it (so it is loaded
only when an operator with the right logs in) and passes the view the services it uses. If
the widget implements ``ui.views.base.PersonalDataView`` the curtain, the lock, logout and
card removal clear it; if it implements ``ui.views.service_call.UsesDbWorker`` the main
window hands it the database worker its service calls run on.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication
from PySide6.QtWidgets import QWidget

from app.bootstrap import Container
from app.domain.rights import OperatorSession, Right

ViewFactory = Callable[[Container, OperatorSession], QWidget]


@dataclasses.dataclass(frozen=True)
class ViewRegistration:
    """One view: the right it needs, its title (English source) and how to build it."""

    right: Right
    title: str
    factory: ViewFactory

    def translated_title(self) -> str:
        """The title in the UI language (context ``Views``)."""
        return QCoreApplication.translate("Views", self.title)


# Each factory imports its view's module only when an operator with the right logs in, and
# hands the view the services it uses: views never build a service or choose a device.
def _search_view(container: Container, session: OperatorSession) -> QWidget:
    from ui.views.search_view import SearchView

    return SearchView(session, search=container.search, screen=container.screen)


def _operator_admin_view(container: Container, session: OperatorSession) -> QWidget:
    from ui.admin.operators import OperatorAdminView

    return OperatorAdminView(
        session,
        operators=container.operators,
        biometric=container.biometric,
        clock=container.clock,
    )


def _card_confirmation_view(container: Container, session: OperatorSession) -> QWidget:
    from ui.views.confirmation_view import CardConfirmationView

    return CardConfirmationView(
        session,
        confirmation=container.card_confirmation,
        transport_provider=container.card_transport,
    )


def _move_in_wizard(container: Container, session: OperatorSession) -> QWidget:
    from ui.views.move_in_wizard import MoveInWizard

    return MoveInWizard(
        session, move_in=container.move_in, transport_provider=container.card_transport
    )


def _approvals_view(container: Container, session: OperatorSession) -> QWidget:
    from ui.views.approvals_view import ApprovalsView

    return ApprovalsView(
        session,
        approvals=container.approvals,
        outbox=container.jukinet_outbox,
        dispatcher=container.dispatcher,
    )


VIEWS: list[ViewRegistration] = [
    ViewRegistration(
        Right.SEARCH, str(QT_TRANSLATE_NOOP("Views", "Identity search")), _search_view
    ),
    ViewRegistration(
        Right.RIGHTS_ADMIN,
        str(QT_TRANSLATE_NOOP("Views", "Operators and rights")),
        _operator_admin_view,
    ),
    ViewRegistration(
        Right.CARD_CONFIRM,
        str(QT_TRANSLATE_NOOP("Views", "Card confirmation")),
        _card_confirmation_view,
    ),
    ViewRegistration(
        Right.MOVE_IN_ENTRY, str(QT_TRANSLATE_NOOP("Views", "Special move-in")), _move_in_wizard
    ),
    ViewRegistration(
        Right.CONFIRM_OTHERS, str(QT_TRANSLATE_NOOP("Views", "Approvals")), _approvals_view
    ),
]


def views_for(rights: frozenset[Right]) -> list[ViewRegistration]:
    """The registered views whose right is in ``rights``, in registration order."""
    return [view for view in VIEWS if view.right in rights]
