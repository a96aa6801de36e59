"""Which of OCR's words and characters were read from a stretch of glyphs on a line.

OCR's boxes of glyphs it could not read are loose: a box may lie a glyph off the glyph its
character was read from. Two ways tell what OCR read from a stretch found in the ink: the
boxes, and counting glyphs along the line (a line of kanji and kana sets every glyph in a
square of the same pitch). Stretches are spans along the line, in pixels of the line's crop.
"""

from __future__ import annotations

import itertools
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from handover.reader.types import Box, Word, mean_conf

DOUBTFUL = 0.7  # OCR confidence below which a word's reading is open to question


@dataclass(frozen=True)
class StretchReading:
    """What OCR read from a stretch: its text, the part of it read surely, and where it is in
    the words (a range of characters of their text when counted, else the words boxed there)."""

    text: str
    sure: str
    chars: tuple[int, int] | None
    boxed: tuple[Word, ...]

    def replaced(self, words: Sequence[Word], text: str, stretch: Box, *, vertical: bool) -> list[Word]:
        """The words with this reading replaced by `text`, in a word spanning the stretch.

        The new word spans the words it replaces too: OCR's boxes of the words around are as
        far off as theirs, and no gap may open between them.
        """
        gone = (
            [words[k] for k in {k for k, _ in words_text(words)[self.chars[0] : self.chars[1]]}]
            if self.chars
            else self.boxed
        )
        box = stretch
        for w in gone:
            box = box.union(w.box)
        new = Word(text, box, 0.8, vertical)
        if self.chars is not None:
            return spliced(words, self.chars, new)
        at = list(words).index(self.boxed[0])
        out = [w for w in words if w not in self.boxed]
        out.insert(at, new)
        return out


def read_in_stretch(
    words: Sequence[Word],
    pieces: Sequence[tuple[int, int]],
    stretch: tuple[int, int],
    n: int,
    *,
    origin: int,
    vertical: bool,
) -> StretchReading:
    """What OCR read from a stretch of n glyphs (pieces and stretch in the line crop's pixels,
    `origin` the crop's offset along the line).

    Counting along the line is trusted unless the boxes point at more doubted words: OCR loses
    or adds a glyph now and then, and then the count is off.
    """
    a, b = stretch
    boxed = read_from(words, a + origin, b + origin, vertical)
    chars = chars_at(words, pieces, stretch, n)
    if chars is not None and boxed and doubt(words, chars) >= mean_conf(boxed):
        chars = None
    if chars is not None:
        counted = words_text(words)[chars[0] : chars[1]]
        text = "".join(c for _, c in counted)
        sure = "".join(c for k, c in counted if words[k].conf >= DOUBTFUL)
    else:
        text = "".join(w.text for w in boxed).replace(" ", "")
        sure = "".join(c for w in boxed if w.conf >= DOUBTFUL for c in w.text)
    return StretchReading(text, sure, chars, tuple(boxed))


def words_text(words: Sequence[Word]) -> list[tuple[int, str]]:
    """The characters of the words (spaces left out), each with the index of its word."""
    return [(k, c) for k, w in enumerate(words) for c in w.text if not c.isspace()]


def doubt(words: Sequence[Word], chars: tuple[int, int]) -> float:
    """Mean OCR confidence of the characters lo..hi of the words' text."""
    confs = [words[k].conf for k, _ in words_text(words)[chars[0] : chars[1]]]
    return sum(confs) / len(confs)


def _full_width(ch: str) -> bool:
    return unicodedata.east_asian_width(ch) in "WF" or ch in "()"


def chars_at(
    words: Sequence[Word], pieces: Sequence[tuple[int, int]], stretch: tuple[int, int], n: int
) -> tuple[int, int] | None:
    """Which of OCR's characters were read from a stretch of n glyphs, counted by position.

    A line of kanji and kana sets every glyph in a square of the same pitch, and a kanji's ink
    fills about nine tenths of it: the glyphs before and after the stretch are counted from its
    length. OCR's boxes of glyphs it could not read are loose, but it rarely loses or adds a
    glyph it reads surely, so the characters are counted off the line's text: from its start,
    from its end, or both. Of these, the most doubted; None when the line holds half-width
    characters where it is counted or the count is not clear.
    """
    a, b = stretch
    pitch = _pitch(pieces, (b - a) / n) or (b - a) / (n - 0.1)
    before, after = (a - pieces[0][0]) / pitch, (pieces[-1][1] - b) / pitch
    chars = words_text(words)
    ranges = []
    if abs(before - round(before)) <= 0.3 and all(_full_width(c) for _, c in chars[: round(before)]):
        ranges.append((round(before), round(before) + n))
    if abs(after - round(after)) <= 0.3 and all(
        _full_width(c) for _, c in chars[len(chars) - round(after) :]
    ):
        ranges.append((len(chars) - round(after) - n, len(chars) - round(after)))
        if len(ranges) == 2:
            ranges.append((ranges[0][0], ranges[1][1]))
    ranges = [(lo, hi) for lo, hi in ranges if 0 <= lo < hi <= len(chars) and hi - lo <= 2 * n]
    if not ranges:
        return None
    best = min(ranges, key=lambda r: (doubt(words, r), r[1] - r[0]))
    return best if doubt(words, best) < DOUBTFUL else None


def _pitch(pieces: Sequence[tuple[int, int]], glyph: float) -> float | None:
    """The line's glyph pitch: the usual step from one whole glyph's ink to the next's."""
    whole = [a for a, b in pieces if b - a >= 0.7 * glyph]
    steps = [q - p for p, q in itertools.pairwise(whole) if 0.9 * glyph <= q - p <= 1.4 * glyph]
    return float(np.median(steps)) if len(steps) >= 3 else None


def spliced(words: Sequence[Word], chars: tuple[int, int], new: Word) -> list[Word]:
    """The words with the characters lo..hi of their text replaced by the new word (a word
    partly in the range keeps the rest of its text, and its box)."""
    lo, hi = chars
    before: list[Word] = []
    after: list[Word] = []
    pos = 0
    for w in words:
        text = [c for c in w.text if not c.isspace()]
        start, end = pos, pos + len(text)
        pos = end
        if end <= lo:
            before.append(w)
        elif start >= hi:
            after.append(w)
        else:
            if start < lo:
                before.append(Word("".join(text[: lo - start]), w.box, w.conf, w.vertical))
            if end > hi:
                after.append(Word("".join(text[hi - start :]), w.box, w.conf, w.vertical))
    return [*before, new, *after]


def read_from(words: Sequence[Word], a: int, b: int, vertical: bool) -> list[Word]:
    """The words OCR read from the stretch a..b; [] when a word lies half in, half out of it.

    A doubted word half in the stretch counts as in it: OCR's boxes of what it could not read
    are loose. A sure word cut by the stretch means the stretch is not a run of whole glyphs.
    """
    inside = []
    for word in words:
        share = _share_inside(word, a, b, vertical)
        if share > 0.5 or (share > 0.1 and word.conf < DOUBTFUL):
            inside.append(word)
        elif share > 0.15:
            return []  # a sure word cut by the stretch
    return inside


def _share_inside(word: Word, a: int, b: int, vertical: bool) -> float:
    """The share of the word's length along the line that lies between a and b."""
    lo, hi = word.box.along(vertical)
    return max(0, min(hi, b) - max(lo, a)) / max(1, hi - lo)
