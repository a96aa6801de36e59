"""Repairing an OCR'd name with the reading the card prints and the real name data."""

from __future__ import annotations

from handover.reader.name_repair import Clues, clues_from, edit_distance, repair_name, repair_reading


def test_edit_distance_counts_dropped_added_and_misread_characters() -> None:
    assert edit_distance("鈴木美", "鈴木美咲") == 1
    assert edit_distance("間田美穂", "岡田美穂") == 1
    assert edit_distance("斎藤雄雄一", "斎藤雄一") == 1
    assert edit_distance("", "山田") == 2


def test_clues_from_romaji_and_email() -> None:
    clues = clues_from(None, ["Misaki SUZUKI"], "misaki.suzuki@example.jp")
    assert "スズキ" in clues.family
    assert "ミサキ" in clues.given
    # One word in an e-mail is the surname; an initial glued to it is dropped.
    assert clues_from(None, [], "tanakas@example.go.jp").family == {"タナカ"}
    assert clues_from(None, [], "tanakas@example.go.jp").given == set()


def test_clues_from_a_printed_kana_reading() -> None:
    clues = clues_from("すずき みさき", [], None)
    assert (clues.family, clues.given) == ({"スズキ"}, {"ミサキ"})


def test_dropped_character_put_back() -> None:
    clues = clues_from(None, ["Misaki SUZUKI"], None)
    assert repair_name("鈴木美", clues) == ("鈴木", "美咲")


def test_glyph_count_picks_between_equally_near_names() -> None:
    clues = clues_from(None, ["Misaki SUZUKI"], None)
    # 実咲 (one misread) and 実沙季, 実沙樹 (one dropped) all read ミサキ: the glyphs decide.
    assert repair_name("鈴木実沙", clues, chars=4.2) == ("鈴木", "実咲")
    assert repair_name("鈴木実沙", clues, chars=None) is None


def test_misread_surname_put_right_by_the_romanised_name() -> None:
    assert repair_name("間田美穂", clues_from(None, ["OKADA Miho"], None)) == ("岡田", "美穂")


def test_equally_near_spellings_are_left_alone() -> None:
    # 和子 read for a ノリコ: 紀子, 典子, 法子 ... are all one character away.
    assert repair_name("菅原和子", clues_from("スガワラ ノリコ", [], None)) is None


def test_a_half_read_right_is_never_changed() -> None:
    # The surname alone, read right: no given name is made up from its own letters.
    assert repair_name("東海林", Clues(family={"ショウジ"})) is None
    # A known given name whose reading is one kana off what OCR read of the reading stays.
    got = repair_name("斎藤美咲", clues_from("サイトウ ミサ", [], None))
    assert got in (None, ("斎藤", "美咲"))


def test_no_clue_no_repair() -> None:
    assert repair_name("野達也", Clues()) is None


def test_reading_slips_put_right_by_the_name_data() -> None:
    assert repair_reading("マエダキョウヘヘヘイ", "前田", "恭平") == "マエダ キョウヘイ"
    assert repair_reading("ヤマザキ ナホキ", "山崎", "直樹") == "ヤマザキ ナオキ"
    # Too far from any reading of the name: not touched.
    assert repair_reading("タナカ ハナコ", "前田", "恭平") is None


def test_a_character_too_many_is_dropped_and_the_printed_variant_kept() -> None:
    clues = clues_from("さわだ まい", [], "mai.sawada@example.com")
    assert repair_name("澤田和舞", clues) == ("澤田", "舞")


def test_a_surname_reading_other_than_the_data_lists_is_kept() -> None:
    # The data reads 国分 コクブ; コクブン is as right, and so is ヤマサキ for 山崎.
    assert repair_reading("コクブン コウジ", "國分", "幸司") is None
    assert repair_reading("ヤマサキ ナオキ", "山崎", "直樹") is None


def test_reading_ties_broken_by_the_printed_given_reading_and_the_e_mail() -> None:
    # イケ|ダイスケ is one kana from both イケダ ダイスケ and イケダ タイスケ.
    assert repair_reading("イケ ダイスケ", "池田", "大輔") == "イケダ ダイスケ"
    # クリバヤシカ is one kana from カヨ and カエ: the e-mail spells kayo.
    clues = clues_from(None, [], "kuribayashi_kayo@example.co.jp")
    assert repair_reading("クリバヤシカ", "栗林", "佳代", clues) == "クリバヤシ カヨ"
    assert repair_reading("クリバヤシカ", "栗林", "佳代") is None
