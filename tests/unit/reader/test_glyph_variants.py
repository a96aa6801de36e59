"""Variant kanji of names (﨑, 德, 髙) told from the usual form by the glyph's shape."""

from __future__ import annotations

from pathlib import Path

import cv2
import numpy as np
import pytest
from PIL import Image, ImageDraw, ImageFont

from handover.reader.glyph_variants import printed_forms
from handover.reader.types import Box, Word

_FONT = Path("/usr/share/fonts/opentype/noto/NotoSansCJK-Bold.ttc")


def _printed(text: str, size: int = 90) -> np.ndarray:
    """The text printed large on a card, photographed a little blurred and noisy."""
    canvas = Image.new("L", (size * (len(text) + 2), size * 2), 255)
    font = ImageFont.truetype(str(_FONT), size, index=0)
    ImageDraw.Draw(canvas).text((size, size // 2), text, font=font, fill=20)
    gray = cv2.GaussianBlur(np.asarray(canvas), (3, 3), 0.8)
    noise = np.random.default_rng(7).normal(0, 8, gray.shape)
    return np.asarray(np.clip(gray + noise, 0, 255), np.uint8)


def _read_as(text: str, size: int = 90) -> Word:
    return Word(text, Box(size, size // 2, size * len(text), int(size * 1.2)), 0.9)


@pytest.mark.skipif(not _FONT.exists(), reason="Noto CJK fonts are not installed")
@pytest.mark.parametrize(("printed", "read"), [("山﨑", "山崎"), ("德永", "徳永"), ("髙橋", "高橋")])
def test_variant_glyph_read_as_the_usual_form_is_put_back(printed: str, read: str) -> None:
    got = printed_forms(_printed(printed), [_read_as(read)], min_size=40)
    assert got[0].text == printed


@pytest.mark.skipif(not _FONT.exists(), reason="Noto CJK fonts are not installed")
@pytest.mark.parametrize("text", ["山崎", "徳永", "高橋", "宮崎"])
def test_usual_form_stays(text: str) -> None:
    assert printed_forms(_printed(text), [_read_as(text)], min_size=40)[0].text == text


def test_small_text_is_left_alone() -> None:
    word = _read_as("山崎", 20)
    assert printed_forms(np.full((60, 100), 255, np.uint8), [word], min_size=40) == [word]
