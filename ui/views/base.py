"""What every view that shows personal data promises to the main window."""

from __future__ import annotations

from typing import Protocol, runtime_checkable


@runtime_checkable
class PersonalDataView(Protocol):
    """A QWidget that can forget every piece of personal data it shows.

    The main window calls ``clear_personal_data`` when the privacy curtain falls, when the
    session locks, at logout and when the card is removed, so nothing of a visitor stays on
    screen or in the widget's memory afterwards. Implementations must not raise.
    """

    def clear_personal_data(self) -> None:
        """Empty every field, table and revealed number; keep only non-personal state."""
        ...


def clear_if_personal(widget: object) -> None:
    """Call ``clear_personal_data`` on ``widget`` when it implements the protocol."""
    if isinstance(widget, PersonalDataView):
        widget.clear_personal_data()


@runtime_checkable
class CardRemovalView(Protocol):
    """A view that says so when the card leaves the reader (and forgets its person)."""

    def on_card_removed(self) -> None:
        """Clear the personal data and tell the operator the card was removed; no raising."""
        ...


def tell_card_removed(widget: object) -> None:
    """The card left: ``on_card_removed`` where the view has it, else a plain clear."""
    if isinstance(widget, CardRemovalView):
        widget.on_card_removed()
    else:
        clear_if_personal(widget)


@runtime_checkable
class ListReloadingView(Protocol):
    """A view whose working lists (an inbox, a queue) are not about the visitor at the counter.

    After a card removal or an unlock has cleared the screen, the main window asks it to
    load them again, so the operator does not face an empty list until pressing Refresh.
    (Not after the curtain: whoever lifts it is not authenticated.)
    """

    def reload_lists(self) -> None:
        """Load the working lists again; must not raise."""
        ...


def reload_if_listing(widget: object) -> None:
    """Call ``reload_lists`` on ``widget`` when it implements the protocol."""
    if isinstance(widget, ListReloadingView):
        widget.reload_lists()
