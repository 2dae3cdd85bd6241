"""Reading the demo's hand-written TSV lists (resources/demo/) and drawing from them by weight."""

from __future__ import annotations

import random
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Generic, TypeVar

T = TypeVar("T")

RESOURCE_DIR = Path(__file__).resolve().parents[2] / "resources" / "demo"


def read_tsv(name: str) -> Iterator[list[str]]:
    """The data rows of ``resources/demo/<name>``: tab-split, comments and blank lines skipped."""
    path = RESOURCE_DIR / name
    with path.open(encoding="utf-8") as handle:
        for line in handle:
            stripped = line.rstrip("\n")
            if not stripped or stripped.startswith("#"):
                continue
            yield stripped.split("\t")


class WeightedTable(Generic[T]):
    """Items drawn in proportion to integer weights with one index into an expanded list.

    Expanding the weights once makes a draw a single ``random()`` call and a list index,
    which matters when a million people are drawn (``Random.choices`` is several times slower).
    """

    def __init__(self, items: Sequence[T], weights: Sequence[int]) -> None:
        if len(items) != len(weights) or not items:
            raise ValueError("items and weights must be non-empty and of equal length")
        expanded: list[T] = []
        for item, weight in zip(items, weights, strict=True):
            if weight < 0:
                raise ValueError("weights must not be negative")
            expanded.extend([item] * weight)
        if not expanded:
            raise ValueError("weights must not all be zero")
        self._expanded = expanded
        self._size = len(expanded)
        self.items: tuple[T, ...] = tuple(items)

    def draw(self, rng: random.Random) -> T:
        """One item, with probability proportional to its weight."""
        return self._expanded[int(rng.random() * self._size)]
