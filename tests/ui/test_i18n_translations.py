"""Every user-visible text in ui/ has a Japanese translation (Japanese is the primary language)."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication

ROOT = Path(__file__).resolve().parents[2]
TSV = ROOT / "resources" / "translations" / "ja.tsv"


def test_every_ui_text_has_a_japanese_translation(tmp_path: Path) -> None:
    lupdate = Path(sys.executable).parent / "pyside6-lupdate"
    if not lupdate.exists():
        found = shutil.which("pyside6-lupdate")
        if found is None:
            pytest.fail("pyside6-lupdate is missing (it comes with PySide6)")
        lupdate = Path(found)
    sources = sorted(str(p.relative_to(ROOT)) for p in (ROOT / "ui").rglob("*.py"))
    ts = tmp_path / "check_ja.ts"
    subprocess.run(
        [str(lupdate), "-silent", "-no-obsolete", *sources, "-ts", str(ts)],
        cwd=ROOT,
        check=True,
        timeout=120,
    )
    sys.path.insert(0, str(ROOT / "packaging"))
    try:
        import i18n
    finally:
        sys.path.pop(0)
    missing = i18n.fill(ts, i18n.load_tsv(TSV))
    assert missing == [], f"UI texts without Japanese (add them to {TSV.name}): {missing[:10]}"
    assert ts.read_text(encoding="utf-8").count("<message") > 100


def test_the_compiled_translation_is_loaded_by_default(qapp: QApplication) -> None:
    from PySide6.QtCore import QCoreApplication

    from ui.i18n import install_translator

    app = qapp
    translators = install_translator(app, "ja")
    try:
        assert QCoreApplication.translate("MainWindow", "Training mode") == "研修モード"
    finally:
        for translator in translators:
            app.removeTranslator(translator)


def test_standard_dialog_buttons_are_japanese_too(qapp: QApplication) -> None:
    from PySide6.QtCore import QCoreApplication

    from ui.i18n import install_translator

    app = qapp
    translators = install_translator(app, "ja")
    try:
        assert QCoreApplication.translate("QPlatformTheme", "Cancel") == "キャンセル"
    finally:
        for translator in translators:
            app.removeTranslator(translator)
    assert QCoreApplication.translate("QPlatformTheme", "Cancel") == "Cancel"
