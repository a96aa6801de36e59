"""Contact fields checked against the rest of the card: the e-mail against the person's name, a
fax without its area code, a domain read twice, the address's street number and building,
a large office's postal code."""

from __future__ import annotations

import pytest

from handover.reader.address import parse_address, postal_from_address
from handover.reader.address_lines import pieces_of
from handover.reader.email_names import fix_local_part, name_forms
from handover.reader.fields import extract_fields
from handover.reader.fields_contact import find_email, find_postal
from handover.reader.types import Box, Line
from handover.reader.web_address import reconcile


@pytest.mark.parametrize(
    ("local", "name", "kana", "expected"),
    [
        ("vamashitaj", "山下 順子", None, "yamashitaj"),  # y read as v; the given name's initial
        ("haruka.yvamazaki", "山崎 遥", "ヤマザキ ハルカ", "haruka.yamazaki"),  # a letter added
        ("sugaware_yutaka", "菅原 豊", "スガワラ ユタカ", "sugawara_yutaka"),
        ("inover", "井上 凛", None, "inouer"),  # イノウエ spelt inoue, not the passport's inoe
        ("kotaro.shiaizu", "清水 光太郎", "シミズ コウタロウ", "kotaro.shimizu"),
    ],
)
def test_local_part_put_right_from_the_name(local: str, name: str, kana: str | None, expected: str) -> None:
    assert fix_local_part(local, name_forms(name, kana, [])) == expected


@pytest.mark.parametrize(
    ("local", "name", "kana"),
    [
        ("saito", "斉藤 勝", "サイトウ マサル"),  # another spelling of the same name
        ("ohno", "大野 健", "オオノ ケン"),
        ("hasegawar", "長谷川 龍之介", None),  # surname and initial
        ("info", "山田 太郎", None),  # not a name at all
        ("sales", "佐藤 陽介", "サトウ ヨウスケ"),
        ("tanaka", "田中 一郎", "タナカ イチロウ"),
    ],
)
def test_local_part_that_is_a_name_or_no_name_stays(local: str, name: str, kana: str | None) -> None:
    assert fix_local_part(local, name_forms(name, kana, [])) == local


def test_a_garbled_reading_changes_nothing() -> None:
    # スガワテ is no name the data knows: the address stays as read.
    assert fix_local_part("sugawara", name_forms(None, "スガワテ", [])) == "sugawara"


def test_latin_name_line_gives_the_spelling() -> None:
    assert fix_local_part("k.hirosc", name_forms(None, None, ["HIROSE", "Koji"])) == "k.hirose"


def test_email_fixed_from_the_name_on_a_card() -> None:
    lines = [
        Line("山下 順子", Box(300, 200, 300, 70), (), 70.0, 0.9),
        Line("〒060-8588 北海道札幌市中央区北三条西6丁目", Box(60, 500, 400, 20), (), 20.0, 0.9),
        Line("Email vamashitaj@pref.hokkaido.lg.jp", Box(60, 560, 320, 18), (), 18.0, 0.9),
    ]
    out = extract_fields(lines, width=800, height=480, vertical=False)
    assert out["email"] is not None and out["email"].value == "yamashitaj@pref.hokkaido.lg.jp"


@pytest.mark.parametrize(
    ("text", "email"),
    [
        ("shinichi.yamazaki@city.chiba.tg.jp", "shinichi.yamazaki@city.chiba.lg.jp"),  # l read as t
        ("e-mail k_harada@city.shinagawa_lg_jp", "k.harada@city.shinagawa.lg.jp"),  # dots read as _
        ("e-mail sugawara_yutaka@city.yokohama.lg.jp", "sugawara_yutaka@city.yokohama.lg.jp"),
    ],
)
def test_email_slips(text: str, email: str) -> None:
    found = find_email(text)
    assert found is not None and found.value == email


def test_postal_code_with_l_for_1_and_a_gap() -> None:
    found = find_postal("〒l00 8916")
    assert found is not None and found.value == "100-8916"


