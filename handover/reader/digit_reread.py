"""Numbers Tesseract misread as letters or kana, read again on the image with only digits allowed.

With Japanese and English loaded Tesseract now and then reads a digit of a street number or a
phone number as a look-alike ("キー27" for 1-27, "+9-10" for 4-9-10, "149S5" for 1495, "93-..."
for 03-...). The parser cannot know which digit was printed; the image can. A word that should
be a number (a phone or postal number by its shape or label, the street number of an address
line) but reads with something else in it is read again alone, Tesseract allowed only digits,
dashes and the label the word starts with. A phone or postal number read again is kept when it
is sure and has its kind's shape (a valid Japanese number, a postal code Japan Post knows). A
street number is read again with the character before it and the digit groups after it (the
characters of a number are now and then put in the wrong boxes), and kept when it has a street
number's shape and differs from the first reading only where that had a look-alike.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

import numpy as np
import numpy.typing as npt
import phonenumbers

from handover.reader import engine
from handover.reader.gazetteer import lookup_postal
from handover.reader.ocr import with_margin
from handover.reader.settings import ReaderSettings
from handover.reader.types import Box, Word

GrayImage = npt.NDArray[np.uint8]

_DIGITS = "0123456789"
_DASHES = "-‐‑‒–—―ー一－~〜"
# Dashes a re-read may give: allowed so that a printed long dash is not forced into a digit.
_DASH_READS = "-‐–—―ー一－"
_TO_HYPHEN = str.maketrans(dict.fromkeys(_DASH_READS, "-"))
_SEPARATORS = _DASHES + "().,: "
# What OCR reads for a digit in a number (O for 0, l and | for 1, S for 5, ...).
_LOOKALIKES = "OoDQlIi|!ZSsBbg@+"
_KANJI = re.compile(r"[\u3400-\u9fff々〆]")
_ADDRESS_MARK = re.compile(r"[都道府県市区町村郡]|丁目|番地|〒")
_PHONE_START = "0Oo@(9+"
_FLOOR = re.compile(r"\d\s*[FfＦ階]$")
_STREET = re.compile(r"\d{1,4}(?:-\d{1,4}){0,3}")
_POSTAL = re.compile(r"(\d{3})-?(\d{4})")

_MARGIN = 0.2  # of the word's height, around its box
_PAD = 12  # px of white around the crop
_MIN_CONF = 0.75  # confidence of a re-read to be kept
# A valid phone number read with less confidence is read again too (03-3363-9130 for ...-0130);
# a different valid number then needs a surer reading than the first.
_SURE_PHONE = 0.85
_SURER = 0.05


def number_start(text: str) -> int | None:
    """Where the number in a word begins: its first digit, with a misread first digit before it.

    A dash right before the first digit belongs to the number, and so does one character before
    that when it starts the word or follows a kanji ("キー27", "小屋南+9-10"): a first digit read
    as a kana or a sign. A Latin label's letters do not ("Fax022", "Tel03").
    """
    first = next((i for i, ch in enumerate(text) if ch in _DIGITS), None)
    if first is None:
        return None
    start = first
    while start > 0 and text[start - 1] in _DASHES:
        start -= 1
    if start > 0 and not _KANJI.match(text[start - 1]) and text[start - 1] not in _SEPARATORS:
        before = start - 1
        if before == 0 or _KANJI.match(text[before - 1]) or text[before - 1] in "〒 ":
            start = before
    while start < first and text[start] in _DASHES:
        start += 1  # a dash that does not follow a misread digit is not the number's
    return start


def _bad(body: str) -> int:
    """Characters in a number that are neither digits nor separators."""
    return sum(1 for ch in body if ch not in _DIGITS and ch not in _SEPARATORS)


def _digits(text: str) -> str:
    return "".join(ch for ch in text if ch in _DIGITS)


def valid_phone(body: str) -> bool:
    """A Japanese phone number (10 or 11 digits) that `phonenumbers` knows as valid."""
    digits = _digits(body)
    if not 10 <= len(digits) <= 11 or not digits.startswith("0"):
        return False
    try:
        number = phonenumbers.parse(digits, "JP")
    except phonenumbers.NumberParseException:
        return False
    return bool(phonenumbers.is_valid_number(number))


def valid_postal(body: str) -> bool:
    """Seven digits, as NNN-NNNN or run together, that Japan Post's list holds."""
    m = _POSTAL.fullmatch(body)
    return m is not None and lookup_postal(f"{m.group(1)}-{m.group(2)}") is not None


