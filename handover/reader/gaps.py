"""Text Tesseract's page layout skipped: lines of ink no word covers, read again one by one.

Tesseract's automatic layout (psm 3) drops short lines standing apart (a two-character title
"課長" under the department, a place name beside a logo) and now and then a whole block. A
clerk reads every line on the card, so every line of ink must be accounted for: ink runs are
found by smearing along the line, those no recognised word covers are read alone as one raw
line (psm 13: page layout is what lost them, so it is not asked again). A line is read with the
faint ends of its glyphs, and a line covered only by a few Latin letters standing alone on its
row counts as lost: that is how a short kanji title read with English loaded comes out.
"""

from __future__ import annotations

from dataclasses import dataclass

import cv2
import numpy as np
import numpy.typing as npt

from handover.reader import components
from handover.reader.column_row import read_column_as_row
from handover.reader.faint_ends import faint_level, with_faint_ends
from handover.reader.ocr import recognize, with_margin
from handover.reader.settings import ReaderSettings
from handover.reader.types import Box, Word, mean_conf

GrayImage = npt.NDArray[np.uint8]

_PAD = 12  # px of white around a crop: Tesseract reads glyphs touching the edge poorly
_MAX_COVERED = 0.3  # share of a line's ink inside recognised words above which it counts as read
_MIN_CONF = 0.6  # mean character confidence for a re-read line to be kept
# Solid bars and filled logos are denser than any text; a short kanji line in a blurred photo,
# its strokes thickened by the threshold, fills up to ~0.7 of its box ("部長", "課長").
_MAX_DENSITY = 0.8
_WEB_PUNCT = frozenset("@./:")
_SURE_CONF = 0.85  # a re-reading this sure needs no second way of reading
_DOUBTFUL_CONF = 0.5  # a word read with less confidence does not count as reading its ink
_SMALL_LINE = 22  # px: a horizontal line this low is enlarged 2x before it is read


@dataclass(frozen=True)
class InkLine:
    """A run of ink that reads as one line of text, with its ink pixels."""

    box: Box
    ink: npt.NDArray[np.bool_]  # the box's ink pixels


def ink_lines(gray: GrayImage, *, char_size: float, vertical: bool = False) -> list[InkLine]:
    """Runs of ink along the reading direction, sized like text (two characters or more)."""
    _, raw = cv2.threshold(gray, 0, 1, cv2.THRESH_BINARY_INV + cv2.THRESH_OTSU)
    ink = np.asarray(raw, np.uint8)
    s = max(char_size, 4.0)
    # Characters of a line sit well under one em apart, lines and columns further: a smear of
    # 0.8 em joins a line, words of a Latin line included, but not its neighbours.
    k = max(2, round(0.8 * s))
    kernel = (k, 1) if not vertical else (1, k)
    smeared = cv2.morphologyEx(ink, cv2.MORPH_CLOSE, cv2.getStructuringElement(cv2.MORPH_RECT, kernel))
    n, _, stats = components.with_stats(smeared)
    lines = []
    for i in range(1, n):
        x, y, w, h = (int(v) for v in stats[i, :4])
        length, thickness = (h, w) if vertical else (w, h)
        if not (0.5 * s <= thickness <= 3.5 * s and length >= 1.5 * s):
            continue
        patch = ink[y : y + h, x : x + w] > 0
        if patch.mean() > _MAX_DENSITY:
            continue
        lines.append(InkLine(Box(x, y, w, h), patch))
    return lines


def doubtful(word: Word) -> bool:
    """A word that is likely noise: read with little confidence, or Latin letters as wide as kanji.

    With English loaded, Tesseract reads a short kanji word now and then as Latin look-alikes
    with high confidence ("技官" -> "RE"); Latin letters are narrower than tall, kanji square.
    """
    if word.conf < _DOUBTFUL_CONF:
        return True
    text = word.text
    latin = text.isascii() and text.isalpha()
    return latin and len(text) <= 4 and word.box.w >= 0.95 * len(text) * word.box.h


