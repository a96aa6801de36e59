"""Numbers misread as look-alikes are read again on the image with only digits allowed."""

from __future__ import annotations

from pathlib import Path

import cv2
import numpy as np
import pytest

from handover.reader import engine
from handover.reader.digit_reread import (
    accept,
    consistent,
    kind_of,
    number_start,
    reread_numbers,
    suspicious,
    trailing_number,
    valid_phone,
    valid_postal,
    valid_street,
)
from handover.reader.settings import ReaderSettings
from handover.reader.types import Box, Word

RECORDED = Path(__file__).parent / "recorded"


def _split(text: str) -> tuple[str, str]:
    start = number_start(text)
    assert start is not None
    return text[:start], text[start:]


def test_the_number_starts_at_a_misread_first_digit_but_not_in_a_label() -> None:
    assert _split("キー27") == ("", "キー27")
    assert _split("小屋南+9-10") == ("小屋南", "+9-10")
    assert _split("山の下町149S5") == ("山の下町", "149S5")
    assert _split("Fax022-228-0582") == ("Fax", "022-228-0582")
    assert _split("Tel03-1234-5678") == ("Tel", "03-1234-5678")
    assert _split("〒|00-8959") == ("〒", "|00-8959")
    assert _split("O54-338-3535") == ("", "O54-338-3535")
    assert _split("直通025-329-1765") == ("直通", "025-329-1765")
    assert number_start("営業部") is None


def test_kinds_of_number_by_shape_and_context() -> None:
    assert kind_of("", "93-6986-2065", "代表") == "phone"
    assert kind_of("〒", "|00-8959", "") == "postal"
    assert kind_of("", "キー27", "福岡県福岡市博多区博多駅前") == "street"
    assert kind_of("山の下町", "149S5", "東区") == "street"
    # A floor is no street number; a number with no address before it is left alone.
    assert kind_of("", "ワー9F", "東京都港区") is None
    assert kind_of("", "キー27", "営業部") is None
    assert kind_of("", "+81-3-6614-9846", "Tel:") is None


def test_only_numbers_that_read_wrong_are_read_again() -> None:
    assert suspicious("phone", "93-6986-2065", 0.91)  # no Japanese number starts with 9
    assert suspicious("phone", "O54-338-3535", 0.9)
    assert not suspicious("phone", "03-6086-2065", 0.91)
    assert suspicious("street", "キー27", 0.9)
    assert not suspicious("street", "27-1", 0.3)  # only its look-alikes can be put right
    assert suspicious("postal", "|00-8959", 0.9)


def test_shape_checks() -> None:
    assert valid_phone("03-6086-2065")
    assert valid_phone("090-6874-9095")
    assert not valid_phone("93-6986-2065")
    assert not valid_phone("03-6086-206")
    assert valid_postal("100-8959")
    assert not valid_postal("10-08959")
    assert not valid_postal("000-0000")  # no such postal code
    assert valid_street("1-27", "キー27")
    assert valid_street("1495", "149S5")
    assert not valid_street("1-27-1-3", "キー27")  # far longer than what was read
    assert not valid_street("1--27", "キー27")
    assert accept("street", "4-9-10", "+9-10")
    assert not accept("phone", "93-3363-0128", "93-3363-9128")


def test_a_street_number_may_change_only_where_it_was_misread() -> None:
    assert consistent("キー27一1", "1-27-1")
    assert consistent("149S5", "1495")
    assert consistent("149S5", "149-5")  # the mark was a hyphen
    assert not consistent("5b-9-18", "15-9-18")  # a digit added where none was misread
    assert not consistent("+9-10", "4-9-16")  # a digit read first changed


def test_the_number_a_re_read_ends_with() -> None:
    assert trailing_number("新川4ー23ー6") == "4-23-6"
    assert trailing_number("1—27—-1") == "1-27-1"
    assert trailing_number("03(3158)6308", "().") == "03(3158)6308"
    assert trailing_number("前") == ""


@pytest.mark.tesseract
def test_a_street_number_in_the_wrong_boxes_is_read_again_whole() -> None:
    # 博多駅前１－２７－１ on sample card 0057: Tesseract put the "1" in a box it read as 前 and
    # read "－２７" as "キー27" (words as it gave them, shifted to this crop).
    gray = cv2.imread(str(RECORDED / "0057_street_number.png"), cv2.IMREAD_GRAYSCALE)
    assert gray is not None
    words = [
        Word("区", Box(15, 19, 19, 27), 0.96),
        Word("博多", Box(49, 18, 67, 28), 0.95),
        Word("駅", Box(132, 17, 27, 29), 0.96),
        Word("前", Box(173, 19, 7, 23), 0.90),
        Word("キー27", Box(197, 19, 115, 24), 0.53),
        Word("一", Box(328, 19, 8, 23), 0.90),
        Word("1", Box(342, 12, 24, 40), 0.83),
        Word("コス", Box(389, 12, 51, 40), 0.93),
        Word("モ", Box(439, 20, 13, 23), 0.93),
    ]
    out = reread_numbers(np.asarray(gray, np.uint8), words, settings=ReaderSettings())
    assert [w.text for w in out] == ["区", "博多", "駅", "前", "1-27-1", "コス", "モ"]
    assert out[4].box == Box(197, 12, 169, 40)


@pytest.mark.tesseract
def test_a_phone_number_read_with_9_for_0_is_read_again_on_the_image() -> None:
    # 直通 03-3363-0128 / FAX 03-3363-0130 as printed on sample card 0068; Tesseract read
    # "93-3363-9128" and "03-3363-9130" (boxes as it gave them, shifted to this crop).
    gray = cv2.imread(str(RECORDED / "0068_phone_lines.png"), cv2.IMREAD_GRAYSCALE)
    assert gray is not None
    image = np.asarray(gray, np.uint8)
    words = [
        Word("直通", Box(22, 16, 61, 31), 0.93),
        Word("93-3363-9128", Box(120, 19, 198, 24), 0.82),
        Word("FAX", Box(20, 65, 47, 24), 0.94),
        Word("03-3363-9130", Box(103, 65, 197, 25), 0.80),
    ]
    out = reread_numbers(image, words, settings=ReaderSettings())
    assert [w.text for w in out] == ["直通", "03-3363-0128", "FAX", "03-3363-0130"]
    assert out[1].box == words[1].box
    assert out[1].conf > words[1].conf
    # A valid number read with confidence is not read again, even when it is wrong.
    sure = [Word("03-3363-9130", Box(103, 65, 197, 25), 0.92)]
    assert reread_numbers(image, sure, settings=ReaderSettings())[0] is sure[0]


@pytest.mark.tesseract
def test_the_whitelist_is_put_back_after_a_digits_only_reading() -> None:
    gray = np.full((60, 200), 255, np.uint8)
    cv2.putText(gray, "AB 12", (10, 40), cv2.FONT_HERSHEY_SIMPLEX, 1.0, 0, 2)
    languages = ReaderSettings().languages
    engine.words_within(gray, characters="0123456789", languages=languages, psm=7, timeout=10)
    table = engine.words(gray, languages=languages, psm=7, timeout=10)
    assert "AB" in " ".join(str(t) for t in table["text"])
