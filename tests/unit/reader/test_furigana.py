"""The reading printed over a big name, read again on its own (furigana.reread_readings)."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from handover.reader.furigana import reread_readings
from handover.reader.types import Box, Word
from tests.unit.reader.synthetic_cards import draw_rows

_FONT = Path("/usr/share/fonts/opentype/noto/NotoSansCJK-Bold.ttc")


@pytest.mark.skipif(not _FONT.exists(), reason="Noto CJK fonts are not installed")
def test_halves_of_a_reading_of_two_kana_each_are_read_again() -> None:
    # ひが over 比嘉 and みわ over 美和, far apart: each half is read alone, two kana long.
    gray = draw_rows(
        [("ひが", 100, 200, 30), ("みわ", 330, 200, 30), ("比嘉", 100, 260, 110), ("美和", 330, 260, 110)]
    )
    junk = Word("7/", Box(335, 205, 55, 30), 0.76)
    halves = {True: "ヒガ", False: "ミワ"}

    def read_line(crop: np.ndarray, factor: float, offset: tuple[int, int]) -> list[Word]:
        return [Word(halves[offset[0] < 250], Box(offset[0] + 5, offset[1] + 5, 60, 30), 0.9)]

    got = reread_readings(gray, [Box(100, 270, 440, 110)], [junk], read_line)
    assert sorted(w.text for w in got) == ["ヒガ", "ミワ"]


@pytest.mark.skipif(not _FONT.exists(), reason="Noto CJK fonts are not installed")
def test_a_dash_or_a_lone_kana_read_in_the_band_is_no_reading() -> None:
    gray = draw_rows([("ひが", 100, 200, 30), ("比嘉", 100, 260, 110)])

    def read_line(crop: np.ndarray, factor: float, offset: tuple[int, int]) -> list[Word]:
        return [Word("ーヒー", Box(offset[0] + 5, offset[1] + 5, 60, 30), 0.9)]

    assert reread_readings(gray, [Box(100, 270, 220, 110)], [], read_line) == []
