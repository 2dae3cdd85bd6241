"""`madoguchi jukinet receive-move-out` given something not 転出証明書情報: one line, exit 2."""

from __future__ import annotations

from pathlib import Path

import pytest

from cli.main import main


@pytest.fixture
def db(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    monkeypatch.setenv("MADOGUCHI_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("MADOGUCHI_ALLOW_PLAINTEXT_SECRETS", "1")
    url = f"sqlite:///{tmp_path / 'gateway.sqlite3'}"
    assert main(["--db", url, "db", "upgrade"]) == 0
    return url


def _refused(capsys: pytest.CaptureFixture[str], argv: list[str]) -> str:
    """Run ``argv``; assert exit 2 and exactly one line on stderr; return that line."""
    capsys.readouterr()
    assert main(argv) == 2
    captured = capsys.readouterr()
    assert "Traceback" not in captured.err
    assert captured.err.count("\n") == 1 and captured.err.endswith("\n")
    assert captured.out == ""
    return captured.err.strip()


@pytest.mark.parametrize(
    ("content", "says"),
    [
        (b'\xff\xfe{"message_id": 1}', "not UTF-8 text"),
        (b"[1, 2]", "each certificate must be a JSON object"),
        (b'"text"', "each certificate must be a JSON object"),
        (b"[[{}]]", "each certificate must be a JSON object"),
        (b"[" * 100_000, "JSON nested too deeply"),
        (b'{"message_id": ', "not a readable JSON file (line 1, column 16)"),
        (b"[]", "no certificate in the document"),
    ],
    ids=["invalid-utf8", "array-of-numbers", "string", "nested-list", "deep", "cut", "empty"],
)
def test_a_file_that_is_not_a_document_is_refused_in_one_line(
    db: str, tmp_path: Path, capsys: pytest.CaptureFixture[str], content: bytes, says: str
) -> None:
    file = tmp_path / "move_out.json"
    file.write_bytes(content)
    line = _refused(capsys, ["--db", db, "jukinet", "receive-move-out", str(file)])
    assert line == f"madoguchi: 転出証明書情報: {says}"


def test_a_missing_file_is_refused_in_one_line(
    db: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    missing = tmp_path / "missing.json"
    line = _refused(capsys, ["--db", db, "jukinet", "receive-move-out", str(missing)])
    assert line == f"madoguchi: {missing}: cannot read the file (No such file or directory)"


def test_a_folder_instead_of_a_file_is_refused_in_one_line(
    db: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    line = _refused(capsys, ["--db", db, "jukinet", "receive-move-out", str(tmp_path)])
    assert line == f"madoguchi: {tmp_path}: cannot read the file (Is a directory)"
