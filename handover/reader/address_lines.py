"""Put back the pieces of an address line that layout cut off.

Cards print the street number or a counter (町, 番) in another size or on a slightly different
baseline; layout then makes each such run a line of its own (a lone 町 inside a 縦書き column,
"4-29-15" beside the town). A piece that lies within the band of the address line and within
its length belongs to it, at the place its position says.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence

from handover.reader.layout import join_words
from handover.reader.textnorm import fold, kanji_digits
from handover.reader.types import Line

# How far before and after the line (in characters) a piece may stand, and how much bigger.
_BEFORE, _AFTER, _MAX_SIZE = 1.5, 3.0, 2.5
_MAX_PIECE = 12  # characters: a longer line is a line in its own right


def _band(line: Line) -> tuple[float, float]:
    """Where the line's glyphs lie across it: the middle of its words' bands.

    OCR sometimes makes one word of a stain as long as the column ('aaa' over a whole 縦書き
    line); the line's box then takes in the next column too, whose words are no piece of it.
    """
    if not line.words:
        return line.box.across(line.vertical)
    bands = sorted(w.box.across(line.vertical) for w in line.words)
    middle = sorted((a + b) / 2 for a, b in bands)[len(bands) // 2]
    half = sorted(b - a for a, b in bands)[len(bands) // 2] / 2
    return middle - half, middle + half


def pieces_of(
    lines: Sequence[Line], host: int, taken: Collection[int], *, both_ways: bool = False
) -> list[int]:
    """Indices of the short lines that layout cut out of line `host` (a piece may follow a piece;
    with `both_ways` also precede one, as the groups of a number in a 縦書き column do)."""
    line = lines[host]
    vertical, size = line.vertical, max(line.size, 1.0)
    start, end = line.box.along(vertical)
    low, high = _band(line)
    out: list[int] = []
    grew = True
    while grew:
        grew = False
        for j, other in enumerate(lines):
            if j == host or j in taken or j in out or other.vertical != vertical:
                continue
            chars = len(other.text.replace(" ", ""))
            s, e = other.box.along(vertical)
            # A lone character's box may take in a stain beside it: its length along the line is its size.
            piece_size = min(other.size, e - s) if chars == 1 else other.size
            if chars > _MAX_PIECE or piece_size > _MAX_SIZE * size:
                continue
            a, b = other.box.across(vertical)
            if low - 0.25 * size <= (a + b) / 2 <= high + 0.25 * size and (
                start - _BEFORE * size <= s <= end + _AFTER * size
            ):
                out.append(j)
                end, grew = max(end, e), True
                start = min(start, s) if both_ways else start
    return out


def spliced_text(lines: Sequence[Line], host: int, pieces: Sequence[int]) -> str:
    """The host line's text with the pieces' words put in at their positions (folded like
    the parser's other texts)."""
    line = lines[host]
    parts = [lines[i] for i in (host, *pieces)]
    if not all(part.words for part in parts):  # recorded lines without their words: whole lines
        parts.sort(key=lambda part: part.box.along(line.vertical)[0])
        return kanji_digits(fold(" ".join(part.text for part in parts)))
    words = [w for part in parts for w in part.words]
    words.sort(key=lambda w: w.box.along(line.vertical)[0])
    return kanji_digits(fold(join_words(words, vertical=line.vertical)))
