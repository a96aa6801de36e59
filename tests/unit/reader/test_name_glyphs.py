"""Big names whose glyphs OCR loses or misreads: flat and split glyphs (一条, 小鳥遊), the
reading printed over the name, one-kanji given names told by their shape, rare surnames."""

from __future__ import annotations

from pathlib import Path

import cv2
import numpy as np
import pytest

from handover.reader import ocr
from handover.reader.fields import extract_fields
from handover.reader.furigana import reading_band, reread_readings
from handover.reader.given_glyph import resolve_given_names
from handover.reader.layout import build_lines
from handover.reader.names import split_name
from handover.reader.types import Box, Line, Word
from tests.unit.reader.synthetic_cards import draw_rows

_FONT = Path("/usr/share/fonts/opentype/noto/NotoSansCJK-Bold.ttc")


def _line(text: str, x: int, y: int, size: float, *, width: int | None = None, conf: float = 0.9) -> Line:
    return Line(text, Box(x, y, width or int(len(text) * size), int(size)), (), size, conf)


def _values(lines: list[Line]) -> dict[str, str | None]:
    fields = extract_fields(lines, width=1075, height=650, vertical=False)
    return {k: (v.value if v else None) for k, v in fields.items()}


def test_a_flat_stroke_before_a_row_of_big_glyphs_is_its_first_glyph() -> None:
    glyphs = [Box(300, 400, 120, 124), Box(430, 400, 120, 124), Box(560, 402, 118, 120)]
    one = Box(160, 455, 110, 16)  # 一 of 一条博之: wide and thin, in the row's band
    assert ocr.large_rows(glyphs, [*glyphs, one]) == [Box(160, 400, 518, 124)]


def test_the_strokes_of_a_glyph_and_touching_glyphs_join_the_row() -> None:
    glyphs = [Box(600, 470, 110, 125), Box(720, 470, 120, 125)]  # ひか
    pair = Box(290, 468, 258, 130)  # 鳥遊 blurred into one blob, too wide for a glyph
    stroke = Box(164, 472, 48, 124)  # the middle stroke of 小
    assert ocr.large_rows(glyphs, [*glyphs, pair, stroke]) == [Box(164, 470, 676, 125)]


def test_a_given_name_of_touching_glyphs_after_a_wide_space_joins_the_row() -> None:
    glyphs = [Box(119, 496, 130, 131), Box(254, 503, 118, 122)]  # 浜田
    pair = Box(507, 495, 264, 129)  # 悠人 touching, a full-width space after the family name
    assert ocr.large_rows(glyphs, [*glyphs, pair]) == [Box(119, 496, 652, 131)]
    run = Box(507, 495, 400, 129)  # a longer run of text that far away is not the name
    assert ocr.large_rows(glyphs, [*glyphs, run]) == [Box(119, 496, 253, 131)]


def test_smaller_glyphs_beside_a_row_are_not_its_own() -> None:
    glyphs = [Box(100, 80, 122, 122), Box(240, 80, 122, 122)]
    smaller = [Box(400, 112, 60, 60), Box(470, 112, 60, 60)]  # an organisation's name beside a logo
    assert ocr.large_rows(glyphs, glyphs + smaller) == [Box(100, 80, 262, 122)]


def test_lines_cut_by_the_margin_of_a_row_crop_are_painted_out() -> None:
    crop = np.full((160, 400), 230, np.uint8)
    crop[0:12, 20:380] = 20  # the bottom half of the line above
    crop[40:120, 50:120] = 20  # a glyph of the row
    crop[140:160, 30:200] = 20  # the top of the romanised name below, cut by the edge
    out = ocr._row_ink_only(crop, 100)
    assert (out[0:12] > 200).all() and (out[140:] > 200).all()
    assert (out[40:120, 50:120] == 20).all()


def test_a_column_laid_out_as_a_row_is_left_whole() -> None:
    strip = np.full((100, 300), 255, np.uint8)
    strip[0:100, 10:60] = 0
    assert ocr._row_ink_only(strip, 100) is strip


def _w(text: str, x: int, y: int, w: int, h: int) -> Word:
    return Word(text, Box(x, y, w, h), 0.9)


def test_a_flat_glyph_joins_the_line_it_sits_in() -> None:
    words = [_w("営業本部", 128, 178, 120, 29), _w("第", 270, 178, 29, 29), _w("一", 329, 194, 19, 3)]
    words.append(_w("営業部", 360, 178, 90, 29))
    assert [ln.text for ln in build_lines(words)] == ["営業本部第一営業部"]


def test_a_flat_glyph_read_with_a_tall_box_joins_the_name() -> None:
    words = [_w("一", 422, 411, 401, 91), _w("条太郎", 543, 400, 280, 118)]
    assert [ln.text for ln in build_lines(words)] == ["一条太郎"]


def test_a_dash_after_a_number_stays_apart() -> None:
    words = [_w("〒214", 92, 722, 87, 18), _w("一", 188, 729, 16, 2)]
    assert len(build_lines(words)) == 2