def _short_latin(word: Word) -> bool:
    """A word of one to four Latin letters: on a Japanese card often a kanji word misread."""
    return word.text.isascii() and word.text.isalpha() and len(word.text) <= 4


def covered_share(line: InkLine, words: list[Word] | tuple[Word, ...]) -> float:
    """Share of the line's ink that lies inside some recognised word's box."""
    box = line.box
    inside = np.zeros(line.ink.shape, bool)
    for word in words:
        b = word.box
        x0, y0 = max(b.x, box.x), max(b.y, box.y)
        x1, y1 = min(b.right, box.right), min(b.bottom, box.bottom)
        if x1 > x0 and y1 > y0:
            inside[y0 - box.y : y1 - box.y, x0 - box.x : x1 - box.x] = True
    total = int(line.ink.sum())
    return float((line.ink & inside).sum()) / max(1, total)


def _read_line(gray: GrayImage, box: Box, *, settings: ReaderSettings) -> list[Word]:
    """One line read alone: Japanese only and with English too, as a text line and as raw text;
    the surest reading wins.

    With eng loaded, Tesseract now and then reads a short kanji word as Latin look-alikes
    ("技官" -> "RE"), and jpn alone reads Latin and digits less surely; the line finder of psm 7
    drops a line of two glyphs that raw psm 13 reads, while psm 13 splits glyphs psm 7 keeps.
    English is tried only when the Japanese reading holds Latin letters or digits.
    """
    part = gray[box.y : box.bottom, box.x : box.right]
    crop = with_margin(part, _PAD)
    offset = (box.x - _PAD, box.y - _PAD)
    factor = 2 if box.h < min(_SMALL_LINE, box.w) else 1
    if factor > 1:
        crop = _enlarged(crop, factor)
    best: list[Word] = []
    for languages in (settings.name_languages, settings.languages):
        for psm in (7, 13):
            read = recognize(crop, languages=languages, psm=psm, settings=settings)
            words = [_placed(w, factor, offset) for w in read if w.text]
            if mean_conf(words) > mean_conf(best):
                best = words
            if mean_conf(best) >= _SURE_CONF:
                break  # read surely as a line: raw text would not do better
        if best and not any(ch.isascii() and ch.isalnum() for w in best for ch in w.text):
            break  # read as Japanese with no Latin letter or digit: nothing for eng to settle
    return best


def _enlarged(crop: GrayImage, factor: int) -> GrayImage:
    """A crop of small text enlarged (cubic) and lightly sharpened: Tesseract reads ~10 px text poorly."""
    big = cv2.resize(crop, None, fx=factor, fy=factor, interpolation=cv2.INTER_CUBIC)
    soft = cv2.GaussianBlur(big, (0, 0), 1.0)
    return np.asarray(cv2.addWeighted(big, 1.5, soft, -0.5, 0), np.uint8)


def _placed(word: Word, factor: int, offset: tuple[int, int]) -> Word:
    """A word read on an enlarged crop, its box back in the page's pixels."""
    b = word.box
    box = Box(
        offset[0] + b.x // factor,
        offset[1] + b.y // factor,
        max(1, round(b.w / factor)),
        max(1, round(b.h / factor)),
    )
    return Word(word.text, box, word.conf, word.vertical)


def read_skipped_lines(
    gray: GrayImage, words: tuple[Word, ...], *, char_size: float, settings: ReaderSettings
) -> list[Word]:
    """The words with each horizontal line no sure word covers read again alone.

    A line re-read with confidence replaces the words on it when it reads surer than they did.
    Longer lines first: a piece of a line read with its whole is then covered.
    """
    sure = [w for w in words if not doubtful(w)]
    result = list(words)
    lines = sorted(ink_lines(gray, char_size=char_size), key=lambda ln: -ln.box.w * ln.box.h)
    faint = faint_level(gray)
    for line in lines:
        if _read_already(line, sure, lines):
            continue
        box = with_faint_ends(gray, line.box, char_size=char_size, faint=faint)
        read = _read_line(gray, box, settings=settings)
        if not read or mean_conf(read) < _MIN_CONF:
            continue
        on_line = _words_on(line.box, result, char_size=char_size)
        if on_line is None:
            continue  # a word reaching out of the line: the line is not all there is to replace
        if on_line and not _better_reading(read, on_line):
            continue
        result = [w for w in result if w not in on_line] + read
        sure += read
    return reread_doubtful_words(gray, result, char_size=char_size, settings=settings)


