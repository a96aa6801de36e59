"""ocr: the Tesseract adapter, and telling 縦書き columns from horizontal lines."""

from __future__ import annotations

import numpy as np
import pytesseract
import pytest
from PIL import Image, ImageDraw, ImageFont

from handover.errors import OcrFailed
from handover.reader import ocr
from handover.reader.preprocess import estimate_text_size, to_gray
from handover.reader.read import reading_quality
from handover.reader.settings import ReaderSettings
from handover.reader.types import Box, Word
from tests.unit.reader.synthetic_cards import GOTHIC, draw_horizontal_card, draw_vertical_card

SETTINGS = ReaderSettings()


def _text_image(text: str, size: int = 40) -> np.ndarray:
    font = ImageFont.truetype(str(GOTHIC), size)
    im = Image.new("L", (size * len(text) // 2 + 120, size * 2), 255)
    ImageDraw.Draw(im).text((40, size // 2), text, fill=0, font=font)
    return np.asarray(im)


def test_horizontal_card_is_not_vertical() -> None:
    gray = to_gray(draw_horizontal_card())
    d = ocr.analyse_directions(gray, char_size=estimate_text_size(gray))
    assert not d.vertical
    assert d.horizontal_ink > 3 * d.vertical_ink


def test_vertical_card_is_vertical_with_a_horizontal_phone_line() -> None:
    gray = to_gray(draw_vertical_card())
    d = ocr.analyse_directions(gray, char_size=estimate_text_size(gray))
    assert d.vertical
    h, w = gray.shape
    # The phone number at the foot is horizontal, the columns above are not.
    assert d.horizontal_mask[int(0.9 * h) + 10, int(0.2 * w)] == 255
    assert d.horizontal_mask[: int(0.6 * h)].max() == 0
    assert d.vertical_mask[int(0.2 * h), int(0.84 * w)] == 255


def test_timeout_and_errors_become_ocr_failed(monkeypatch: pytest.MonkeyPatch) -> None:
    def boom(*args: object, **kwargs: object) -> None:
        raise RuntimeError("Tesseract process timeout")

    monkeypatch.setattr(pytesseract, "image_to_data", boom)
    with pytest.raises(OcrFailed, match="timeout") as info:
        ocr.recognize(_text_image("TEL"), languages="eng", psm=7, settings=SETTINGS)
    assert isinstance(info.value.__cause__, RuntimeError)


def test_words_from_recorded_data_are_shifted_and_scaled() -> None:
    data: dict[str, list[object]] = {
        "level": [4, 5, 5, 5],
        "text": ["", "TEL", " ", "03-1234-5678"],
        "conf": ["-1", "96.5", "-1", "88"],
        "left": [0, 10, 60, 70],
        "top": [0, 5, 5, 5],
        "width": [0, 40, 5, 120],
        "height": [0, 20, 20, 20],
    }
    words = ocr._words(data, (100, 200), 0.0)
    assert [w.text for w in words] == ["TEL", "03-1234-5678"]
    assert words[0].box.x == 110 and words[0].box.y == 205
    assert words[0].conf == pytest.approx(0.965)


@pytest.mark.tesseract
def test_recognize_reads_words_with_boxes() -> None:
    image = _text_image("TEL 5253-8111")
    words = ocr.recognize(image, languages="jpn+eng", psm=7, settings=SETTINGS)
    assert "".join(w.text for w in words).replace(" ", "") == "TEL5253-8111"
    assert all(0 <= w.conf <= 1 and w.box.w > 0 for w in words)
    assert words[0].box.x < words[-1].box.x


@pytest.mark.tesseract
def test_unknown_language_is_ocr_failed() -> None:
    with pytest.raises(OcrFailed):
        ocr.recognize(_text_image("TEL"), languages="xxx_missing", psm=7, settings=SETTINGS)


@pytest.mark.tesseract
def test_osd_says_nothing_on_a_blank_image() -> None:
    assert ocr.detect_orientation(np.full((200, 300), 255, np.uint8), settings=SETTINGS) is None


@pytest.mark.tesseract
def test_vertical_card_reads_columns_and_phone() -> None:
    gray = to_gray(draw_vertical_card(width=900, font=GOTHIC))
    result = ocr.read_words(gray, char_size=estimate_text_size(gray), settings=SETTINGS)
    assert result.vertical
    vertical_text = "".join(w.text for w in result.words if w.vertical)
    horizontal_text = "".join(w.text for w in result.words if not w.vertical)
    assert "鈴木" in vertical_text and "九段" in vertical_text
    assert "03-3264-2111" in horizontal_text


def test_large_glyphs_side_by_side_make_a_row() -> None:
    boxes = [Box(100, 300, 90, 95), Box(200, 305, 92, 90), Box(420, 302, 90, 92), Box(100, 40, 95, 95)]
    rows = ocr.large_rows(boxes)
    assert rows == [Box(100, 300, 410, 95)]  # the lone glyph at the top is no row


def test_reading_quality_tells_right_from_wrong() -> None:
    good = ocr.OcrResult(tuple(Word("山田太郎", Box(0, 0, 100, 30), 0.93) for _ in range(10)), False)
    junk = ocr.OcrResult(tuple(Word("ナ", Box(0, 0, 30, 30), 0.2) for _ in range(30)), False)
    assert reading_quality(good, glyphs=45) > 0.8
    assert reading_quality(junk, glyphs=45) < 0.3
    assert reading_quality(ocr.OcrResult((), False), glyphs=45) == 0.0
