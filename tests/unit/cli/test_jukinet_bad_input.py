"""`madoguchi jukinet receive-move-out` given something not 転出証明書情報, or certificates that
break a rule (control characters, impossible dates, a reused message id): one line, exit 2."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from sqlalchemy import func, select

from app import bootstrap
from app.config import Settings
from app.db.models.movein import InboxMoveOut
from app.jukinet.messages import MoveOutCertificate
from cli.main import main
from tests.support.movein import certificate


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


def _document(tmp_path: Path, *certificates: MoveOutCertificate) -> str:
    file = tmp_path / "move_out.json"
    file.write_text(json.dumps([c.to_dict() for c in certificates], ensure_ascii=False), "utf-8")
    return str(file)


@pytest.mark.parametrize(
    ("changes", "says"),
    [
        ({"name_kanji": "試験\x1b[2J太郎"}, "氏名: contains control characters or line breaks"),
        (
            {"name_kana": "シケン\u202eタロウ"},
            "氏名カナ: contains invisible format characters (bidi or zero-width)",
        ),
        ({"former_address": "福島県\x00福島市"}, "転出前住所: contains a NUL character"),
        ({"date_of_birth": dt.date(1700, 1, 1)}, "生年月日: before 1868-01-25 (明治元年)"),
        ({"date_of_birth": dt.date(2199, 1, 1)}, "生年月日: lies in the future"),
        (
            {"date_of_birth": dt.date(2026, 3, 29)},
            "転出予定年月日: before the date of birth",
        ),
    ],
    ids=["esc-in-name", "rlo-in-kana", "nul-in-address", "born-1700", "born-2199", "before-birth"],
)
def test_a_certificate_that_breaks_a_rule_is_refused_in_one_line_and_nothing_stored(
    db: str,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    changes: dict[str, object],
    says: str,
) -> None:
    file = _document(tmp_path, certificate(**changes))
    line = _refused(capsys, ["--db", db, "jukinet", "receive-move-out", file])
    assert line == f"madoguchi: {says}"
    assert "試験" not in line and "\x1b" not in line and "\u202e" not in line
    assert main(["--db", db, "jukinet", "outbox", "--json"]) == 0
    assert _stored(db) == 0


def test_in_a_document_of_several_the_line_says_which_and_none_is_stored(
    db: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    file = _document(
        tmp_path,
        certificate(),
        certificate(message_id="m-0002", date_of_birth=dt.date(1700, 1, 1)),
    )
    line = _refused(capsys, ["--db", db, "jukinet", "receive-move-out", file])
    assert line == "madoguchi: 転出証明書情報 2件目の生年月日: before 1868-01-25 (明治元年)"
    assert _stored(db) == 0


def test_a_reused_message_id_is_refused_in_one_line_the_others_are_received(
    db: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert (
        main(["--db", db, "jukinet", "receive-move-out", _document(tmp_path, certificate())]) == 0
    )
    capsys.readouterr()
    other = certificate(resident_code="12345678906", my_number=None, name_kanji="別人　花子")
    file = _document(tmp_path, other, certificate(message_id="m-0002"), certificate())
    assert main(["--db", db, "jukinet", "receive-move-out", file]) == 2
    captured = capsys.readouterr()
    assert captured.out == "1 received, 1 already in the inbox, 1 refused\n"
    assert captured.err == (
        "madoguchi: メッセージID m-0001: already received with other content: refused and "
        "logged (ask the sender for a new message id)\n"
    )
    assert "別人" not in captured.err
    assert _stored(db) == 2


def _stored(url: str) -> int:
    container = bootstrap.build(Settings.from_env(url))
    try:
        with container.uow.begin() as session:
            return session.scalar(select(func.count()).select_from(InboxMoveOut)) or 0
    finally:
        container.close()
