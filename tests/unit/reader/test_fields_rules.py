"""Smaller rules of the field parser, each with the OCR slip or card habit it is for."""

from __future__ import annotations

from handover.reader.address import parse_address
from handover.reader.fields import extract_fields
from handover.reader.fields_contact import find_phones, find_postal, find_url
from handover.reader.gazetteer import lookup_postal
from handover.reader.names import split_name
from handover.reader.orgs import parse_segment, segments
from handover.reader.textnorm import fold
from handover.reader.types import Box, Line, Word


def _line(text: str, y: int, size: float = 20) -> Line:
    return Line(text, Box(40, y, int(len(text) * size), int(size)), (), size, 0.9)


def _values(lines: list[Line]) -> dict[str, str | None]:
    fields = extract_fields(lines, width=1075, height=650, vertical=False)
    return {k: (v.value if v else None) for k, v in fields.items()}


def test_wide_gaps_between_words_cut_a_line_into_segments() -> None:
    words = (
        Word("大臣", Box(0, 0, 40, 20), 0.9),
        Word("官房", Box(40, 0, 40, 20), 0.9),  # touching: one printed word split by OCR
        Word("総務課", Box(100, 0, 60, 20), 0.9),  # a character's width apart: printed space
    )
    line = Line("大臣 官房 総務課", Box(0, 0, 160, 20), words, 20.0, 0.9)
    assert segments(line) == ["大臣官房", "総務課"]


def test_dashes_between_digits_in_any_form() -> None:
    assert fold("5-ー20 一 15") == "5-20-15"  # doubled dash, and 一 (kanji one) for a dash
    assert fold("０３－３５８１ー４１１１") == "03-3581-4111"


def test_postal_mark_read_as_seven_or_dash_turned_in_a_column() -> None:
    assert find_postal(fold("7100-8926 東京都")).value == "100-8926"  # type: ignore[union-attr]
    assert find_postal("〒86115522").value == "861-5522"  # type: ignore[union-attr]


def test_leading_zero_read_from_a_colon_and_extension_split_by_ocr() -> None:
    got = [(p.kind, p.found.value) for p in find_phones(fold("TEL.O022 一 228 一 0581 内 線 62500"))]
    assert got == [("phone", "022-228-0581 内線 62500")]


def test_second_unlabelled_landline_is_the_fax() -> None:
    got = _values([_line("山田 太郎", 100, 48), _line("T. 03-5572-4522 / 7 7 7 A 03-5572-4525", 400, 16)])
    assert (got["phone"], got["fax"]) == ("03-5572-4522", "03-5572-4525")


def test_bare_domain_is_not_taken_for_a_url() -> None:
    assert find_url("shinichi.yamazakiGcity.chiba.lg.jp") is None
    assert find_url("www.city.chiba.lg.jp") is not None


def test_street_number_with_turned_dashes_is_checked_against_the_office() -> None:
    place = lookup_postal("100-8918")
    got = parse_address("東京都千代田区霞が関21113 中央合同庁舎第3号館", place, vertical=True)
    assert got.value == "東京都千代田区霞が関2-1-3 中央合同庁舎第3号館"


def test_turned_hyphens_without_an_office_take_short_parts() -> None:
    got = parse_address("東京都千代田区内幸町3130114", lookup_postal("100-0011"), vertical=True)
    assert got.value == "東京都千代田区内幸町3-30-14"
    assert parse_address("東京都千代田区内幸町3130114", None).value == "東京都千代田区内幸町3130114"


def test_known_town_with_a_numeral_stays_whole() -> None:
    assert (
        parse_address("東京都港区麻布十番4-8-18", lookup_postal("106-0045")).value
        == "東京都港区麻布十番4-8-18"
    )


def test_building_debris_is_trimmed() -> None:
    got = parse_address("東京都千代田区霞が関1-2-2 ee中央合同庁舎第5号館洛記征の", lookup_postal("100-8916"))
    assert got.value == "東京都千代田区霞が関1-2-2 中央合同庁舎第5号館"


def test_address_keeps_the_printed_street_number_and_drops_stray_marks() -> None:
    place = lookup_postal("100-8959")
    assert (
        parse_address("東京都千代田区霞が関三丁目二番二号 mm", place).value
        == "東京都千代田区霞が関三丁目二番二号"
    )
    # The gap is the hyphen OCR lost; the office's registered number (3丁目2-2) confirms it.
    assert parse_address("東京都千代田区霞が関3-2 2", place).value == "東京都千代田区霞が関3-2-2"


def test_english_side_address_without_its_postal_code() -> None:
    got = _values(
        [_line("Mai Sato", 100, 48), _line("1-3-1 Kasumigaseki, Chiyoda-ku, Tokyo 100-8901, Japan", 400, 16)]
    )
    assert got["address"] == "1-3-1 Kasumigaseki, Chiyoda-ku, Tokyo, Japan"
    assert got["postal_code"] == "100-8901"


