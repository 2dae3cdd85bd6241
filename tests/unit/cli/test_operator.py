"""``madoguchi operator`` and ``terminal``: the acting administrator authenticates; bootstrap.

Every command but ``roles`` and ``terminal list`` needs ``--by ID`` with ``--password-stdin``
(or ``--finger``) through the login service: refusals are exit 2 with one line on stderr,
and what was refused is in the operation log, never in the rights ledger.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import update

from app import bootstrap
from app.db.models.operators import Grant
from app.db.models.oplog import OperationLogRow
from app.services.operators import BOOTSTRAP_ADMIN, console_session
from tests.support.auth import log_rows
from tests.support.cli_runner import Cli as BaseCli

ADMIN_PW = "admin-pass-01"
CLERK_PW = "clerk-pass-02"


class Cli(BaseCli):
    """The runner, with the administrator's own login at hand."""

    def as_admin(self, *args: str, new_password: str | None = None) -> int:
        """Run a command as admin01 authenticated with its password."""
        lines = (ADMIN_PW,) if new_password is None else (ADMIN_PW, new_password)
        return self(*args, "--by", "admin01", "--password-stdin", stdin=lines)


@pytest.fixture
def cli(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> Cli:
    """A migrated, empty database and a runner for it."""
    monkeypatch.setenv("MADOGUCHI_DATA_DIR", str(tmp_path))
    monkeypatch.setenv("MADOGUCHI_ALLOW_PLAINTEXT_SECRETS", "1")
    monkeypatch.setenv("MADOGUCHI_TERMINAL", "T0001")
    monkeypatch.delenv("MADOGUCHI_BIOMETRIC", raising=False)
    runner = Cli(f"sqlite:///{tmp_path / 'ops.sqlite3'}", monkeypatch, capsys)
    assert runner("db", "upgrade") == 0
    return runner


def _bootstrap(cli: Cli) -> None:
    assert cli("terminal", "add", "T0001", "--name", "窓口1") == 0
    add = ("operator", "add", "admin01", "--name", "管理 一郎", "--role", "権限管理者")
    assert cli(*add, "--new-password-stdin", "--allow-password", stdin=(ADMIN_PW,)) == 0


@pytest.fixture
def admin_cli(cli: Cli) -> Cli:
    """The database after the installer's bootstrap: terminal T0001 and admin01."""
    _bootstrap(cli)
    return cli


@pytest.fixture
def box(admin_cli: Cli) -> Iterator[bootstrap.Container]:
    """A container on the bootstrapped database."""
    built = admin_cli.container()
    yield built
    built.close()


def _add_clerk(cli: Cli) -> None:
    add = ("operator", "add", "clerk01", "--name", "窓口 太郎", "--role", "窓口担当")
    assert (
        cli.as_admin(*add, "--new-password-stdin", "--allow-password", new_password=CLERK_PW) == 0
    )
    assert cli.err == ""


def _detail(row: OperationLogRow) -> dict[str, object]:
    detail = json.loads(row.detail)
    assert isinstance(detail, dict)
    return detail


# ---------------------------------------------------------------- bootstrap
def test_bootstrap_on_an_empty_database_is_recorded_as_bootstrap(cli: Cli) -> None:
    _bootstrap(cli)
    assert "bootstrap" in cli.err
    box = cli.container()
    try:
        ledger = box.operators.ledger(console_session("admin01", "T0001"))
        assert [e.action for e in ledger] == ["register", "password_enable", "issue"]
        assert {e.administrator_id for e in ledger} == {BOOTSTRAP_ADMIN}
        rows = log_rows(box, "rights.register") + log_rows(box, "terminal.register")
        assert all(_detail(r)["bootstrap"] is True for r in rows) and len(rows) == 2
        session = box.auth.login_password("admin01", ADMIN_PW, "T0001")
        assert session.operator_id == "admin01"
    finally:
        box.close()


def test_bootstrap_adds_only_an_administrator(cli: Cli) -> None:
    assert cli("terminal", "add", "T0001") == 0
    clerk = ("operator", "add", "clerk01", "--name", "窓口", "--role", "窓口担当")
    assert cli(*clerk) == 2
    assert cli.err.strip().count("\n") == 0 and "--by ADMIN" in cli.err


def test_bootstrap_never_reopens_once_an_administrator_was_registered(admin_cli: Cli) -> None:
    # The only administrator cannot be revoked (one line) ...
    assert admin_cli.as_admin("operator", "revoke", "admin01", "--reason", "退職") == 2
    assert "後任の権限管理者" in admin_cli.err and admin_cli.err.count("\n") == 1
    # ... but a grant ends by date without anybody acting: the bootstrap stays closed even then.
    box = admin_cli.container()
    try:
        with box.uow.begin() as db:
            db.execute(
                update(Grant)
                .where(Grant.operator_id == "admin01")
                .values(valid_from=dt.date(2000, 1, 1), valid_until=dt.date(2000, 12, 31))
            )
        assert not box.operators.has_administrator()
    finally:
        box.close()
    add = ("operator", "add", "admin02", "--name", "管理 二郎", "--role", "権限管理者")
    assert admin_cli(*add) == 2
    assert admin_cli("terminal", "add", "T0002") == 2


# ---------------------------------------------------------------- refusals
@pytest.mark.parametrize(
    "command",
    [
        ("operator", "add", "clerk09", "--name", "窓口", "--role", "窓口担当"),
        ("operator", "add", "admin09", "--name", "管理", "--role", "権限管理者"),
        ("operator", "grant", "admin01", "--right", "export", "--from", "2026-01-01",
         "--until", "2026-12-31"),
        ("operator", "revoke", "admin01", "--reason", "異動"),
        ("operator", "password", "admin01", "--disallow"),
        ("operator", "unlock", "admin01"),
        ("operator", "list"),
        ("operator", "ledger"),
        ("terminal", "add", "T0002"),
    ],
)  # fmt: skip
def test_without_by_every_command_is_refused_once_an_administrator_exists(
    admin_cli: Cli, command: tuple[str, ...]
) -> None:
    box = admin_cli.container()
    try:
        before = box.operators.ledger_count()
        assert admin_cli(*command) == 2
        assert admin_cli.err.endswith("\n") and admin_cli.err.count("\n") == 1
        assert "--by ADMIN" in admin_cli.err
        assert box.operators.ledger_count() == before
    finally:
        box.close()


def test_naming_by_without_authenticating_is_refused(admin_cli: Cli) -> None:
    assert admin_cli("operator", "unlock", "admin01", "--by", "admin01") == 2
    assert "--password-stdin" in admin_cli.err


def test_password_stdin_without_by_points_to_the_new_password_option(cli: Cli) -> None:
    assert cli("terminal", "add", "T0001") == 0
    add = ("operator", "add", "admin01", "--name", "管理", "--role", "権限管理者")
    assert cli(*add, "--password-stdin", "--allow-password", stdin=(ADMIN_PW,)) == 2
    assert "--new-password-stdin" in cli.err


def test_a_wrong_administrator_password_is_refused_and_logged(
    admin_cli: Cli, box: bootstrap.Container
) -> None:
    before = box.operators.ledger_count()
    add = ("operator", "add", "clerk01", "--name", "窓口", "--role", "窓口担当")
    assert admin_cli(*add, "--by", "admin01", "--password-stdin", stdin=("wrong-pass-99",)) == 2
    assert admin_cli.err.count("\n") == 1 and "login" in admin_cli.err
    [row] = log_rows(box, "auth.login")
    assert (row.operator_id, row.outcome) == ("admin01", "failed")
    assert _detail(row) == {"method": "password", "reason": "bad_credentials"}
    assert "wrong-pass-99" not in row.detail
    assert box.operators.ledger_count() == before
    assert not box.operators.exists("clerk01")


def test_a_non_administrator_with_the_right_password_is_refused(
    admin_cli: Cli, box: bootstrap.Container
) -> None:
    _add_clerk(admin_cli)
    before = box.operators.ledger_count()
    grant = ("operator", "grant", "clerk01", "--right", "export")
    grant += ("--from", "2026-01-01", "--until", "2026-12-31")
    assert admin_cli(*grant, "--by", "clerk01", "--password-stdin", stdin=(CLERK_PW,)) == 2
    assert "rights_admin" in admin_cli.err and admin_cli.err.count("\n") == 1
    assert box.operators.ledger_count() == before
    login = [r for r in log_rows(box, "auth.login") if r.operator_id == "clerk01"]
    assert [(r.outcome, _detail(r)["method"]) for r in login] == [("ok", "password")]
    [refusal] = log_rows(box, "rights.grant")
    assert (refusal.operator_id, refusal.outcome) == ("clerk01", "refused")
    assert _detail(refusal)["right"] == "rights_admin"
    assert admin_cli("operator", "list", "--by", "clerk01", "--password-stdin",
                     stdin=(CLERK_PW,)) == 2  # fmt: skip
    assert [r.outcome for r in log_rows(box, "operator.list")] == ["refused"]


def test_a_revoked_administrator_is_refused(admin_cli: Cli, box: bootstrap.Container) -> None:
    add = ("operator", "add", "admin02", "--name", "管理 二郎", "--role", "権限管理者")
    assert admin_cli.as_admin(*add, "--new-password-stdin", "--allow-password",
                              new_password="admin-pass-02") == 0  # fmt: skip
    assert admin_cli.as_admin("operator", "revoke", "admin02", "--reason", "退職") == 0
    before = box.operators.ledger_count()
    unlock = ("operator", "unlock", "admin01", "--by", "admin02", "--password-stdin")
    assert admin_cli(*unlock, stdin=("admin-pass-02",)) == 2
    assert "revoked" in admin_cli.err
    refused = [r for r in log_rows(box, "auth.login") if r.operator_id == "admin02"]
    assert [(r.outcome, _detail(r)["reason"]) for r in refused] == [("refused", "revoked")]
    assert box.operators.ledger_count() == before


def test_the_login_rules_apply_an_unregistered_terminal_is_refused(
    admin_cli: Cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("MADOGUCHI_TERMINAL", "T9999")
    assert admin_cli.as_admin("operator", "list") == 2
    assert "terminal" in admin_cli.err


# ---------------------------------------------------------------- success paths
def test_each_change_writes_its_ledger_rows_with_an_authenticated_session(
    admin_cli: Cli, box: bootstrap.Container
) -> None:
    def added_rows(*command: str, new_password: str | None = None) -> list[str]:
        before = box.operators.ledger_count()
        assert admin_cli.as_admin(*command, new_password=new_password) == 0, admin_cli.err
        admin = console_session("admin01", "T0001")
        return [e.action for e in box.operators.ledger(admin)[before:]]

    assert added_rows("operator", "add", "clerk02", "--name", "窓口 次郎") == ["register"]
    grant = ("operator", "grant", "clerk02", "--right", "search", "--right", "hardcopy")
    assert added_rows(*grant, "--from", "2026-01-01", "--until", "2099-12-31") == ["issue"]
    assert added_rows("operator", "password", "clerk02", "--new-password-stdin",
                      new_password=CLERK_PW) == ["password_set"]  # fmt: skip
    assert added_rows("operator", "password", "clerk02", "--allow") == ["password_enable"]
    assert added_rows("operator", "unlock", "clerk02") == ["unlock"]
    revoke_one = ("operator", "revoke", "clerk02", "--right", "hardcopy", "--reason", "異動")
    assert added_rows(*revoke_one) == ["revoke"]
    assert added_rows("operator", "revoke", "clerk02", "--reason", "退職") == ["revoke_operator"]
    assert added_rows("terminal", "add", "T0002") == []  # terminals: operation log only
    # A role grants its rights in one "issue" row after the "register" row.
    add = ("operator", "add", "clerk03", "--name", "窓口 三郎", "--role", "窓口担当")
    assert added_rows(*add) == ["register", "issue"]
    logins = log_rows(box, "auth.login")
    assert len(logins) == 9 and {(r.operator_id, r.outcome) for r in logins} == {("admin01", "ok")}
    assert {_detail(r)["method"] for r in logins} == {"password"}
    logouts = log_rows(box, "auth.logout")
    assert {r.correlation_id for r in logouts} == {r.correlation_id for r in logins}
    ledger = box.operators.ledger(console_session("admin01", "T0001"))
    assert {e.administrator_id for e in ledger[3:]} == {"admin01"}


def test_the_two_stdin_lines_are_the_admins_then_the_new_operators(
    admin_cli: Cli, box: bootstrap.Container
) -> None:
    _add_clerk(admin_cli)
    assert box.auth.login_password("clerk01", CLERK_PW, "T0001").operator_id == "clerk01"
    add = ("operator", "add", "clerk02", "--name", "窓口", "--new-password-stdin")
    assert admin_cli.as_admin(*add) == 2  # only one line: the new password is missing
    assert "new password" in admin_cli.err
    assert not box.operators.exists("clerk02")


def test_list_and_ledger_need_authentication_and_the_right_right(
    admin_cli: Cli, box: bootstrap.Container
) -> None:
    _add_clerk(admin_cli)
    assert admin_cli.as_admin("operator", "list", "--json") == 0
    listed = {o["operator_id"]: o for o in json.loads(admin_cli.out)}
    assert listed["admin01"]["rights_now"] == ["rights_admin"]
    assert listed["clerk01"]["password_allowed"] is True
    assert admin_cli.as_admin("operator", "ledger") == 0
    rows = list(csv.DictReader(io.StringIO(admin_cli.out)))
    assert [r["action"] for r in rows][-1] == "issue"
    as_clerk = ("--by", "clerk01", "--password-stdin")
    assert admin_cli("operator", "ledger", *as_clerk, stdin=(CLERK_PW,)) == 2
    # The export right is enough for the ledger, not for the operator list.
    grant = ("operator", "grant", "clerk01", "--right", "export")
    assert admin_cli.as_admin(*grant, "--from", "2026-01-01", "--until", "2099-12-31") == 0
    assert admin_cli("operator", "ledger", "--json", *as_clerk, stdin=(CLERK_PW,)) == 0
    assert len(json.loads(admin_cli.out)) == len(rows) + 1
    assert admin_cli("operator", "list", *as_clerk, stdin=(CLERK_PW,)) == 2
    exports = log_rows(box, "rights.ledger_export")
    assert [(r.operator_id, _detail(r)["format"]) for r in exports] == [
        ("admin01", "csv"),
        ("clerk01", "json"),
    ]
    assert [r.operator_id for r in log_rows(box, "rights.ledger")] == ["clerk01"]


def test_finger_on_the_simulated_sensor_authenticates(
    admin_cli: Cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("MADOGUCHI_BIOMETRIC", "sim")
    box = admin_cli.container()
    try:
        template = box.biometric.enroll("right_index", subject="admin01")
        box.operators.enroll_finger(
            console_session("admin01", "T0001"), "admin01", "right_index", template
        )
        assert admin_cli("operator", "list", "--by", "admin01", "--finger", "right_index") == 0
        assert admin_cli("operator", "list", "--by", "admin01", "--finger", "left_index") == 2
        methods = [(r.outcome, _detail(r)["method"]) for r in log_rows(box, "auth.login")]
        assert methods == [("ok", "biometric"), ("failed", "biometric")]
    finally:
        box.close()


def test_finger_without_a_sensor_is_refused(admin_cli: Cli) -> None:
    assert admin_cli("operator", "list", "--by", "admin01", "--finger", "right_index") == 2
    assert "sensor" in admin_cli.err


def test_list_warns_when_every_administrators_grant_ends_within_30_days(
    admin_cli: Cli, box: bootstrap.Container
) -> None:
    assert admin_cli.as_admin("operator", "list") == 0
    assert admin_cli.err == ""
    soon = dt.date.today() + dt.timedelta(days=10)
    with box.uow.begin() as db:
        db.execute(update(Grant).where(Grant.operator_id == "admin01").values(valid_until=soon))
    assert admin_cli.as_admin("operator", "list") == 0
    assert admin_cli.out.startswith("admin01\t")
    assert admin_cli.err.count("\n") == 1 and "warning" in admin_cli.err
    assert soon.isoformat() in admin_cli.err and "権限管理者" in admin_cli.err
