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
