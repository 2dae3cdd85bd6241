"""``madoguchi setup`` and the ways out of the old set-up dead end (issue 11, point 4).

A new register gets its terminal and first administrator in one command (the schema too);
every refusal is exit 2 with one line; a register with an administrator but no terminal
can get its terminal with the administrator's password, and every other command says how.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sqlalchemy import delete

from app.db.models.operators import Operator, Terminal
from app.services.operators import BOOTSTRAP_ADMIN, console_session
from tests.support.auth import log_rows
from tests.support.cli_runner import Cli as BaseCli

ADMIN_PW = "first-admin-7"
SETUP = ("setup", "--admin-id", "admin01", "--admin-name", "管理 一郎")


class Cli(BaseCli):
    """The runner on one SQLite file, whose path the tests look at."""

    def __init__(
        self, path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
    ) -> None:
        super().__init__(f"sqlite:///{path}", monkeypatch, capsys)
        self.path = path

    def one_refusal(self) -> str:
        """The refusal line, after checking that it is one line and nothing went to stdout."""
        assert self.err.endswith("\n") and self.err.count("\n") == 1, self.err
        assert "Traceback" not in self.err
        return self.err


@pytest.fixture
def cli(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> Cli:
    """A runner for a register file that does not exist yet."""
    monkeypatch.setenv("MADOGUCHI_DATA_DIR", str(tmp_path))
    monkeypatch.setenv("MADOGUCHI_ALLOW_PLAINTEXT_SECRETS", "1")
    monkeypatch.setenv("MADOGUCHI_TERMINAL", "T0001")
    monkeypatch.delenv("MADOGUCHI_BIOMETRIC", raising=False)
    return Cli(tmp_path / "new.sqlite3", monkeypatch, capsys)


def test_setup_on_a_fresh_register_creates_it_and_the_administrator_can_log_in(cli: Cli) -> None:
    assert not cli.path.exists()
    assert cli(*SETUP, stdin=(ADMIN_PW,)) == 0, cli.err
    lines = cli.out.splitlines()
    assert len(lines) == 2
    assert "T0001" in lines[0] and "admin01" in lines[0] and "権限管理者" in lines[0]
    assert lines[1].startswith("next:")
    assert ADMIN_PW not in cli.out + cli.err
    box = cli.container()
    try:
        session = box.auth.login_password("admin01", ADMIN_PW, "T0001")
        assert session.rights == frozenset({*box.operators.roles()["権限管理者"]})
        assert not box.setup.is_new()
        ledger = box.operators.ledger(console_session("admin01", "T0001"))
        assert [e.action for e in ledger] == ["register", "password_enable", "issue"]
        assert {e.administrator_id for e in ledger} == {BOOTSTRAP_ADMIN}
        [setup_row] = log_rows(box, "setup.first")
        assert json.loads(setup_row.detail)["bootstrap"] is True
        assert ADMIN_PW not in setup_row.detail
    finally:
        box.close()
    # The administrator now works through the ordinary commands.
    assert cli("operator", "list", "--by", "admin01", "--password-stdin", stdin=(ADMIN_PW,)) == 0
    assert cli.out.startswith("admin01\t")


def test_a_second_setup_is_refused_in_one_line(cli: Cli) -> None:
    assert cli(*SETUP, stdin=(ADMIN_PW,)) == 0
    other = ("setup", "--terminal-id", "T0002", "--admin-id", "admin02", "--admin-name", "二郎")
    assert cli(*other, stdin=("second-admin-8",)) == 2
    assert "already set up" in cli.one_refusal()
    box = cli.container()
    try:
        assert not box.operators.exists("admin02")
        assert [t[0] for t in box.operators.terminals()] == ["T0001"]
    finally:
        box.close()


@pytest.mark.parametrize(
    ("password", "said"),
    [("short-1", "at least 10"), ("admin01-and-more", "operator ID"), ("", "no password")],
)
def test_a_weak_or_missing_password_is_refused_before_anything_is_created(
    cli: Cli, password: str, said: str
) -> None:
    assert cli(*SETUP, stdin=(password,)) == 2
    line = cli.one_refusal()
    assert said in line and (not password or password not in line)
    assert not cli.path.exists()


@pytest.mark.parametrize(
    ("option", "value", "field"),
    [("--admin-id", "x" * 33, "operator_id"), ("--terminal-id", "T\x1b01", "terminal_id")],
)
def test_a_bad_id_is_refused_naming_the_field(
    cli: Cli, option: str, value: str, field: str
) -> None:
    args = [*SETUP, option, value]
    assert cli(*args, stdin=(ADMIN_PW,)) == 2
    assert field in cli.one_refusal()
    assert not cli.path.exists()


def test_the_terminal_id_comes_from_the_option_before_the_setting(cli: Cli) -> None:
    assert cli(*SETUP, "--terminal-id", "MADO-07", stdin=(ADMIN_PW,)) == 0
    box = cli.container()
    try:
        assert [t[0] for t in box.operators.terminals()] == ["MADO-07"]
    finally:
        box.close()


def test_the_old_way_cannot_create_the_dead_end_any_more(cli: Cli) -> None:
    assert cli("db", "upgrade") == 0
    add = ("operator", "add", "admin01", "--name", "管理", "--role", "権限管理者")
    assert cli(*add, "--new-password-stdin", "--allow-password", stdin=(ADMIN_PW,)) == 2
    assert "madoguchi setup" in cli.one_refusal()
    # The old order (terminal first, then the administrator) still works ...
    assert cli("terminal", "add", "T0001") == 0
    # ... with a password to log in with: no finger can be enrolled before an administrator.
    assert cli(*add) == 2
    assert "--new-password-stdin --allow-password" in cli.one_refusal()
    assert cli(*add, "--new-password-stdin", "--allow-password", stdin=(ADMIN_PW,)) == 0
    box = cli.container()
    try:
        assert box.auth.login_password("admin01", ADMIN_PW, "T0001").operator_id == "admin01"
    finally:
        box.close()


@pytest.fixture
def dead_end(cli: Cli) -> Cli:
    """A register left by the old dead end: an administrator, and no terminal."""
    assert cli(*SETUP, stdin=(ADMIN_PW,)) == 0
    box = cli.container()
    try:
        with box.uow.begin() as db:
            db.execute(delete(Terminal))
    finally:
        box.close()
    return cli


def test_the_dead_end_has_a_way_out_through_the_administrators_password(dead_end: Cli) -> None:
    cli = dead_end
    by = ("--by", "admin01", "--password-stdin")
    # Every command that logs in says what to do instead of "run terminal add" ...
    assert cli("operator", "list", *by, stdin=(ADMIN_PW,)) == 2
    line = cli.one_refusal()
    assert "madoguchi setup" in line and "terminal add ID --by ADMIN" in line
    # ... setup says this register needs only the terminal ...
    assert cli(*SETUP, stdin=(ADMIN_PW,)) == 2
    assert "terminal add ID --by ADMIN --password-stdin" in cli.one_refusal()
    # ... a wrong password is refused without telling more, and counted ...
    assert cli("terminal", "add", "T0001", *by, stdin=("wrong-pass-99",)) == 2
    assert "wrong ID or credentials" in cli.one_refusal()
    # ... and the administrator's password registers the terminal; then logins work.
    assert cli("terminal", "add", "T0001", *by, stdin=(ADMIN_PW,)) == 0, cli.err
    assert cli("operator", "list", *by, stdin=(ADMIN_PW,)) == 0
    box = cli.container()
    try:
        rows = log_rows(box, "terminal.register")
        assert [(r.operator_id, r.outcome) for r in rows[-2:]] == [
            ("admin01", "refused"),
            ("admin01", "ok"),
        ]
        assert json.loads(rows[-2].detail)["reason"] == "bad_credentials"
        with box.uow.begin() as db:
            admin = db.get(Operator, "admin01")
            assert admin is not None and admin.failed_logins == 0  # reset by the success
    finally:
        box.close()


def test_the_first_terminal_needs_a_rights_administrator(dead_end: Cli) -> None:
    cli = dead_end
    box = cli.container()
    try:
        new = box.operators.check_new_operator(
            "clerk01", "窓口", role="窓口担当", password="clerk-pass-02", allow_password=True
        )
        with box.uow.begin_write() as db:
            box.operators.write_operator(db, console_session("admin01", "T0001"), new)
    finally:
        box.close()
    by = ("--by", "clerk01", "--password-stdin")
    assert cli("terminal", "add", "T0001", *by, stdin=("clerk-pass-02",)) == 2
    assert "not rights administrator" in cli.one_refusal()
    assert cli("terminal", "add", "T0001", "--by", "admin01", stdin=(ADMIN_PW,)) == 2
    assert "--password-stdin" in cli.one_refusal()
