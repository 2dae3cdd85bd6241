"""The search view's fields stop typing at the maxima the search service enforces."""

from __future__ import annotations

import datetime as dt

from pytestqt.qtbot import QtBot

from app import bootstrap
from app.clock import JST
from app.domain.rights import AuthMethod, OperatorSession, Right
from app.domain.search_policy import SEARCH_KEY_FIELDS
from app.domain.text_rules import TYPED_DATE
from ui.views.search_view import SearchView

CLERK = OperatorSession(
    session_id="S1",
    operator_id="clerk01",
    terminal_id="DEMO-01",
    method=AuthMethod.PASSWORD,
    started_at=dt.datetime(2026, 4, 1, 9, tzinfo=JST),
    rights=frozenset({Right.SEARCH}),
)


def test_each_field_takes_at_most_the_documented_maximum(
    qtbot: QtBot, container: bootstrap.Container
) -> None:
    view = SearchView(CLERK, search=container.search, screen=container.screen)
    qtbot.addWidget(view)
    assert view.name.maxLength() == SEARCH_KEY_FIELDS["name"].max_length == 100
    assert view.address.maxLength() == SEARCH_KEY_FIELDS["address"].max_length == 300
    assert view.dob.maxLength() == TYPED_DATE.max_length == 20
    view.name.setText("鈴" * 40_000)  # a paste of any size is cut, never sent whole
    assert len(view.name.text()) == 100