def test_an_unknown_surname_is_cut_to_two_or_three_kanji() -> None:
    assert split_name("我那覇久美子")[:2] == ("我那覇", "久美子")
    assert split_name("我那覇勝")[:2] == ("我那覇", "勝")


def test_a_big_name_of_a_surname_the_data_lacks_and_a_one_kanji_given_name() -> None:
    lines = [
        _line("合同会社東邦情報サービス", 40, 20, 34),
        _line("人事部", 40, 80, 25),
        _line("我那覇勝", 300, 300, 97),
        _line("大阪府大阪市都島区中野町1-14-13", 40, 500, 20),
    ]
    assert _values(lines)["name"] == "我那覇 勝"


def test_small_text_ending_in_a_given_name_kanji_is_no_name() -> None:
    lines = [_line("合同会社東邦情報サービス", 40, 20, 34), _line("我那覇勝", 300, 300, 25)]
    lines.append(_line("鈴木花子", 300, 400, 27))
    assert _values(lines)["name"] == "鈴木 花子"


@pytest.mark.skipif(not _FONT.exists(), reason="Noto CJK fonts are not installed")
def test_the_reading_over_a_big_name_is_found_and_read_again() -> None:
    gray = draw_rows([("たなか しおり", 100, 200, 30), ("田中詩織", 100, 260, 110)])
    _, raw = cv2.threshold(gray, 0, 1, cv2.THRESH_BINARY_INV + cv2.THRESH_OTSU)
    row = Box(100, 270, 440, 110)
    band = reading_band(np.asarray(raw, np.uint8), row, above=True)
    assert band is not None and band.y < row.y and band.h < 50
    junk = Word("RFA YAY", Box(band.x, band.y, band.w, band.h), 0.85)

    def read_line(crop: np.ndarray, factor: float, offset: tuple[int, int]) -> list[Word]:
        return [Word("たなか", Box(offset[0] + 10, offset[1] + 5, 90, 30), 0.95)]

    got = reread_readings(gray, [row], [junk], read_line)
    assert [w.text for w in got] == ["たなか"]


@pytest.mark.skipif(not _FONT.exists(), reason="Noto CJK fonts are not installed")
def test_a_good_reading_is_kept() -> None:
    gray = draw_rows([("たなか しおり", 100, 200, 30), ("田中詩織", 100, 260, 110)])
    good = Word("たなかしおり", Box(100, 205, 200, 30), 0.96)

    def read_line(crop: np.ndarray, factor: float, offset: tuple[int, int]) -> list[Word]:
        return [Word("たなかしあり", Box(offset[0], offset[1], 200, 30), 0.7)]

    assert reread_readings(gray, [Box(100, 270, 440, 110)], [good], read_line) == [good]


def _name_words(name: str, given_read_as: str) -> list[Word]:
    return [
        Word("ヤマザキ", Box(100, 90, 120, 30), 0.93),
        Word("ハルカ", Box(250, 90, 90, 30), 0.93),
        Word(name[:-1] + given_read_as, Box(100, 150, 390, 130), 0.5),
    ]


@pytest.mark.skipif(not _FONT.exists(), reason="Noto CJK fonts are not installed")
def test_a_one_kanji_given_name_is_told_by_its_shape_among_its_readings_kanji() -> None:
    gray = draw_rows([("ヤマザキ ハルカ", 100, 90, 30), ("山崎 遥", 100, 150, 120)])
    got = resolve_given_names(gray, _name_words("山崎遥", "遂"), min_size=60)
    assert got[-1].text == "山崎遥"


@pytest.mark.skipif(not _FONT.exists(), reason="Noto CJK fonts are not installed")
def test_a_given_name_read_right_or_without_a_reading_stays() -> None:
    gray = draw_rows([("ヤマザキ ハルカ", 100, 90, 30), ("山崎 遥", 100, 150, 120)])
    assert resolve_given_names(gray, _name_words("山崎遥", "遥"), min_size=60)[-1].text == "山崎遥"
    bare = _name_words("山崎遥", "遂")[-1:]
    assert resolve_given_names(gray, bare, min_size=60) == bare


@pytest.mark.skipif(not _FONT.exists(), reason="Noto CJK fonts are not installed")
def test_one_misread_kanji_of_a_longer_given_name_is_told_by_its_shape() -> None:
    gray = draw_rows([("マツダ カズヤ", 100, 90, 30), ("松田 和也", 100, 150, 120)])
    words = [
        Word("マツダ カズヤ", Box(100, 90, 250, 30), 0.9),
        Word("松田和世", Box(100, 150, 520, 130), 0.6),
    ]
    assert resolve_given_names(gray, words, min_size=60)[-1].text == "松田和也"


def test_kana_of_no_name_are_no_reading_when_the_name_is_lost() -> None:
    lines = [
        _line("特定非営利活動法人常盤地域ささ い", 40, 20, 34),
        _line("えあ センタ", 40, 80, 30),
        _line("群馬県前橋市川端町", 40, 300, 21),
    ]
    assert _values(lines)["name_kana"] is None
    lines[1] = _line("こくぶん こうじ", 40, 80, 17)
    assert _values(lines)["name_kana"] == "コクブン コウジ"
