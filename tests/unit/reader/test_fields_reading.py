"""The reading of the name (name_kana) as the field parser finds it, on lines as OCR gives them."""

from __future__ import annotations

from handover.reader.fields import extract_fields
from handover.reader.types import Box, Line, Word


def _line(text: str, x: int, y: int, size: float, *, width: int | None = None, conf: float = 0.9) -> Line:
    return Line(text, Box(x, y, width or int(len(text) * size), int(size)), (), size, conf)


def _words(pieces: list[tuple[str, float]], x: int, y: int, size: int) -> Line:
    """A line of words side by side, each with its own confidence."""
    words, left = [], x
    for text, conf in pieces:
        words.append(Word(text, Box(left, y, len(text) * size, size), conf))
        left += len(text) * size
    box = Box(x, y, left - x, size)
    return Line("".join(w.text for w in words), box, tuple(words), float(size), min(c for _, c in pieces))


def _kana(lines: list[Line]) -> str | None:
    fields = extract_fields(
        [_line("株式会社サンプル", 40, 20, 28), *lines], width=1075, height=650, vertical=False
    )
    value = fields["name_kana"]
    return value.value if value else None


def test_kana_beginning_as_no_word_does_are_no_reading() -> None:
    # The tail of コンサルタンツ that OCR cut off the company's name, next to the name.
    assert _kana([_line("ンサルタ ンツ", 280, 50, 20, width=150), _line("池田 光太郎", 250, 207, 67)]) is None


def test_kana_with_nothing_of_the_surname_s_reading_are_no_reading() -> None:
    # えあ センタ (of ささえあいセンター) beside 東海林, read ショウジ: no surname reads エア.
    assert _kana([_line("えあ センタ", 250, 160, 20, width=150), _line("東海林 誠", 250, 200, 80)]) is None
    assert (
        _kana([_line("しょうじ まこと", 250, 160, 20), _line("東海林 誠", 250, 200, 80)]) == "ショウジ マコト"
    )


def test_the_given_name_s_reading_alone_gets_the_surname_s_from_the_name_data() -> None:
    got = _kana([_line("シュンスケ", 271, 143, 16, width=83), _line("西村 俊介", 189, 165, 46)])
    assert got == "ニシムラ シュンスケ"


def test_the_halves_of_a_reading_printed_apart_are_joined() -> None:
    lines = [_line("コン ドウ", 92, 331, 24, width=131), _line("シュンスケ", 300, 332, 23, width=120)]
    assert _kana([*lines, _line("近藤 俊介", 90, 377, 95, width=561)]) == "コンドウ シュンスケ"
    # ヤ of ヤスヒロ lost: the name data put it back.
    lines = [_line("コン ドウ", 92, 331, 24, width=131), _line("ス ヒ ロ", 300, 332, 23, width=95)]
    assert _kana([*lines, _line("近藤 康弘", 90, 377, 95, width=561)]) == "コンドウ ヤスヒロ"


def test_the_surname_s_reading_alone_with_a_given_name_of_one_reading() -> None:
    assert (
        _kana([_line("いし い", 361, 313, 20, width=80), _line("石井 陽介", 359, 350, 76)])
        == "イシイ ヨウスケ"
    )
    # 陽子 reads many ways: no guess.
    assert _kana([_line("まえだ", 92, 332, 24, width=100), _line("前田 陽子", 91, 375, 95)]) is None


def test_a_kana_read_as_a_digit_in_a_small_reading() -> None:
    got = _kana(
        [_line("さかもとし6や", 250, 280, 14, width=113), _line("坂本 晋也", 256, 310, 67, width=292)]
    )
    assert got == "サカモト シンヤ"
    # Digits in a row are a number, not a reading.
    assert _kana([_line("さかもと 0612", 250, 280, 14, width=113), _line("坂本 晋也", 256, 310, 67)]) is None


def test_kana_ocr_was_unsure_of_that_make_no_known_name_are_dropped() -> None:
    name = _line("阿部 幸司", 260, 330, 73, width=319)
    garbled = [("アベ", 0.78), ("コウ", 0.88), ("グ", 0.17), ("ヴ", 0.39), ("ゾ", 0.09)]
    assert _kana([_words(garbled, 262, 300, 20), name]) is None
    assert _kana([_words([("アベ", 0.8), ("コウジ", 0.2)], 262, 300, 20), name]) == "アベ コウジ"
