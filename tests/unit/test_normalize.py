"""Match keys: variant kanji, width, spacing, kana, legal forms, e-mail, phone, 法人番号."""

from __future__ import annotations

import pytest

from handover.models import OrganizationKind
from handover.services import normalize as nz


@pytest.mark.parametrize(
    ("printed", "typed"),
    [
        ("髙橋　一郎", "高橋 一郎"),
        ("山﨑 花子", "山崎花子"),
        ("齋藤 誠", "斎藤 誠"),
        ("齊藤誠", "斎藤誠"),
        ("渡邊 健", "渡辺 健"),
        ("渡邉 健", "渡辺 健"),
        ("澤田 舞", "沢田 舞"),
        ("濱口 亮", "浜口 亮"),
        ("廣瀬 葵", "広瀬 葵"),
        ("櫻井 智", "桜井 智"),
        ("國分 卓也", "国分 卓也"),
        ("冨田 直美", "富田 直美"),
        ("ＴＡＲＯ　Ｙａｍａｄａ", "taro yamada"),
    ],
)
def test_names_printed_with_old_or_variant_kanji_match_the_common_form(printed: str, typed: str) -> None:
    assert nz.name_key(printed) == nz.name_key(typed)


def test_different_names_keep_different_keys() -> None:
    assert nz.name_key("高橋 一郎") != nz.name_key("高橋 二郎")
    assert nz.organization_key("山田商事") != nz.organization_key("山田商会")


def test_readings_fold_hiragana_half_width_and_spaces_to_katakana() -> None:
    assert (
        nz.kana_key("やまだ たろう")
        == nz.kana_key("ﾔﾏﾀﾞ ﾀﾛｳ")
        == nz.kana_key("ヤマダ　タロウ")
        == "ヤマダタロウ"
    )
    assert nz.is_kana("やまだ たろう") and not nz.is_kana("山田")


@pytest.mark.parametrize(
    "printed",
    ["株式会社みどり工業", "(株)みどり工業", "㈱みどり工業", "みどり工業株式会社", "みどり工業 (株)"],
)
def test_legal_forms_prefix_or_suffix_abbreviated_or_not_fold_to_one_key(printed: str) -> None:
    assert nz.organization_key(printed) == nz.organization_key("みどり工業")
    assert nz.guess_kind(printed) is OrganizationKind.COMPANY


def test_kind_is_guessed_from_legal_form_name_and_mail_domain() -> None:
    assert nz.guess_kind("特定非営利活動法人 さくら会") is OrganizationKind.NONPROFIT
    assert nz.guess_kind("NPO法人さくら会") is OrganizationKind.NONPROFIT
    assert nz.guess_kind("(公財)架空振興財団") is OrganizationKind.NONPROFIT
    assert nz.guess_kind("国土交通省") is OrganizationKind.NATIONAL_GOVERNMENT
    assert nz.guess_kind("架空市役所") is OrganizationKind.LOCAL_GOVERNMENT
    assert nz.guess_kind("総合企画課", "a@city.kakuu.lg.jp") is OrganizationKind.LOCAL_GOVERNMENT
    assert nz.guess_kind("研究所", "a@example.go.jp") is OrganizationKind.NATIONAL_GOVERNMENT
    assert nz.guess_kind("架空大学") is OrganizationKind.UNIVERSITY


def test_email_and_phone_keys() -> None:
    assert nz.email_key(" Taro.Yamada@Example.CO.JP ") == "taro.yamada@example.co.jp"
    assert nz.email_key("not an address") == ""
    assert nz.format_phone("０９０（１２３４）５６７８") == "090-1234-5678"
    assert nz.format_phone("+81 3 3581 4111") == "03-3581-4111"
    assert nz.format_phone("03-3581-4111 内線 2345") == "03-3581-4111"
    assert nz.is_mobile("080-1111-2222") and not nz.is_mobile("03-3581-4111")


def _with_check_digit(body: str) -> str:
    total = sum(int(d) * (2 if n % 2 == 0 else 1) for n, d in enumerate(reversed(body), start=1))
    return f"{9 - total % 9}{body}"


def test_corporate_number_needs_its_check_digit() -> None:
    number = _with_check_digit("123456789012")
    assert nz.corporate_number(f"法人番号：{number}") == number
    wrong = f"{(int(number[0]) + 1) % 10}{number[1:]}"
    assert nz.corporate_number(wrong) is None
    assert nz.corporate_number("12345") is None


def test_ocr_look_alikes_share_a_shape() -> None:
    assert nz.shape_key("カロエ") == nz.shape_key("力口工")
    assert nz.shape_key("田中") != nz.shape_key("田口")


def test_search_folds_kana_and_variants_like_the_index() -> None:
    indexed = nz.search_text("髙橋 一郎", "タカハシ イチロウ", "㈱みどり工業")
    assert nz.search_query("高橋") in indexed
    assert nz.search_query("たかはし") in indexed
    assert nz.search_query("みどり") in indexed


@pytest.mark.parametrize(
    "misread", ["みどり工業株式会山", "株口会社みどり工業", "(山)みどり工業", "みどり工業有限会杜"]
)
def test_a_legal_form_misread_by_one_character_is_still_dropped(misread: str) -> None:
    assert nz.organization_key(misread) == "みどり工業"
    assert (
        nz.organization_key("日米合同会議") == "日米合同会議"
    )  # only 株式会社 and 有限会社 are read fuzzily
