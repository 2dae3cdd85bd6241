"""Qt translations: Japanese first (the counter's language), English when asked for."""

from __future__ import annotations

import os
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QTranslator

TRANSLATIONS_DIR = Path(__file__).resolve().parent.parent / "resources" / "translations"
LANG_ENV = "MADOGUCHI_LANG"


def install_translator(app: QCoreApplication, language: str | None = None) -> QTranslator | None:
    """Install the translator for ``language`` (default: MADOGUCHI_LANG, else Japanese).

    Source strings are English; Japanese comes from resources/translations/madoguchi_ja.qm,
    compiled from the .ts file by the set-up scripts (./dev).
    """
    language = language or os.environ.get(LANG_ENV, "ja")
    if language.startswith("en"):
        return None
    translator = QTranslator(app)
    qm = TRANSLATIONS_DIR / f"madoguchi_{language}.qm"
    if not translator.load(str(qm)):
        raise FileNotFoundError(
            f"translation {qm.name} is missing: run ./dev build-translations (or ./dev demo)"
        )
    app.installTranslator(translator)
    return translator
