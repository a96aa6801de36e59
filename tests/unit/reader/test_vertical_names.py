"""ocr: big name columns on 縦書き cards found, cut into glyphs, laid out as a row and mapped back."""

from __future__ import annotations

import itertools
from pathlib import Path

import numpy as np
from PIL import Image, ImageDraw, ImageFont

from handover.reader import columns, ocr
from handover.reader.types import Box, Word

MINCHO = Path("/usr/share/fonts/opentype/ipafont-mincho/ipam.ttf")
GOTHIC = Path("/usr/share/fonts/opentype/noto/NotoSansCJK-Bold.ttc")


def _font() -> Path:
    return GOTHIC if GOTHIC.exists() else MINCHO


def _vertical_name_card() -> np.ndarray:
    """A portrait card: a small org column, a name column of big glyphs with a space, a logo."""
    im = Image.new("L", (700, 1160), 255)
    draw = ImageDraw.Draw(im)
    small = ImageFont.truetype(str(_font()), 30)
    big = ImageFont.truetype(str(_font()), 120)
    for i, ch in enumerate("千葉市総務局"):
        draw.text((560, 60 + i * 34), ch, fill=0, font=small)
    # Family and given name set tight (the glyphs touch), a wide space between the two.
    y = 180
    for ch in "山田":
        draw.text((300, y), ch, fill=0, font=big)
        y += 120
    y += 120
    for ch in "太郎":
        draw.text((300, y), ch, fill=0, font=big)
        y += 120
    draw.ellipse((60, 60, 200, 200), outline=0, width=12)  # a logo: one lone big shape
    return np.asarray(im, np.uint8)


def test_name_column_is_found_and_cut_into_its_glyphs() -> None:
    gray = _vertical_name_card()
    found = ocr.analyse_directions(gray, char_size=30.0)
    assert found.vertical
    assert len(found.large_columns) == 1  # the logo and the small column are no name
    column, glyphs = found.large_columns[0]
    assert 280 <= column.x <= 320 and column.w < 160
    assert len(glyphs) == 4
    tops = [g.y for g in glyphs]
    assert tops == sorted(tops)
    # The space between family and given name stays the widest gap.
    gaps = [b.y - a.bottom for a, b in itertools.pairwise(glyphs)]
    assert gaps.index(max(gaps)) == 1


def test_column_as_row_keeps_the_gaps_and_maps_words_back() -> None:
    gray = _vertical_name_card()
    found = ocr.analyse_directions(gray, char_size=30.0)
    column, glyphs = found.large_columns[0]
    row, slots = columns.column_as_row(gray, column, list(glyphs))
    assert row.shape[0] == max(g.h for g in glyphs)
    assert len(slots) == 4 and slots[1][1] < slots[2][0]
    assert slots[2][0] - slots[1][1] > slots[1][0] - slots[0][1]  # the space, as printed
    # A word read over the last two slots gets the box of the last two glyphs on the card.
    word = Word("太郎", Box(slots[2][0] + 3, 0, slots[3][1] - slots[2][0] - 6, row.shape[0]), 0.9)
    back = columns.back_to_column(word, slots, list(glyphs))
    assert back is not None and back.vertical
    assert back.box.y == glyphs[2].y and back.box.bottom == glyphs[3].bottom


def test_flat_glyph_keeps_its_square_cell() -> None:
    """一 is a thin stroke; cut as a glyph of its own, not dropped or joined to the next one."""
    im = Image.new("L", (400, 700), 255)
    draw = ImageDraw.Draw(im)
    big = ImageFont.truetype(str(_font()), 120)
    for i, ch in enumerate("一条"):
        draw.text((140, 100 + i * 125), ch, fill=0, font=big)
    gray = np.asarray(im, np.uint8)
    ink = (gray < 128).astype(np.uint8)
    seed = ocr._large_glyphs(ink, 30.0)
    found = columns.name_columns(ink, seed)
    assert len(found) == 1
    _, glyphs = found[0]
    assert len(glyphs) == 2
    first, second = glyphs
    assert first.h >= 0.8 * first.w  # a square cell around the stroke
    assert first.bottom <= second.y


def test_label_a_word_space_before_a_footer_line_is_read_with_it() -> None:
    """On a 縦書き card the Latin pass takes the whole footer line, its label included."""
    im = Image.new("L", (700, 1160), 255)
    draw = ImageDraw.Draw(im)
    small = ImageFont.truetype(str(_font()), 30)
    for x in (560, 480, 400):
        for i, ch in enumerate("千葉市総務局総務課"):
            draw.text((x, 60 + i * 34), ch, fill=0, font=small)
    latin = ImageFont.truetype(str(_font()), 24)
    draw.text((40, 1000), "Mail", fill=0, font=latin)
    draw.text((150, 1000), "kayo@city.chiba.lg.jp", fill=0, font=latin)
    gray = np.asarray(im, np.uint8)
    found = ocr.analyse_directions(gray, char_size=30.0)
    assert found.vertical
    label = gray[990:1040, 35:140] < 128
    assert (found.horizontal_mask[990:1040, 35:140] > 0)[label].mean() > 0.9  # the dot of i aside
