"""Words a card spells in its web address, found in its kanji by their shape (real IPAdic,
real fonts, glyphs drawn as a card prints them)."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from PIL import Image, ImageDraw, ImageFont

from handover.reader.host_spellings import host_words, spellings
from handover.reader.stretch_words import spliced
from handover.reader.types import Box, Word
from handover.reader.web_words import spell_web_words

_FONT = Path("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc")
_SIZE = 48
_X, _Y = 30, 30


def _card(text: str) -> np.ndarray:
    """A white card with `text` drawn in one row of full-width glyphs."""
    canvas = Image.new("L", (60 + _SIZE * len(text), 200), 255)
    font = ImageFont.truetype(str(_FONT), _SIZE, index=0)
    for i, ch in enumerate(text):
        ImageDraw.Draw(canvas).text((_X + i * _SIZE, _Y), ch, font=font, fill=0)
    return np.asarray(canvas, np.uint8)


def _word(text: str, at: int, conf: float) -> Word:
    """OCR's word on the glyphs from index `at`, one glyph per character."""
    top = _Y + round(0.2 * _SIZE)  # Noto's em box starts above its glyphs
    return Word(text, Box(_X + at * _SIZE + 2, top, len(text) * _SIZE - 4, _SIZE), conf)


_ADDRESS = Word("ishii@kohaku-sekkei.co.jp", Box(_X, 150, 500, 20), 0.9)


def _text(words: list[Word]) -> str:
    return "".join(w.text for w in words if w is not _ADDRESS and "@" not in w.text)


def test_the_words_of_a_host_name_leave_out_what_kind_of_site_it_is() -> None:
    texts = [
        "e-mail: ishii@kohaku-sekkei.co.jp",
        "URL https://www.city.toshima.lg.jp",
        "www. shirasagi-u.ac.jp",
    ]
    assert host_words(texts) == ["kohaku", "sekkei", "toshima", "shirasagi"]
    assert host_words(["TEL 03-1234-5678", "東京都千代田区"]) == []


def test_a_romanised_word_is_spelt_in_kanji_from_ipadic() -> None:
    assert "琥珀" in spellings("kohaku")
    assert "東邦" in spellings("toho")  # Hepburn drops the long vowels: とうほう
    assert spellings("consul") == set()


def test_a_doubted_misreading_is_replaced_by_the_spelling_the_glyphs_show() -> None:
    gray = _card("株式会社琥珀設計")
    words = [_word("株式会社", 0, 0.93), _word("玉了", 4, 0.0), _word("設計", 6, 0.95), _ADDRESS]
    assert _text(spell_web_words(gray, words)) == "株式会社琥珀設計"


def test_a_doubted_word_read_right_is_kept() -> None:
    gray = _card("株式会社古白設計")  # こはく too, but not the address's 琥珀
    words = [_word("株式会社", 0, 0.93), _word("古白", 4, 0.3), _word("設計", 6, 0.95), _ADDRESS]
    assert _text(spell_web_words(gray, words)) == "株式会社古白設計"


def test_sure_words_and_cards_without_a_web_address_are_left_alone() -> None:
    gray = _card("株式会社琥珀設計")
    sure = [_word("株式会社", 0, 0.93), _word("玉了", 4, 0.9), _word("設計", 6, 0.95), _ADDRESS]
    assert _text(spell_web_words(gray, sure)) == "株式会社玉了設計"
    bare = [_word("株式会社", 0, 0.93), _word("玉了", 4, 0.0), _word("設計", 6, 0.95)]
    assert spell_web_words(gray, bare) == bare


def test_a_spelling_the_line_holds_already_is_not_written_twice() -> None:
    gray = _card("有限会社八雲設計")
    address = Word("info@yakumo-sekkei.co.jp", Box(_X, 150, 500, 20), 0.9)
    # OCR read the name right but doubted it, its boxes a glyph late: 社八's box is on 八雲.
    words = [_word("有限会", 0, 0.93), _word("社八", 4, 0.4), _word("雲設計", 6, 0.95), address]
    assert "".join(w.text for w in spell_web_words(gray, words) if w is not address) == "有限会社八雲設計"


def test_glyphs_are_counted_off_the_line_when_ocr_read_two_as_one() -> None:
    gray = _card("有限会社琥珀精機")
    address = Word("igarashi@kohaku-seiki.co.jp", Box(_X, 150, 500, 20), 0.9)
    # 琥珀 read as one doubted glyph, its box on 琥 alone.
    words = [_word("有限会社", 0, 0.93), _word("斑", 4, 0.0), _word("精機", 6, 0.9), address]
    assert "".join(w.text for w in spell_web_words(gray, words) if w is not address) == "有限会社琥珀精機"


# OCR's boxes a glyph late: 社, read surely, is boxed on 琥. Counted along the line, the spelling
# goes after 社; with Latin letters at both ends there is nothing to count by, only the boxes,
# and the spelling does not take the sure glyph's place.
@pytest.mark.parametrize(
    ("printed", "first", "read"),
    [("株式会社琥珀設計", 0, "株式会社琥珀設計"), ("A株式会社琥珀設計B", 1, "A株式会社了設計B")],
    ids=["counted", "boxed"],
)
def test_a_sure_glyph_is_never_written_over(printed: str, first: int, read: str) -> None:
    gray = _card(printed)
    words = [_word("A", 0, 0.9)] if first else []
    words += [_word("株式会", first, 0.93), _word("社", first + 4, 0.9), _word("了", first + 5, 0.0)]
    words += [_word(printed[first + 6 :], first + 6, 0.95), _ADDRESS]
    assert _text(spell_web_words(gray, words)) == read


def test_a_spelling_counted_into_the_middle_of_words_keeps_their_other_characters() -> None:
    words = [_word("株式会社玉", 0, 0.9), _word("了設計", 5, 0.3)]
    new = _word("琥珀", 4, 0.8)
    out = spliced(words, (4, 6), new)
    assert [w.text for w in out] == ["株式会社", "琥珀", "設計"]
    assert out[0].box == words[0].box and out[2].box == words[1].box and out[1] is new
