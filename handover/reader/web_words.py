"""Words a card spells in its web address, found in its kanji by their shape.

An office's or a company's web address and e-mail domain usually spell its name in romaji
(kohaku-sekkei.co.jp for 琥珀設計, shirasagi.or.jp for 白鷺財団). The distinctive part of such a name
is often a rare or literary word (琥珀, 白鷺, 東雲) that Tesseract's Japanese model misreads, and
then with low confidence, while it reads the Latin address well. Each romanised word is looked
up in IPAdic (Debian's mecab-ipadic: Japanese words with their readings); every kanji spelling
of it is drawn in the installed fonts and compared with glyphs OCR doubted. A spelling replaces
OCR's reading only when it matches clearly, and clearly better than OCR's own reading and than
any other spelling of the same sound.
"""

from __future__ import annotations

import re
import statistics
from collections.abc import Iterable, Iterator, Sequence

import cv2
import numpy as np
import numpy.typing as npt

from handover.reader import components
from handover.reader.glyph_variants import glyph_cells, glyph_match, normalised_glyph
from handover.reader.host_spellings import host_words, spellings
from handover.reader.layout import build_lines
from handover.reader.stretch_words import DOUBTFUL, read_in_stretch
from handover.reader.types import Box, Line, Word

GrayImage = npt.NDArray[np.uint8]

_HOST_MARK = re.compile(r"@|www|http", re.IGNORECASE)
# Measured on scanned and photographed cards: the printed spelling matches its drawing at 0.81
# to 0.98 on average over its glyphs (each at 0.66 or more); OCR's misreading and the other
# spellings of the same sound at 0.63 or less.
_MIN_MATCH = 0.78
_MIN_GLYPH = 0.6
_MIN_MARGIN = 0.1
_MAX_PIECES = 8  # runs of ink a stretch of up to four glyphs may be cut into


def _line_ink(gray: GrayImage, box: Box) -> tuple[npt.NDArray[np.uint8], int, int] | None:
    """The line's ink (1 where dark) and the offset of the crop in the image."""
    h, w = gray.shape
    x0, y0 = max(0, box.x), max(0, box.y)
    region = gray[y0 : min(h, box.bottom), x0 : min(w, box.right)]
    if region.size == 0:
        return None
    _, ink = cv2.threshold(region, 0, 1, cv2.THRESH_BINARY_INV + cv2.THRESH_OTSU)
    return np.asarray(ink, np.uint8), x0, y0


def _pieces(ink: npt.NDArray[np.uint8], vertical: bool) -> list[tuple[int, int]]:
    """Runs of ink along the line, split where no ink crosses it (a glyph may be several)."""
    return components.runs(ink.any(axis=1 if vertical else 0))


Glyphs = list[npt.NDArray[np.float32] | None]


def _glyphs(ink: npt.NDArray[np.uint8], n: int, vertical: bool) -> Glyphs:
    """The ink cut into n glyphs, each normalised to compare ([] if they are not n glyphs)."""
    return [normalised_glyph(cell) for cell in glyph_cells(ink, n, vertical)]


def _matches(glyphs: Glyphs, text: str) -> Iterator[float]:
    """How well each glyph matches the character of the text in its place."""
    for glyph, ch in zip(glyphs, text, strict=True):
        yield glyph_match(glyph, ch) if glyph is not None else 0.0


def _score(glyphs: Glyphs, text: str) -> float | None:
    """Mean match of the glyphs with the text; None as soon as one glyph does not match (a
    spelling with a glyph unlike the card's is no candidate, and needs no more drawing)."""
    scores = []
    for match in _matches(glyphs, text):
        if match < _MIN_GLYPH:
            return None
        scores.append(match)
    return sum(scores) / len(scores)


def _best(ink: npt.NDArray[np.uint8], read: str, options: Iterable[str], vertical: bool) -> str | None:
    """The spelling the glyphs clearly show, if any: clearly better than OCR's own reading and
    than any other spelling."""
    cut: dict[int, Glyphs] = {}

    def glyphs(n: int) -> Glyphs:
        if n not in cut:
            cut[n] = _glyphs(ink, n, vertical)
        return cut[n]

    scored = sorted(
        (
            (score, text)
            for text in options
            if glyphs(len(text)) and (score := _score(glyphs(len(text)), text))
        ),
        reverse=True,
    )
    if not scored or scored[0][0] < _MIN_MATCH:
        return None
    rivals = [score for score, _ in scored[1:]]
    if own := glyphs(len(read)):
        rivals.append(statistics.fmean(_matches(own, read)))
    best, chosen = scored[0]
    return chosen if best - max(rivals, default=0.0) >= _MIN_MARGIN else None