def test_fax_printed_without_its_area_code() -> None:
    lines = [
        Line("代表 03-3231-2553", Box(60, 500, 180, 20), (), 20.0, 0.9),
        Line("3231-2562", Box(150, 528, 90, 18), (), 18.0, 0.9),
    ]
    out = extract_fields(lines, width=800, height=480, vertical=False)
    assert out["phone"] is not None and out["phone"].value == "03-3231-2553"
    assert out["fax"] is not None and out["fax"].value == "03-3231-2562"


def test_another_number_is_no_fax() -> None:
    lines = [
        Line("代表 03-3231-2553", Box(60, 500, 180, 20), (), 20.0, 0.9),
        Line("5555-2562", Box(150, 528, 90, 18), (), 18.0, 0.9),  # another exchange
    ]
    assert extract_fields(lines, width=800, height=480, vertical=False)["fax"] is None


def test_domain_read_twice_keeps_the_romanised_word() -> None:
    assert reconcile("miral-medical.com", "mirai-medical.com") == "mirai-medical.com"
    assert reconcile("mhlw.go.jp", "mhiw.go.jp") is None  # neither is a Japanese word: no say


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # One turned hyphen read as l, the other as 1: the long group is split where a 1 stands.
        ("〒100-0011 東京都千代田区内幸町3l130114", "東京都千代田区内幸町3-30-14"),
        ("〒730-0824 広島県広島市中区吉島新町4l3012", "広島県広島市中区吉島新町4-30-2"),
    ],
)
def test_vertical_number_with_both_hyphens_misread(text: str, expected: str) -> None:
    assert parse_address(text, None, vertical=True).value == expected


def test_horizontal_number_is_not_split() -> None:
    assert parse_address("新潟県新潟市東区山の下町1495", None).value == "新潟県新潟市東区山の下町1495"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("静岡県静岡市葵区上沓谷町百刀十八番地", "静岡県静岡市葵区上沓谷町百九十八番地"),  # 九 as 刀
        ("神奈川県横浜市中区本町6丁目50器10号", "神奈川県横浜市中区本町6丁目50番10号"),  # 番 as 器
    ],
)
def test_numeral_slips_in_street_numbers(text: str, expected: str) -> None:
    assert parse_address(text, None).value == expected


def test_building_named_after_its_town() -> None:
    text = "熊本県熊本市北区下硯川町446番11号 下窟川会館"
    assert parse_address(text, None).value == "熊本県熊本市北区下硯川町446番11号 下硯川会館"
    # Another name that only looks like the town's (首里山会館 in 首里山川町) stays.
    text = "沖縄県那覇市首里山川町3-21-9 首里山会館"
    assert parse_address(text, None).value == text


def test_lone_numeral_beside_a_vertical_line_is_a_piece_of_it() -> None:
    # A lone 十 whose box took in a stain beside the column is still a piece of the line.
    host = Line("昭和町五丁目十番九号", Box(74, 237, 12, 145), (), 10.0, 0.9, vertical=True)
    piece = Line("十", Box(66, 352, 27, 10), (), 27.0, 0.7, vertical=True)
    assert pieces_of([host, piece], 0, {0}) == [1]


def test_the_body_before_a_part_of_it_registered_at_the_same_place() -> None:
    # 宮城県庁 and 宮城県 警察本部 share the address; a card of 宮城県 takes the former's code.
    found = postal_from_address("宮城県仙台市青葉区本町3-8-1", "宮城県", public=True)
    assert found == ("980-8570", True)


def test_a_printed_reading_the_name_data_does_not_know_is_trusted() -> None:
    # The name data reads 國分 as コクブ; the card prints コクブン.
    forms = name_forms("國分 瞳", "コクブン ヒトミ", [])
    assert "kokubun" in forms
    assert fix_local_part("kokubunh", forms) == "kokubunh"
    assert fix_local_part("kokubvnh", forms) == "kokubunh"
