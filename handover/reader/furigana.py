"""The reading printed over or under a big name (furigana, ふりがな), read again on its own.

The reading is set in small kana right against the big name. Tesseract's page layout often
takes the two for one block and reads the kana as Latin noise ('RFA YAY' for タナカ シオリ) or
drops them. The small line in the band over and under each big row is found from its ink,
read alone with the Japanese model at a comfortable size, and kept when it reads as kana
better than the page reading did.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

import cv2
import numpy as np
import numpy.typing as npt

from handover.reader import components
from handover.reader.types import Box, Word, mean_conf

GrayImage = npt.NDArray[np.uint8]
# (crop, scale factor, offset) -> words read in it as one line, boxes in card pixels
ReadLine = Callable[[GrayImage, float, tuple[int, int]], list[Word]]

_KANA = re.compile(r"[\u3041-\u309f\u30a1-\u30ffー]")
_TARGETS = (32, 40)  # px: kana heights tried; small kana read best at about these


def kana_share(text: str) -> float:
    """Share of the text's characters (spaces aside) that are kana."""
    chars = [c for c in text if not c.isspace()]
    return sum(bool(_KANA.fullmatch(c)) for c in chars) / len(chars) if chars else 0.0


def _quality(words: Sequence[Word]) -> float:
    """How much a reading looks like a printed reading: kana share times mean confidence."""
    text = "".join(w.text for w in words)
    if len(text.strip("ー")) < 2:
        return 0.0  # a reading printed apart in halves may have two kana each (ヒガ | ミワ)
    return kana_share(text) * mean_conf(words)


def _plausible(words: Sequence[Word]) -> bool:
    """A reading read with confidence, in one kana script (readings are all hiragana or all
    katakana; a mix is noise read as kana)."""
    text = "".join(w.text for w in words)
    hira = len(re.findall(r"[\u3041-\u309f]", text))
    kata = len(re.findall(r"[\u30a1-\u30ffー]", text))
    if kana_share(text) < 0.8 or max(hira, kata) < 0.8 * (hira + kata):
        return False
    return mean_conf(words) >= 0.7


def _kanji_text(words: Sequence[Word]) -> bool:
    """True when the page reading found a line of kanji there (a title, a department)."""
    kanji = [c for w in words if w.conf >= 0.5 for c in w.text if "\u3400" <= c <= "\u9fff"]
    return len(kanji) >= 2


def reading_band(ink: npt.NDArray[np.uint8], row: Box, *, above: bool) -> Box | None:
    """The box of a line of small glyphs right over (or under) a row of big glyphs, if any."""
    h, w = ink.shape
    g = row.h
    y0 = max(0, row.y - round(0.6 * g)) if above else row.bottom - round(0.05 * g)
    y1 = row.y + round(0.05 * g) if above else min(h, row.bottom + round(0.6 * g))
    x0, x1 = max(0, row.x - round(0.3 * g)), min(w, row.right + round(0.3 * g))
    if y1 - y0 < 4 or x1 - x0 < 4:
        return None
    region = np.ascontiguousarray(ink[y0:y1, x0:x1])
    _, _, stats, _ = cv2.connectedComponentsWithStats(region, connectivity=8)
    top, height = stats[:, cv2.CC_STAT_TOP], stats[:, cv2.CC_STAT_HEIGHT]
    # Small marks (kana are under 0.4 of the name's glyphs), not cut by the band's far edge
    # (the line beyond) nor parts of the big glyphs reaching into the band.
    near_edge = (top + height >= region.shape[0]) if above else (top <= 0)
    small = (height <= 0.4 * g) & (stats[:, cv2.CC_STAT_WIDTH] <= 0.5 * g)
    small &= (stats[:, cv2.CC_STAT_AREA] >= 4) & ~near_edge
    small[0] = False
    if not small.any():
        return None
    # The line is where most of the small marks' ink lies.
    profile = np.zeros(region.shape[0])
    for i in np.flatnonzero(small):
        profile[top[i] : top[i] + height[i]] += stats[i, cv2.CC_STAT_AREA]
    rows = np.flatnonzero(profile > 0.1 * profile.max())
    lo, hi = int(rows.min()), int(rows.max()) + 1
    keep = [i for i in np.flatnonzero(small) if top[i] >= lo - 2 and top[i] + height[i] <= hi + 2]
    if len(keep) < 3 or not 0.1 * g <= hi - lo <= 0.45 * g:
        return None
    left = min(int(stats[i, cv2.CC_STAT_LEFT]) for i in keep)
    right = max(int(stats[i, cv2.CC_STAT_LEFT] + stats[i, cv2.CC_STAT_WIDTH]) for i in keep)
    return Box(x0 + left, y0 + lo, right - left, hi - lo)


def _segments(ink: npt.NDArray[np.uint8], band: Box) -> list[Box]:
    """The band cut at gaps wider than about one and a half of its characters."""
    columns = ink[band.y : band.bottom, band.x : band.right].any(axis=0)
    # Columns of ink up to 1.5 characters apart are one segment.
    out = [
        Box(band.x + a, band.y, b - a, band.h)
        for a, b in components.runs(columns, join=int(1.5 * band.h) - 1)
    ]
    return [b for b in out if b.w >= band.h]


def _reread_band(gray: GrayImage, band: Box, words: list[Word], read_line: ReadLine) -> list[Word]:
    """The words, with those in the band replaced by its reading read alone, when better."""
    old = [wd for wd in words if wd.centred_in(band)]
    if any(wd.box.x < band.x - band.h or wd.box.right > band.right + band.h for wd in old):
        return words  # the page read a longer line there (both halves of the reading): kept
    best: list[Word] = []
    h, w = gray.shape
    m = max(2, round(0.3 * band.h))
    x0, y0 = max(0, band.x - m), max(0, band.y - m)
    crop = gray[y0 : min(h, band.bottom + m), x0 : min(w, band.right + m)]
    for factor in sorted({min(1.0, target / band.h) for target in _TARGETS}):
        again = read_line(crop, factor, (x0, y0))
        if _quality(again) > _quality(best):
            best = again
    if not _plausible(best) or _quality(best) <= _quality(old) + 0.1 or _kanji_text(old):
        return words
    # One line: each word's box across is the band's (a raw line read gives some glyphs
    # boxes as tall as the crop, which would split the line in layout).
    best = [Word(wd.text, Box(wd.box.x, band.y, wd.box.w, band.h), wd.conf) for wd in best]
    return [wd for wd in words if not wd.centred_in(band)] + best


def reread_readings(
    gray: GrayImage, rows: Sequence[Box], words: list[Word], read_line: ReadLine
) -> list[Word]:
    """The words, with the reading over or under each big row read again where that reads
    better as kana than what the page reading made of it."""
    if not rows:
        return words
    _, raw = cv2.threshold(gray, 0, 1, cv2.THRESH_BINARY_INV + cv2.THRESH_OTSU)
    ink = np.asarray(raw, np.uint8)
    for row in rows:
        for above in (True, False):
            line = reading_band(ink, row, above=above)
            # The readings of the family and the given name printed apart, each over its half,
            # are read apart: Tesseract reads a raw line only up to a wide gap.
            for band in _segments(ink, line) if line is not None else []:
                words = _reread_band(gray, band, words, read_line)
    return words
