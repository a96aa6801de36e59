"""The big name on a 縦書き card: its columns found, cut into glyphs and laid out as a row.

jpn_vert reads a column of big bold glyphs poorly or not at all, while the horizontal model
reads the same glyphs set side by side well; this module does the geometry of that.
"""

from __future__ import annotations

import itertools

import numpy as np
import numpy.typing as npt

from handover.reader import components
from handover.reader.types import Box, Word

GrayImage = npt.NDArray[np.uint8]


def name_columns(ink: npt.NDArray[np.uint8], glyphs: list[Box]) -> list[tuple[Box, tuple[Box, ...]]]:
    """Columns of the biggest glyphs on a 縦書き card, each cut into its glyphs top to bottom.

    Only glyphs in a column of two or more make a name; a lone big one is a logo or an
    organisation's first character. Close-set big glyphs blur into one tall blob, which the
    glyph finder may miss, so each column is walked along the ink in its own width.
    """
    # Any big glyph may start a column: touching glyphs of a name blur into one blob too tall
    # for the glyph finder, and the column is then found by walking on from the glyph beside it.
    seeds = large_columns(glyphs) + glyphs
    cut_columns: list[tuple[Box, tuple[Box, ...]]] = []
    for seed in seeds:
        cut = _cut_glyphs(ink[:, seed.x : seed.right], seed)
        if len(cut) >= 2:
            box = cut[0]
            for b in cut[1:]:
                box = box.union(b)
            cut_columns.append((box, tuple(cut)))
    if not cut_columns:
        return []
    widest = max(box.w for box, _ in cut_columns)
    found: list[tuple[Box, tuple[Box, ...]]] = []
    for column in sorted(cut_columns, key=lambda c: (-c[0].w, -c[0].h)):
        # A column much narrower than the name (a larger organisation line) is no name.
        if column[0].w >= 0.75 * widest and not any(_overlaps(column[0], other) for other, _ in found):
            found.append(column)
    return found


def _overlaps(a: Box, b: Box) -> bool:
    return min(a.right, b.right) > max(a.x, b.x) and min(a.bottom, b.bottom) > max(a.y, b.y)


def _cut_glyphs(strip: npt.NDArray[np.uint8], seed: Box) -> list[Box]:
    """Glyph boxes down a column of big glyphs, from the ink rows of its own width."""
    w = seed.w
    rows = strip.sum(axis=1) > 0
    first = np.where(rows, strip.argmax(axis=1), 0)
    last = np.where(rows, strip.shape[1] - 1 - strip[:, ::-1].argmax(axis=1), 0)
    # Rows whose ink spans at least half the column: big glyphs, not small text in line with it.
    wide = rows & (last - first >= 0.5 * w)
    top, bottom = seed.y, seed.bottom
    while top > 0 and wide[max(0, top - w) : top].any():  # walk on through gaps under one glyph
        top = max(0, top - w) + int(np.flatnonzero(wide[max(0, top - w) : top])[0])
    while bottom < len(rows) and wide[bottom : bottom + w].any():
        bottom = bottom + int(np.flatnonzero(wide[bottom : bottom + w])[-1]) + 1
    pieces = [(top + a, top + b) for a, b in components.runs(rows[top:bottom], join=max(2, round(0.08 * w)))]
    merged: list[list[int]] = []
    for y0, y1 in pieces:
        # Parts of one glyph (二, 三, a radical) join while together they stay about square.
        if merged and y1 - merged[-1][0] <= 1.15 * w:
            merged[-1][1] = y1
        else:
            merged.append([y0, y1])
    ink_rows = strip.sum(axis=1)
    boxes = []
    for y0, y1 in merged:
        # Touching glyphs: cut near each glyph-sized step, at the row with the least ink.
        n = max(1, round((y1 - y0) / w))
        cuts = [y0]
        for i in range(1, n):
            c = y0 + (y1 - y0) * i // n
            lo, hi = max(cuts[-1] + 1, c - w // 3), min(y1 - 1, c + w // 3)
            cuts.append(lo + int(np.argmin(ink_rows[lo:hi])) if hi > lo else c)
        cuts.append(y1)
        boxes += [Box(seed.x, a, w, b - a) for a, b in itertools.pairwise(cuts) if b - a >= 0.4 * w]
        if y1 - y0 < 0.4 * w and (last[y0:y1] - first[y0:y1]).max() >= 0.6 * w:
            # A flat glyph (一, ー) is a thin stroke in the middle of its square cell.
            boxes.append(Box(seed.x, (y0 + y1) // 2 - w // 2, w, w))
    return _no_overlap(boxes)


def _no_overlap(boxes: list[Box]) -> list[Box]:
    """Glyph boxes down a column, each trimmed to end where the next one starts."""
    out: list[Box] = []
    for b in sorted(boxes, key=lambda b: b.y):
        top = max(b.y, out[-1].bottom) if out else max(0, b.y)
        if b.bottom - top > 0:
            out.append(Box(b.x, top, b.w, b.bottom - top))
    return out


def large_columns(boxes: list[Box]) -> list[Box]:
    """Big glyphs one above the other merged into columns (a vertically printed name); two or more."""
    columns: list[list[Box]] = []
    for b in sorted(boxes, key=lambda b: b.y):
        for column in columns:
            last = column[-1]
            overlap = min(last.right, b.right) - max(last.x, b.x)
            gap = b.y - last.bottom
            # Stacked, not nested (the parts of a logo sit inside one another).
            if overlap > 0.5 * min(last.w, b.w) and -0.25 * min(last.h, b.h) < gap < 2.5 * max(last.w, b.w):
                column.append(b)
                break
        else:
            columns.append([b])
    merged = []
    for column in columns:
        if len(column) >= 2:
            box = column[0]
            for b in column[1:]:
                box = box.union(b)
            merged.append(box)
    return merged


def column_as_row(gray: GrayImage, column: Box, glyphs: list[Box]) -> tuple[GrayImage, list[tuple[int, int]]]:
    """The glyphs of a vertical column set side by side, with the gaps they had; and each one's span."""
    size = max(b.h for b in glyphs)
    parts: list[GrayImage] = []
    slots: list[tuple[int, int]] = []
    x = 0
    for i, b in enumerate(glyphs):
        if i:
            # The gap as printed: a wide one is the space between family and given name.
            gap = max(round(0.1 * size), b.y - glyphs[i - 1].bottom)
            parts.append(np.full((size, gap), 255, np.uint8))
            x += gap
        glyph = np.full((size, column.w), 255, np.uint8)
        top = (size - b.h) // 2
        glyph[top : top + b.h] = gray[b.y : b.bottom, column.x : column.right]
        parts.append(glyph)
        slots.append((x, x + column.w))
        x += column.w
    return np.asarray(np.hstack(parts), np.uint8), slots


def back_to_column(word: Word, slots: list[tuple[int, int]], glyphs: list[Box]) -> Word | None:
    """A word read in column_as_row's row, with the box of the glyphs it covers on the card."""
    covered = [
        g for (x0, x1), g in zip(slots, glyphs, strict=True) if word.box.x < x1 and x0 < word.box.right
    ]
    if not covered:
        return None
    box = covered[0]
    for g in covered[1:]:
        box = box.union(g)
    return Word(word.text, box, word.conf, vertical=True)
