"""Merge the Japanese texts of resources/translations/ja.tsv into the Qt .ts file.

The TSV (context, English source, Japanese) is the reviewed list of Japanese texts; the .ts
file is regenerated from the code by pyside6-lupdate and then filled from the TSV, so a
string added in ui/ without a Japanese text shows up as "unfinished" (and fails a test).

usage: python packaging/i18n.py TS_FILE TSV_FILE   -> prints the number of unfinished texts
"""

from __future__ import annotations

import csv
import sys
import xml.etree.ElementTree as ET
from pathlib import Path


def load_tsv(path: Path) -> dict[tuple[str, str], str]:
    """(context, source) -> Japanese text."""
    with path.open(encoding="utf-8", newline="") as handle:
        rows = csv.reader(handle, delimiter="\t", quoting=csv.QUOTE_NONE)
        return {(r[0], r[1]): r[2] for r in rows if len(r) >= 3 and not r[0].startswith("#")}


def fill(ts_path: Path, texts: dict[tuple[str, str], str]) -> list[tuple[str, str]]:
    """Fill ``ts_path`` in place; return the (context, source) pairs still untranslated."""
    tree = ET.parse(ts_path)  # noqa: S314 - our own generated .ts file
    missing: list[tuple[str, str]] = []
    for context in tree.getroot().iter("context"):
        name = context.findtext("name", "")
        for message in context.iter("message"):
            source = message.findtext("source", "")
            translation = message.find("translation")
            if translation is None:
                translation = ET.SubElement(message, "translation")
            text = texts.get((name, source))
            if translation.get("type") == "obsolete" or translation.get("type") == "vanished":
                continue
            if text:
                translation.text = text
                translation.attrib.pop("type", None)
            else:
                translation.set("type", "unfinished")
                missing.append((name, source))
    tree.write(ts_path, encoding="utf-8", xml_declaration=True)
    return missing


def main(argv: list[str]) -> int:
    """Fill the .ts from the TSV and report what is missing."""
    missing = fill(Path(argv[1]), load_tsv(Path(argv[2])))
    for context, source in missing:
        print(f"untranslated: {context}\t{source}", file=sys.stderr)
    print(len(missing))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
