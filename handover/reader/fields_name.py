"""The person's name and its reading, as the field parser finds them among a card's lines."""

from __future__ import annotations

import re

from handover.reader.fields_state import CardState
from handover.reader.gazetteer import is_title
from handover.reader.names import (
    is_given_name,
    is_surname_alone,
    kana_reading,
    reading_of,
    reading_with_romaji,
    romaji_name_to_kana,
    split_name,
    split_reading,
    surname_count,
)
from handover.reader.orgs import is_unit, name_and_title, parse_segment, segments
from handover.reader.textnorm import is_cjk, is_kana, squash
from handover.reader.types import Line

_JA_NAME = re.compile(r"[\u3400-\u9fff\uf900-\ufaff々〆ヶ\u3041-\u309f\u30a1-\u30ff]{2,7}")
LATIN_NAME = re.compile(r"[A-Z][A-Za-zĀ-ž'-]+,?\s+[A-Z][A-Za-zĀ-ž'-]+")
# Whether to guess name_kana from the name data when the card prints no reading: no. The truth
# of an unprinted reading is null, and a guess is wrong often enough (measured) to cost more.
_GUESS_READING = False


def _name_candidate(text: str) -> tuple[str, str | None, bool] | None:
    """(name as found, title beside it, is Latin) when the text can be a person's name."""
    core, title = name_and_title(text)
    compact = re.sub(r"^[\W_]+|[\W_]+$", "", squash(core).replace(" ", ""))
    if is_title(compact) or (is_unit(compact) and not is_given_name(compact[2:])):
        return None
    if _JA_NAME.fullmatch(compact) and not is_kana(compact):
        parts = parse_segment(compact)
        if parts.organization or (parts.department and not surname_count(compact[:2])):
            return None
        _, given, known = split_name(compact)
        half = surname_count(compact) or is_given_name(compact)  # the other half may be apart
        if not known and not half and not (len(given) >= 2 and is_given_name(given)):
            return None  # neither half is a name anyone has: OCR debris or a slogan
        return compact, title, False
    latin = core.strip()
    english = parse_segment(latin)
    if LATIN_NAME.fullmatch(latin) and not (english.organization or english.department or english.title):
        return latin, title, True
    return None


def find_name(card: CardState) -> int | None:
    """The person's name (largest name-like line) and its printed reading; returns the line index."""
    best: tuple[float, int, str, str | None, bool] | None = None
    for i, line in enumerate(card.lines):
        if i in card.used:
            continue
        found = _name_candidate(card.texts[i])
        if found is None:
            continue
        value, title, latin = found
        if line.conf < 0.3:
            continue  # marks and logos that OCR turns into a few characters
        known = not latin and any(surname_count(value[:cut]) for cut in (1, 2, 3))
        score = line.size * (1.25 if known else 1.0) * (0.8 if latin else 1.0)
        if not latin and re.search(r"[\u30a1-\u30ff]", value) and not is_kana(value):
            score *= 0.5  # kanji mixed with katakana is rarely a name (a building, a product)
        if best is None or score > best[0]:
            best = (score, i, value, title, latin)
    if best is None:
        _reading(card, None, "", None)  # OCR lost the name; its printed reading may be there
        return None
    _, index, value, title, latin = best
    line = card.lines[index]
    card.used.add(index)
    if title:
        card.put("title", title, line.conf, line.box)
    if latin:
        if sum(map(is_cjk, "".join(card.texts))) >= 8:
            # A Japanese side whose kanji name OCR lost: the romanised line is only its reading.
            kana = romaji_name_to_kana(value)
            card.put("name_kana", kana, line.conf * 0.7, line.box)
            return None
        # An English side prints no reading; a romanised name alone is not one (truth: null).
        card.put("name", value, line.conf * 0.9, line.box)
        return index
    printed = [squash(s) for s in segments(line) if squash(s)]
    other = _other_half(card, index)
    if other is not None:
        # The wide space between family and given name made OCR cut the name in two lines.
        other_index, other_text = other
        card.used.add(other_index)
        first_is_family = _before(line, card.lines[other_index])
        printed = [value, other_text] if first_is_family else [other_text, value]
        value = "".join(printed)
        line = Line(
            value, line.box.union(card.lines[other_index].box), (), line.size, line.conf, line.vertical
        )
    if is_surname_alone(value) or (is_given_name(value) and not split_name(value)[2]):
        card.put("name", None, 0.0, None)  # half a name is no name: leave it to the reviewer
        _reading(card, index, value, "")
        return index
    if len(printed) == 2 and surname_count(printed[0]):
        family, given, known = printed[0], printed[1], True
    else:
        family, given, known = split_name(value)
    card.put("name", f"{family} {given}", line.conf * (1.0 if known else 0.6), line.box)
    _reading(card, index, family, given)
    return index


def _other_half(card: CardState, index: int) -> tuple[int, str] | None:
    """Another line of the same size in the same row (column) as the name, holding its other half."""
    line = card.lines[index]
    for j, other in enumerate(card.lines):
        if j == index or j in card.used or abs(other.size - line.size) > 0.25 * line.size:
            continue
        a, b = line.box, other.box
        across = (
            abs((a.x + a.w / 2) - (b.x + b.w / 2))
            if line.vertical
            else abs((a.y + a.h / 2) - (b.y + b.h / 2))
        )
        if across > 0.5 * line.size:
            continue
        text = squash(card.texts[j]).replace(" ", "")
        if _JA_NAME.fullmatch(text) and len(text) <= 4 and not is_title(text) and not is_unit(text):
            return j, text
    return None


def _before(first: Line, second: Line) -> bool:
    """True when `first` comes before `second` in reading order within a row or column."""
    return first.box.y < second.box.y if first.vertical else first.box.x < second.box.x


def _reading(card: CardState, name_index: int | None, family: str, given: str | None) -> None:
    """name_kana from a printed kana reading (nearest to the name) or a romanised name.

    `name_index` is None when no name was found: then only a kana line is taken.
    """
    kana_lines = [i for i in range(len(card.lines)) if i not in card.used and is_kana(card.texts[i])]
    kana_lines = [
        i
        for i in kana_lines
        if len(card.texts[i].replace(" ", "")) >= 3 and not is_title(squash(card.texts[i]).replace(" ", ""))
    ]
    if kana_lines:
        i = min(kana_lines, key=lambda k: abs(k - name_index) if name_index is not None else k)
        line = card.lines[i]
        printed = [s for s in segments(line) if s.strip()]
        reading = " ".join(kana_reading(s) for s in printed) if len(printed) == 2 else None
        if reading is None:
            reading = split_reading(kana_reading(card.texts[i]).replace(" ", ""), family)
        if " " not in reading:
            return  # no surname reading begins it: a katakana word (サービス), not a reading
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
    if given is not None and _GUESS_READING:
        guess = reading_of(family, given)
        if guess:
            card.put("name_kana", guess, 0.3, None)
