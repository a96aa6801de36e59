"""Words -> lines in reading order, joined the Japanese way, with character size and confidence."""

from __future__ import annotations

import itertools
import statistics
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field

from handover.reader.types import Box, Line, Word

# Words on one line may differ this much in size (Latin ascenders, digits next to kanji);
# a bigger jump is a different line sitting on the same baseline (課長 next to a large name).
_MAX_SIZE_RATIO = 1.8
# Largest gap inside a line, in characters; a wider gap starts a new line (a second column).
_MAX_GAP = 2.5
# Characters drawn as one stroke along the line (a long dash, 一): their box is a thin sliver.
_FLAT = frozenset("一ー—―‐-–－~〜_")


def is_cjk(ch: str) -> bool:
    """True for kanji, kana, full-width forms and CJK punctuation, which are not space-separated."""
    if not ch:
        return False
    code = ord(ch)
    if code < 0x2E80:
        return ch in "〒々〆"
    return unicodedata.east_asian_width(ch) in ("W", "F") or 0xFF61 <= code <= 0xFF9F


def _thickness(box: Box, vertical: bool) -> int:
    return box.w if vertical else box.h


def _flat(word: Word, vertical: bool) -> bool:
    """A flat glyph (一, ー) drawn as a thin stroke along the line: its box is a sliver."""
    start, end = word.box.along(vertical)
    return word.text.strip() in _FLAT and _thickness(word.box, vertical) <= 0.4 * (end - start)


def _same_size(word: Word, other: Word, vertical: bool) -> bool:
    """True when two words are of one line's character size.

    A flat glyph is as long as the characters beside it are big (第一営業部, 一条): its length
    counts, not its thickness; after a number it is left alone (a postal code's or phone
    number's dash, which the contact parsers read on their own).
    """
    size, other_size = _thickness(word.box, vertical), _thickness(other.box, vertical)
    if max(size, other_size) <= _MAX_SIZE_RATIO * max(1, min(size, other_size)):
        return True
    for flat, beside in ((word, other), (other, word)):
        if _flat(flat, vertical) and not beside.text.strip()[-1:].isdigit():
            start, end = flat.box.along(vertical)
            reference = _thickness(beside.box, vertical)
            if 0.4 * reference <= end - start <= _MAX_SIZE_RATIO * reference:
                return True
    return False


@dataclass
class _Group:
    words: list[Word] = field(default_factory=list)

    def box(self) -> Box:
        box = self.words[0].box
        for w in self.words[1:]:
            box = box.union(w.box)
        return box


def _overlap(a: tuple[int, int], b: tuple[int, int]) -> float:
    """Overlap of two intervals as a fraction of the shorter."""
    inter = min(a[1], b[1]) - max(a[0], b[0])
    return max(0.0, inter / max(1, min(a[1] - a[0], b[1] - b[0])))


def _group(words: Sequence[Word], vertical: bool) -> list[list[Word]]:
    groups: list[_Group] = []
    for word in sorted(words, key=lambda w: w.box.along(vertical)[0]):
        size = _thickness(word.box, vertical)
        best, best_overlap = None, 0.5
        for g in groups:
            # A flat glyph's size is its length: the word before it tells the line's size.
            last = next((w for w in reversed(g.words) if not _flat(w, vertical)), g.words[-1])
            last_size = _thickness(last.box, vertical)
            # Boxes of neighbouring Japanese words overlap freely (jpn, jpn_vert): only a gap counts.
            end = max(w.box.along(vertical)[1] for w in g.words)
            gap = word.box.along(vertical)[0] - end
            ref = max(size, last_size)
            if gap > _MAX_GAP * ref:
                continue
            if not _same_size(word, last, vertical):
                continue
            ov = _overlap(word.box.across(vertical), g.box().across(vertical))
            if ov > best_overlap:
                best, best_overlap = g, ov
        if best is None:
            groups.append(_Group([word]))
        else:
            best.words.append(word)
    return [g.words for g in groups]


def join_words(words: Sequence[Word], *, vertical: bool = False) -> str:
    """Words of one line as text: no space inside Japanese, one space between Latin words.

    Tesseract splits Japanese into short "words" with no real space between them; a gap of more
    than about half a character is a space the designer put there (山田　太郎), so it is kept.
    """
    if not words:
        return ""
    size = statistics.median(_thickness(w.box, vertical) for w in words)
    gaps = [b.box.along(vertical)[0] - a.box.along(vertical)[1] for a, b in itertools.pairwise(words)]
    # Tesseract's boxes around Japanese are loose, so a gap only counts as a space when it is
    # wide for the character size and, on longer lines, clearly wider than the usual gap.
    typical = statistics.median(gaps) if len(gaps) >= 3 else 0.0
    parts = [words[0].text]
    for prev, word, gap in zip(words, words[1:], gaps, strict=False):
        if not is_cjk(prev.text[-1]) and not is_cjk(word.text[0]):
            # The Japanese model also splits "mlit.go.jp" after a dot; that is no space.
            joined = prev.text[-1] in ".@/-_:" and gap < 0.6 * size
            space = gap > 0.3 * size and not joined
        else:
            space = gap > 0.6 * size and gap > 1.5 * typical
        parts.append(" " if space else "")
        parts.append(word.text)
    return "".join(parts)


def make_line(words: Sequence[Word], *, vertical: bool) -> Line:
    """One Line from its words, already in reading order."""
    box = words[0].box
    for w in words[1:]:
        box = box.union(w.box)
    size = float(statistics.median(_thickness(w.box, vertical) for w in words))
    confs = [w.conf for w in words]
    return Line(
        text=join_words(words, vertical=vertical),
        box=box,
        words=tuple(words),
        size=size,
        conf=sum(confs) / len(confs),
        vertical=vertical,
    )


def _rows(lines: list[Line]) -> list[Line]:
    """Horizontal lines top-to-bottom; lines side by side (two columns) left-to-right."""
    rows: list[list[Line]] = []
    for line in sorted(lines, key=lambda ln: ln.box.y + ln.box.h / 2):
        centre = line.box.y + line.box.h / 2
        if rows:
            ref = rows[-1][0].box
            if (
                ref.y <= centre <= ref.bottom
                and _overlap((line.box.y, line.box.bottom), (ref.y, ref.bottom)) > 0.5
            ):
                rows[-1].append(line)
                continue
        rows.append([line])
    return [ln for row in rows for ln in sorted(row, key=lambda ln: ln.box.x)]


def build_lines(words: Sequence[Word]) -> list[Line]:
    """Lines in reading order: 縦書き columns right-to-left, horizontal lines top-to-bottom.

    Horizontal lines above every vertical column (a header) come first, the rest (phone, e-mail
    at the foot of a vertical card) after the columns.
    """
    kept = [w for w in words if w.text.strip()]
    vwords = [w for w in kept if w.vertical]
    hwords = [w for w in kept if not w.vertical]
    columns = [make_line(g, vertical=True) for g in _group(vwords, vertical=True)]
    columns.sort(key=lambda ln: (-ln.box.right, ln.box.y))
    horizontal = _rows([make_line(g, vertical=False) for g in _group(hwords, vertical=False)])
    if not columns:
        return horizontal
    top = min(c.box.y for c in columns)
    head = [ln for ln in horizontal if ln.box.bottom <= top]
    tail = [ln for ln in horizontal if ln.box.bottom > top]
    return head + columns + tail
