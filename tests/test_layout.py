"""A module's tests are found from its path (docs/ARCHITECTURE.md, "Tests are found ...").

``tests/unit/<pkg>/test_<module>[_<aspect>].py`` tests ``app/<pkg>/<module>.py`` (or the
package ``app/<pkg>/<module>/``); ``tests/unit/hardware/...`` and ``tests/unit/cli/...`` test
``hardware/...`` and ``cli/...``; ``tests/ui/...`` tests ``ui/...``; ``tests/bench/`` tests
``bench/``. ``tests/integration/`` runs whole flows and is named after them.
"""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
TESTS = ROOT / "tests"


def source_folder(test_file: Path) -> Path:
    """The source folder whose modules ``test_file`` may test."""
    tier, *parts = test_file.relative_to(TESTS).parent.parts
    if tier == "unit":
        if parts and parts[0] in {"hardware", "cli"}:
            return ROOT.joinpath(*parts)
        return ROOT.joinpath("app", *parts)
    if tier == "ui":
        return ROOT.joinpath("ui", *parts)
    if tier == "bench":
        return ROOT.joinpath("bench", *parts)
    raise ValueError(f"no source tier for {test_file}")


def module_under_test(test_file: Path) -> Path | None:
    """The module or package ``test_file`` tests, or None when there is none."""
    name = test_file.stem.removeprefix("test_")
    folder = source_folder(test_file)
    words = name.split("_")
    # The longest module name that the test's name starts with, at a word boundary.
    for end in range(len(words), 0, -1):
        module = "_".join(words[:end])
        for candidate in (folder / f"{module}.py", folder / module / "__init__.py"):
            if candidate.is_file():
                return candidate
    return None


def mirrored_test_modules() -> list[Path]:
    """Every test module of the tiers that mirror the source tree."""
    found: list[Path] = []
    for tier in ("unit", "ui", "bench"):
        found.extend(sorted((TESTS / tier).rglob("test_*.py")))
    return found


@pytest.mark.parametrize(
    "test_file", mirrored_test_modules(), ids=lambda p: str(p.relative_to(TESTS))
)
def test_every_test_module_names_the_module_it_tests(test_file: Path) -> None:
    folder = source_folder(test_file).relative_to(ROOT)
    assert module_under_test(test_file) is not None, (
        f"{test_file.relative_to(ROOT)} tests no module of {folder}/:"
        " name it test_<module>[_<aspect>].py after the module it tests"
    )


def test_the_rule_rejects_a_misplaced_test() -> None:
    assert module_under_test(TESTS / "unit" / "services" / "test_no_such_service.py") is None
    assert module_under_test(TESTS / "unit" / "domain" / "test_search_keys_kana.py") == (
        ROOT / "app" / "domain" / "search_keys.py"
    )