def valid_street(body: str, written: str) -> bool:
    """Digit groups joined by hyphens, about as long as the number read first."""
    return _STREET.fullmatch(body) is not None and abs(len(body) - len(written)) <= 1


def kind_of(prefix: str, body: str, before: str) -> str | None:
    """What number a word should hold: "phone", "postal" or "street" (None: no number to re-read).

    `prefix` is the word's text before its number, `before` the text left of the word on its row.
    """
    if not body or len(body) > 20 or _FLOOR.search(body) or body.startswith("+81"):
        return None  # a floor ("9F"), or an international number read whole
    digits = sum(ch in _DIGITS for ch in body)
    context = before + prefix
    if "〒" in context[-3:] and 6 <= digits + _bad(body) <= 8:
        return "postal"
    if digits >= 6 and digits + _bad(body) >= 9 and body[0] in _PHONE_START:
        return "phone"
    if _ADDRESS_MARK.search(context) and len(body) <= 12 and _bad(body) <= 2:
        return "street"
    return None


def suspicious(kind: str, body: str, conf: float) -> bool:
    """Whether a number as read needs another look: a character no number has, or little confidence."""
    bad = _bad(body)
    if kind == "phone":
        return 0 < bad <= 3 or not valid_phone(body) or conf < _SURE_PHONE
    if kind == "postal":
        return 0 < bad <= 2 or conf < 0.6
    return 0 < bad <= 2


def accept(kind: str, body: str, written: str) -> bool:
    """Whether a re-read number has the shape its kind must have."""
    if kind == "phone":
        return valid_phone(body)
    if kind == "postal":
        return valid_postal(body)
    return valid_street(body, written)


def _row(word: Word, words: Sequence[Word]) -> tuple[list[Word], list[Word]]:
    """The horizontal words left and right of `word` on its row, each side in reading order."""
    b = word.box
    left, right = [], []
    for other in words:
        o = other.box
        overlap = min(o.bottom, b.bottom) - max(o.y, b.y)
        if other is word or other.vertical or overlap <= 0.5 * min(o.h, b.h):
            continue
        if o.right <= b.x + 2:
            left.append(other)
        elif o.x >= b.right - 2:
            right.append(other)
    return sorted(left, key=lambda w: w.box.x), sorted(right, key=lambda w: w.box.x)


def _row_before(word: Word, words: Sequence[Word]) -> str:
    """The text of the words left of `word` on its row, in order."""
    return "".join(w.text for w in _row(word, words)[0])


def _numeric(text: str) -> bool:
    """A word of digits, dashes and at most one look-alike: a piece of a street number."""
    return bool(text) and _bad(text) <= 1 and all(ch in _DIGITS + _SEPARATORS + _LOOKALIKES for ch in text)


def _street_span(word: Word, words: Sequence[Word]) -> tuple[Word | None, list[Word]]:
    """The word right before a street number, when it touches it, and the number's pieces after it.

    Tesseract now and then puts a street number's characters in the wrong boxes ("前" over the
    "1" of 1-27-1, "キー27" over "-27"): the number is read again with the character before
    it and the digit groups after it, which are then replaced together.
    """
    left, right = _row(word, words)
    h = word.box.h
    anchor = left[-1] if left and word.box.x - left[-1].box.right < 1.0 * h else None
    pieces: list[Word] = []
    end = word.box.right
    for other in right:
        if other.box.x - end >= 1.0 * h or not _numeric(other.text):
            break
        pieces.append(other)
        end = other.box.right
    return anchor, pieces


