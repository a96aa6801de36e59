"""Names split against the surname data, readings and the romaji converter."""

from __future__ import annotations

import pytest

from handover.reader.names import (
    kana_reading,
    reading_of,
    romaji_name_to_kana,
    split_name,
    split_reading,
)
from handover.reader.romaji import romaji_to_katakana


@pytest.mark.parametrize(
    ("text", "family", "given"),
    [
        ("山田太郎", "山田", "太郎"),
        ("長谷川一郎", "長谷川", "一郎"),
        ("森大輔", "森", "大輔"),
        ("佐々木希", "佐々木", "希"),
    ],
)
def test_split_name(text: str, family: str, given: str) -> None:
    assert split_name(text)[:2] == (family, given)
    assert split_name(text)[2]


@pytest.mark.parametrize(
    ("word", "kana"),
    [
        ("yamada", "ヤマダ"),
        ("shinjuku", "シンジュク"),
        ("tsuchiya", "ツチヤ"),
        ("chiba", "チバ"),
        ("shin'ichi", "シンイチ"),
        ("hattori", "ハットリ"),
        ("satō", "サトウ"),
        ("kyōko", "キョウコ"),
        ("namba", "ナンバ"),
        ("itoh", "イトウ"),
        ("kenichi", "ケニチ"),  # without the apostrophe the converter reads n+i; names.py checks data
    ],
)
def test_romaji_to_katakana(word: str, kana: str) -> None:
    assert romaji_to_katakana(word) == kana


@pytest.mark.parametrize(
    ("text", "kana"),
    [
        ("Taro YAMADA", "ヤマダ タロウ"),
        ("YAMADA Taro", "ヤマダ タロウ"),
        ("Hanako Sato", "サトウ ハナコ"),  # Sato is far likelier 佐藤 than 里
        ("Ichiro Kondo", "コンドウ イチロウ"),
        ("Kenichi Ohno", "オオノ ケンイチ"),
        ("Kenji Ōno", "オオノ ケンジ"),
    ],
)
def test_romaji_names_family_first(text: str, kana: str) -> None:
    assert romaji_name_to_kana(text) == kana


def test_romaji_name_needs_two_words() -> None:
    assert romaji_name_to_kana("Ministry of Justice") is None


def test_printed_readings() -> None:
    assert kana_reading("やまだ　たろう") == "ヤマダ タロウ"
    assert kana_reading("ﾔﾏﾀﾞ ﾀﾛｳ") == "ヤマダ タロウ"
    assert split_reading("ヤマダタロウ", "山田") == "ヤマダ タロウ"
    assert split_reading("ヤマダタロウ", "不明") == "ヤマダ タロウ"  # cut by common readings


def test_reading_from_data_only_when_unambiguous() -> None:
    assert reading_of("山田", "太郎") == "ヤマダ タロウ"
    assert reading_of("佐藤", "花子") is None  # 花子 has more than one reading in the data


def test_passport_romaji_ambiguities() -> None:
    assert romaji_name_to_kana("Shinya ISHII") == "イシイ シンヤ"  # n before y is ン
    assert romaji_name_to_kana("Taro ICHIJO") == "イチジョウ タロウ"  # unknown surname: じょう
    assert split_reading("コクブンナオミ", "國分") == "コクブン ナオミ"  # no word starts with ン
    assert split_reading("ナカノイチロウ", "中") == "ナカノ イチロウ"


def test_romaji_spelling_picks_between_readings_of_the_kanji() -> None:
    from handover.reader.names import reading_with_romaji

    assert reading_with_romaji("鈴木", "佑香", "Yuka SUZUKI") == "スズキ ユカ"
    assert reading_with_romaji("佐藤", "雄一", "Yuichi SATO") == "サトウ ユウイチ"


def test_name_likeness_votes_for_known_names() -> None:
    from handover.reader.name_repair import name_likeness

    assert name_likeness("加藤香織") == 0.5
    assert name_likeness("加藤理織") == 0.2
    assert name_likeness("楓子ども支援ネ") == 0.0


def test_voiced_tsuka_is_spelt_dzu() -> None:
    from handover.reader.names import surname_reading

    assert surname_reading("鬼塚") == "オニヅカ"
    assert romaji_name_to_kana("Yutaka ONIZUKA") == "オニヅカ ユタカ"
