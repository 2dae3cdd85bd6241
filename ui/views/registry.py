"""The list of views the main window can show; after login only granted ones appear.

To add a view, append one ``ViewRegistration`` to ``VIEWS``: the right that unlocks it, its
tab title as an English source wrapped in ``str(QT_TRANSLATE_NOOP("Views", ...))`` (add the
Japanese text to resources/translations/ja.tsv under the context ``Views``), and a factory
``(container, session) -> QWidget``. Use :func:`lazy` so the view's module is imported only
when an operator with the right logs in. If the widget implements
``ui.views.base.PersonalDataView`` the curtain, the lock, logout and card removal clear it.
"""

from __future__ import annotations

import dataclasses
import importlib
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


def lazy(module: str, attribute: str) -> ViewFactory:
    """A factory that imports ``module`` and calls ``attribute(container, session)`` on use."""

    def factory(container: Container, session: OperatorSession) -> QWidget:
        view_class = getattr(importlib.import_module(module), attribute)
        widget = view_class(container, session)
        assert isinstance(widget, QWidget)
        return widget

    return factory


VIEWS: list[ViewRegistration] = [
    ViewRegistration(
        Right.SEARCH,
        str(QT_TRANSLATE_NOOP("Views", "Identity search")),
        lazy("ui.views.search_view", "SearchView"),
    ),
    ViewRegistration(
        Right.RIGHTS_ADMIN,
        str(QT_TRANSLATE_NOOP("Views", "Operators and rights")),
        lazy("ui.admin.operators", "OperatorAdminView"),
    ),
    ViewRegistration(
        Right.CARD_CONFIRM,
        str(QT_TRANSLATE_NOOP("Views", "Card confirmation")),
        lazy("ui.views.confirmation_view", "CardConfirmationView"),
    ),
    ViewRegistration(
        Right.MOVE_IN_ENTRY,
        str(QT_TRANSLATE_NOOP("Views", "Special move-in")),
        lazy("ui.views.move_in_wizard", "MoveInWizard"),
    ),
    ViewRegistration(
        Right.CONFIRM_OTHERS,
        str(QT_TRANSLATE_NOOP("Views", "Approvals")),
        lazy("ui.views.approvals_view", "ApprovalsView"),
    ),
]


def views_for(rights: frozenset[Right]) -> list[ViewRegistration]:
    """The registered views whose right is in ``rights``, in registration order."""
    return [view for view in VIEWS if view.right in rights]
