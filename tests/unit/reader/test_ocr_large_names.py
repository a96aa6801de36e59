"""A big name read again as one line, at other sizes when the first reading is doubtful."""

from __future__ import annotations

import numpy as np
from PIL import Image, ImageDraw, ImageFont

from handover.reader import ocr
from handover.reader.settings import ReaderSettings
from handover.reader.types import Box, Word
from tests.unit.reader.synthetic_cards import GOTHIC


def _word(text: str, conf: float) -> Word:
    return Word(text, Box(0, 0, 10, 10), conf)


def test_known_names_win_the_vote_between_readings() -> None:
    sure_misread = [_word("加藤", 0.92), _word("理織", 0.9)]
    known = [_word("加藤", 0.9), _word("香織", 0.8)]
    assert ocr._reading_score(known) > ocr._reading_score(sure_misread)
    assert ocr._reading_score([]) < ocr._reading_score([_word("〇", 0.1)])


def test_big_name_row_is_read() -> None:
    size = 120
    font = ImageFont.truetype(str(GOTHIC), size)
    canvas = Image.new("L", (size * 6, int(size * 1.8)), 255)
    ImageDraw.Draw(canvas).text((size // 2, size // 3), "山田 太郎", fill=0, font=font)
    crop = np.asarray(canvas)
    words = ocr._read_large_row(crop, size, (100, 200), settings=ReaderSettings())
    assert "".join(w.text for w in words) == "山田太郎"
    assert all(w.box.x >= 100 and w.box.y >= 200 for w in words)  # boxes in the card's pixels
