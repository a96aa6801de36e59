"""column_row: a thin 縦書き column cut into its glyphs and read as a row; very big name columns."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from PIL import Image, ImageDraw, ImageFont

from handover.reader import ocr
from handover.reader.column_row import cut_column, read_column_as_row
from handover.reader.settings import ReaderSettings
from handover.reader.types import Box

MINCHO = Path("/usr/share/fonts/opentype/ipafont-mincho/ipam.ttf")


def _column(text: str, size: int, step: int) -> np.ndarray:
    im = Image.new("L", (size * 3, 40 + step * len(text) + size), 255)
    draw = ImageDraw.Draw(im)
    font = ImageFont.truetype(str(MINCHO), size)
    for i, ch in enumerate(text):
        draw.text((size, 20 + i * step), ch, fill=0, font=font)
    return np.asarray(im, np.uint8)


def test_cut_column_joins_the_pieces_of_a_glyph_with_white_rows_inside() -> None:
    # 三 is three strokes with white rows between; 二 two; each is one glyph all the same.
    ink = np.zeros((140, 30), bool)
    for y in (2, 12, 24):  # 三
        ink[y : y + 3, 3:27] = True
    for y in (45, 62):  # 二
        ink[y : y + 3, 5:25] = True
    ink[80:110, 2:28] = True  # a solid glyph
    assert cut_column(ink) == [(2, 27), (45, 65), (80, 110)]


def test_cut_column_keeps_glyphs_apart_that_would_make_one_too_tall() -> None:
    ink = np.zeros((100, 30), bool)
    ink[0:24, :] = True
    ink[28:31, :] = True  # a short piece nearer the glyph below, which with it would be too tall
    ink[34:64, :] = True
    assert cut_column(ink) == [(0, 31), (34, 64)]


@pytest.mark.skipif(not MINCHO.exists(), reason="IPA Mincho not installed")
def test_a_thin_mincho_column_is_read_as_a_row() -> None:
    gray = _column("課長", 36, 40)
    inked = np.flatnonzero((gray < 128).any(axis=0))
    rows = np.flatnonzero((gray < 128).any(axis=1))
    box = Box(int(inked[0]), int(rows[0]), int(inked[-1] - inked[0] + 1), int(rows[-1] - rows[0] + 1))
    words = read_column_as_row(gray, box, settings=ReaderSettings())
    assert "".join(w.text for w in words) == "課長"
    assert all(w.vertical for w in words)
    # Boxes are on the column, not in the laid-out row.
    assert all(box.x == w.box.x and box.y <= w.box.y < box.bottom for w in words)


@pytest.mark.skipif(not MINCHO.exists(), reason="IPA Mincho not installed")
def test_a_name_column_over_eight_times_the_body_text_is_found() -> None:
    im = Image.new("L", (900, 1500), 255)
    draw = ImageDraw.Draw(im)
    small = ImageFont.truetype(str(MINCHO), 20)
    for x in (800, 760, 720):
        for i, ch in enumerate("愛知県名古屋市中区三の丸"):
            draw.text((x, 60 + i * 22), ch, fill=0, font=small)
    big = ImageFont.truetype(str(MINCHO), 190)
    for i, ch in enumerate("青木"):
        draw.text((350, 200 + i * 195), ch, fill=0, font=big)
    for i, ch in enumerate("佳代"):
        draw.text((350, 800 + i * 195), ch, fill=0, font=big)
    found = ocr.analyse_directions(np.asarray(im, np.uint8), char_size=20.0)
    assert found.vertical
    assert len(found.large_columns) == 1
    column, glyphs = found.large_columns[0]
    assert 330 <= column.x <= 380
    assert len(glyphs) == 4
