"""What every ``madoguchi`` command shares: the container built from the arguments, the one
refusal error, the stdin readers, JSON and one-line output, and the exit-code rule.

Exit codes (a stable contract, see README): 0 success; 2 refused or invalid input, bad
configuration or a database that cannot be used (unreachable, full, read-only, damaged, not
set up), with one line on stderr; 1 an unexpected failure, whose traceback is left visible
on purpose.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import sqlite3
import sys
import unicodedata
from collections.abc import Callable, Iterator
from typing import NoReturn, Protocol, TextIO, TypeAlias, runtime_checkable

from sqlalchemy.exc import DBAPIError

from app import bootstrap
from app.config import Settings
from app.db.engine import sqlite_file
from app.db.errors import classify
from app.domain.errors import DomainError, RegisterNotSetUp, UnsafeConfiguration
from app.domain.rights import OperatorSession
from hardware.ports import PinKind

# A string alias: importable at run time too (argparse's class is not subscriptable there).
Subparsers: TypeAlias = "argparse._SubParsersAction[argparse.ArgumentParser]"

Handler = Callable[[argparse.Namespace], int]

EXIT_OK = 0
EXIT_REFUSED = 2
MAX_LINE = 400
"""The longest refusal line printed: a value echoed in a message (a 5,000-character
environment variable) must not flood the terminal."""


class CliError(Exception):
    """A refusal or invalid input: printed as one line on stderr, exit code 2."""


class UsageError(CliError):
    """The command line itself is wrong (unknown command, missing or bad argument)."""


class OneLineParser(argparse.ArgumentParser):
    """An argument parser whose usage errors are one line that points to ``--help``.

    argparse would print the usage and the error (two lines or more) and exit itself; here
    the error becomes a :class:`UsageError` that ``main`` prints like any refusal (exit 2).
    ``add_subparsers`` makes every subparser of the same class, so the line names the
    subcommand whose arguments are wrong. ``--help`` is unchanged.
    """

    def error(self, message: str) -> NoReturn:
        """Raise the usage error instead of printing the usage and exiting."""
        raise UsageError(f"{self.prog}: error: {message}; see {self.prog} --help")


def run(handler: Handler, args: argparse.Namespace) -> int:
    """Run a command's handler under the exit-code rule.

    Refusals (:class:`CliError`, a broken domain rule, an unsafe configuration) and a
    database that cannot be used (told apart by :func:`app.db.errors.classify`: server
    unreachable, disk full, read-only, damaged, not set up) become one ``madoguchi: ...``
    line on stderr and exit code 2; anything else propagates (exit 1).
    """
    try:
        return handler(args)
    except (CliError, UnsafeConfiguration) as exc:
        return refuse(f"madoguchi: {exc}")
    except DomainError as exc:
        # A plain StorageUnavailable from the unit of work is made precise from its cause.
        return refuse(f"madoguchi: {classify(exc) or exc}")
    except (DBAPIError, sqlite3.Error) as exc:
        known = classify(exc)
        if known is None:
            raise  # not a storage problem we can name: a bug, keep the traceback
        return refuse(f"madoguchi: {known}")


def refuse(line: str, stderr: TextIO | None = None) -> int:
    """Print ``line`` as one line on stderr and return the refusal exit code (2).

    Control characters (a line break, ESC, NUL in an echoed value) are shown as ``?`` so
    the refusal stays one line and cannot drive the terminal; it is cut at
    :data:`MAX_LINE` characters.
    """
    print(one_line(line), file=stderr or sys.stderr)
    return EXIT_REFUSED


def one_line(text: str) -> str:
    """``text`` without control or format characters, at most :data:`MAX_LINE` long."""
    clean = "".join("?" if unicodedata.category(c) in ("Cc", "Cf") else c for c in text)
    return clean if len(clean) <= MAX_LINE else clean[: MAX_LINE - 1] + "…"


def print_json(data: object, *, indent: int | None = None, stdout: TextIO | None = None) -> None:
    """Print ``data`` as one JSON document (UTF-8 text, not ``\\u`` escapes) on stdout."""
    print(json.dumps(data, ensure_ascii=False, indent=indent), file=stdout or sys.stdout)


# ---------------------------------------------------------------- settings and container
def settings(args: argparse.Namespace) -> Settings:
    """The terminal's settings for these arguments (``--db``, ``--demo``) and environment."""
    return Settings.from_env(getattr(args, "db", None), demo=getattr(args, "demo", False))


def require_register(config: Settings) -> None:
    """Refuse a missing SQLite register (RegisterNotSetUp) instead of creating an empty one."""
    path = sqlite_file(config.db_url)
    if path is not None and not path.exists():
        raise RegisterNotSetUp(str(path))


@contextlib.contextmanager
def container(args: argparse.Namespace, *, create: bool = False) -> Iterator[bootstrap.Container]:
    """The composition root's container for these arguments, closed when the command ends.

    An SQLite register must already exist unless ``create`` (``db upgrade``): opening a
    missing file would leave an empty one behind and fail later with "no such table".
    """
    config = settings(args)
    if not create:
        require_register(config)
    try:
        built = bootstrap.build(config)
    except OSError as exc:  # the register's or the data folder cannot be created
        where = f" {exc.filename}" if exc.filename else ""
        raise CliError(
            f"cannot prepare{where} ({exc.strerror or type(exc).__name__}): "
            "check --db / MADOGUCHI_DB and MADOGUCHI_DATA_DIR"
        ) from None
    try:
        yield built
    finally:
        built.close()


# ---------------------------------------------------------------- stdin
def stdin_line(stream: TextIO | None = None) -> str:
    """The next line of stdin without its line end ("" when stdin has no more lines).

    Secrets (passwords, keys) come this way and never as arguments, where ``ps`` and the
    shell history would show them.
    """
    return (stream or sys.stdin).readline().rstrip("\r\n")


class StdinPin:
    """PinPrompt that hands over a PIN read once from stdin (as a bytearray)."""

    def __init__(self, stream: TextIO) -> None:
        self._stream = stream

    def ask_pin(self, kind: PinKind, tries_left: int | None) -> bytearray | None:
        """The first line of stdin, without its newline."""
        del kind, tries_left
        line = self._stream.readline()
        pin = bytearray(line.rstrip("\r\n").encode("utf-8"))
        del line
        return pin or None


# ---------------------------------------------------------------- signing in
@runtime_checkable
class PlaceableSensor(Protocol):
    """The simulated sensor's control: put a named finger of a person on it (training)."""

    def place(self, subject: str, finger: str) -> None:
        """Put ``subject``'s ``finger`` on the sensor for the next capture."""
        ...


@contextlib.contextmanager
def signed_in(
    box: bootstrap.Container,
    operator_id: str,
    *,
    password: str | None = None,
    finger: str | None = None,
) -> Iterator[OperatorSession]:
    """Sign ``operator_id`` in through the login service, as at the window, and out after.

    With ``password`` the password fallback is used, otherwise the fingerprint sensor (on the
    training terminal's simulated sensor ``finger`` names the finger put on it). The terminal
    must be registered and lockout, revocation and validity apply; the login and the logout
    are logged like the window's.
    """
    terminal_id = box.settings.terminal_id
    if password is not None:
        session = box.auth.login_password(operator_id, password, terminal_id)
    else:
        device = box.biometric
        if finger and isinstance(device, PlaceableSensor):
            device.place(operator_id, finger)  # training: the simulated finger of the operator
        session = box.auth.login_biometric(operator_id, terminal_id)
    try:
        yield session
    finally:
        box.auth.logout(session, reason="cli")
