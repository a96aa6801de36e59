"""OCR slips in department levels and addresses that the parser puts right."""

from __future__ import annotations

import pytest

from handover.reader.address import mend_prefecture, parse_address
from handover.reader.departments import complete_unit, repair_department


@pytest.mark.parametrize(
    ("read", "expected"),
    [
        ("研究振振興局学術研究推進課", "研究振興局学術研究推進課"),  # a character read twice
        ("総務部市町村課", "総務部市町村課"),  # nothing doubled: unchanged
        ("振振興課", "振振興課"),  # too short to repair
    ],
)
def test_doubled_character_in_a_level_is_read_once(read: str, expected: str) -> None:
    assert repair_department(read) == expected


@pytest.mark.parametrize(
    ("read", "expected"),
    [
        ("技術首", "技術部"),  # 部 read as 首
        ("総務前", "総務部"),  # 部 read as 前
        ("山田前", "山田前"),  # not a unit name: left alone
    ],
)
def test_unit_ending_misread_after_a_known_name(read: str, expected: str) -> None:
    assert complete_unit(read) == expected


@pytest.mark.parametrize(
    ("read", "expected"),
    [
        ("緊京都世田谷区世田谷1-16-5", "東京都世田谷区世田谷1-16-5"),  # one character of 東京都
        ("京都市中京区寺町通1", "京都市中京区寺町通1"),  # a city as written: not made a prefecture
        ("東京都世田谷区1", "東京都世田谷区1"),
        ("緊京都ABC", "緊京都ABC"),  # no municipality follows: left alone
    ],
)
def test_prefecture_with_one_character_misread(read: str, expected: str) -> None:
    assert mend_prefecture(read) == expected


def test_address_without_postal_code_and_a_garbled_prefecture() -> None:
    value = parse_address("緊京都世田谷区世田谷1-16-5 第2世田谷ビル", None).value
    assert value == "東京都世田谷区世田谷1-16-5 第2世田谷ビル"


@pytest.mark.parametrize(
    ("read", "expected"),
    [
        ("大阪府大阪市北区長柄中 4l1312", "大阪府大阪市北区長柄中4-13-2"),  # hyphen l, then 1
        ("東京都千代田区内幸町3l130114", "東京都千代田区内幸町3-30-14"),  # hyphen read as l1
        ("広島県広島市中区吉島新町4l3012", "広島県広島市中区吉島新町4-30-2"),
    ],
)
def test_turned_hyphens_in_a_column(read: str, expected: str) -> None:
    assert parse_address(read, None, vertical=True).value == expected


@pytest.mark.parametrize(
    ("read", "expected"),
    [
        # The town's first character lost in the building named after it.
        ("群馬県前橋市樋越町255-6 越町タワー", "群馬県前橋市樋越町255-6 樋越町タワー"),
        # One character of the first part of the town's name misread in the building's name.
        (
            "北海道札幌市東区東雁来九条4丁目28番13号 東訂来会館3F",
            "北海道札幌市東区東雁来九条4丁目28番13号 東雁来会館3F",
        ),
        # A building named otherwise stays as read.
        ("沖縄県那覇市首里山川町3-21-9 首里山会館", "沖縄県那覇市首里山川町3-21-9 首里山会館"),
    ],
)
def test_building_named_after_its_town(read: str, expected: str) -> None:
    assert parse_address(read, None).value == expected


@pytest.mark.parametrize(
    ("read", "expected"),
    [
        ("がタル統括本部タル推進課", "デジタル統括本部デジタル推進課"),  # katakana word cut at its head
        ("セキュリティ課", "セキュリティ課"),  # a whole katakana word: left alone
        ("情報セキュリティ課", "情報セキュリティ課"),
    ],
)
def test_level_cut_inside_a_katakana_word(read: str, expected: str) -> None:
    assert repair_department(read) == expected


@pytest.mark.parametrize(
    ("read", "expected"),
    [
        ("東京都千代田区霞が関2-1-2 中央合同人第2号館", "東京都千代田区霞が関2-1-2 中央合同庁舎第2号館"),
        ("東京都千代田区霞が関2-1-2 中央合同庁舎第2号館", "東京都千代田区霞が関2-1-2 中央合同庁舎第2号館"),
    ],
)
def test_joint_government_building_with_its_word_misread(read: str, expected: str) -> None:
    assert parse_address(read, None).value == expected


@pytest.mark.parametrize(
    ("read", "expected"),
    [
        ("営業本部第二に1業部", "営業本部第二営業部"),  # 営 read as two glyphs, one a digit
        ("DX推進課", "DX推進課"),  # a Latin word in the name stays
    ],
)
def test_level_with_one_glyph_read_as_two(read: str, expected: str) -> None:
    assert repair_department(read) == expected
