"""The reading of the person's name (name_kana): printed kana, a romanised name, or the name data."""

from __future__ import annotations

import math
import re

from handover.reader.fields_state import CardState
from handover.reader.gazetteer import is_title
from handover.reader.name_repair import Clues, edit_distance, repair_reading
from handover.reader.names import (
    given_by_reading,
    given_readings,
    kana_reading,
    reading_with_romaji,
    split_reading,
    surname_reading,
    surnames_by_reading,
)
from handover.reader.orgs import segments
from handover.reader.textnorm import is_kana, squash
from handover.reader.types import Box, Line

LATIN_NAME = re.compile(r"[A-Z][A-Za-zĀ-ž'-]+,?\s+[A-Z][A-Za-zĀ-ž'-]+")
# Whether to guess name_kana from the name data when the card prints no reading: no. The truth
# of an unprinted reading is null, and a guess is wrong often enough (measured) to cost more.
_GUESS_READING = False


def _distance(a: Box, b: Box) -> float:
    """Distance between the centres of two boxes."""
    return math.hypot((a.x + a.w / 2) - (b.x + b.w / 2), (a.y + a.h / 2) - (b.y + b.h / 2))


def _few_digits(text: str) -> bool:
    """True when the text has no digit, or one among four kana or more: OCR reads a kana of a
    small reading as a digit (6 for ん), while a number has digits in a row."""
    digits = len(re.findall(r"\d", text))
    return digits == 0 or (digits == 1 and len(re.findall(r"[\u3041-\u30ff]", text)) >= 4)


def _reading_line(card: CardState, name_index: int) -> int | None:
    """A small line printed right over or under the name (right of a column): its reading."""
    name = card.lines[name_index]
    a, size = name.box, name.size
    for j, line in enumerate(card.lines):
        text = squash(card.texts[j]).replace(" ", "")
        if j in card.used or line.vertical != name.vertical or not 0.1 * size < line.size <= 0.3 * size:
            continue
        kanji = re.findall(r"[\u3400-\u9fff]", text)
        if not 2 <= len(text) <= 14 or len(kanji) > 1 or "@" in text or not _few_digits(text):
            continue  # a title, a department or a number, not a reading
        b = line.box
        if name.vertical:
            beside = a.y < b.bottom and b.y < a.bottom and -0.5 * size <= b.x - a.right <= 0.8 * size
        else:
            over = -0.5 * size <= a.y - b.bottom <= 0.8 * size
            under = -0.5 * size <= b.y - a.bottom <= 0.8 * size
            beside = a.x < b.right and b.x < a.right and (over or under)
        if beside:
            return j
    return None


# No word of Japanese begins with these: kana that do are the tail of another word (ンサルタ of
# コンサルタンツ), never a name's reading.
_NO_WORD_START = "ンッーァィゥェォャュョヮ"


def _could_be_reading(reading: str, family_reading: str | None) -> bool:
    """False when the kana cannot be the reading of the person's name: a part begins as no word
    does, or the family part has nothing in common with the surname's reading in the name data
    and is no surname's reading at all (エア of ささえあい beside 東海林, read ショウジ)."""
    parts = reading.split()
    if any(part[0] in _NO_WORD_START for part in parts):
        return False
    family_kana = parts[0]
    if family_reading is None or family_kana in surnames_by_reading():
        return True
    return edit_distance(family_kana, family_reading) < max(len(family_kana), len(family_reading))


_UNSURE = 0.3  # word confidence under which OCR's kana are as likely noise as text


def _unsure_and_unknown(reading: str, line: Line) -> bool:
    """True when OCR was unsure of some of the line's kana and the reading it made of them is no
    name the data knows (ジイ ショウイ, アベ コウグヴゾ): garbled past repair, no reading to give."""
    if min((w.conf for w in line.words), default=1.0) >= _UNSURE:
        return False
    family_kana, _, given_kana = reading.partition(" ")
    return family_kana not in surnames_by_reading() or given_kana not in given_by_reading()


def _given_alone(flat: str, family_reading: str, given: str) -> bool:
    """True when the printed kana are the given name's reading alone: OCR lost the surname's
    (シュンスケ over 西村 俊介). The card printed both; the surname's comes from the name data."""
    return flat in given_readings(given) and not flat.startswith(family_reading[:2])


def _beside(first: Line, second: Line) -> bool:
    """True when `second` follows `first` on the same printed line (column), a gap apart: the
    given name's reading printed apart from the surname's."""
    a, b, size = first.box, second.box, max(first.size, second.size, 1.0)
    if first.vertical:
        overlap, across, gap = min(a.right, b.right) - max(a.x, b.x), min(a.w, b.w), b.y - a.bottom
    else:
        overlap, across, gap = min(a.bottom, b.bottom) - max(a.y, b.y), min(a.h, b.h), b.x - a.right
    return overlap >= 0.5 * across and -0.5 * size <= gap <= 6 * size


