"""Scoring card readings against a truth file (sample_cards/truth.json or any set laid out alike)."""

from __future__ import annotations

import unicodedata
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from handover.reader.types import FIELD_NAMES


def canonical(value: object) -> str | None:
    """The form values are compared in: NFKC, outer spaces trimmed, runs of spaces folded."""
    if value is None:
        return None
    text = " ".join(unicodedata.normalize("NFKC", str(value)).split())
    return text or None


@dataclass
class Tally:
    """Counts for one group (a field, a category, or everything)."""

    tp: int = 0
    fp: int = 0
    fn: int = 0
    right: int = 0
    total: int = 0

    def add(self, truth: str | None, found: str | None) -> None:
        """Count one field of one card."""
        self.total += 1
        if truth == found:
            self.right += 1
            if truth is not None:
                self.tp += 1
            return
        if truth is not None:
            self.fn += 1
        if found is not None:
            self.fp += 1

    @property
    def f1(self) -> float:
        """Micro-F1 over the fields counted."""
        denominator = 2 * self.tp + self.fp + self.fn
        return 1.0 if denominator == 0 else 2 * self.tp / denominator

    @property
    def accuracy(self) -> float:
        """Share of fields exactly right (absent fields included)."""
        return self.right / self.total if self.total else 1.0


@dataclass
class Score:
    """Tallies overall, per field, and per group of cards."""

    overall: Tally = field(default_factory=Tally)
    by_field: dict[str, Tally] = field(default_factory=lambda: defaultdict(Tally))
    by_group: dict[str, Tally] = field(default_factory=lambda: defaultdict(Tally))
    cards_missing: int = 0
    cards: int = 0

    def add_card(
        self, truth: Mapping[str, object], found: Mapping[str, object] | None, groups: Iterable[str]
    ) -> None:
        """Score one truth card against what the reader found for it (None: no card found)."""
        self.cards += 1
        if found is None:
            self.cards_missing += 1
        group_list = list(groups)
        for name in FIELD_NAMES:
            t = canonical(truth.get(name))
            f = canonical(found.get(name)) if found is not None else None
            self.overall.add(t, f)
            self.by_field[name].add(t, f)
            for g in group_list:
                self.by_group[g].add(t, f)


def groups_of(entry: Mapping[str, object], card: Mapping[str, object]) -> list[str]:
    """The groups a truth card is reported under: its category, and vertical when it is."""
    groups = [f"category:{entry.get('category')}"]
    if card.get("vertical"):
        groups.append("vertical")
    if card.get("side") == "back":
        groups.append("back side")
    return groups
