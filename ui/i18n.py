"""Qt translations: Japanese first (the counter's language), English when asked for."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QTranslator

TRANSLATIONS_DIR = Path(__file__).resolve().parent.parent / "resources" / "translations"


def install_translator(app: QCoreApplication, language: str) -> list[QTranslator]:
    """Install the translators for ``language`` (``Settings.language``: "ja" or "en").

    Source strings are English; Japanese comes from resources/translations/madoguchi_ja.qm,
    compiled from the .ts file by the set-up scripts (./dev).
    """
    if language.startswith("en"):
        return []
    translator = QTranslator(app)
    qm = TRANSLATIONS_DIR / f"madoguchi_{language}.qm"
    if not translator.load(str(qm)):
        raise FileNotFoundError(
            f"translation {qm.name} is missing: run ./dev build-translations (or ./dev demo)"
        )
    app.installTranslator(translator)
    # Qt's own texts (OK, Cancel, Yes, No in standard dialogs) come with PySide6.
    qt_texts = QTranslator(app)
    qt_dir = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    if not qt_texts.load(f"qtbase_{language}", qt_dir):
        return [translator]
    app.installTranslator(qt_texts)
    return [translator, qt_texts]
