"""Small-text lines re-read enlarged: boxes come back in the page's pixels."""

from __future__ import annotations

import numpy as np

from handover.reader import gaps
from handover.reader.types import Box, Word


def test_enlarged_doubles_size_and_keeps_paper_white() -> None:
    crop = np.full((20, 40), 255, np.uint8)
    crop[8:12, 10:30] = 0
    big = gaps._enlarged(crop, 2)
    assert big.shape == (40, 80)
    assert big[0, 0] == 255
    assert big[20, 40] < 60


def test_placed_maps_box_back_and_adds_offset() -> None:
    word = Word("03-1234", Box(20, 10, 60, 30), 0.9, False)
    placed = gaps._placed(word, 2, (100, 50))
    assert placed.box == Box(110, 55, 30, 15)
    assert placed.text == "03-1234" and placed.conf == 0.9


def test_placed_factor_one_is_offset_only() -> None:
    word = Word("課長", Box(3, 4, 5, 6), 0.8, False)
    assert gaps._placed(word, 1, (10, 20)).box == Box(13, 24, 5, 6)
