"""extract_fields on hand-written line lists: one card per rule of the field parser."""

from __future__ import annotations

from handover.reader.fields import extract_fields
from handover.reader.types import FIELD_NAMES, Box, Line, Word


def line(
    text: str, y: int, size: float = 20, *, x: int = 40, conf: float = 0.9, vertical: bool = False
) -> Line:
    """A line with one word per space-separated piece, laid out left to right (or top to bottom)."""
    words = []
    pos = x if not vertical else y
    for piece in text.split(" "):
        length = int(len(piece) * size)
        box = Box(pos, y, length, int(size)) if not vertical else Box(x, pos, int(size), length)
        words.append(Word(piece, box, conf))
        pos += length + int(size)  # a full character of space between printed words
    box = words[0].box
    for w in words[1:]:
        box = box.union(w.box)
    return Line(text, box, tuple(words), size, conf, vertical)


def values(lines: list[Line], *, vertical: bool = False) -> dict[str, str | None]:
    fields = extract_fields(lines, width=1075, height=650, vertical=vertical)
    assert set(fields) == set(FIELD_NAMES)
    return {k: (v.value if v else None) for k, v in fields.items()}


def test_ministry_card() -> None:
    got = values([
        line("総務省", 20, 28),
        line("大臣官房 総務課", 60, 22),
        line("課長補佐", 95, 22),
        line("山田 太郎", 150, 56),
        line("ヤマダ タロウ", 220, 16),
        line("〒100-8926 東京都千代田区霞が関2-1-2", 400, 16),
        line("中央合同庁舎第2号館", 420, 16),
        line("TEL 03-5253-5111 FAX 03-5253-5112", 440, 16),
        line("E-mail: t.yamada@soumu.go.jp", 460, 16),
        line("https://www.soumu.go.jp/", 480, 16),
    ])  # fmt: skip
    assert got == {
        "name": "山田 太郎",
        "name_kana": "ヤマダ タロウ",
        "organization": "総務省",
        "department": "大臣官房総務課",
        "title": "課長補佐",
        "postal_code": "100-8926",
        "address": "東京都千代田区霞が関2-1-2 中央合同庁舎第2号館",
        "phone": "03-5253-5111",
        "fax": "03-5253-5112",
        "mobile": None,
        "email": "t.yamada@soumu.go.jp",
        "url": "https://www.soumu.go.jp",
    }


def test_company_card_with_title_beside_the_name_and_romaji_reading() -> None:
    got = values([
        line("株式会社サンプル商事", 20, 28),
        line("営業本部 第一営業部", 60, 22),
        line("係長 佐藤花子", 150, 48),
        line("Hanako Sato", 210, 16),
        line("〒231-0005", 400, 16),
        line("横浜市中区本町6-50-10 サンプルビル5F", 420, 16),
        line("携帯 090-1234-5678", 440, 16),
        line("sato@sample.cojp", 460, 16),
    ])  # fmt: skip
    assert got["organization"] == "株式会社サンプル商事"
    assert got["department"] == "営業本部第一営業部"
    assert got["title"] == "係長"
    assert got["name"] == "佐藤 花子"
    assert got["name_kana"] == "サトウ ハナコ"
    assert got["address"] == "神奈川県横浜市中区本町6-50-10 サンプルビル5F"  # prefecture inferred
    assert got["mobile"] == "090-1234-5678"
    assert got["phone"] is None
    assert got["email"] == "sato@sample.co.jp"


def test_ocr_errors_in_the_known_part_of_the_address_are_fixed() -> None:
    got = values([line("山田太郎", 100, 48), line("〒100-8926 東京都千代田匹霞が閏2-1-2", 400, 16)])
    assert got["address"] == "東京都千代田区霞が関2-1-2"


def test_organisation_from_a_large_office_postal_code() -> None:
    got = values([line("山田太郎", 100, 48), line("〒100-8926 千代田区霞が関2-1-2", 400, 16)])
    assert got["organization"] == "総務省"


def test_organisation_name_misread_is_corrected_by_the_office_code() -> None:
    got = values([line("総務首", 20, 28), line("山田太郎", 100, 48), line("〒100-8926", 400, 16)])
    assert got["organization"] == "総務省"


