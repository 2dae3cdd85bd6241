"""A runner of ``madoguchi`` for the command-line tests: one database, stdin lines, output kept."""

from __future__ import annotations

import io

import pytest

from app import bootstrap
from app.config import Settings
from cli.main import main


class Cli:
    """Runs ``madoguchi --db URL ...`` with the given stdin lines; keeps ``out`` and ``err``."""

    def __init__(
        self, url: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
    ) -> None:
        self.url = url
        self._monkeypatch = monkeypatch
        self._capsys = capsys
        self.out = ""
        self.err = ""

    def __call__(self, *args: str, stdin: tuple[str, ...] = ()) -> int:
        self._monkeypatch.setattr("sys.stdin", io.StringIO("".join(f"{s}\n" for s in stdin)))
        self._capsys.readouterr()
        code = main(["--db", self.url, *args])
        captured = self._capsys.readouterr()
        self.out, self.err = captured.out, captured.err
        return code

    def container(self) -> bootstrap.Container:
        """A container on the same database, to look at what the command wrote."""
        return bootstrap.build(Settings.from_env(self.url))
