"""The directory checkpoint store: add-only, owner-only, and one clear error when it fails."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from app.audit import CheckpointUnavailable, DirectoryCheckpointStore


def test_entries_are_added_owner_only_whatever_the_umask(tmp_path: Path) -> None:
    store = DirectoryCheckpointStore(tmp_path / "deep" / "cp")
    old = os.umask(0)
    try:
        where = store.add("abc-1.json", b"{}")
    finally:
        os.umask(old)
    assert Path(where).stat().st_mode & 0o777 == 0o600
    assert store.directory.stat().st_mode & 0o777 == 0o700
    assert list(store.entries("abc")) == [("abc-1.json", b"{}")]
    assert list(store.entries("zzz")) == []


def test_an_entry_is_never_replaced(tmp_path: Path) -> None:
    store = DirectoryCheckpointStore(tmp_path)
    store.add("a.json", b"first")
    with pytest.raises(CheckpointUnavailable) as refused:
        store.add("a.json", b"second")
    assert refused.value.errno_name == "EEXIST"
    assert (tmp_path / "a.json").read_bytes() == b"first"


def test_a_store_that_cannot_be_written_says_why(tmp_path: Path) -> None:
    blocked = tmp_path / "file-not-dir"
    blocked.write_text("")
    store = DirectoryCheckpointStore(blocked / "cp")
    with pytest.raises(CheckpointUnavailable) as refused:
        store.add("a.json", b"{}")
    assert refused.value.errno_name in {"ENOTDIR", "EEXIST"}
    assert "a.json" not in str(refused.value)


def test_a_missing_directory_has_no_entries(tmp_path: Path) -> None:
    assert list(DirectoryCheckpointStore(tmp_path / "none").entries("")) == []


def test_names_with_a_path_are_refused(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="plain file name"):
        DirectoryCheckpointStore(tmp_path).add("../escape.json", b"{}")