def test_legal_form_abbreviations() -> None:
    assert (
        values([line("㈱ミライ技研", 20, 28), line("鈴木 一郎", 100, 48)])["organization"] == "(株)ミライ技研"
    )
    got = values([line("特定非営利活動法人 まちづくり支援センター", 20, 24), line("高橋 健", 100, 48)])
    assert got["organization"] == "特定非営利活動法人まちづくり支援センター"


def test_public_body_with_its_department_on_one_line() -> None:
    got = values(
        [line("横浜市 都市整備局 企画課", 20, 24), line("担当係長", 60, 22), line("中村 優子", 100, 48)]
    )
    assert (got["organization"], got["department"], got["title"]) == (
        "横浜市",
        "都市整備局企画課",
        "担当係長",
    )


def test_department_and_title_on_one_line() -> None:
    got = values([line("経済産業省", 20, 28), line("総務課 課長補佐", 60, 22), line("田中 実", 100, 48)])
    assert (got["department"], got["title"]) == ("総務課", "課長補佐")


def test_address_over_two_lines_and_prefecture_omitted() -> None:
    got = values([
        line("伊藤 恵", 100, 48),
        line("千代田区霞が関1-3-1", 400, 16),
        line("中央合同庁舎第4号館", 420, 16),
    ])  # fmt: skip
    assert got["address"] == "東京都千代田区霞が関1-3-1 中央合同庁舎第4号館"
    assert got["postal_code"] == "100-0013"  # the town's only code, as no postal code is printed


def test_lost_postal_code_of_a_public_body_comes_from_its_large_office_code() -> None:
    got = values(
        [line("総務省", 20, 28), line("山田 太郎", 100, 48), line("東京都千代田区霞が関2-1-2", 400, 16)]
    )
    assert got["postal_code"] == "100-8926"
    got = values([line("横浜市", 20, 28), line("山田 太郎", 100, 48), line("横浜市中区本町6-50-10", 400, 16)])
    assert got["postal_code"] is None  # a public body without a listed office: no town code


def test_hiragana_reading_becomes_katakana_and_is_split_at_the_surname() -> None:
    got = values([line("山田太郎", 100, 48), line("やまだたろう", 160, 16)])
    assert got["name_kana"] == "ヤマダ タロウ"


def test_latin_name_on_an_english_card() -> None:
    got = values([
        line("Ministry of Internal Affairs and Communications", 20, 20),
        line("Taro YAMADA", 100, 40),
        line("Tel: +81-3-5253-5111", 400, 16),
    ])  # fmt: skip
    assert got["name"] == "Taro YAMADA"
    assert got["name_kana"] is None  # an English side prints no reading
    assert got["organization"] == "Ministry of Internal Affairs and Communications"
    assert got["phone"] == "03-5253-5111"


def test_vertical_card_with_kanji_numerals() -> None:
    got = values(
        [
            line("総務省", 40, 28, x=1000, vertical=True),
            line("自治行政局 市町村課", 40, 24, x=950, vertical=True),
            line("山田 太郎", 120, 56, x=800, vertical=True),
            line("〒一〇〇ー八九二六", 40, 16, x=300, vertical=True),
            line("東京都千代田区霞が関二丁目一番二号", 40, 16, x=270, vertical=True),
            line("電話 〇三ー五二五三ー五一一一", 40, 16, x=240, vertical=True),
        ],
        vertical=True,
    )
    assert got["postal_code"] == "100-8926"
    assert got["phone"] == "03-5253-5111"
    assert got["address"] == "東京都千代田区霞が関二丁目一番二号"  # street numbers as printed
    assert got["department"] == "自治行政局市町村課"
    assert got["name"] == "山田 太郎"


def test_confidence_is_lower_for_unverified_values() -> None:
    fields = extract_fields(
        [line("山田太郎", 100, 48, conf=0.9), line("〒999-9999 東京都", 400, 16, conf=0.9)],
        width=1075, height=650, vertical=False,
    )  # fmt: skip
    postal = fields["postal_code"]
    assert postal is not None
    assert postal.confidence < 0.9


def test_empty_card() -> None:
    assert values([]) == dict.fromkeys(FIELD_NAMES)
