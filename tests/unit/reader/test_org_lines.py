"""Organisation lines that OCR cut at a gap or ended with a mark are read whole."""

from __future__ import annotations

from handover.reader.fields import extract_fields
from handover.reader.fragments import splice_fragments
from handover.reader.layout import make_line
from handover.reader.types import Box, Line, Word


def _values(lines: list[Line]) -> dict[str, str | None]:
    fields = extract_fields(lines, width=1075, height=650, vertical=False)
    return {k: (v.value if v else None) for k, v in fields.items()}


def _words(words: list[tuple[str, int, int]], y: int, height: int) -> list[Word]:
    return [Word(t, Box(x, y, w, height), 0.9) for t, x, w in words]


_NAME = Line("山田 太郎", Box(120, 300, 300, 100), (), 100.0, 0.9)


def test_the_rest_of_a_name_after_a_gap_joins_the_organisation() -> None:
    # 国立大学法人白|鷺科学技術大学: a wide gap inside the name made two pieces of it.
    org = make_line(
        _words([("国立大学法人白", 60, 196), ("荻科学技術大学", 300, 196)], 40, 28), vertical=False
    )
    assert org.text == "国立大学法人白 荻科学技術大学"
    assert _values([org, _NAME])["organization"] == "国立大学法人白荻科学技術大学"


def test_a_whole_name_takes_no_body_after_it() -> None:
    org = make_line(_words([("株式会社若葉", 60, 168), ("若葉大学", 300, 112)], 40, 28), vertical=False)
    assert _values([org, _NAME])["organization"] == "株式会社若葉"  # a name of its own: 若葉大学 stands apart


def test_no_organisation_ends_in_a_comma() -> None:
    org = make_line(_words([("NPO法人明和地域センター", 60, 330), ("、", 392, 20)], 40, 30), vertical=False)
    assert _values([org, _NAME])["organization"] == "NPO法人明和地域センター"


def test_a_small_kana_lifted_out_of_the_row_leaves_no_space() -> None:
    # 支援ネ|ッ|ト: the ッ's box is narrower than the pitch, which is no gap in the row.
    host = make_line(_words([("支援", 353, 107), ("ネ", 437, 13), ("ト", 499, 16)], 64, 31), vertical=False)
    piece = make_line(_words([("ッ", 459, 21)], 72, 21), vertical=False)
    lines, spliced = splice_fragments([host, piece], set())
    assert lines[0].text == "支援ネット"
    assert spliced == {1}


def test_marks_and_a_lone_digit_are_no_part_of_a_name() -> None:
    org = make_line(
        _words([("NPO法人明和センター", 60, 280), ("・", 341, 20), ("ー", 362, 20)], 40, 30), vertical=False
    )
    assert _values([org, _NAME])["organization"] == "NPO法人明和センター"
    org = make_line(
        _words([("公益財団法人北辰推進", 60, 280), ("3", 341, 12), ("協会", 354, 60)], 40, 30), vertical=False
    )
    assert _values([org, _NAME])["organization"] == "公益財団法人北辰推進協会"


def test_a_last_character_cut_off_by_a_gap_ends_the_name() -> None:
    # 湊総合研究 | 所: alone the piece says nothing; with the name it ends as bodies end.
    org = make_line(_words([("株式会社湊総合研究", 42, 150), ("所", 214, 17)], 34, 17), vertical=False)
    assert org.text == "株式会社湊総合研究 所"
    assert _values([org, _NAME])["organization"] == "株式会社湊総合研究所"


def test_a_speck_before_a_title_is_no_department() -> None:
    got = _values([Line("凛参事", Box(40, 40, 60, 20), (), 20.0, 0.9), _NAME])
    assert got["title"] == "参事"
    assert got["department"] is None


def test_a_unit_and_a_word_in_larger_type_go_back_into_their_row() -> None:
    # デジタル統括[本部]情報[シス]テム[課]: the larger pieces read as a line of their own.
    host = make_line(
        _words(
            [("デジ", 122, 54), ("タル", 184, 50), ("統括", 239, 68), ("情報", 389, 80), ("テム", 517, 58)],
            169,
            27,
        ),
        vertical=False,
    )
    big = make_line(
        _words([("本", 307, 31), ("部", 338, 31), ("シス", 479, 37), ("課", 574, 27)], 151, 63),
        vertical=False,
    )
    lines, spliced = splice_fragments([host, big], set())
    assert lines[0].text.replace(" ", "") == "デジタル統括本部情報システム課"
    assert spliced == {1}


def test_a_column_that_layout_cut_in_two_is_spliced_back() -> None:
    # 縦書き: 地域[ささ]…[い] read wider than the rest, so layout made two lines of one column.
    def column(words: list[tuple[str, int, int, int, int]]) -> Line:
        return make_line([Word(t, Box(x, y, w, h), 0.9, True) for t, x, y, w, h in words], vertical=True)

    host = column(
        [
            ("常盤", 289, 739, 35, 66),
            ("地域", 289, 812, 35, 93),
            ("ささ", 274, 903, 55, 48),
            ("い", 274, 1013, 55, 28),
        ]
    )
    rest = column(
        [
            ("え", 292, 956, 29, 27),
            ("あ", 292, 996, 30, 19),
            ("セ", 291, 1040, 30, 18),
            ("ンター", 293, 1072, 29, 92),
        ]
    )
    lines, spliced = splice_fragments([host, rest], set())
    assert lines[0].text.replace(" ", "") == "常盤地域ささえあいセンター"
    assert spliced == {1}
