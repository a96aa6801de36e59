"""Drop the second reading Tesseract now and then gives of the same printed characters.

On large or bold type Tesseract's LSTM sometimes emits a word twice: once with a box that runs
over the whole line (株式 over 株|式|会) and again, character by character, in boxes of their own;
or a character alone next to the word that holds it (ラ|ラメ, 研究|研, スモ|モ). Joined, the line
reads 株式株式会, ステララメディカル. A word whose text the words starting inside it spell
again, and which starts where they start, is such a second reading and is dropped; two printed
characters alike (ささえあい) stand a character's pitch apart and are kept; two alike read with
little confidence in a box one character wide (りり) are one. A dot or asterisk read inside the
box of a Japanese word (研究|*|所, サー|・|ビス) is a stroke of its glyphs and is dropped too.
"""

from __future__ import annotations

import re

from handover.reader.layout import make_line
from handover.reader.textnorm import is_cjk
from handover.reader.types import Line, Word

# A second reading starts less than this many character pitches after the first one; a
# character printed twice starts a whole pitch (loosely boxed: ~0.8) further on.
_SAME_START = 0.6
_LETTERS = re.compile(r"[\u3041-\u30fa\u4e00-\u9fff々]")
_UNSURE = 0.5  # word confidence below which Tesseract doubts its reading
# Dots and specks, which no glyph of a Japanese word is read as; dashes and bars are left alone
# (they may be a 一 or a 1 that OCR read so).
_SPECKS = re.compile(r"[.,:;*'\"`\\・、。]{1,2}")


def _start(word: Word, vertical: bool) -> int:
    return word.box.y if vertical else word.box.x


def _end(word: Word, vertical: bool) -> int:
    return word.box.bottom if vertical else word.box.right


def drop_repeated_words(line: Line) -> Line:
    """The line without the words that read again characters its other words hold, and without
    the specks read inside a word's box."""
    words = [w for w in line.words if w.text.strip()]
    if len(words) < 2:
        return line
    vertical = line.vertical
    pitch = max(line.size, 1.0)
    order = sorted(range(len(words)), key=lambda k: _start(words[k], vertical))
    if [words[k] for k in order] != words:
        return line  # words not in reading order: no safe comparison
    kept: list[Word] = []
    for k, word in enumerate(words):
        text = word.text.strip()
        if _inside_glyph(word, words, vertical):
            continue
        if not all(map(is_cjk, text)):
            kept.append(word)
            continue
        start, end = _start(word, vertical), _end(word, vertical)
        inside = [w for w in words[k + 1 :] if _start(w, vertical) < end]
        after = "".join(w.text.strip() for w in inside)
        near = bool(inside) and _start(inside[0], vertical) - start < _SAME_START * pitch * len(text)
        if near and after.startswith(text):
            continue
        if any(_read_within(word, w, vertical, pitch) for w in kept):
            continue
        kept.append(_one_of_doubled(word, vertical, pitch))
    if kept == words:
        return line
    rebuilt = make_line(kept, vertical=vertical)
    return Line(rebuilt.text, line.box, tuple(kept), line.size, line.conf, vertical)


def _inside_glyph(word: Word, words: list[Word], vertical: bool) -> bool:
    """True for a speck whose box lies within a Japanese word's box along the line."""
    if not _SPECKS.fullmatch(word.text.strip()):
        return False
    start, end = _start(word, vertical), _end(word, vertical)
    return any(
        other is not word
        and _LETTERS.search(other.text)
        and _start(other, vertical) <= start
        and end <= _end(other, vertical)
        for other in words
    )


def _one_of_doubled(word: Word, vertical: bool, pitch: float) -> Word:
    """A character read twice, unsure, in a box that holds one character (づくり|りり|協議会).
    Boxes of sure readings are too loose to tell (ささえあい in a box of one)."""
    text = word.text.strip()
    one_wide = _end(word, vertical) - _start(word, vertical) < 1.3 * pitch
    if len(text) == 2 and text[0] == text[1] and one_wide and word.conf < _UNSURE:
        return Word(text[0], word.box, word.conf, word.vertical)
    return word


def _read_within(word: Word, earlier: Word, vertical: bool, pitch: float) -> bool:
    """True when `word` reads again characters of an earlier word, boxed where those characters
    stand in it (研究|研 at its head, スモ|モ at its tail)."""
    text, known = word.text.strip(), earlier.text.strip()
    start, end = _start(earlier, vertical), _end(earlier, vertical)
    # The earlier word's own pitch too: a squeezed photo's characters are narrower than tall.
    own = (end - start) / max(1, len(known))
    slack = _SAME_START * min(pitch, own)
    if _end(word, vertical) > end + slack:
        return False
    at = known.find(text)
    while at >= 0:
        if abs(_start(word, vertical) - (start + at * own)) < slack:
            return True
        at = known.find(text, at + 1)
    return False