def reread_doubtful_words(
    gray: GrayImage, words: list[Word], *, char_size: float, settings: ReaderSettings
) -> list[Word]:
    """Runs of doubtful words inside read lines (a building name turned to Latin noise after a
    Japanese address) read again alone, and replaced when the new reading is surer."""
    s = max(char_size, 4.0)
    spans: list[list[Word]] = []
    # E-mail and web addresses are Latin by nature, and numbers have a pass of their own: only
    # words that may be Japanese read as noise are read again.
    suspects = [
        w
        for w in words
        if (doubtful(w) or _short_latin(w))
        and 0.5 * s <= w.box.h <= 2.5 * s
        and not _WEB_PUNCT.intersection(w.text)
        and 2 * sum(ch.isdigit() for ch in w.text) < len(w.text)
    ]
    for word in sorted(suspects, key=lambda w: w.box.x):
        for span in spans:
            last = span[-1]
            overlap = min(last.box.bottom, word.box.bottom) - max(last.box.y, word.box.y)
            if overlap > 0.5 * min(last.box.h, word.box.h) and word.box.x - last.box.right < 1.5 * s:
                span.append(word)
                break
        else:
            spans.append([word])
    result = list(words)
    h = gray.shape[0]
    for span in spans:
        box = span[0].box
        for word in span[1:]:
            box = box.union(word.box)
        # A margin above and below only: sideways it would take in a neighbour's glyph.
        m = round(0.15 * s)
        y0 = max(0, box.y - m)
        box = Box(box.x, y0, box.w, min(h, box.bottom + m) - y0)
        kept = [wd for wd in result if wd not in span]
        read = [
            wd
            for wd in _read_line(gray, box, settings=settings)
            if not any(wd.centred_in(k.box) for k in kept)
        ]
        text = "".join(wd.text for wd in read)
        if all(doubtful(wd) for wd in span):
            better = any(not ch.isascii() for ch in text) and mean_conf(read) > mean_conf(span)
        else:
            # A short Latin word read surely stays Latin unless Japanese alone reads it as
            # Japanese through and through (主任 read "EfE" with English loaded).
            better = text.isascii() is False and all(not ch.isascii() for ch in text)
            better = better and mean_conf(read) >= mean_conf(span)
        if better and mean_conf(read) >= _MIN_CONF:
            result = kept + read
    return result


def read_skipped_columns(
    gray: GrayImage, words: tuple[Word, ...], *, char_size: float, settings: ReaderSettings
) -> list[Word]:
    """On a 縦書き card, each column no sure word covers read again alone with jpn_vert.

    A short column standing apart (a title "部長" beside the name) is what jpn_vert's block
    layout drops; read alone it comes out whole. Each column is read on its own: two columns
    far apart are no uniform block of text.
    """
    sure = [w for w in words if not doubtful(w)]
    result = list(words)
    columns = sorted(ink_lines(gray, char_size=char_size, vertical=True), key=lambda ln: -ln.box.w * ln.box.h)
    languages, psm = settings.vertical_languages, settings.vertical_psm
    for column in columns:
        if covered_share(column, sure) > _MAX_COVERED:
            continue
        b = column.box
        pad = 2 * _PAD
        crop = with_margin(gray[b.y : b.bottom, b.x : b.right], pad)
        read = recognize(crop, languages=languages, psm=psm, settings=settings, offset=(b.x - pad, b.y - pad))
        read = [Word(w.text, w.box, w.conf, vertical=True) for w in read if w.text]
        if not read or mean_conf(read) < _SURE_CONF:
            # jpn_vert now and then reads nothing of a clean thin column: its glyphs as a row.
            as_row = read_column_as_row(gray, b, settings=settings)
            read = as_row if mean_conf(as_row) > mean_conf(read) else read
        if not read or mean_conf(read) < _MIN_CONF:
            continue
        on_column = [w for w in result if _share_inside(w, b) >= 0.6]
        if any(not doubtful(w) for w in on_column) or mean_conf(on_column) >= mean_conf(read):
            continue
        result = [w for w in result if w not in on_column] + read
        sure += read
    return result


