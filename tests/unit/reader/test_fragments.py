"""Pieces of a printed line that OCR reported as lines of their own are put back in place."""

from __future__ import annotations

from handover.reader.fragments import splice_fragments
from handover.reader.types import Box, Line, Word


def _line(words: list[tuple[str, int, int, int, int]], size: float, *, text: str | None = None) -> Line:
    ws = tuple(Word(t, Box(x, y, w, h), 0.9) for t, x, y, w, h in words)
    box = ws[0].box
    for w in ws[1:]:
        box = box.union(w.box)
    return Line(text if text is not None else " ".join(w.text for w in ws), box, ws, size, 0.9)


def test_a_unit_ending_read_apart_goes_back_after_its_name() -> None:
    # 産業技術環境[局] 技術政策企画[室] 主査: the two endings in a larger box above the row.
    host = _line(
        [("産業", 69, 157, 48, 23), ("技術", 126, 157, 42, 23), ("環境", 177, 157, 55, 23),
         ("技術", 271, 157, 48, 23), ("政策", 326, 156, 42, 24), ("企画", 382, 156, 51, 24),
         ("主査", 472, 156, 48, 23)],
        23.0,
        text="産業技術環境 技術政策企画 主査",
    )  # fmt: skip
    kyoku = _line([("局", 233, 137, 17, 51)], 51.0)
    shitsu = _line([("室", 433, 137, 17, 51)], 51.0)
    lines, spliced = splice_fragments([host, kyoku, shitsu], set())
    assert lines[0].text == "産業技術環境局 技術政策企画室 主査"
    assert spliced == {1, 2}


def test_a_legal_form_in_larger_type_fills_the_gap_it_left() -> None:
    host = _line(
        [("公益", 202, 95, 97, 43), ("財団", 311, 95, 105, 46), ("北辰", 513, 95, 112, 45),
         ("協会", 625, 93, 92, 46)],
        46.0,
        text="公益財団 北辰協会",
    )  # fmt: skip
    form = _line([("法人", 437, 66, 65, 84)], 84.0)
    lines, _ = splice_fragments([form, host], set())
    assert lines[1].text == "公益財団法人北辰協会"


def test_a_second_reading_of_a_character_is_dropped_not_doubled() -> None:
    host = _line([("支援", 354, 64, 82, 31), ("ネ", 437, 61, 12, 31), ("ト", 499, 65, 16, 29)], 38.0)
    piece = _line([("ネッ", 459, 72, 21, 21)], 21.0)
    lines, spliced = splice_fragments([host, piece], set())
    assert lines[0].text.replace(" ", "") == "支援ネット"
    assert spliced == {1}


def test_lines_outside_the_row_used_lines_and_marks_stay_apart() -> None:
    host = _line([("総務", 72, 107, 74, 24)], 24.0)
    below = _line([("室", 80, 160, 23, 24)], 24.0)  # the next row
    dash = _line([("ーー", 100, 110, 15, 3)], 3.0)  # a rule, not a character
    used = _line([("局", 129, 98, 19, 45)], 45.0)
    lines, spliced = splice_fragments([host, below, dash, used], {3})
    assert lines[0].text == "総務"
    assert spliced == set()


def test_a_logo_mark_read_before_a_piece_does_not_keep_it_from_its_row() -> None:
    # 〇 (the logo) 一 … 法人 in a larger type than the rest of the line, read as a line of its own:
    # the logo starts it well before the row, its letters do not.
    host = _line(
        [("板", 204, 72, 27, 36), ("時", 239, 72, 30, 35), ("団", 286, 72, 50, 35), ("光洋", 392, 73, 75, 35),
         ("地域", 479, 73, 67, 35), ("協会", 759, 74, 63, 36)],
        35.0,
        text="板時団 光洋 地域協会",
    )  # fmt: skip
    piece = _line(
        [("〇", 58, 52, 74, 72), ("一", 155, 86, 34, 5), ("法人", 334, 50, 53, 77)], 72.0, text="〇一 法人"
    )
    lines, spliced = splice_fragments([piece, host], set())
    assert spliced == {0}
    assert lines[1].text.replace(" ", "") == "〇一板時団法人光洋地域協会"
