"""Old and variant kanji of names that Tesseract cannot write (﨑, 髙, 德, 邉), told by their shape.

Many surnames are printed in a variant form (山﨑, 髙橋, 德永, 渡邉) that is the person's name as
registered, not a style. Tesseract's Japanese models have no such characters and read the usual
form (山崎). A big name glyph read as one of the usual forms is compared with both forms drawn
in the Japanese fonts installed on the machine; the variant is taken only when it matches
clearly better.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import cv2
import numpy as np
import numpy.typing as npt
from PIL import Image, ImageDraw, ImageFont

from handover.reader.types import Word

# What Tesseract reads -> the name character it has no code for and takes it for: old and
# variant forms (山﨑, 髙橋, 德永, 渡邉, 齊藤) and 實 (桑原實), which it reads as 寅.
_VARIANT_OF = {"崎": "﨑", "高": "髙", "徳": "德", "邊": "邉", "辺": "邉", "齋": "齊", "寅": "實"}
# Gothic and Mincho faces of the Japanese fonts Debian packages (fonts-noto-cjk, fonts-ipafont).
_FONT_FILES = (
    "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/opentype/noto/NotoSansCJK-Bold.ttc",
    "/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc",
    "/usr/share/fonts/opentype/noto/NotoSerifCJK-Bold.ttc",
    "/usr/share/fonts/opentype/ipafont-gothic/ipag.ttf",
    "/usr/share/fonts/opentype/ipafont-mincho/ipam.ttf",
)
_SIDE = 40  # px: glyphs are compared at this size
# Measured on printed and photographed cards: a glyph matches its own form at 0.95 or more,
# the other form at 0.90 or less.
_MIN_MATCH = 0.93
_MIN_MARGIN = 0.05

Ink = npt.NDArray[np.uint8]


@lru_cache(maxsize=1)
def _fonts() -> tuple[ImageFont.FreeTypeFont, ...]:
    # Face 0 of a Noto CJK collection is the Japanese one.
    return tuple(ImageFont.truetype(p, 96, index=0) for p in _FONT_FILES if Path(p).exists())


def _normalised(ink: npt.NDArray[np.bool_] | Ink) -> npt.NDArray[np.float32] | None:
    """The glyph's ink cut to its bounding box, resized, blurred and scaled to unit norm."""
    ys, xs = np.nonzero(ink)
    if len(xs) == 0:
        return None
    crop = np.asarray(ink[ys.min() : ys.max() + 1, xs.min() : xs.max() + 1], np.float32)
    out = cv2.GaussianBlur(cv2.resize(crop, (_SIDE, _SIDE), interpolation=cv2.INTER_AREA), (5, 5), 1.0)
    out -= out.mean()
    norm = float(np.linalg.norm(out))
    return np.asarray(out / norm, np.float32) if norm else None


def normalised_glyph(ink: npt.NDArray[np.bool_] | Ink) -> npt.NDArray[np.float32] | None:
    """A glyph's ink as compared with drawn characters (None when there is no ink)."""
    return _normalised(ink)


def glyph_cells(ink: Ink, n: int, vertical: bool) -> list[npt.NDArray[np.bool_]]:
    """A run of ink cut into `n` glyphs along the line; [] unless they are about square."""
    return _cells(ink, n, vertical)


def glyph_match(glyph: npt.NDArray[np.float32], ch: str) -> float:
    """How well a normalised glyph matches the character drawn in the best-fitting font (<= 1)."""
    return _match(glyph, ch)


@lru_cache(maxsize=256)
def _templates(ch: str) -> tuple[npt.NDArray[np.float32], ...]:
    out = []
    for font in _fonts():
        canvas = Image.new("L", (140, 140), 0)
        ImageDraw.Draw(canvas).text((70, 70), ch, font=font, fill=255, anchor="mm")
        glyph = _normalised(np.asarray(canvas) > 127)
        if glyph is not None:
            out.append(glyph)
    return tuple(out)


def _match(glyph: npt.NDArray[np.float32], ch: str) -> float:
    """How well the glyph matches the character in the best-fitting font (correlation, <= 1)."""
    return max((float((glyph * t).sum()) for t in _templates(ch)), default=0.0)


def _cells(ink: Ink, n: int, vertical: bool) -> list[npt.NDArray[np.bool_]]:
    """The word's big glyphs cut into `n` equal cells along the line; [] unless they are square."""
    size = ink.shape[1] if vertical else ink.shape[0]
    r = max(3, round(size / 12)) | 1
    joined = cv2.dilate(ink, cv2.getStructuringElement(cv2.MORPH_ELLIPSE, (r, r)))
    count, labels, stats, _ = cv2.connectedComponentsWithStats(joined, connectivity=8)
    if count < 2:
        return []
    # The reading printed over the name, or a mark beside it, is smaller than the glyphs.
    across = stats[1:, cv2.CC_STAT_WIDTH if vertical else cv2.CC_STAT_HEIGHT]
    keep = np.zeros(count, bool)
    keep[1:] = across >= 0.6 * across.max()
    mask = keep[labels] & (ink > 0)
    ys, xs = np.nonzero(mask)
    x0, x1, y0, y1 = int(xs.min()), int(xs.max()) + 1, int(ys.min()), int(ys.max()) + 1
    length, thickness = (y1 - y0, x1 - x0) if vertical else (x1 - x0, y1 - y0)
    if not 0.8 <= length / n / max(1, thickness) <= 2.2:
        return []  # not n glyphs side by side (spaced out, as names often are)
    out = []
    for k in range(n):
        # Equal cells hold one glyph each even when the name is spaced out: the pitch is even.
        a, b = round(k * length / n), round((k + 1) * length / n)
        cell = mask[y0 + a : y0 + b, x0:x1] if vertical else mask[y0:y1, x0 + a : x0 + b]
        ys, xs = np.nonzero(cell)
        if len(xs) == 0 or not 0.6 <= (np.ptp(xs) + 1) / (np.ptp(ys) + 1) <= 1.7:
            return []  # a cell that is no single square glyph: the count is off
        out.append(cell)
    return out


def printed_forms(gray: npt.NDArray[np.uint8], words: list[Word], *, min_size: float) -> list[Word]:
    """The words, with a big glyph read as 崎, 高, 徳 ... turned into the variant it shows."""
    if not _fonts():
        return words
    out = []
    for word in words:
        size = word.box.w if word.vertical else word.box.h
        if size >= min_size and any(ch in _VARIANT_OF for ch in word.text):
            word = _resolved(gray, word)
        out.append(word)
    return out


def _resolved(gray: npt.NDArray[np.uint8], word: Word) -> Word:
    box = word.box
    m = round(0.1 * min(box.w, box.h))
    y0, x0 = max(0, box.y - m), max(0, box.x - m)
    region = gray[y0 : box.bottom + m, x0 : box.right + m]
    if region.size == 0:
        return word
    _, ink = cv2.threshold(region, 0, 1, cv2.THRESH_BINARY_INV + cv2.THRESH_OTSU)
    cells = _cells(np.asarray(ink, np.uint8), len(word.text), word.vertical)
    if not cells:
        return word
    text = list(word.text)
    for k, ch in enumerate(word.text):
        variant = _VARIANT_OF.get(ch)
        glyph = _normalised(cells[k]) if variant else None
        if variant is None or glyph is None:
            continue
        plain, other = _match(glyph, ch), _match(glyph, variant)
        if other >= _MIN_MATCH and other - plain >= _MIN_MARGIN:
            text[k] = variant
    return Word("".join(text), box, word.conf, word.vertical)