def _words_on(box: Box, words: list[Word], *, char_size: float) -> list[Word] | None:
    """The words that lie on a line's box, or None when a word reaches out of it.

    A doubtful word jutting less than an em out of the line is noise read from its ink (a stray
    "ps" before the "aie! gt" read for "エンジニア"): it goes with the line rather than keeping
    it from being read. One reaching further holds text of other ink, and keeps the line as is.
    """
    on: list[Word] = []
    for word in words:
        share = _share_inside(word, box)
        jut = word.box.w - max(0, min(word.box.right, box.right) - max(word.box.x, box.x))
        if share >= 0.6 or (share > 0.1 and doubtful(word) and jut < max(char_size, 4.0)):
            on.append(word)
        elif share > 0.1:
            return None
    return on


def _better_reading(read: list[Word], before: list[Word]) -> bool:
    """A re-reading that should replace the words first read on its line.

    It must be surer and must not have lost text. Latin letters read surely stay unless the
    line now reads as Japanese through and through: "Eft" is "主査" misread, but "FAX" read
    again alone is "FAL" as surely.
    """
    if mean_conf(before) >= mean_conf(read) or _lost_text(read, before):
        return False
    sure_latin = any(_short_latin(w) and not doubtful(w) for w in before)
    return not sure_latin or all(not ch.isascii() for w in read for ch in w.text)


def _chars(words: list[Word]) -> int:
    return sum(len(w.text) for w in words)


def _lost_text(read: list[Word], before: list[Word]) -> bool:
    """A re-reading much shorter than the words it would replace, noise among them not counted.

    Latin noise ("aie! gt falls" for "エンジニア", "EAT" for "主任") has more letters than the
    kanji or kana it stands for, so only the words that account for their ink are weighed.
    """
    kept = [w for w in before if _reads_its_ink(w)]
    return _chars(read) < 0.7 * _chars(kept)


def _reads_its_ink(word: Word) -> bool:
    """A word that accounts for the ink under it: not doubtful, and not a short Latin word."""
    return not doubtful(word) and not _short_latin(word)


def _read_already(line: InkLine, sure: list[Word], lines: list[InkLine]) -> bool:
    """A line whose ink sure words cover, unless they are only short Latin words on a row alone.

    A short kanji title read with English loaded comes out as a few confident Latin letters
    ("主査" -> "Eft", "主任" -> "EfE"). A title stands alone on its row; a Latin label ("TEL",
    "FAX") is followed by what it labels, and need not be read again.
    """
    if covered_share(line, sure) <= _MAX_COVERED:
        return False
    if covered_share(line, [w for w in sure if not _short_latin(w)]) > _MAX_COVERED:
        return True
    return any(other is not line and _same_row(other.box, line.box) for other in lines)


def _same_row(a: Box, b: Box) -> bool:
    """Two boxes side by side: they share over half of the lower one's height."""
    return min(a.bottom, b.bottom) - max(a.y, b.y) > 0.5 * min(a.h, b.h)


def _share_inside(word: Word, box: Box) -> float:
    """Share of the word's box that lies inside `box`."""
    b = word.box
    ix = min(b.right, box.right) - max(b.x, box.x)
    iy = min(b.bottom, box.bottom) - max(b.y, box.y)
    return max(0, ix) * max(0, iy) / max(1, b.w * b.h)
