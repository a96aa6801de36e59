"""A thin 縦書き column read as a row: its glyphs cut apart and set side by side.

jpn_vert now and then returns nothing at all for a short clean column of Mincho glyphs (a
department, a title "課長"), even alone on a padded crop, while the horizontal model reads the
same glyphs set side by side well. Glyphs down a column are parted by white rows; a Mincho
kanji has white rows inside it too (三, 課), so pieces much shorter than the column is wide
are joined to a neighbour while the glyph stays about square.
"""

from __future__ import annotations

import cv2
import numpy as np
import numpy.typing as npt

from handover.reader import components
from handover.reader.columns import back_to_column, column_as_row
from handover.reader.ocr import recognize, with_margin
from handover.reader.settings import ReaderSettings
from handover.reader.types import Box, Word

GrayImage = npt.NDArray[np.uint8]

_PAD = 12  # px of white around the row: Tesseract reads glyphs touching the edge poorly
_SHORT = 0.6  # a piece shorter than this share of the column's width is part of a glyph
_SQUARE = 1.15  # joined pieces stay within this share of the width: one glyph, about square


def cut_column(ink: npt.NDArray[np.bool_]) -> list[tuple[int, int]]:
    """Spans (top, bottom) of the glyphs down a column's ink, white rows between them."""
    width = ink.shape[1]
    pieces = [[a, b] for a, b in components.runs(ink.any(axis=1))]
    while len(pieces) > 1:
        short = [i for i, (a, b) in enumerate(pieces) if b - a < _SHORT * width]
        joined = False
        for i in sorted(short, key=lambda i: pieces[i][1] - pieces[i][0]):
            # With the nearer neighbour first, if together they stay one glyph's size.
            neighbours = [j for j in (i - 1, i + 1) if 0 <= j < len(pieces)]
            neighbours.sort(key=lambda j: pieces[max(i, j)][0] - pieces[min(i, j)][1])
            for j in neighbours:
                a, b = min(i, j), max(i, j)
                if pieces[b][1] - pieces[a][0] <= _SQUARE * width:
                    pieces[a] = [pieces[a][0], pieces[b][1]]
                    del pieces[b]
                    joined = True
                    break
            if joined:
                break
        if not joined:
            break
    return [(a, b) for a, b in pieces]


def read_column_as_row(gray: GrayImage, box: Box, *, settings: ReaderSettings) -> list[Word]:
    """The column in `box` read as a raw line of horizontal Japanese, boxes back on the column."""
    crop = gray[box.y : box.bottom, box.x : box.right]
    if crop.size == 0:
        return []
    _, raw = cv2.threshold(crop, 0, 1, cv2.THRESH_BINARY_INV + cv2.THRESH_OTSU)
    spans = cut_column(np.asarray(raw, np.uint8) > 0)
    if not spans:
        return []
    glyphs = [Box(box.x, box.y + a, box.w, b - a) for a, b in spans]
    strip, slots = column_as_row(gray, box, glyphs)
    padded = with_margin(strip, _PAD)
    # As a raw line (psm 13): the single-line layout analysis of psm 7 drops such rows whole.
    read = recognize(
        padded, languages=settings.name_languages, psm=13, settings=settings, offset=(-_PAD, -_PAD)
    )
    back = (back_to_column(w, slots, glyphs) for w in read if w.text)
    return [w for w in back if w is not None]