def _spelt_in_line(gray: GrayImage, line: Line, spelt: set[str]) -> list[Word]:
    """The line's words, with a doubted stretch that shows a spelling replaced by it."""
    found = _line_ink(gray, line.box)
    doubted = [wd for wd in line.words if wd.conf < DOUBTFUL and not wd.text.isascii()]
    if found is None or not doubted:
        return list(line.words)
    ink, x0, y0 = found
    origin = y0 if line.vertical else x0
    pieces = _pieces(ink, line.vertical)
    # A spelling OCR has read already is no clue to a doubted word beside it.
    spelt = {t for t in spelt if t not in line.text.replace(" ", "")}
    lengths = {len(t) for t in spelt}
    words = list(line.words)
    for wd in doubted:
        if wd not in words:
            continue
        # OCR's box of a glyph it doubts may lie a glyph off the glyph it misread.
        lo, hi = (v - origin for v in wd.box.along(line.vertical))
        lo, hi = lo - round(line.size), hi + round(line.size)
        for i, j in _stretches(pieces, lo, hi):
            a, b = pieces[i][0], pieces[j][1]
            cut = ink[a:b] if line.vertical else ink[:, a:b]
            glyphs = _glyph_count(cut, line.vertical)
            n = round(glyphs)
            if n not in lengths or abs(glyphs - n) > 0.25 * n:
                continue
            read = read_in_stretch(words, pieces, (a, b), n, origin=origin, vertical=line.vertical)
            if not read.text:
                continue
            chosen = _best(cut, read.text, {t for t in spelt if len(t) == n}, line.vertical)
            # What OCR read surely there must be part of the spelling: else the stretch and the
            # words are a glyph apart, and the spelling would take a sure glyph's place.
            if chosen is None or any(c not in chosen for c in read.sure):
                continue
            stretch = (
                Box(line.box.x, a + origin, line.box.w, b - a)
                if line.vertical
                else Box(a + origin, line.box.y, b - a, line.box.h)
            )
            words = read.replaced(words, chosen, stretch, vertical=line.vertical)
            spelt.discard(chosen)  # now read, as if OCR had read it
            break
    return words


def _glyph_count(cut: npt.NDArray[np.uint8], vertical: bool) -> float:
    """How many square glyphs a stretch of ink is long (its length over its thickness)."""
    across = np.flatnonzero(cut.sum(axis=0 if vertical else 1))
    if not len(across):
        return 0.0
    return float((cut.shape[0] if vertical else cut.shape[1]) / int(across.max() - across.min() + 1))


def _stretches(pieces: Sequence[tuple[int, int]], lo: int, hi: int) -> list[tuple[int, int]]:
    """Runs of whole pieces overlapping the span lo..hi, at most four glyphs long, shortest first."""
    touching = [k for k, (a, b) in enumerate(pieces) if a < hi and b > lo]
    if not touching:
        return []
    out = []
    for i in range(max(0, touching[0] - _MAX_PIECES), touching[-1] + 1):
        for j in range(max(i, touching[0]), min(len(pieces), i + _MAX_PIECES)):
            out.append((i, j))
    return sorted(out, key=lambda ij: (pieces[ij[1]][1] - pieces[ij[0]][0], ij[0]))


def spell_web_words(gray: GrayImage, words: list[Word]) -> list[Word]:
    """The words, with a doubted stretch OCR misread replaced by a spelling of a host-name word."""
    if not any(_HOST_MARK.search(w.text) for w in words):
        return words
    lines = build_lines(words)
    spelt: set[str] = set()
    for word in host_words(line.text for line in lines):
        spelt |= spellings(word)
    if not spelt:
        return words
    out = words
    for line in lines:
        spelt_line = _spelt_in_line(gray, line, spelt)
        if spelt_line != list(line.words):
            gone = {id(w) for w in line.words}
            out = [w for w in out if id(w) not in gone] + spelt_line
    return out
