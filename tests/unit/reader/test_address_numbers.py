"""Street numbers, address pieces that layout cut off, and postal codes as vertical cards print them."""

from __future__ import annotations

import pytest

from handover.reader.address import looks_like_address, parse_address
from handover.reader.address_lines import pieces_of, spliced_text
from handover.reader.fields import extract_fields
from handover.reader.fields_contact import find_postal
from handover.reader.gazetteer import lookup_postal
from handover.reader.street_number import office_number, renderings, tidy, to_kanji
from handover.reader.types import Box, Line, Word


@pytest.mark.parametrize(
    ("number", "kanji"),
    [(1, "一"), (10, "十"), (19, "十九"), (24, "二十四"), (136, "百三十六"), (502, "五百二")],
)
def test_kanji_numerals_as_addresses_print_them(number: int, kanji: str) -> None:
    assert to_kanji(number) == kanji


def test_a_registered_number_is_written_every_usual_way() -> None:
    options = renderings("1丁目3-1")
    assert options[0] == "1-3-1"
    assert {"1丁目3-1", "1丁目3番1号", "一丁目三番一号"} <= set(options)
    assert renderings("6丁目") == ["6丁目", "六丁目"]
    assert renderings("甲12") == []  # not a plain number: left to OCR


@pytest.mark.parametrize(
    ("banchi", "written", "expected"),
    [
        ("3丁目2-2", "三 目番二号", "三丁目二番二号"),  # kanji style kept, lost 丁 and 二 restored
        ("1丁目4-1", "ユー4 1", "1-4-1"),  # a digit read as katakana
        ("7-7", "ケー7", "7-7"),
        ("1丁目2-2", "1丁目2 号 番2", "1丁目2番2号"),  # 縦書き pieces out of order
        ("2丁目1-3", "21113", "2-1-3"),  # turned hyphens
        ("1丁目2-2", "", "1-2-2"),  # nothing read: hyphens, the usual style
    ],
)
def test_office_number_in_the_style_ocr_read(banchi: str, written: str, expected: str) -> None:
    assert office_number(banchi, written) == expected


def test_office_number_gives_way_to_a_clean_different_number() -> None:
    assert office_number("1丁目2-2", "5-3-18") is None  # then the postal code is the misread part


@pytest.mark.parametrize(
    ("written", "expected"),
    [
        ("5-20 15", "5-20-15"),  # a lost hyphen
        ("54 8", "548"),  # one group spaced out
        ("18 5-3", "185-3"),
        ("4-2 2-2", "4-22-2"),  # already three parts: the gap is inside one
        ("2-1-!", "2-1-1"),
        ("3一 7", "3-7"),
        ("3うー1-6", "3-1-6"),  # a stray kana before the dash
        ("2丁目12 19号", "2丁目12番19号"),  # a lost 番
        ("3—|| 一6", "3-1-6"),  # an em dash, and a full-width 1 read as two strokes
        ("149S5", "1495"),  # a digit cut in two, half read as a capital
    ],
)
def test_ocr_slips_in_street_numbers(written: str, expected: str) -> None:
    assert tidy(written) == expected


def test_office_code_fixes_a_garbled_street_number_and_building_words() -> None:
    got = parse_address("東京都千代田区電が関2-!-3 中央合同庁舎3号館", lookup_postal("100-8918"))
    assert got.value == "東京都千代田区霞が関2-1-3 中央合同庁舎第3号館"
    got = parse_address("東京都世田谷区三宿5-3-18 ひまわりセンタビル7F", lookup_postal("154-0005"))
    assert got.value == "東京都世田谷区三宿5-3-18 ひまわりセンタービル7F"  # a kana name stays whole


def _word(text: str, x: int, y: int, w: int, h: int, vertical: bool = True) -> Word:
    return Word(text, Box(x, y, w, h), 0.9, vertical)


