"""Japan Post data, municipalities and title words."""

from __future__ import annotations

from handover.reader.gazetteer import (
    is_title,
    lookup_postal,
    municipalities,
    split_municipality,
    title_at_end,
    title_at_start,
    title_near,
    towns,
)


def test_plain_postal_code() -> None:
    place = lookup_postal("100-0013")
    assert place is not None
    assert (place.prefecture, place.city, place.towns, place.office) == (
        "東京都",
        "千代田区",
        ("霞が関",),
        None,
    )


def test_large_office_code_names_the_office() -> None:
    place = lookup_postal("1008926")
    assert place is not None
    assert place.office == "総務省"
    assert place.towns == ("霞が関",)


def test_unknown_postal_code() -> None:
    assert lookup_postal("999-9999") is None
    assert lookup_postal("12") is None


def test_municipalities_know_their_prefectures() -> None:
    cities = municipalities()
    assert cities["千代田区"] == ("東京都",)
    assert set(cities["府中市"]) == {"東京都", "広島県"}
    assert "当別町" in cities  # also without its 郡


def test_prefecture_inferred_from_a_unique_municipality() -> None:
    assert split_municipality("千代田区霞が関2-1-2") == ("東京都", "千代田区", "霞が関2-1-2")
    assert split_municipality("横浜市中区本町6-50-10") == ("神奈川県", "横浜市中区", "本町6-50-10")
    assert split_municipality("府中市宮西町2-24") == ("", "府中市", "宮西町2-24")
    assert split_municipality("東京都府中市宮西町2-24") == ("東京都", "府中市", "宮西町2-24")
    assert split_municipality("総務課") is None


def test_towns_with_codes() -> None:
    assert "100-0013" in towns("東京都", "千代田区")["霞が関"]


def test_titles() -> None:
    assert title_at_end("総務課課長補佐") == "課長補佐"
    assert title_at_start("係長山田太郎") == "係長"
    assert is_title("主査兼係長")
    assert not is_title("総務課")


def test_titles_misread_by_one_character_or_kana_size() -> None:
    assert title_near("担当部胡") == "担当部長"
    assert title_near("コーデイネーダー") == "コーディネーター"
    assert title_near("エンジニヤ") == "エンジニア"
    # Three characters keep the word that makes the title; units and names are no titles.
    assert title_near("統括本") is None
    assert title_near("事務局") is None
    assert title_near("山田太郎") is None
