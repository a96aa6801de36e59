"""The working state of one card while the field parser reads it, shared by its steps."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from handover.reader.types import Box, FieldValue, Line


@dataclass
class CardState:
    """Lines of one card, which of them are used up, and the fields found so far."""

    lines: Sequence[Line]
    texts: list[str]
    used: set[int] = field(default_factory=set)
    out: dict[str, FieldValue | None] = field(default_factory=dict)

    def put(self, name: str, value: str | None, confidence: float, box: Box | None) -> None:
        """Set a field unless an earlier, surer rule already did."""
        if value and self.out.get(name) is None:
            self.out[name] = FieldValue(value, round(max(0.0, min(1.0, confidence)), 3), box)


def next_to(first: Line, second: Line) -> bool:
    """True when `second` is printed right after `first`: on the next line (column), or further on
    the same line (column) where a layout step cut one printed line in pieces."""
    a, b, size = first.box, second.box, max(first.size, second.size, 1.0)
    if first.vertical:
        same_column = abs(b.x - a.x) < 0.6 * size and -0.5 * size <= b.y - a.bottom < 4 * size
        return same_column or (abs(b.y - a.y) < 4 * size and -size < a.x - b.right < 2.5 * size)
    same_row = abs(b.y - a.y) < 0.6 * size and -0.5 * size <= b.x - a.right < 4 * size
    return same_row or (-size < b.y - a.bottom < 2.5 * size and abs(b.x - a.x) < 8 * size)


def union(boxes: list[Box]) -> Box | None:
    """The smallest box around all the boxes (None for none)."""
    if not boxes:
        return None
    out = boxes[0]
    for box in boxes[1:]:
        out = out.union(box)
    return out