def _column(words: list[Word]) -> Line:
    box = words[0].box
    for w in words[1:]:
        box = box.union(w.box)
    return Line("".join(w.text for w in words), box, tuple(words), 20.0, 0.9, vertical=True)


def test_a_counter_layout_cut_out_of_a_column_is_put_back() -> None:
    column = _column(
        [_word("東京都新宿区歌舞伎", 230, 420, 20, 180), _word("1丁目4番1号", 230, 620, 20, 130)]
    )
    piece = _column([_word("町", 236, 602, 8, 16)])  # smaller, so layout made it a line of its own
    other = _column([_word("代表取締役", 120, 420, 20, 100)])  # the next column: not a piece
    lines = [column, piece, other]
    assert pieces_of(lines, 0, set()) == [1]
    assert spliced_text(lines, 0, [1]) == "東京都新宿区歌舞伎町1丁目4番1号"


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("〒l0018916", "100-8916"),  # 1 read as l
        ("〒1001I8916", "100-8916"),  # the turned hyphen read as 1I
        ("ー73018511", "730-8511"),  # the mark read as a dash
        ("42010815", "420-0815"),  # the mark lost
        ("〒216'0041", "216-0041"),
        ("〒|00-8959 東京都", "100-8959"),
    ],
)
def test_postal_codes_of_vertical_and_blurred_cards(text: str, code: str) -> None:
    found = find_postal(text)
    assert found is not None
    assert found.value == code


def test_a_phone_number_is_no_turned_postal_code() -> None:
    assert find_postal("082140718735") is None


def test_large_office_code_gives_the_address_ocr_lost() -> None:
    lines = [
        Line("農林水産省", Box(40, 40, 200, 30), (), 30.0, 0.9),
        Line("〒100-8950", Box(40, 300, 160, 16), (), 16.0, 0.9),
        Line("HaRAKBA", Box(40, 320, 160, 16), (), 16.0, 0.3),
    ]
    got = extract_fields(lines, width=1075, height=650, vertical=False)
    assert got["address"] is not None
    assert got["address"].value == "東京都千代田区霞が関1-2-1"


def test_postal_code_spaced_out_after_its_mark() -> None:
    found = find_postal("〒424 00 46 静岡県静岡市清水区")
    assert found is not None
    assert found.value == "424-0046"


def test_pieces_without_their_words_are_put_back_whole() -> None:
    host = Line("東京都新宿区歌舞伎", Box(230, 420, 20, 180), (), 20.0, 0.9, vertical=True)
    piece = Line("町1丁目4番1号", Box(232, 602, 16, 140), (), 16.0, 0.9, vertical=True)
    assert pieces_of([host, piece], 0, set()) == [1]
    assert spliced_text([host, piece], 0, [1]) == "東京都新宿区歌舞伎 町1丁目4番1号"


def test_a_number_after_an_em_dash_stays_in_the_address() -> None:
    got = parse_address("東京都豊島区南長崎3—|| 一6", lookup_postal("171-0052"))
    assert got.value == "東京都豊島区南長崎3-1-6"


def test_a_column_of_place_names_is_an_address_before_its_number() -> None:
    assert looks_like_address("aaa 北海道札幌市中央区北三条西")  # the 6丁目 went to a piece
    assert not looks_like_address("北海道札幌市役所")
    assert not looks_like_address("東京都千代田区")


def test_a_stain_as_long_as_the_column_does_not_draw_in_the_next_column() -> None:
    column = _column(
        [
            _word("aaa", 176, 294, 44, 312),
            _word("北海道札幌市中央区", 168, 321, 28, 170),
            _word("三条西", 168, 511, 28, 54),
        ]
    )
    postal = _column([_word("〒060", 209, 294, 11, 67)])  # the next column, inside the stain's box
    number = _column([_word("6丁目", 168, 564, 28, 43)])
    assert pieces_of([column, postal, number], 0, set()) == [2]
