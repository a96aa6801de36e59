"""layout: words to lines, reading order, Japanese joining, size and confidence."""

from __future__ import annotations

from handover.reader.layout import build_lines, is_cjk, join_words
from handover.reader.types import Box, Word


def w(
    text: str, x: int, y: int, width: int, height: int = 30, conf: float = 0.9, vertical: bool = False
) -> Word:
    return Word(text, Box(x, y, width, height), conf, vertical)


def test_is_cjk() -> None:
    assert is_cjk("山") and is_cjk("カ") and is_cjk("ｶ") and is_cjk("〒") and is_cjk("、")
    assert not is_cjk("a") and not is_cjk("0") and not is_cjk("@")


def test_japanese_words_are_joined_without_spaces() -> None:
    words = [w("千代", 0, 0, 60), w("田", 64, 0, 30), w("区", 98, 0, 30), w("役所", 131, 0, 60)]
    assert join_words(words) == "千代田区役所"


def test_wide_gap_in_japanese_is_a_space() -> None:
    assert join_words([w("山田", 0, 0, 180, 90), w("太郎", 260, 0, 180, 90)]) == "山田 太郎"


def test_latin_words_keep_spaces_and_urls_stay_whole() -> None:
    words = [w("TEL", 0, 0, 55, 28), w("03-5253-8111", 80, 0, 220, 28)]
    assert join_words(words) == "TEL 03-5253-8111"
    assert join_words([w("info@example.go.", 0, 0, 300, 34), w("jp", 312, 0, 30, 34)]) == "info@example.go.jp"


def test_lines_are_top_to_bottom_left_to_right() -> None:
    words = [
        w("03-1111-2222", 100, 200, 200),
        w("山田", 100, 100, 60),
        w("TEL", 20, 200, 50),
        w("太郎", 164, 100, 60),
    ]
    lines = build_lines(words)
    assert [ln.text for ln in lines] == ["山田太郎", "TEL 03-1111-2222"]
    assert lines[0].box == Box(100, 100, 124, 30)


def test_two_columns_on_one_row_stay_apart() -> None:
    words = [w("総務課", 700, 50, 90), w("山田", 50, 52, 60), w("太郎", 114, 50, 60)]
    lines = build_lines(words)
    assert [ln.text for ln in lines] == ["山田太郎", "総務課"]


def test_small_title_beside_a_large_name_is_its_own_line() -> None:
    words = [w("課長", 20, 130, 60, 30), w("山田", 100, 100, 160, 80), w("太郎", 270, 100, 160, 80)]
    lines = build_lines(words)
    assert sorted(ln.text for ln in lines) == ["山田太郎", "課長"]
    name = next(ln for ln in lines if ln.text == "山田太郎")
    assert name.size == 80 and max(ln.size for ln in lines) == name.size


def test_confidence_is_the_mean_of_words() -> None:
    line = build_lines([w("TEL", 0, 0, 50, conf=0.5), w("03", 70, 0, 40, conf=1.0)])[0]
    assert line.conf == 0.75


def test_vertical_columns_read_right_to_left_then_the_footer() -> None:
    words = [
        w("東京", 100, 80, 30, 60, vertical=True),
        w("都", 100, 150, 30, 30, vertical=True),
        w("総務", 400, 80, 30, 60, vertical=True),
        w("課長", 400, 145, 30, 60, vertical=True),
        w("鈴木", 250, 150, 70, 140, vertical=True),
        w("TEL", 30, 900, 50, 20),
        w("03-3264-2111", 100, 900, 160, 20),
    ]
    lines = build_lines(words)
    assert [ln.text for ln in lines] == ["総務課長", "鈴木", "東京都", "TEL 03-3264-2111"]
    assert lines[0].vertical and not lines[-1].vertical
    assert lines[1].size == 70


def test_overlapping_jpn_vert_boxes_stay_in_one_column() -> None:
    # jpn_vert reports a two-character word with a box that swallows the next words.
    words = [
        w("千代", 486, 82, 38, 252, vertical=True),
        w("田", 470, 175, 60, 46, vertical=True),
        w("区", 470, 220, 60, 46, vertical=True),
        w("役所", 486, 265, 38, 69, vertical=True),
    ]
    assert [ln.text for ln in build_lines(words)] == ["千代田区役所"]
