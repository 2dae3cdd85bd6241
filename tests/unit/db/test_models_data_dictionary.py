"""resources/data_dictionary.csv maps every seed record item to a real table.column."""

from __future__ import annotations

import csv
import re
from collections import Counter
from pathlib import Path

import pytest

import app.db.models  # noqa: F401  (fills Base.metadata)
from app.db.base import Base

REPO_ROOT = Path(__file__).resolve().parents[3]
DICTIONARY = REPO_ROOT / "resources" / "data_dictionary.csv"
SEED_DIGEST = REPO_ROOT.parent / "shared" / "docs" / "SEED_DIGEST.md"
EXPECTED_COUNTS = {1: 182, 2: 36, 3: 61}
SECTIONS = {1: "### 4.1", 2: "### 4.2", 3: "### 4.3"}
ROW = re.compile(r"^\| (\d+) \| ([^|]+) \|")


def _dictionary_rows() -> list[dict[str, str]]:
    with DICTIONARY.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def _digest_items(file_no: int) -> dict[int, str]:
    """Item number → Japanese name, from the digest's §4.x table for ``file_no``."""
    text = SEED_DIGEST.read_text(encoding="utf-8")
    lines = text[text.index(SECTIONS[file_no]) :].splitlines()[1:]
    items: dict[int, str] = {}
    for line in lines:
        if line.startswith("#"):
            break
        match = ROW.match(line)
        if match:
            items[int(match[1])] = match[2].strip()
    return items


def test_header_is_the_agreed_one() -> None:
    with DICTIONARY.open(encoding="utf-8", newline="") as fh:
        header = next(csv.reader(fh))
    assert header == ["file", "item_no", "japanese_name", "english_name", "table_column"]


def test_every_item_appears_exactly_once() -> None:
    rows = _dictionary_rows()
    keys = Counter((int(r["file"]), int(r["item_no"])) for r in rows)
    duplicated = sorted(k for k, n in keys.items() if n > 1)
    assert duplicated == []
    for file_no, count in EXPECTED_COUNTS.items():
        present = sorted(item for f, item in keys if f == file_no)
        assert present == list(range(1, count + 1)), f"file {file_no}"
    assert len(rows) == sum(EXPECTED_COUNTS.values())


def test_every_item_has_an_english_name() -> None:
    assert all(r["english_name"].strip() for r in _dictionary_rows())


def test_every_table_column_exists_in_the_metadata() -> None:
    missing = []
    for row in _dictionary_rows():
        table_name, _, column_name = row["table_column"].partition(".")
        table = Base.metadata.tables.get(table_name)
        if table is None or column_name not in table.columns:
            missing.append((row["file"], row["item_no"], row["table_column"]))
    assert missing == []


def test_no_two_items_share_a_column() -> None:
    counts = Counter(r["table_column"] for r in _dictionary_rows())
    assert [c for c, n in counts.items() if n > 1] == []


def test_removed_counter_fields_are_not_reintroduced() -> None:
    """SEED_DIGEST §7.1: the 24 カウンタ fields and the 備考 fields were deleted in 令和7."""
    rows = _dictionary_rows()
    assert not [r for r in rows if "カウンタ" in r["japanese_name"] or "備考" in r["japanese_name"]]
    columns = [c.name for t in Base.metadata.tables.values() for c in t.columns]
    assert not [c for c in columns if "counter" in c or "remark" in c]


@pytest.mark.parametrize("file_no", [1, 2, 3])
def test_japanese_names_match_the_seed_digest(file_no: int) -> None:
    if not SEED_DIGEST.exists():
        pytest.skip(f"seed digest not beside the repository ({SEED_DIGEST})")
    expected = _digest_items(file_no)
    assert len(expected) == EXPECTED_COUNTS[file_no]
    actual = {
        int(r["item_no"]): r["japanese_name"]
        for r in _dictionary_rows()
        if int(r["file"]) == file_no
    }
    assert actual == expected


def test_identity_item_tuple_follows_the_dictionary() -> None:
    """The service's R-32 whitelist is the dictionary's file (2) column list, in item order."""
    from app.db.models.identity import IDENTITY_ITEMS

    rows = sorted(
        (int(r["item_no"]), r["table_column"]) for r in _dictionary_rows() if r["file"] == "2"
    )
    assert [f"identity_records.{c}" for c in IDENTITY_ITEMS] == [col for _, col in rows]
