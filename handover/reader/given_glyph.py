"""A given name's misread kanji told by its shape among the kanji its printed reading allows.

Tesseract's Japanese model misreads many single big kanji of given names (遥 as 遂, 誠 as 計,
葵 as 半, 淳 as 浮) while reading the name's printed reading right: the furigana, a romanised
name or the e-mail address. The name data lists the kanji read so (ハルカ: 遥, 遙, 悠 ...);
the glyph on the card is compared with each of them drawn in the installed Japanese fonts, and
one is taken only when it matches clearly and clearly better than any other, OCR's own
reading included.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

import cv2
import numpy as np
import numpy.typing as npt

from handover.reader.glyph_variants import glyph_match, normalised_glyph
from handover.reader.layout import build_lines
from handover.reader.name_repair import Clues, clues_from
from handover.reader.names import given_by_reading, kana_reading, split_name
from handover.reader.types import Box, Line, Word

GrayImage = npt.NDArray[np.uint8]

_KANJI = re.compile(r"[\u3400-\u9fff\uf900-\ufaff々]")
_KANA_LINE = re.compile(r"[\u3041-\u309f\u30a1-\u30ffー\s]{3,}")
_LATIN_NAME = re.compile(r"[A-Z][A-Za-z'-]+,?\s+[A-Z][A-Za-z'-]+")
_LOCAL_PART = re.compile(r"([A-Za-z][A-Za-z0-9._\-]*)@")
# Measured on scanned and photographed cards: the printed kanji matches its own drawing at
# 0.95 or more, the kanji OCR took it for and the others read alike at 0.75 or less.
_MIN_MATCH = 0.85
_MIN_MARGIN = 0.15


def card_clues(lines: Sequence[Line]) -> Clues:
    """Readings of the name the card prints: kana lines, romanised names, the e-mail."""
    clues = Clues()
    romaji, email = [], None
    for line in lines:
        text = line.text.strip()
        if _KANA_LINE.fullmatch(text):
            found = clues_from(kana_reading(text), (), None)
            clues.family |= found.family
            clues.given |= found.given
        elif _LATIN_NAME.fullmatch(text):
            romaji.append(text)
        elif email is None and (local := _LOCAL_PART.search(text.replace(" ", ""))):
            email = local.group(0)
    found = clues_from(None, romaji, email)
    clues.family |= found.family
    clues.given |= found.given
    return clues


def _glyphs(gray: GrayImage, box: Box, size: float) -> list[npt.NDArray[np.uint8]]:
    """The ink of each big glyph (about `size` px) in the box, left to right, as far back from
    the right as each blob is one glyph."""
    m = round(0.15 * box.h)
    h, w = gray.shape
    region = gray[max(0, box.y - m) : min(h, box.bottom + m), max(0, box.x - m) : min(w, box.right + m)]
    if region.size == 0:
        return []
    _, raw = cv2.threshold(region, 0, 1, cv2.THRESH_BINARY_INV + cv2.THRESH_OTSU)
    ink = np.asarray(raw, np.uint8)
    r = max(3, round(0.06 * size)) | 1
    joined = cv2.dilate(ink, cv2.getStructuringElement(cv2.MORPH_ELLIPSE, (r, r)))
    n, labels, stats, _ = cv2.connectedComponentsWithStats(joined, connectivity=8)
    if n < 2:
        return []
    bw, bh = stats[1:, cv2.CC_STAT_WIDTH], stats[1:, cv2.CC_STAT_HEIGHT]
    big = np.flatnonzero(bh >= 0.6 * int(bh.max()))
    big = big[np.argsort(stats[1 + big, cv2.CC_STAT_LEFT])]
    out: list[npt.NDArray[np.uint8]] = []
    for i in big:
        if not 0.6 * bh[i] <= bw[i] <= 1.6 * bh[i]:
            out = []  # glyphs blurred together (or a glyph in pieces): the count from here is off
            continue
        out.append(np.asarray((labels == i + 1) & (ink > 0), np.uint8))
    return out


def _name_row(lines: Sequence[Line], min_size: float) -> list[Line]:
    """The biggest horizontal line of kanji and the lines beside it in its band (the halves of
    a name set wide apart), left to right."""
    big = [ln for ln in lines if not ln.vertical and ln.size >= min_size]
    named = [ln for ln in big if _KANJI.search(ln.text)]
    if not named:
        return []
    name = max(named, key=lambda ln: ln.size)
    row = [
        ln
        for ln in big
        if 0.5 * name.size <= ln.size <= 2 * name.size
        and min(ln.box.bottom, name.box.bottom) - max(ln.box.y, name.box.y) > 0.5 * min(ln.box.h, name.box.h)
    ]
    return sorted(row, key=lambda ln: ln.box.x)


def resolve_given_names(gray: GrayImage, words: list[Word], *, min_size: float) -> list[Word]:
    """The words, with a kanji of a big given name that OCR misread put right by its shape."""
    lines = build_lines(words)
    row = _name_row(lines, min_size)
    if not row:
        return words
    text = "".join(ln.text for ln in row).replace(" ", "")
    # The given name is at the end of the row: the part after a surname, or what OCR made of
    # one (the parser puts a surname right by its reading).
    family, given, _ = split_name(text)
    if not (1 <= len(family) <= 3 and all(_KANJI.fullmatch(c) for c in family)) or not 1 <= len(given) <= 3:
        return words
    clues = card_clues(lines)
    read_so = {k for r in clues.given for k in given_by_reading().get(r, ()) if len(k) == len(given)}
    if not read_so or given in read_so:
        return words
    # Names of the printed reading one glyph off what OCR read, all at the same glyph.
    near = [k for k in read_so if sum(a != b for a, b in zip(k, given, strict=True)) == 1]
    at = {next(i for i, (a, b) in enumerate(zip(k, given, strict=True)) if a != b) for k in near}
    if len(at) != 1:
        return words
    i = at.pop()
    candidates = {k[i] for k in near if _KANJI.fullmatch(k[i])}
    box = row[0].box
    for ln in row[1:]:
        box = box.union(ln.box)
    glyphs = _glyphs(gray, box, max(ln.size for ln in row))
    if not candidates or len(glyphs) < len(given):
        return words
    glyph = normalised_glyph(glyphs[len(glyphs) - len(given) + i])
    if glyph is None:
        return words
    scores = sorted(((glyph_match(glyph, ch), ch) for ch in candidates | {given[i]}), reverse=True)
    best, chosen = scores[0]
    second = scores[1][0] if len(scores) > 1 else 0.0
    if chosen == given[i] or best < _MIN_MATCH or best - second < _MIN_MARGIN:
        return words
    # The glyph's character in the words: counted from the end of the row's text.
    back = len(given) - i
    for ln in reversed(row):
        for wd in reversed(ln.words):
            chars = [j for j, c in enumerate(wd.text) if not c.isspace()]
            if back <= len(chars):
                j = chars[len(chars) - back]
                fixed = Word(wd.text[:j] + chosen + wd.text[j + 1 :], wd.box, wd.conf, wd.vertical)
                return [fixed if x is wd else x for x in words]
            back -= len(chars)
    return words
