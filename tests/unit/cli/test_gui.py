"""``madoguchi gui`` outside training on a register that does not exist: one line, no file."""

from __future__ import annotations

from pathlib import Path

import pytest

from cli.main import main


def test_the_window_refuses_a_missing_register_without_creating_it(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("MADOGUCHI_DATA_DIR", str(tmp_path / "data"))
    missing = tmp_path / "nowhere" / "register.sqlite3"

    code = main(["--db", f"sqlite:///{missing}", "gui"])

    err = capsys.readouterr().err
    assert code == 2
    assert err.count("\n") == 1
    assert "madoguchi db upgrade" in err
    assert "Traceback" not in err
    assert not missing.parent.exists()
