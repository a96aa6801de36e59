"""gaps: lines of ink no recognised word covers are found and read again alone (real Tesseract)."""

from __future__ import annotations

import numpy as np
from PIL import Image, ImageDraw, ImageFont

from handover.reader import gaps
from handover.reader.settings import ReaderSettings
from handover.reader.types import Box, Word
from tests.unit.reader.synthetic_cards import GOTHIC

SETTINGS = ReaderSettings()
SIZE = 30


def _card(lines: list[tuple[str, int, int]], *, vertical: tuple[str, int, int] | None = None) -> np.ndarray:
    """A white card with the given lines (text, x, y) drawn at SIZE px, and one optional column."""
    font = ImageFont.truetype(str(GOTHIC), SIZE)
    im = Image.new("L", (900, 520), 250)
    draw = ImageDraw.Draw(im)
    for text, x, y in lines:
        draw.text((x, y), text, fill=20, font=font)
    if vertical:
        text, x, y = vertical
        for i, ch in enumerate(text):
            draw.text((x, y + round(i * SIZE * 1.05)), ch, fill=20, font=font)
    return np.asarray(im)


def _box_of(gray: np.ndarray, x0: int, y0: int, x1: int, y1: int) -> Box:
    ys, xs = np.nonzero(gray[y0:y1, x0:x1] < 128)
    return Box(
        x0 + int(xs.min()), y0 + int(ys.min()), int(xs.max() - xs.min() + 1), int(ys.max() - ys.min() + 1)
    )


def test_ink_lines_finds_each_line_and_not_a_solid_bar() -> None:
    gray = _card([("都市整備局", 60, 60), ("課長", 60, 130), ("TEL 03-1234-5678", 60, 400)]).copy()
    gray[300:330, 60:800] = 20  # a colour band: denser than any text
    lines = gaps.ink_lines(gray, char_size=SIZE)
    tops = sorted(ln.box.y for ln in lines)
    assert len(lines) == 3
    assert tops[0] < 100 < tops[1] < 200 < 390 < tops[2]


def test_ink_lines_along_columns_on_a_vertical_card() -> None:
    gray = _card([], vertical=("課長補佐", 700, 40))
    columns = gaps.ink_lines(gray, char_size=SIZE, vertical=True)
    assert len(columns) == 1
    assert columns[0].box.h > 3 * SIZE > columns[0].box.w


def test_covered_share_counts_ink_inside_word_boxes() -> None:
    gray = _card([("課長補佐", 60, 60)])
    (line,) = gaps.ink_lines(gray, char_size=SIZE)
    half = Box(line.box.x, line.box.y, line.box.w // 2, line.box.h)
    assert gaps.covered_share(line, []) == 0.0
    assert 0.3 < gaps.covered_share(line, [Word("課長", half, 0.9)]) < 0.7
    assert gaps.covered_share(line, [Word("課長補佐", line.box, 0.9)]) == 1.0


def test_doubtful_words() -> None:
    assert gaps.doubtful(Word("課長", Box(0, 0, 60, 30), 0.2))
    # Latin letters as wide as kanji: "技官" read with English loaded.
    assert gaps.doubtful(Word("RE", Box(0, 0, 66, 32), 0.88))
    assert not gaps.doubtful(Word("TEL", Box(0, 0, 48, 30), 0.9))
    assert not gaps.doubtful(Word("課長", Box(0, 0, 60, 30), 0.9))


def test_a_line_no_word_covers_is_read() -> None:
    gray = _card([("都市整備局", 60, 60), ("課長", 60, 130)])
    first = _box_of(gray, 0, 40, 900, 110)
    known = (Word("都市整備局", first, 0.95),)
    words = gaps.read_skipped_lines(gray, known, char_size=SIZE, settings=SETTINGS)
    assert known[0] in words
    assert "課長" in "".join(w.text for w in words if w is not known[0])


def test_a_doubtful_reading_is_replaced_and_a_sure_one_kept() -> None:
    gray = _card([("都市整備局", 60, 60), ("技術管理課", 60, 130)])
    sure = Word("都市整備局", _box_of(gray, 0, 40, 900, 110), 0.95)
    noise = Word("Wx RE", _box_of(gray, 0, 120, 900, 180), 0.1)
    words = gaps.read_skipped_lines(gray, (sure, noise), char_size=SIZE, settings=SETTINGS)
    assert sure in words and noise not in words
    assert "技術管理課" in "".join(w.text for w in words if w is not sure)


def test_a_line_read_surely_is_not_read_again() -> None:
    gray = _card([("課長", 60, 130)])
    word = Word("課長", _box_of(gray, 0, 100, 900, 200), 0.95)
    assert gaps.read_skipped_lines(gray, (word,), char_size=SIZE, settings=SETTINGS) == [word]


def test_a_skipped_column_is_read_on_a_vertical_card() -> None:
    gray = _card([], vertical=("部長", 700, 40))
    words = gaps.read_skipped_columns(gray, (), char_size=SIZE, settings=SETTINGS)
    assert "".join(w.text for w in words) == "部長"
    assert all(w.vertical for w in words)
