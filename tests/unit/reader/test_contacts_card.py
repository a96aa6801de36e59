"""Contact fields checked against each other and against the address on one card."""

from __future__ import annotations

from handover.reader.address import postal_near, public_domain
from handover.reader.contact_checks import public_name
from handover.reader.fields import extract_fields
from handover.reader.types import Box, Line, Word
from handover.reader.web_address import reconcile


def _line(text: str, x: int, y: int, size: float = 16) -> Line:
    return Line(text, Box(x, y, int(len(text) * size * 0.6), int(size)), (), size, 0.9)


def _values(lines: list[Line]) -> dict[str, str | None]:
    fields = extract_fields(lines, width=1075, height=650, vertical=False)
    return {k: (v.value if v else None) for k, v in fields.items()}


def test_public_domain_spelt_as_the_address_names_the_place() -> None:
    assert public_domain("pref.siyagi.jp", "宮城県仙台市青葉区本町3-8-1") == "pref.miyagi.jp"
    assert public_domain("city.eatsusoto.lg.jp", "長野県松本市丸の内3-7") == "city.matsumoto.lg.jp"
    assert public_domain("city.naha.lg.jp", "沖縄県那覇市泉崎1-1-1") is None  # already right
    assert public_domain("city.sapporo.lg.jp", "沖縄県那覇市泉崎1-1-1") is None  # another place: kept


def test_one_misread_digit_of_a_postal_code_is_found_in_the_town() -> None:
    assert postal_near("140-9015", "東京都品川区西大井2-30-14") == "140-0015"
    assert postal_near("140-9915", "東京都品川区西大井2-30-14") is None  # two digits off


def test_a_domain_that_lost_a_letter_or_its_second_level_is_completed() -> None:
    assert reconcile("akumo-consul.co.jp", "yakumo-consul.co.jp") == "yakumo-consul.co.jp"
    assert reconcile("next-u.jp", "next-u.ac.jp") == "next-u.ac.jp"
    assert reconcile("abc.co.jp", "xyz.co.jp") is None


def test_a_letter_added_inside_a_word_is_dropped_when_only_one_reading_is_romaji() -> None:
    assert reconcile("aoba-u.ac.jp", "aoba-vu.ac.jp") == "aoba-u.ac.jp"  # v is not in romaji
    assert reconcile("sakura-u.ac.jp", "sakurai-u.ac.jp") is None  # both romaji: no way to tell


def test_card_fixes_domains_and_area_codes_from_each_other() -> None:
    got = _values(
        [
            _line("山田 太郎", 40, 100, 48),
            _line("TEL 03-3054-3465", 40, 400),
            _line("ファクス 093-3054-3468", 40, 420),  # an added 9 in the area code
            _line("Mail takanashi_takuya@akumo-consul.co.jp", 40, 440),
            _line("www.yakumo-consul.co.jp", 40, 460),
        ]
    )
    assert (got["phone"], got["fax"]) == ("03-3054-3465", "03-3054-3468")
    assert got["email"] == "takanashi_takuya@yakumo-consul.co.jp"
    assert got["url"] == "www.yakumo-consul.co.jp"


def test_an_address_cut_at_the_line_end_takes_its_rest_from_the_next_piece() -> None:
    got = _values(
        [
            _line("山田 太郎", 40, 100, 48),
            _line("E-mail: abe@tokiwa-foods.", 40, 400),
            _line("co.jp", 300, 400),
            _line("HP www.tokiwa-foods.co.jp", 40, 420),
        ]
    )
    assert got["email"] == "abe@tokiwa-foods.co.jp"
    assert got["url"] == "www.tokiwa-foods.co.jp"


def test_a_line_with_its_own_label_is_not_joined() -> None:
    got = _values(
        [
            _line("山田 太郎", 40, 100, 48),
            _line("e-mail tokunaga_kei@shirasagi.orjp", 40, 400),
            _line("HP www.shirasagi.or.jp", 40, 420),
        ]
    )
    assert got["email"] == "tokunaga_kei@shirasagi.or.jp"


def test_a_phone_number_group_layout_cut_off_is_put_back() -> None:
    def words_line(*words: tuple[str, int, int]) -> Line:
        ws = tuple(Word(t, Box(x, 675, w, 22), 0.9) for t, x, w in words)
        box = ws[0].box
        for w in ws[1:]:
            box = box.union(w.box)
        return Line(" ".join(t for t, _, _ in words), box, ws, 22.0, 0.9)

    got = _values(
        [
            _line("山田 太郎", 40, 100, 48),
            words_line(("直通", 118, 44), ("03-5070-", 170, 150), ("(内線15737)", 420, 180)),
            words_line(("8416", 322, 60)),  # another type size: layout made it a line of its own
        ]
    )
    assert got["phone"] == "03-5070-8416 内線 15737"


def test_www_layout_cut_out_of_a_web_address_is_put_back() -> None:
    line = Line(
        "HP https:// jpo.go.jp",
        Box(56, 558, 223, 20),
        (
            Word("HP", Box(56, 558, 30, 20), 0.9),
            Word("https://", Box(92, 558, 64, 20), 0.9),
            Word("jpo.go.jp", Box(196, 558, 83, 20), 0.9),
        ),
        20.0,
        0.9,
    )
    www = Line("www.", Box(159, 564, 32, 9), (Word("www.", Box(159, 564, 32, 9), 0.9),), 9.0, 0.9)
    got = _values([_line("山田 太郎", 40, 100, 48), line, www])
    assert got["url"] == "https://www.jpo.go.jp"


def test_a_public_body_is_named_in_its_domain_without_its_suffix() -> None:
    assert public_name("city", "神奈川県川崎市川崎区宮本町1") == "kawasaki"  # the city, not the ward
    assert public_name("city", "東京都品川区広町2-1-36") == "shinagawa"
    assert public_name("pref", "広島県広島市中区基町10-52") == "hiroshima"
    assert public_name("town", "埼玉県入間郡毛呂山町中央2-1") == "moroyama"  # no district


def test_an_email_cut_after_at_city_is_completed_from_the_address() -> None:
    got = _values(
        [
            _line("山田 太郎", 40, 100, 48),
            _line("〒210-8577 神奈川県川崎市川崎区宮本町1", 40, 400),
            _line("Mail yamadat@city", 40, 440),
        ]
    )
    assert got["email"] == "yamadat@city.kawasaki.lg.jp"
