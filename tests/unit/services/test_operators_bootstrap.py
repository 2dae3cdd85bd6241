"""The installer's bootstrap administrator: the grant must be valid today (issue 11, point 4)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest

from app import bootstrap
from app.clock import ManualClock
from app.domain.errors import DomainError
from app.services.operators import BOOTSTRAP_ADMIN, console_session
from app.services.stamps import jst_date
from tests.support.setup import fresh_container

ROLE = "権限管理者"


@pytest.fixture
def fresh(db_url: str, tmp_path: Path, clock: ManualClock) -> Iterator[bootstrap.Container]:
    """A new register with its terminal, on SQLite and PostgreSQL."""
    built = fresh_container(db_url, tmp_path, clock)
    built.operators.register_terminal(console_session(BOOTSTRAP_ADMIN, "T0001"), "T0001")
    yield built
    built.close()


def _add(fresh: bootstrap.Container, **period: dt.date) -> None:
    fresh.operators.add_operator(
        console_session(BOOTSTRAP_ADMIN, "T0001"),
        "admin01",
        "管理 一郎",
        role=ROLE,
        password="first-admin-7",
        allow_password=True,
        **period,
    )


@pytest.mark.parametrize(
    ("start", "end", "field"),
    [(-30, -1, "valid_until"), (1, 30, "valid_from")],
    ids=["already-expired", "not-yet-valid"],
)
def test_a_bootstrap_grant_not_valid_today_is_refused(
    fresh: bootstrap.Container, start: int, end: int, field: str
) -> None:
    today = jst_date(fresh.clock.now())
    with pytest.raises(DomainError) as refused:
        _add(
            fresh,
            valid_from=today + dt.timedelta(days=start),
            valid_until=today + dt.timedelta(days=end),
        )
    assert refused.value.field == field
    assert not fresh.operators.exists("admin01")
    assert fresh.operators.bootstrap_open()  # nothing closed it


def test_a_bootstrap_grant_valid_today_closes_the_bootstrap(fresh: bootstrap.Container) -> None:
    today = jst_date(fresh.clock.now())
    _add(fresh, valid_from=today, valid_until=today)  # today only is valid today
    assert fresh.operators.admin_coverage().holders == ("admin01",)
    assert not fresh.operators.bootstrap_open()


def test_an_administrator_may_register_another_with_any_period(
    fresh: bootstrap.Container,
) -> None:
    _add(fresh)
    today = jst_date(fresh.clock.now())
    fresh.operators.add_operator(
        console_session("admin01", "T0001"),
        "admin02",
        "管理 二郎",
        role=ROLE,
        valid_from=today + dt.timedelta(days=7),
        valid_until=today + dt.timedelta(days=370),
    )
    assert fresh.operators.exists("admin02")
