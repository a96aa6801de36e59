"""Tesseract's second readings of the same printed characters are dropped, real repeats kept."""

from __future__ import annotations

from handover.reader.fields import extract_fields
from handover.reader.layout import make_line
from handover.reader.repeated_words import drop_repeated_words
from handover.reader.types import Box, Line, Word


def _row(words: list[tuple[str, int, int]], height: int = 37) -> Line:
    """A horizontal line from (text, x, width) words, as layout builds it."""
    return make_line([Word(t, Box(x, 75, w, height), 0.9) for t, x, w in words], vertical=False)


def test_a_word_boxed_over_the_whole_line_and_read_again_is_dropped() -> None:
    # 株式 in a box over the whole row, then 株|式|会 each in its own (recorded, 0023).
    line = _row([("株式", 162, 309), ("株", 180, 21), ("式", 219, 50), ("会", 287, 23)])
    assert line.text == "株式株式会"
    assert drop_repeated_words(line).text == "株式会"


def test_a_character_read_alone_and_again_as_the_head_of_the_next_word() -> None:
    line = _row([("株式会社", 72, 167), ("ステ", 255, 70), ("ラ", 292, 16), ("ラメ", 305, 39)], 30)
    assert drop_repeated_words(line).text == "株式会社ステラメ"
    line = _row([("銀河", 90, 78), ("総合", 172, 136), ("研", 268, 25), ("研究", 271, 77), ("所", 351, 23)])
    assert drop_repeated_words(line).text == "銀河総合研究所"


def test_characters_printed_twice_a_pitch_apart_are_kept() -> None:
    line = _row([("地域", 100, 74), ("さ", 176, 35), ("さえあい", 213, 148)])
    assert drop_repeated_words(line).text == "地域ささえあい"
    assert drop_repeated_words(line) is line


def test_specks_inside_a_glyph_box_go_but_dashes_stay() -> None:
    line = _row([("研究", 271, 77), ("*", 293, 20), ("所", 351, 23)])
    assert drop_repeated_words(line).text == "研究所"
    line = _row([("サー", 538, 53), ("・", 559, 29), ("ビス", 600, 60)], 39)
    assert drop_repeated_words(line).text == "サービス"
    # A dash may be a 一 that OCR read so: another step decides.
    line = _row([("雄", 100, 60), ("-", 120, 20)], 60)
    assert drop_repeated_words(line).text == "雄-"


def test_the_parser_reads_the_line_without_its_second_readings() -> None:
    org = _row(
        [("湊川", 120, 452), ("湊川", 121, 200), ("町", 235, 42), ("子", 275, 47), ("子ども", 300, 106),
         ("食堂", 406, 132), ("ネットワーク", 513, 244)],
        44,
    )  # fmt: skip
    name = Line("山田 太郎", Box(120, 300, 300, 100), (), 100.0, 0.9)
    fields = extract_fields([org, name], width=1075, height=650, vertical=False)
    assert fields["organization"] is not None
    assert fields["organization"].value == "湊川町子ども食堂ネットワーク"


def test_a_character_read_again_inside_the_word_that_holds_it() -> None:
    line = _row([("コ", 395, 21), ("スモ", 427, 103), ("モ", 475, 39), ("工業", 520, 90)], 45)
    assert drop_repeated_words(line).text == "コスモ工業"
    line = _row([("研究", 178, 34), ("研", 180, 10), ("所", 214, 12)], 18)
    assert drop_repeated_words(line).text == "研究所"
    # Two alike side by side, the second a pitch on: both printed (法人|人 for 法人八).
    line = _row([("法", 838, 18), ("人", 856, 18), ("人", 874, 42)], 72)
    assert drop_repeated_words(line).text == "法人人"


def test_a_doubled_character_read_unsure_in_a_box_of_one() -> None:
    words = [("づく", 289, 59, 0.96), ("りり", 348, 44, 0.13), ("協議", 394, 125, 0.71)]
    line = make_line([Word(t, Box(704, y, 38, h), c, True) for t, y, h, c in words], vertical=True)
    assert drop_repeated_words(line).text == "づくり協議"
    sure = make_line(
        [Word("ささ", Box(392, 60, 23, 28), 0.91), Word("え", Box(435, 59, 16, 28), 0.92)], vertical=False
    )
    assert drop_repeated_words(sure) is sure
