"""The name and its reading as the field parser finds them, on lines as OCR gives them."""

from __future__ import annotations

from handover.reader.fields import extract_fields
from handover.reader.types import Box, Line


def _line(text: str, x: int, y: int, size: float, *, width: int | None = None, conf: float = 0.9) -> Line:
    return Line(text, Box(x, y, width or int(len(text) * size), int(size)), (), size, conf)


def _values(lines: list[Line]) -> dict[str, str | None]:
    fields = extract_fields(lines, width=1075, height=650, vertical=False)
    return {k: (v.value if v else None) for k, v in fields.items()}


def test_stray_marks_around_a_big_name_are_dropped() -> None:
    got = _values([_line("株式会社サンプル", 40, 20, 28), _line("田中 詩織ny", 40, 120, 80, width=430)])
    assert got["name"] == "田中 詩織"
    got = _values([_line("株式会社サンプル", 40, 20, 28), _line("福田1佑香", 40, 120, 80, width=320)])
    assert got["name"] == "福田 佑香"


def test_a_character_read_twice_is_read_once() -> None:
    got = _values([_line("株式会社サンプル", 40, 20, 28), _line("斎藤雄雄一", 40, 120, 80)])
    assert got["name"] == "斎藤 雄一"


def test_a_line_of_an_address_without_its_digits_is_no_name() -> None:
    got = _values([_line("株式会社サンプル", 40, 20, 28), _line("町42 常盤", 40, 400, 20)])
    assert got["name"] is None


def test_surnames_ending_like_a_department_are_names() -> None:
    got = _values([
        _line("株式会社サンプル", 40, 20, 28),
        Line("阿部", Box(100, 240, 300, 150), (), 126.0, 0.4),
        Line("智之", Box(460, 286, 160, 71), (), 71.0, 0.8),
    ])  # fmt: skip
    assert got["name"] == "阿部 智之"


def test_halves_of_a_name_in_different_sizes_are_joined() -> None:
    # OCR's box of the family name took in the romanised name printed over it: taller.
    got = _values([
        _line("株式会社サンプル", 40, 20, 28),
        Line("前田", Box(418, 364, 233, 180), (), 151.5, 0.9),
        Line("千夏", Box(725, 404, 190, 90), (), 90.0, 0.85),
    ])  # fmt: skip
    assert got["name"] == "前田 千夏"
    # One glyph of the given name read apart is joined only when that makes a known name.
    got = _values([
        _line("株式会社サンプル", 40, 20, 28),
        Line("斉藤 さく", Box(85, 364, 425, 118), (), 106.5, 0.6),
        Line("ら", Box(541, 397, 53, 64), (), 64.0, 0.9),
    ])  # fmt: skip
    assert got["name"] == "斉藤 さくら"


def test_misread_name_put_right_by_its_romanised_form() -> None:
    got = _values([
        _line("株式会社サンプル", 40, 20, 28),
        _line("間田 美穂", 74, 313, 99, width=565, conf=0.41),
        _line("OKADA Miho", 74, 408, 18),
    ])  # fmt: skip
    assert (got["name"], got["name_kana"]) == ("岡田 美穂", "オカダ ミホ")


def test_dropped_character_put_back_from_the_e_mail() -> None:
    got = _values([
        _line("株式会社サンプル", 40, 20, 28),
        _line("鈴木 美", 92, 356, 114, width=539, conf=0.45),
        _line("Mail: misaki.suzuki@example.ac.jp", 92, 760, 20),
    ])  # fmt: skip
    assert got["name"] == "鈴木 美咲"
    assert got["name_kana"] is None  # the card prints no reading


def test_a_katakana_title_near_the_name_does_not_hide_the_romanised_reading() -> None:
    got = _values([
        _line("コーデイネーダー", 490, 196, 23),
        _line("石井 晋也", 381, 252, 82, width=435),
        _line("ISHII Shinya", 381, 354, 21),
    ])  # fmt: skip
    assert got["name_kana"] == "イシイ シンヤ"


def test_slips_in_the_printed_reading_put_right_by_the_name() -> None:
    got = _values([_line("マエダキョウヘへヘイ", 70, 259, 34), _line("前田 恭平", 71, 300, 104, width=460)])
    assert (got["name"], got["name_kana"]) == ("前田 恭平", "マエダ キョウヘイ")


def test_garbled_reading_over_the_name_is_read_from_the_name_data() -> None:
    lines = [_line("株式会社サンプル", 40, 20, 28), _line("石井 陽介", 359, 350, 76, width=406)]
    assert _values(lines)["name_kana"] is None  # no reading printed: none made up
    got = _values([*lines, _line("UNG Ue", 361, 313, 20, width=81)])
    assert got["name_kana"] == "イシイ ヨウスケ"


def test_kana_of_another_word_beside_the_name_is_no_reading() -> None:
    # マネ (of マネージャー) beside the name: not its reading, and none is made up.
    got = _values([
        _line("株式会社サンプル", 40, 20, 28),
        _line("長谷川 龍之介", 280, 345, 82, width=560),
        _line("マネ", 300, 320, 22, width=44),
    ])  # fmt: skip
    assert got["name"] == "長谷川 龍之介"
    assert got["name_kana"] is None


def test_kana_left_in_a_garbled_reading_pick_the_name_s_reading() -> None:
    got = _values([
        _line("NBAショウヘイ", 118, 292, 21, width=274),
        _line("長谷部 昌平", 118, 316, 142, width=560),
    ])  # fmt: skip
    assert got["name_kana"] == "ハセベ ショウヘイ"


def test_surnames_that_end_like_a_village_are_names_but_places_are_not() -> None:
    # 淳 read apart, its box taller than the glyph (a mark under it): its width is its size.
    got = _values([
        _line("福岡県", 117, 74, 53),
        _line("NAKAMURA Jun", 118, 293, 22),
        Line("中村", Box(124, 292, 207, 176), (), 145.5, 0.85),
        Line("淳", Box(438, 280, 82, 190), (), 190.0, 0.1),
    ])  # fmt: skip
    assert got["name"] == "中村 淳"
    got = _values([Line("北海道", Box(60, 60, 300, 100), (), 100.0, 0.9), _line("総務部", 60, 300, 30)])
    assert got["name"] is None


def test_family_name_read_larger_than_the_given_name_is_joined_and_repaired() -> None:
    got = _values([
        _line("Rie SAKAKIBARA", 61, 229, 10.5, width=97),
        Line("桶原", Box(62, 150, 102, 92), (), 75.5, 0.41),
        Line("理恵", Box(178, 175, 94, 43), (), 43.0, 0.68),
    ])  # fmt: skip
    assert (got["name"], got["name_kana"]) == ("榊原 理恵", "サカキバラ リエ")