def _read_crop(gray: GrayImage, box: Box, characters: str, settings: ReaderSettings) -> tuple[str, float]:
    """`box` read as one raw line with only `characters` allowed: the text and its least confidence."""
    m = max(2, round(_MARGIN * box.h))
    height, width = gray.shape[:2]
    x0, y0 = max(0, box.x - m), max(0, box.y - m)
    crop = gray[y0 : min(height, box.bottom + m), x0 : min(width, box.right + m)]
    if crop.size == 0:
        return "", 0.0
    padded = with_margin(crop, _PAD)
    table = engine.words_within(
        padded,
        characters=characters,
        languages=settings.languages,
        psm=13,
        timeout=settings.tesseract_timeout,
    )
    read = [
        (str(text).strip(), float(str(conf)) / 100.0)
        for level, text, conf in zip(table["level"], table["text"], table["conf"], strict=True)
        if level == 5 and str(text).strip()
    ]
    if not read:
        return "", 0.0
    return "".join(t for t, _ in read), min(c for _, c in read)


def trailing_number(text: str, marks: str = "") -> str:
    """The digits and hyphens (and `marks`) a re-read ends with, dashes as one hyphen."""
    start = len(text)
    while start > 0 and text[start - 1] in _DIGITS + _DASH_READS + marks:
        start -= 1
    return re.sub("-+", "-", text[start:].translate(_TO_HYPHEN)).strip("-")


def consistent(written: str, read: str) -> bool:
    """A re-read that keeps the digits read first and changes only the look-alikes among them.

    ("キー27一1" -> "1-27-1", "149S5" -> "1495"): the digits Tesseract did read are not in doubt;
    each other mark stands for one digit or for nothing (a speck).
    """
    pattern = "".join(ch if ch in _DIGITS else "" if ch in _SEPARATORS else r"\d?" for ch in written)
    return re.fullmatch(pattern, _digits(read)) is not None


def reread_numbers(gray: GrayImage, words: Sequence[Word], *, settings: ReaderSettings) -> list[Word]:
    """The words, each number misread in a horizontal line replaced by a surer digits-only reading.

    `gray` is the upright card image the words' boxes refer to.
    """
    result = list(words)
    dropped: set[int] = set()
    for i, word in enumerate(words):
        if word.vertical or i in dropped:
            continue
        start = number_start(word.text)
        if start is None:
            continue
        prefix, body = word.text[:start], word.text[start:]
        kind = kind_of(prefix, body, _row_before(word, words))
        if kind is None or not suspicious(kind, body, word.conf):
            continue
        label = set(prefix)
        box, written = word.box, body
        pieces: list[Word] = []
        if kind == "street":
            anchor, pieces = _street_span(word, words)
            for piece in pieces:
                box = box.union(piece.box)
                written += piece.text
            if anchor is not None:
                # The anchor whole (a glyph cut in two reads as a digit), up to four characters.
                label |= set(anchor.text)
                x = max(anchor.box.x, anchor.box.right - 4 * anchor.box.w // max(1, len(anchor.text)))
                box = Box(x, box.y, box.right - x, box.h).union(Box(x, anchor.box.y, 1, anchor.box.h))
        marks = "()." if kind == "phone" else ""  # 03(3581)4111, 092.348.7471
        characters = _DIGITS + _DASH_READS + marks
        characters += "".join(sorted(label - set(characters + " ")))
        text, conf = _read_crop(gray, box, characters, settings)
        new_body = trailing_number(text, marks)
        if new_body == written or not accept(kind, new_body, written):
            continue
        if kind == "street":
            # Tesseract is unsure of a long dash it is made to read as a hyphen ("－" in 1－4－1):
            # a street number is taken on its agreement with the digits read the first time.
            if not consistent(written, new_body):
                continue
        elif conf < _MIN_CONF:
            continue
        elif accept(kind, body, body) and conf < word.conf + _SURER:
            continue  # two readings of the right shape: the first stands unless clearly less sure
        number_box = word.box
        for piece in pieces:
            number_box = number_box.union(piece.box)
        result[i] = Word(prefix + new_body, number_box, max(conf, word.conf), word.vertical)
        dropped |= {j for j, w in enumerate(words) if any(w is p for p in pieces)}
    return [w for j, w in enumerate(result) if j not in dropped]