def test_noise_before_a_legal_form_is_dropped() -> None:
    assert (
        parse_segment("(3)特定非営利活動法人若葉里山保全の会").organization
        == "特定非営利活動法人若葉里山保全の会"
    )
    assert parse_segment("サンプル株式会社営業部").department == "営業部"


def test_city_office_code_gives_the_city_not_its_building() -> None:
    got = _values([_line("山田 太郎", 100, 48), _line("〒390-8620 長野県松本市丸の内3-7", 400, 16)])
    assert got["organization"] == "松本市"


def test_unit_ending_shared_by_department_and_title() -> None:
    parts = parse_segment("総務課長")
    assert (parts.department, parts.title) == ("総務課", "課長")


def test_variant_kanji_surnames_and_unknown_surnames() -> None:
    assert split_name("髙橋健一")[:2] == ("髙橋", "健一")
    assert split_name("小鳥遊葵")[:2] == ("小鳥遊", "葵")


def test_a_title_alone_is_never_the_name() -> None:
    got = _values([_line("係 長", 100, 60), _line("吉田 博之", 200, 40)])
    assert got["name"] == "吉田 博之"
    assert got["title"] == "係長"


def test_phone_hyphens_turned_in_a_column_and_zero_read_as_nine() -> None:
    def phones(text: str) -> list[tuple[str, str]]:
        return [(p.kind, p.found.value) for p in find_phones(fold(text))]

    assert phones("直通 07619591I11362") == [("phone", "076-959-1362")]
    assert phones("M.07012778I1741 6") == [("mobile", "070-2778-1741")]
    assert phones("TEL: 93-5625-5926") == [("phone", "03-5625-5926")]
    assert phones("Tel.: 025-544-9131 3") == [("phone", "025-544-9131")]  # stray digit after it
    assert phones("Fax : 03:5454-8495") == [("fax", "03-5454-8495")]
    assert phones("Tel 092 一 784 一 3199 ファ クス 092-784-3200") == [
        ("phone", "092-784-3199"),
        ("fax", "092-784-3200"),
    ]
    assert phones("携帯 電話 090-9974-4133") == [("mobile", "090-9974-4133")]
    assert phones("9:00-17:00") == []


def test_public_body_from_its_web_domain_and_address() -> None:
    got = _values([
        _line("山田 太郎", 100, 48),
        _line("〒231-0005 神奈川県横浜市中区本町6-50-10", 400, 16),
        _line("HP https://www.city.yokohama.lg.jp", 440, 16),
    ])  # fmt: skip
    assert got["organization"] == "横浜市"
    got = _values([
        _line("山田 太郎", 100, 48),
        _line("〒231-0005 神奈川県横浜市中区本町6-50-10", 400, 16),
        _line("https://www.example.co.jp", 440, 16),
    ])  # fmt: skip
    assert got["organization"] is None


def test_legal_form_broken_by_ocr_gaps_and_civic_groups() -> None:
    words = tuple(
        Word(t, Box(x, 0, 30 * len(t), 30), 0.9)
        for t, x in (("株", 0), ("式", 50), ("会", 100), ("社", 150), ("ステラ", 220), ("メディカル", 330))
    )
    org_line = Line("株 式 会 社 ステラ メディカル", Box(0, 0, 480, 30), words, 30.0, 0.9)
    got = _values([org_line, _line("山田 太郎", 100, 48)])
    assert got["organization"] == "株式会社ステラメディカル"
    assert parse_segment("四谷子ども食堂ネットワーク").organization == "四谷子ども食堂ネットワーク"
    # 時 is read for 財 (日|寸 for 貝|才), never for 社: the one form that fits is 一般財団法人.
    assert (
        parse_segment("O一般時団法人東雲防災技術センター").organization == "一般財団法人東雲防災技術センター"
    )
    assert (
        parse_segment("利活動法人銀河子ども支援ネット").organization
        == "特定非営利活動法人銀河子ども支援ネット"
    )


def test_english_side_department_title_and_name() -> None:
    got = _values([
        _line("Minato Foods Co., Ltd.", 20, 28),
        _line("Local Government Sales Section", 60, 18),
        _line("Senior Manager", 85, 18),
        _line("Miwa Higa", 120, 48),
    ])  # fmt: skip
    assert (got["organization"], got["department"], got["title"], got["name"]) == (
        "Minato Foods Co., Ltd.",
        "Local Government Sales Section",
        "Senior Manager",
        "Miwa Higa",
    )


def test_half_a_name_is_left_out_but_its_reading_is_kept() -> None:
    got = _values([_line("株式会社サンプル", 20, 28), _line("山田", 100, 60), _line("やまだ ゆか", 170, 16)])
    assert got["name"] is None
    assert got["name_kana"] == "ヤマダ ユカ"


def test_romaji_alone_on_a_japanese_side_is_the_reading() -> None:
    got = _values([
        _line("株式会社サンプル商事", 20, 28),
        _line("Chinatsu MAEDA", 120, 30),
        _line("〒231-0005 神奈川県横浜市中区本町6-50-10", 400, 16),
    ])  # fmt: skip
    assert got["name"] is None
    assert got["name_kana"] == "マエダ チナツ"


