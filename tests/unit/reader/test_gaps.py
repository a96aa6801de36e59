"""gaps: lines of ink no recognised word covers are found and read again alone (real Tesseract)."""

from __future__ import annotations

import numpy as np
import pytest
from PIL import Image, ImageDraw, ImageFont

from handover.reader import faint_ends, gaps
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


# A line read first as noise is read again and the noise replaced, the sure line above kept:
# low-confidence noise on a department line, or a title read as confident Latin ("EfE" for 主任)
# standing alone on its row.
@pytest.mark.parametrize(
    ("first", "second", "x", "misread", "conf"),
    [("都市整備局", "技術管理課", 60, "Wx RE", 0.1), ("総務省", "主任", 400, "EfE", 0.8)],
    ids=["doubtful", "latin-alone"],
)
def test_a_misread_line_is_read_again_and_a_sure_one_kept(
    first: str, second: str, x: int, misread: str, conf: float
) -> None:
    gray = _card([(first, 60, 60), (second, x, 130)])
    sure = Word(first, _box_of(gray, 0, 40, 900, 110), 0.95)
    noise = Word(misread, _box_of(gray, 0, 120, 900, 180), conf)
    words = gaps.read_skipped_lines(gray, (sure, noise), char_size=SIZE, settings=SETTINGS)
    assert sure in words and noise not in words
    assert second in "".join(w.text for w in words if w is not sure)


def test_a_line_read_surely_is_not_read_again() -> None:
    gray = _card([("課長", 60, 130)])
    word = Word("課長", _box_of(gray, 0, 100, 900, 200), 0.95)
    assert gaps.read_skipped_lines(gray, (word,), char_size=SIZE, settings=SETTINGS) == [word]


def test_a_skipped_column_is_read_on_a_vertical_card() -> None:
    gray = _card([], vertical=("部長", 700, 40))
    words = gaps.read_skipped_columns(gray, (), char_size=SIZE, settings=SETTINGS)
    assert "".join(w.text for w in words) == "部長"
    assert all(w.vertical for w in words)


def test_a_thickened_kanji_line_is_a_line_and_a_bar_is_not() -> None:
    """Blurred photo text, thickened by the threshold, fills ~0.75 of its box; a bar fills all."""
    font = ImageFont.truetype(str(GOTHIC), SIZE)
    im = Image.new("L", (900, 520), 250)
    ImageDraw.Draw(im).text((60, 60), "部長", fill=20, font=font, stroke_width=2, stroke_fill=20)
    gray = np.asarray(im).copy()
    gray[300:330, 60:800] = 20
    (line,) = gaps.ink_lines(gray, char_size=SIZE)
    assert line.box.y < 100 and line.ink.mean() > 0.6


def test_faint_ends_widen_a_line_box_but_not_over_a_blur_halo() -> None:
    gray = np.full((60, 400), 240, np.uint8)
    gray[20:40, 100:200] = 20  # the line's ink
    gray[28:30, 90:100] = 160  # a faint thin stroke at its left end (the bars of "主")
    gray[20:40, 200:202] = 160  # a two-pixel blur at its right end
    gray[20:40, 240:300] = 20  # a neighbour 1.3 em away
    box = Box(100, 20, 100, 20)
    faint = (128 + 240) / 2
    wide = faint_ends.with_faint_ends(gray, box, char_size=SIZE, faint=faint)
    assert wide == Box(90, 20, 110, 20)


def test_ink_run_end_stops_at_a_gap() -> None:
    inked = np.array([True, True, False, True, False, False, False, True])
    assert faint_ends._ink_run_end(inked, 3) == 4
    assert faint_ends._ink_run_end(inked, 1) == 2
    assert faint_ends._ink_run_end(np.array([False, True]), 1) == 0


def test_a_short_latin_word_alone_on_its_row_does_not_count_as_read() -> None:
    gray = _card([("主査", 300, 60), ("Mail", 60, 200), ("03-1234-5678", 180, 200)])
    lines = gaps.ink_lines(gray, char_size=SIZE)
    title = next(ln for ln in lines if ln.box.y < 150)
    label = next(ln for ln in lines if ln.box.y > 150 and ln.box.x < 150)
    misread = Word("Eft", title.box, 0.83)
    tel = Word("Mail", label.box, 0.93)
    assert not gaps._read_already(title, [misread, tel], lines)
    assert gaps._read_already(label, [misread, tel], lines)  # the number beside it: a label
    assert gaps._read_already(title, [Word("主査", title.box, 0.9)], lines)


def test_doubtful_noise_jutting_into_a_line_goes_with_it() -> None:
    box = Box(100, 20, 200, 30)
    stray = Word("ps", Box(85, 20, 30, 30), 0.27)
    assert gaps._words_on(box, [stray], char_size=SIZE) == [stray]
    sure = Word("課長", Box(85, 20, 30, 30), 0.9)
    assert gaps._words_on(box, [sure], char_size=SIZE) is None
    long_noise = Word("TEL.06-5524", Box(0, 20, 150, 30), 0.3)  # holds text of other ink
    assert gaps._words_on(box, [long_noise], char_size=SIZE) is None


def test_better_reading_keeps_sure_latin_unless_it_reads_as_japanese() -> None:
    box = Box(0, 0, 60, 30)
    assert gaps._better_reading([Word("主査", box, 0.92)], [Word("Eft", box, 0.83)])
    assert not gaps._better_reading([Word("FAL", box, 0.96)], [Word("FAX", box, 0.89)])
    assert not gaps._better_reading([Word("主査", box, 0.8)], [Word("Eft", box, 0.83)])
    # Latin noise has more letters than the kana it stands for: no text was lost.
    noise = [Word("aie!", box, 0.34), Word("gt", box, 0.46), Word("falls", box, 0.22)]
    assert gaps._better_reading([Word("エンジニア", box, 0.8)], noise)
    assert not gaps._better_reading([Word("課", box, 0.9)], [Word("総務課", box, 0.7)])
