"""Put back the pieces of a printed line that OCR read as lines of their own.

Tesseract's page segmentation sometimes lifts one or two characters out of a line, most often
a unit's last character (総務|局, しごと改革|室) or a legal form printed in a larger type
(公益財団|法人|北辰…), and reports them as a separate line whose box sits inside the row of
the line they were cut from. Left apart, the department loses its 局 and the organisation its
法人; spliced back at their place along the row, the line reads as printed.
"""

from __future__ import annotations

import itertools
from collections.abc import Collection, Sequence

from handover.reader.textnorm import is_cjk
from handover.reader.types import Box, Line, Word

_MAX_FRAGMENT = 8  # characters (本部 シス課, えあ センター): longer pieces are lines of their own
_MIN_CONF = 0.3  # below this a piece is a logo or a stain read as characters
_MARKS = "ー、。「」『』【】〜\u3000"
_LOGO_MARKS = "〇○◯●◎◆◇■□▲△▼▽★☆"  # alone, never a lost character (・ may be: 施策・地域)


def splice_fragments(lines: Sequence[Line], skip: Collection[int]) -> tuple[list[Line], set[int]]:
    """The lines with each short piece spliced into the line whose row it sits in, and the indices
    of the pieces used up that way (lines in `skip` take no part)."""
    out = list(lines)
    spliced: set[int] = set()
    for i, piece in enumerate(lines):
        if i in skip or out[i] is not piece or not _is_fragment(piece):
            continue
        hosts = [
            j
            for j, host in enumerate(out)
            if j != i and j not in skip and j not in spliced and _hosts(host, piece)
        ]
        if not hosts:
            continue
        j = max(hosts, key=lambda k: len(out[k].text.replace(" ", "")))
        merged = _merge(out[j], piece)
        if merged is not None:
            out[j] = merged
            spliced.add(i)
    return out, spliced


def _is_fragment(line: Line) -> bool:
    body = line.text.replace(" ", "").replace("\u3000", "")
    return (
        0 < len(body) <= _MAX_FRAGMENT
        and all(is_cjk(c) for c in body)
        and any(c not in _MARKS for c in body)
        and line.conf >= _MIN_CONF
        and bool(line.words)
    )


def _span(box: Box, vertical: bool) -> tuple[int, int, int, int]:
    """(start, end) along the reading direction, then (start, end) across it."""
    if vertical:
        return box.y, box.bottom, box.x, box.right
    return box.x, box.right, box.y, box.bottom


def _hosts(host: Line, piece: Line) -> bool:
    """True when `piece` sits inside the row (column) of `host`, within its length."""
    if host.vertical != piece.vertical or not host.words:
        return False
    body = host.text.replace(" ", "")
    if sum(is_cjk(c) for c in body) < 2 or len(body) < len(piece.text.replace(" ", "")):
        return False
    start, end, across0, across1 = _span(host.box, host.vertical)
    _, _, p_across0, p_across1 = _span(piece.box, piece.vertical)
    # A logo's circle or square read before the piece (〇|一 法人) is no part of the row.
    letters = [w for w in piece.words if w.text.strip() and w.text.strip(_LOGO_MARKS + " ")]
    p_start = _span(letters[0].box if letters else piece.box, piece.vertical)[0]
    size = max(host.size, 1.0)
    middle = (p_across0 + p_across1) / 2
    inside_row = across0 <= middle <= across1
    reach = 2 * max(size, piece.size)  # a piece in larger type may start well before the row
    return inside_row and start - reach <= p_start <= end + 0.5 * size


def _merge(host: Line, piece: Line) -> Line | None:
    """The host line with the piece's words put in at their place along the row."""
    vertical = host.vertical
    host_words = [w for w in host.words if w.text.strip()]
    if "".join(w.text for w in host_words).replace(" ", "") != host.text.replace(" ", ""):
        return None  # the words do not spell the line: no safe place to put the piece in
    seps = _separators(host.text, [w.text.replace(" ", "") for w in host_words])
    size = max(host.size, 1.0)
    pieces = [
        w for w in (_new_part(w, host_words, size, vertical) for w in piece.words if w.text.strip()) if w
    ]
    if not pieces:
        return host  # the piece is a second reading of characters the line already has
    tagged = [(w, False) for w in host_words] + [(w, True) for w in pieces]
    tagged.sort(key=lambda t: (_span(t[0].box, vertical)[0], t[1]))
    host_index = {id(w): n for n, w in enumerate(host_words)}
    text = tagged[0][0].text.strip()
    for (prev, prev_new), (word, new) in itertools.pairwise(tagged):
        if not prev_new and not new and host_index[id(word)] == host_index[id(prev)] + 1:
            sep = seps[host_index[id(prev)]]
        else:
            gap = _pitched(word, new, size, vertical)[0] - _pitched(prev, prev_new, size, vertical)[1]
            sep = " " if gap > 0.6 * size else ""
        text += sep + word.text.strip()
    words = tuple(w for w, _ in tagged)
    return Line(text, host.box.union(piece.box), words, host.size, host.conf, vertical)


def _pitched(word: Word, new: bool, size: float, vertical: bool) -> tuple[float, float]:
    """Start and end of a word along the row; a lifted piece is given the full pitch of its
    characters, as its box is often narrower (a small ッ), which would leave a false space."""
    start, end, _, _ = _span(word.box, vertical)
    length = len(word.text.strip()) * size
    if not new or end - start >= length:
        return start, end
    middle = (start + end) / 2
    return middle - length / 2, middle + length / 2


def _new_part(piece: Word, words: list[Word], size: float, vertical: bool) -> Word | None:
    """The piece without what the line already has (None when it has all of it): a word whose box
    has no room left for another character and that covers the piece or ends as the piece begins
    (ネ|ネッ) was read already."""
    p_start, p_end, _, _ = _span(piece.box, vertical)
    text = piece.text.strip()
    for word in words:
        start, end, _, _ = _span(word.box, vertical)
        known = word.text.strip()
        if end - start > (len(known) + 0.5) * size:
            continue  # the box spans more than its characters: some were not read
        overlap = min(end, p_end) - max(start, p_start)
        if overlap > 0.5 * (p_end - p_start):
            return None
        if overlap <= -0.3 * size:
            continue
        if start <= p_start:  # the piece begins where the word ends: ネ|ネッ
            shared = next((k for k in range(len(text), 0, -1) if known.endswith(text[:k])), 0)
            text = text[shared:]
        elif p_end <= end:  # the piece ends where the word begins
            shared = next((k for k in range(len(text), 0, -1) if known.startswith(text[-k:])), 0)
            text = text[: len(text) - shared]
        if not text:
            return None
    return Word(text, piece.box, piece.conf, piece.vertical) if text != piece.text.strip() else piece


def _separators(text: str, words: list[str]) -> list[str]:
    """What stands between each word of the line and the next in its text (a space or nothing)."""
    seps: list[str] = []
    want = 0
    seen = 0
    index = 0
    for word in words:
        want += len(word)
        while index < len(text) and seen < want:
            seen += not text[index].isspace()
            index += 1
        seps.append(" " if text[index : index + 1].isspace() else "")
    return seps