def _with_given_reading(
    card: CardState, index: int, flat: str, family: str, given: str, clues: Clues
) -> str | None:
    """The whole reading when line `index` holds the surname's alone: joined with the given
    name's printed on its own beside it (コンドウ | スヒロ, repaired by the name data), or, when
    OCR lost that, the given name's reading where the name data knows only one."""
    line = card.lines[index]
    for j, other in enumerate(card.lines):
        if j == index or j in card.used or not is_kana(card.texts[j]):
            continue
        if other.vertical != line.vertical or not _beside(line, other):
            continue
        second = kana_reading(card.texts[j]).replace(" ", "")
        joined = f"{flat} {second}"
        whole = repair_reading(joined, family, given, clues)
        if whole or second in given_readings(given):
            card.used.add(j)
            return whole or joined
    readings = given_readings(given)
    if len(readings) != 1:
        return None
    # A slip in the surname's kana (イシ for イシイ) put right too; its voiced reading kept.
    whole = f"{flat} {readings[0]}"
    return repair_reading(whole, family, given, clues) or whole


def _data_reading(family: str, given: str, clues: Clues, garbled: str) -> str | None:
    """The reading of a name from the name data, narrowed by the readings the card prints and
    by what kana OCR made out of the garbled reading line."""
    fam = surname_reading(family)
    if fam is None and len(clues.family) == 1:
        fam = next(iter(clues.family))
    readings = set(given_readings(given))
    agreed = readings & clues.given if clues.given else readings
    kana = kana_reading("".join(re.findall(r"[\u3041-\u30ff]", garbled)))
    if fam and kana:
        # Kana that match no reading of the name belong to another word (マネ of マネージャー).
        near = {g: min(edit_distance(kana, r) / len(r) for r in (fam + g, fam, g)) for g in agreed}
        near = {g: d for g, d in near.items() if d <= 0.5}
        agreed = {g for g, d in near.items() if d == min(near.values())}
    if fam is None or len(agreed) != 1:
        return None
    return f"{fam} {agreed.pop()}"


def find_reading(
    card: CardState, name_index: int | None, family: str, given: str | None, clues: Clues
) -> None:
    """name_kana from a printed kana reading (nearest to the name) or a romanised name.

    `name_index` is None when no name was found: then only a kana line is taken.
    """
    kana_lines = [i for i in range(len(card.lines)) if i not in card.used and is_kana(card.texts[i])]
    kana_lines = [
        i
        for i in kana_lines
        if len(card.texts[i].replace(" ", "")) >= 3 and not is_title(squash(card.texts[i]).replace(" ", ""))
    ]
    if name_index is not None:
        box = card.lines[name_index].box
        kana_lines.sort(key=lambda k: _distance(box, card.lines[k].box))
    for i in kana_lines[:2]:
        line = card.lines[i]
        printed = [s for s in segments(line) if s.strip()]
        reading = " ".join(kana_reading(s) for s in printed) if len(printed) == 2 else None
        if reading is None:
            reading = split_reading(kana_reading(card.texts[i]).replace(" ", ""), family)
        flat = reading.replace(" ", "")
        family_reading = surname_reading(family) if family else None
        if given and family_reading and edit_distance(flat, family_reading) <= 1:
            # The reading of the surname alone: the given name's reading is printed apart, or
            # OCR lost it.
            whole = _with_given_reading(card, i, flat, family, given, clues)
            if whole:
                card.used.add(i)
                card.put("name_kana", whole, line.conf * 0.8, line.box)
                return
            continue
        if given and family_reading and _given_alone(flat, family_reading, given):
            reading = f"{family_reading} {flat}"
        if family and given:
            # OCR slips in the small kana (ヘへヘイ for ヘイ): the name data's reading of the
            # name when it is a kana or two from what OCR read.
            reading = repair_reading(reading, family, given, clues) or reading
        if " " not in reading:
            continue  # no surname reading begins it: a katakana word (サービス), not a reading
        family_kana = reading.partition(" ")[0]
        if not _could_be_reading(reading, family_reading) or _unsure_and_unknown(reading, line):
            continue
        # With no name to go by, kana that begin with no surname's reading are no reading
        # (えあ センタ of ささえあいセンター); a surname read with a final ン or ウ the data lacks
        # (コクブン for コクブ) is one.
        if name_index is None and not {family_kana, family_kana.rstrip("ンウ")} & set(surnames_by_reading()):
            continue
        card.used.add(i)
        card.put("name_kana", reading, line.conf, line.box)
        return
    if name_index is None or given is None:
        return
    for i, text in enumerate(card.texts):
        if (i in card.used and i != name_index) or not LATIN_NAME.fullmatch(text.strip()):
            continue
        kana = reading_with_romaji(family, given, text)
        if kana:
            card.used.add(i)
            card.put("name_kana", kana, card.lines[i].conf * 0.8, card.lines[i].box)
            return
    garbled = _reading_line(card, name_index)
    if given and (garbled is not None or _GUESS_READING):
        # The card prints a reading beside the name that OCR garbled ('UNG Ue'): the name
        # data's reading of the name, when the data (and the romaji or e-mail) make it one.
        guess = _data_reading(family, given, clues, card.texts[garbled] if garbled is not None else "")
        if guess and garbled is not None:
            card.used.add(garbled)
            card.put("name_kana", guess, 0.4, card.lines[garbled].box)
        elif guess:
            card.put("name_kana", guess, 0.3, None)