def test_name_cut_in_two_lines_by_a_wide_space() -> None:
    got = _values([
        Line("山田", Box(100, 100, 120, 60), (), 60.0, 0.9),
        Line("佑香", Box(300, 102, 120, 60), (), 60.0, 0.9),
    ])  # fmt: skip
    assert got["name"] == "山田 佑香"


def test_organisation_cut_in_two_lines_is_joined() -> None:
    got = _values([_line("合同会社東", 20, 30), _line("サービス", 52, 29), _line("山田 太郎", 120, 48)])
    assert got["organization"] == "合同会社東サービス"
    got = _values([_line("総務省", 20, 30), _line("大臣官房", 52, 29), _line("山田 太郎", 120, 48)])
    assert (got["organization"], got["department"]) == ("総務省", "大臣官房")


def test_misread_public_body_is_the_body_of_its_address() -> None:
    got = _values([
        _line("名者市", 20, 30),
        _line("山田 太郎", 120, 48),
        _line("〒460-0001 愛知県名古屋市中区三の丸3-1-1", 400, 16),
    ])  # fmt: skip
    assert got["organization"] == "名古屋市"


def test_noise_lines_never_break_the_parser() -> None:
    nasty = [
        "",
        " ",
        "〒",
        "@",
        "()",
        "ー－一",
        "0" * 40,
        "株式会社",
        "〒999-9999",
        "a@b",
        "http://",
        "\u3000",
    ]
    lines = [Line(t, Box(0, i * 30, 10, 20), (), 0.0 if i % 2 else 20.0, 0.5) for i, t in enumerate(nasty)]
    fields = extract_fields(lines, width=100, height=100, vertical=True)
    assert fields["name"] is None


def test_english_organisation_over_two_lines_and_no_japanese_office_name() -> None:
    got = _values([
        _line("Ministry of Education, Culture, Sports,", 20, 20),
        _line("Science and Technology", 44, 20),
        _line("Taro Yamada", 100, 40),
        _line("3-2-2 Kasumigaseki, Chiyoda-ku, Tokyo 100-8959, Japan", 400, 14),
    ])  # fmt: skip
    assert got["organization"] == "Ministry of Education, Culture, Sports, Science and Technology"
    got = _values(
        [
            _line("Taro Yamada", 100, 40),
            _line("3-2-2 Kasumigaseki, Chiyoda-ku, Tokyo 100-8959, Japan", 400, 14),
        ]
    )
    assert got["organization"] is None  # the office code's Japanese name is not what an English side prints


def test_postal_mark_read_as_seven_before_a_spaced_code() -> None:
    assert find_postal("7460 8508 愛知県名古屋市中区").value == "460-8508"  # type: ignore[union-attr]


def test_pieces_a_layout_step_cut_from_one_printed_line_are_joined() -> None:
    got = _values([
        Line("山田 太郎", Box(400, 100, 300, 60), (), 60.0, 0.9),
        Line("〒530-8201 大阪府大阪市北区中之島", Box(92, 504, 383, 18), (), 17.0, 0.9),
        Line("1-3-20", Box(479, 502, 49, 29), (), 29.0, 0.9),
        Line("Tel:06", Box(88, 531, 32, 15), (), 15.0, 0.9),
        Line("一 5067一0265", Box(177, 529, 172, 24), (), 15.0, 0.9),
    ])  # fmt: skip
    assert got["address"] == "大阪府大阪市北区中之島1-3-20"
    assert got["phone"] == "06-5067-0265"


def test_name_pieces_around_an_organisation_read_apart_are_kept() -> None:
    got = _values([
        Line("千束まち くり協議会", Box(40, 40, 420, 40), (), 40.0, 0.9),
        Line("(株)八雲 メディカル", Box(40, 100, 420, 40), (), 40.0, 0.9),
        _line("山田 太郎", 300, 60),
    ])  # fmt: skip
    assert got["organization"] == "千束まちくり協議会"
    got = _values(
        [Line("(株)八雲 メディカル", Box(40, 100, 420, 40), (), 40.0, 0.9), _line("山田 太郎", 300, 60)]
    )
    assert got["organization"] == "(株)八雲メディカル"


def test_department_and_title_with_ocr_slips() -> None:
    got = _values([
        _line("神奈川県", 40, 40),
        _line("危機和理部 防災企画課", 100, 24),
        _line("担当部胡", 140, 24),
        _line("山田 太郎", 300, 60),
    ])  # fmt: skip
    assert got["department"] == "危機管理部防災企画課"
    assert got["title"] == "担当部長"


def test_a_speck_after_a_title_is_not_part_of_it() -> None:
    assert parse_segment("副参事2").title == "副参事"
    assert parse_segment("課長 .").title == "課長"
    # Only beside a title: a unit numbered in Latin digits keeps its number.
    assert parse_segment("営業第2").title is None
